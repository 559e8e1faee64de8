/* Section "trends": every composition indicator of a unit over the years as a small line
 * chart, with the municipality as a whole as the grey comparison line. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "error_internal.h"
#include "html.h"
#include "report_internal.h"
#include "svg.h"

#define CHART_WIDTH 240
#define CHART_HEIGHT 150

/* The indicator's values for unit u by report year; NaN where it has no row or the year is
 * suppressed. Returns how many are shown. */
static size_t visible_values(const report *r, const report_unit *u, const char *column, double *out)
{
    size_t shown = 0;
    for (size_t yi = 0; yi < r->n_years; yi++) {
        out[yi] = u->suppressed[yi] ? NAN : report_value(r, u, yi, column);
        shown += isfinite(out[yi]) != 0;
    }
    return shown;
}

static void put_legend(report *r, const report_unit *u, strbuf *sb)
{
    sb_puts(sb, "<p class=\"legend\"><span class=\"key key-unit\"></span>");
    report_put_unit_title(r, u, sb);
    if (u->level != UNIT_MUNICIPALITY) {
        sb_puts(sb, "<span class=\"key key-reference\"></span>");
        html_text(sb, r->c->name);
        sb_puts(sb, " as a whole");
    }
    const report_classification *k = report_classify(r);
    svg_threshold t[1];
    char label[1][REPORT_LABEL_MAX];
    if (k && report_thresholds(r, REPORT_INDICATORS[0].column, t, 1, label))
        sb_puts(sb, "<span class=\"key key-threshold\"></span>statutory thresholds of the latest list year");
    sb_puts(sb, "</p>\n");
}

static int put_chart(report *r, const report_unit *u, const report_indicator *ind, double *x, double *own,
                     double *ref, strbuf *sb)
{
    const report_unit *m = REPORT_MUNICIPALITY(r);
    visible_values(r, u, ind->column, own);
    size_t latest = NO_ROW;
    for (size_t yi = 0; yi < r->n_years; yi++)
        if (isfinite(own[yi])) latest = yi;
    svg_series series[2];
    size_t ns = 0;
    if (u != m) {
        visible_values(r, m, ind->column, ref);
        series[ns++] = (svg_series){.key = "municipality", .name = r->c->name, .y = ref, .reference = 1};
    }
    series[ns++] = (svg_series){.key = "unit", .name = u->name, .y = own};

    strbuf title;
    sb_init(&title);
    sb_printf(&title, "%s: %s, %s, ", u->name, ind->label, ind->population);
    sb_printf(&title, r->n_years > 1 ? "%d\xe2\x80\x93%d" : "%d", r->years[0], r->years[r->n_years - 1]);
    if (title.failed) {
        sb_free(&title);
        return almen_fail_nomem();
    }
    svg_threshold thresholds[4];
    char labels[4][REPORT_LABEL_MAX];
    size_t nt = report_thresholds(r, ind->column, thresholds, 4, labels);
    svg_chart chart = {
        .width = CHART_WIDTH,
        .height = CHART_HEIGHT,
        .title = title.data,
        .x = x,
        .n = r->n_years,
        .x_min_step = 1,
        .series = series,
        .n_series = ns,
        .thresholds = thresholds,
        .n_thresholds = nt,
        .y_from_zero = 1,
        .value_decimals = ind->decimals,
        .unit = ind->unit,
    };
    sb_puts(sb, "<figure class=\"trend\" data-indicator=\"");
    sb_puts(sb, ind->column);
    sb_printf(sb, "\" data-points=\"%zu\"><figcaption><strong>%s</strong> <span class=\"pop\">%s</span>",
              visible_values(r, u, ind->column, own), ind->label, ind->population);
    if (latest != NO_ROW) {
        sb_printf(sb, "<span class=\"latest\">%d: ", r->years[latest]);
        html_put_num(sb, own[latest], ind->decimals, "");
        html_text(sb, ind->unit);
        sb_puts(sb, "</span>");
    }
    sb_puts(sb, "</figcaption>\n");
    int rc = svg_line_chart(sb, &chart);
    sb_free(&title);
    if (rc) return almen_fail(ALMEN_EINVAL, "chart of %s for %s could not be drawn", ind->column, u->id);
    sb_puts(sb, "\n</figure>\n");
    return ALMEN_OK;
}

static int trends_unit(report *r, void *state, const report_unit *u, strbuf *sb)
{
    (void)state;
    if (report_latest(r, u) == NO_ROW) return ALMEN_OK;
    int any = 0;
    for (size_t yi = 0; yi < r->n_years; yi++) any |= u->row[yi] != NO_ROW && !u->suppressed[yi];
    if (!any) {
        sb_puts(sb, "<p class=\"supp-note\">The composition of this unit is suppressed in every year reported (");
        report_put_rule(r, sb);
        sb_puts(sb, ").</p>\n");
        return ALMEN_OK;
    }
    double *buf = malloc(3 * r->n_years * sizeof *buf);
    if (!buf) return almen_fail_nomem();
    double *x = buf, *own = buf + r->n_years, *ref = buf + 2 * r->n_years;
    for (size_t yi = 0; yi < r->n_years; yi++) x[yi] = r->years[yi];
    sb_puts(sb, "<h4>Trends</h4>\n");
    put_legend(r, u, sb);
    sb_puts(sb, "<div class=\"charts\">\n");
    int rc = ALMEN_OK;
    for (size_t i = 0; i < REPORT_N_INDICATORS && !rc; i++) rc = put_chart(r, u, &REPORT_INDICATORS[i], x, own, ref, sb);
    sb_puts(sb, "</div>\n");
    free(buf);
    return rc;
}

const report_section REPORT_TRENDS = {
    .id = "trends",
    .title = "Trends",
    .description = "each composition indicator over the years as a chart, against the municipality",
    .unit = trends_unit,
    .notes = "<p><em>Trends</em> draw each indicator of the unit for every year reported (dark "
             "line, a dot per year; hover a dot for its value) against the municipality as a "
             "whole (grey line). Each axis starts at zero, so the height of a line shows the level "
             "and not only the change. A gap in a line is a year that "
             "is missing or suppressed.</p>\n",
};
