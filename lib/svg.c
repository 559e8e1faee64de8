#include <math.h>

#include "html.h"
#include "svg.h"

/* The k-th (0-based) number of the form {1, 2, 5} x 10^e that is >= raw (> 0), with the
 * decimals it needs. The tolerance keeps an exact raw such as 0.3 from skipping 0.3's own
 * step because 0.3 / 0.1 is not exactly 3 in binary. */
static double nice_candidate(double raw, int k, int *decimals)
{
    static const double M[3] = {1, 2, 5};
    int e = (int)floor(log10(raw));
    int found = -1;
    for (int i = 0;; i++) {
        int exp = e + i / 3;
        double step = exp >= 0 ? M[i % 3] * pow(10.0, exp) : M[i % 3] / pow(10.0, -exp);
        if (step < raw * (1 - 1e-12)) continue;
        if (++found == k) {
            *decimals = exp < 0 ? -exp : 0;
            return step;
        }
    }
}

/* step * k computed so that a decimal step such as 0.1 gives 0.3, not 0.30000000000000004. */
static double times(double k, double step, int decimals)
{
    if (decimals > 15) return k * step;
    double scale = pow(10.0, decimals);
    return k * round(step * scale) / scale;
}

int svg_axis_nice(double min, double max, int max_intervals, double min_step, svg_axis *out)
{
    if (!isfinite(min) || !isfinite(max) || min > max || max_intervals < 1 ||
        !(min_step >= 0) || !isfinite(min_step))
        return -1;
    if (min == max) max = min == 0 ? 1 : min + fabs(min) / 10;
    /* Straddling zero needs a tick below and above it. */
    if (min < 0 && max > 0 && max_intervals < 2) max_intervals = 2;
    double raw = (max - min) / max_intervals;
    if (raw < min_step) raw = min_step;
    if (!isfinite(raw) || raw <= 0) return -1;
    /* Aligning lo and hi to the step adds less than two steps, so a step a few candidates
     * above raw fits; 64 candidates (21 decades) cover any rounding trouble. */
    for (int k = 0; k < 64; k++) {
        int decimals;
        double step = nice_candidate(raw, k, &decimals);
        double klo = floor(min / step + 1e-9), khi = ceil(max / step - 1e-9);
        if (khi - klo <= max_intervals) {
            out->lo = times(klo, step, decimals);
            out->hi = times(khi, step, decimals);
            out->step = step;
            out->ticks = (int)(khi - klo) + 1;
            out->decimals = decimals;
            return 0;
        }
    }
    return -1;
}

static void put_coord(strbuf *sb, double v)
{
    char buf[HTML_NUM_MAX];
    sb_puts(sb, html_num(buf, v, 1, NULL));
}

static void put_line(strbuf *sb, double x1, double y1, double x2, double y2)
{
    sb_puts(sb, "<line x1=\"");
    put_coord(sb, x1);
    sb_puts(sb, "\" y1=\"");
    put_coord(sb, y1);
    sb_puts(sb, "\" x2=\"");
    put_coord(sb, x2);
    sb_puts(sb, "\" y2=\"");
    put_coord(sb, y2);
    sb_puts(sb, "\"/>");
}

static void put_text_open(strbuf *sb, double x, double y, const char *anchor)
{
    sb_puts(sb, "<text x=\"");
    put_coord(sb, x);
    sb_puts(sb, "\" y=\"");
    put_coord(sb, y);
    sb_printf(sb, "\" text-anchor=\"%s\">", anchor);
}

typedef struct {
    double x0, x1, y0, y1; /* the plot area */
    double xa, xb;         /* where the first and last x go */
    double xmin, xmax;
    svg_axis y;
} frame;

static double px(const frame *f, double x)
{
    if (f->xmax == f->xmin) return (f->xa + f->xb) / 2;
    return f->xa + (x - f->xmin) / (f->xmax - f->xmin) * (f->xb - f->xa);
}

static double py(const frame *f, double v)
{
    return f->y1 - (v - f->y.lo) / (f->y.hi - f->y.lo) * (f->y1 - f->y0);
}

static double tick(const svg_axis *a, int i) { return a->lo + times(i, a->step, a->decimals); }

static void put_y_axis(strbuf *sb, const frame *f)
{
    sb_puts(sb, "<g class=\"grid\">");
    for (int i = 0; i < f->y.ticks; i++) put_line(sb, f->x0, py(f, tick(&f->y, i)), f->x1, py(f, tick(&f->y, i)));
    sb_puts(sb, "</g><g class=\"axis y-axis\">");
    char buf[HTML_NUM_MAX];
    for (int i = 0; i < f->y.ticks; i++) {
        double v = tick(&f->y, i);
        put_text_open(sb, f->x0 - 5, py(f, v) + 3.5, "end");
        sb_puts(sb, html_num(buf, v, f->y.decimals, HTML_THOUSANDS));
        sb_puts(sb, "</text>");
    }
    sb_puts(sb, "</g>");
}

static void put_x_axis(strbuf *sb, const frame *f, double min_step)
{
    sb_puts(sb, "<g class=\"axis x-axis\">");
    put_line(sb, f->x0, f->y1, f->x1, f->y1);
    double step = 1;
    int decimals = 0;
    if (f->xmax > f->xmin) {
        int max_intervals = (int)((f->xb - f->xa) / SVG_XTICK_SPACING);
        double raw = (f->xmax - f->xmin) / (max_intervals < 1 ? 1 : max_intervals);
        step = nice_candidate(raw > min_step ? raw : min_step, 0, &decimals);
    }
    /* Ticks at the multiples of step within the data's x range. */
    char buf[HTML_NUM_MAX];
    double k0 = ceil(f->xmin / step - 1e-9), k1 = floor(f->xmax / step + 1e-9);
    if (f->xmax == f->xmin) k0 = k1 = f->xmin / step;
    for (double k = k0; k <= k1; k++) {
        double x = times(k, step, decimals);
        put_line(sb, px(f, x), f->y1, px(f, x), f->y1 + 3);
        put_text_open(sb, px(f, x), f->y1 + 14, "middle");
        sb_puts(sb, html_num(buf, x, decimals, NULL));
        sb_puts(sb, "</text>");
    }
    sb_puts(sb, "</g>");
}

static void put_threshold(strbuf *sb, const frame *f, const svg_threshold *t)
{
    sb_puts(sb, "<g class=\"threshold t-");
    html_text(sb, t->key);
    sb_puts(sb, "\" data-value=\"");
    sb_number(sb, t->value);
    sb_puts(sb, "\">");
    put_line(sb, f->x0, py(f, t->value), f->x1, py(f, t->value));
    put_text_open(sb, f->x1 - 2, py(f, t->value) - 3, "end");
    html_text(sb, t->label);
    sb_puts(sb, "</text></g>");
}

static int band_at(const svg_series *s, size_t i) { return isfinite(s->lower[i]) && isfinite(s->upper[i]); }

/* The band: per run of years with both bounds, forward along upper and back along lower. */
static void put_band(strbuf *sb, const frame *f, const svg_chart *c, const svg_series *s)
{
    for (size_t i = 0; i < c->n;) {
        if (!band_at(s, i)) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < c->n && band_at(s, j)) j++;
        sb_puts(sb, "<path class=\"band\" d=\"");
        for (size_t k = i; k < j; k++) {
            sb_puts(sb, k == i ? "M" : " L");
            put_coord(sb, px(f, c->x[k]));
            sb_putc(sb, ' ');
            put_coord(sb, py(f, s->upper[k]));
        }
        for (size_t k = j; k-- > i;) {
            sb_puts(sb, " L");
            put_coord(sb, px(f, c->x[k]));
            sb_putc(sb, ' ');
            put_coord(sb, py(f, s->lower[k]));
        }
        sb_puts(sb, " Z\"/>");
        i = j;
    }
}

static void put_series(strbuf *sb, const frame *f, const svg_chart *c, const svg_series *s)
{
    sb_puts(sb, "<g class=\"series s-");
    html_text(sb, s->key);
    if (s->reference) sb_puts(sb, " reference");
    sb_puts(sb, "\" data-series=\"");
    html_text(sb, s->key);
    sb_puts(sb, "\">");
    if (s->lower && s->upper) put_band(sb, f, c, s);
    int started = 0, prev = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (!isfinite(s->y[i])) {
            prev = 0;
            continue;
        }
        sb_puts(sb, !started ? "<path fill=\"none\" d=\"M" : prev ? " L" : " M");
        started = prev = 1;
        put_coord(sb, px(f, c->x[i]));
        sb_putc(sb, ' ');
        put_coord(sb, py(f, s->y[i]));
    }
    if (started) sb_puts(sb, "\"/>");
    for (size_t i = 0; i < c->n && !s->reference; i++) {
        if (!isfinite(s->y[i])) continue;
        char buf[HTML_NUM_MAX];
        sb_puts(sb, "<circle cx=\"");
        put_coord(sb, px(f, c->x[i]));
        sb_puts(sb, "\" cy=\"");
        put_coord(sb, py(f, s->y[i]));
        sb_puts(sb, "\" r=\"2.5\"><title>");
        html_text(sb, s->name);
        sb_printf(sb, " %s: ", html_num(buf, c->x[i], 0, NULL));
        sb_puts(sb, html_num(buf, s->y[i], c->value_decimals, HTML_THOUSANDS));
        html_text(sb, c->unit);
        sb_puts(sb, "</title></circle>");
    }
    sb_puts(sb, "</g>");
}

int svg_line_chart(strbuf *sb, const svg_chart *c)
{
    if (c->width < 120 || c->height < 80 || c->n == 0 || !c->x) return -1;
    for (size_t i = 0; i < c->n; i++)
        if (!isfinite(c->x[i]) || (i > 0 && !(c->x[i] > c->x[i - 1]))) return -1;
    frame f;
    f.x0 = SVG_MARGIN_LEFT;
    f.x1 = c->width - SVG_MARGIN_RIGHT;
    f.y0 = SVG_MARGIN_TOP;
    f.y1 = c->height - SVG_MARGIN_BOTTOM;
    f.xa = f.x0 + SVG_INSET;
    f.xb = f.x1 - SVG_INSET;
    f.xmin = c->x[0];
    f.xmax = c->x[c->n - 1];

    double lo = INFINITY, hi = -INFINITY;
    for (size_t s = 0; s < c->n_series; s++) {
        const svg_series *se = &c->series[s];
        for (size_t i = 0; i < c->n; i++) {
            double v[3] = {se->y[i], se->lower ? se->lower[i] : NAN, se->upper ? se->upper[i] : NAN};
            for (int k = 0; k < 3; k++)
                if (isfinite(v[k])) {
                    lo = fmin(lo, v[k]);
                    hi = fmax(hi, v[k]);
                }
        }
    }
    int have_data = lo <= hi;
    for (size_t t = 0; t < c->n_thresholds; t++) {
        if (!isfinite(c->thresholds[t].value)) return -1;
        lo = fmin(lo, c->thresholds[t].value);
        hi = fmax(hi, c->thresholds[t].value);
    }
    if (lo > hi) lo = hi = 0;
    if (c->y_from_zero) {
        lo = fmin(lo, 0);
        hi = fmax(hi, 0);
    }
    if (c->y_top != 0 && isfinite(c->y_top)) {
        lo = fmin(lo, c->y_top);
        hi = fmax(hi, c->y_top);
    }
    int max_intervals = (int)((f.y1 - f.y0) / SVG_TICK_SPACING);
    if (svg_axis_nice(lo, hi, max_intervals < 1 ? 1 : max_intervals, 0, &f.y)) return -1;

    sb_printf(sb, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                  "width=\"%d\" height=\"%d\" role=\"img\"><title>",
              c->width, c->height, c->width, c->height);
    html_text(sb, c->title);
    sb_puts(sb, "</title>");
    put_y_axis(sb, &f);
    put_x_axis(sb, &f, c->x_min_step);
    for (size_t t = 0; t < c->n_thresholds; t++) put_threshold(sb, &f, &c->thresholds[t]);
    for (size_t s = 0; s < c->n_series; s++) put_series(sb, &f, c, &c->series[s]);
    if (!have_data) {
        put_text_open(sb, (f.x0 + f.x1) / 2, (f.y0 + f.y1) / 2, "middle");
        sb_puts(sb, "no data</text>");
    }
    sb_puts(sb, "</svg>");
    return 0;
}
