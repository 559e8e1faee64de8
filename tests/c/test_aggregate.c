/* Aggregation as ratio of sums, with the expected values worked out by hand. */
#include "testutil.h"

/* Area "a" (district n): departments 1-1 and 1-2; area "b" (district s): 1-3;
 * department 1-4 belongs to no area but to district s.
 *
 * 2024, area a:
 *   residents 100 + 300 = 400; residents_18_64 60 + 200 = 260; outside 30 + 20 = 50
 *   outside_labour_pct = 100 * 50 / 260 = 19.2307692...   (the mean of the departments'
 *   shares, (50 % + 10 %) / 2 = 30 %, must NOT come out)
 *   convicted_pct = 100 * (2 + 0) / (80 + 240) = 0.625
 *   basic_education_pct = 100 * (10 + 70) / (40 + 100) = 57.142857...
 *   nonwestern_pct = 100 * (20 + 150) / 400 = 42.5
 *   average_income = (10e6 + 45e6) / (50 + 150) = 275000
 * 2025, area a: only 1-1 has figures, and lacks convicted: convicted is unknown,
 *   outside_labour_pct = 100 * 27 / 60 = 45.
 * 2024, district s: 1-3 and 1-4: residents 50 + 150 = 200, nonwestern 10 + 90 = 100 -> 50 %.
 * 2024, municipality: residents 100 + 300 + 50 + 150 = 600. */
static const char *CASE_YAML =
    "municipality: {code: 630, name: Testby, region: Syddanmark}\n"
    "districts: [{id: n, name: Nord}, {id: s, name: Syd}]\n"
    "areas: [{id: a, name: Area A, district: n}, {id: b, name: Area B, district: s}]\n"
    "organisations: [{id: 1, name: Org}]\n"
    "departments:\n"
    "  - organisation: 1\n    number: 1\n    name: D1\n    area: a\n"
    "    dwellings: {family: 40}\n"
    "    figures:\n"
    "      - {year: 2024, residents: 100, households: 40, residents_18_64: 60, outside_labour_fte: 30,\n"
    "         residents_18plus: 80, convicted: 2, residents_30_59: 40, basic_education: 10,\n"
    "         taxpayers_15_64: 50, income_sum: 10000000, nonwestern: 20}\n"
    "      - {year: 2025, residents: 98, residents_18_64: 60, outside_labour_fte: 27}\n"
    "  - organisation: 1\n    number: 2\n    name: D2\n    area: a\n"
    "    dwellings: {family: 100, youth: 20}\n"
    "    figures:\n"
    "      - {year: 2024, residents: 300, households: 120, residents_18_64: 200, outside_labour_fte: 20,\n"
    "         residents_18plus: 240, convicted: 0, residents_30_59: 100, basic_education: 70,\n"
    "         taxpayers_15_64: 150, income_sum: 45000000, nonwestern: 150}\n"
    "  - organisation: 1\n    number: 3\n    name: D3\n    area: b\n"
    "    figures: [{year: 2024, residents: 50, nonwestern: 10}]\n"
    "  - organisation: 1\n    number: 4\n    name: D4\n    district: s\n"
    "    figures: [{year: 2024, residents: 150, nonwestern: 90}]\n";

static void area_ratio_of_sums(void **state)
{
    (void)state;
    almen_case *c = load_ok(CASE_YAML);
    almen_table *t;
    assert_int_equal(almen_case_aggregate(c, "area", &t), ALMEN_OK);
    assert_close(cell(t, "a", 2024, "residents"), 400);
    assert_close(cell(t, "a", 2024, "departments"), 2);
    assert_close(cell(t, "a", 2024, "dwellings"), 160);
    assert_close(cell(t, "a", 2024, "outside_labour_pct"), 100.0 * 50 / 260);
    assert_true(fabs(cell(t, "a", 2024, "outside_labour_pct") - 30.0) > 10);
    assert_close(cell(t, "a", 2024, "convicted_pct"), 0.625);
    assert_close(cell(t, "a", 2024, "basic_education_pct"), 100.0 * 80 / 140);
    assert_close(cell(t, "a", 2024, "nonwestern_pct"), 42.5);
    assert_close(cell(t, "a", 2024, "average_income"), 275000);
    assert_close(cell(t, "a", 2025, "departments"), 1);
    assert_close(cell(t, "a", 2025, "outside_labour_pct"), 45);
    assert_true(isnan(cell(t, "a", 2025, "convicted")));
    assert_true(isnan(cell(t, "a", 2025, "convicted_pct")));
    assert_close(cell(t, "b", 2024, "residents"), 50);
    /* Three unit-years: a/2024, a/2025, b/2024 (b has no 2025 figures). */
    assert_int_equal(almen_table_nrows(t), 3);
    almen_table_free(t);
    almen_case_free(c);
}

static void district_and_municipality(void **state)
{
    (void)state;
    almen_case *c = load_ok(CASE_YAML);
    almen_table *t;
    assert_int_equal(almen_case_aggregate(c, "district", &t), ALMEN_OK);
    assert_close(cell(t, "s", 2024, "residents"), 200);
    assert_close(cell(t, "s", 2024, "nonwestern_pct"), 50);
    assert_close(cell(t, "n", 2024, "residents"), 400);
    almen_table_free(t);
    assert_int_equal(almen_case_aggregate(c, "municipality", &t), ALMEN_OK);
    assert_close(cell(t, "Testby", 2024, "residents"), 600);
    assert_close(cell(t, "Testby", 2024, "departments"), 4);
    almen_table_free(t);
    assert_int_equal(almen_case_aggregate(c, "organisation", &t), ALMEN_OK);
    assert_close(cell(t, "1", 2024, "residents"), 600);
    almen_table_free(t);
    assert_int_equal(almen_case_aggregate(c, "department", &t), ALMEN_OK);
    assert_close(cell(t, "1-1", 2024, "outside_labour_pct"), 50);
    assert_close(cell(t, "1-2", 2024, "outside_labour_pct"), 10);
    almen_table_free(t);
    almen_case_free(c);
}

static void bad_level(void **state)
{
    (void)state;
    almen_case *c = load_ok(CASE_YAML);
    almen_table *t = (almen_table *)1;
    assert_int_equal(almen_case_aggregate(c, "street", &t), ALMEN_EINVAL);
    assert_null(t);
    assert_non_null(strstr(almen_error_last_message(), "street"));
    almen_case_free(c);
}

static void selection_queries(void **state)
{
    (void)state;
    almen_case *c = load_ok(CASE_YAML);
    almen_table *t;
    assert_int_equal(almen_case_departments(c, "district", "s", &t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), 2);
    assert_string_equal(almen_table_get_string(t, 0, 0), "1-3");
    assert_string_equal(almen_table_get_string(t, 0, 1), "1-4");
    almen_table_free(t);
    assert_int_equal(almen_case_departments(c, "area", "a", &t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), 2);
    size_t col;
    assert_int_equal(almen_table_column_index(t, "dwellings", &col), ALMEN_OK);
    assert_int_equal(almen_table_get_int(t, col, 1), 120);
    almen_table_free(t);
    assert_int_equal(almen_case_figures(c, "department", "1-1", &t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), 2);
    almen_table_free(t);
    assert_int_equal(almen_case_figures(c, "area", "zz", &t), ALMEN_ENOTFOUND);
    assert_int_equal(almen_case_departments(c, "organisation", "1", &t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), 4);
    almen_table_free(t);
    /* District inherited from the area. */
    assert_int_equal(almen_case_departments(c, "department", "1-1", &t), ALMEN_OK);
    assert_int_equal(almen_table_column_index(t, "district", &col), ALMEN_OK);
    assert_string_equal(almen_table_get_string(t, col, 0), "n");
    almen_table_free(t);
    almen_case_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(area_ratio_of_sums),
        cmocka_unit_test(district_and_municipality),
        cmocka_unit_test(bad_level),
        cmocka_unit_test(selection_queries),
    };
    return cmocka_run_group_tests_name("aggregate", tests, NULL, NULL);
}
