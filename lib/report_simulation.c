/* Section "simulation": a letting simulation the caller has run (almen_report_options_
 * set_simulation) — per housing area a fan chart of every indicator (the observed years,
 * then the median and the 5-95 % band of the simulated ones, against the statutory
 * thresholds) and the probability of being on a list under each variant; a chapter with
 * the variants side by side. Without a simulation the section writes nothing. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "almen/simulate.h"
#include "error_internal.h"
#include "html.h"
#include "report_internal.h"

#define MAX_VARIANTS 6

typedef struct {
    almen_table *indicators, *status, *leaving;
    const char *variants[MAX_VARIANTS]; /* owned by the status table */
    size_t n_variants;
    int first, last; /* simulated years (stocks on 1 January) */
    size_t q_lo, q_mid, q_hi; /* quantile columns of indicators (q_mid may be "mean") */
    char *error;
} state;

static void release(void *p)
{
    state *s = p;
    if (!s) return;
    almen_table_free(s->indicators);
    almen_table_free(s->status);
    almen_table_free(s->leaving);
    free(s->error);
    free(s);
}

static size_t col(const almen_table *t, const char *name)
{
    size_t j;
    return almen_table_column_index(t, name, &j) ? NO_ROW : j;
}

static const char *cell(const almen_table *t, const char *name, size_t row)
{
    size_t j = col(t, name);
    return j == NO_ROW ? NULL : almen_table_get_string(t, j, row);
}

static int same(const char *a, const char *b) { return a && b && !strcmp(a, b); }

/* The quantile columns: the lowest, "q50" (else the mean) and the highest. */
static void find_quantiles(state *s)
{
    const almen_table *t = s->indicators;
    double lo = 101, hi = -1;
    s->q_lo = s->q_hi = NO_ROW;
    s->q_mid = col(t, "q50") != NO_ROW ? col(t, "q50") : col(t, "mean");
    for (size_t j = 0; j < almen_table_ncols(t); j++) {
        const char *name = almen_table_column_name(t, j);
        char *end;
        if (name[0] != 'q') continue;
        double q = strtod(name + 1, &end);
        if (*end || end == name + 1) continue;
        if (q < lo) lo = q, s->q_lo = j;
        if (q > hi) hi = q, s->q_hi = j;
    }
}

static int prepare(report *r, void **out)
{
    state *s = calloc(1, sizeof *s);
    if (!s) return almen_fail_nomem();
    *out = s;
    const almen_simulation *sim = r->opt->simulation;
    if (!sim) return ALMEN_OK;
    int rc = almen_simulation_runs_done(sim) ? ALMEN_OK : almen_fail(ALMEN_EINVAL, "the simulation has no runs done");
    if (!rc) rc = almen_simulation_indicators(sim, &s->indicators);
    if (!rc) rc = almen_simulation_status(sim, &s->status);
    if (!rc) rc = almen_simulation_leaving(sim, &s->leaving);
    if (rc == ALMEN_ENOMEM) return rc;
    if (rc) return (s->error = strdup(almen_error_last_message())) ? ALMEN_OK : almen_fail_nomem();
    find_quantiles(s);
    size_t cy = col(s->indicators, "year");
    for (size_t i = 0; i < almen_table_nrows(s->indicators); i++) {
        int y = almen_table_get_int(s->indicators, cy, i);
        if (!s->first || y < s->first) s->first = y;
        if (y > s->last) s->last = y;
        const char *v = cell(s->indicators, "variant", i);
        size_t k = 0;
        while (k < s->n_variants && !same(s->variants[k], v)) k++;
        if (k == s->n_variants && k < MAX_VARIANTS && v) s->variants[s->n_variants++] = v;
    }
    return ALMEN_OK;
}

/* A probability as a whole per cent. */
static void put_pct(strbuf *sb, double p)
{
    html_put_num(sb, 100 * p, 0, "\xe2\x80\x93");
    if (isfinite(p)) sb_puts(sb, " %");
}

/* The row of (variant, area, year, indicator) in indicators, or NO_ROW. */
static size_t indicator_row(const state *s, const char *variant, const char *area, int year, const char *indicator)
{
    const almen_table *t = s->indicators;
    size_t cv = col(t, "variant"), cl = col(t, "level"), cu = col(t, "unit"), cy = col(t, "year"),
           ci = col(t, "indicator");
    for (size_t i = 0; i < almen_table_nrows(t); i++)
        if (almen_table_get_int(t, cy, i) == year && same(almen_table_get_string(t, ci, i), indicator) &&
            same(almen_table_get_string(t, cu, i), area) && same(almen_table_get_string(t, cv, i), variant) &&
            same(almen_table_get_string(t, cl, i), "area"))
            return i;
    return NO_ROW;
}

/* p_list of (variant, area, year), NaN when absent. */
static double p_list(const state *s, const char *variant, const char *area, int year)
{
    const almen_table *t = s->status;
    size_t cy = col(t, "year"), cp = col(t, "p_list");
    for (size_t i = 0; i < almen_table_nrows(t); i++)
        if (almen_table_get_int(t, cy, i) == year && same(cell(t, "area", i), area) && same(cell(t, "variant", i), variant))
            return almen_table_get_double(t, cp, i);
    return NAN;
}

/* Observed years, then the simulated ones (the base year is in both: observed wins). */
typedef struct {
    double *x;
    size_t n, observed; /* x[0..observed-1] are report years */
} axis;

static int make_axis(const report *r, const state *s, axis *a)
{
    size_t extra = s->last >= s->first ? (size_t)(s->last - s->first + 1) : 0;
    a->x = malloc((r->n_years + extra + 1) * sizeof *a->x);
    if (!a->x) return almen_fail_nomem();
    a->n = 0;
    for (size_t yi = 0; yi < r->n_years; yi++) a->x[a->n++] = r->years[yi];
    a->observed = a->n;
    for (int y = s->first; y <= s->last && extra; y++)
        if (!a->n || y > a->x[a->n - 1]) a->x[a->n++] = y;
    return ALMEN_OK;
}

static int put_fan(report *r, const state *s, const report_unit *u, const report_indicator *ind, const axis *a,
                   double *buf, strbuf *sb)
{
    double *obs = buf, *mid = buf + a->n, *lo = buf + 2 * a->n, *hi = buf + 3 * a->n;
    for (size_t i = 0; i < a->n; i++) {
        obs[i] = mid[i] = lo[i] = hi[i] = NAN;
        if (i < a->observed && !u->suppressed[i]) obs[i] = report_value(r, u, i, ind->column);
    }
    /* One pass over the indicators for this area and indicator. */
    const almen_table *t = s->indicators;
    size_t cv = col(t, "variant"), cl = col(t, "level"), cu = col(t, "unit"), cy = col(t, "year"),
           ci = col(t, "indicator");
    for (size_t row = 0; row < almen_table_nrows(t); row++) {
        if (!same(almen_table_get_string(t, ci, row), ind->column) || !same(almen_table_get_string(t, cu, row), u->id) ||
            !same(almen_table_get_string(t, cv, row), s->variants[0]) || !same(almen_table_get_string(t, cl, row), "area"))
            continue;
        int y = almen_table_get_int(t, cy, row);
        size_t i = 0;
        while (i < a->n && a->x[i] != y) i++;
        if (i == a->n) continue;
        mid[i] = almen_table_get_double(t, s->q_mid, row);
        if (s->q_lo != NO_ROW && s->q_hi != NO_ROW) {
            lo[i] = almen_table_get_double(t, s->q_lo, row);
            hi[i] = almen_table_get_double(t, s->q_hi, row);
        }
    }
    svg_series series[2] = {{.key = "v0", .name = s->variants[0], .y = mid, .lower = lo, .upper = hi},
                            {.key = "unit", .name = u->name, .y = obs}};
    svg_threshold thresholds[4];
    char labels[4][REPORT_LABEL_MAX];
    size_t nt = report_thresholds(r, ind->column, thresholds, 4, labels);
    strbuf title;
    sb_init(&title);
    sb_printf(&title, "%s: %s, observed and simulated (%s)", u->name, ind->label, s->variants[0]);
    svg_chart chart = {.width = 240, .height = 150, .title = title.data ? title.data : "", .x = a->x, .n = a->n,
                       .x_min_step = 1, .series = series, .n_series = 2, .thresholds = thresholds,
                       .n_thresholds = nt, .y_from_zero = 1, .value_decimals = ind->decimals, .unit = ind->unit};
    sb_printf(sb, "<figure class=\"trend fan\" data-indicator=\"%s\"><figcaption><strong>%s</strong> "
                  "<span class=\"pop\">%s</span></figcaption>\n",
              ind->column, ind->label, ind->population);
    int failed = title.failed || svg_line_chart(sb, &chart);
    int nomem = title.failed;
    sb_free(&title);
    sb_puts(sb, "\n</figure>\n");
    if (nomem) return almen_fail_nomem();
    return failed ? almen_fail(ALMEN_EINVAL, "a fan chart could not be drawn") : ALMEN_OK;
}

/* The probability of being on a list by list year, one line per variant. */
static int put_probability(const state *s, const report_unit *u, const axis *a, double *buf, strbuf *sb)
{
    static const char *const KEYS[MAX_VARIANTS] = {"v0", "v1", "v2", "v3", "v4", "v5"};
    svg_series series[MAX_VARIANTS];
    size_t first = a->observed ? a->observed - 1 : 0, n = a->n - first;
    for (size_t k = 0; k < s->n_variants; k++) {
        double *y = buf + k * n;
        for (size_t i = 0; i < n; i++) y[i] = 100 * p_list(s, s->variants[k], u->id, (int)a->x[first + i]);
        series[k] = (svg_series){.key = KEYS[k], .name = s->variants[k], .y = y};
    }
    svg_chart chart = {.width = 240, .height = 150, .title = "Probability of being on a statutory list",
                       .x = a->x + first, .n = n, .x_min_step = 1, .series = series, .n_series = s->n_variants,
                       .y_from_zero = 1, .value_decimals = 0, .unit = " %", .y_top = 100};
    sb_puts(sb, "<figure class=\"trend probability\" data-indicator=\"p_list\"><figcaption><strong>On a "
                "statutory list</strong> <span class=\"pop\">probability by list year, per variant</span>"
                "</figcaption>\n");
    int rc = svg_line_chart(sb, &chart);
    sb_puts(sb, "\n</figure>\n");
    return rc ? almen_fail(ALMEN_EINVAL, "the list-probability chart could not be drawn") : ALMEN_OK;
}

static void put_legend(const state *s, const report_unit *u, strbuf *sb)
{
    sb_puts(sb, "<p class=\"legend\"><span class=\"key key-unit\"></span>");
    html_text(sb, u->name);
    sb_puts(sb, ", observed<span class=\"key key-v0\"></span>simulated median, with the band of 90 % of "
                "the runs (");
    html_text(sb, s->variants[0]);
    sb_puts(sb, ")");
    for (size_t k = 1; k < s->n_variants; k++) {
        sb_printf(sb, "<span class=\"key key-v%zu\"></span>", k);
        html_text(sb, s->variants[k]);
    }
    sb_puts(sb, "</p>\n");
}

static int simulation_unit(report *r, void *p, const report_unit *u, strbuf *sb)
{
    const state *s = p;
    if (u->level != UNIT_AREA || !s->indicators || !s->n_variants || !r->n_years) return 0;
    /* Not for an area whose composition is withheld in the latest year: the simulation
     * starts from it. */
    if (u->suppressed[r->n_years - 1] || indicator_row(s, s->variants[0], u->id, s->first, "residents") == NO_ROW)
        return 0;
    axis a;
    int rc = make_axis(r, s, &a);
    if (rc) return rc;
    double *buf = malloc((4 * a.n + MAX_VARIANTS * a.n + 1) * sizeof *buf);
    if (!buf) {
        free(a.x);
        return almen_fail_nomem();
    }
    sb_printf(sb, "<h4>Letting simulation %d\xe2\x80\x93%d</h4>\n", s->first, s->last);
    put_legend(s, u, sb);
    sb_puts(sb, "<div class=\"charts\">\n");
    for (size_t i = 0; i < REPORT_N_INDICATORS && !rc; i++) rc = put_fan(r, s, u, &REPORT_INDICATORS[i], &a, buf, sb);
    if (!rc) rc = put_probability(s, u, &a, buf, sb);
    sb_puts(sb, "</div>\n");
    free(buf);
    free(a.x);
    return rc;
}

static int simulation_chapter(report *r, void *p, strbuf *sb)
{
    const state *s = p;
    const almen_simulation *sim = r->opt->simulation;
    if (!sim) return 0;
    if (s->error) {
        sb_puts(sb, "<p class=\"supp-note\">The simulation could not be shown: ");
        html_text(sb, s->error);
        sb_puts(sb, "</p>\n");
        return 0;
    }
    sb_printf(sb, "<p>%zu runs", almen_simulation_runs_done(sim));
    if (almen_simulation_runs_done(sim) < almen_simulation_runs_total(sim))
        sb_printf(sb, " (of %zu asked for: stopped early)", almen_simulation_runs_total(sim));
    sb_printf(sb, ", households moving and lettings from %d to %d, each area classified every year. "
                  "Variants: ",
              s->first, s->last - 1);
    for (size_t k = 0; k < s->n_variants; k++) {
        sb_puts(sb, k ? ", " : "");
        html_text(sb, s->variants[k]);
    }
    sb_printf(sb, ".</p>\n<table class=\"simulation\">\n<caption>Probability of being on a statutory list "
                  "in %d, and the year the listed areas are expected to leave the lists</caption>\n<thead><tr>"
                  "<th scope=\"col\">Housing area</th>",
              s->last);
    for (size_t k = 0; k < s->n_variants; k++) {
        sb_puts(sb, "<th scope=\"col\">");
        html_text(sb, s->variants[k]);
        sb_puts(sb, "</th>");
    }
    sb_puts(sb, "<th scope=\"col\">Leaves the lists (median year)</th></tr></thead>\n<tbody>\n");
    for (size_t k = 0; k < r->n_units; k++) {
        const report_unit *u = &r->units[k];
        if (u->level != UNIT_AREA || (r->n_years && u->suppressed[r->n_years - 1])) continue;
        if (isnan(p_list(s, s->variants[0], u->id, s->last))) continue;
        sb_puts(sb, "<tr><th scope=\"row\">");
        html_text(sb, u->name);
        sb_puts(sb, "</th>");
        for (size_t v = 0; v < s->n_variants; v++) {
            sb_puts(sb, "<td>");
            put_pct(sb, p_list(s, s->variants[v], u->id, s->last));
            sb_puts(sb, "</td>");
        }
        /* The first variant's median year off, from the leaving table (areas listed in the
         * base year only). */
        int32_t median = ALMEN_NA_INT;
        const almen_table *t = s->leaving;
        int listed = 0;
        for (size_t i = 0; i < almen_table_nrows(t); i++)
            if (same(cell(t, "area", i), u->id) && same(cell(t, "variant", i), s->variants[0])) {
                listed = 1;
                median = almen_table_get_int(t, col(t, "median_year"), i);
            }
        sb_puts(sb, "<td>");
        if (!listed) sb_puts(sb, "not listed");
        else if (median == ALMEN_NA_INT) sb_printf(sb, "after %d", s->last);
        else sb_printf(sb, "%d", (int)median);
        sb_puts(sb, "</td></tr>\n");
    }
    sb_puts(sb, "</tbody>\n</table>\n");
    return 0;
}

static int simulation_text(report *r, void *p, strbuf *sb)
{
    const state *s = p;
    if (!r->opt->simulation || s->error || !s->n_variants) return 0;
    sb_printf(sb, "\nLetting simulation, %zu runs: probability of being on a list in %d\n",
              almen_simulation_runs_done(r->opt->simulation), s->last);
    char buf[HTML_NUM_MAX];
    for (size_t k = 0; k < r->n_units; k++) {
        const report_unit *u = &r->units[k];
        if (u->level != UNIT_AREA || (r->n_years && u->suppressed[r->n_years - 1])) continue;
        if (isnan(p_list(s, s->variants[0], u->id, s->last))) continue;
        sb_puts(sb, "  ");
        report_text_label(sb, u->name, 22);
        for (size_t v = 0; v < s->n_variants; v++)
            sb_printf(sb, "%s %s %s %%", v ? "," : "", s->variants[v],
                      html_num(buf, 100 * p_list(s, s->variants[v], u->id, s->last), 0, NULL));
        sb_putc(sb, '\n');
    }
    return 0;
}

const report_section REPORT_SIMULATION = {
    .id = "simulation",
    .title = "Letting simulation",
    .description = "a simulation run by the caller: fan charts of each area's indicators and its list probability per variant",
    .prepare = prepare,
    .release = release,
    .unit = simulation_unit,
    .text = simulation_text,
    .chapter = simulation_chapter,
    .notes = "<p><em>Letting simulation</em> (when the report is given one, e.g. "
             "<code>almen report</code> on a case with household types): every year households "
             "move out and each vacancy is let through municipal allocation, flexible letting, the "
             "waiting list or an internal move as the letting policy of the variant says, and each "
             "area is classified again (docs/simulation.md). The fan charts show the observed "
             "years, then the median of the runs and the band holding 90 % of them (5 % to 95 %) "
             "for the first variant; the probability charts give, per variant, the share of runs "
             "in which the area is on a statutory list. The results are those of the model with "
             "its documented defaults, not forecasts.</p>\n",
};
