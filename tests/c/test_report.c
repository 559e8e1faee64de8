/* The report: options, small-cell suppression at its edges (own and by subtraction), the
 * text summary worked out by hand, HTML escaping, self-containment and determinism. */
#include "testutil.h"

#include "fields.h"
#include "report_internal.h"

/* Every department has 10 family dwellings. Figures for 2023 and 2024 (1-6: 2024 only):
 *
 *   dept  area / district     residents  households  residents_18_64  outside_labour_fte
 *   1-1   a99 (d)                    99          60               50                  11
 *   1-2   a100 (d)                  100          50               50                  20
 *   1-3   h49 (e)                   200          49              100                  30
 *   1-4   big (e)                  1000         400              600                 120
 *   1-5   - (e)                       1           1                1                   0
 *   1-6   - (-)                       1           0                1                   1
 *
 * Own rule (>= 100 residents and >= 50 households):
 *   a99 99 residents: suppressed (one below); a100 100 / 50: shown (exactly at both);
 *   h49 49 households: suppressed; big: shown.
 * By subtraction (what the shown units below a total leave of it):
 *   d = 199 / 110 minus a100 leaves a99's 99 / 60: suppressed.
 *   e = 1201 / 450 minus big leaves h49 + 1-5 = 201 / 50: shown (households exactly 50).
 *   municipality minus a100, big and e (d is suppressed) leaves 1-1 and 1-6:
 *     2024: 99 + 1 = 100 residents, 60 + 0 = 60 households: shown (exactly 100);
 *     2023: 1-6 has no figures, 99 / 60 is left: suppressed.
 * Shares 2024: a100 20/50 = 40.0 %; big 120/600 = 20.0 %; e (30+120+0)/(100+600+1) =
 *   21.398 %; municipality (11+20+30+120+0+1)/(50+50+100+600+1+1) = 182/802 = 22.693 %;
 *   hidden: a99 11/50 = 22.0 %, d 31/100 = 31.0 %. */
static const char *CASE_YAML =
    "municipality: {code: 630, name: \"Testby <&>\", region: Syddanmark}\n"
    "districts: [{id: d, name: Dist}, {id: e, name: East}]\n"
    "areas:\n"
    "  - {id: a99, name: A 99, district: d}\n"
    "  - {id: a100, name: A 100, district: d}\n"
    "  - {id: h49, name: H 49, district: e}\n"
    "  - {id: big, name: Big, district: e}\n"
    "organisations: [{id: 1, name: \"Org 'one' & \\\"two\\\"\"}]\n"
    "departments:\n"
    "  - {organisation: 1, number: 1, name: D1, area: a99, dwellings: {family: 10}, figures: [\n"
    "     {year: 2023, residents: 99, households: 60, residents_18_64: 50, outside_labour_fte: 11},\n"
    "     {year: 2024, residents: 99, households: 60, residents_18_64: 50, outside_labour_fte: 11}]}\n"
    "  - {organisation: 1, number: 2, name: D2, area: a100, dwellings: {family: 10}, figures: [\n"
    "     {year: 2023, residents: 100, households: 50, residents_18_64: 50, outside_labour_fte: 20},\n"
    "     {year: 2024, residents: 100, households: 50, residents_18_64: 50, outside_labour_fte: 20}]}\n"
    "  - {organisation: 1, number: 3, name: D3, area: h49, dwellings: {family: 10}, figures: [\n"
    "     {year: 2023, residents: 200, households: 49, residents_18_64: 100, outside_labour_fte: 30},\n"
    "     {year: 2024, residents: 200, households: 49, residents_18_64: 100, outside_labour_fte: 30}]}\n"
    "  - {organisation: 1, number: 4, name: D4, area: big, dwellings: {family: 10}, figures: [\n"
    "     {year: 2023, residents: 1000, households: 400, residents_18_64: 600, outside_labour_fte: 120},\n"
    "     {year: 2024, residents: 1000, households: 400, residents_18_64: 600, outside_labour_fte: 120}]}\n"
    "  - {organisation: 1, number: 5, name: D5, district: e, dwellings: {family: 10}, figures: [\n"
    "     {year: 2023, residents: 1, households: 1, residents_18_64: 1, outside_labour_fte: 0},\n"
    "     {year: 2024, residents: 1, households: 1, residents_18_64: 1, outside_labour_fte: 0}]}\n"
    "  - {organisation: 1, number: 6, name: \"D6 <b>\", dwellings: {family: 10}, figures: [\n"
    "     {year: 2024, residents: 1, households: 0, residents_18_64: 1, outside_labour_fte: 1}]}\n";

static const report_unit *unit(const report *r, const char *id)
{
    for (size_t k = 0; k < r->n_units; k++)
        if (!strcmp(r->units[k].id, id)) return &r->units[k];
    fail_msg("no unit %s", id);
    return NULL;
}

static void suppression_edges(void **state)
{
    (void)state;
    almen_case *c = load_ok(CASE_YAML);
    almen_report_options *o;
    assert_int_equal(almen_report_options_new(&o), ALMEN_OK);
    report r;
    assert_int_equal(report_open(&r, c, o), ALMEN_OK);
    assert_int_equal(r.n_years, 2);
    assert_int_equal(r.years[0], 2023);
    assert_int_equal(r.years[1], 2024);
    /* units in order: municipality, d, a99, a100, e, h49, big */
    assert_int_equal(r.n_units, 7);
    assert_string_equal(r.units[1].id, "d");
    assert_string_equal(r.units[2].id, "a99");
    assert_int_equal(r.units[2].parent, 1);
    assert_string_equal(r.units[4].id, "e");
    for (int yi = 0; yi < 2; yi++) {
        assert_true(unit(&r, "a99")->suppressed[yi]);
        assert_false(unit(&r, "a100")->suppressed[yi]);
        assert_true(unit(&r, "h49")->suppressed[yi]);
        assert_false(unit(&r, "big")->suppressed[yi]);
        assert_true(unit(&r, "d")->suppressed[yi]);
        assert_false(unit(&r, "e")->suppressed[yi]);
    }
    assert_true(REPORT_MUNICIPALITY(&r)->suppressed[0]);
    assert_false(REPORT_MUNICIPALITY(&r)->suppressed[1]);
    assert_close(report_value(&r, unit(&r, "e"), 1, "outside_labour_pct"), 100.0 * 150 / 701);
    report_close(&r);

    /* One more household in h49's place would not matter, but raising the minimum to 101
     * residents suppresses a100 (100) and then d's remainder is all of d. */
    almen_report_options_set_suppression(o, 101, 50);
    assert_int_equal(report_open(&r, c, o), ALMEN_OK);
    assert_true(unit(&r, "a100")->suppressed[1]);
    report_close(&r);

    /* Off: nothing is suppressed, not even the smallest. */
    almen_report_options_set_suppression(o, 0, 0);
    assert_int_equal(report_open(&r, c, o), ALMEN_OK);
    for (size_t k = 0; k < r.n_units; k++) assert_false(r.units[k].suppressed[0] || r.units[k].suppressed[1]);
    report_close(&r);

    /* Only the households half: h49 (49) is suppressed, a99 (99 residents) is not. */
    almen_report_options_set_suppression(o, 0, 50);
    assert_int_equal(report_open(&r, c, o), ALMEN_OK);
    assert_false(unit(&r, "a99")->suppressed[1]);
    assert_true(unit(&r, "h49")->suppressed[1]);
    report_close(&r);
    almen_report_options_free(o);
    almen_case_free(c);
}

static void text_summary(void **state)
{
    (void)state;
    almen_case *c = load_ok(CASE_YAML);
    char *text = NULL;
    almen_report_options *only;
    almen_report_options_new(&only);
    almen_report_options_set_sections(only, "overview");
    assert_int_equal(almen_case_report_text(c, only, &text), ALMEN_OK);
    almen_report_options_free(only);
    const char *want =
        "Testby <&> (municipality 630, region Syddanmark): 6 departments, 2 districts, 4 housing areas\n"
        "Figures for 2024; shares are ratios of sums over departments; composition is not shown\n"
        "for units with fewer than 100 residents or 50 households (or that would reveal such a group).\n"
        "\n"
        "District Dist\n"
        "  housing area           dwellings residents outside% convict%   basic% nonwest%   income kr\n"
        "  A 99                          10        99   (composition suppressed: fewer than 100 residents or 50 households)\n"
        "  A 100                         10       100     40.0       NA       NA       NA          NA\n"
        "  district total                20       199   (composition suppressed: fewer than 100 residents or 50 households)\n"
        "\n"
        "District East\n"
        "  housing area           dwellings residents outside% convict%   basic% nonwest%   income kr\n"
        "  H 49                          10       200   (composition suppressed: fewer than 100 residents or 50 households)\n"
        "  Big                           10      1000     20.0       NA       NA       NA          NA\n"
        "  district total                30      1201     21.4       NA       NA       NA          NA\n"
        "\n"
        "                         dwellings residents outside% convict%   basic% nonwest%   income kr\n"
        "  municipality total            60      1401     22.7       NA       NA       NA          NA\n";
    assert_string_equal(text, want);
    almen_free(text);
    /* With the classification: a99's criteria are composition and withheld with it. */
    assert_int_equal(almen_case_report_text(c, NULL, &text), ALMEN_OK);
    assert_non_null(strstr(text, "\nStatutory lists 2024\n  A 99                   not on a list          criteria suppressed"));
    almen_free(text);

    /* 2023 alone: the municipality's remainder is 99 residents, so it is suppressed too;
     * title and date head the summary. */
    almen_report_options *o;
    almen_report_options_new(&o);
    almen_report_options_set_years(o, 2023, 2023);
    almen_report_options_set_title(o, "Board paper");
    almen_report_options_set_date(o, "1 December 2025");
    assert_int_equal(almen_case_report_text(c, o, &text), ALMEN_OK);
    assert_non_null(strstr(text, "Board paper\nTestby <&> (municipality 630"));
    assert_non_null(strstr(text, "housing areas\n1 December 2025\nFigures for 2023;"));
    assert_non_null(strstr(text, "  municipality total            50      1400   (composition suppressed"));
    almen_free(text);

    /* Years without figures. */
    almen_report_options_set_years(o, 2030, 0);
    assert_int_equal(almen_case_report_text(c, o, &text), ALMEN_OK);
    assert_non_null(strstr(text, "No figures in this case for the years asked for.\n"));
    almen_free(text);
    almen_report_options_free(o);
    almen_case_free(c);
}

/* The part of html from the element with this id up to the next "<section" or the end. */
static char *part(const char *html, const char *id)
{
    char key[256];
    snprintf(key, sizeof key, "id=\"%s\"", id);
    const char *p = strstr(html, key);
    if (!p) fail_msg("no %s", key);
    const char *end = strstr(p + 1, "<section");
    size_t n = end ? (size_t)(end - p) : strlen(p);
    char *s = malloc(n + 1);
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

static void html_suppressed_and_escaped(void **state)
{
    (void)state;
    almen_case *c = load_ok(CASE_YAML);
    char *html = NULL;
    assert_int_equal(almen_case_report_html(c, NULL, &html), ALMEN_OK);
    /* escaped everywhere: the name, the organisation, a department name */
    assert_null(strstr(html, "<&>"));
    assert_null(strstr(html, "<b>"));
    assert_non_null(strstr(html, "<title>Social housing in Testby &lt;&amp;&gt;</title>"));
    assert_non_null(strstr(html, "Org &#39;one&#39; &amp; &quot;two&quot;"));
    assert_non_null(strstr(html, "D6 &lt;b&gt;"));
    /* the id of the municipality is made safe: ' ' 20, '<' 3C, '&' 26, '>' 3E */
    assert_non_null(strstr(html, "id=\"municipality-Testby_20_3C_26_3E\""));

    /* a99: every composition cell of its key figures (5 shares x 2 years) and every
     * criterion value of its classification (5 criteria x 2 threshold sets) suppressed, no
     * chart, and its share (22.0) nowhere in its block. */
    char *a99 = part(html, "area-a99");
    assert_int_equal(count(a99, "<span class=\"supp\""), 2 * 5 + 10);
    assert_null(strstr(a99, "<svg"));
    assert_null(strstr(a99, "22.0"));
    assert_non_null(strstr(a99, "suppressed in every year"));
    free(a99);
    /* d likewise (31.0 would be its share) */
    char *d = part(html, "district-d");
    assert_null(strstr(d, "31.0"));
    assert_null(strstr(d, "<svg"));
    free(d);
    /* a100 at the minimums is shown: 40.0 in both years, a chart with two points */
    char *a100 = part(html, "area-a100");
    assert_int_equal(count(a100, ">40.0<"), 2);
    assert_null(strstr(a100, "class=\"supp\""));
    assert_non_null(strstr(a100, "data-indicator=\"outside_labour_pct\" data-points=\"2\""));
    free(a100);
    /* the municipality: 2023 suppressed, 2024 shown (22.7); its chart has the one point */
    char *m = part(html, "municipality-Testby_20_3C_26_3E");
    assert_int_equal(count(m, "<span class=\"supp\""), 5);
    assert_non_null(strstr(m, ">22.7<"));
    assert_non_null(strstr(m, "data-indicator=\"outside_labour_pct\" data-points=\"1\""));
    free(m);
    /* the overview row of a99: its size, then one suppressed cell for the shares */
    const char *row = strstr(html, "<tr class=\"area\" data-unit=\"a99\">");
    assert_non_null(row);
    const char *row_end = strstr(row, "</tr>");
    assert_non_null(strstr(row, "<td colspan=\"5\" class=\"supp-cell\"><span class=\"supp\""));
    assert_true(strstr(row, "<td colspan=\"5\" class=\"supp-cell\">") < row_end);
    almen_free(html);
    almen_case_free(c);
}

static void html_self_contained_and_deterministic(void **state)
{
    (void)state;
    almen_case *c = NULL;
    assert_int_equal(almen_case_load_example(&c), ALMEN_OK);
    char *a = NULL, *b = NULL;
    assert_int_equal(almen_case_report_html(c, NULL, &a), ALMEN_OK);
    assert_int_equal(almen_case_report_html(c, NULL, &b), ALMEN_OK);
    assert_string_equal(a, b);
    /* nothing runs, nothing is fetched: the only URL is the SVG namespace */
    assert_null(strstr(a, "<script"));
    assert_null(strstr(a, "src="));
    assert_null(strstr(a, "url("));
    assert_null(strstr(a, "@import"));
    assert_null(strstr(a, "<link"));
    assert_int_equal(count(a, "http"), count(a, "xmlns=\"http://www.w3.org/2000/svg\""));
    assert_true(count(a, "<svg") > 0);
    /* every href is a fragment within the page */
    for (const char *p = a; (p = strstr(p, "href=\"")); p += 6) assert_int_equal(p[6], '#');
    assert_non_null(strstr(a, "<!DOCTYPE html>"));
    assert_true(strlen(a) > 1000 && !strcmp(a + strlen(a) - 8, "</html>\n"));
    /* no date unless set */
    assert_null(strstr(a, "class=\"date\""));
    /* Engparken (4 departments, 6 years): 5 charts, each with the municipality line and
     * its own line of 6 points */
    char *e = part(a, "area-engparken");
    assert_int_equal(count(e, "<figure class=\"trend\""), (int)REPORT_N_INDICATORS);
    assert_int_equal(count(e, "data-points=\"6\""), (int)REPORT_N_INDICATORS);
    assert_int_equal(count(e, "<circle"), 6 * (int)REPORT_N_INDICATORS);
    assert_int_equal(count(e, "class=\"series s-municipality reference\""), (int)REPORT_N_INDICATORS);
    assert_int_equal(count(e, "<path"), 2 * (int)REPORT_N_INDICATORS);
    free(e);
    almen_free(b);

    /* A date, a title and one section. */
    almen_report_options *o;
    almen_report_options_new(&o);
    almen_report_options_set_date(o, "1 December 2025 & later");
    almen_report_options_set_title(o, "Almene boliger i Eksempelby");
    assert_int_equal(almen_report_options_set_sections(o, "overview"), ALMEN_OK);
    assert_int_equal(almen_case_report_html(c, o, &b), ALMEN_OK);
    assert_non_null(strstr(b, "<p class=\"date\">1 December 2025 &amp; later</p>"));
    assert_non_null(strstr(b, "<h1>Almene boliger i Eksempelby</h1>"));
    assert_null(strstr(b, "<svg"));
    assert_null(strstr(b, "data-section=\"figures\""));
    assert_non_null(strstr(b, "class=\"overview-table\""));
    almen_free(b);
    /* suppression off is said on the cover */
    almen_report_options_set_suppression(o, 0, 0);
    assert_int_equal(almen_case_report_html(c, o, &b), ALMEN_OK);
    assert_non_null(strstr(b, "Small-cell suppression is off."));
    almen_free(b);
    almen_report_options_free(o);
    almen_free(a);
    almen_case_free(c);
}

/* The statutory classification of the example as the report shows it. Hand values from
 * data/eksempelby.yaml: the regional income reference of 2025 is 373,365 kr, so the income
 * thresholds are 0.55 x 373,365 = 205,350.75 and 0.65 x 373,365 = 242,687.25 kr; the
 * national conviction rate is 0.725 %, so 3 x and 2 x are 2.175 % and 1.45 %. */
static void classification(void **state)
{
    (void)state;
    almen_case *c = NULL;
    assert_int_equal(almen_case_load_example(&c), ALMEN_OK);
    char *html = NULL;
    assert_int_equal(almen_case_report_html(c, NULL, &html), ALMEN_OK);
    /* the lists table: a row per area */
    assert_non_null(strstr(html, "<table class=\"lists-table\">"));
    assert_int_equal(count(html, "<tr data-unit="), 5);

    char *v = part(html, "area-vestergaarden");
    assert_non_null(strstr(v, "<p class=\"placement\"><span class=\"badge b-forebyggelsesomraade\""));
    /* five criteria at two threshold sets each, each criterion named once */
    assert_int_equal(count(v, "<tr class=\"met") + count(v, "<tr class=\"not-met"), 10);
    assert_int_equal(count(v, " first\">"), 5);
    /* the margin in persons of outside labour at the udsat threshold, as classified */
    almen_table *crit = NULL;
    assert_int_equal(almen_case_classify_criteria(c, NULL, &crit), ALMEN_OK);
    size_t ca, cy, cc, cs, cm;
    almen_table_column_index(crit, "area", &ca);
    almen_table_column_index(crit, "year", &cy);
    almen_table_column_index(crit, "criterion", &cc);
    almen_table_column_index(crit, "thresholds", &cs);
    almen_table_column_index(crit, "margin_persons", &cm);
    double persons = NAN;
    for (size_t i = 0; i < almen_table_nrows(crit); i++)
        if (!strcmp(almen_table_get_string(crit, ca, i), "vestergaarden") && almen_table_get_int(crit, cy, i) == 2025 &&
            !strcmp(almen_table_get_string(crit, cc, i), "outside_labour") &&
            !strcmp(almen_table_get_string(crit, cs, i), "udsat"))
            persons = almen_table_get_double(crit, cm, i);
    almen_table_free(crit);
    assert_true(persons > 0);
    char cell[64];
    snprintf(cell, sizeof cell, "<td>+%.0f</td></tr>", persons);
    assert_non_null(strstr(v, cell));
    /* threshold lines: income in kr, convicted with three decimals, and basic schooling's
     * two sets at 60 % as one line */
    assert_non_null(strstr(v, "data-value=\"205350.75\""));
    assert_non_null(strstr(v, ">udsat &lt; 205\xe2\x80\xaf" "351 kr</text>"));
    assert_non_null(strstr(v, "data-value=\"242687.25\""));
    assert_non_null(strstr(v, ">udsat \xe2\x89\xa5 2.175 %</text>"));
    assert_non_null(strstr(v, ">udsat, forebyggelse &gt; 60.0 %</text>"));
    assert_int_equal(count(v, "<g class=\"threshold"), 2 + 2 + 1 + 2 + 2);
    free(v);
    /* Lindelunden: three criteria met, but too few residents */
    char *l = part(html, "area-lindelunden");
    assert_non_null(strstr(l, "too few to be listed"));
    assert_non_null(strstr(l, "<span class=\"badge b-none\">not on a list</span>"));
    free(l);
    almen_free(html);

    char *text = NULL;
    assert_int_equal(almen_case_report_text(c, NULL, &text), ALMEN_OK);
    assert_non_null(strstr(text, "\nStatutory lists 2025\n"));
    assert_non_null(strstr(text, "  Vesterg\xc3\xa5rden           Forebyggelsesomr\xc3\xa5" "de    criteria met: 1 [dk-2021]\n"));
    assert_non_null(strstr(text, "  Lindelunden            not on a list          criteria met: 3 (too few residents"));
    almen_free(text);
    almen_case_free(c);

    /* Figures only before 2010: no rule set, and the report says so instead of failing. */
    c = load_ok("municipality: {code: 630, name: Gammelby, region: Syddanmark}\n"
                "areas: [{id: a, name: A}]\norganisations: [{id: 1, name: O}]\n"
                "departments:\n  - {organisation: 1, number: 1, name: D, area: a,\n"
                "     figures: [{year: 2005, residents: 1200, households: 500}]}\n");
    assert_int_equal(almen_case_report_html(c, NULL, &html), ALMEN_OK);
    assert_non_null(strstr(html, "No statutory classification: the statutory lists begin in 2010."));
    almen_free(html);
    almen_case_free(c);
}

/* The chapters after the units, on the example. Hand values from data/eksempelby.yaml:
 * scenario "renovate": 3,400 kr/m2 on 25,305 + 22,234 m2 = 161,632,600, balconies
 * 15,000,000, rehousing 40 x 25,000 = 1,000,000, with the vacancy loss the module computes
 * (1,239,945) 178,872,545 kr: "178.9 mio. kr". Agreement helhedsplan-syd runs 2023-01-01 to
 * 2026-12-31, udlejning-2024 2024-01-01 to 2027-12-31; the funded initiative of
 * helhedsplan-syd applies to area vestergaarden's 5 departments. */
static void chapters(void **state)
{
    (void)state;
    almen_case *c = NULL;
    assert_int_equal(almen_case_load_example(&c), ALMEN_OK);
    char *html = NULL;
    assert_int_equal(almen_case_report_html(c, NULL, &html), ALMEN_OK);
    /* listed in the contents, numbered after the 2 + 3 districts (no areas outside) */
    assert_non_null(strstr(html, "<a href=\"#chapter-agreements\"><span class=\"num\">6</span> Agreements</a>"));
    assert_non_null(strstr(html, "<a href=\"#chapter-renovation\"><span class=\"num\">7</span>"));
    assert_non_null(strstr(html, "<a href=\"#chapter-mix\"><span class=\"num\">8</span>"));

    char *a = part(html, "chapter-agreements");
    assert_non_null(strstr(a, "2 agreements in the case, 2 in force on 2025-12-01."));
    free(a);
    char *v = part(html, "area-vestergaarden");
    assert_non_null(strstr(v, "<h4>Letting rules on 2025-12-01</h4>"));
    const char *funded = strstr(v, "funded initiative");
    assert_non_null(funded);
    assert_non_null(strstr(funded, "<td>5</td></tr>"));
    free(v);

    char *rn = part(html, "chapter-renovation");
    assert_non_null(strstr(rn, "<tr><th scope=\"row\">Project cost</th><td>178.9 mio. kr</td>"));
    assert_int_equal(count(rn, "<th scope=\"col\">renovate</th>"), 1);
    /* the family share: three scenarios, the 40 % line (every row agrees with it) */
    assert_non_null(strstr(rn, "class=\"threshold t-limit\" data-value=\"40\""));
    assert_int_equal(count(rn, "class=\"series s-v"), 3);
    free(rn);

    char *m = part(html, "chapter-mix");
    assert_int_equal(count(m, "class=\"series s-v"), 4);
    assert_int_equal(count(m, "<circle"), 4 * 6);
    assert_non_null(strstr(m, "Unevenness within each district"));
    free(m);
    almen_free(html);

    /* Another day: on 2027-06-01 only udlejning-2024 is in force; before 2023 none. */
    almen_report_options *o;
    almen_report_options_new(&o);
    assert_int_equal(almen_report_options_set_as_of(o, "2027-06-01"), ALMEN_OK);
    char *text = NULL;
    assert_int_equal(almen_case_report_text(c, o, &text), ALMEN_OK);
    assert_non_null(strstr(text, "\nAgreements on 2027-06-01: 1 in force of 2;"));
    almen_free(text);
    assert_int_equal(almen_report_options_set_as_of(o, "2022-06-01"), ALMEN_OK);
    assert_int_equal(almen_case_report_text(c, o, &text), ALMEN_OK);
    assert_non_null(strstr(text, "\nAgreements on 2022-06-01: 0 in force of 2;"));
    assert_non_null(strstr(text, "\nRenovation scenarios, rent increase: renovate "));
    assert_non_null(strstr(text, "\nMix 2025, dissimilarity D over departments: origin 0."));
    almen_free(text);
    assert_int_equal(almen_report_options_set_as_of(o, "2025-02-30"), ALMEN_EINVAL);
    assert_int_equal(almen_report_options_set_as_of(o, "2024-02-29"), ALMEN_OK);
    assert_int_equal(almen_report_options_set_as_of(o, "2023-02-29"), ALMEN_EINVAL);
    assert_int_equal(almen_report_options_set_as_of(o, NULL), ALMEN_OK);
    /* without its sections, no chapters */
    almen_report_options_set_sections(o, "overview,figures");
    assert_int_equal(almen_case_report_html(c, o, &html), ALMEN_OK);
    assert_null(strstr(html, "chapter-"));
    almen_free(html);
    almen_report_options_free(o);
    almen_case_free(c);
}

/* A simulation the caller ran: 20 runs of every agreement ("all") and the law alone
 * ("none"). Vestergården is on the forebyggelse list in 2025 (the classification above), so
 * both variants start at 100 %. */
static void simulation(void **state)
{
    (void)state;
    almen_case *c = NULL;
    assert_int_equal(almen_case_load_example(&c), ALMEN_OK);
    almen_simulation_options *so = NULL;
    almen_simulation *sim = NULL;
    assert_int_equal(almen_simulation_options_new(&so), ALMEN_OK);
    almen_simulation_options_set_runs(so, 20);
    almen_simulation_options_set_threads(so, 1);
    almen_simulation_options_add_agreement(so, "all");
    almen_simulation_options_add_agreement(so, "none");
    assert_int_equal(almen_simulation_new(c, so, &sim), ALMEN_OK);
    almen_simulation_options_free(so);
    almen_report_options *o = NULL;
    almen_report_options_new(&o);
    char *html = NULL, *text = NULL;
    /* Not run yet: the chapter says so instead of failing. */
    almen_report_options_set_simulation(o, sim);
    assert_int_equal(almen_case_report_html(c, o, &html), ALMEN_OK);
    assert_non_null(strstr(html, "The simulation could not be shown: the simulation has no runs done"));
    almen_free(html);
    assert_int_equal(almen_simulation_run(sim, NULL, NULL), ALMEN_OK);
    assert_int_equal(almen_case_report_html(c, o, &html), ALMEN_OK);
    char *v = part(html, "area-vestergaarden");
    const char *sim_part = strstr(v, "data-section=\"simulation\"");
    assert_non_null(sim_part);
    assert_int_equal(count(sim_part, "<figure class=\"trend fan\""), (int)REPORT_N_INDICATORS);
    assert_int_equal(count(sim_part, "<figure class=\"trend probability\""), 1);
    /* every fan: the band and the median of the first variant, the observed 2020-2025 */
    assert_int_equal(count(sim_part, "<path class=\"band\""), (int)REPORT_N_INDICATORS);
    assert_int_equal(count(sim_part, "<title>Vesterg\xc3\xa5rden 2020: "), (int)REPORT_N_INDICATORS);
    assert_int_equal(count(sim_part, "<title>Vesterg\xc3\xa5rden 2025: "), (int)REPORT_N_INDICATORS);
    const char *prob = strstr(sim_part, "trend probability");
    assert_non_null(strstr(prob, "<title>all 2025: 100 %</title>"));
    assert_non_null(strstr(prob, "<title>none 2025: 100 %</title>"));
    free(v);
    char *ch = part(html, "chapter-simulation");
    assert_non_null(strstr(ch, "<p>20 runs, "));
    assert_non_null(strstr(ch, "Variants: all, none."));
    free(ch);
    almen_free(html);
    assert_int_equal(almen_case_report_text(c, o, &text), ALMEN_OK);
    assert_non_null(strstr(text, "\nLetting simulation, 20 runs: probability of being on a list in 2035\n"));
    almen_free(text);
    /* Unset: nothing of it. */
    almen_report_options_set_simulation(o, NULL);
    assert_int_equal(almen_case_report_html(c, o, &html), ALMEN_OK);
    assert_null(strstr(html, "chapter-simulation"));
    assert_null(strstr(html, "trend fan"));
    almen_free(html);
    almen_report_options_free(o);
    almen_simulation_free(sim);
    almen_case_free(c);
}

static void no_figures(void **state)
{
    (void)state;
    char *yaml = read_source_file("tests/data/eksempelby_nofigures.yaml");
    assert_non_null(yaml);
    almen_case *c = load_ok(yaml);
    free(yaml);
    char *text = NULL, *html = NULL;
    assert_int_equal(almen_case_report_text(c, NULL, &text), ALMEN_OK);
    assert_non_null(strstr(text, "\nNo figures in this case.\n"));
    assert_int_equal(almen_case_report_html(c, NULL, &html), ALMEN_OK);
    assert_non_null(strstr(html, "no figures"));
    assert_null(strstr(html, "<figure class=\"trend\""));
    almen_free(text);
    almen_free(html);
    almen_case_free(c);
}

static void options(void **state)
{
    (void)state;
    almen_report_options *o = NULL;
    assert_int_equal(almen_report_options_new(&o), ALMEN_OK);
    assert_int_equal(o->min_persons, 100);
    assert_int_equal(o->min_households, 50);
    assert_int_equal(almen_report_options_set_years(o, 2025, 2024), ALMEN_EINVAL);
    assert_int_equal(almen_report_options_set_years(o, -1, 0), ALMEN_EINVAL);
    assert_int_equal(almen_report_options_set_years(o, 2024, 2024), ALMEN_OK);
    assert_int_equal(almen_report_options_set_years(o, 0, 2024), ALMEN_OK);
    assert_int_equal(almen_report_options_set_suppression(o, -1, 50), ALMEN_EINVAL);
    assert_int_equal(almen_report_options_set_suppression(o, 100, -1), ALMEN_EINVAL);
    assert_int_equal(o->min_persons, 100);
    assert_int_equal(almen_report_options_set_title(o, "bad \xff"), ALMEN_EINVAL);
    assert_null(o->title);
    assert_int_equal(almen_report_options_set_title(o, "T"), ALMEN_OK);
    assert_int_equal(almen_report_options_set_title(o, NULL), ALMEN_OK);
    assert_null(o->title);
    /* sections: order as the library's; an unknown id changes nothing */
    assert_int_equal(almen_report_options_set_sections(o, "trends,overview"), ALMEN_OK);
    unsigned two = o->sections;
    assert_int_equal(almen_report_options_set_sections(o, "overview,nosuch"), ALMEN_ENOTFOUND);
    assert_non_null(strstr(almen_error_last_message(), "'nosuch'"));
    assert_non_null(strstr(almen_error_last_message(), "known: overview, classification, figures"));
    assert_int_equal(o->sections, two);
    assert_int_equal(almen_report_options_set_sections(o, "overview,"), ALMEN_OK);
    assert_int_equal(almen_report_options_set_sections(o, "over"), ALMEN_ENOTFOUND);
    assert_int_equal(almen_report_options_set_sections(o, NULL), ALMEN_OK);
    assert_int_equal(o->sections, (1u << REPORT_N_SECTIONS) - 1);
    assert_int_equal(almen_report_options_set_title(NULL, "x"), ALMEN_EINVAL);
    almen_report_options_free(o);
    almen_report_options_free(NULL);

    almen_table *t = NULL;
    assert_int_equal(almen_report_sections(&t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), REPORT_N_SECTIONS);
    assert_string_equal(almen_table_get_string(t, 0, 0), "overview");
    assert_string_equal(almen_table_column_name(t, 2), "description");
    almen_table_free(t);

    char *out = (char *)1;
    assert_int_equal(almen_case_report_html(NULL, NULL, &out), ALMEN_EINVAL);
    assert_null(out);
    assert_int_equal(almen_case_report_text(NULL, NULL, NULL), ALMEN_EINVAL);
}

/* Every share the library derives is an indicator of the report, so a new one cannot be
 * left out of it silently. */
static void every_share_reported(void **state)
{
    (void)state;
    assert_int_equal(REPORT_N_INDICATORS, SHARE_COUNT);
    for (int s = 0; s < SHARE_COUNT; s++) {
        size_t i = 0;
        while (i < REPORT_N_INDICATORS && strcmp(REPORT_INDICATORS[i].column, SHARES[s].name)) i++;
        if (i == REPORT_N_INDICATORS) fail_msg("share %s has no report indicator", SHARES[s].name);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(suppression_edges),
        cmocka_unit_test(text_summary),
        cmocka_unit_test(html_suppressed_and_escaped),
        cmocka_unit_test(html_self_contained_and_deterministic),
        cmocka_unit_test(classification),
        cmocka_unit_test(chapters),
        cmocka_unit_test(simulation),
        cmocka_unit_test(no_figures),
        cmocka_unit_test(options),
        cmocka_unit_test(every_share_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
