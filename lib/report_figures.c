/* Section "figures": a unit's key figures and composition shares by year, with the change
 * over the years shown. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "almen/privacy.h"
#include "error_internal.h"
#include "html.h"
#include "report_internal.h"

/* At most this many years as columns (the charts show every year). */
#define MAX_COLUMNS 6

typedef struct {
    const char *column; /* in the aggregate; NULL for turnover (derived) */
    const char *label;
} measure;

/* Whether a row is suppressed with the shares is the privacy module's call
 * (almen_privacy_is_composition), not this list's. */
static const measure MEASURES[] = {
    {"departments", "Departments with figures"},
    {"dwellings", "Dwellings"},
    {"residents", "Residents (1 January)"},
    {"households", "Households (1 January)"},
    {"vacancies", "Vacant dwellings (1 January)"},
    {NULL, "Move-outs per 100 dwellings"},
    {"lettings", "Lettings"},
    {"evictions", "Evictions"},
};

static double measure_value(const report *r, const report_unit *u, size_t yi, const measure *m)
{
    if (m->column) return report_value(r, u, yi, m->column);
    return 100 * report_value(r, u, yi, "move_outs") / report_value(r, u, yi, "dwellings");
}

/* "+2.4" / "−2.4" / "0.0": the change, with a real minus sign. */
static void put_change(strbuf *sb, double v, int decimals, const char *unit)
{
    char buf[HTML_NUM_MAX];
    if (!isfinite(v)) {
        sb_puts(sb, "\xe2\x80\x93");
        return;
    }
    html_num(buf, fabs(v), decimals, HTML_THOUSANDS);
    int zero = strspn(buf, "0.") == strlen(buf);
    sb_puts(sb, zero ? "" : v > 0 ? "+" : "\xe2\x88\x92");
    sb_puts(sb, buf);
    sb_puts(sb, unit);
}

typedef struct {
    const char *label;
    const char *note; /* the population, under the label; or NULL */
    int composition;  /* suppressed with the shares */
    int decimals;
    const char *change_unit;
} row_spec;

/* One row: label, a cell per year column from y0 (v[yi]), the change from the first to the
 * last column. */
static void put_row(const report *r, const report_unit *u, size_t y0, const row_spec *spec, const double *v,
                    strbuf *sb)
{
    sb_puts(sb, "<tr><th scope=\"row\">");
    sb_puts(sb, spec->label);
    if (spec->note) sb_printf(sb, "<span class=\"note\">%s</span>", spec->note);
    sb_puts(sb, "</th>");
    for (size_t yi = y0; yi < r->n_years; yi++) {
        sb_puts(sb, "<td>");
        if (u->row[yi] == NO_ROW) sb_puts(sb, "\xe2\x80\x93");
        else if (spec->composition && u->suppressed[yi]) report_put_suppressed(r, sb);
        else html_put_num(sb, v[yi], spec->decimals, "\xe2\x80\x93");
        sb_puts(sb, "</td>");
    }
    size_t last = r->n_years - 1;
    int hidden = spec->composition && (u->suppressed[y0] || u->suppressed[last]);
    sb_puts(sb, "<td class=\"change\">");
    if (last > y0) put_change(sb, hidden ? NAN : v[last] - v[y0], spec->decimals, spec->change_unit);
    sb_puts(sb, "</td></tr>\n");
}

static int figures_unit(report *r, void *state, const report_unit *u, strbuf *sb)
{
    (void)state;
    if (report_latest(r, u) == NO_ROW) return 0;
    double *v = malloc(r->n_years * sizeof *v);
    if (!v) return almen_fail_nomem();
    size_t y0 = r->n_years > MAX_COLUMNS ? r->n_years - MAX_COLUMNS : 0;
    size_t last = r->n_years - 1;
    sb_puts(sb, "<table class=\"figures\">\n<caption>Key figures by year</caption>\n"
                "<thead><tr><th scope=\"col\"></th>");
    for (size_t yi = y0; yi < r->n_years; yi++) sb_printf(sb, "<th scope=\"col\">%d</th>", r->years[yi]);
    sb_puts(sb, "<th scope=\"col\" class=\"change\">");
    if (last > y0) sb_printf(sb, "Change %d\xe2\x80\x93%d", r->years[y0], r->years[last]);
    sb_puts(sb, "</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < sizeof MEASURES / sizeof MEASURES[0]; i++) {
        const measure *m = &MEASURES[i];
        row_spec spec = {m->label, NULL, almen_privacy_is_composition(m->column ? m->column : "move_outs"),
                         m->column ? 0 : 1, ""};
        for (size_t yi = 0; yi < r->n_years; yi++) v[yi] = measure_value(r, u, yi, m);
        put_row(r, u, y0, &spec, v, sb);
    }
    sb_puts(sb, "</tbody>\n<tbody class=\"composition\">\n");
    for (size_t i = 0; i < REPORT_N_INDICATORS; i++) {
        const report_indicator *ind = &REPORT_INDICATORS[i];
        row_spec spec = {ind->label, ind->population, almen_privacy_is_composition(ind->column), ind->decimals,
                         strcmp(ind->unit, " %") ? "" : " pp"};
        for (size_t yi = 0; yi < r->n_years; yi++) v[yi] = report_value(r, u, yi, ind->column);
        put_row(r, u, y0, &spec, v, sb);
    }
    sb_puts(sb, "</tbody>\n</table>\n");
    free(v);
    return 0;
}

const report_section REPORT_FIGURES = {
    .id = "figures",
    .title = "Key figures by year",
    .description = "dwellings, residents, turnover and the composition shares of each unit by year",
    .unit = figures_unit,
    .notes = "<p><em>Key figures by year</em> show up to the last six years reported; the last "
             "column is the change from the first to the last of them, for shares in "
             "percentage points (pp). Move-outs per 100 dwellings is the turnover rate "
             "(fraflytningsprocent). Shares are those the statutory criteria use: residents "
             "18\xe2\x80\x93" "64 outside the labour market and education counted in full-time "
             "equivalents; residents 18 and over convicted under the criminal code, the weapons "
             "act or the euphoriant substances act; residents 30\xe2\x80\x93" "59 with only basic "
             "schooling; immigrants and descendants from non-western countries among all "
             "residents; and the average gross income of taxpayers 15\xe2\x80\x93" "64 excluding "
             "students.</p>\n",
};
