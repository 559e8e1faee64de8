/* Section "classification": the statutory area lists — each area's placement by list year,
 * and for the latest year every criterion's value, threshold and margin (almen_case_classify
 * and almen_case_classify_criteria with the compiled-in rule set in force each year). The
 * criteria's thresholds also become the threshold lines of the trend charts. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "almen/classify.h"
#include "error_internal.h"
#include "html.h"
#include "report_internal.h"

#define MAX_RULES 8
#define MAX_YEAR_COLUMNS 6

struct report_classification {
    int ok;
    char *error;       /* why there is no classification, when !ok */
    almen_table *wide; /* almen_case_classify */
    almen_table *crit; /* almen_case_classify_criteria */
    int latest;        /* the latest list year classified */
    struct {
        char *id;
        almen_table *criteria, *categories;
    } rules[MAX_RULES];
    size_t n_rules;
};

void report_classification_free(report_classification *k)
{
    if (!k) return;
    almen_table_free(k->wide);
    almen_table_free(k->crit);
    for (size_t i = 0; i < k->n_rules; i++) {
        free(k->rules[i].id);
        almen_table_free(k->rules[i].criteria);
        almen_table_free(k->rules[i].categories);
    }
    free(k->error);
    free(k);
}

/* Column index by name; NO_ROW when absent (a rule set without that category). */
static size_t col(const almen_table *t, const char *name)
{
    for (size_t j = 0; j < almen_table_ncols(t); j++)
        if (!strcmp(almen_table_column_name(t, j), name)) return j;
    return NO_ROW;
}

static const char *str(const almen_table *t, const char *name, size_t row)
{
    size_t j = col(t, name);
    return j == NO_ROW ? NULL : almen_table_get_string(t, j, row);
}

static double num(const almen_table *t, const char *name, size_t row)
{
    size_t j = col(t, name);
    return j == NO_ROW ? NAN : almen_table_get_double(t, j, row);
}

static int32_t flag(const almen_table *t, const char *name, size_t row)
{
    size_t j = col(t, name);
    return j == NO_ROW ? ALMEN_NA_INT : almen_table_get_int(t, j, row);
}

/* Classifies the report's years from 2010 on (no rule set is older). A case the
 * classification refuses (say, a reference value it cannot do without) keeps its report: the
 * section then says why instead. */
static void compute(report *r, report_classification *k)
{
    almen_classify_options *o = NULL;
    int first = r->years[0] > 2010 ? r->years[0] : 2010, last = r->years[r->n_years - 1];
    int rc = ALMEN_OK;
    if (last < 2010) {
        k->error = strdup("the statutory lists begin in 2010");
        return;
    }
    rc = almen_classify_options_new(&o);
    if (!rc) rc = almen_classify_options_set_years(o, first, last);
    if (!rc) rc = almen_case_classify(r->c, o, &k->wide);
    if (!rc) rc = almen_case_classify_criteria(r->c, o, &k->crit);
    almen_classify_options_free(o);
    if (rc) {
        k->error = strdup(almen_error_last_message());
        return;
    }
    k->latest = 0;
    for (size_t i = 0; i < almen_table_nrows(k->wide); i++) {
        int y = flag(k->wide, "year", i);
        if (y > k->latest) k->latest = y;
        const char *id = str(k->wide, "rules", i);
        size_t n = 0;
        while (n < k->n_rules && strcmp(k->rules[n].id, id)) n++;
        if (n < k->n_rules || n == MAX_RULES || !id) continue;
        almen_rules *rules = NULL;
        if (almen_rules_builtin(id, &rules) == ALMEN_OK) {
            k->rules[n].id = strdup(id);
            almen_rules_criteria(rules, &k->rules[n].criteria);
            almen_rules_categories(rules, &k->rules[n].categories);
            k->n_rules++;
        }
        almen_rules_free(rules);
    }
    k->ok = k->latest > 0;
    if (!k->ok) k->error = strdup("no housing area has figures in the years reported");
}

const report_classification *report_classify(report *r)
{
    if (!r->classification) {
        r->classification = calloc(1, sizeof *r->classification);
        if (!r->classification) return NULL;
        if (r->n_years) compute(r, r->classification);
        else r->classification->error = strdup("the case has no figures for the years reported");
    }
    return r->classification;
}

/* The rule set's name for a category or criterion id (from its tables), else the id. */
static const char *rules_name(const report_classification *k, const char *rules, int criterion,
                              const char *id)
{
    for (size_t i = 0; i < k->n_rules; i++) {
        if (!rules || strcmp(k->rules[i].id, rules)) continue;
        const almen_table *t = criterion ? k->rules[i].criteria : k->rules[i].categories;
        const char *key = criterion ? "criterion" : "category";
        for (size_t row = 0; row < almen_table_nrows(t); row++) {
            const char *v = str(t, key, row);
            if (v && id && !strcmp(v, id)) return str(t, "name", row);
        }
    }
    return id;
}

/* The indicator column a criterion is drawn in: "<criterion>_pct", or average_income for
 * income (the criterion compares it with the region's). */
static int criterion_of(const char *column, const char *criterion)
{
    if (!strcmp(column, "average_income")) return !strcmp(criterion, "income");
    size_t n = strlen(criterion);
    return !strncmp(column, criterion, n) && !strcmp(column + n, "_pct");
}

/* Short names for the overview's narrow columns; other categories use the rule set's name. */
static const struct {
    const char *id, *brief;
} BRIEF[] = {
    {"udsat", "udsat"},
    {"parallelsamfund", "parallelsamfund"},
    {"omdannelsesomraade", "omdannelse"},
    {"forebyggelsesomraade", "forebyggelse"},
    {"ghetto", "ghetto"},
    {"haardt_ghetto", "h\xc3\xa5rdt ghetto"},
};

/* A placement as a badge: the category's name, "not on a list", or "unknown"; brief: the
 * short name with the full one as its tooltip. */
static void put_badge(const report_classification *k, const char *rules, const char *placement, int brief,
                      strbuf *sb)
{
    if (!placement) {
        sb_puts(sb, "<span class=\"badge b-unknown\" title=\"unknown: figures or history missing\">unknown</span>");
        return;
    }
    if (!strcmp(placement, "none")) {
        sb_puts(sb, brief ? "<span class=\"badge b-none\" title=\"not on a list\">\xe2\x80\x93</span>"
                          : "<span class=\"badge b-none\">not on a list</span>");
        return;
    }
    const char *name = rules_name(k, rules, 0, placement), *shown = name;
    for (size_t i = 0; brief && i < sizeof BRIEF / sizeof BRIEF[0]; i++)
        if (!strcmp(BRIEF[i].id, placement)) shown = BRIEF[i].brief;
    sb_puts(sb, "<span class=\"badge b-");
    html_text(sb, placement);
    sb_puts(sb, "\" title=\"");
    html_text(sb, name);
    sb_puts(sb, "\">");
    html_text(sb, shown);
    sb_puts(sb, "</span>");
}

/* The wide row of area id in list year y, or NO_ROW. */
static size_t wide_row(const report_classification *k, const char *area, int y)
{
    for (size_t i = 0; i < almen_table_nrows(k->wide); i++) {
        const char *a = str(k->wide, "area", i);
        if (a && !strcmp(a, area) && flag(k->wide, "year", i) == y) return i;
    }
    return NO_ROW;
}

/* ---- the overview: placements by list year ----------------------------------------------- */

static int classification_overview(report *r, void *state, strbuf *sb)
{
    (void)state;
    const report_classification *k = report_classify(r);
    if (!k) return almen_fail_nomem();
    sb_puts(sb, "<div class=\"lists\">\n");
    if (!k->ok) {
        sb_puts(sb, "<p class=\"supp-note\">No statutory classification: ");
        html_text(sb, k->error ? k->error : "out of memory");
        sb_puts(sb, ".</p>\n</div>\n");
        return 0;
    }
    /* The list years of the report's last columns. */
    int years[MAX_YEAR_COLUMNS];
    size_t n = 0;
    for (size_t yi = r->n_years; yi-- > 0 && n < MAX_YEAR_COLUMNS;)
        if (r->years[yi] >= 2010 && r->years[yi] <= k->latest) years[n++] = r->years[yi];
    sb_puts(sb, "<table class=\"lists-table\">\n<caption>The statutory lists by list year</caption>\n"
                "<thead><tr><th scope=\"col\">Housing area</th><th scope=\"col\">Residents</th>");
    for (size_t i = n; i-- > 0;) sb_printf(sb, "<th scope=\"col\">%d</th>", years[i]);
    sb_puts(sb, "</tr></thead>\n<tbody>\n");
    for (size_t u = 0; u < r->n_units; u++) {
        const report_unit *a = &r->units[u];
        if (a->level != UNIT_AREA) continue;
        size_t latest = wide_row(k, a->id, k->latest);
        sb_puts(sb, "<tr data-unit=\"");
        html_text(sb, a->id);
        sb_puts(sb, "\"><th scope=\"row\"><a href=\"#");
        report_put_anchor(a, sb);
        sb_puts(sb, "\">");
        html_text(sb, a->name);
        sb_puts(sb, "</a></th><td>");
        html_put_num(sb, latest == NO_ROW ? NAN : num(k->wide, "residents", latest), 0, "\xe2\x80\x93");
        sb_puts(sb, "</td>");
        for (size_t i = n; i-- > 0;) {
            size_t row = wide_row(k, a->id, years[i]);
            sb_puts(sb, "<td class=\"placement\">");
            if (row == NO_ROW) sb_puts(sb, "\xe2\x80\x93");
            else put_badge(k, str(k->wide, "rules", row), str(k->wide, "placement", row), 1, sb);
            sb_puts(sb, "</td>");
        }
        sb_puts(sb, "</tr>\n");
    }
    sb_puts(sb, "</tbody>\n</table>\n</div>\n");
    return 0;
}

/* ---- per area: the latest year's criteria -------------------------------------------------- */

static const char *op_text(const char *op)
{
    if (!op) return "?";
    if (!strcmp(op, ">=")) return "\xe2\x89\xa5";
    if (!strcmp(op, "<=")) return "\xe2\x89\xa4";
    return op; /* ">" and "<" are escaped by the caller */
}

static void put_signed(strbuf *sb, double v, int decimals, const char *unit)
{
    char buf[HTML_NUM_MAX];
    if (!isfinite(v)) {
        sb_puts(sb, "\xe2\x80\x93");
        return;
    }
    html_num(buf, fabs(v), decimals, HTML_THOUSANDS);
    sb_puts(sb, v > 0 ? "+" : v < 0 ? "\xe2\x88\x92" : "");
    sb_puts(sb, buf);
    sb_puts(sb, unit);
}

/* Is any year of the criterion's window suppressed for this area? */
static int window_suppressed(const report *r, const report_unit *u, int data_year, int window)
{
    for (size_t yi = 0; yi < r->n_years; yi++)
        if (r->years[yi] <= data_year && r->years[yi] > data_year - (window > 0 ? window : 1) && u->suppressed[yi])
            return 1;
    return 0;
}

/* The criterion's label: the report's indicator label where it draws one, else the rule
 * set's name. */
static const char *criterion_label(const report_classification *k, const char *rules, const char *criterion)
{
    for (size_t i = 0; i < REPORT_N_INDICATORS && criterion; i++)
        if (criterion_of(REPORT_INDICATORS[i].column, criterion)) return REPORT_INDICATORS[i].label;
    return rules_name(k, rules, 1, criterion);
}

/* The legal source of a criterion in its rule set ("§61a stk. 1 nr. 1; ..."), or NULL. */
static const char *criterion_source(const report_classification *k, const char *rules, const char *criterion)
{
    for (size_t i = 0; i < k->n_rules; i++) {
        if (!rules || strcmp(k->rules[i].id, rules)) continue;
        const almen_table *t = k->rules[i].criteria;
        for (size_t row = 0; row < almen_table_nrows(t); row++) {
            const char *v = str(t, "criterion", row);
            if (v && criterion && !strcmp(v, criterion)) return str(t, "source", row);
        }
    }
    return NULL;
}

/* One row per criterion and threshold set; first: the first row of its criterion (which
 * names it). */
static void put_criterion_row(const report *r, const report_unit *u, const report_classification *k, size_t i,
                              int first, strbuf *sb)
{
    const almen_table *t = k->crit;
    const char *criterion = str(t, "criterion", i), *unit = str(t, "unit", i), *rules = str(t, "rules", i);
    int multiple = unit && !strcmp(unit, "multiple");
    int32_t met = flag(t, "met", i), counted = flag(t, "counted", i);
    int hidden = window_suppressed(r, u, flag(t, "data_year", i), flag(t, "window_years", i));
    sb_printf(sb, "<tr class=\"%s%s\"><th scope=\"row\">", met == 1 ? "met" : met == 0 ? "not-met" : "unknown",
              first ? " first" : "");
    if (first) {
        html_text(sb, criterion_label(k, rules, criterion));
        const char *source = criterion_source(k, rules, criterion);
        int window = flag(t, "window_years", i);
        sb_puts(sb, "<span class=\"note\">");
        html_text(sb, source);
        if (window > 1) sb_printf(sb, "%saverage of %d years", source ? " \xc2\xb7 " : "", window);
        sb_puts(sb, "</span>");
        if (counted == 0) sb_puts(sb, "<span class=\"note\">switched off: not counted</span>");
    }
    sb_puts(sb, "</th><td class=\"text\">");
    html_text(sb, str(t, "thresholds", i));
    sb_puts(sb, "</td><td>");
    if (hidden) report_put_suppressed(r, sb);
    else {
        html_put_num(sb, num(t, "value_pct", i), multiple ? 2 : 1, "\xe2\x80\x93");
        sb_puts(sb, " %");
        if (multiple && isfinite(num(t, "value", i))) {
            sb_puts(sb, "<span class=\"note\">");
            html_put_num(sb, num(t, "value", i), 2, "");
            sb_puts(sb, " \xc3\x97 national</span>");
        }
    }
    sb_puts(sb, "</td><td>");
    html_text(sb, op_text(str(t, "op", i)));
    sb_putc(sb, ' ');
    if (multiple) {
        /* 3 decimals: 3 x 0.725 = 2.175 is not to be read as 2.17 or 2.18 */
        html_put_num(sb, num(t, "threshold_pct", i), 3, "?");
        sb_puts(sb, " %<span class=\"note\">");
        html_put_num(sb, num(t, "threshold", i), 0, "?");
        sb_puts(sb, " \xc3\x97 national</span>");
    } else {
        html_put_num(sb, num(t, "threshold_pct", i), 1, "?");
        sb_puts(sb, " %");
    }
    sb_printf(sb, "</td><td class=\"met\">%s</td><td>", met == 1 ? "yes" : met == 0 ? "no" : "unknown");
    if (hidden) sb_puts(sb, "</td><td>");
    else {
        put_signed(sb, num(t, "margin_pp", i), multiple ? 2 : 1, " pp");
        sb_puts(sb, "</td><td>");
        put_signed(sb, num(t, "margin_persons", i), 0, "");
    }
    sb_puts(sb, "</td></tr>\n");
}

static int classification_unit(report *r, void *state, const report_unit *u, strbuf *sb)
{
    (void)state;
    if (u->level != UNIT_AREA) return 0;
    const report_classification *k = report_classify(r);
    if (!k) return almen_fail_nomem();
    if (!k->ok) return 0; /* said once, in the overview */
    size_t w = wide_row(k, u->id, k->latest);
    if (w == NO_ROW) return 0;
    const char *rules = str(k->wide, "rules", w);
    sb_printf(sb, "<h4>Statutory classification %d</h4>\n<p class=\"placement\">", k->latest);
    put_badge(k, rules, str(k->wide, "placement", w), 0, sb);
    sb_printf(sb, " list year %d, rules ", k->latest);
    html_text(sb, rules);
    sb_puts(sb, " \xc2\xb7 ");
    html_put_num(sb, num(k->wide, "residents", w), 0, "?");
    int32_t eligible = flag(k->wide, "eligible", w);
    sb_puts(sb, eligible == 1   ? " residents: large enough to be listed"
                : eligible == 0 ? " residents: too few to be listed, whatever the criteria"
                                : " residents");
    sb_puts(sb, "</p>\n");
    const char *missing = str(k->wide, "missing", w);
    if (missing) {
        sb_puts(sb, "<p class=\"supp-note\">Unknown for want of: ");
        html_text(sb, missing);
        sb_puts(sb, "</p>\n");
    }
    sb_printf(sb, "<table class=\"criteria\">\n<caption>The criteria, list year %d</caption>\n<thead><tr>"
                  "<th scope=\"col\">Criterion</th><th scope=\"col\" class=\"text\">Thresholds</th>"
                  "<th scope=\"col\">Value</th><th scope=\"col\">Test</th><th scope=\"col\">Met</th>"
                  "<th scope=\"col\">Margin</th><th scope=\"col\">Margin, persons</th></tr></thead>\n<tbody>\n",
              k->latest);
    const char *previous = NULL;
    for (size_t i = 0; i < almen_table_nrows(k->crit); i++) {
        const char *a = str(k->crit, "area", i), *criterion = str(k->crit, "criterion", i);
        if (!a || strcmp(a, u->id) || flag(k->crit, "year", i) != k->latest) continue;
        put_criterion_row(r, u, k, i, !previous || !criterion || strcmp(previous, criterion), sb);
        previous = criterion;
    }
    sb_puts(sb, "</tbody>\n</table>\n");
    /* The tests follow from the criteria: withheld with them. */
    if (window_suppressed(r, u, flag(k->wide, "data_year", w), 2)) return 0;
    sb_puts(sb, "<p class=\"tests\">Statutory tests: ");
    /* Every category of the rule set, in its order: the test and whether listed. */
    for (size_t i = 0; i < k->n_rules; i++) {
        if (strcmp(k->rules[i].id, rules)) continue;
        const almen_table *cats = k->rules[i].categories;
        for (size_t c = 0; c < almen_table_nrows(cats); c++) {
            const char *id = str(cats, "category", c);
            int32_t test = flag(k->wide, id, w);
            sb_puts(sb, c ? " \xc2\xb7 " : "");
            html_text(sb, str(cats, "name", c));
            sb_puts(sb, test == 1 ? " <strong>yes</strong>" : test == 0 ? " no" : " unknown");
        }
    }
    sb_puts(sb, "</p>\n");
    return 0;
}

/* ---- the text summary ----------------------------------------------------------------------- */

static int classification_text(report *r, void *state, strbuf *sb)
{
    (void)state;
    const report_classification *k = report_classify(r);
    if (!k) return almen_fail_nomem();
    if (!k->ok) {
        sb_printf(sb, "\nNo statutory classification: %s.\n", k->error ? k->error : "out of memory");
        return 0;
    }
    sb_printf(sb, "\nStatutory lists %d\n", k->latest);
    for (size_t u = 0; u < r->n_units; u++) {
        const report_unit *a = &r->units[u];
        size_t w = a->level == UNIT_AREA ? wide_row(k, a->id, k->latest) : NO_ROW;
        if (w == NO_ROW) continue;
        const char *placement = str(k->wide, "placement", w);
        const char *name = !placement ? "unknown"
                           : !strcmp(placement, "none")
                               ? "not on a list"
                               : rules_name(k, str(k->wide, "rules", w), 0, placement);
        sb_puts(sb, "  ");
        report_text_label(sb, a->name, 22);
        sb_putc(sb, ' ');
        report_text_label(sb, name, 22);
        int32_t met = flag(k->wide, "criteria_met", w);
        if (window_suppressed(r, a, flag(k->wide, "data_year", w), 2)) sb_puts(sb, " criteria suppressed");
        else if (met != ALMEN_NA_INT) sb_printf(sb, " criteria met: %d", (int)met);
        if (flag(k->wide, "eligible", w) == 0) sb_puts(sb, " (too few residents to be listed)");
        sb_printf(sb, " [%s]\n", str(k->wide, "rules", w));
    }
    return 0;
}

/* ---- thresholds for the trend charts ------------------------------------------------------ */

size_t report_thresholds(report *r, const char *column, svg_threshold *out, size_t max,
                         char labels[][REPORT_LABEL_MAX])
{
    const report_classification *k = report_classify(r);
    if (!k || !k->ok) return 0;
    int income = !strcmp(column, "average_income");
    size_t n = 0;
    for (size_t i = 0; i < almen_table_nrows(k->crit); i++) {
        const char *criterion = str(k->crit, "criterion", i), *set = str(k->crit, "thresholds", i);
        const char *unit = str(k->crit, "unit", i);
        if (flag(k->crit, "year", i) != k->latest || !criterion || !set || !unit || !criterion_of(column, criterion))
            continue;
        double v = num(k->crit, "threshold_pct", i);
        if (income) v = v * num(k->crit, "reference", i) / 100; /* 55 x 373365 / 100 is exact */
        if (!isfinite(v)) continue;
        /* One line per value: the same set comes once per area, and two sets may share a
         * value (basic schooling's 60 % for both lists): "udsat, forebyggelse > 60.0 %". */
        size_t j = 0;
        while (j < n && out[j].value != v) j++;
        if (j < n) {
            char *sets = labels[j], *end = strchr(sets, '\t');
            if (!end || strstr(sets, set)) continue;
            char rest[REPORT_LABEL_MAX];
            snprintf(rest, sizeof rest, "%s", end);
            snprintf(end, REPORT_LABEL_MAX - (size_t)(end - sets), ", %.20s%s", set, rest);
            continue;
        }
        if (n == max) continue;
        char value[HTML_NUM_MAX];
        html_num(value, v, income ? 0 : strcmp(unit, "multiple") ? 1 : 3, HTML_THOUSANDS);
        /* The sets, a tab, then the test: the tab becomes a space below. */
        snprintf(labels[n], REPORT_LABEL_MAX, "%.20s\t%s %s%s", set, op_text(str(k->crit, "op", i)), value,
                 income ? " kr" : " %");
        out[n] = (svg_threshold){v, set, labels[n]};
        n++;
    }
    for (size_t j = 0; j < n; j++) *strchr(labels[j], '\t') = ' ';
    return n;
}

const report_section REPORT_CLASSIFICATION = {
    .id = "classification",
    .title = "Statutory classification",
    .description = "each area's place on the statutory lists by year; the criteria's values, thresholds and margins",
    .overview = classification_overview,
    .unit = classification_unit,
    .text = classification_text,
    .notes = "<p><em>Statutory classification</em> applies the rule set in force for each list "
             "year (dk-2021 from 2021: almenboligloven \xc2\xa7" "61a and \xc2\xa7" "61b; dk-2018, "
             "dk-2013 and dk-2010 before) to the figures of the same year, with the reference "
             "values of the case (national conviction rate, regional income). A criterion's value "
             "may average two years, as the law says; the trend charts show single years, so a "
             "yearly point can lie on the other side of a threshold line than the criterion. "
             "<em>Margin</em> is the distance from the threshold in percentage points, positive "
             "when the criterion is met; <em>margin, persons</em> is the smallest number of "
             "residents whose status would have to change to flip it: when positive, that many "
             "fewer would end it; when negative, that many more would meet it. An area with "
             "fewer than 1,000 residents is not listed whatever its criteria. The list of "
             "forebyggelsesomr\xc3\xa5" "der leaves out udsatte areas, as the published lists do "
             "(docs/classification.md).</p>\n",
};
