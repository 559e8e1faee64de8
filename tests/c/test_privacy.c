/* Small-cell suppression: the rule at its edges, which columns are composition, and the
 * suppressed copy of a table (nothing dropped, the rows marked). */
#include "testutil.h"

static int suppressed(double persons, double households, double min_p, double min_h)
{
    int s = -1;
    assert_int_equal(almen_privacy_suppressed(persons, households, min_p, min_h, &s), ALMEN_OK);
    return s;
}

static void rule_edges(void **state)
{
    (void)state;
    /* LBF: full data from 100 persons and 50 households; exactly at both is published. */
    assert_int_equal(suppressed(100, 50, ALMEN_MIN_PERSONS, ALMEN_MIN_HOUSEHOLDS), 0);
    assert_int_equal(suppressed(99, 50, 100, 50), 1);
    assert_int_equal(suppressed(100, 49, 100, 50), 1);
    assert_int_equal(suppressed(101, 51, 100, 50), 0);
    assert_int_equal(suppressed(5000, 2, 100, 50), 1);
    /* Unknown size: cannot be shown to be large enough. */
    assert_int_equal(suppressed(NAN, 50, 100, 50), 1);
    assert_int_equal(suppressed(100, NAN, 100, 50), 1);
    /* A minimum of 0 switches its half off, missing values included. */
    assert_int_equal(suppressed(100, NAN, 100, 0), 0);
    assert_int_equal(suppressed(NAN, NAN, 0, 0), 0);
    assert_int_equal(suppressed(99, 10, 99, 10), 0);
    int s = 7;
    assert_int_equal(almen_privacy_suppressed(1, 1, -1, 50, &s), ALMEN_EINVAL);
    assert_non_null(strstr(almen_error_last_message(), "min_persons"));
    assert_int_equal(almen_privacy_suppressed(1, 1, 100, NAN, &s), ALMEN_EINVAL);
    assert_non_null(strstr(almen_error_last_message(), "min_households"));
    assert_int_equal(almen_privacy_suppressed(1, 1, INFINITY, 50, &s), ALMEN_EINVAL);
    assert_int_equal(s, 7);
    assert_int_equal(almen_privacy_suppressed(1, 1, 100, 50, NULL), ALMEN_EINVAL);
}

/* Worked out from lib/fields.c by hand: the parts (outside_labour_fte, convicted,
 * basic_education, nonwestern), the populations they are parts of (residents_18_64,
 * residents_18plus, residents_30_59; residents is the unit's size), the average income's
 * numerator and denominator (income_sum, taxpayers_15_64), and the five shares. */
static void composition_columns(void **state)
{
    (void)state;
    static const char *const yes[] = {"residents_18_64", "outside_labour_fte", "residents_18plus",
                                      "convicted", "residents_30_59", "basic_education",
                                      "taxpayers_15_64", "income_sum", "nonwestern",
                                      "outside_labour_pct", "convicted_pct", "basic_education_pct",
                                      "nonwestern_pct", "average_income"};
    static const char *const no[] = {"residents", "households", "vacancies", "move_outs",
                                     "lettings", "evictions", "area", "department", "year",
                                     "departments", "dwellings", "suppressed", ""};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (almen_privacy_is_composition(yes[i]) != 1) fail_msg("%s should be composition", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (almen_privacy_is_composition(no[i]) != 0) fail_msg("%s is not composition", no[i]);
    assert_int_equal(almen_privacy_is_composition(NULL), 0);
}

/* Four departments of one area-less organisation, 2024: at the edge, one person short,
 * one household short, households unknown. */
static const char *EDGES =
    "municipality: {code: 630, name: V, region: Syddanmark}\n"
    "areas: [{id: a, name: A}]\n"
    "organisations: [{id: \"1\", name: O}]\n"
    "departments:\n"
    "  - {organisation: \"1\", number: 1, name: P, area: a, figures: [{year: 2024, residents: 100,"
    " households: 50, vacancies: 2, residents_18_64: 60, outside_labour_fte: 6, nonwestern: 10}]}\n"
    "  - {organisation: \"1\", number: 2, name: Q, area: a, figures: [{year: 2024, residents: 99,"
    " households: 50, vacancies: 1, residents_18_64: 60, outside_labour_fte: 3, nonwestern: 9}]}\n"
    "  - {organisation: \"1\", number: 3, name: R, figures: [{year: 2024, residents: 100,"
    " households: 49, vacancies: 0, residents_18_64: 50, outside_labour_fte: 5, nonwestern: 1}]}\n"
    "  - {organisation: \"1\", number: 4, name: S, figures: [{year: 2024, residents: 120,"
    " vacancies: 3, residents_18_64: 50, outside_labour_fte: 5, nonwestern: 12}]}\n";

static size_t column(const almen_table *t, const char *name)
{
    size_t c;
    assert_int_equal(almen_table_column_index(t, name, &c), ALMEN_OK);
    return c;
}

static void suppressed_copy(void **state)
{
    (void)state;
    almen_case *c = load_ok(EDGES);
    almen_table *agg = NULL, *pub = NULL;
    assert_int_equal(almen_case_aggregate(c, "department", &agg), ALMEN_OK);
    assert_int_equal(almen_table_suppress_small_cells(agg, ALMEN_MIN_PERSONS, ALMEN_MIN_HOUSEHOLDS, &pub),
                     ALMEN_OK);
    /* Nothing dropped: same rows, same columns in the same order, "suppressed" added last. */
    assert_int_equal(almen_table_nrows(pub), 4);
    assert_int_equal(almen_table_ncols(pub), almen_table_ncols(agg) + 1);
    for (size_t j = 0; j < almen_table_ncols(agg); j++)
        assert_string_equal(almen_table_column_name(pub, j), almen_table_column_name(agg, j));
    size_t sup = column(pub, "suppressed");
    assert_int_equal(sup, almen_table_ncols(agg));
    assert_int_equal(almen_table_column_type(pub, sup), ALMEN_COL_BOOL);
    static const int want[4] = {0, 1, 1, 1}; /* 100/50 published; 99, 49, unknown not */
    for (size_t r = 0; r < 4; r++) {
        assert_int_equal(almen_table_get_int(pub, sup, r), want[r]);
        /* The unit, its size and the dwelling figures stay in every row. */
        assert_string_equal(almen_table_get_string(pub, 0, r), almen_table_get_string(agg, 0, r));
        assert_true(almen_table_get_double(pub, column(pub, "residents"), r) ==
                    almen_table_get_double(agg, column(agg, "residents"), r));
        assert_true(almen_table_get_double(pub, column(pub, "vacancies"), r) ==
                    almen_table_get_double(agg, column(agg, "vacancies"), r));
        assert_int_equal(almen_table_get_int(pub, column(pub, "dwellings"), r),
                         almen_table_get_int(agg, column(agg, "dwellings"), r));
        for (size_t j = 0; j < almen_table_ncols(agg); j++) {
            const char *name = almen_table_column_name(agg, j);
            if (!almen_privacy_is_composition(name)) continue;
            double got = almen_table_get_double(pub, j, r), was = almen_table_get_double(agg, j, r);
            if (want[r]) assert_true(isnan(got));
            else assert_true(got == was || (isnan(got) && isnan(was)));
        }
    }
    /* The published row keeps its share: 6 of 60 = 10 %. */
    assert_close(almen_table_get_double(pub, column(pub, "outside_labour_pct"), 0), 10);
    assert_true(isnan(almen_table_get_double(pub, column(pub, "nonwestern_pct"), 1)));
    almen_table_free(pub);

    /* Applying it twice is a mistake, not a no-op. */
    almen_table *pub2 = NULL;
    assert_int_equal(almen_table_suppress_small_cells(agg, 100, 50, &pub), ALMEN_OK);
    assert_int_equal(almen_table_suppress_small_cells(pub, 100, 50, &pub2), ALMEN_EINVAL);
    assert_null(pub2);
    almen_table_free(pub);
    almen_table_free(agg);

    /* At area level the unit is the area: P + Q = 199 persons, 100 households. */
    assert_int_equal(almen_case_aggregate(c, "area", &agg), ALMEN_OK);
    assert_int_equal(almen_table_suppress_small_cells(agg, 100, 50, &pub), ALMEN_OK);
    assert_int_equal(almen_table_nrows(pub), 1);
    assert_int_equal(almen_table_get_int(pub, column(pub, "suppressed"), 0), 0);
    assert_close(almen_table_get_double(pub, column(pub, "outside_labour_pct"), 0), 7.5);
    almen_table_free(pub);
    /* Raising the minimum to 200 persons suppresses it (199 < 200). */
    assert_int_equal(almen_table_suppress_small_cells(agg, 200, 50, &pub), ALMEN_OK);
    assert_int_equal(almen_table_get_int(pub, column(pub, "suppressed"), 0), 1);
    almen_table_free(pub);
    /* Minimums of 0: nothing suppressed, the values as computed. */
    assert_int_equal(almen_table_suppress_small_cells(agg, 0, 0, &pub), ALMEN_OK);
    assert_int_equal(almen_table_get_int(pub, column(pub, "suppressed"), 0), 0);
    almen_table_free(pub);
    almen_table_free(agg);
    almen_case_free(c);
}

/* A table of int counts without households (microdata): the households half must be
 * switched off explicitly; withheld ints become NA. */
static void int_columns_and_missing_households(void **state)
{
    (void)state;
    enum { N = 3 };
    const int32_t dep[N] = {0, 1, 1}, year[N] = {2024, 2024, 2024}, age[N] = {40, 40, 10};
    const int8_t nw[N] = {1, 0, 1};
    almen_microdata *md = NULL;
    assert_int_equal(almen_microdata_new(2, N, &md), ALMEN_OK);
    assert_int_equal(almen_microdata_set_int32(md, "department", dep, N), ALMEN_OK);
    assert_int_equal(almen_microdata_set_int32(md, "year", year, N), ALMEN_OK);
    assert_int_equal(almen_microdata_set_int32(md, "age", age, N), ALMEN_OK);
    assert_int_equal(almen_microdata_set_int8(md, "nonwestern", nw, N), ALMEN_OK);
    almen_table *counts = NULL, *pub = (almen_table *)1;
    assert_int_equal(almen_microdata_aggregate(md, &counts), ALMEN_OK);
    assert_int_equal(almen_table_suppress_small_cells(counts, 100, 50, &pub), ALMEN_EINVAL);
    assert_null(pub);
    assert_non_null(strstr(almen_error_last_message(), "no 'households' column"));
    /* Department 0 has 1 person, department 1 has 2: a minimum of 2 keeps department 1. */
    assert_int_equal(almen_table_suppress_small_cells(counts, 2, 0, &pub), ALMEN_OK);
    size_t nwc = column(pub, "nonwestern"), res = column(pub, "residents");
    assert_int_equal(almen_table_get_int(pub, column(pub, "suppressed"), 0), 1);
    assert_int_equal(almen_table_get_int(pub, nwc, 0), ALMEN_NA_INT);
    assert_int_equal(almen_table_get_int(pub, res, 0), 1);
    assert_int_equal(almen_table_get_int(pub, column(pub, "suppressed"), 1), 0);
    assert_int_equal(almen_table_get_int(pub, nwc, 1), 1);
    assert_int_equal(almen_table_get_int(pub, column(pub, "residents_18plus"), 1), 1);
    almen_table_free(pub);
    assert_int_equal(almen_table_suppress_small_cells(counts, NAN, 0, &pub), ALMEN_EINVAL);
    assert_int_equal(almen_table_suppress_small_cells(NULL, 1, 0, &pub), ALMEN_EINVAL);
    almen_table_free(counts);
    almen_microdata_free(md);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rule_edges),
        cmocka_unit_test(composition_columns),
        cmocka_unit_test(suppressed_copy),
        cmocka_unit_test(int_columns_and_missing_households),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
