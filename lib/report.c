/* The report driver: the HTML document around the sections, and the text summary. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "almen/version.h"
#include "case_internal.h"
#include "error_internal.h"
#include "html.h"
#include "report_internal.h"

extern const char REPORT_CSS[];

extern const report_section REPORT_OVERVIEW, REPORT_CLASSIFICATION, REPORT_FIGURES, REPORT_TRENDS,
    REPORT_DEPARTMENTS, REPORT_AGREEMENTS, REPORT_RENOVATION, REPORT_MIX, REPORT_SIMULATION;

/* Report order. A new section is one file and one line here. */
const report_section *const REPORT_SECTIONS[] = {
    &REPORT_OVERVIEW,
    &REPORT_CLASSIFICATION,
    &REPORT_FIGURES,
    &REPORT_TRENDS,
    &REPORT_SIMULATION,
    &REPORT_DEPARTMENTS,
    &REPORT_AGREEMENTS,
    &REPORT_RENOVATION,
    &REPORT_MIX,
};
const size_t REPORT_N_SECTIONS = sizeof REPORT_SECTIONS / sizeof REPORT_SECTIONS[0];

/* The composition indicators, in the order of the shares in fields.c (a test checks that
 * every share has one). */
const report_indicator REPORT_INDICATORS[] = {
    {"outside_labour_pct", "Outside labour market and education", "Outside labour",
     "per cent of residents 18\xe2\x80\x93" "64, full-time equivalents", " %", 1},
    {"convicted_pct", "Convicted", "Convicted", "per cent of residents 18 and over", " %", 2},
    {"basic_education_pct", "Only basic schooling", "Basic schooling only", "per cent of residents 30\xe2\x80\x93" "59", " %", 1},
    {"nonwestern_pct", "Non-western background", "Non-western",
     "immigrants and descendants, per cent of residents", " %", 1},
    {"average_income", "Average gross income", "Average income",
     "kr a year, taxpayers 15\xe2\x80\x93" "64 excluding students", " kr", 0},
};
const size_t REPORT_N_INDICATORS = sizeof REPORT_INDICATORS / sizeof REPORT_INDICATORS[0];

/* ---- helpers for the sections ------------------------------------------------------- */

void report_put_rule(const report *r, strbuf *sb)
{
    int p = r->opt->min_persons, h = r->opt->min_households;
    sb_puts(sb, "fewer than ");
    if (p) sb_printf(sb, "%d residents", p);
    if (p && h) sb_puts(sb, " or ");
    if (h) sb_printf(sb, "%d households", h);
}

void report_put_suppressed(const report *r, strbuf *sb)
{
    sb_puts(sb, "<span class=\"supp\" title=\"suppressed: ");
    report_put_rule(r, sb);
    sb_puts(sb, ", or a smaller group could be worked out by subtraction\">suppressed</span>");
}

void report_put_unit_title(const report *r, const report_unit *u, strbuf *sb)
{
    switch (u->level) {
    case UNIT_MUNICIPALITY:
        html_text(sb, u->name);
        sb_puts(sb, " as a whole");
        break;
    case UNIT_DISTRICT:
        sb_puts(sb, "District ");
        html_text(sb, u->name);
        break;
    default: html_text(sb, u->name);
    }
    (void)r;
}

void report_text_label(strbuf *sb, const char *label, int width)
{
    int used = 0;
    for (const char *p = label; *p; p++) {
        int starts = ((unsigned char)*p & 0xC0) != 0x80;
        if (starts && used == width) break;
        used += starts;
        sb_putc(sb, *p);
    }
    sb_printf(sb, "%*s", width - used, "");
}

void report_put_table(strbuf *sb, const char *cls, const char *caption, const almen_table *t,
                      const report_column *cols, size_t n,
                      int (*keep)(const almen_table *t, size_t row, const void *arg), const void *arg)
{
    size_t rows = 0;
    for (size_t row = 0; row < almen_table_nrows(t); row++) rows += !keep || keep(t, row, arg);
    if (!rows) return;
    sb_printf(sb, "<table class=\"%s\">\n", cls);
    if (caption) {
        sb_puts(sb, "<caption>");
        html_text(sb, caption);
        sb_puts(sb, "</caption>\n");
    }
    sb_puts(sb, "<thead><tr>");
    for (size_t j = 0; j < n; j++) {
        size_t c;
        int text = almen_table_column_index(t, cols[j].column, &c) == ALMEN_OK &&
                   almen_table_column_type(t, c) == ALMEN_COL_STRING;
        sb_printf(sb, "<th scope=\"col\"%s>%s</th>", text ? " class=\"text\"" : "", cols[j].label);
    }
    sb_puts(sb, "</tr></thead>\n<tbody>\n");
    for (size_t row = 0; row < almen_table_nrows(t); row++) {
        if (keep && !keep(t, row, arg)) continue;
        sb_puts(sb, "<tr>");
        for (size_t j = 0; j < n; j++) {
            size_t c;
            if (almen_table_column_index(t, cols[j].column, &c)) {
                sb_puts(sb, "<td></td>");
                continue;
            }
            int type = almen_table_column_type(t, c);
            if (type == ALMEN_COL_STRING) {
                const char *v = almen_table_get_string(t, c, row);
                sb_puts(sb, j == 0 ? "<th scope=\"row\">" : "<td class=\"text\">");
                if (v) html_text(sb, v);
                else sb_puts(sb, "\xe2\x80\x93");
                sb_puts(sb, j == 0 ? "</th>" : "</td>");
            } else if (type == ALMEN_COL_BOOL) {
                int32_t v = almen_table_get_int(t, c, row);
                sb_printf(sb, "<td>%s</td>", v == ALMEN_NA_INT ? "\xe2\x80\x93" : v ? "yes" : "no");
            } else {
                double v = almen_table_get_double(t, c, row);
                sb_puts(sb, "<td>");
                if (cols[j].decimals < 0 && isfinite(v)) sb_printf(sb, "%.0f", v); /* a year: no grouping */
                else html_put_num(sb, v, cols[j].decimals, "\xe2\x80\x93");
                if (isfinite(v) && cols[j].suffix) sb_puts(sb, cols[j].suffix);
                sb_puts(sb, "</td>");
            }
        }
        sb_puts(sb, "</tr>\n");
    }
    sb_puts(sb, "</tbody>\n</table>\n");
}

/* ---- the document ------------------------------------------------------------------- */

static const char *const LEVEL_CLASS[UNIT_LEVELS] = {"municipality", "district", "area"};

static void put_year_range(const report *r, strbuf *sb)
{
    if (!r->n_years) {
        sb_puts(sb, "no figures");
        return;
    }
    sb_printf(sb, "%d", r->years[0]);
    if (r->n_years > 1) sb_printf(sb, "\xe2\x80\x93%d", r->years[r->n_years - 1]);
}

static void put_title(const report *r, strbuf *sb)
{
    if (r->opt->title) html_text(sb, r->opt->title);
    else {
        sb_puts(sb, "Social housing in ");
        html_text(sb, r->c->name);
    }
}

static void put_fact(strbuf *sb, const char *label, double v)
{
    sb_puts(sb, "<div><dt>");
    sb_puts(sb, label);
    sb_puts(sb, "</dt><dd>");
    html_put_num(sb, v, 0, "\xe2\x80\x93");
    sb_puts(sb, "</dd></div>");
}

static void put_cover(const report *r, strbuf *sb)
{
    const report_unit *m = REPORT_MUNICIPALITY(r);
    size_t yi = report_latest(r, m);
    sb_puts(sb, "<header class=\"cover\">\n<p class=\"kicker\">Almene boliger \xc2\xb7 social housing report</p>\n<h1>");
    put_title(r, sb);
    sb_printf(sb, "</h1>\n<p class=\"subtitle\">Municipality %d ", r->c->code);
    html_text(sb, r->c->name);
    sb_puts(sb, " \xc2\xb7 Region ");
    html_text(sb, r->c->region);
    sb_puts(sb, " \xc2\xb7 figures ");
    put_year_range(r, sb);
    sb_puts(sb, "</p>\n");
    if (r->opt->date) {
        sb_puts(sb, "<p class=\"date\">");
        html_text(sb, r->opt->date);
        sb_puts(sb, "</p>\n");
    }
    sb_puts(sb, "<dl class=\"keyfacts\">");
    put_fact(sb, "departments", (double)r->c->n_departments);
    put_fact(sb, "housing areas", (double)r->c->n_areas);
    put_fact(sb, "districts", (double)r->c->n_districts);
    if (yi != NO_ROW) {
        sb_printf(sb, "<div><dt>dwellings %d</dt><dd>", r->years[yi]);
        html_put_num(sb, report_value(r, m, yi, "dwellings"), 0, "\xe2\x80\x93");
        sb_printf(sb, "</dd></div><div><dt>residents %d</dt><dd>", r->years[yi]);
        html_put_num(sb, report_value(r, m, yi, "residents"), 0, "\xe2\x80\x93");
        sb_puts(sb, "</dd></div>");
    }
    sb_puts(sb, "</dl>\n");
    if (r->opt->min_persons || r->opt->min_households) {
        sb_puts(sb, "<p class=\"privacy\">Composition figures are suppressed for units with ");
        report_put_rule(r, sb);
        sb_puts(sb, " in a year, and for totals from which such a group could be worked out "
                    "by subtraction; they are marked <span class=\"supp\">suppressed</span>.</p>\n");
    } else {
        sb_puts(sb, "<p class=\"privacy warning\"><strong>Small-cell suppression is off.</strong> "
                    "This report may identify persons: for internal use only, not for "
                    "publication.</p>\n");
    }
    sb_puts(sb, "</header>\n");
}

static int is_top(const report_unit *u) { return u->parent == NO_ROW || u->parent == 0; }

/* Heading numbers: the overview is 1, then the municipality, each district (its areas
 * numbered within it) and each area outside the districts. */
static void put_number(const report *r, size_t k, strbuf *sb)
{
    int top = 1, sub = 0;
    for (size_t j = 0; j <= k; j++) {
        if (is_top(&r->units[j])) {
            top++;
            sub = 0;
        } else sub++;
    }
    if (sub) sb_printf(sb, "%d.%d", top, sub);
    else sb_printf(sb, "%d", top);
}

void report_put_anchor(const report_unit *u, strbuf *sb)
{
    sb_printf(sb, "%s-", LEVEL_CLASS[u->level]);
    html_id(sb, "", u->id);
}

static void put_toc_item(const report *r, size_t k, strbuf *sb)
{
    sb_puts(sb, "<li><a href=\"#");
    report_put_anchor(&r->units[k], sb);
    sb_puts(sb, "\"><span class=\"num\">");
    put_number(r, k, sb);
    sb_puts(sb, "</span> ");
    report_put_unit_title(r, &r->units[k], sb);
    sb_puts(sb, "</a>");
}

/* The chapters after the units: one per section that has something to say, pre-rendered
 * so that the contents can list them. */
typedef struct {
    strbuf body[sizeof REPORT_SECTIONS / sizeof REPORT_SECTIONS[0]];
    int number[sizeof REPORT_SECTIONS / sizeof REPORT_SECTIONS[0]]; /* 0: none */
} chapters;

static void put_toc(const report *r, const chapters *ch, strbuf *sb)
{
    sb_puts(sb, "<nav class=\"toc\">\n<h2>Contents</h2>\n<ol>\n"
                "<li><a href=\"#overview\"><span class=\"num\">1</span> Overview</a></li>\n");
    for (size_t k = 0; k < r->n_units; k++) {
        if (!is_top(&r->units[k])) continue;
        put_toc_item(r, k, sb);
        int open = 0;
        for (size_t j = k + 1; j < r->n_units && k > 0; j++) {
            if (r->units[j].parent != k) continue;
            sb_puts(sb, open++ ? "\n" : "\n<ol>\n");
            put_toc_item(r, j, sb);
            sb_puts(sb, "</li>");
        }
        sb_puts(sb, open ? "\n</ol></li>\n" : "</li>\n");
    }
    for (size_t i = 0; i < REPORT_N_SECTIONS; i++)
        if (ch->number[i])
            sb_printf(sb, "<li><a href=\"#chapter-%s\"><span class=\"num\">%d</span> %s</a></li>\n",
                      REPORT_SECTIONS[i]->id, ch->number[i], REPORT_SECTIONS[i]->title);
    sb_puts(sb, "<li><a href=\"#notes\"><span class=\"num\"></span> About the figures</a></li>\n"
                "</ol>\n</nav>\n");
}

static void put_unit_subtitle(const report *r, const report_unit *u, strbuf *sb)
{
    size_t yi = report_latest(r, u);
    sb_puts(sb, "<p class=\"unit-sub\">");
    if (u->level == UNIT_MUNICIPALITY) sb_printf(sb, "Municipality %d", r->c->code);
    else if (u->level == UNIT_DISTRICT) sb_puts(sb, "District (bydel)");
    else if (u->parent && u->parent != NO_ROW) {
        sb_puts(sb, "Housing area in district ");
        html_text(sb, r->units[u->parent].name);
    } else sb_puts(sb, "Housing area (boligomr\xc3\xa5" "de)");
    if (yi != NO_ROW) {
        sb_puts(sb, " \xc2\xb7 ");
        html_put_num(sb, report_value(r, u, yi, "departments"), 0, "?");
        sb_puts(sb, " departments \xc2\xb7 ");
        html_put_num(sb, report_value(r, u, yi, "dwellings"), 0, "?");
        sb_printf(sb, " dwellings (%d)", r->years[yi]);
    } else sb_puts(sb, " \xc2\xb7 no figures in the years reported");
    sb_puts(sb, "</p>\n");
}

typedef struct {
    report *r;
    void **state;
    unsigned sections;
} doc;

static int put_unit(doc *d, size_t k, strbuf *sb)
{
    report *r = d->r;
    const report_unit *u = &r->units[k];
    int top = is_top(u);
    sb_printf(sb, "<section class=\"unit %s\" id=\"", LEVEL_CLASS[u->level]);
    report_put_anchor(u, sb);
    sb_printf(sb, "\" data-level=\"%s\" data-unit=\"", LEVEL_CLASS[u->level]);
    html_text(sb, u->id);
    sb_puts(sb, top ? "\">\n<h2>" : "\">\n<h3>");
    sb_puts(sb, "<span class=\"num\">");
    put_number(r, k, sb);
    sb_puts(sb, "</span> ");
    report_put_unit_title(r, u, sb);
    sb_puts(sb, top ? "</h2>\n" : "</h3>\n");
    put_unit_subtitle(r, u, sb);
    for (size_t i = 0; i < REPORT_N_SECTIONS; i++) {
        const report_section *s = REPORT_SECTIONS[i];
        if (!(d->sections >> i & 1) || !s->unit) continue;
        size_t mark = sb->len;
        sb_printf(sb, "<div class=\"part part-%s\" data-section=\"%s\">\n", s->id, s->id);
        size_t body = sb->len;
        int rc = s->unit(r, d->state[i], u, sb);
        if (rc) return rc;
        if (sb->len == body && !sb->failed) {
            /* Nothing to say here: no empty wrapper. */
            sb->len = mark;
            sb->data[mark] = '\0';
        } else sb_puts(sb, "</div>\n");
    }
    /* A district's areas sit inside its section. */
    for (size_t j = k + 1; j < r->n_units && u->level == UNIT_DISTRICT; j++) {
        if (r->units[j].parent != k) continue;
        int rc = put_unit(d, j, sb);
        if (rc) return rc;
    }
    sb_puts(sb, "</section>\n");
    return ALMEN_OK;
}

static int render_chapters(doc *d, chapters *ch)
{
    report *r = d->r;
    int next = 2; /* after the overview and the top-level units */
    for (size_t k = 0; k < r->n_units; k++) next += is_top(&r->units[k]);
    for (size_t i = 0; i < REPORT_N_SECTIONS; i++) {
        const report_section *s = REPORT_SECTIONS[i];
        if (!(d->sections >> i & 1) || !s->chapter) continue;
        int rc = s->chapter(r, d->state[i], &ch->body[i]);
        if (rc) return rc;
        if (ch->body[i].len) ch->number[i] = next++;
    }
    return ALMEN_OK;
}

static int write_document(doc *d, const chapters *ch, strbuf *sb)
{
    report *r = d->r;
    sb_puts(sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    sb_printf(sb, "<meta name=\"generator\" content=\"libalmen %s\">\n<title>", almen_version());
    put_title(r, sb);
    sb_puts(sb, "</title>\n<style>\n");
    sb_puts(sb, REPORT_CSS);
    sb_puts(sb, "</style>\n</head>\n<body>\n");
    put_cover(r, sb);
    put_toc(r, ch, sb);
    sb_puts(sb, "<main>\n<section class=\"overview\" id=\"overview\">\n<h2><span class=\"num\">1</span> Overview</h2>\n");
    for (size_t i = 0; i < REPORT_N_SECTIONS; i++) {
        const report_section *s = REPORT_SECTIONS[i];
        if (!(d->sections >> i & 1) || !s->overview) continue;
        int rc = s->overview(r, d->state[i], sb);
        if (rc) return rc;
    }
    sb_puts(sb, "</section>\n");
    for (size_t k = 0; k < r->n_units; k++) {
        if (!is_top(&r->units[k])) continue; /* inside its district */
        int rc = put_unit(d, k, sb);
        if (rc) return rc;
    }
    for (size_t i = 0; i < REPORT_N_SECTIONS; i++) {
        if (ch->number[i]) {
            const report_section *s = REPORT_SECTIONS[i];
            sb_printf(sb, "<section class=\"chapter\" id=\"chapter-%s\" data-section=\"%s\">\n"
                          "<h2><span class=\"num\">%d</span> %s</h2>\n",
                      s->id, s->id, ch->number[i], s->title);
            sb_append(sb, ch->body[i].data, ch->body[i].len);
            sb_puts(sb, "</section>\n");
            if (ch->body[i].failed) sb->failed = 1;
        }
    }
    sb_puts(sb, "<section class=\"notes\" id=\"notes\">\n<h2>About the figures</h2>\n");
    sb_puts(sb, "<p>Figures are those of the case file, per department and year (residents and "
                "households on 1 January, events during the year), summed to housing areas, "
                "districts and the municipality. Every share is a ratio of sums: the summed "
                "numerators over the summed denominators of the departments, never an average "
                "of department shares. A unit's figure is missing for a year when any of its "
                "departments lacks it.</p>\n<p>Small cells: ");
    if (r->opt->min_persons || r->opt->min_households) {
        sb_puts(sb, "composition figures (the shares and the average income) of a unit are not "
                    "shown for a year in which it has ");
        report_put_rule(r, sb);
        sb_puts(sb, " (Landsbyggefonden's rule for publishing department data, default 100 and "
                    "50), and a total is suppressed as well when subtracting the units shown under "
                    "it would leave such a group. The size of a unit and the figures on dwellings "
                    "and tenancies (vacancies, move-outs, lettings, evictions) are not composition "
                    "and are always shown.</p>\n");
    } else sb_puts(sb, "suppression was switched off for this report.</p>\n");
    for (size_t i = 0; i < REPORT_N_SECTIONS; i++) {
        const report_section *s = REPORT_SECTIONS[i];
        if (!(d->sections >> i & 1) || !s->notes) continue;
        sb_printf(sb, "<h3>%s</h3>\n", s->title);
        sb_puts(sb, s->notes);
    }
    sb_printf(sb, "</section>\n</main>\n<footer>Made with libalmen %s from the case file of ", almen_version());
    html_text(sb, r->c->name);
    sb_puts(sb, ".</footer>\n</body>\n</html>\n");
    return ALMEN_OK;
}

static int put_document(doc *d, strbuf *sb)
{
    chapters ch;
    memset(&ch, 0, sizeof ch);
    int rc = render_chapters(d, &ch);
    if (!rc) rc = write_document(d, &ch, sb);
    for (size_t i = 0; i < REPORT_N_SECTIONS; i++) sb_free(&ch.body[i]);
    return rc;
}

/* Runs prepare of every included section, then body, then release. */
static int with_sections(const almen_case *c, const almen_report_options *options,
                         int (*body)(doc *d, strbuf *sb), char **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is NULL");
    *out = NULL;
    if (!c) return almen_fail(ALMEN_EINVAL, "case is NULL");
    almen_report_options *defaults = NULL;
    if (!options) {
        int rc = almen_report_options_new(&defaults);
        if (rc) return rc;
        options = defaults;
    }
    report r;
    void *state[sizeof REPORT_SECTIONS / sizeof REPORT_SECTIONS[0]] = {0};
    doc d = {&r, state, options->sections};
    strbuf sb;
    sb_init(&sb);
    int rc = report_open(&r, c, options);
    if (rc) {
        almen_report_options_free(defaults);
        return rc;
    }
    for (size_t i = 0; i < REPORT_N_SECTIONS && !rc; i++)
        if ((d.sections >> i & 1) && REPORT_SECTIONS[i]->prepare) rc = REPORT_SECTIONS[i]->prepare(&r, &state[i]);
    if (!rc) rc = body(&d, &sb);
    for (size_t i = 0; i < REPORT_N_SECTIONS; i++)
        if (state[i] && REPORT_SECTIONS[i]->release) REPORT_SECTIONS[i]->release(state[i]);
    report_close(&r);
    almen_report_options_free(defaults);
    if (rc) {
        sb_free(&sb);
        return rc;
    }
    return sb_finish(&sb, out);
}

almen_status almen_case_report_html(const almen_case *c, const almen_report_options *options, char **out)
{
    return with_sections(c, options, put_document, out);
}

static int put_text(doc *d, strbuf *sb)
{
    report *r = d->r;
    const almen_case *c = r->c;
    if (r->opt->title) sb_printf(sb, "%s\n", r->opt->title);
    sb_printf(sb, "%s (municipality %d, region %s): %zu departments, %zu districts, %zu housing areas\n",
              c->name, c->code, c->region, c->n_departments, c->n_districts, c->n_areas);
    if (r->opt->date) sb_printf(sb, "%s\n", r->opt->date);
    if (!r->n_years) {
        sb_puts(sb, "No figures in this case");
        sb_puts(sb, r->opt->first_year || r->opt->last_year ? " for the years asked for.\n" : ".\n");
        return ALMEN_OK;
    }
    for (size_t i = 0; i < REPORT_N_SECTIONS; i++) {
        const report_section *s = REPORT_SECTIONS[i];
        if (!(d->sections >> i & 1) || !s->text) continue;
        int rc = s->text(r, d->state[i], sb);
        if (rc) return rc;
    }
    return ALMEN_OK;
}

almen_status almen_case_report_text(const almen_case *c, const almen_report_options *options, char **out)
{
    return with_sections(c, options, put_text, out);
}
