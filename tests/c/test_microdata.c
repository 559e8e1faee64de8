/* Department-year counts from person-level microdata: a hand-worked table at every age
 * edge, a naive second implementation on a larger random table, validation with the row
 * named, and writing the counts into a case all or nothing. */
#include "testutil.h"

#include "microdata_internal.h"

/* Ten persons of department 0 in 2024, one at each age edge, worked out by hand:
 *
 *  row age  fte    basic conv stud tax nw  income   counts towards
 *   0  14   NaN    1     1    0    1   0   1000     residents only (too young for all)
 *   1  15   NaN    0     0    0    1   1   2000     taxpayers (15 is in 15-64), nonwestern
 *   2  17   0.5    0     1    0    1   0   3000     taxpayers; not 18+: fte and conv unused
 *   3  18   0.25   0     1    1    1   0   4000     18-64, 18+, convicted; a student: no taxpayer
 *   4  29   1      1     0    0    0   1   NaN      18-64, 18+, nonwestern; 29: basic unused
 *   5  30   0      1     0    0    1   0   5000     18-64, 18+, 30-59, basic, taxpayers
 *   6  59   0.75   1     1    0    1   1   6000     18-64, 18+, convicted, 30-59, basic, taxpayers, nw
 *   7  60   0.5    1     0    0    1   0   7000     18-64, 18+, taxpayers; 60: not 30-59
 *   8  64   0.125  0     0    0    1   0   -500     18-64, 18+, taxpayers
 *   9  65   NaN    1     1    0    1   1   8000     18+, convicted, nonwestern; 65: no taxpayer
 *
 * residents 10; residents_18_64 (rows 3-8) 6; outside_labour_fte .25+1+0+.75+.5+.125 = 2.625;
 * residents_18plus (rows 3-9) 7; convicted (rows 3, 6, 9) 3; residents_30_59 (rows 5, 6) 2;
 * basic_education (rows 5, 6) 2; taxpayers_15_64 (rows 1, 2, 5, 6, 7, 8) 6;
 * income_sum 2000+3000+5000+6000+7000-500 = 22500; nonwestern (rows 1, 4, 6, 9) 4.
 *
 * Then three persons in other slots: department 0 in 2023 (age 40, basic, taxpayer 300000),
 * department 2 in 2021 (age 10) and in 2021 again (age 70, nonwestern). Department 1 and 3
 * have nobody; 2022 has nobody: those department-years give no row. */
enum { N = 13 };
static const int32_t DEP[N] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2};
static const int32_t YEAR[N] = {2024, 2024, 2024, 2024, 2024, 2024, 2024, 2024, 2024, 2024,
                                2023, 2021, 2021};
static const int32_t AGE[N] = {14, 15, 17, 18, 29, 30, 59, 60, 64, 65, 40, 10, 70};
static const double FTE[N] = {NAN, NAN, 0.5, 0.25, 1, 0, 0.75, 0.5, 0.125, NAN, 0.5, NAN, NAN};
static const double INCOME[N] = {1000, 2000, 3000, 4000, NAN, 5000, 6000, 7000, -500, 8000,
                                 300000, NAN, 0};
static const int32_t BASIC[N] = {1, 0, 0, 0, 1, 1, 1, 1, 0, 1, 1, 0, 0};
static const int32_t CONV[N] = {1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0};
static const int32_t STUD[N] = {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
static const int32_t TAX[N] = {1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0};
static const int32_t NW[N] = {0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1};

static const char *const FLAG_NAMES[5] = {"basic_education", "convicted", "student", "taxpayer",
                                          "nonwestern"};

static void set_flags32(almen_microdata *md, const int32_t *const flags[5], size_t n)
{
    for (int k = 0; k < 5; k++)
        assert_int_equal(almen_microdata_set_int32(md, FLAG_NAMES[k], flags[k], n), ALMEN_OK);
}

/* A handle over the three required columns. */
static almen_microdata *with_required(size_t n_departments, size_t n, const int32_t *dep,
                                      const int32_t *year, const int32_t *age)
{
    almen_microdata *md = NULL;
    assert_int_equal(almen_microdata_new(n_departments, n, &md), ALMEN_OK);
    assert_int_equal(almen_microdata_set_int32(md, "department", dep, n), ALMEN_OK);
    assert_int_equal(almen_microdata_set_int32(md, "year", year, n), ALMEN_OK);
    if (age) assert_int_equal(almen_microdata_set_int32(md, "age", age, n), ALMEN_OK);
    return md;
}

static almen_microdata *hand_table(void)
{
    almen_microdata *md = with_required(4, N, DEP, YEAR, AGE);
    assert_int_equal(almen_microdata_set_double(md, "outside_labour_fte", FTE, N), ALMEN_OK);
    assert_int_equal(almen_microdata_set_double(md, "income", INCOME, N), ALMEN_OK);
    const int32_t *const flags[5] = {BASIC, CONV, STUD, TAX, NW};
    set_flags32(md, flags, N);
    return md;
}

static double col(const almen_table *t, const char *name, size_t row)
{
    size_t c;
    assert_int_equal(almen_table_column_index(t, name, &c), ALMEN_OK);
    return almen_table_get_double(t, c, row);
}

static int32_t icol(const almen_table *t, const char *name, size_t row)
{
    size_t c;
    assert_int_equal(almen_table_column_index(t, name, &c), ALMEN_OK);
    return almen_table_get_int(t, c, row);
}

static void check_hand_table(const almen_table *t)
{
    assert_int_equal(almen_table_nrows(t), 3);
    /* Ordered by department, then year; department 2's two persons share 2021. */
    assert_int_equal(icol(t, "department", 0), 0);
    assert_int_equal(icol(t, "year", 0), 2023);
    assert_int_equal(icol(t, "department", 1), 0);
    assert_int_equal(icol(t, "year", 1), 2024);
    assert_int_equal(icol(t, "department", 2), 2);
    assert_int_equal(icol(t, "year", 2), 2021);

    assert_int_equal(icol(t, "residents", 1), 10);
    assert_int_equal(icol(t, "residents_18_64", 1), 6);
    assert_close(col(t, "outside_labour_fte", 1), 2.625);
    assert_int_equal(icol(t, "residents_18plus", 1), 7);
    assert_int_equal(icol(t, "convicted", 1), 3);
    assert_int_equal(icol(t, "residents_30_59", 1), 2);
    assert_int_equal(icol(t, "basic_education", 1), 2);
    assert_int_equal(icol(t, "taxpayers_15_64", 1), 6);
    assert_close(col(t, "income_sum", 1), 22500);
    assert_int_equal(icol(t, "nonwestern", 1), 4);

    /* 0/2023: one person of 40 with basic schooling, a taxpayer of 300000 kr. */
    assert_int_equal(icol(t, "residents", 0), 1);
    assert_int_equal(icol(t, "residents_30_59", 0), 1);
    assert_int_equal(icol(t, "basic_education", 0), 1);
    assert_int_equal(icol(t, "taxpayers_15_64", 0), 1);
    assert_close(col(t, "income_sum", 0), 300000);
    assert_close(col(t, "outside_labour_fte", 0), 0.5);

    /* 2/2021: a child and a non-western 70-year-old; the income 0 of a non-taxpayer and
     * the NaNs outside their populations are not added. */
    assert_int_equal(icol(t, "residents", 2), 2);
    assert_int_equal(icol(t, "residents_18_64", 2), 0);
    assert_int_equal(icol(t, "residents_18plus", 2), 1);
    assert_int_equal(icol(t, "nonwestern", 2), 1);
    assert_int_equal(icol(t, "taxpayers_15_64", 2), 0);
    assert_true(col(t, "outside_labour_fte", 2) == 0.0);
    assert_true(col(t, "income_sum", 2) == 0.0);
}

static void hand_worked(void **state)
{
    (void)state;
    almen_microdata *md = hand_table();
    almen_table *t = NULL;
    assert_int_equal(almen_microdata_aggregate(md, &t), ALMEN_OK);
    check_hand_table(t);
    /* The column types: counts are ints, the two sums doubles. */
    size_t c;
    assert_int_equal(almen_table_column_index(t, "residents", &c), ALMEN_OK);
    assert_int_equal(almen_table_column_type(t, c), ALMEN_COL_INT);
    assert_int_equal(almen_table_column_index(t, "income_sum", &c), ALMEN_OK);
    assert_int_equal(almen_table_column_type(t, c), ALMEN_COL_DOUBLE);
    almen_table_free(t);
    almen_microdata_free(md);
}

static void int8_flags_same_result(void **state)
{
    (void)state;
    almen_microdata *md = hand_table();
    const int32_t *const flags32[5] = {BASIC, CONV, STUD, TAX, NW};
    int8_t flags8[5][N];
    for (int k = 0; k < 5; k++) {
        for (int i = 0; i < N; i++) flags8[k][i] = (int8_t)flags32[k][i];
        assert_int_equal(almen_microdata_set_int8(md, FLAG_NAMES[k], flags8[k], N), ALMEN_OK);
    }
    almen_table *t = NULL;
    assert_int_equal(almen_microdata_aggregate(md, &t), ALMEN_OK);
    check_hand_table(t);
    almen_table_free(t);
    almen_microdata_free(md);
}

/* Blocks of 3 rows make the pass move its 32-bit counters to 64-bit totals four times. */
static void counters_flushed_between_blocks(void **state)
{
    (void)state;
    almen_microdata *md = hand_table();
    md_result r;
    assert_int_equal(microdata_run(md, 4, 3, &r), ALMEN_OK);
    assert_non_null(r.totals);
    almen_table *t = NULL;
    assert_int_equal(md_result_table(&r, &t), ALMEN_OK);
    check_hand_table(t);
    almen_table_free(t);
    md_result_free(&r);
    almen_microdata_free(md);
}

static void optional_columns(void **state)
{
    (void)state;
    almen_microdata *md = with_required(4, N, DEP, YEAR, NULL);
    almen_table *t = (almen_table *)1;
    /* age is required */
    assert_int_equal(almen_microdata_aggregate(md, &t), ALMEN_EINVAL);
    assert_null(t);
    assert_non_null(strstr(almen_error_last_message(), "age"));
    assert_int_equal(almen_microdata_set_int32(md, "age", AGE, N), ALMEN_OK);
    /* taxpayer without student: taxpayers_15_64 and income_sum cannot be told apart from
     * students' and stay missing, like every figure whose column is absent. */
    assert_int_equal(almen_microdata_set_int32(md, "taxpayer", TAX, N), ALMEN_OK);
    assert_int_equal(almen_microdata_aggregate(md, &t), ALMEN_OK);
    assert_int_equal(icol(t, "residents", 1), 10);
    assert_int_equal(icol(t, "residents_18plus", 1), 7);
    assert_int_equal(icol(t, "residents_30_59", 1), 2);
    assert_int_equal(icol(t, "convicted", 1), ALMEN_NA_INT);
    assert_int_equal(icol(t, "basic_education", 1), ALMEN_NA_INT);
    assert_int_equal(icol(t, "taxpayers_15_64", 1), ALMEN_NA_INT);
    assert_int_equal(icol(t, "nonwestern", 1), ALMEN_NA_INT);
    assert_true(isnan(col(t, "outside_labour_fte", 1)));
    assert_true(isnan(col(t, "income_sum", 1)));
    almen_table_free(t);
    almen_microdata_free(md);
}

static void empty_microdata(void **state)
{
    (void)state;
    int32_t none[1] = {0};
    almen_microdata *md = with_required(1, 0, none, none, none);
    almen_table *t = NULL;
    assert_int_equal(almen_microdata_aggregate(md, &t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), 0);
    assert_int_equal(almen_table_ncols(t), 12);
    almen_table_free(t);
    almen_microdata_free(md);
}

/* ---- the second method: a plain loop over persons, on random data ------------------- */

typedef struct {
    long c[8];
    double fte, income;
} naive_cell;

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void random_versus_naive(void **state)
{
    (void)state;
    /* Not a multiple of the chunk size (2048), so the padded last chunk is exercised. */
    enum { R = 50001, ND = 37, Y0 = 2015, NY = 4 };
    int32_t *dep = malloc(R * sizeof *dep), *year = malloc(R * sizeof *year),
            *age = malloc(R * sizeof *age);
    double *fte = malloc(R * sizeof *fte), *income = malloc(R * sizeof *income);
    int8_t *fl[5];
    for (int k = 0; k < 5; k++) fl[k] = malloc(R);
    uint64_t s = 0x9E3779B97F4A7C15u;
    for (int i = 0; i < R; i++) {
        dep[i] = (int32_t)(rng_next(&s) % ND);
        year[i] = Y0 + (int32_t)(rng_next(&s) % NY);
        age[i] = (int32_t)(rng_next(&s) % (ALMEN_MICRODATA_MAX_AGE + 1));
        /* Eighths and whole kroner: every sum is exact in double, whatever the order. */
        fte[i] = (double)(rng_next(&s) % 9) / 8.0;
        if (rng_next(&s) % 10 == 0 && (age[i] < 18 || age[i] > 64)) fte[i] = NAN;
        income[i] = (double)(rng_next(&s) % 1000000) - 10000.0;
        for (int k = 0; k < 5; k++) fl[k][i] = (int8_t)(rng_next(&s) % 2);
    }
    naive_cell *cells = calloc(ND * NY, sizeof *cells);
    for (int i = 0; i < R; i++) {
        naive_cell *c = &cells[dep[i] * NY + (year[i] - Y0)];
        int a = age[i];
        int basic = fl[0][i], conv = fl[1][i], stud = fl[2][i], tax = fl[3][i], nw = fl[4][i];
        c->c[0]++;
        if (a >= 18 && a <= 64) {
            c->c[1]++;
            c->fte += fte[i];
        }
        if (a >= 18) {
            c->c[2]++;
            if (conv) c->c[3]++;
        }
        if (a >= 30 && a <= 59) {
            c->c[4]++;
            if (basic) c->c[5]++;
        }
        if (a >= 15 && a <= 64 && tax && !stud) {
            c->c[6]++;
            c->income += income[i];
        }
        if (nw) c->c[7]++;
    }
    almen_microdata *md = with_required(ND, R, dep, year, age);
    assert_int_equal(almen_microdata_set_double(md, "outside_labour_fte", fte, R), ALMEN_OK);
    assert_int_equal(almen_microdata_set_double(md, "income", income, R), ALMEN_OK);
    for (int k = 0; k < 5; k++)
        assert_int_equal(almen_microdata_set_int8(md, FLAG_NAMES[k], fl[k], R), ALMEN_OK);
    almen_table *t = NULL;
    assert_int_equal(almen_microdata_aggregate(md, &t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), ND * NY); /* 50001 persons fill every slot */
    static const char *const names[8] = {"residents", "residents_18_64", "residents_18plus",
                                         "convicted", "residents_30_59", "basic_education",
                                         "taxpayers_15_64", "nonwestern"};
    for (size_t r = 0; r < almen_table_nrows(t); r++) {
        const naive_cell *c = &cells[icol(t, "department", r) * NY + (icol(t, "year", r) - Y0)];
        for (int k = 0; k < 8; k++) assert_int_equal(icol(t, names[k], r), c->c[k]);
        assert_true(col(t, "outside_labour_fte", r) == c->fte);
        assert_true(col(t, "income_sum", r) == c->income);
    }
    almen_table_free(t);
    almen_microdata_free(md);
    free(cells);
    for (int k = 0; k < 5; k++) free(fl[k]);
    free(dep);
    free(year);
    free(age);
    free(fte);
    free(income);
}

/* ---- validation --------------------------------------------------------------------- */

/* Copies of the hand-worked columns that a test may spoil. */
typedef struct {
    int32_t dep[N], year[N], age[N], flags[5][N];
    double fte[N], income[N];
} spoilable;

static almen_microdata *spoilable_table(spoilable *s, size_t n_departments)
{
    memcpy(s->dep, DEP, sizeof DEP);
    memcpy(s->year, YEAR, sizeof YEAR);
    memcpy(s->age, AGE, sizeof AGE);
    memcpy(s->fte, FTE, sizeof FTE);
    memcpy(s->income, INCOME, sizeof INCOME);
    const int32_t *const flags[5] = {BASIC, CONV, STUD, TAX, NW};
    for (int k = 0; k < 5; k++) memcpy(s->flags[k], flags[k], sizeof BASIC);
    almen_microdata *md = with_required(n_departments, N, s->dep, s->year, s->age);
    assert_int_equal(almen_microdata_set_double(md, "outside_labour_fte", s->fte, N), ALMEN_OK);
    assert_int_equal(almen_microdata_set_double(md, "income", s->income, N), ALMEN_OK);
    const int32_t *const mine[5] = {s->flags[0], s->flags[1], s->flags[2], s->flags[3], s->flags[4]};
    set_flags32(md, mine, N);
    return md;
}

/* The pass fails with EINPUT naming field and row (and returns no table), or succeeds. */
static void expect_row_error(almen_microdata *md, const char *field, const char *row_text)
{
    almen_table *t = (almen_table *)1;
    int rc = almen_microdata_aggregate(md, &t);
    if (rc != ALMEN_EINPUT) fail_msg("expected EINPUT for %s, got %d", field, rc);
    assert_null(t);
    assert_string_equal(almen_error_last_field(), field);
    if (!strstr(almen_error_last_message(), row_text))
        fail_msg("'%s' does not contain '%s'", almen_error_last_message(), row_text);
}

static void expect_ok(almen_microdata *md)
{
    almen_table *t = NULL;
    if (almen_microdata_aggregate(md, &t)) fail_msg("%s", almen_error_last_text());
    almen_table_free(t);
}

/* n_departments 0: the indices run up to the largest in the data (here 2), so the table is
 * the same; a negative index is still an error. */
static void departments_from_the_data(void **state)
{
    (void)state;
    spoilable s;
    almen_microdata *md = spoilable_table(&s, 0);
    assert_int_equal(almen_microdata_departments(md), 0);
    almen_table *t = NULL;
    assert_int_equal(almen_microdata_aggregate(md, &t), ALMEN_OK);
    check_hand_table(t);
    almen_table_free(t);
    s.dep[12] = 1000; /* any index is fine: 1001 departments */
    expect_ok(md);
    s.dep[12] = -1;
    expect_row_error(md, "department", "row 12: department -1");
    almen_microdata_free(md);
}

static void bad_values_name_the_row(void **state)
{
    (void)state;
    spoilable s;
    almen_microdata *md = spoilable_table(&s, 4);
    expect_ok(md);

    s.dep[7] = 4; /* n_departments is 4: indices 0..3 */
    expect_row_error(md, "department", "row 7: department 4 is not a department index 0..3");
    s.dep[7] = -1;
    expect_row_error(md, "department", "row 7: department -1");
    s.dep[7] = 3;
    expect_ok(md);

    s.year[12] = 1899;
    expect_row_error(md, "year", "row 12: year 1899 is outside 1900..2200");
    s.year[12] = 2201;
    expect_row_error(md, "year", "row 12: year 2201");
    s.year[12] = 2200; /* allowed, if far: 2021..2200 are 180 slots per department */
    expect_ok(md);
    s.year[12] = 2021;

    s.age[2] = 126;
    expect_row_error(md, "age", "row 2: age 126 is outside 0..125");
    s.age[2] = -1;
    expect_row_error(md, "age", "row 2: age -1");
    s.age[2] = 125;
    expect_ok(md);
    s.age[2] = 17;

    s.flags[1][4] = 2;
    expect_row_error(md, "convicted", "row 4: convicted 2 is not 0 or 1");
    s.flags[1][4] = -1;
    expect_row_error(md, "convicted", "row 4: convicted -1");
    s.flags[1][4] = 0;

    s.fte[5] = 1.0000001;
    expect_row_error(md, "outside_labour_fte", "row 5: outside_labour_fte 1");
    s.fte[5] = -0.001;
    expect_row_error(md, "outside_labour_fte", "outside 0..1");
    s.fte[5] = 1;
    expect_ok(md);
    /* Missing where counted (age 30), but not outside 18-64 (row 0, age 14, is NaN). */
    s.fte[5] = NAN;
    expect_row_error(md, "outside_labour_fte", "row 5: outside_labour_fte is missing");
    s.fte[5] = 0;
    s.fte[0] = 1.5; /* a present value must be in range even where it is not used */
    expect_row_error(md, "outside_labour_fte", "row 0:");
    s.fte[0] = NAN;

    /* Income: needed for counted taxpayers only. Row 1 (15, taxpayer) counts, row 3
     * (student) and row 0 (14) do not. */
    s.income[1] = NAN;
    expect_row_error(md, "income", "row 1: income nan");
    s.income[1] = INFINITY;
    expect_row_error(md, "income", "row 1: income inf");
    s.income[1] = 2000;
    s.income[3] = NAN;
    s.income[0] = INFINITY;
    expect_ok(md);
    almen_microdata_free(md);
}

static void int8_flags_validated(void **state)
{
    (void)state;
    spoilable s;
    almen_microdata *md = spoilable_table(&s, 4);
    int8_t nw[N];
    for (int i = 0; i < N; i++) nw[i] = (int8_t)NW[i];
    assert_int_equal(almen_microdata_set_int8(md, "nonwestern", nw, N), ALMEN_OK);
    expect_ok(md);
    nw[9] = -1;
    expect_row_error(md, "nonwestern", "row 9: nonwestern -1 is not 0 or 1");
    nw[9] = 2;
    expect_row_error(md, "nonwestern", "row 9: nonwestern 2");
    almen_microdata_free(md);
}

/* A bad row deep in a long table, past the first chunks, is still found and named. */
static void bad_row_far_down(void **state)
{
    (void)state;
    enum { R = 10000 };
    int32_t *zeros = calloc(R, sizeof *zeros), *year = malloc(R * sizeof *year);
    int32_t *age = malloc(R * sizeof *age);
    for (int i = 0; i < R; i++) year[i] = 2024, age[i] = 40;
    almen_microdata *md = with_required(1, R, zeros, year, age);
    expect_ok(md);
    age[9999] = 200;
    expect_row_error(md, "age", "row 9999: age 200");
    age[9999] = 40;
    age[4097] = 130;
    expect_row_error(md, "age", "row 4097:");
    almen_microdata_free(md);
    free(zeros);
    free(year);
    free(age);
}

static void bad_arguments(void **state)
{
    (void)state;
    almen_microdata *md = NULL;
    assert_int_equal(almen_microdata_new((size_t)INT32_MAX + 1, 3, &md), ALMEN_EINVAL);
    assert_null(md);
    assert_int_equal(almen_microdata_new(2, 3, &md), ALMEN_OK);
    assert_int_equal(almen_microdata_rows(md), 3);
    assert_int_equal(almen_microdata_departments(md), 2);
    int32_t i3[3] = {0, 1, 0};
    int8_t b3[3] = {0, 1, 0};
    double d3[3] = {0, 0.5, 1};
    assert_int_equal(almen_microdata_set_int32(md, "department", i3, 2), ALMEN_EINVAL);
    assert_non_null(strstr(almen_error_last_message(), "department has 2 values for 3 rows"));
    assert_int_equal(almen_microdata_set_int32(md, "height", i3, 3), ALMEN_ENOTFOUND);
    assert_int_equal(almen_microdata_set_double(md, "age", d3, 3), ALMEN_EINVAL);
    assert_non_null(strstr(almen_error_last_message(), "age takes int32 values, not double"));
    assert_int_equal(almen_microdata_set_int8(md, "department", b3, 3), ALMEN_EINVAL);
    assert_int_equal(almen_microdata_set_int32(md, "income", i3, 3), ALMEN_EINVAL);
    assert_non_null(strstr(almen_error_last_message(), "income takes double values"));
    assert_int_equal(almen_microdata_set_double(md, "convicted", d3, 3), ALMEN_EINVAL);
    assert_non_null(strstr(almen_error_last_message(), "int8 or int32"));
    assert_int_equal(almen_microdata_set_int32(md, "department", NULL, 3), ALMEN_EINVAL);
    almen_table *t = NULL;
    assert_int_equal(almen_microdata_aggregate(NULL, &t), ALMEN_EINVAL);
    assert_int_equal(almen_microdata_aggregate(md, NULL), ALMEN_EINVAL);
    almen_microdata_free(md);
    almen_microdata_free(NULL);
}

/* ---- into a case -------------------------------------------------------------------- */

static const char *CASE4 =
    "municipality: {code: 630, name: V, region: Syddanmark}\n"
    "organisations: [{id: \"1\", name: O}]\n"
    "departments:\n"
    "  - {organisation: \"1\", number: 1, name: A, figures: [{year: 2024, residents: 999, "
    "households: 7, evictions: 1}]}\n"
    "  - {organisation: \"1\", number: 2, name: B, figures: [{year: 2020, residents: 5}]}\n"
    "  - {organisation: \"1\", number: 3, name: C}\n"
    "  - {organisation: \"1\", number: 4, name: D}\n";

static void into_case(void **state)
{
    (void)state;
    almen_case *c = load_ok(CASE4);
    almen_microdata *md = hand_table();
    assert_int_equal(almen_case_set_figures_from_microdata(c, md), ALMEN_OK);
    double v;
    /* 1-1 in 2024: the person figures replaced, households and evictions kept. */
    assert_int_equal(almen_case_figure(c, "1-1", 2024, "residents", &v), ALMEN_OK);
    assert_close(v, 10);
    assert_int_equal(almen_case_figure(c, "1-1", 2024, "households", &v), ALMEN_OK);
    assert_close(v, 7);
    assert_int_equal(almen_case_figure(c, "1-1", 2024, "evictions", &v), ALMEN_OK);
    assert_close(v, 1);
    assert_int_equal(almen_case_figure(c, "1-1", 2024, "outside_labour_fte", &v), ALMEN_OK);
    assert_close(v, 2.625);
    assert_int_equal(almen_case_figure(c, "1-1", 2024, "income_sum", &v), ALMEN_OK);
    assert_close(v, 22500);
    /* A year created; 1-2 (index 1) had nobody: its 2020 untouched, no 2021. */
    assert_int_equal(almen_case_figure(c, "1-1", 2023, "basic_education", &v), ALMEN_OK);
    assert_close(v, 1);
    assert_int_equal(almen_case_figure(c, "1-1", 2023, "households", &v), ALMEN_OK);
    assert_true(isnan(v));
    assert_int_equal(almen_case_figure(c, "1-2", 2020, "residents", &v), ALMEN_OK);
    assert_close(v, 5);
    assert_int_equal(almen_case_figure(c, "1-2", 2021, "residents", &v), ALMEN_ENOTFOUND);
    assert_int_equal(almen_case_figure(c, "1-3", 2021, "residents", &v), ALMEN_OK);
    assert_close(v, 2);
    assert_int_equal(almen_case_figure(c, "1-3", 2021, "residents_18plus", &v), ALMEN_OK);
    assert_close(v, 1);
    almen_microdata_free(md);
    almen_case_free(c);
}

static void into_case_all_or_nothing(void **state)
{
    (void)state;
    almen_case *c = load_ok(CASE4);
    char *before = yaml_of(c);
    /* Wrong number of departments. */
    almen_microdata *md3 = NULL;
    assert_int_equal(almen_microdata_new(3, N, &md3), ALMEN_OK);
    assert_int_equal(almen_case_set_figures_from_microdata(c, md3), ALMEN_EINVAL);
    assert_non_null(strstr(almen_error_last_message(), "3 departments but the case has 4"));
    almen_microdata_free(md3);
    /* 0: the case's departments; an index beyond them is a bad row. */
    spoilable z;
    almen_microdata *md0 = spoilable_table(&z, 0);
    z.dep[12] = 4;
    assert_int_equal(almen_case_set_figures_from_microdata(c, md0), ALMEN_EINPUT);
    assert_non_null(strstr(almen_error_last_message(), "row 12: department 4 is not a department index 0..3"));
    almen_microdata_free(md0);

    /* A bad row. */
    spoilable s;
    almen_microdata *md = spoilable_table(&s, 4);
    s.age[11] = 300;
    assert_int_equal(almen_case_set_figures_from_microdata(c, md), ALMEN_EINPUT);
    assert_string_equal(almen_error_last_field(), "age");
    s.age[11] = 10;

    /* Valid persons whose taxpayers' incomes sum below zero in 1-1/2024, which a case
     * cannot hold: nothing is written, not even the other department-years. */
    for (int i = 0; i < N; i++) s.income[i] = -s.income[i];
    s.income[10] = 300000; /* 1-1/2023 stays positive */
    assert_int_equal(almen_case_set_figures_from_microdata(c, md), ALMEN_EINPUT);
    assert_string_equal(almen_error_last_field(), "income_sum");
    assert_non_null(strstr(almen_error_last_message(), "department 1-1, year 2024"));
    char *after = yaml_of(c);
    assert_string_equal(before, after);
    almen_free(after);
    almen_free(before);
    almen_microdata_free(md);
    almen_case_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_worked),
        cmocka_unit_test(int8_flags_same_result),
        cmocka_unit_test(counters_flushed_between_blocks),
        cmocka_unit_test(departments_from_the_data),
        cmocka_unit_test(optional_columns),
        cmocka_unit_test(empty_microdata),
        cmocka_unit_test(random_versus_naive),
        cmocka_unit_test(bad_values_name_the_row),
        cmocka_unit_test(int8_flags_validated),
        cmocka_unit_test(bad_row_far_down),
        cmocka_unit_test(bad_arguments),
        cmocka_unit_test(into_case),
        cmocka_unit_test(into_case_all_or_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
