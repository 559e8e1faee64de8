/* Agreements: loading with positioned errors, the effective letting policy on dates around an
 * agreement's period and the statutory lists, every finding at its legal edge, coverage,
 * templates. The fixture tests/data/agreements/testby.yaml ("Aftaleby") is built for the
 * edges; its numbers are repeated where a test uses them:
 *
 *   area a1 = 501-1 + 501-2: residents 600 + 400 = 1,000; aged 18-64 400 + 250 = 650,
 *             outside 160 + 100 = 260 -> 260 / 650 = 40 % exactly
 *   area a2 = 502-1: 999 residents; 200.25 / 500 = 40.05 %
 *   area a3 = 502-2 + 501-3 (youth dwellings only): 1,266 residents; 305.5 / 764 = 39.987 %
 *   outside areas: 502-3 (district nord, 149 family), 502-4 (district syd, 1 family)
 *   family dwellings 300 + 200 + 250 + 100 + 0 + 149 + 1 = 1,000 */
#include "testutil.h"

static almen_case *testby(void)
{
    char *text = read_source_file("tests/data/agreements/testby.yaml");
    assert_non_null(text);
    almen_case *c = load_ok(text);
    free(text);
    return c;
}

/* Aftaleby without its agreements section (tests add their own). */
static almen_case *testby_bare(void)
{
    almen_case *c = testby();
    assert_int_equal(almen_case_remove_agreement(c, "aftale-2024"), ALMEN_OK);
    assert_int_equal(almen_case_remove_agreement(c, "kombineret-a1"), ALMEN_OK);
    assert_int_equal(almen_case_agreement_count(c), 0);
    return c;
}

static void add_yaml(almen_case *c, const char *yaml)
{
    almen_agreements *a = NULL;
    if (almen_agreements_load_string(yaml, "test-agreements", &a))
        fail_msg("agreements did not load: %s", almen_error_last_text());
    if (almen_case_add_agreements(c, a)) fail_msg("not added: %s", almen_error_last_text());
    almen_agreements_free(a);
}

/* Options with the given list-year statuses ("area,year,category" lines). */
static almen_agreement_options *options(const char *rows)
{
    almen_agreement_options *o = NULL;
    assert_int_equal(almen_agreement_options_new(&o), ALMEN_OK);
    assert_int_equal(almen_agreement_options_set_classification(o, 0), ALMEN_OK);
    char csv[2048];
    snprintf(csv, sizeof csv, "area,year,category\n%s", rows ? rows : "");
    if (almen_agreement_options_set_status_csv(o, csv, "status"))
        fail_msg("status: %s", almen_error_last_text());
    return o;
}

static const char *str(const almen_table *t, const char *col, size_t row)
{
    size_t j;
    assert_int_equal(almen_table_column_index(t, col, &j), ALMEN_OK);
    return almen_table_get_string(t, j, row);
}

static double num(const almen_table *t, const char *col, size_t row)
{
    size_t j;
    assert_int_equal(almen_table_column_index(t, col, &j), ALMEN_OK);
    return almen_table_get_double(t, j, row);
}

/* Rows whose column col equals value (NULL matches a missing cell). */
static size_t count_rows(const almen_table *t, const char *col, const char *value)
{
    size_t n = 0;
    for (size_t r = 0; r < almen_table_nrows(t); r++) {
        const char *s = str(t, col, r);
        n += value ? (s && !strcmp(s, value)) : !s;
    }
    return n;
}

/* The first row where col1 == v1 and col2 == v2, or (size_t)-1. */
static size_t find_row(const almen_table *t, const char *col1, const char *v1, const char *col2,
                       const char *v2)
{
    for (size_t r = 0; r < almen_table_nrows(t); r++) {
        const char *a = str(t, col1, r), *b = col2 ? str(t, col2, r) : NULL;
        if (a && !strcmp(a, v1) && (!col2 || (b && !strcmp(b, v2)))) return r;
    }
    return (size_t)-1;
}

static almen_table *findings(const almen_case *c, const char *date, const almen_agreement_options *o)
{
    almen_table *t = NULL;
    if (almen_case_agreement_findings(c, date, o, &t))
        fail_msg("findings: %s", almen_error_last_text());
    return t;
}

/* Number of findings with this code on date. */
static size_t code_count(const almen_case *c, const char *date, const almen_agreement_options *o,
                         const char *code)
{
    almen_table *t = findings(c, date, o);
    size_t n = count_rows(t, "code", code);
    almen_table_free(t);
    return n;
}

static almen_table *policy(const almen_case *c, const char *date, const char *dept,
                           const almen_agreement_options *o)
{
    almen_table *t = NULL;
    if (almen_case_letting_policy(c, date, dept, o, &t))
        fail_msg("policy: %s", almen_error_last_text());
    return t;
}

/* ---- Loading --------------------------------------------------------------------------- */

static void fixture_loads_and_round_trips(void **state)
{
    (void)state;
    almen_case *c = testby();
    assert_int_equal(almen_case_agreement_count(c), 2);
    char *y1 = yaml_of(c);
    almen_case *d = load_ok(y1);
    char *y2 = yaml_of(d);
    assert_string_equal(y1, y2);
    almen_case *e = NULL;
    assert_int_equal(almen_case_copy(c, &e), ALMEN_OK);
    char *y3 = yaml_of(e);
    assert_string_equal(y1, y3);

    almen_table *t;
    assert_int_equal(almen_case_agreements(c, &t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), 2);
    assert_string_equal(str(t, "geography", 0), "municipality");
    assert_string_equal(str(t, "geography", 1), "areas: a1");
    assert_string_equal(str(t, "council_adopted", 0), "2023-11-15");
    assert_string_equal(str(t, "organisations", 0), "501,502");
    almen_table_free(t);
    /* every: 4 is 25 % of vacant family dwellings. */
    assert_int_equal(almen_case_agreement_instruments(c, &t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), 5);
    assert_close(num(t, "share_pct", 0), 25.0);
    assert_string_equal(str(t, "paragraph", 0), "§59 stk. 1");
    assert_string_equal(str(t, "paragraph", 4), "§51b");
    assert_string_equal(str(t, "groups", 4), "social_assistance_6m,disability_pension");
    assert_string_equal(str(t, "area_status", 2), "udsat,forebyggelsesomraade");
    almen_table_free(t);
    assert_int_equal(almen_case_agreement_themes(c, &t), ALMEN_OK);
    /* 11 fixed themes each + 1 free-form in the first agreement. */
    assert_int_equal(almen_table_nrows(t), 11 + 1 + 11);
    almen_table_free(t);

    almen_free(y1);
    almen_free(y2);
    almen_free(y3);
    almen_case_free(c);
    almen_case_free(d);
    almen_case_free(e);
}

static void standalone_round_trip(void **state)
{
    (void)state;
    almen_case *c = testby();
    char *y = NULL;
    assert_int_equal(almen_case_agreements_yaml(c, &y), ALMEN_OK);
    almen_agreements *a = NULL;
    assert_int_equal(almen_agreements_load_string(y, "standalone", &a), ALMEN_OK);
    assert_int_equal(almen_agreements_count(a), 2);
    char *y2 = NULL;
    assert_int_equal(almen_agreements_to_yaml(a, &y2), ALMEN_OK);
    assert_string_equal(y, y2);
    /* A bare list is the same document. */
    almen_agreements *b = NULL;
    assert_int_equal(almen_agreements_load_string(y + strlen("agreements:\n"), "list", &b),
                     ALMEN_OK);
    assert_int_equal(almen_agreements_count(b), 2);
    almen_agreements_free(a);
    almen_agreements_free(b);
    almen_free(y);
    almen_free(y2);
    almen_case_free(c);
}

/* A valid agreement to break one field at a time. */
#define BASE                                                                              \
    "agreements:\n"                                                                       \
    "  - id: x\n"                                                                         \
    "    name: X\n"                                                                       \
    "    parties: {organisations: ['501']}\n"                                             \
    "    geography: {areas: [a1]}\n"                                                      \
    "    period: {start: 2024-01-01, end: 2025-12-31}\n"

typedef struct {
    const char *yaml;
    int code, line, column;
    const char *field, *message;
} load_error;

static void yaml_errors_have_positions(void **state)
{
    (void)state;
    static const load_error cases[] = {
        {BASE "    colour: red\n", ALMEN_EINPUT, 7, 5, "agreements[0].colour", "unknown key"},
        {"agreements:\n  - id: x\n    name: X\n    parties: {organisations: ['501']}\n"
         "    geography: {areas: [a1]}\n    period: {start: 2024-02-30}\n",
         ALMEN_EINPUT, 6, 21, "agreements[0].period.start", "real calendar date"},
        {"agreements:\n  - id: x\n    name: X\n    parties: {organisations: ['501']}\n"
         "    geography: {areas: [a1]}\n    period: {start: 2024-1-01}\n",
         ALMEN_EINPUT, 6, 21, "agreements[0].period.start", "YYYY-MM-DD"},
        {"agreements:\n  - id: x\n    name: X\n    parties: {organisations: ['501']}\n"
         "    geography: {areas: [a1]}\n    period: {start: 2024-01-02, end: 2024-01-01}\n",
         ALMEN_EINPUT, 6, 38, "agreements[0].period.end", "before the start"},
        {BASE "    instruments: [{type: lottery}]\n", ALMEN_EINPUT, 7, 26,
         "agreements[0].instruments[0].type", "unknown instrument"},
        {BASE "    instruments: [{type: municipal_allocation, share_pct: 25, every: 4}]\n",
         ALMEN_EINPUT, 7, 19, "agreements[0].instruments[0]", "either share_pct"},
        {BASE "    instruments: [{type: municipal_allocation, share_pct: 0}]\n", ALMEN_EINPUT, 7,
         59, "agreements[0].instruments[0].share_pct", "greater than 0"},
        {BASE "    instruments: [{type: combined_letting, groups: [disability_pension]}]\n",
         ALMEN_EINPUT, 7, 52, "agreements[0].instruments[0].groups", "social_assistance_6m"},
        {BASE "    instruments: [{type: allocation_ban, stk: 7, groups: [foertidspension]}]\n",
         ALMEN_EINPUT, 7, 59, "agreements[0].instruments[0].groups[0]", "unknown group"},
        {BASE "    instruments: [{type: allocation_ban, stk: 7, groups: [disability_pension]}]\n",
         ALMEN_EINPUT, 7, 58, "agreements[0].instruments[0].groups", "not one of §59 stk. 7"},
        {BASE "    instruments: [{type: flexible_letting, criteria: [job], quota_pct: 101}]\n",
         ALMEN_EINPUT, 7, 72, "agreements[0].instruments[0].quota_pct", "at most 100"},
        {BASE "  - id: x\n    name: Y\n    parties: {organisations: ['501']}\n"
              "    geography: {areas: [a1]}\n    period: {start: 2024-01-01}\n",
         ALMEN_EINPUT, 7, 9, "agreements[1].id", "duplicate agreement id"},
        {BASE "    governance: {boards: [{id: a, name: A, parent: b}, {id: b, name: B, parent: a}]}\n",
         ALMEN_EINPUT, 7, 52, "agreements[0].governance.boards[0].parent", "cycle"},
        {BASE "    themes: {homelessness: yes}\n", ALMEN_EINPUT, 7, 28,
         "agreements[0].themes.homelessness", "true or false"},
        {"agreements:\n  - id: x\n    name: X\n    parties: {organisations: ['501']}\n"
         "    geography: {municipality: true, areas: [a1]}\n    period: {start: 2024-01-01}\n",
         ALMEN_EINPUT, 5, 31, "agreements[0].geography.municipality", "takes no districts"},
        {"agreements:\n  - id: x\n    name: X\n    parties: {organisations: ['501']}\n"
         "    geography: {areas: [a1]}\n    period: {start: 2024-01-01, reviews: [2023-12-31]}\n",
         ALMEN_EINPUT, 6, 43, "agreements[0].period.reviews[0]", "before the start"},
        {"format: 2\nagreements: []\n", ALMEN_EVERSION, 1, 9, "format", "format"},
        {"agreements: [\n", ALMEN_EPARSE, 2, 1, "", "malformed YAML"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        almen_agreements *a = NULL;
        int rc = almen_agreements_load_string(cases[i].yaml, "bad.yaml", &a);
        if (rc != cases[i].code)
            fail_msg("case %zu: code %d, want %d (%s)", i, rc, cases[i].code,
                     almen_error_last_text());
        assert_null(a);
        assert_string_equal(almen_error_last_source(), "bad.yaml");
        if (almen_error_last_line() != cases[i].line ||
            almen_error_last_column() != cases[i].column ||
            strcmp(almen_error_last_field(), cases[i].field) ||
            !strstr(almen_error_last_message(), cases[i].message))
            fail_msg("case %zu: %s (want %d:%d %s: ...%s...)", i, almen_error_last_text(),
                     cases[i].line, cases[i].column, cases[i].field, cases[i].message);
    }
}

static void case_errors_point_into_the_agreements(void **state)
{
    (void)state;
    static const load_error cases[] = {
        {"agreements:\n  - id: x\n    name: X\n    parties: {organisations: ['501', '503']}\n"
         "    geography: {areas: [a1]}\n    period: {start: 2024-01-01}\n",
         ALMEN_EINPUT, 4, 38, "agreements[0].parties.organisations[1]", "no organisation '503'"},
        {BASE "    instruments: [{type: other, description: d, applies_to: {areas: [a2]}}]\n",
         ALMEN_EINPUT, 7, 19, "agreements[0].instruments[0].applies_to",
         "department '502-1' is outside the agreement's geography"},
        {"agreements:\n  - id: x\n    name: X\n    parties: {organisations: ['501']}\n"
         "    geography: {areas: [a1, zz]}\n    period: {start: 2024-01-01}\n",
         ALMEN_EINPUT, 5, 29, "agreements[0].geography.areas[1]", "no area 'zz'"},
        {"agreements:\n  - id: x\n    name: X\n    parties: {municipality: 101, organisations: ['501']}\n"
         "    geography: {areas: [a1]}\n    period: {start: 2024-01-01}\n",
         ALMEN_EINPUT, 4, 29, "agreements[0].parties.municipality", "not the case's (999)"},
        {"agreements:\n  - id: aftale-2024\n    name: X\n    parties: {organisations: ['501']}\n"
         "    geography: {areas: [a1]}\n    period: {start: 2024-01-01}\n",
         ALMEN_EINPUT, 2, 5, "agreements[0].id", "already has an agreement"},
        {"agreements:\n  - id: x\n    name: X\n    parties: {organisations: ['501']}\n"
         "    geography: {areas: []}\n    period: {start: 2024-01-01}\n",
         ALMEN_EINPUT, 2, 5, "agreements[0].geography", "fill in the template"},
        {"agreements:\n  - id: x\n    name: X\n    parties: {organisations: ['501']}\n"
         "    adoption: [{body: organisation_board, organisation: '502', date: 2024-01-01}]\n"
         "    geography: {areas: [a1]}\n    period: {start: 2024-01-01}\n",
         ALMEN_EINPUT, 5, 57, "agreements[0].adoption[0].organisation", "not a party"},
    };
    almen_case *c = testby();
    char *before = yaml_of(c);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        almen_agreements *a = NULL;
        if (almen_agreements_load_string(cases[i].yaml, "add.yaml", &a))
            fail_msg("case %zu should load on its own: %s", i, almen_error_last_text());
        int rc = almen_case_add_agreements(c, a);
        almen_agreements_free(a);
        if (rc != cases[i].code || almen_error_last_line() != cases[i].line ||
            almen_error_last_column() != cases[i].column ||
            strcmp(almen_error_last_source(), "add.yaml") ||
            strcmp(almen_error_last_field(), cases[i].field) ||
            !strstr(almen_error_last_message(), cases[i].message))
            fail_msg("case %zu: rc %d: %s", i, rc, almen_error_last_text());
        /* A failed add changes nothing. */
        char *after = yaml_of(c);
        assert_string_equal(before, after);
        almen_free(after);
    }
    /* The same problem inside a case file names the case file. */
    char *text = read_source_file("tests/data/agreements/testby.yaml");
    char *bad = malloc(strlen(text) + 64);
    strcpy(bad, text);
    char *p = strstr(bad, "areas: [a1]");
    memcpy(p, "areas: [zz]", 11);
    almen_case *d = NULL;
    assert_int_equal(almen_case_load_string(bad, "testby-bad.yaml", &d), ALMEN_EINPUT);
    assert_null(d);
    assert_string_equal(almen_error_last_field(), "agreements[1].geography.areas[0]");
    assert_string_equal(almen_error_last_source(), "testby-bad.yaml");
    free(bad);
    free(text);
    almen_free(before);
    almen_case_free(c);
}

static void remove_unknown_agreement(void **state)
{
    (void)state;
    almen_case *c = testby();
    assert_int_equal(almen_case_remove_agreement(c, "nope"), ALMEN_ENOTFOUND);
    assert_int_equal(almen_case_agreement_count(c), 2);
    almen_case_free(c);
}

/* ---- Dates and the policy -------------------------------------------------------------- */

static void dates_are_strict(void **state)
{
    (void)state;
    almen_case *c = testby();
    almen_table *t = NULL;
    const char *bad[] = {"2024-13-01", "2024-2-01", "2023-02-29", "2024-01-01x", "24-01-01",
                         "1899-12-31", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(almen_case_letting_policy(c, bad[i], NULL, NULL, &t), ALMEN_EINVAL);
        assert_null(t);
        assert_non_null(strstr(almen_error_last_message(), "YYYY-MM-DD"));
    }
    /* 29 February of a leap year is a date; NULL is today. */
    assert_int_equal(almen_case_letting_policy(c, "2024-02-29", NULL, NULL, &t), ALMEN_OK);
    almen_table_free(t);
    assert_int_equal(almen_case_letting_policy(c, NULL, "501-1", NULL, &t), ALMEN_OK);
    almen_table_free(t);
    assert_int_equal(almen_case_letting_policy(c, "2024-01-01", "9-9", NULL, &t), ALMEN_ENOTFOUND);
    almen_case_free(c);
}

/* kombineret-a1 runs 2024-06-01 .. 2026-05-31: in force on its first and last day only. */
static void policy_before_inside_after_the_period(void **state)
{
    (void)state;
    almen_case *c = testby();
    almen_agreement_options *o = options(NULL);
    static const struct {
        const char *date;
        size_t rows;
    } want[] = {{"2024-05-31", 0}, {"2024-06-01", 1}, {"2025-03-15", 1},
                {"2026-05-31", 1}, {"2026-06-01", 0}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        almen_table *t = policy(c, want[i].date, "501-2", o);
        if (count_rows(t, "source", "kombineret-a1") != want[i].rows)
            fail_msg("%s: kombineret-a1 rows %zu, want %zu", want[i].date,
                     count_rows(t, "source", "kombineret-a1"), want[i].rows);
        almen_table_free(t);
    }
    /* aftale-2024 starts 2024-01-01: the day before, 501-1 has only "none" (status unknown
     * here, so area_status-limited instruments are off; the target group dwellings apply). */
    almen_table *t = policy(c, "2023-12-31", "501-1", o);
    assert_int_equal(almen_table_nrows(t), 1);
    assert_string_equal(str(t, "instrument", 0), "none");
    assert_null(str(t, "area_status", 0));
    almen_table_free(t);
    t = policy(c, "2024-01-01", "501-1", o);
    assert_int_equal(almen_table_nrows(t), 1);
    assert_string_equal(str(t, "instrument", 0), "target_group_dwellings");
    almen_table_free(t);
    almen_agreement_options_free(o);
    almen_case_free(c);
}

/* The list of year Y applies from its publication day (default 1 December) to the day before
 * the next list. a1: udsat on the 2023 list, none on the 2024 list. */
static void the_list_in_force_on_a_date(void **state)
{
    (void)state;
    almen_case *c = testby_bare();
    almen_agreement_options *o = options("a1,2023,udsat\na1,2024,none\n");
    almen_table *t = policy(c, "2024-11-30", "501-1", o);
    assert_int_equal(almen_table_get_int(t, 4, 0), 2023);
    assert_string_equal(str(t, "area_status", 0), "udsat");
    /* §59 stk. 6 and §60 by law. */
    assert_int_equal(count_rows(t, "source", "statutory"), 2);
    almen_table_free(t);
    t = policy(c, "2024-12-01", "501-1", o);
    assert_int_equal(almen_table_get_int(t, 4, 0), 2024);
    assert_string_equal(str(t, "area_status", 0), "none");
    assert_string_equal(str(t, "instrument", 0), "none");
    almen_table_free(t);
    /* A publication day of 1 October moves the edge. */
    assert_int_equal(almen_agreement_options_set_text(o, "list_date", "10-01"), ALMEN_OK);
    t = policy(c, "2024-09-30", "501-1", o);
    assert_string_equal(str(t, "area_status", 0), "udsat");
    almen_table_free(t);
    t = policy(c, "2024-10-01", "501-1", o);
    assert_string_equal(str(t, "area_status", 0), "none");
    almen_table_free(t);
    assert_int_equal(almen_agreement_options_set_text(o, "list_date", "13-01"), ALMEN_EINVAL);
    assert_int_equal(almen_agreement_options_set_text(o, "list_date", "2-1"), ALMEN_EINVAL);
    /* The area status table says where each status came from. */
    assert_int_equal(almen_case_area_status(c, "2024-12-01", o, &t), ALMEN_OK);
    assert_string_equal(str(t, "source", 0), "explicit");
    assert_string_equal(str(t, "source", 1), "unknown");
    assert_null(str(t, "status", 1));
    almen_table_free(t);
    almen_agreement_options_free(o);
    almen_case_free(c);
}

typedef struct {
    const char *category;
    const char *paragraphs; /* the statutory rows' paragraphs, in order */
} statutory_case;

static void statutory_instruments_by_status(void **state)
{
    (void)state;
    static const statutory_case cases[] = {
        {"none", ""},
        {"udsat", "§59 stk. 6|§60|"},
        {"parallelsamfund", "§59 stk. 6|§60|"},
        {"omdannelsesomraade", "§59 stk. 6|§60|§51c|"},
        {"forebyggelsesomraade", "§59 stk. 7|§60|"},
        {"ghetto", "§59 stk. 6|§60|"},
        {"haardt_ghetto", "§59 stk. 6|§60|§51c|"},
    };
    almen_case *c = testby_bare();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char row[64];
        snprintf(row, sizeof row, "a3,2024,%s\n", cases[i].category);
        almen_agreement_options *o = options(row);
        almen_table *t = policy(c, "2025-01-01", "502-2", o);
        char got[128] = "";
        for (size_t r = 0; r < almen_table_nrows(t); r++) {
            const char *s = str(t, "source", r);
            if (s && !strcmp(s, "statutory")) {
                strcat(got, str(t, "paragraph", r));
                strcat(got, "|");
            }
        }
        if (strcmp(got, cases[i].paragraphs))
            fail_msg("%s: %s, want %s", cases[i].category, got, cases[i].paragraphs);
        almen_table_free(t);
        /* 501-3 has youth dwellings only: the letting rules of §59-§60 and §51c concern
         * family dwellings, so nothing statutory applies there. */
        t = policy(c, "2025-01-01", "501-3", o);
        assert_int_equal(count_rows(t, "source", "statutory"), 0);
        almen_table_free(t);
        almen_agreement_options_free(o);
    }
    /* The §59 stk. 6 groups are its nr. 1-7; stk. 7 has nr. 1-4 and self support. */
    almen_agreement_options *o = options("a3,2024,udsat\na2,2024,forebyggelsesomraade\n");
    almen_table *t = policy(c, "2025-01-01", "502-2", o);
    assert_string_equal(str(t, "groups", 0),
                        "released_prison,released_youth_institution,lease_terminated,"
                        "non_eu_citizen,social_assistance_6m,disability_pension,"
                        "unemployment_sickness_6m");
    assert_close(num(t, "quota_pct", 1), 100);
    almen_table_free(t);
    t = policy(c, "2025-01-01", "502-1", o);
    assert_string_equal(str(t, "groups", 0),
                        "released_prison,released_youth_institution,lease_terminated,"
                        "non_eu_citizen,self_support_6m");
    almen_table_free(t);
    /* Before L 23 (statutory_from 2021-11-30) nothing statutory is added, and a finding says
     * so. */
    assert_int_equal(almen_agreement_options_set_status(o, "a3", 2020, "udsat"), ALMEN_OK);
    t = policy(c, "2021-11-29", "502-2", o);
    assert_int_equal(count_rows(t, "source", "statutory"), 0);
    almen_table_free(t);
    assert_int_equal(code_count(c, "2021-11-29", o, "statutory_not_modelled"), 1);
    assert_int_equal(code_count(c, "2021-11-30", o, "statutory_not_modelled"), 0);
    t = policy(c, "2021-11-30", "502-2", o);
    assert_int_equal(count_rows(t, "source", "statutory"), 2);
    almen_table_free(t);
    almen_agreement_options_free(o);
    almen_case_free(c);
}

/* ---- Findings at their edges ----------------------------------------------------------- */

#define COMBINED(area)                                                                    \
    "agreements:\n  - id: k\n    name: K\n    parties: {organisations: ['501', '502']}\n"  \
    "    geography: {areas: [" area "]}\n    period: {start: 2024-01-01}\n"                \
    "    instruments: [{type: combined_letting}]\n"

/* §51b stk. 3: "mindst 1.000 beboere" and "mindst 40 pct." are >=. Area a1 sits exactly on
 * both edges (1,000 residents; 260 / 650 = 40 %). */
static void combined_letting_edges(void **state)
{
    (void)state;
    almen_case *c = testby_bare();
    add_yaml(c, COMBINED("a1"));
    almen_agreement_options *o = options(NULL);
    const char *date = "2024-06-01";
    /* At both edges: allowed. */
    assert_int_equal(code_count(c, date, o, "combined_letting_residents"), 0);
    assert_int_equal(code_count(c, date, o, "combined_letting_outside"), 0);
    /* 999 residents (501-2: 400 -> 399): one below. */
    assert_int_equal(almen_case_set_figure(c, "501-2", 2024, "residents", 399), ALMEN_OK);
    almen_table *t = findings(c, date, o);
    size_t r = find_row(t, "code", "combined_letting_residents", NULL, NULL);
    assert_true(r != (size_t)-1);
    assert_string_equal(str(t, "severity", r), "error");
    assert_string_equal(str(t, "paragraph", r), "§51b stk. 3 nr. 1");
    assert_string_equal(str(t, "area", r), "a1");
    assert_string_equal(str(t, "departments", r), "501-1,501-2");
    assert_non_null(strstr(str(t, "message", r), "999"));
    almen_table_free(t);
    /* 1,001: one above. */
    assert_int_equal(almen_case_set_figure(c, "501-2", 2024, "residents", 401), ALMEN_OK);
    assert_int_equal(code_count(c, date, o, "combined_letting_residents"), 0);
    /* Outside 259.75 / 650 = 39.96 %: just below 40. */
    assert_int_equal(almen_case_set_figure(c, "501-2", 2024, "outside_labour_fte", 99.75), ALMEN_OK);
    assert_int_equal(code_count(c, date, o, "combined_letting_outside"), 1);
    /* 260.25 / 650 = 40.04 %: just above. */
    assert_int_equal(almen_case_set_figure(c, "501-2", 2024, "outside_labour_fte", 100.25), ALMEN_OK);
    assert_int_equal(code_count(c, date, o, "combined_letting_outside"), 0);
    /* The thresholds are parameters: 41 % makes 40.04 % too little. */
    assert_int_equal(almen_agreement_options_set_parameter(o, "combined_min_outside_pct", 41), ALMEN_OK);
    assert_int_equal(code_count(c, date, o, "combined_letting_outside"), 1);
    /* Missing figures: a warning, not a pass. */
    assert_int_equal(almen_case_set_figure(c, "501-1", 2024, "outside_labour_fte", NAN), ALMEN_OK);
    assert_int_equal(code_count(c, date, o, "combined_letting_unknown"), 1);
    assert_int_equal(code_count(c, date, o, "combined_letting_outside"), 0);
    almen_agreement_options_free(o);
    almen_case_free(c);

    /* a2: 999 residents and 40.05 %; a3: 1,266 residents and 305.5 / 764 = 39.987 %. */
    c = testby_bare();
    add_yaml(c, COMBINED("a2, a3"));
    o = options(NULL);
    t = findings(c, date, o);
    r = find_row(t, "code", "combined_letting_residents", NULL, NULL);
    assert_string_equal(str(t, "area", r), "a2");
    assert_int_equal(count_rows(t, "code", "combined_letting_residents"), 1);
    r = find_row(t, "code", "combined_letting_outside", NULL, NULL);
    assert_string_equal(str(t, "area", r), "a3");
    assert_string_equal(str(t, "departments", r), "502-2,501-3");
    assert_int_equal(count_rows(t, "code", "combined_letting_outside"), 1);
    almen_table_free(t);
    /* One more quarter of a person: 305.75 / 764 = 40.02 %. */
    assert_int_equal(almen_case_set_figure(c, "502-2", 2024, "outside_labour_fte", 295.75), ALMEN_OK);
    assert_int_equal(code_count(c, date, o, "combined_letting_outside"), 0);
    almen_agreement_options_free(o);
    almen_case_free(c);
}

#define ALLOCATION(params)                                                                \
    "agreements:\n  - id: m\n    name: M\n    parties: {organisations: ['501']}\n"         \
    "    geography: {areas: [a1]}\n    period: {start: 2024-01-01}\n"                     \
    "    instruments: [{type: municipal_allocation, " params "}]\n"

/* §59 stk. 1: up to every 4th vacant family dwelling (25 %); more only by stk. 2 agreement. */
static void allocation_share_edges(void **state)
{
    (void)state;
    static const struct {
        const char *params;
        size_t share, party;
    } cases[] = {
        {"share_pct: 25", 0, 0},       {"share_pct: 25.01", 1, 0}, {"share_pct: 24.99", 0, 0},
        {"every: 4", 0, 0},            {"every: 3", 1, 0},         {"every: 5", 0, 0},
        {"share_pct: 40, stk2: true", 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char yaml[1024];
        snprintf(yaml, sizeof yaml, ALLOCATION("%s"), cases[i].params);
        almen_case *c = testby_bare();
        add_yaml(c, yaml);
        almen_agreement_options *o = options(NULL);
        if (code_count(c, "2024-06-01", o, "allocation_share") != cases[i].share)
            fail_msg("%s: allocation_share", cases[i].params);
        assert_int_equal(code_count(c, "2024-06-01", o, "allocation_party"), cases[i].party);
        almen_agreement_options_free(o);
        almen_case_free(c);
    }
    /* A stk. 2 agreement must be made with the organisation owning the department. */
    almen_case *c = testby_bare();
    add_yaml(c, "agreements:\n  - id: m\n    name: M\n    parties: {organisations: ['501']}\n"
                "    geography: {areas: [a1, a3]}\n    period: {start: 2024-01-01}\n"
                "    instruments: [{type: municipal_allocation, share_pct: 40, stk2: true}]\n");
    almen_agreement_options *o = options(NULL);
    almen_table *t = findings(c, "2024-06-01", o);
    size_t r = find_row(t, "code", "allocation_party", NULL, NULL);
    assert_true(r != (size_t)-1);
    assert_string_equal(str(t, "departments", r), "502-2");
    assert_string_equal(str(t, "paragraph", r), "§59 stk. 2");
    almen_table_free(t);
    almen_agreement_options_free(o);
    almen_case_free(c);
}

#define FLEXIBLE(extra)                                                                   \
    "agreements:\n  - id: f\n    name: F\n    parties: {organisations: ['502']}\n"         \
    "    geography: {areas: [a2]}\n    period: {start: 2024-01-01}\n" extra

/* §60: flexible letting is obligatory in udsatte and forebyggelse areas for all lettings
 * except municipal allocation. */
static void flexible_letting_requirements(void **state)
{
    (void)state;
    const char *date = "2025-01-01";
    /* No agreement at all: a warning (nothing the agreements say is wrong). */
    almen_case *c = testby_bare();
    almen_agreement_options *o = options("a2,2024,forebyggelsesomraade\n");
    almen_table *t = findings(c, date, o);
    size_t r = find_row(t, "code", "flexible_letting_missing", NULL, NULL);
    assert_string_equal(str(t, "severity", r), "warning");
    assert_string_equal(str(t, "department", r), "502-1");
    assert_int_equal(count_rows(t, "code", "flexible_letting_missing"), 1);
    almen_table_free(t);
    /* On no list: nothing required. */
    almen_agreement_options *none = options("a2,2024,none\n");
    assert_int_equal(code_count(c, date, none, "flexible_letting_missing"), 0);
    /* An agreement that is not about letting leaves it a warning; a letting agreement
     * covering the department without flexible letting for it is at fault. */
    add_yaml(c, FLEXIBLE("    instruments: [{type: other, description: d}]\n"));
    t = findings(c, date, o);
    r = find_row(t, "code", "flexible_letting_missing", NULL, NULL);
    assert_string_equal(str(t, "severity", r), "warning");
    almen_table_free(t);
    almen_case_free(c);
    c = testby_bare();
    add_yaml(c, FLEXIBLE("    instruments: [{type: municipal_allocation, share_pct: 10}]\n"));
    t = findings(c, date, o);
    r = find_row(t, "code", "flexible_letting_missing", NULL, NULL);
    assert_string_equal(str(t, "severity", r), "error");
    assert_string_equal(str(t, "agreement", r), "f");
    almen_table_free(t);
    almen_case_free(c);
    /* Quota 99 % is short of all lettings; 100 % and no quota are fine. */
    static const struct {
        const char *quota;
        size_t errors;
    } q[] = {{", quota_pct: 99", 1}, {", quota_pct: 100", 0}, {"", 0}};
    for (size_t i = 0; i < 3; i++) {
        char yaml[1024];
        snprintf(yaml, sizeof yaml,
                 FLEXIBLE("    instruments: [{type: flexible_letting, criteria: [job]%s}]\n"),
                 q[i].quota);
        c = testby_bare();
        add_yaml(c, yaml);
        assert_int_equal(code_count(c, date, o, "flexible_letting_quota"), q[i].errors);
        assert_int_equal(code_count(c, date, o, "flexible_letting_missing"), 0);
        /* A 50 % quota outside the lists is the agreement's own business. */
        assert_int_equal(code_count(c, date, none, "flexible_letting_quota"), 0);
        almen_case_free(c);
    }
    almen_agreement_options_free(o);
    almen_agreement_options_free(none);
}

static void allocation_ban_groups(void **state)
{
    (void)state;
    const char *date = "2025-01-01";
    almen_case *c = testby_bare();
    add_yaml(c, "agreements:\n  - id: b\n    name: B\n    parties: {organisations: ['502']}\n"
                "    geography: {areas: [a2, a3]}\n    period: {start: 2024-01-01}\n"
                "    instruments:\n"
                "      - {type: flexible_letting, criteria: [job]}\n"
                "      - {type: allocation_ban, stk: 7, groups: [released_prison, "
                "released_youth_institution, lease_terminated, non_eu_citizen]}\n");
    /* a2 forebyggelse: stk. 7 also names self_support_6m: one group missing. */
    almen_agreement_options *o = options("a2,2024,forebyggelsesomraade\na3,2024,none\n");
    almen_table *t = findings(c, date, o);
    size_t r = find_row(t, "code", "allocation_ban_groups", NULL, NULL);
    assert_true(r != (size_t)-1);
    assert_string_equal(str(t, "paragraph", r), "§59 stk. 7");
    assert_non_null(strstr(str(t, "message", r), "missing: self_support_6m"));
    almen_table_free(t);
    almen_agreement_options_free(o);
    /* a3 udsat: §59 stk. 6 applies, not stk. 7 - and it bans seven groups. */
    o = options("a2,2024,none\na3,2024,udsat\n");
    assert_int_equal(code_count(c, date, o, "allocation_ban_paragraph"), 1);
    t = findings(c, date, o);
    r = find_row(t, "code", "allocation_ban_groups", NULL, NULL);
    assert_non_null(strstr(str(t, "message", r),
                           "missing: social_assistance_6m,disability_pension,"
                           "unemployment_sickness_6m"));
    almen_table_free(t);
    almen_agreement_options_free(o);
    almen_case_free(c);
}

static void conflicting_instruments(void **state)
{
    (void)state;
    const char *date = "2024-06-01";
    /* Two agreements overlapping on a1 (501-1, 501-2). */
    static const char *const TWO =
        "agreements:\n"
        "  - id: p\n    name: P\n    parties: {organisations: ['501', '502']}\n"
        "    geography: {municipality: true}\n    period: {start: 2024-01-01}\n"
        "    instruments: [{type: flexible_letting, criteria: [job, study], quota_pct: %s},\n"
        "                  {type: municipal_allocation, share_pct: 25, dwelling_types: [%s]}]\n"
        "  - id: q\n    name: Q\n    parties: {organisations: ['501']}\n"
        "    geography: {areas: [a1]}\n    period: {start: %s}\n"
        "    instruments: [{type: flexible_letting, criteria: [study, job], quota_pct: 50},\n"
        "                  {type: municipal_allocation, share_pct: 20}]\n";
    static const struct {
        const char *quota, *types, *start;
        size_t conflicts;
    } cases[] = {
        {"50", "youth", "2024-01-01", 0},  /* same criteria (any order) and quota; other types */
        {"60", "youth", "2024-01-01", 1},  /* quota differs */
        {"60", "family", "2024-01-01", 2}, /* and the allocation share for family dwellings */
        {"60", "family", "2024-06-02", 0}, /* q not yet in force: no overlap on the date */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char yaml[2048];
        snprintf(yaml, sizeof yaml, TWO, cases[i].quota, cases[i].types, cases[i].start);
        almen_case *c = testby_bare();
        add_yaml(c, yaml);
        almen_agreement_options *o = options(NULL);
        almen_table *t = findings(c, date, o);
        if (count_rows(t, "code", "conflict") != cases[i].conflicts)
            fail_msg("case %zu: %zu conflicts", i, count_rows(t, "code", "conflict"));
        size_t r = find_row(t, "code", "conflict", NULL, NULL);
        if (cases[i].conflicts) {
            assert_string_equal(str(t, "departments", r), "501-1,501-2");
            assert_string_equal(str(t, "severity", r), "error");
        }
        almen_table_free(t);
        almen_agreement_options_free(o);
        almen_case_free(c);
    }
}

#define REVIEW(extra)                                                                     \
    "agreements:\n  - id: r\n    name: R\n    parties: {organisations: ['501']}\n"         \
    "    geography: {areas: [a1]}\n    period: {start: 2020-01-01" extra "}\n"

/* §60b stk. 2: reviewed within 4 years - due on the same calendar day four years later. */
static void review_due_edges(void **state)
{
    (void)state;
    almen_case *c = testby_bare();
    add_yaml(c, REVIEW(""));
    almen_agreement_options *o = options(NULL);
    assert_int_equal(code_count(c, "2024-01-01", o, "review_due"), 0);
    almen_table *t = findings(c, "2024-01-02", o);
    size_t r = find_row(t, "code", "review_due", NULL, NULL);
    assert_string_equal(str(t, "severity", r), "warning");
    assert_non_null(strstr(str(t, "message", r), "due by 2024-01-01"));
    almen_table_free(t);
    almen_case_free(c);
    /* A review on 2022-06-01 moves the due date to 2026-06-01; a review planned for later
     * does not count before its day. */
    c = testby_bare();
    add_yaml(c, REVIEW(", reviews: [2022-06-01, 2026-09-01]"));
    assert_int_equal(code_count(c, "2026-06-01", o, "review_due"), 0);
    assert_int_equal(code_count(c, "2026-06-02", o, "review_due"), 1);
    assert_int_equal(code_count(c, "2026-09-01", o, "review_due"), 0);
    /* The period is a parameter. */
    assert_int_equal(almen_agreement_options_set_parameter(o, "review_years", 5), ALMEN_OK);
    assert_int_equal(code_count(c, "2026-06-02", o, "review_due"), 0);
    assert_int_equal(almen_agreement_options_set_parameter(o, "review_years", 2.5), ALMEN_ERANGE);
    almen_agreement_options_free(o);
    almen_case_free(c);
}

#define COVERAGE(geo, ext)                                                                \
    "agreements:\n  - id: v\n    name: V\n    parties: {organisations: ['501', '502']}\n"  \
    "    geography: " geo "\n    period: {start: 2024-01-01}\n" ext                        \
    "    instruments: [{type: flexible_letting, criteria: [job]}]\n"

/* §60b stk. 1: "mere end 50 pct." of the 1,000 family dwellings: 500 is not, 501 is. */
static void coverage_edges(void **state)
{
    (void)state;
    static const struct {
        const char *geo;
        size_t extendable;
    } cases[] = {
        /* 250 + 149 + 100 = 499 */
        {"{areas: [a2, a3], departments: ['502-3']}", 0},
        /* 300 + 200 = 500 */
        {"{areas: [a1]}", 0},
        /* 500 + 1 = 501 */
        {"{areas: [a1], departments: ['502-4']}", 1},
    };
    almen_agreement_options *o = options("a1,2023,none\na2,2023,none\na3,2023,none\n");
    for (size_t i = 0; i < 3; i++) {
        char yaml[1024];
        snprintf(yaml, sizeof yaml, COVERAGE("%s", ""), cases[i].geo);
        almen_case *c = testby_bare();
        add_yaml(c, yaml);
        assert_int_equal(code_count(c, "2024-06-01", o, "coverage_extendable"), cases[i].extendable);
        almen_case_free(c);
    }
    /* An extension decided (§60b stk. 1) lapses when the agreement covers 50 % or less. */
    almen_case *c = testby_bare();
    add_yaml(c, COVERAGE("{areas: [a1]}", "    extension_60b: {decided: 2024-03-01}\n"));
    assert_int_equal(code_count(c, "2024-02-29", o, "extension_lapsed"), 0);
    assert_int_equal(code_count(c, "2024-03-01", o, "extension_lapsed"), 1);
    almen_case_free(c);
    c = testby_bare();
    add_yaml(c, COVERAGE("{areas: [a1], departments: ['502-4']}",
                         "    extension_60b: {decided: 2024-03-01}\n"));
    assert_int_equal(code_count(c, "2024-03-01", o, "extension_lapsed"), 0);
    /* A decided extension makes an overdue review an error. */
    almen_table *t = findings(c, "2028-03-02", o);
    size_t r = find_row(t, "code", "review_due", NULL, NULL);
    assert_string_equal(str(t, "severity", r), "error");
    almen_table_free(t);
    assert_int_equal(code_count(c, "2028-03-01", o, "review_due"), 0);
    almen_case_free(c);
    almen_agreement_options_free(o);
}

static void error_count_and_clean_fixture(void **state)
{
    (void)state;
    almen_case *c = testby();
    char *csv = read_source_file("tests/data/agreements/status.csv");
    almen_agreement_options *o = NULL;
    assert_int_equal(almen_agreement_options_new(&o), ALMEN_OK);
    assert_int_equal(almen_agreement_options_set_status_csv(o, csv, "status.csv"), ALMEN_OK);
    free(csv);
    /* 2024-12-01: list 2024 - a1 none, a2 forebyggelse, a3 omdannelse. The fixture's
     * agreements are clean: only the §60b information. */
    almen_table *t = findings(c, "2024-12-01", o);
    assert_int_equal(almen_table_nrows(t), 1);
    assert_string_equal(str(t, "code", 0), "coverage_extendable");
    assert_string_equal(str(t, "severity", 0), "info");
    almen_table_free(t);
    size_t n = 99;
    assert_int_equal(almen_case_agreement_errors(c, "2024-12-01", o, &n), ALMEN_OK);
    assert_int_equal(n, 0);
    almen_agreement_options_free(o);
    almen_case_free(c);
}

/* ---- Options --------------------------------------------------------------------------- */

static void options_errors(void **state)
{
    (void)state;
    almen_agreement_options *o = options("a1,2024,udsat\n");
    assert_int_equal(almen_agreement_options_set_parameter(o, "nope", 1), ALMEN_EINVAL);
    assert_int_equal(almen_agreement_options_set_parameter(o, "allocation_max_pct", 101), ALMEN_ERANGE);
    assert_int_equal(almen_agreement_options_set_parameter(o, "figures_lag", NAN), ALMEN_ERANGE);
    assert_int_equal(almen_agreement_options_set_text(o, "statutory_from", "2021-02-30"), ALMEN_EINVAL);
    assert_int_equal(almen_agreement_options_set_status(o, "a1", 2024, "ghetto-ish"), ALMEN_EINVAL);
    assert_int_equal(almen_agreement_options_set_classification(o, 2), ALMEN_EINVAL);
    /* A bad CSV row changes nothing; its position is given. */
    assert_int_equal(almen_agreement_options_set_status_csv(
                         o, "area,year,category\na1,2024,none\na2,20x4,udsat\n", "s.csv"),
                     ALMEN_EINPUT);
    assert_int_equal(almen_error_last_line(), 3);
    assert_int_equal(almen_error_last_column(), 4);
    assert_string_equal(almen_error_last_field(), "year");
    assert_int_equal(almen_agreement_options_set_status_csv(
                         o, "area,year,category\na1,2024,none\na2,2024,hot\n", "s.csv"),
                     ALMEN_EINPUT);
    assert_string_equal(almen_error_last_field(), "category");
    assert_int_equal(almen_agreement_options_set_status_csv(o, "area,year,kind\n", "s.csv"),
                     ALMEN_EINPUT);
    almen_case *c = testby_bare();
    almen_table *t = policy(c, "2025-01-01", "501-1", o);
    assert_string_equal(str(t, "area_status", 0), "udsat"); /* still from the first call */
    almen_table_free(t);
    /* "none" clears, categories add up, "unknown" removes. */
    assert_int_equal(almen_agreement_options_set_status(o, "a1", 2024, "forebyggelsesomraade"), ALMEN_OK);
    t = policy(c, "2025-01-01", "501-1", o);
    assert_string_equal(str(t, "area_status", 0), "udsat,forebyggelsesomraade");
    almen_table_free(t);
    assert_int_equal(almen_agreement_options_set_status(o, "a1", 2024, "unknown"), ALMEN_OK);
    t = policy(c, "2025-01-01", "501-1", o);
    assert_null(str(t, "area_status", 0));
    almen_table_free(t);
    assert_int_equal(code_count(c, "2025-01-01", o, "status_unknown"), 3);
    /* A status for an area the case lacks is an argument error at use. */
    assert_int_equal(almen_agreement_options_set_status(o, "zz", 2024, "none"), ALMEN_OK);
    t = NULL;
    assert_int_equal(almen_case_letting_policy(c, "2025-01-01", NULL, o, &t), ALMEN_EINVAL);
    assert_null(t);
    assert_int_equal(almen_agreement_parameters(&t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), 8);
    almen_table_free(t);
    almen_agreement_options_free(o);
    almen_case_free(c);
}

/* ---- Coverage -------------------------------------------------------------------------- */

static void coverage_by_theme_and_district(void **state)
{
    (void)state;
    almen_case *c = testby();
    almen_agreement_options *o = options(NULL);
    almen_table *t = NULL;
    /* 2024-06-01: both agreements in force. combined_letting is a theme of both; kombineret-
     * a1 covers a1 only (district syd). */
    assert_int_equal(almen_case_agreement_coverage(c, "2024-06-01", o, &t), ALMEN_OK);
    size_t r = find_row(t, "theme", "any", "level", "municipality");
    assert_int_equal(almen_table_get_int(t, 4, r), 7);             /* departments */
    assert_int_equal(almen_table_get_int(t, 8, r), 1000);          /* family dwellings */
    assert_close(num(t, "residents", r), 600 + 400 + 999 + 1200 + 66 + 420 + 3);
    r = find_row(t, "theme", "combined_letting", "district", "syd");
    assert_int_equal(almen_table_get_int(t, 3, r), 2);             /* agreements */
    r = find_row(t, "theme", "future_proofing", "level", "municipality");
    assert_int_equal(almen_table_get_int(t, 4, r), 0);
    assert_close(num(t, "family_share_pct", r), 0);
    assert_true(find_row(t, "theme", "bosætningsstrategi", NULL, NULL) != (size_t)-1);
    almen_table_free(t);
    /* 2027-06-01: only aftale-2024; remove it and nothing is covered. */
    assert_int_equal(almen_case_remove_agreement(c, "aftale-2024"), ALMEN_OK);
    assert_int_equal(almen_case_agreement_coverage(c, "2024-06-01", o, &t), ALMEN_OK);
    r = find_row(t, "theme", "any", "district", "syd");
    /* a1 = 501-1 + 501-2: 2 departments, 500 family dwellings of syd's 300 + 200 + 100 + 0 +
     * 1 = 601. */
    assert_int_equal(almen_table_get_int(t, 4, r), 2);
    assert_int_equal(almen_table_get_int(t, 8, r), 500);
    assert_int_equal(almen_table_get_int(t, 9, r), 601);
    assert_close(num(t, "family_share_pct", r), 100.0 * 500 / 601);
    r = find_row(t, "theme", "any", "district", "nord");
    assert_int_equal(almen_table_get_int(t, 4, r), 0);
    almen_table_free(t);
    almen_agreement_options_free(o);
    almen_case_free(c);
}

/* ---- Templates ------------------------------------------------------------------------- */

static void templates_list_load_and_fill(void **state)
{
    (void)state;
    almen_table *t = NULL;
    assert_int_equal(almen_agreement_templates(&t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), 5);
    static const char *const names[] = {"hele-byen", "lille-bydel", "bydel-for-bydel",
                                        "naalestik", "strategisk-anvisning"};
    static const char *const targets[] = {NULL, "syd", NULL, "502-3,502-4", NULL};
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(str(t, "name", i), names[i]);
        almen_agreements *a = NULL;
        assert_int_equal(almen_agreement_template(names[i], &a), ALMEN_OK);
        assert_int_equal(almen_agreements_count(a), 1);
        char *y = NULL;
        assert_int_equal(almen_agreement_template_yaml(names[i], &y), ALMEN_OK);
        assert_non_null(strstr(y, "agreements:"));
        almen_free(y);
        /* Unfilled, the template cannot go into a case as it is. */
        almen_case *c = testby_bare();
        assert_int_equal(almen_case_add_agreements(c, a), ALMEN_EINPUT);
        almen_agreements_free(a);
        /* Filled: it validates clean in Aftaleby on the lists of 2024 - no errors, and no
         * warning about the template's agreement (information about adoption and §60b; the
         * law's own warnings about departments no letting agreement covers may remain). */
        if (almen_case_add_template(c, names[i], NULL, "2025-03-15", targets[i]))
            fail_msg("%s: %s", names[i], almen_error_last_text());
        almen_agreement_options *o =
            options("a1,2024,none\na2,2024,forebyggelsesomraade\na3,2024,udsat\n");
        almen_table *f = findings(c, "2025-06-01", o);
        for (size_t r = 0; r < almen_table_nrows(f); r++) {
            const char *sev = str(f, "severity", r), *ag = str(f, "agreement", r);
            if (!strcmp(sev, "error") || (!strcmp(sev, "warning") && ag))
                fail_msg("%s: %s", names[i], str(f, "message", r));
        }
        almen_table_free(f);
        almen_agreement_options_free(o);
        almen_case_free(c);
    }
    almen_table_free(t);
    almen_agreements *a = NULL;
    assert_int_equal(almen_agreement_template("nope", &a), ALMEN_ENOTFOUND);
}

static void template_dates_and_governance(void **state)
{
    (void)state;
    almen_case *c = testby_bare();
    /* strategisk-anvisning runs 2025-01-01 .. 2028-12-31 with a review on 2027-01-01; moved
     * to 2026-03-15 it runs to 2030-03-14 with the review on 2028-03-15. */
    assert_int_equal(almen_case_add_template(c, "strategisk-anvisning", "s", "2026-03-15", NULL),
                     ALMEN_OK);
    /* bydel-for-bydel in every district: one board plus a board per district (seed 004). */
    assert_int_equal(almen_case_add_template(c, "bydel-for-bydel", "b", NULL, NULL), ALMEN_OK);
    almen_table *t = NULL;
    assert_int_equal(almen_case_agreements(c, &t), ALMEN_OK);
    assert_string_equal(str(t, "start", 0), "2026-03-15");
    assert_string_equal(str(t, "end", 0), "2030-03-14");
    assert_string_equal(str(t, "reviews", 0), "2028-03-15");
    assert_string_equal(str(t, "organisations", 0), "501,502");
    assert_string_equal(str(t, "geography", 1), "districts: nord, syd");
    almen_table_free(t);
    assert_int_equal(almen_case_agreement_governance(c, &t), ALMEN_OK);
    assert_true(find_row(t, "id", "bestyrelse", NULL, NULL) != (size_t)-1);
    size_t r = find_row(t, "id", "bydel-nord", NULL, NULL);
    assert_true(r != (size_t)-1);
    assert_string_equal(str(t, "parent", r), "bestyrelse");
    assert_string_equal(str(t, "name", r), "Bydelsbestyrelse Nord");
    assert_true(find_row(t, "id", "bydel-syd", NULL, NULL) != (size_t)-1);
    assert_int_equal(count_rows(t, "kind", "board"), 3);
    almen_table_free(t);
    /* The funded initiative moved with the template: 9 mio. kr. from Landsbyggefonden. */
    assert_int_equal(almen_case_agreement_instruments(c, &t), ALMEN_OK);
    r = find_row(t, "agreement", "b", "instrument", "funded_initiative");
    assert_non_null(strstr(str(t, "parameters", r), "amount=9000000; funder=Landsbyggefonden"));
    almen_table_free(t);
    /* Argument errors change nothing. */
    assert_int_equal(almen_case_add_template(c, "naalestik", "n", NULL, NULL), ALMEN_EINVAL);
    assert_int_equal(almen_case_add_template(c, "naalestik", "n", NULL, "502-3,9-9"), ALMEN_EINVAL);
    assert_int_equal(almen_case_add_template(c, "lille-bydel", "l", "2025-02-30", NULL), ALMEN_EINVAL);
    assert_int_equal(almen_case_add_template(c, "hele-byen", "h", NULL, "syd"), ALMEN_EINVAL);
    assert_int_equal(almen_case_add_template(c, "hele-byen", "s", NULL, NULL), ALMEN_EINPUT);
    assert_int_equal(almen_case_agreement_count(c), 2);
    almen_case_free(c);
}

/* The example municipality carries agreements (tools/make_example.py) that load. */
static void example_has_agreements(void **state)
{
    (void)state;
    almen_case *c = NULL;
    assert_int_equal(almen_case_load_example(&c), ALMEN_OK);
    assert_true(almen_case_agreement_count(c) >= 1);
    almen_table *t = NULL;
    assert_int_equal(almen_case_agreement_findings(c, "2025-06-01", NULL, &t), ALMEN_OK);
    almen_table_free(t);
    almen_case_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixture_loads_and_round_trips),
        cmocka_unit_test(standalone_round_trip),
        cmocka_unit_test(yaml_errors_have_positions),
        cmocka_unit_test(case_errors_point_into_the_agreements),
        cmocka_unit_test(remove_unknown_agreement),
        cmocka_unit_test(dates_are_strict),
        cmocka_unit_test(policy_before_inside_after_the_period),
        cmocka_unit_test(the_list_in_force_on_a_date),
        cmocka_unit_test(statutory_instruments_by_status),
        cmocka_unit_test(combined_letting_edges),
        cmocka_unit_test(allocation_share_edges),
        cmocka_unit_test(flexible_letting_requirements),
        cmocka_unit_test(allocation_ban_groups),
        cmocka_unit_test(conflicting_instruments),
        cmocka_unit_test(review_due_edges),
        cmocka_unit_test(coverage_edges),
        cmocka_unit_test(error_count_and_clean_fixture),
        cmocka_unit_test(options_errors),
        cmocka_unit_test(coverage_by_theme_and_district),
        cmocka_unit_test(templates_list_load_and_fill),
        cmocka_unit_test(template_dates_and_governance),
        cmocka_unit_test(example_has_agreements),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
