/* Setting figures through the API: checked like loaded values, all or nothing. */
#include "testutil.h"

static const char *CASE_YAML =
    "municipality: {code: 630, name: V, region: Syddanmark}\n"
    "organisations: [{id: \"1\", name: O}]\n"
    "departments:\n"
    "  - {organisation: \"1\", number: 1, name: A, figures: [{year: 2024, residents_18_64: 10}]}\n"
    "  - {organisation: \"1\", number: 2, name: B, figures: [{year: 2024, residents_18_64: 4}]}\n"
    "  - {organisation: \"1\", number: 3, name: C}\n";

static void set_one(void **state)
{
    (void)state;
    almen_case *c = load_ok(CASE_YAML);
    double v;
    assert_int_equal(almen_case_set_figure(c, "1-1", 2024, "outside_labour_fte", 2.75), ALMEN_OK);
    assert_int_equal(almen_case_figure(c, "1-1", 2024, "outside_labour_fte", &v), ALMEN_OK);
    assert_close(v, 2.75);
    /* Exactly at the denominator is allowed; above is not. */
    assert_int_equal(almen_case_set_figure(c, "1-1", 2024, "outside_labour_fte", 10), ALMEN_OK);
    char *before = yaml_of(c);
    assert_int_equal(almen_case_set_figure(c, "1-1", 2024, "outside_labour_fte", 10.25), ALMEN_EINPUT);
    assert_non_null(strstr(almen_error_last_message(), "exceeds residents_18_64"));
    assert_int_equal(almen_case_set_figure(c, "1-1", 2024, "residents", -1), ALMEN_EINPUT);
    assert_string_equal(almen_error_last_field(), "residents");
    assert_int_equal(almen_case_set_figure(c, "1-1", 2024, "residents", INFINITY), ALMEN_EINPUT);
    assert_int_equal(almen_case_set_figure(c, "1-1", 2024, "residents", 1.5), ALMEN_EINPUT);
    assert_int_equal(almen_case_set_figure(c, "1-9", 2024, "residents", 1), ALMEN_ENOTFOUND);
    assert_int_equal(almen_case_set_figure(c, "1-1", 2024, "pets", 1), ALMEN_ENOTFOUND);
    assert_int_equal(almen_case_set_figure(c, "1-1", 1800, "residents", 1), ALMEN_ERANGE);
    char *after = yaml_of(c);
    assert_string_equal(before, after);
    almen_free(before);
    almen_free(after);
    /* A new year is created in order. */
    assert_int_equal(almen_case_set_figure(c, "1-3", 2020, "residents", 5), ALMEN_OK);
    assert_int_equal(almen_case_set_figure(c, "1-3", 2019, "residents", 4), ALMEN_OK);
    almen_table *t;
    assert_int_equal(almen_case_figures(c, "department", "1-3", &t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), 2);
    assert_int_equal(almen_table_get_int(t, 1, 0), 2019);
    assert_int_equal(almen_table_get_int(t, 1, 1), 2020);
    almen_table_free(t);
    almen_case_free(c);
}

static void set_column(void **state)
{
    (void)state;
    almen_case *c = load_ok(CASE_YAML);
    double good[3] = {5, 4, NAN};
    assert_int_equal(almen_case_set_figure_values(c, "outside_labour_fte", 2024, good, 3), ALMEN_OK);
    double v;
    assert_int_equal(almen_case_figure(c, "1-2", 2024, "outside_labour_fte", &v), ALMEN_OK);
    assert_close(v, 4);
    /* NaN for a department without that year must not invent the year. */
    assert_int_equal(almen_case_figure(c, "1-3", 2024, "outside_labour_fte", &v), ALMEN_ENOTFOUND);

    char *before = yaml_of(c);
    double too_many[3] = {1, 4.5, 0}; /* 4.5 > 4 residents 18-64 in 1-2 */
    assert_int_equal(almen_case_set_figure_values(c, "outside_labour_fte", 2024, too_many, 3), ALMEN_EINPUT);
    assert_non_null(strstr(almen_error_last_message(), "1-2"));
    double negative[3] = {1, 1, -2};
    assert_int_equal(almen_case_set_figure_values(c, "outside_labour_fte", 2024, negative, 3), ALMEN_EINPUT);
    assert_int_equal(almen_case_set_figure_values(c, "outside_labour_fte", 2024, good, 2), ALMEN_EINVAL);
    char *after = yaml_of(c);
    assert_string_equal(before, after);
    almen_free(before);
    almen_free(after);
    almen_case_free(c);
}

static void field_table(void **state)
{
    (void)state;
    almen_table *t;
    assert_int_equal(almen_figure_fields(&t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), 20);
    assert_string_equal(almen_table_get_string(t, 0, 0), "residents");
    size_t den;
    assert_int_equal(almen_table_column_index(t, "denominator", &den), ALMEN_OK);
    for (size_t r = 0; r < almen_table_nrows(t); r++)
        if (!strcmp(almen_table_get_string(t, 0, r), "convicted"))
            assert_string_equal(almen_table_get_string(t, den, r), "residents_18plus");
    almen_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(set_one),
        cmocka_unit_test(set_column),
        cmocka_unit_test(field_table),
    };
    return cmocka_run_group_tests_name("figures", tests, NULL, NULL);
}
