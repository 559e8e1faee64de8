/* Rule sets: the compiled-in regimes say what the law says, the default regime by list year,
 * and a user's rule set with errors reported at their position. */
#include "testutil.h"

/* The row of table t whose string column key_col equals key. */
static size_t row_of(const almen_table *t, const char *key_col, const char *key)
{
    size_t c;
    assert_int_equal(almen_table_column_index(t, key_col, &c), ALMEN_OK);
    for (size_t r = 0; r < almen_table_nrows(t); r++) {
        const char *s = almen_table_get_string(t, c, r);
        if (s && !strcmp(s, key)) return r;
    }
    fail_msg("no row %s = %s", key_col, key);
    return 0;
}

static const char *str_at(const almen_table *t, size_t row, const char *name)
{
    size_t c;
    assert_int_equal(almen_table_column_index(t, name, &c), ALMEN_OK);
    return almen_table_get_string(t, c, row);
}

static double num_at(const almen_table *t, size_t row, const char *name)
{
    size_t c;
    assert_int_equal(almen_table_column_index(t, name, &c), ALMEN_OK);
    int type = almen_table_column_type(t, c);
    if (type == ALMEN_COL_DOUBLE) return almen_table_get_double(t, c, row);
    int32_t v = almen_table_get_int(t, c, row);
    return v == ALMEN_NA_INT ? NAN : v;
}

static almen_rules *builtin(const char *id)
{
    almen_rules *r = NULL;
    if (almen_rules_builtin(id, &r)) fail_msg("%s: %s", id, almen_error_last_text());
    return r;
}

/* The default regime by list year (issue 3): 2010-2012 dk-2010, 2013-2017 dk-2013,
 * 2018-2020 dk-2018, 2021 on dk-2021; nothing before 2010. */
static void regime_by_year(void **state)
{
    (void)state;
    static const struct {
        int year;
        const char *id;
    } cases[] = {{2010, "dk-2010"}, {2012, "dk-2010"}, {2013, "dk-2013"}, {2017, "dk-2013"},
                 {2018, "dk-2018"}, {2020, "dk-2018"}, {2021, "dk-2021"}, {2024, "dk-2021"},
                 {2040, "dk-2021"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *id = NULL;
        assert_int_equal(almen_rules_for_year(cases[i].year, &id), ALMEN_OK);
        assert_string_equal(id, cases[i].id);
        almen_free(id);
    }
    char *id = (char *)"x";
    assert_int_equal(almen_rules_for_year(2009, &id), ALMEN_ENOTFOUND);
    assert_null(id);
    almen_rules *r = (almen_rules *)1;
    assert_int_equal(almen_rules_builtin("dk-2019", &r), ALMEN_ENOTFOUND);
    assert_null(r);

    almen_table *t;
    assert_int_equal(almen_rules_builtins(&t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), 4);
    size_t row = row_of(t, "id", "dk-2018");
    assert_true(num_at(t, row, "first_year") == 2018 && num_at(t, row, "last_year") == 2020);
    assert_true(isnan(num_at(t, row_of(t, "id", "dk-2021"), "last_year")));
    almen_table_free(t);
}

/* Category ids exactly as issue 3 lists them, in file order. */
static void category_ids(void **state)
{
    (void)state;
    static const struct {
        const char *rules;
        const char *ids[5];
    } cases[] = {
        {"dk-2010", {"ghetto"}},
        {"dk-2013", {"ghetto"}},
        {"dk-2018", {"udsat", "ghetto", "haardt_ghetto"}},
        {"dk-2021", {"udsat", "parallelsamfund", "omdannelsesomraade", "forebyggelsesomraade"}},
    };
    for (size_t i = 0; i < 4; i++) {
        almen_rules *r = builtin(cases[i].rules);
        assert_string_equal(almen_rules_id(r), cases[i].rules);
        almen_table *t;
        assert_int_equal(almen_rules_categories(r, &t), ALMEN_OK);
        size_t n = 0;
        while (n < 5 && cases[i].ids[n]) n++;
        assert_int_equal(almen_table_nrows(t), n);
        for (size_t k = 0; k < n; k++) assert_string_equal(str_at(t, k, "category"), cases[i].ids[k]);
        almen_table_free(t);
        almen_rules_free(r);
    }
}

typedef struct {
    const char *criterion, *set, *op;
    double threshold;
    int window;
} law_row;

static void check_criteria(const char *rules, const law_row *rows, size_t n)
{
    almen_rules *r = builtin(rules);
    almen_table *t;
    assert_int_equal(almen_rules_criteria(r, &t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), n);
    for (size_t i = 0; i < n; i++) {
        size_t row = SIZE_MAX;
        for (size_t q = 0; q < n; q++)
            if (!strcmp(str_at(t, q, "criterion"), rows[i].criterion) &&
                !strcmp(str_at(t, q, "thresholds"), rows[i].set))
                row = q;
        if (row == SIZE_MAX) fail_msg("%s: no %s/%s", rules, rows[i].criterion, rows[i].set);
        if (strcmp(str_at(t, row, "op"), rows[i].op) ||
            num_at(t, row, "threshold") != rows[i].threshold ||
            num_at(t, row, "window") != rows[i].window)
            fail_msg("%s %s/%s: %s %g window %g", rules, rows[i].criterion, rows[i].set,
                     str_at(t, row, "op"), num_at(t, row, "threshold"), num_at(t, row, "window"));
    }
    almen_table_free(t);
    almen_rules_free(r);
}

/* The thresholds and comparisons of each regime as the domain note (section 3) words the law:
 * "overstiger" >, "mindst" >=, "mindre end" <; 2-year averages for outside labour and
 * convictions (4 years in 2010, uncertain). */
static void thresholds_as_the_law(void **state)
{
    (void)state;
    static const law_row dk2021[] = {
        {"outside_labour", "udsat", ">", 40, 2},    {"outside_labour", "forebyggelse", ">", 30, 2},
        {"convicted", "udsat", ">=", 3, 2},         {"convicted", "forebyggelse", ">=", 2, 2},
        {"basic_education", "udsat", ">", 60, 1},   {"basic_education", "forebyggelse", ">", 60, 1},
        {"income", "udsat", "<", 55, 1},            {"income", "forebyggelse", "<", 65, 1},
        {"nonwestern", "parallelsamfund", ">", 50, 1}, {"nonwestern", "forebyggelse", ">", 30, 1},
    };
    static const law_row dk2018[] = {
        {"outside_labour", "udsat", ">", 40, 2}, {"convicted", "udsat", ">=", 3, 2},
        {"basic_education", "udsat", ">", 60, 1}, {"income", "udsat", "<", 55, 1},
        {"nonwestern", "ghetto", ">", 50, 1},
    };
    static const law_row dk2013[] = {
        {"nonwestern", "ghetto", ">", 50, 1},     {"outside_labour", "ghetto", ">", 40, 2},
        {"convicted", "ghetto", ">", 2.7, 2},     {"basic_education", "ghetto", ">", 50, 1},
        {"income", "ghetto", "<", 55, 1},
    };
    static const law_row dk2010[] = {
        {"nonwestern", "ghetto", ">", 50, 1},
        {"outside_labour", "ghetto", ">", 40, 4},
        {"convicted", "ghetto", ">", 2.7, 4},
    };
    check_criteria("dk-2021", dk2021, sizeof dk2021 / sizeof dk2021[0]);
    check_criteria("dk-2018", dk2018, sizeof dk2018 / sizeof dk2018[0]);
    check_criteria("dk-2013", dk2013, sizeof dk2013 / sizeof dk2013[0]);
    check_criteria("dk-2010", dk2010, sizeof dk2010 / sizeof dk2010[0]);

    /* The counts: 2 of 4 (udsat, forebyggelse), 3 of 5 (2013), 2 of 3 (2010); the
     * consecutive-year categories 4 (haardt_ghetto) and 5 (omdannelsesomraade) years. */
    almen_rules *r = builtin("dk-2021");
    almen_table *t;
    assert_int_equal(almen_rules_categories(r, &t), ALMEN_OK);
    assert_true(num_at(t, 0, "at_least") == 2);
    assert_string_equal(str_at(t, 0, "of"), "outside_labour, convicted, basic_education, income");
    assert_string_equal(str_at(t, 1, "require"), "nonwestern:parallelsamfund");
    assert_string_equal(str_at(t, 1, "includes"), "udsat");
    assert_string_equal(str_at(t, 1, "continues"), "dk-2018:ghetto");
    assert_string_equal(str_at(t, 2, "history_category"), "parallelsamfund");
    assert_true(num_at(t, 2, "history_years") == 5);
    assert_string_equal(str_at(t, 3, "excludes"), "udsat");
    assert_string_equal(str_at(t, 3, "thresholds"), "forebyggelse");
    /* Placement: omdannelse, parallelsamfund, udsat, forebyggelse (most severe first). */
    assert_true(num_at(t, 2, "placement_rank") == 1 && num_at(t, 1, "placement_rank") == 2 &&
                num_at(t, 0, "placement_rank") == 3 && num_at(t, 3, "placement_rank") == 4);
    almen_table_free(t);
    almen_rules_free(r);
    r = builtin("dk-2018");
    assert_int_equal(almen_rules_categories(r, &t), ALMEN_OK);
    assert_true(num_at(t, 2, "history_years") == 4);
    assert_string_equal(str_at(t, 1, "continues"), "dk-2013:ghetto");
    almen_table_free(t);
    almen_rules_free(r);
    r = builtin("dk-2013");
    assert_int_equal(almen_rules_categories(r, &t), ALMEN_OK);
    assert_true(num_at(t, 0, "at_least") == 3);
    almen_table_free(t);
    almen_rules_free(r);
    r = builtin("dk-2010");
    assert_int_equal(almen_rules_categories(r, &t), ALMEN_OK);
    assert_true(num_at(t, 0, "at_least") == 2);
    almen_table_free(t);
    almen_rules_free(r);
}

/* A small valid rule set; the error tests change one piece of it. */
static const char *BASE =
    "format: 1\n"
    "id: test-rules\n"
    "min_residents: 1000\n"
    "criteria:\n"
    "  - id: outside_labour\n"
    "    form: share\n"
    "    numerator: outside_labour_fte\n"
    "    denominator: residents_18_64\n"
    "    window: 2\n"
    "    thresholds: {udsat: \"> 40\"}\n"
    "  - id: income\n"
    "    form: average_to_reference\n"
    "    numerator: income_sum\n"
    "    denominator: taxpayers_15_64\n"
    "    reference: regional_average_income\n"
    "    thresholds: {udsat: \"< 55\"}\n"
    "categories:\n"
    "  - id: udsat\n"
    "    count: {at_least: 2, thresholds: udsat, of: [outside_labour, income]}\n"
    "  - id: worse\n"
    "    includes: [udsat]\n"
    "    history: {category: udsat, years: 3}\n"
    "placement: [worse, udsat]\n";

/* BASE with the first occurrence of from replaced by to (a static buffer). */
static const char *mutate(const char *from, const char *to)
{
    static char buf[4096];
    const char *p = strstr(BASE, from);
    if (!p) fail_msg("'%s' not in BASE", from);
    snprintf(buf, sizeof buf, "%.*s%s%s", (int)(p - BASE), BASE, to, p + strlen(from));
    return buf;
}

/* 1-based line and column of the first occurrence of token in text. */
static void position_of(const char *text, const char *token, int *line, int *col)
{
    const char *p = strstr(text, token);
    if (!p) fail_msg("'%s' not in text", token);
    *line = 1;
    const char *start = text;
    for (const char *q = text; q < p; q++)
        if (*q == '\n') (*line)++, start = q + 1;
    *col = (int)(p - start) + 1;
}

static void expect_error(const char *yaml, int code, const char *at_token, const char *field,
                         const char *message)
{
    almen_rules *r = (almen_rules *)1;
    int rc = almen_rules_load_string(yaml, "rules.yaml", &r);
    if (rc != code) fail_msg("want code %d, got %d: %s", code, rc, almen_error_last_text());
    assert_null(r);
    assert_string_equal(almen_error_last_source(), "rules.yaml");
    if (at_token) {
        int line, col;
        position_of(yaml, at_token, &line, &col);
        if (almen_error_last_line() != line || almen_error_last_column() != col)
            fail_msg("want %d:%d, got %s", line, col, almen_error_last_text());
    }
    if (field) assert_string_equal(almen_error_last_field(), field);
    if (!strstr(almen_error_last_message(), message))
        fail_msg("message '%s' lacks '%s'", almen_error_last_message(), message);
}

static void user_rules_and_errors(void **state)
{
    (void)state;
    almen_rules *r = NULL;
    assert_int_equal(almen_rules_load_string(BASE, NULL, &r), ALMEN_OK);
    assert_string_equal(almen_rules_id(r), "test-rules");
    assert_string_equal(almen_rules_yaml(r), BASE);
    almen_rules_free(r);

    expect_error(mutate("of: [outside_labour, income]", "of: [outside_labour, incme]"),
                 ALMEN_EINPUT, "incme", "categories[0].count.of[1]", "unknown criterion 'incme'");
    expect_error(mutate("\"> 40\"", "\"=> 40\""), ALMEN_EINPUT, "\"=> 40\"",
                 "criteria[0].thresholds.udsat", "bad comparison '=> 40'");
    expect_error(mutate("\"> 40\"", "\">> 40\""), ALMEN_EINPUT, "\">> 40\"",
                 "criteria[0].thresholds.udsat", "bad comparison");
    expect_error(mutate("\"> 40\"", "\"> forty\""), ALMEN_EINPUT, "\"> forty\"",
                 "criteria[0].thresholds.udsat", "'forty' is not a number");
    expect_error(mutate("\"> 40\"", "40"), ALMEN_EINPUT, "40}", "criteria[0].thresholds.udsat",
                 "bad comparison '40'");
    /* Unquoted, '>' starts a folded block in YAML: a syntax error at that line. */
    expect_error(mutate("{udsat: \"> 40\"}", "\n      udsat: > 40"), ALMEN_EPARSE, NULL, NULL,
                 "malformed YAML");
    expect_error(mutate("numerator: outside_labour_fte", "numerator: outside_fte"), ALMEN_EINPUT,
                 "outside_fte", "criteria[0].numerator", "unknown field 'outside_fte'");
    expect_error(mutate("denominator: residents_18_64", "denominator: income_sum"),
                 ALMEN_EINPUT, NULL, "criteria[0].denominator", "must count persons");
    expect_error(mutate("    reference: regional_average_income\n", ""), ALMEN_EINPUT, NULL,
                 "criteria[1].reference", "needs a reference");
    expect_error(mutate("regional_average_income", "regional_income"), ALMEN_EINPUT,
                 "regional_income", "criteria[1].reference", "unknown reference");
    expect_error(mutate("form: share", "form: shares"), ALMEN_EINPUT, "shares",
                 "criteria[0].form", "unknown value 'shares'");
    expect_error(mutate("id: income", "id: outside_labour"), ALMEN_EINPUT, "outside_labour\n    form: average",
                 "criteria[1].id", "duplicate criterion id");
    expect_error(mutate("thresholds: udsat, of", "thresholds: udsatt, of"), ALMEN_EINPUT,
                 "outside_labour, income]", "categories[0].count.of[0]",
                 "criterion 'outside_labour' has no threshold set 'udsatt'");
    expect_error(mutate("at_least: 2", "at_least: 3"), ALMEN_EINPUT, "3, thresholds",
                 "categories[0].count.at_least", "between 1 and 2");
    expect_error(mutate("includes: [udsat]", "includes: [worse]"), ALMEN_EINPUT, "worse]",
                 "categories[1].includes[0]", "must be defined above");
    expect_error(mutate("includes: [udsat]", "includes: [nothing]"), ALMEN_EINPUT, "nothing",
                 "categories[1].includes[0]", "unknown category 'nothing'");
    expect_error(mutate("placement: [worse, udsat]", "placement: [worse]"), ALMEN_EINPUT,
                 "[worse]", "placement", "category 'udsat' is missing");
    expect_error(mutate("min_residents: 1000\n", "min_residents: 1000\nminimum: 3\n"),
                 ALMEN_EINPUT, "minimum", "minimum", "unknown key 'minimum'");
    expect_error(mutate("id: test-rules\n", ""), ALMEN_EINPUT, NULL, "id",
                 "required field 'id' is missing");
    expect_error(mutate("format: 1", "format: 2"), ALMEN_EVERSION, "2\n", "format",
                 "unsupported rule-set format");
    expect_error(mutate("id: udsat\n", "id: Udsat\n"), ALMEN_EINPUT, "Udsat", "categories[0].id",
                 "not a valid id");
    expect_error(mutate("    includes: [udsat]\n    history: {category: udsat, years: 3}\n", ""),
                 ALMEN_EINPUT, "id: worse", "categories[1]", "has no condition");

    assert_int_equal(almen_rules_load_file("/nonexistent/rules.yaml", &r), ALMEN_EIO);
    assert_null(r);
}

/* A user's own rule set from a file (tests/data/rules/pooled-2021.yaml: dk-2021 with pooled
 * windows and a what-if threshold), loaded like the compiled-in ones. */
static void user_rules_file(void **state)
{
    (void)state;
    almen_rules *r = NULL;
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/rules/pooled-2021.yaml", ALMEN_SOURCE_ROOT);
    if (almen_rules_load_file(path, &r)) fail_msg("%s", almen_error_last_text());
    assert_string_equal(almen_rules_id(r), "pooled-2021");
    almen_table *t;
    assert_int_equal(almen_rules_criteria(r, &t), ALMEN_OK);
    assert_true(num_at(t, row_of(t, "criterion", "outside_labour"), "threshold") == 38);
    almen_table_free(t);
    almen_rules_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(regime_by_year),        cmocka_unit_test(category_ids),
        cmocka_unit_test(thresholds_as_the_law), cmocka_unit_test(user_rules_and_errors),
        cmocka_unit_test(user_rules_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
