/* Section "renovation": the case's renovation scenarios side by side — costs, financing,
 * what residents and the fund pay, rents before and after, the dwellings left under the
 * affordability bands, and the path of the family-dwelling share towards §168a's limit. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "almen/renovation.h"
#include "error_internal.h"
#include "html.h"
#include "report_internal.h"

#define MAX_SCENARIOS 6 /* drawn in the chart; the tables take any number */

typedef struct {
    almen_table *scenarios, *compare, *rents, *bands, *share;
    char *error;
} state;

static void release(void *p)
{
    state *s = p;
    if (!s) return;
    almen_table_free(s->scenarios);
    almen_table_free(s->compare);
    almen_table_free(s->rents);
    almen_table_free(s->bands);
    almen_table_free(s->share);
    free(s->error);
    free(s);
}

static int prepare(report *r, void **out)
{
    state *s = calloc(1, sizeof *s);
    if (!s) return almen_fail_nomem();
    *out = s;
    int rc = almen_case_scenarios(r->c, &s->scenarios);
    if (!rc && almen_table_nrows(s->scenarios)) {
        rc = almen_renovation_compare(r->c, NULL, &s->compare);
        if (!rc) rc = almen_renovation_rents(r->c, NULL, &s->rents);
        if (!rc) rc = almen_renovation_affordability(r->c, NULL, &s->bands);
        if (!rc) rc = almen_renovation_family_share(r->c, NULL, &s->share);
    }
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

/* Labels of the comparison's metrics; a metric not listed is shown by its name. */
static const struct {
    const char *metric, *label;
} LABELS[] = {
    {"project_cost", "Project cost"},
    {"supported_cost", "of which supported by Landsbyggefonden"},
    {"unsupported_cost", "of which unsupported"},
    {"vacancy_loss", "Rent lost to vacancy"},
    {"rehousing_cost", "Rehousing"},
    {"supported_loan", "Supported loan"},
    {"mortgage_loans", "Mortgage loans"},
    {"dispositionsfond_used", "Dispositionsfond"},
    {"traekningsret_used", "Tr\xc3\xa6kningsret"},
    {"first_payment_year", "First payment"},
    {"residents_payment_first_year", "Residents pay, first year"},
    {"fund_support_first_year", "Landsbyggefonden pays, first year"},
    {"npv_residents", "Present value: residents"},
    {"npv_fund", "Present value: Landsbyggefonden"},
    {"npv_municipality", "Present value: municipality"},
    {"npv_organisation", "Present value: organisation"},
    {"npv_lender", "Present value: lender"},
    {"discount_rate", "Discount rate"},
    {"after_year", "Works done by"},
    {"rent_m2_before", "Rent per m\xc2\xb2 a year, before"},
    {"rent_m2_after", "Rent per m\xc2\xb2 a year, after"},
    {"rent_increase_pct", "Rent increase"},
    {"max_department_increase_pct", "Largest increase in a department"},
    {"departments_ballot", "Departments above 15 % (a ballot may be demanded)"},
    {"departments_approval", "Departments above 5 % (municipal approval)"},
    {"dwellings_before", "Dwellings before"},
    {"dwellings_after", "Dwellings after"},
    {"family_share_base_pct", "Family share (\xc2\xa7" "168a), base year"},
    {"family_share_target_pct", "Family share (\xc2\xa7" "168a), target year"},
    {"family_share_within_limit", "Within the \xc2\xa7" "168a limit"},
};

static void put_metric_label(strbuf *sb, const char *metric)
{
    for (size_t i = 0; i < sizeof LABELS / sizeof LABELS[0]; i++)
        if (!strcmp(LABELS[i].metric, metric)) {
            sb_puts(sb, LABELS[i].label);
            return;
        }
    /* dwellings_rent_le_3000_before: "Dwellings at or under 3000 kr a month, before" */
    const char *le = strstr(metric, "_rent_le_");
    if (le && !strncmp(metric, "dwellings", 9)) {
        char band[16] = "";
        size_t n = strspn(le + 9, "0123456789");
        if (n < sizeof band) memcpy(band, le + 9, n), band[n] = '\0';
        sb_printf(sb, "Dwellings at or under %s kr a month, %s", band, strstr(le + 9, "after") ? "after" : "before");
        return;
    }
    for (const char *p = metric; *p; p++) sb_putc(sb, *p == '_' ? ' ' : *p);
}

/* One cell of the comparison by the metric's unit. */
static void put_metric_value(strbuf *sb, double v, const char *unit)
{
    if (!isfinite(v)) sb_puts(sb, "\xe2\x80\x93");
    else if (!strcmp(unit, "flag")) sb_puts(sb, v != 0 ? "yes" : "no");
    else if (!strcmp(unit, "year")) sb_printf(sb, "%d", (int)v);
    else if (!strcmp(unit, "rate")) {
        html_put_num(sb, 100 * v, 1, "");
        sb_puts(sb, " %");
    } else if (!strcmp(unit, "%")) {
        html_put_num(sb, v, 1, "");
        sb_puts(sb, " %");
    } else if (!strcmp(unit, "kr") && fabs(v) >= 1e6) {
        /* Millions read faster in a board paper than nine digits. */
        html_put_num(sb, v / 1e6, 1, "");
        sb_puts(sb, " mio. kr");
    } else {
        html_put_num(sb, v, 0, "");
        if (!strcmp(unit, "kr")) sb_puts(sb, " kr");
    }
}

static void put_compare(const state *s, strbuf *sb)
{
    const almen_table *t = s->compare;
    size_t nc = almen_table_ncols(t);
    sb_puts(sb, "<table class=\"compare\">\n<caption>The scenarios side by side</caption>\n<thead><tr><th scope=\"col\"></th>");
    for (size_t j = 2; j < nc; j++) {
        sb_puts(sb, "<th scope=\"col\">");
        html_text(sb, almen_table_column_name(t, j));
        sb_puts(sb, "</th>");
    }
    sb_puts(sb, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < almen_table_nrows(t); i++) {
        const char *metric = cell(t, "metric", i), *unit = cell(t, "unit", i);
        if (!metric || !unit) continue;
        sb_puts(sb, "<tr><th scope=\"row\">");
        put_metric_label(sb, metric);
        sb_puts(sb, "</th>");
        for (size_t j = 2; j < nc; j++) {
            sb_puts(sb, "<td>");
            put_metric_value(sb, almen_table_get_double(t, j, i), unit);
            sb_puts(sb, "</td>");
        }
        sb_puts(sb, "</tr>\n");
    }
    sb_puts(sb, "</tbody>\n</table>\n");
}

/* The family share of each scenario's area by year, one line per scenario, with the limit
 * drawn when every row agrees with the default 40 % (within_limit is share <= max_pct, a
 * per-scenario parameter the tables do not give; a line at the wrong place would mislead). */
static int put_share_chart(const state *s, strbuf *sb)
{
    const almen_table *t = s->share;
    size_t n = almen_table_nrows(t);
    if (!n) return ALMEN_OK;
    int y0 = 0, y1 = 0, limit_40 = 1;
    const char *ids[MAX_SCENARIOS];
    size_t ns = 0;
    for (size_t i = 0; i < n; i++) {
        int y = (int)value(t, "year", i);
        if (!y0 || y < y0) y0 = y;
        if (y > y1) y1 = y;
        double pct = value(t, "family_share_pct", i);
        int32_t within = almen_table_get_int(t, col(t, "within_limit"), i);
        if (isfinite(pct) && within != ALMEN_NA_INT && within != (pct <= 40)) limit_40 = 0;
        const char *id = cell(t, "scenario", i);
        size_t k = 0;
        while (k < ns && strcmp(ids[k], id)) k++;
        if (k == ns && ns < MAX_SCENARIOS) ids[ns++] = id;
    }
    size_t years = (size_t)(y1 - y0 + 1);
    double *buf = malloc((years + ns * years) * sizeof *buf);
    svg_series series[MAX_SCENARIOS];
    static const char *const KEYS[MAX_SCENARIOS] = {"v0", "v1", "v2", "v3", "v4", "v5"};
    if (!buf) return almen_fail_nomem();
    for (size_t y = 0; y < years; y++) buf[y] = y0 + (double)y;
    sb_puts(sb, "<figure class=\"wide\"><figcaption><strong>Family dwellings as a share of the area's "
                "dwellings (\xc2\xa7" "168a)</strong> per cent, 1 January of each year");
    for (size_t k = 0; k < ns; k++) {
        double *y = buf + years + k * years;
        for (size_t i = 0; i < years; i++) y[i] = NAN;
        for (size_t i = 0; i < n; i++)
            if (!strcmp(cell(t, "scenario", i), ids[k])) y[(int)value(t, "year", i) - y0] = value(t, "family_share_pct", i);
        series[k] = (svg_series){.key = KEYS[k], .name = ids[k], .y = y};
    }
    sb_puts(sb, "<span class=\"legend\">");
    for (size_t k = 0; k < ns; k++) {
        sb_printf(sb, "<span class=\"key key-v%zu\"></span>", k);
        html_text(sb, ids[k]);
    }
    sb_puts(sb, "</span></figcaption>\n");
    svg_threshold limit = {40, "limit", "\xc2\xa7" "168a: at most 40 %"};
    svg_chart chart = {.width = 480, .height = 200, .title = "Family-dwelling share by scenario",
        .x = buf, .n = years, .x_min_step = 1, .series = series, .n_series = ns, .thresholds = &limit,
        .n_thresholds = limit_40 ? 1 : 0, .y_from_zero = 1, .value_decimals = 1, .unit = " %"};
    int rc = svg_line_chart(sb, &chart);
    sb_puts(sb, "\n</figure>\n");
    free(buf);
    return rc ? almen_fail(ALMEN_EINVAL, "the family-share chart could not be drawn") : ALMEN_OK;
}

static int renovation_chapter(report *r, void *p, strbuf *sb)
{
    (void)r;
    const state *s = p;
    if (s->error) {
        sb_puts(sb, "<p class=\"supp-note\">The renovation scenarios could not be computed: ");
        html_text(sb, s->error);
        sb_puts(sb, "</p>\n");
        return 0;
    }
    if (!s->scenarios || !almen_table_nrows(s->scenarios)) return 0;
    static const report_column SCEN[] = {
        {"name", "Scenario", 0, NULL},        {"scenario", "Id", 0, NULL},
        {"departments", "Departments", 0, NULL}, {"area", "Area", 0, NULL},
        {"after_year", "Done by", -1, NULL},   {"works", "Works", 0, NULL},
        {"changes", "Changes", 0, NULL},
    };
    report_put_table(sb, "scenarios", "The scenarios", s->scenarios, SCEN, sizeof SCEN / sizeof SCEN[0], NULL, NULL);
    put_compare(s, sb);
    static const report_column RENTS[] = {
        {"scenario", "Scenario", 0, NULL},
        {"department", "Department", 0, NULL},
        {"dwellings_before", "Dwellings before", 0, NULL},
        {"dwellings_after", "after", 0, NULL},
        {"rent_month_before", "Rent a month before", 0, " kr"},
        {"rent_month_after", "after", 0, " kr"},
        {"increase_pct", "Increase", 1, " %"},
        {"ballot_may_be_demanded", "Ballot (&gt; 15 %)", 0, NULL},
        {"municipal_approval_needed", "Approval (&gt; 5 %)", 0, NULL},
    };
    report_put_table(sb, "rents", "Rents per department, for an average dwelling", s->rents, RENTS,
                     sizeof RENTS / sizeof RENTS[0], NULL, NULL);
    static const report_column BANDS[] = {
        {"scenario", "Scenario", 0, NULL},
        {"band", "Rent at most, a month", 0, " kr"},
        {"scenario_before", "Its departments before", 0, NULL},
        {"scenario_after", "after", 0, NULL},
        {"case_before", "The municipality before", 0, NULL},
        {"case_after", "after", 0, NULL},
    };
    report_put_table(sb, "bands", "Cheap dwellings: how many are left under each rent band", s->bands, BANDS,
                     sizeof BANDS / sizeof BANDS[0], NULL, NULL);
    return put_share_chart(s, sb);
}

static int renovation_text(report *r, void *p, strbuf *sb)
{
    (void)r;
    const state *s = p;
    const almen_table *t = s->compare;
    if (!t || s->error) return 0;
    sb_puts(sb, "\nRenovation scenarios, rent increase:");
    for (size_t i = 0; i < almen_table_nrows(t); i++) {
        const char *metric = cell(t, "metric", i);
        if (!metric || strcmp(metric, "rent_increase_pct")) continue;
        for (size_t j = 2; j < almen_table_ncols(t); j++) {
            char buf[HTML_NUM_MAX];
            sb_printf(sb, "%s %s %s %%", j > 2 ? "," : "", almen_table_column_name(t, j),
                      html_num(buf, almen_table_get_double(t, j, i), 1, NULL));
        }
    }
    sb_putc(sb, '\n');
    return 0;
}

const report_section REPORT_RENOVATION = {
    .id = "renovation",
    .title = "Renovation scenarios",
    .description = "the renovation scenarios side by side: costs, financing, rents, cheap dwellings, the 40 % path",
    .prepare = prepare,
    .release = release,
    .text = renovation_text,
    .chapter = renovation_chapter,
    .notes = "<p><em>Renovation scenarios</em> are computed from the case's scenarios with the "
             "defaults of docs/renovation.md (Landsbyggefonden's supported loan and payment "
             "support, the residents' payment indexed from its first-year level, own funds first). "
             "Amounts are in kr as paid; present values are discounted to the base year. Rents are "
             "for an average dwelling of the department, before and after the works; an increase "
             "above 15 % lets the residents demand a ballot and one above 5 % needs the "
             "municipality's approval (\xc2\xa7" "37). The family share counts almene family "
             "dwellings among all dwellings of the area as \xc2\xa7" "168a does (commercial floor "
             "area as dwellings of 75 m\xc2\xb2); the 40 % line is drawn when the scenarios use that "
             "limit.</p>\n",
};
