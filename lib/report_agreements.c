/* Section "agreements": the agreements of the case as they stand on the report's date —
 * which are in force, the findings against the law, how much of the stock they cover by
 * theme and district — and per housing area the letting rules that apply there (the
 * agreements' instruments and those the law adds by the area's status). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "almen/agreements.h"
#include "error_internal.h"
#include "html.h"
#include "report_internal.h"

typedef struct {
    almen_table *agreements, *findings, *coverage, *policy;
    char *error; /* why the agreements could not be read on the date */
} state;

static void release(void *p)
{
    state *s = p;
    if (!s) return;
    almen_table_free(s->agreements);
    almen_table_free(s->findings);
    almen_table_free(s->coverage);
    almen_table_free(s->policy);
    free(s->error);
    free(s);
}

/* Reads everything once. A failure (say, a classification the area statuses need) becomes
 * a note in the chapter, not a failed report. */
static int prepare(report *r, void **out)
{
    state *s = calloc(1, sizeof *s);
    if (!s) return almen_fail_nomem();
    *out = s;
    if (!r->as_of[0]) return ALMEN_OK;
    almen_agreement_options *o = NULL;
    int rc = almen_agreement_options_new(&o);
    if (!rc) rc = almen_case_agreements(r->c, &s->agreements);
    if (!rc) rc = almen_case_agreement_findings(r->c, r->as_of, o, &s->findings);
    if (!rc) rc = almen_case_agreement_coverage(r->c, r->as_of, o, &s->coverage);
    if (!rc) rc = almen_case_letting_policy(r->c, r->as_of, NULL, o, &s->policy);
    almen_agreement_options_free(o);
    if (rc == ALMEN_ENOMEM) return rc;
    if (rc && !(s->error = strdup(almen_error_last_message()))) return almen_fail_nomem();
    return ALMEN_OK;
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

static double value(const almen_table *t, const char *name, size_t row)
{
    size_t j = col(t, name);
    return j == NO_ROW ? NAN : almen_table_get_double(t, j, row);
}

/* In force on the date: start <= date <= end (ISO dates compare as text). */
static int in_force(const almen_table *t, size_t row, const void *date)
{
    const char *start = cell(t, "start", row), *end = cell(t, "end", row);
    return start && strcmp(start, date) <= 0 && (!end || strcmp(date, end) <= 0);
}

static size_t count_severity(const almen_table *t, const char *severity)
{
    size_t n = 0;
    for (size_t i = 0; t && i < almen_table_nrows(t); i++) {
        const char *s = cell(t, "severity", i);
        n += s && !strcmp(s, severity);
    }
    return n;
}

static void put_findings(const report *r, const state *s, strbuf *sb)
{
    size_t n = almen_table_nrows(s->findings);
    sb_printf(sb, "<h3>Findings on %s</h3>\n", r->as_of);
    if (!n) {
        sb_puts(sb, "<p>No findings: the agreements in force pass every check against the law "
                    "(docs/agreements.md).</p>\n");
        return;
    }
    sb_puts(sb, "<table class=\"findings\">\n<thead><tr><th scope=\"col\">Severity</th><th scope=\"col\" "
                "class=\"text\">Paragraph</th><th scope=\"col\" class=\"text\">Agreement</th><th scope=\"col\" "
                "class=\"text\">Finding</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const char *severity = cell(s->findings, "severity", i);
        sb_puts(sb, "<tr><th scope=\"row\"><span class=\"badge sev-");
        html_text(sb, severity);
        sb_puts(sb, "\">");
        html_text(sb, severity);
        sb_puts(sb, "</span></th><td class=\"text\">");
        html_text(sb, cell(s->findings, "paragraph", i));
        sb_puts(sb, "</td><td class=\"text\">");
        html_text(sb, cell(s->findings, "agreement", i));
        sb_puts(sb, "</td><td class=\"text wrap\">");
        html_text(sb, cell(s->findings, "message", i));
        sb_puts(sb, "</td></tr>\n");
    }
    sb_puts(sb, "</tbody>\n</table>\n");
}

/* Coverage: per district by any agreement, then per theme for the municipality. */
static void put_coverage(const report *r, const state *s, strbuf *sb)
{
    const almen_table *t = s->coverage;
    sb_printf(sb, "<h3>Coverage on %s</h3>\n<table class=\"coverage\">\n<caption>Departments, family "
                  "dwellings and residents under an agreement in force</caption>\n<thead><tr>"
                  "<th scope=\"col\"></th><th scope=\"col\">Agreements</th><th scope=\"col\">Departments</th>"
                  "<th scope=\"col\">Family dwellings</th><th scope=\"col\">Share</th>"
                  "<th scope=\"col\">Residents</th></tr></thead>\n<tbody>\n",
              r->as_of);
    for (size_t i = 0; i < almen_table_nrows(t); i++) {
        const char *theme = cell(t, "theme", i), *level = cell(t, "level", i), *district = cell(t, "district", i);
        if (!theme || strcmp(theme, "any") || !level) continue;
        sb_printf(sb, "<tr class=\"%s\"><th scope=\"row\">", strcmp(level, "municipality") ? "" : "district");
        if (!strcmp(level, "municipality")) html_text(sb, almen_case_municipality_name(r->c));
        else if (!strcmp(level, "no_district")) sb_puts(sb, "Outside the districts");
        else {
            const char *name = district;
            for (size_t k = 0; k < r->n_units; k++)
                if (r->units[k].level == UNIT_DISTRICT && district && !strcmp(r->units[k].id, district))
                    name = r->units[k].name;
            sb_puts(sb, "District ");
            html_text(sb, name);
        }
        sb_puts(sb, "</th><td>");
        html_put_num(sb, value(t, "agreements", i), 0, "\xe2\x80\x93");
        sb_puts(sb, "</td><td>");
        html_put_num(sb, value(t, "departments", i), 0, "\xe2\x80\x93");
        sb_puts(sb, " of ");
        html_put_num(sb, value(t, "departments_total", i), 0, "\xe2\x80\x93");
        sb_puts(sb, "</td><td>");
        html_put_num(sb, value(t, "family_dwellings", i), 0, "\xe2\x80\x93");
        sb_puts(sb, " of ");
        html_put_num(sb, value(t, "family_dwellings_total", i), 0, "\xe2\x80\x93");
        sb_puts(sb, "</td><td>");
        html_put_num(sb, value(t, "family_share_pct", i), 1, "\xe2\x80\x93");
        sb_puts(sb, " %</td><td>");
        html_put_num(sb, value(t, "residents", i), 0, "\xe2\x80\x93");
        sb_puts(sb, "</td></tr>\n");
    }
    sb_puts(sb, "</tbody>\n</table>\n<table class=\"themes\">\n<caption>Themes: the share of the family "
                "dwellings under an agreement that switches the theme on</caption>\n<thead><tr>"
                "<th scope=\"col\">Theme</th><th scope=\"col\">Agreements</th><th scope=\"col\">Family "
                "dwellings</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < almen_table_nrows(t); i++) {
        const char *theme = cell(t, "theme", i), *level = cell(t, "level", i);
        if (!theme || !strcmp(theme, "any") || !level || strcmp(level, "municipality")) continue;
        sb_puts(sb, "<tr><th scope=\"row\">");
        for (const char *p = theme; *p; p++) sb_putc(sb, *p == '_' ? ' ' : *p);
        sb_puts(sb, "</th><td>");
        html_put_num(sb, value(t, "agreements", i), 0, "\xe2\x80\x93");
        sb_puts(sb, "</td><td>");
        html_put_num(sb, value(t, "family_share_pct", i), 1, "\xe2\x80\x93");
        sb_puts(sb, " %</td></tr>\n");
    }
    sb_puts(sb, "</tbody>\n</table>\n");
}

static int agreements_chapter(report *r, void *p, strbuf *sb)
{
    const state *s = p;
    if (s->error) {
        sb_printf(sb, "<p class=\"supp-note\">The agreements could not be read on %s: ", r->as_of);
        html_text(sb, s->error);
        sb_puts(sb, "</p>\n");
        return 0;
    }
    size_t n = s->agreements ? almen_table_nrows(s->agreements) : 0, on = 0;
    if (!n) return 0;
    for (size_t i = 0; i < n; i++) on += in_force(s->agreements, i, r->as_of) != 0;
    sb_printf(sb, "<p>%zu agreement%s in the case, %zu in force on %s.</p>\n", n, n == 1 ? "" : "s", on, r->as_of);
    static const report_column COLS[] = {
        {"name", "Agreement", 0, NULL},        {"model", "Model", 0, NULL},
        {"geography", "Geography", 0, NULL},   {"start", "From", 0, NULL},
        {"end", "To", 0, NULL},                {"council_adopted", "Council", 0, NULL},
        {"instruments", "Instruments", 0, NULL},
    };
    report_put_table(sb, "agreements", "The agreements in force", s->agreements, COLS, sizeof COLS / sizeof COLS[0],
                     in_force, r->as_of);
    put_findings(r, s, sb);
    put_coverage(r, s, sb);
    return 0;
}

static int same_text(const char *a, const char *b) { return a == b || (a && b && !strcmp(a, b)); }

/* Row j states the same rule as row i (source, instrument, parameters) in area. */
static int same_rule(const almen_table *t, size_t i, size_t j, const char *area)
{
    return same_text(cell(t, "area", j), area) && same_text(cell(t, "instrument", i), cell(t, "instrument", j)) &&
           same_text(cell(t, "source", i), cell(t, "source", j)) &&
           same_text(cell(t, "parameters", i), cell(t, "parameters", j));
}

/* Per area: the distinct rules over its departments, with how many departments each
 * covers. */
static int agreements_unit(report *r, void *p, const report_unit *u, strbuf *sb)
{
    const state *s = p;
    if (u->level != UNIT_AREA || !s->policy) return 0;
    const almen_table *t = s->policy;
    size_t n = almen_table_nrows(t), shown = 0;
    const char *status = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *instrument = cell(t, "instrument", i);
        if (!same_text(cell(t, "area", i), u->id) || !instrument || !strcmp(instrument, "none")) continue;
        status = cell(t, "area_status", i);
        size_t j = 0, departments = 0;
        while (j < i && !same_rule(t, i, j, u->id)) j++;
        if (j < i) continue; /* shown with its first department */
        for (j = i; j < n; j++) departments += same_rule(t, i, j, u->id) != 0;
        if (!shown++)
            sb_printf(sb, "<h4>Letting rules on %s</h4>\n<table class=\"policy\">\n<thead><tr>"
                          "<th scope=\"col\">Source</th><th scope=\"col\" class=\"text\">Paragraph</th>"
                          "<th scope=\"col\" class=\"text\">Instrument</th><th scope=\"col\" class=\"text\">"
                          "Parameters</th><th scope=\"col\">Departments</th></tr></thead>\n<tbody>\n",
                      r->as_of);
        sb_puts(sb, "<tr><th scope=\"row\">");
        html_text(sb, cell(t, "source", i));
        sb_puts(sb, "</th><td class=\"text\">");
        html_text(sb, cell(t, "paragraph", i));
        sb_puts(sb, "</td><td class=\"text\">");
        for (const char *q = instrument; *q; q++) sb_putc(sb, *q == '_' ? ' ' : *q);
        sb_puts(sb, "</td><td class=\"text wrap\">");
        html_text(sb, cell(t, "parameters", i));
        sb_printf(sb, "</td><td>%zu</td></tr>\n", departments);
    }
    if (!shown) return 0;
    sb_puts(sb, "</tbody>\n</table>\n<p class=\"tests\">Area status used: ");
    html_text(sb, status ? status : "unknown");
    sb_puts(sb, " (the list in force on that day).</p>\n");
    return 0;
}

static int agreements_text(report *r, void *p, strbuf *sb)
{
    const state *s = p;
    if (s->error) {
        sb_printf(sb, "\nAgreements on %s: not read (%s)\n", r->as_of, s->error);
        return 0;
    }
    size_t n = s->agreements ? almen_table_nrows(s->agreements) : 0, on = 0;
    if (!n) return 0;
    for (size_t i = 0; i < n; i++) on += in_force(s->agreements, i, r->as_of) != 0;
    sb_printf(sb, "\nAgreements on %s: %zu in force of %zu; findings: %zu error(s), %zu warning(s), %zu note(s)\n",
              r->as_of, on, n, count_severity(s->findings, "error"), count_severity(s->findings, "warning"),
              count_severity(s->findings, "info"));
    return 0;
}

const report_section REPORT_AGREEMENTS = {
    .id = "agreements",
    .title = "Agreements",
    .description = "the agreements in force, their findings against the law, coverage, and each area's letting rules",
    .prepare = prepare,
    .release = release,
    .unit = agreements_unit,
    .text = agreements_text,
    .chapter = agreements_chapter,
    .notes = "<p><em>Agreements</em> are read as they stand on the report's day (by default 1 "
             "December of the latest year, when that year's statutory lists are published): "
             "those in force, the findings of the checks against almenboligloven (errors, "
             "warnings and notes, docs/agreements.md), and the coverage of departments, family "
             "dwellings and residents. <em>Letting rules</em> under each housing area are the "
             "instruments of the agreements in force there together with those the law adds for "
             "the area's status on the lists (\xc2\xa7" "59 stk. 6\xe2\x80\x93" "7, \xc2\xa7" "60, "
             "\xc2\xa7" "51c).</p>\n",
};
