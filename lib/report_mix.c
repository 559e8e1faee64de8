/* Section "mix": how evenly each group is spread over the municipality's departments — the
 * dissimilarity index D and Theil's H for each grouping of the statutory criteria, their
 * trend over the years, the part of the segregation that lies between the districts, and
 * the unevenness within each district (almen_case_mix, docs/mix.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "almen/mix.h"
#include "error_internal.h"
#include "html.h"
#include "report_internal.h"

static const struct {
    const char *grouping, *label;
} GROUPINGS[] = {
    {"origin", "Non-western background, against all other residents"},
    {"work", "Outside the labour market, against other residents 18\xe2\x80\x93" "64"},
    {"schooling", "Only basic schooling, against other residents 30\xe2\x80\x93" "59"},
    {"conviction", "Convicted, against other residents 18+"},
};
#define N_GROUPINGS (sizeof GROUPINGS / sizeof GROUPINGS[0])

enum { I_D, I_H, I_M, I_MB, I_UNITS, N_INDEX };
static const char *const INDEX_NAMES[N_INDEX] = {"D", "H", "M", "M_between", "units"};

typedef struct {
    double *v;          /* [grouping][year][index], NaN when not computable */
    almen_table *higher[N_GROUPINGS]; /* the latest year's districts */
    int any;
} state;

static double *at(const report *r, state *s, size_t g, size_t yi) { return s->v + (g * r->n_years + yi) * N_INDEX; }

static void release(void *p)
{
    state *s = p;
    if (!s) return;
    for (size_t g = 0; g < N_GROUPINGS; g++) almen_table_free(s->higher[g]);
    free(s->v);
    free(s);
}

/* A grouping and year the case cannot give (no department with both figures) is left
 * out, not an error of the report. */
static int prepare(report *r, void **out)
{
    state *s = calloc(1, sizeof *s);
    if (!s) return almen_fail_nomem();
    *out = s;
    s->v = malloc((N_GROUPINGS * r->n_years * N_INDEX + 1) * sizeof *s->v);
    if (!s->v) return almen_fail_nomem();
    for (size_t g = 0; g < N_GROUPINGS; g++)
        for (size_t yi = 0; yi < r->n_years; yi++) {
            double *v = at(r, s, g, yi);
            for (int k = 0; k < N_INDEX; k++) v[k] = NAN;
            almen_mix *m = NULL;
            almen_table *sum = NULL;
            int rc = almen_case_mix(r->c, GROUPINGS[g].grouping, r->years[yi], "district", &m);
            if (!rc) rc = almen_mix_summary(m, &sum);
            if (!rc && yi + 1 == r->n_years) rc = almen_mix_higher(m, &s->higher[g]);
            for (size_t i = 0; !rc && i < almen_table_nrows(sum); i++)
                for (int k = 0; k < N_INDEX; k++)
                    if (!strcmp(almen_table_get_string(sum, 0, i), INDEX_NAMES[k]))
                        v[k] = almen_table_get_double(sum, 1, i);
            if (rc == ALMEN_ENOMEM) {
                almen_table_free(sum);
                almen_mix_free(m);
                return rc;
            }
            s->any |= isfinite(v[I_D]);
            almen_table_free(sum);
            almen_mix_free(m);
        }
    return ALMEN_OK;
}

static void put_index(strbuf *sb, double v)
{
    sb_puts(sb, "<td>");
    html_put_num(sb, v, 3, "\xe2\x80\x93");
    sb_puts(sb, "</td>");
}

/* The districts' own unevenness for the latest year, only for districts of at least three
 * departments and the minimum number of residents: between two small departments D would
 * all but state their compositions. */
static void put_districts(report *r, state *s, strbuf *sb)
{
    const almen_table *first = s->higher[0];
    if (!first) return;
    size_t rows = 0;
    for (size_t i = 0; i < almen_table_nrows(first); i++) {
        const char *id = almen_table_get_string(first, 0, i);
        const report_unit *u = NULL;
        for (size_t k = 0; k < r->n_units; k++)
            if (r->units[k].level == UNIT_DISTRICT && id && !strcmp(r->units[k].id, id)) u = &r->units[k];
        size_t cu, ct;
        if (!u || almen_table_column_index(first, "units", &cu) || almen_table_column_index(first, "total", &ct))
            continue;
        if (almen_table_get_double(first, cu, i) < 3 || almen_table_get_double(first, ct, i) < r->opt->min_persons)
            continue;
        if (!rows++) {
            sb_printf(sb, "<table class=\"mix-districts\">\n<caption>Unevenness within each district, %d "
                          "(dissimilarity D among its departments)</caption>\n<thead><tr><th scope=\"col\">"
                          "District</th><th scope=\"col\">Departments</th>",
                      r->years[r->n_years - 1]);
            for (size_t g = 0; g < N_GROUPINGS; g++) sb_printf(sb, "<th scope=\"col\">%s</th>", GROUPINGS[g].grouping);
            sb_puts(sb, "</tr></thead>\n<tbody>\n");
        }
        sb_puts(sb, "<tr><th scope=\"row\">");
        html_text(sb, u->name);
        sb_puts(sb, "</th><td>");
        html_put_num(sb, almen_table_get_double(first, cu, i), 0, "");
        sb_puts(sb, "</td>");
        for (size_t g = 0; g < N_GROUPINGS; g++) {
            double d = NAN;
            const almen_table *h = s->higher[g];
            size_t cdw;
            for (size_t j = 0; h && j < almen_table_nrows(h); j++)
                if (!strcmp(almen_table_get_string(h, 0, j), id) && !almen_table_column_index(h, "D_within", &cdw))
                    d = almen_table_get_double(h, cdw, j);
            put_index(sb, d);
        }
        sb_puts(sb, "</tr>\n");
    }
    if (rows) sb_puts(sb, "</tbody>\n</table>\n");
}

static int mix_chapter(report *r, void *p, strbuf *sb)
{
    state *s = p;
    if (!s->any) return 0;
    size_t last = r->n_years - 1;
    sb_printf(sb, "<table class=\"mix\">\n<caption>The mix of the departments, %d</caption>\n<thead><tr>"
                  "<th scope=\"col\">Grouping</th><th scope=\"col\">Departments</th>"
                  "<th scope=\"col\">Dissimilarity D</th><th scope=\"col\">Theil&#39;s H</th>"
                  "<th scope=\"col\">Between districts</th></tr></thead>\n<tbody>\n",
              r->years[last]);
    for (size_t g = 0; g < N_GROUPINGS; g++) {
        const double *v = at(r, s, g, last);
        sb_puts(sb, "<tr><th scope=\"row\">");
        sb_puts(sb, GROUPINGS[g].label);
        sb_puts(sb, "</th><td>");
        html_put_num(sb, v[I_UNITS], 0, "\xe2\x80\x93");
        sb_puts(sb, "</td>");
        put_index(sb, v[I_D]);
        put_index(sb, v[I_H]);
        sb_puts(sb, "<td>");
        /* M = M_between + M_within exactly: the between part as a share of the whole. */
        html_put_num(sb, v[I_M] > 0 ? 100 * v[I_MB] / v[I_M] : NAN, 0, "\xe2\x80\x93");
        sb_puts(sb, isfinite(v[I_M]) && v[I_M] > 0 ? " %</td></tr>\n" : "</td></tr>\n");
    }
    sb_puts(sb, "</tbody>\n</table>\n");

    /* D over the years, one line per grouping. */
    double *buf = malloc((1 + N_GROUPINGS) * r->n_years * sizeof *buf);
    if (!buf) return almen_fail_nomem();
    svg_series series[N_GROUPINGS];
    static const char *const KEYS[N_GROUPINGS] = {"v0", "v1", "v2", "v3"};
    for (size_t yi = 0; yi < r->n_years; yi++) buf[yi] = r->years[yi];
    sb_puts(sb, "<figure class=\"wide\"><figcaption><strong>Dissimilarity D by year</strong> the share of a "
                "group that would have to move to another department for every department to have the "
                "municipality's mix<span class=\"legend\">");
    for (size_t g = 0; g < N_GROUPINGS; g++) {
        double *y = buf + (1 + g) * r->n_years;
        for (size_t yi = 0; yi < r->n_years; yi++) y[yi] = at(r, s, g, yi)[I_D];
        series[g] = (svg_series){.key = KEYS[g], .name = GROUPINGS[g].grouping, .y = y};
        sb_printf(sb, "<span class=\"key key-v%zu\"></span>%s", g, GROUPINGS[g].grouping);
    }
    sb_puts(sb, "</span></figcaption>\n");
    svg_chart chart = {.width = 480, .height = 200, .title = "Dissimilarity D by year and grouping",
        .x = buf, .n = r->n_years, .x_min_step = 1, .series = series, .n_series = N_GROUPINGS,
        .y_from_zero = 1, .value_decimals = 3};
    int rc = svg_line_chart(sb, &chart);
    free(buf);
    sb_puts(sb, "\n</figure>\n");
    if (rc) return almen_fail(ALMEN_EINVAL, "the mix chart could not be drawn");
    put_districts(r, s, sb);
    return ALMEN_OK;
}

static int mix_text(report *r, void *p, strbuf *sb)
{
    state *s = p;
    if (!s->any) return 0;
    char buf[HTML_NUM_MAX];
    sb_printf(sb, "\nMix %d, dissimilarity D over departments:", r->years[r->n_years - 1]);
    for (size_t g = 0; g < N_GROUPINGS; g++)
        sb_printf(sb, "%s %s %s", g ? "," : "", GROUPINGS[g].grouping,
                  html_num(buf, at(r, s, g, r->n_years - 1)[I_D], 3, NULL));
    sb_putc(sb, '\n');
    return 0;
}

const report_section REPORT_MIX = {
    .id = "mix",
    .title = "Mix and segregation",
    .description = "how evenly each group is spread over the departments: D and H, by year, between and within districts",
    .prepare = prepare,
    .release = release,
    .text = mix_text,
    .chapter = mix_chapter,
    .notes = "<p><em>Mix and segregation</em> compares each department's composition with the "
             "municipality's for four groupings taken from the statutory criteria. The "
             "dissimilarity index D (0: every department has the same mix; 1: the groups live in "
             "separate departments) is the share of either group that would have to move; Theil's "
             "H is the information-theory index, which splits exactly into the part between the "
             "districts and the part within them (\"between districts\"). Within-district values "
             "are shown only for districts of at least three departments and the minimum number "
             "of residents. Definitions: docs/mix.md.</p>\n",
};
