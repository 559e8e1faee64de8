/* Department-year figures from CSV: merged whole or not at all. */
#include "testutil.h"

static const char *CASE_YAML =
    "municipality: {code: 630, name: V, region: Syddanmark}\n"
    "organisations: [{id: \"401\", name: O}]\n"
    "departments:\n"
    "  - {organisation: \"401\", number: 1, name: A,\n"
    "     figures: [{year: 2024, residents: 100, residents_18plus: 70, convicted: 3}]}\n"
    "  - {organisation: \"401\", number: 2, name: B}\n";

static void merges_rows(void **state)
{
    (void)state;
    almen_case *c = load_ok(CASE_YAML);
    const char *csv = "\xEF\xBB\xBF" "department,year,residents,convicted\r\n"
                      "401-1,2024,110,\r\n"
                      "\"401-2\",2025,\"55\",1\r\n";
    assert_int_equal(almen_case_import_csv_string(c, csv, "f.csv"), ALMEN_OK);
    double v;
    assert_int_equal(almen_case_figure(c, "401-1", 2024, "residents", &v), ALMEN_OK);
    assert_close(v, 110);
    /* An empty cell clears; an absent column keeps. */
    assert_int_equal(almen_case_figure(c, "401-1", 2024, "convicted", &v), ALMEN_OK);
    assert_true(isnan(v));
    assert_int_equal(almen_case_figure(c, "401-1", 2024, "residents_18plus", &v), ALMEN_OK);
    assert_close(v, 70);
    assert_int_equal(almen_case_figure(c, "401-2", 2025, "residents", &v), ALMEN_OK);
    assert_close(v, 55);
    almen_case_free(c);
}

typedef struct {
    const char *csv;
    int code, line, column;
    const char *field, *message;
} bad_csv;

static const bad_csv BAD[] = {
    {"", ALMEN_EINPUT, 0, 0, "", "empty"},
    {"department,year,pets\n", ALMEN_EINPUT, 1, 17, "pets", "unknown column"},
    {"department,residents\n", ALMEN_EINPUT, 1, 1, "year", "must name"},
    {"department,year,residents,residents\n", ALMEN_EINPUT, 1, 27, "residents", "twice"},
    {"department,year,residents\n401-1,2024,12\n401-9,2024,1\n", ALMEN_EINPUT, 3, 1, "department",
     "unknown department"},
    {"department,year,residents\n401-1,24,12\n", ALMEN_EINPUT, 2, 7, "year", "expected a year"},
    {"department,year,residents\n401-1,2024,1 2\n", ALMEN_EINPUT, 2, 12, "residents", "expected a number"},
    {"department,year,residents\n401-1,2024,-1\n", ALMEN_EINPUT, 2, 12, "residents", "negative"},
    {"department,year,residents\n401-1,2024,2.5\n", ALMEN_EINPUT, 2, 12, "residents", "whole number"},
    {"department,year,residents\n401-1,2024,nan\n", ALMEN_EINPUT, 2, 12, "residents", "not finite"},
    {"department,year,residents\n401-1,2024,inf\n", ALMEN_EINPUT, 2, 12, "residents", "not finite"},
    {"department,year,residents\n401-1,2024\n", ALMEN_EINPUT, 2, 1, "", "expected 3 fields"},
    {"department,year,residents\n401-1,2024,5,6\n", ALMEN_EINPUT, 2, 1, "", "expected 3 fields"},
    {"department,year,residents\n401-1,2024,\"5\n", ALMEN_EPARSE, 2, 12, "", "unterminated"},
    {"department,year,residents\n401-1,2024,\"5\"x\n", ALMEN_EPARSE, 2, 15, "", "after a closing quote"},
    {"department,year,residents\n401-1,2024,1\n401-1,2024,2\n", ALMEN_EINPUT, 3, 1, "", "more than once"},
    /* Consistency with what the case already holds: 401-1/2024 has 70 residents 18+. */
    {"department,year,convicted\n401-2,2025,0\n401-1,2024,71\n", ALMEN_EINPUT, 3, 12, "convicted",
     "exceeds residents_18plus"},
    {"department,year,residents_18plus\n401-1,2024,2\n", ALMEN_EINPUT, 2, 12, "residents_18plus",
     "exceeds residents_18plus"},
};

static void bad_rows_change_nothing(void **state)
{
    (void)state;
    almen_case *c = load_ok(CASE_YAML);
    char *before = yaml_of(c);
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        const bad_csv *b = &BAD[i];
        int rc = almen_case_import_csv_string(c, b->csv, "f.csv");
        if (rc != b->code || almen_error_last_line() != b->line || almen_error_last_column() != b->column ||
            strcmp(almen_error_last_field(), b->field) || !strstr(almen_error_last_message(), b->message))
            fail_msg("case %zu: got %d: %s (line %d col %d field '%s')", i, rc, almen_error_last_text(),
                     almen_error_last_line(), almen_error_last_column(), almen_error_last_field());
        char *after = yaml_of(c);
        assert_string_equal(before, after);
        almen_free(after);
    }
    almen_free(before);
    almen_case_free(c);
}

/* A second method: the example without figures plus its figures as CSV must equal the
 * example as loaded from YAML. */
static void csv_equals_yaml_for_the_example(void **state)
{
    (void)state;
    char path[1024];
    almen_case *bare, *full;
    snprintf(path, sizeof path, "%s/tests/data/eksempelby_nofigures.yaml", ALMEN_SOURCE_ROOT);
    assert_int_equal(almen_case_load_file(path, &bare), ALMEN_OK);
    snprintf(path, sizeof path, "%s/tests/data/eksempelby_figures.csv", ALMEN_SOURCE_ROOT);
    if (almen_case_import_csv_file(bare, path)) fail_msg("%s", almen_error_last_text());
    assert_int_equal(almen_case_load_example(&full), ALMEN_OK);
    char *a = yaml_of(bare), *b = yaml_of(full);
    assert_string_equal(a, b);
    almen_free(a);
    almen_free(b);
    almen_case_free(bare);
    almen_case_free(full);
}

static void missing_file(void **state)
{
    (void)state;
    almen_case *c = load_ok(CASE_YAML);
    assert_int_equal(almen_case_import_csv_file(c, "/nonexistent/f.csv"), ALMEN_EIO);
    assert_string_equal(almen_error_last_source(), "/nonexistent/f.csv");
    almen_case_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(merges_rows),
        cmocka_unit_test(bad_rows_change_nothing),
        cmocka_unit_test(csv_equals_yaml_for_the_example),
        cmocka_unit_test(missing_file),
    };
    return cmocka_run_group_tests_name("csv_import", tests, NULL, NULL);
}
