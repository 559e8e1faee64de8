/* Section "overview": every district and housing area side by side in the latest year —
 * the first table of the HTML report and the whole of the text summary. */
#include <math.h>
#include <string.h>

#include "case_internal.h"
#include "html.h"
#include "report_internal.h"

/* ---- HTML ----------------------------------------------------------------------------- */

static void put_row(const report *r, const report_unit *u, size_t yi, strbuf *sb)
{
    static const char *const CLASS[UNIT_LEVELS] = {"total", "district", "area"};
    sb_printf(sb, "<tr class=\"%s\" data-unit=\"", CLASS[u->level]);
    html_text(sb, u->id);
    sb_puts(sb, "\"><th scope=\"row\"><a href=\"#");
    report_put_anchor(u, sb);
    sb_puts(sb, "\">");
    report_put_unit_title(r, u, sb);
    sb_puts(sb, "</a></th>");
    if (u->row[yi] == NO_ROW) {
        sb_printf(sb, "<td colspan=\"%zu\" class=\"none\">no figures for %d</td></tr>\n",
                  3 + REPORT_N_INDICATORS, r->years[yi]);
        return;
    }
    static const char *const COUNTS[3] = {"departments", "dwellings", "residents"};
    for (int i = 0; i < 3; i++) {
        sb_puts(sb, "<td>");
        html_put_num(sb, report_value(r, u, yi, COUNTS[i]), 0, "\xe2\x80\x93");
        sb_puts(sb, "</td>");
    }
    if (u->suppressed[yi]) {
        sb_printf(sb, "<td colspan=\"%zu\" class=\"supp-cell\">", REPORT_N_INDICATORS);
        report_put_suppressed(r, sb);
        sb_puts(sb, "</td></tr>\n");
        return;
    }
    for (size_t i = 0; i < REPORT_N_INDICATORS; i++) {
        sb_puts(sb, "<td>");
        html_put_num(sb, report_value(r, u, yi, REPORT_INDICATORS[i].column), REPORT_INDICATORS[i].decimals,
                     "\xe2\x80\x93");
        sb_puts(sb, "</td>");
    }
    sb_puts(sb, "</tr>\n");
}

static int overview_html(report *r, void *state, strbuf *sb)
{
    (void)state;
    if (!r->n_years) {
        sb_puts(sb, "<p>The case has no figures for the years reported.</p>\n");
        return 0;
    }
    size_t yi = r->n_years - 1;
    sb_printf(sb, "<table class=\"overview-table\">\n<caption>Key figures %d by district and housing area</caption>\n"
                  "<thead><tr><th scope=\"col\"></th><th scope=\"col\">Departments</th>"
                  "<th scope=\"col\">Dwellings</th><th scope=\"col\">Residents</th>",
              r->years[yi]);
    for (size_t i = 0; i < REPORT_N_INDICATORS; i++) {
        const report_indicator *ind = &REPORT_INDICATORS[i];
        sb_printf(sb, "<th scope=\"col\" title=\"%s, %s\">%s<span class=\"unit\">%s</span></th>", ind->label,
                  ind->population,
                  ind->short_label, strcmp(ind->unit, " %") ? " kr" : " %");
    }
    sb_puts(sb, "</tr></thead>\n<tbody>\n");
    /* Districts, each followed by its areas; then the areas outside districts. */
    for (size_t k = 1; k < r->n_units; k++) put_row(r, &r->units[k], yi, sb);
    sb_puts(sb, "</tbody>\n<tfoot>\n");
    put_row(r, REPORT_MUNICIPALITY(r), yi, sb);
    sb_puts(sb, "</tfoot>\n</table>\n");
    return 0;
}

/* ---- text ----------------------------------------------------------------------------- */

static void put_header(strbuf *sb, const char *what)
{
    sb_printf(sb, "  %-22s %9s %9s %8s %8s %8s %8s %11s\n", what, "dwellings", "residents", "outside%",
              "convict%", "basic%", "nonwest%", "income kr");
}

static void put_text_row(const report *r, const report_unit *u, size_t yi, const char *label, strbuf *sb)
{
    char buf[HTML_NUM_MAX];
    sb_puts(sb, "  ");
    report_text_label(sb, label, 22);
    sb_printf(sb, " %9s", html_num(buf, report_value(r, u, yi, "dwellings"), 0, NULL));
    sb_printf(sb, " %9s", html_num(buf, report_value(r, u, yi, "residents"), 0, NULL));
    if (u->suppressed[yi]) {
        sb_puts(sb, "   (composition suppressed: ");
        report_put_rule(r, sb);
        sb_puts(sb, ")\n");
        return;
    }
    for (size_t i = 0; i < REPORT_N_INDICATORS; i++) {
        const report_indicator *ind = &REPORT_INDICATORS[i];
        /* Shares with one decimal, as the table's header promises; income in whole kr. */
        int decimals = ind->decimals ? 1 : 0;
        sb_printf(sb, i + 1 < REPORT_N_INDICATORS ? " %8s" : " %11s",
                  html_num(buf, report_value(r, u, yi, ind->column), decimals, NULL));
    }
    sb_putc(sb, '\n');
}

/* Prints heading and the table header before the first row of a group. */
static void open_group(strbuf *sb, int *printed, const char *heading, const char *name, const char *what)
{
    if ((*printed)++) return;
    sb_printf(sb, "\n%s%s\n", heading, name ? name : "");
    put_header(sb, what);
}

static int overview_text(report *r, void *state, strbuf *sb)
{
    (void)state;
    size_t yi = r->n_years - 1;
    sb_printf(sb, "Figures for %d; shares are ratios of sums over departments; composition is not shown\n",
              r->years[yi]);
    if (r->opt->min_persons || r->opt->min_households) {
        sb_puts(sb, "for units with ");
        report_put_rule(r, sb);
        sb_puts(sb, " (or that would reveal such a group).\n");
    } else sb_puts(sb, "- except that suppression is OFF here: not for publication.\n");
    for (size_t k = 1; k < r->n_units; k++) {
        const report_unit *d = &r->units[k];
        if (d->level != UNIT_DISTRICT) continue;
        int printed = 0;
        for (size_t j = k + 1; j < r->n_units; j++) {
            const report_unit *a = &r->units[j];
            if (a->parent != k) continue;
            open_group(sb, &printed, "District ", d->name, "housing area");
            if (a->row[yi] != NO_ROW) put_text_row(r, a, yi, a->name, sb);
        }
        if (d->row[yi] == NO_ROW) continue;
        open_group(sb, &printed, "District ", d->name, "");
        put_text_row(r, d, yi, "district total", sb);
    }
    int printed = 0;
    for (size_t k = 1; k < r->n_units; k++) {
        const report_unit *a = &r->units[k];
        if (a->level != UNIT_AREA || a->parent != 0) continue;
        open_group(sb, &printed, "Areas outside any district", NULL, "housing area");
        if (a->row[yi] != NO_ROW) put_text_row(r, a, yi, a->name, sb);
    }
    sb_putc(sb, '\n');
    put_header(sb, "");
    put_text_row(r, REPORT_MUNICIPALITY(r), yi, "municipality total", sb);
    return 0;
}

const report_section REPORT_OVERVIEW = {
    .id = "overview",
    .title = "Overview",
    .description = "every district and housing area side by side in the latest year",
    .overview = overview_html,
    .text = overview_text,
};
