/* Segregation and mix indices (almen_mix): values worked out by hand on small tables, the
 * identities between the indices, inference, change over time, tables from a case, and the
 * published values of the R package segregation for its schools00/schools05 data. */
#include "testutil.h"

#include "mix_internal.h"
#include "strmap.h"

/* ---- helpers ------------------------------------------------------------------------------ */

static almen_mix *mix_of(const double *counts, size_t n, size_t groups)
{
    almen_mix *m = NULL;
    if (almen_mix_new(counts, n, groups, 0, &m)) fail_msg("mix_new: %s", almen_error_last_text());
    return m;
}

/* Value of column col in the row whose string column key_col equals key (or of the only
 * row when key is NULL). */
static double value_at(const almen_table *t, const char *key_col, const char *key, const char *col)
{
    size_t c, k = 0;
    assert_int_equal(almen_table_column_index(t, col, &c), ALMEN_OK);
    if (key) assert_int_equal(almen_table_column_index(t, key_col, &k), ALMEN_OK);
    for (size_t r = 0; r < almen_table_nrows(t); r++) {
        const char *s = key ? almen_table_get_string(t, k, r) : NULL;
        if (!key || (s && !strcmp(s, key))) return almen_table_get_double(t, c, r);
    }
    fail_msg("no row %s = %s", key_col, key ? key : "");
    return NAN;
}

static double summary_value(const almen_mix *m, const char *index)
{
    almen_table *t = NULL;
    assert_int_equal(almen_mix_summary(m, &t), ALMEN_OK);
    double v = value_at(t, "index", index, "value");
    almen_table_free(t);
    return v;
}

/* Value for the ordered pair (group, other) in almen_mix_pairs. */
static double pair_value(const almen_table *t, const char *x, const char *y, const char *col)
{
    size_t c;
    assert_int_equal(almen_table_column_index(t, col, &c), ALMEN_OK);
    for (size_t r = 0; r < almen_table_nrows(t); r++)
        if (!strcmp(almen_table_get_string(t, 0, r), x) && !strcmp(almen_table_get_string(t, 1, r), y))
            return almen_table_get_double(t, c, r);
    fail_msg("no pair %s/%s", x, y);
    return NAN;
}

static double column_sum(const almen_table *t, const char *col)
{
    size_t c;
    assert_int_equal(almen_table_column_index(t, col, &c), ALMEN_OK);
    double s = 0;
    for (size_t r = 0; r < almen_table_nrows(t); r++) s += almen_table_get_double(t, c, r);
    return s;
}

static void assert_near(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol)) fail_msg("got %.17g, want %.17g (within %g)", got, want, tol);
}

/* ---- two-group textbook cases ------------------------------------------------------------- */

/* Complete segregation: every unit holds one group only. D = 1, H = 1, M = E (all the
 * group entropy is explained by the units), isolation 1, exposure to the other 0.
 * Groups 10 and 30 persons: E = -(1/4 ln 1/4 + 3/4 ln 3/4). */
static void complete_segregation(void **state)
{
    (void)state;
    const double counts[] = {10, 0, 0, 20, 0, 10};
    almen_mix *m = mix_of(counts, 6, 2);
    double E = -(0.25 * log(0.25) + 0.75 * log(0.75));
    assert_close(summary_value(m, "entropy"), E);
    assert_close(summary_value(m, "M"), E);
    assert_close(summary_value(m, "H"), 1);
    assert_close(summary_value(m, "D"), 1);
    almen_table *p = NULL;
    assert_int_equal(almen_mix_pairs(m, &p), ALMEN_OK);
    assert_close(pair_value(p, "1", "2", "dissimilarity"), 1);
    assert_close(pair_value(p, "1", "1", "exposure"), 1); /* isolation */
    assert_close(pair_value(p, "1", "2", "exposure"), 0);
    assert_close(pair_value(p, "2", "2", "exposure"), 1);
    almen_table_free(p);
    almen_mix_free(m);
}

/* Identical compositions (1:3 in both units): nothing to explain. D = M = H = 0, the
 * isolation of each group is its overall share (isolation 10/40 = (10/15)(10/40) +
 * (5/15)(5/20) = 1/6 + 1/12 = 1/4), the adjusted isolation 0. */
static void identical_compositions(void **state)
{
    (void)state;
    const double counts[] = {10, 30, 5, 15};
    almen_mix *m = mix_of(counts, 4, 2);
    assert_close(summary_value(m, "D"), 0);
    assert_close(summary_value(m, "M"), 0);
    assert_close(summary_value(m, "H"), 0);
    almen_table *g = NULL, *u = NULL;
    assert_int_equal(almen_mix_groups(m, &g), ALMEN_OK);
    assert_close(value_at(g, "group", "1", "isolation"), 0.25);
    assert_close(value_at(g, "group", "1", "isolation_adjusted"), 0);
    assert_close(value_at(g, "group", "2", "isolation"), 0.75);
    assert_close(value_at(g, "group", "1", "D_vs_rest"), 0);
    assert_int_equal(almen_mix_units(m, &u), ALMEN_OK);
    assert_close(value_at(u, "unit", "2", "local_M"), 0);
    almen_table_free(g);
    almen_table_free(u);
    almen_mix_free(m);
}

/* Units A (8, 2), B (2, 8), C (0, 10) of groups x, y; T = 30, T_x = 10, T_y = 20.
 *   D = 1/2 (|.8 - .1| + |.2 - .4| + |0 - .5|) = 0.7, and the multigroup formula agrees:
 *     sum_ug |t_ug - t_u p_g| = 28/3 + 8/3 + 20/3 = 56/3, 2 T I = 60 * 4/9 = 80/3, D = 0.7
 *   isolation x = .8 * .8 + .2 * .2 = 0.68, exposure x->y = .8 * .2 + .2 * .8 = 0.32
 *   isolation y = .1 * .2 + .4 * .8 + .5 * 1 = 0.84, exposure y->x = .1 * .8 + .4 * .2 = 0.16
 *   (T_x P*xy = 3.2 = T_y P*yx), adjusted isolation x = (0.68 - 1/3) / (2/3) = 0.52
 *   E = ln 3 - 2/3 ln 2; M = 1/3 (L_A + L_B + L_C) with L_A = .8 ln 2.4 + .2 ln .3,
 *   L_B = .2 ln .6 + .8 ln 1.2, L_C = ln 1.5 (= 0.30291...), H = M / E (= 0.47589...). */
static void worked_two_groups(void **state)
{
    (void)state;
    const double counts[] = {8, 2, 2, 8, 0, 10};
    almen_mix *m = mix_of(counts, 6, 2);
    assert_int_equal(almen_mix_set_labels(m, "unit", "A\nB\nC\n"), ALMEN_OK);
    assert_int_equal(almen_mix_set_labels(m, "group", "x\ny"), ALMEN_OK);
    double LA = 0.8 * log(2.4) + 0.2 * log(0.3), LB = 0.2 * log(0.6) + 0.8 * log(1.2), LC = log(1.5);
    double M = (LA + LB + LC) / 3, E = log(3) - 2.0 / 3 * log(2);
    assert_close(summary_value(m, "D"), 0.7);
    assert_close(summary_value(m, "entropy"), E);
    assert_close(summary_value(m, "M"), M);
    assert_close(summary_value(m, "H"), M / E);
    assert_close(summary_value(m, "interaction"), 4.0 / 9);
    almen_table *p = NULL, *g = NULL, *u = NULL;
    assert_int_equal(almen_mix_pairs(m, &p), ALMEN_OK);
    assert_close(pair_value(p, "x", "y", "dissimilarity"), 0.7);
    assert_close(pair_value(p, "y", "x", "dissimilarity"), 0.7);
    assert_close(pair_value(p, "x", "x", "exposure"), 0.68);
    assert_close(pair_value(p, "x", "y", "exposure"), 0.32);
    assert_close(pair_value(p, "y", "y", "exposure"), 0.84);
    assert_close(pair_value(p, "y", "x", "exposure"), 0.16);
    assert_close(10 * pair_value(p, "x", "y", "exposure"), 20 * pair_value(p, "y", "x", "exposure"));
    assert_int_equal(almen_mix_groups(m, &g), ALMEN_OK);
    assert_close(value_at(g, "group", "x", "isolation_adjusted"), 0.52);
    assert_close(value_at(g, "group", "x", "D_vs_rest"), 0.7); /* two groups: the rest is y */
    assert_close(value_at(g, "group", "y", "share"), 2.0 / 3);
    assert_int_equal(almen_mix_units(m, &u), ALMEN_OK);
    assert_close(value_at(u, "unit", "A", "local_M"), LA);
    assert_close(value_at(u, "unit", "C", "local_M"), LC);
    assert_close(value_at(u, "unit", "C", "entropy"), 0);
    /* D's unit contributions: 28/3, 8/3 and 20/3 over 80/3. */
    assert_close(value_at(u, "unit", "A", "D_contribution"), 28.0 / 80);
    assert_close(value_at(u, "unit", "C", "D_contribution"), 20.0 / 80);
    assert_null(almen_table_get_string(u, 1, 0)); /* no higher level */
    assert_true(isnan(value_at(u, "unit", "A", "local_M_within")));
    almen_table_free(p);
    almen_table_free(g);
    almen_table_free(u);
    almen_mix_free(m);
}

/* ---- multigroup with a higher level -------------------------------------------------------
 * Units u1 (4, 4, 2), u2 (2, 6, 2) in district 1; u3 (0, 2, 8), u4 (4, 0, 6) in district 2.
 * Group totals (10, 12, 18), T = 40, p = (.25, .3, .45), I = .1875 + .21 + .2475 = .645.
 *   D: t_u p_g = (2.5, 3, 4.5) for every unit; deviations 5 + 6 + 7 + 6 = 24; D = 24 / 51.6.
 *   Pair D(1, 3) = 1/2 (|.4 - 1/9| + |.2 - 1/9| + |0 - 4/9| + |.4 - 1/3|) = 4/9.
 *   District tables: d1 (6, 10, 4) -> (.3, .5, .2), d2 (4, 2, 14) -> (.2, .1, .7), p_d = 1/2.
 *   M_between = 1/2 (.3 ln 1.2 + .5 ln(5/3) + .2 ln(4/9)) + 1/2 (.2 ln .8 + .1 ln(1/3) + .7 ln(14/9))
 *   M_1 = 1/2 (.4 ln(4/3) + .4 ln .8) + 1/2 (.2 ln(2/3) + .6 ln 1.2)
 *   M_2 = 1/2 (.2 ln 2 + .8 ln(8/7)) + 1/2 (.4 ln 2 + .6 ln(6/7))
 *   M = M_between + (M_1 + M_2) / 2 = 0.27244... */
static const double MULTI[] = {4, 4, 2, 2, 6, 2, 0, 2, 8, 4, 0, 6};
static const int32_t MULTI_DISTRICT[] = {1, 1, 2, 2};

static double multi_between(void)
{
    return 0.5 * (0.3 * log(1.2) + 0.5 * log(5.0 / 3) + 0.2 * log(4.0 / 9)) +
           0.5 * (0.2 * log(0.8) + 0.1 * log(1.0 / 3) + 0.7 * log(14.0 / 9));
}
static double multi_m1(void) { return 0.5 * (0.4 * log(4.0 / 3) + 0.4 * log(0.8)) + 0.5 * (0.2 * log(2.0 / 3) + 0.6 * log(1.2)); }
static double multi_m2(void) { return 0.5 * (0.2 * log(2) + 0.8 * log(8.0 / 7)) + 0.5 * (0.4 * log(2) + 0.6 * log(6.0 / 7)); }

static almen_mix *multi_mix(void)
{
    almen_mix *m = mix_of(MULTI, 12, 3);
    assert_int_equal(almen_mix_set_higher(m, MULTI_DISTRICT, 4), ALMEN_OK);
    return m;
}

static void multigroup_by_hand(void **state)
{
    (void)state;
    almen_mix *m = multi_mix();
    assert_close(summary_value(m, "D"), 24 / 51.6);
    assert_close(summary_value(m, "interaction"), 0.645);
    assert_close(summary_value(m, "M_between"), multi_between());
    assert_close(summary_value(m, "M_within"), (multi_m1() + multi_m2()) / 2);
    assert_close(summary_value(m, "M"), multi_between() + (multi_m1() + multi_m2()) / 2);
    assert_close(summary_value(m, "M"), 0.2724426954340449); /* the same sums, evaluated by hand */
    assert_close(summary_value(m, "higher_units"), 2);
    almen_table *p = NULL, *h = NULL;
    assert_int_equal(almen_mix_pairs(m, &p), ALMEN_OK);
    assert_close(pair_value(p, "1", "3", "dissimilarity"), 4.0 / 9);
    almen_table_free(p);
    assert_int_equal(almen_mix_higher(m, &h), ALMEN_OK);
    assert_close(value_at(h, "higher", "1", "M_within"), multi_m1());
    assert_close(value_at(h, "higher", "2", "M_within"), multi_m2());
    assert_close(value_at(h, "higher", "2", "share"), 0.5);
    assert_int_equal(almen_table_get_int(h, 1, 0), 2); /* units in district 1 */
    /* D within district 1: p_g|d = (.3, .5, .2), t_u p = (3, 5, 2): deviations 1+1+0 + 1+1+0 = 4,
     * I_1 = .21 + .25 + .16 = .62, D_1 = 4 / (2 * 20 * .62). */
    assert_close(value_at(h, "higher", "1", "D_within"), 4 / (40 * 0.62));
    almen_table_free(h);
    almen_mix_free(m);
}

/* M = H x E, and M summed three ways: the kernel, the units' and the groups' contributions. */
static void identities(void **state)
{
    (void)state;
    almen_mix *m = multi_mix();
    double M = summary_value(m, "M"), H = summary_value(m, "H"), E = summary_value(m, "entropy");
    assert_close(M, H * E);
    almen_table *u = NULL, *g = NULL, *h = NULL, *p = NULL;
    assert_int_equal(almen_mix_units(m, &u), ALMEN_OK);
    assert_int_equal(almen_mix_groups(m, &g), ALMEN_OK);
    assert_int_equal(almen_mix_higher(m, &h), ALMEN_OK);
    assert_int_equal(almen_mix_pairs(m, &p), ALMEN_OK);
    assert_close(column_sum(u, "M_contribution"), M);
    assert_close(column_sum(g, "M_contribution"), M);
    assert_close(column_sum(u, "D_contribution"), summary_value(m, "D"));
    assert_close(column_sum(h, "M_between_contribution"), summary_value(m, "M_between"));
    assert_close(column_sum(h, "M_within_contribution"), summary_value(m, "M_within"));
    /* p_u L_u|d sums to M_within too. */
    size_t cs, cl;
    assert_int_equal(almen_table_column_index(u, "share", &cs), ALMEN_OK);
    assert_int_equal(almen_table_column_index(u, "local_M_within", &cl), ALMEN_OK);
    double w = 0;
    for (size_t r = 0; r < 4; r++) w += almen_table_get_double(u, cs, r) * almen_table_get_double(u, cl, r);
    assert_close(w, summary_value(m, "M_within"));
    /* Exposure: every group's row sums to 1, and T_x P*_xy = T_y P*_yx. */
    const char *names[] = {"1", "2", "3"};
    const double tot[] = {10, 12, 18};
    for (int x = 0; x < 3; x++) {
        double s = 0;
        for (int y = 0; y < 3; y++) {
            s += pair_value(p, names[x], names[y], "exposure");
            assert_close(tot[x] * pair_value(p, names[x], names[y], "exposure"),
                         tot[y] * pair_value(p, names[y], names[x], "exposure"));
            assert_close(pair_value(p, names[x], names[y], "dissimilarity"),
                         pair_value(p, names[y], names[x], "dissimilarity"));
        }
        assert_close(s, 1);
        assert_close(pair_value(p, names[x], names[x], "exposure"), value_at(g, "group", names[x], "isolation"));
    }
    almen_table_free(u);
    almen_table_free(g);
    almen_table_free(h);
    almen_table_free(p);
    almen_mix_free(m);
}

/* The decomposition checked against separate tables: M(units) = M(district table) +
 * sum_d p_d M(district d's units), each computed as a mix of its own. */
static void decomposition_exact(void **state)
{
    (void)state;
    almen_mix *m = multi_mix();
    const double between[] = {6, 10, 4, 4, 2, 14};
    almen_mix *b = mix_of(between, 6, 3), *d1 = mix_of(MULTI, 6, 3), *d2 = mix_of(MULTI + 6, 6, 3);
    double total = summary_value(m, "M");
    double parts = summary_value(b, "M") + 0.5 * summary_value(d1, "M") + 0.5 * summary_value(d2, "M");
    assert_near(total, parts, 1e-15);
    assert_near(summary_value(m, "M_between"), summary_value(b, "M"), 1e-15);
    assert_near(summary_value(m, "M_between") + summary_value(m, "M_within"), total, 1e-15);
    /* H splits the same way, with the within part scaled by E: H = H_between + H_within. */
    assert_near(summary_value(m, "H_between") + summary_value(m, "H_within"), summary_value(m, "H"), 1e-15);
    almen_mix_free(m);
    almen_mix_free(b);
    almen_mix_free(d1);
    almen_mix_free(d2);
}

/* ---- construction, labels, higher level ----------------------------------------------------- */

static void column_major_is_transposed(void **state)
{
    (void)state;
    /* MULTI as 4 × 3 row-major is, column by column: */
    const double cm[] = {4, 2, 0, 4, 4, 6, 2, 0, 2, 2, 8, 6};
    almen_mix *r = mix_of(MULTI, 12, 3), *c = NULL;
    assert_int_equal(almen_mix_new(cm, 12, 3, 1, &c), ALMEN_OK);
    almen_table *tr = NULL, *tc = NULL;
    assert_int_equal(almen_mix_counts(r, &tr), ALMEN_OK);
    assert_int_equal(almen_mix_counts(c, &tc), ALMEN_OK);
    for (size_t i = 0; i < 12; i++) assert_true(almen_table_get_double(tr, 2, i) == almen_table_get_double(tc, 2, i));
    assert_true(almen_table_get_double(tc, 2, 3) == 2); /* unit 2, group 1 */
    assert_string_equal(almen_table_get_string(tc, 0, 3), "2");
    assert_int_equal(almen_mix_unit_count(c), 4);
    assert_int_equal(almen_mix_group_count(c), 3);
    almen_table_free(tr);
    almen_table_free(tc);
    almen_mix_free(r);
    almen_mix_free(c);
}

static void bad_tables(void **state)
{
    (void)state;
    almen_mix *m = NULL;
    const double neg[] = {1, 2, 3, -1};
    assert_int_equal(almen_mix_new(neg, 4, 2, 0, &m), ALMEN_EINVAL);
    assert_null(m);
    assert_non_null(strstr(almen_error_last_message(), "unit 2, group 2"));
    const double nan[] = {1, NAN, 3, 4};
    assert_int_equal(almen_mix_new(nan, 4, 2, 0, &m), ALMEN_EINVAL);
    assert_non_null(strstr(almen_error_last_message(), "unit 1, group 2"));
    /* column-major positions are reported as unit and group too: value 3 is unit 1, group 2 */
    const double neg_cm[] = {1, 2, -3, 4};
    assert_int_equal(almen_mix_new(neg_cm, 4, 2, 1, &m), ALMEN_EINVAL);
    assert_non_null(strstr(almen_error_last_message(), "unit 1, group 2"));
    const double ok[] = {1, 2, 3, 4, 5, 6};
    assert_int_equal(almen_mix_new(ok, 5, 2, 0, &m), ALMEN_EINVAL); /* not a multiple */
    assert_int_equal(almen_mix_new(ok, 6, 1, 0, &m), ALMEN_EINVAL); /* one group */
    assert_int_equal(almen_mix_new(ok, 0, 2, 0, &m), ALMEN_EINVAL);
    const double zeros[] = {0, 0, 0, 0};
    assert_int_equal(almen_mix_new(zeros, 4, 2, 0, &m), ALMEN_EINVAL);
    const double inf[] = {1, INFINITY};
    assert_int_equal(almen_mix_new(inf, 2, 2, 0, &m), ALMEN_EINVAL);
    assert_int_equal(almen_mix_new(ok, 6, 2, 0, NULL), ALMEN_EINVAL);
    assert_null(m);
}

static void labels(void **state)
{
    (void)state;
    almen_mix *m = multi_mix();
    assert_int_equal(almen_mix_set_labels(m, "unit", "a\nb\nc"), ALMEN_EINVAL); /* 3 for 4 */
    assert_non_null(strstr(almen_error_last_message(), "3 unit labels given for 4 units"));
    assert_int_equal(almen_mix_set_labels(m, "unit", "a\n\nc\nd"), ALMEN_EINVAL);
    assert_non_null(strstr(almen_error_last_message(), "unit label 2 is empty"));
    assert_int_equal(almen_mix_set_labels(m, "unit", "a\nb\na\nd"), ALMEN_EINVAL);
    assert_non_null(strstr(almen_error_last_message(), "unit label 3 ('a')"));
    assert_int_equal(almen_mix_set_labels(m, "colour", "x"), ALMEN_EINVAL);
    /* Failed calls changed nothing: the default labels are still there. */
    almen_table *u = NULL;
    assert_int_equal(almen_mix_units(m, &u), ALMEN_OK);
    assert_string_equal(almen_table_get_string(u, 0, 2), "3");
    assert_string_equal(almen_table_get_string(u, 1, 2), "2"); /* higher code 2 */
    almen_table_free(u);
    assert_int_equal(almen_mix_set_labels(m, "unit", "a\nb\nc\nd\n"), ALMEN_OK);
    assert_int_equal(almen_mix_set_labels(m, "higher", "north\nsouth"), ALMEN_OK);
    assert_int_equal(almen_mix_units(m, &u), ALMEN_OK);
    assert_string_equal(almen_table_get_string(u, 0, 2), "c");
    assert_string_equal(almen_table_get_string(u, 1, 2), "south");
    almen_table_free(u);
    almen_mix *copy = NULL;
    assert_int_equal(almen_mix_copy(m, &copy), ALMEN_OK);
    almen_mix_free(m);
    assert_close(summary_value(copy, "M_between"), multi_between());
    assert_int_equal(almen_mix_units(copy, &u), ALMEN_OK);
    assert_string_equal(almen_table_get_string(u, 1, 3), "south");
    almen_table_free(u);
    almen_mix_free(copy);

    almen_mix *plain = mix_of(MULTI, 12, 3);
    assert_int_equal(almen_mix_set_labels(plain, "higher", "x"), ALMEN_EINVAL);
    almen_table *h = NULL;
    assert_int_equal(almen_mix_higher(plain, &h), ALMEN_EINVAL);
    assert_int_equal(almen_mix_higher_count(plain), 0);
    almen_mix_free(plain);
}

/* Arbitrary codes: the distinct ones ascending are the higher units. */
static void higher_codes(void **state)
{
    (void)state;
    almen_mix *m = mix_of(MULTI, 12, 3);
    const int32_t codes[] = {7, -3, 7, 12};
    assert_int_equal(almen_mix_set_higher(m, codes, 4), ALMEN_OK);
    assert_int_equal(almen_mix_higher_count(m), 3);
    almen_table *h = NULL;
    assert_int_equal(almen_mix_higher(m, &h), ALMEN_OK);
    assert_string_equal(almen_table_get_string(h, 0, 0), "-3");
    assert_string_equal(almen_table_get_string(h, 0, 1), "7");
    assert_string_equal(almen_table_get_string(h, 0, 2), "12");
    assert_close(value_at(h, "higher", "7", "total"), 20); /* u1 + u3 */
    almen_table_free(h);
    const int32_t na[] = {1, ALMEN_NA_INT, 1, 1};
    assert_int_equal(almen_mix_set_higher(m, na, 4), ALMEN_EINVAL);
    assert_non_null(strstr(almen_error_last_message(), "unit 2"));
    assert_int_equal(almen_mix_set_higher(m, codes, 3), ALMEN_EINVAL);
    assert_int_equal(almen_mix_higher_count(m), 3); /* unchanged */
    almen_mix_free(m);
}

/* Empty units and groups are kept: NaN where a value divides by their size, 0 contribution. */
static void empty_units_and_groups(void **state)
{
    (void)state;
    const double counts[] = {8, 2, 0, 0, 0, 0, 2, 8, 0};
    almen_mix *m = mix_of(counts, 9, 3);
    almen_table *u = NULL, *g = NULL;
    assert_int_equal(almen_mix_units(m, &u), ALMEN_OK);
    assert_true(isnan(value_at(u, "unit", "2", "local_M")));
    assert_close(value_at(u, "unit", "2", "M_contribution"), 0);
    assert_int_equal(almen_mix_groups(m, &g), ALMEN_OK);
    assert_true(isnan(value_at(g, "group", "3", "isolation")));
    assert_close(value_at(g, "group", "3", "share"), 0);
    /* The empty group does not change the two-group values: D = 1/2 (.6 + .6) = 0.6. */
    assert_close(summary_value(m, "D"), 0.6);
    assert_close(value_at(g, "group", "1", "D_vs_rest"), 0.6);
    almen_table_free(u);
    almen_table_free(g);
    almen_mix_free(m);
}

/* ---- deterministic arithmetic and the generator ------------------------------------------- */

static void own_log_exp(void **state)
{
    (void)state;
    for (double x = 1e-300; x < 1e300; x *= 1.37) {
        double want = log(x);
        assert_true(fabs(mix_log(x) - want) <= 4e-16 * fmax(1.0, fabs(want)));
    }
    for (int i = 1; i < 5000; i++) {
        double x = i / 1000.0 + 0.5; /* near 1, where a naive log loses digits */
        assert_true(fabs(mix_log(x) - log(x)) <= 4.5e-16 * fabs(log(x))); /* within 2 ulps */
    }
    assert_true(mix_log(1) == 0);
    assert_true(isinf(mix_log(0)) && mix_log(0) < 0);
    assert_true(isnan(mix_log(-1)));
    for (double x = -40; x < 40; x += 0.173)
        assert_true(fabs(mix_exp(x) - exp(x)) <= 4e-16 * exp(x));
    for (int k = 0; k < 400; k++)
        assert_true(fabs(mix_lfact(k) - lgamma(k + 1.0)) <= 1e-15 * fmax(1.0, lgamma(k + 1.0)));
}

/* SplitMix64's reference outputs for state 1234567 (Vigna's splitmix64.c: 6457827717110365317,
 * 3203168211198807973, 9817491932198370423), and the bounded and open-interval draws. */
static void generator(void **state)
{
    (void)state;
    mix_rng r = {1234567};
    assert_true(mix_rng_next(&r) == UINT64_C(0x599ed017fb08fc85));
    assert_true(mix_rng_next(&r) == UINT64_C(0x2c73f08458540fa5));
    assert_true(mix_rng_next(&r) == UINT64_C(0x883ebce5a3f27c77));
    mix_rng a, b;
    mix_rng_init(&a, 42, MIX_STREAM_BOOTSTRAP, 7);
    mix_rng_init(&b, 42, MIX_STREAM_BOOTSTRAP, 7);
    assert_true(mix_rng_next(&a) == mix_rng_next(&b));
    mix_rng_init(&b, 42, MIX_STREAM_NULL, 7);
    assert_true(mix_rng_next(&a) != mix_rng_next(&b));
    /* Bounded draws: all of 0..4 appear, in about equal numbers (chi-square, 4 df, < 18.5 at
     * the 0.1 % level). */
    size_t seen[5] = {0};
    for (int i = 0; i < 50000; i++) seen[mix_rng_below(&a, 5)]++;
    double chi = 0;
    for (int i = 0; i < 5; i++) chi += (seen[i] - 10000.0) * (seen[i] - 10000.0) / 10000.0;
    assert_true(chi < 18.5);
    for (int i = 0; i < 1000; i++) {
        double u = mix_rng_open01(&a);
        assert_true(u > 0 && u < 1);
    }
}

/* Poisson draws: mean and variance lambda for both methods (inversion below 10, PTRS
 * above); 40000 draws put the sample mean within 4 standard errors. */
static void poisson(void **state)
{
    (void)state;
    const double lambdas[] = {0.3, 4, 9.99, 10, 37.5, 1200};
    mix_rng r;
    mix_rng_init(&r, 5, MIX_STREAM_BOOTSTRAP, 0);
    for (size_t i = 0; i < sizeof lambdas / sizeof lambdas[0]; i++) {
        mix_poisson p;
        mix_poisson_init(&p, lambdas[i]);
        double s = 0, ss = 0;
        const int n = 40000;
        for (int k = 0; k < n; k++) {
            double x = mix_poisson_draw(&p, &r);
            assert_true(x >= 0 && x == floor(x));
            s += x;
            ss += x * x;
        }
        double mean = s / n, var = ss / n - mean * mean;
        assert_near(mean, lambdas[i], 4 * sqrt(lambdas[i] / n));
        assert_near(var / lambdas[i], 1, 0.05);
    }
    mix_poisson z;
    mix_poisson_init(&z, 0);
    assert_true(mix_poisson_draw(&z, &r) == 0);
}

/* Draws n replicates of s (in blocks of 100, to exercise the block boundaries) and checks
 * that each has exactly s->n persons and that cell means, variances and covariances are
 * those of multinomial(N, q): mean N q_i, variance N q_i (1 - q_i), covariance -N q_i q_j,
 * which independent cells (Poisson draws without the correction) would not show. */
static void check_multinomial(const mix_sampler *s, const double *q, int n)
{
    double rows[100 * 4], sum[4] = {0}, prod[4][4] = {{0}}, N = s->n;
    mix_block b;
    assert_int_equal(mix_block_init(&b, s), ALMEN_OK);
    memset(rows, 0, sizeof rows);
    for (int r0 = 0; r0 < n; r0 += 100) {
        mix_sampler_block(s, &b, (uint64_t)r0, 100, rows, 4);
        for (int r = 0; r < 100; r++) {
            double *t = rows + 4 * r;
            mix_sampler_finish(s, (uint64_t)(r0 + r), t);
            assert_true(t[0] + t[1] + t[2] + t[3] == N);
            for (int i = 0; i < 4; i++) {
                sum[i] += t[i];
                for (int j = 0; j < 4; j++) prod[i][j] += t[i] * t[j];
            }
        }
    }
    for (int i = 0; i < 4; i++) {
        assert_near(sum[i] / n, N * q[i], 4 * sqrt(N * q[i] * (1 - q[i]) / n));
        for (int j = 0; j < 4; j++) {
            double cov = prod[i][j] / n - (sum[i] / n) * (sum[j] / n);
            double want = i == j ? N * q[i] * (1 - q[i]) : -N * q[i] * q[j];
            assert_near(cov, want, 0.08 * N * q[i]);
        }
    }
    mix_block_free(&b);
}

/* Small N = 20 (mostly persons added one by one), N = 2000 (cells drawn from their CDF
 * windows), random allocation (shares p_u p_g: cell 1 (8/20)(10/20) = .2), and the redraw
 * path (N set to about the Poisson total L, so that S > N half the time). */
static void replicate_tables_are_multinomial(void **state)
{
    (void)state;
    const double small[] = {3, 5, 7, 5}, big[] = {300, 500, 700, 500};
    const double q[] = {0.15, 0.25, 0.35, 0.25}, q_null[] = {0.2, 0.2, 0.3, 0.3};
    almen_mix *m = mix_of(small, 4, 2), *mb = mix_of(big, 4, 2);
    mix_sampler s;
    assert_int_equal(mix_sampler_init(&s, m, MIX_STREAM_BOOTSTRAP, 11), ALMEN_OK);
    check_multinomial(&s, q, 20000);
    mix_sampler_free(&s);
    assert_int_equal(mix_sampler_init(&s, m, MIX_STREAM_NULL, 11), ALMEN_OK);
    check_multinomial(&s, q_null, 20000);
    mix_sampler_free(&s);
    assert_int_equal(mix_sampler_init(&s, mb, MIX_STREAM_BOOTSTRAP, 12), ALMEN_OK);
    assert_true(s.window[0].size > 1); /* tabulated */
    check_multinomial(&s, q, 20000);
    s.n = floor(s.window[0].lambda + s.window[1].lambda + s.window[2].lambda + s.window[3].lambda);
    check_multinomial(&s, q, 20000);
    mix_sampler_free(&s);
    almen_mix_free(m);
    almen_mix_free(mb);
}

/* A replicate is a function of (seed, kind, number) only: drawn alone or inside any block,
 * and by any thread, it is the same table. */
static void replicates_do_not_depend_on_blocks(void **state)
{
    (void)state;
    almen_mix *m = multi_mix();
    mix_sampler s;
    mix_block b;
    assert_int_equal(mix_sampler_init(&s, m, MIX_STREAM_BOOTSTRAP, 5), ALMEN_OK);
    assert_int_equal(mix_block_init(&b, &s), ALMEN_OK);
    double all[150 * 12], one[12];
    memset(all, 0, sizeof all);
    memset(one, 0, sizeof one);
    mix_sampler_block(&s, &b, 0, 150, all, 12);
    for (int r = 0; r < 150; r++) mix_sampler_finish(&s, (uint64_t)r, all + 12 * r);
    for (int r = 0; r < 150; r += 37) {
        mix_sampler_block(&s, &b, (uint64_t)r, 1, one, 12);
        mix_sampler_finish(&s, (uint64_t)r, one);
        assert_memory_equal(one, all + 12 * r, sizeof one);
    }
    mix_block_free(&b);
    mix_sampler_free(&s);
    almen_table *t1 = NULL, *t2 = NULL;
    setenv("ALMEN_THREADS", "1", 1);
    assert_int_equal(almen_mix_replicates(m, "null", 300, 9, &t1), ALMEN_OK);
    setenv("ALMEN_THREADS", "3", 1);
    assert_int_equal(almen_mix_replicates(m, "null", 300, 9, &t2), ALMEN_OK);
    unsetenv("ALMEN_THREADS");
    char *c1 = NULL, *c2 = NULL;
    assert_int_equal(almen_table_to_csv(t1, &c1), ALMEN_OK);
    assert_int_equal(almen_table_to_csv(t2, &c2), ALMEN_OK);
    assert_string_equal(c1, c2);
    free(c1);
    free(c2);
    almen_table_free(t1);
    almen_table_free(t2);
    almen_mix_free(m);
}

/* ---- inference ------------------------------------------------------------------------------- */

static almen_table *inference(const almen_mix *m, int reps, int seed)
{
    almen_table *t = NULL;
    if (almen_mix_inference(m, reps, seed, 0.9, &t)) fail_msg("%s", almen_error_last_text());
    return t;
}

static void inference_reproducible(void **state)
{
    (void)state;
    almen_mix *m = multi_mix();
    almen_table *a = inference(m, 200, 3), *b = inference(m, 200, 3), *c = inference(m, 200, 4);
    char *ca = NULL, *cb = NULL, *cc = NULL;
    assert_int_equal(almen_table_to_csv(a, &ca), ALMEN_OK);
    assert_int_equal(almen_table_to_csv(b, &cb), ALMEN_OK);
    assert_int_equal(almen_table_to_csv(c, &cc), ALMEN_OK);
    assert_string_equal(ca, cb);
    assert_string_not_equal(ca, cc);
    /* The summary is made of the same replicates almen_mix_replicates gives. */
    almen_table *reps = NULL;
    assert_int_equal(almen_mix_replicates(m, "bootstrap", 200, 3, &reps), ALMEN_OK);
    assert_int_equal(almen_table_nrows(reps), 200);
    assert_close(column_sum(reps, "M") / 200, value_at(a, "index", "M", "bootstrap_mean"));
    assert_close(column_sum(reps, "M_within") / 200, value_at(a, "index", "M_within", "bootstrap_mean"));
    assert_int_equal(almen_table_get_int(reps, 0, 199), 200);
    double est = value_at(a, "index", "M", "estimate"), bias = value_at(a, "index", "M", "bias");
    assert_close(est, summary_value(m, "M"));
    assert_close(value_at(a, "index", "M", "corrected"), est - bias);
    assert_true(value_at(a, "index", "M", "lower") < value_at(a, "index", "M", "upper"));
    assert_true(value_at(a, "index", "M", "se") > 0);
    assert_true(isnan(value_at(a, "index", "entropy", "p_value")));
    free(ca);
    free(cb);
    free(cc);
    almen_table_free(a);
    almen_table_free(b);
    almen_table_free(c);
    almen_table_free(reps);
    almen_mix_free(m);
}

/* p-values at their edges: identical compositions have M = 0 and no null replicate can be
 * below it, so p = (1 + R) / (R + 1) = 1; complete segregation of 200 persons is beyond every
 * null replicate, so p = 1 / (R + 1). M's small-sample bias is positive: the null mean of
 * M is above 0 and (with so few persons per cell) the bootstrap mean above the estimate. */
static void inference_edges(void **state)
{
    (void)state;
    const double same[] = {10, 30, 5, 15}, apart[] = {100, 0, 0, 100};
    almen_mix *s = mix_of(same, 4, 2), *a = mix_of(apart, 4, 2);
    almen_table *ts = inference(s, 99, 1), *ta = inference(a, 99, 1);
    assert_close(value_at(ts, "index", "M", "p_value"), 1);
    assert_close(value_at(ts, "index", "D", "p_value"), 1);
    assert_true(value_at(ts, "index", "M", "null_mean") > 0);
    assert_true(value_at(ts, "index", "M", "bias") > 0);
    assert_close(value_at(ta, "index", "M", "p_value"), 1.0 / 100);
    assert_close(value_at(ta, "index", "D", "p_value"), 1.0 / 100);
    /* Completely segregated, every bootstrap table is too: no spread at all. */
    assert_close(value_at(ta, "index", "D", "se"), 0);
    assert_close(value_at(ta, "index", "D", "lower"), 1);
    almen_table_free(ts);
    almen_table_free(ta);
    almen_mix_free(s);
    almen_mix_free(a);
}

static void inference_bad_input(void **state)
{
    (void)state;
    const double fte[] = {10.5, 3, 2, 8};
    almen_mix *m = mix_of(fte, 4, 2);
    almen_table *t = NULL;
    assert_int_equal(almen_mix_inference(m, 10, 1, 0.95, &t), ALMEN_EINPUT);
    assert_non_null(strstr(almen_error_last_message(), "unit '1', group '1' is 10.5"));
    assert_null(t);
    almen_mix_free(m);
    m = multi_mix();
    assert_int_equal(almen_mix_inference(m, 0, 1, 0.95, &t), ALMEN_EINVAL);
    assert_int_equal(almen_mix_inference(m, 10, 1, 1.0, &t), ALMEN_EINVAL);
    assert_int_equal(almen_mix_inference(m, 10, 1, 0, &t), ALMEN_EINVAL);
    assert_int_equal(almen_mix_replicates(m, "jackknife", 10, 1, &t), ALMEN_EINVAL);
    assert_int_equal(almen_mix_replicates(m, NULL, 10, 1, &t), ALMEN_EINVAL);
    assert_null(t);
    /* One replicate is allowed; its standard deviation is undefined. */
    assert_int_equal(almen_mix_inference(m, 1, 1, 0.95, &t), ALMEN_OK);
    assert_true(isnan(value_at(t, "index", "M", "se")));
    almen_table_free(t);
    almen_mix_free(m);
}

/* ---- change over time ------------------------------------------------------------------------ */

static double change_value(const almen_table *t, const char *stat)
{
    return value_at(t, "stat", stat, "value");
}

static almen_table *change(const almen_mix *a, const almen_mix *b, const char *index)
{
    almen_table *t = NULL;
    if (almen_mix_change(a, b, index, 0, &t)) fail_msg("%s", almen_error_last_text());
    return t;
}

static void assert_parts_sum(const almen_table *t)
{
    double parts = change_value(t, "additions") + change_value(t, "removals") + change_value(t, "group_marginal") +
                   change_value(t, "unit_marginal") + change_value(t, "structural");
    assert_near(parts, change_value(t, "difference"), 1e-12);
    assert_near(change_value(t, "to") - change_value(t, "from"), change_value(t, "difference"), 1e-15);
}

/* Same margins (all 1/2), different structure: A = (1 1 / 1 1) has M = 0, B = (2 1 / 1 2)
 * has M = 2/3 ln(4/3) + 1/3 ln(2/3). Fitting either structure to the other's margins
 * changes nothing, so all of the change is structural. */
static void change_structure_only(void **state)
{
    (void)state;
    const double a[] = {1, 1, 1, 1}, b[] = {2, 1, 1, 2};
    almen_mix *ma = mix_of(a, 4, 2), *mb = mix_of(b, 4, 2);
    almen_table *t = change(ma, mb, "M");
    double want = 2.0 / 3 * log(4.0 / 3) + 1.0 / 3 * log(2.0 / 3);
    assert_close(change_value(t, "difference"), want);
    assert_close(change_value(t, "structural"), want);
    assert_near(change_value(t, "group_marginal"), 0, 1e-15);
    assert_near(change_value(t, "unit_marginal"), 0, 1e-15);
    assert_near(change_value(t, "additions"), 0, 1e-15);
    assert_parts_sum(t);
    almen_table_free(t);
    almen_mix_free(ma);
    almen_mix_free(mb);
}

/* Margins only: B_ug = r_u c_g A_ug keeps every odds ratio, so the structural part is 0 up
 * to the fitting tolerance, and the change is all marginal. Swapping the tables negates
 * every part (the Shapley decomposition is symmetric). */
static void change_margins_only(void **state)
{
    (void)state;
    const double r[] = {1, 3, 0.5, 2}, c[] = {2, 1, 0.25};
    double b[12];
    for (int u = 0; u < 4; u++)
        for (int g = 0; g < 3; g++) b[u * 3 + g] = MULTI[u * 3 + g] * r[u] * c[g];
    almen_mix *ma = mix_of(MULTI, 12, 3), *mb = mix_of(b, 12, 3);
    for (int k = 0; k < 2; k++) {
        const char *index = k ? "H" : NULL; /* NULL: M */
        almen_table *t = change(ma, mb, index), *back = change(mb, ma, index);
        assert_near(change_value(t, "structural"), 0, 1e-9);
        assert_true(fabs(change_value(t, "difference")) > 0.01);
        assert_parts_sum(t);
        const char *parts[] = {"group_marginal", "unit_marginal", "structural", "difference"};
        for (int i = 0; i < 4; i++) assert_near(change_value(back, parts[i]), -change_value(t, parts[i]), 1e-9);
        almen_table_free(t);
        almen_table_free(back);
    }
    almen_mix_free(ma);
    almen_mix_free(mb);
}

/* Units and groups in one table only: additions = D(to) - D(to's common part), removals =
 * D(from's common part) - D(from). Unit "e" is new in B, group "4" is gone from B. */
static void change_additions_removals(void **state)
{
    (void)state;
    const double a[] = {4, 4, 2, 1, 2, 6, 2, 0, 0, 2, 8, 3, 4, 0, 6, 0};
    const double b[] = {5, 4, 1, 2, 6, 3, 1, 2, 7, 5, 1, 6, 9, 1, 1};
    almen_mix *ma = mix_of(a, 16, 4), *mb = mix_of(b, 15, 3);
    assert_int_equal(almen_mix_set_labels(ma, "unit", "a\nb\nc\nd"), ALMEN_OK);
    assert_int_equal(almen_mix_set_labels(mb, "unit", "a\nb\nc\nd\ne"), ALMEN_OK);
    almen_table *t = change(ma, mb, "D");
    const double a_common[] = {4, 4, 2, 2, 6, 2, 0, 2, 8, 4, 0, 6}; /* a without group 4 */
    almen_mix *ac = mix_of(a_common, 12, 3), *bc = mix_of(b, 12, 3); /* b without unit e */
    assert_close(change_value(t, "removals"), summary_value(ac, "D") - summary_value(ma, "D"));
    assert_close(change_value(t, "additions"), summary_value(mb, "D") - summary_value(bc, "D"));
    assert_close(change_value(t, "from"), summary_value(ma, "D"));
    assert_parts_sum(t);
    assert_true(change_value(t, "iterations") >= 1);
    almen_table_free(t);
    /* Nothing in common. */
    assert_int_equal(almen_mix_set_labels(mb, "unit", "v\nw\nx\ny\nz"), ALMEN_OK);
    assert_int_equal(almen_mix_change(ma, mb, "M", 0, &t), ALMEN_EINPUT);
    assert_int_equal(almen_mix_change(ma, ma, "Gini", 0, &t), ALMEN_EINVAL);
    assert_int_equal(almen_mix_change(ma, ma, "M", -1, &t), ALMEN_EINVAL);
    assert_null(t);
    almen_mix_free(ma);
    almen_mix_free(mb);
    almen_mix_free(ac);
    almen_mix_free(bc);
}

/* ---- from a case ----------------------------------------------------------------------------- */

/* 2024 non-western residents: D1 20 of 100 and D2 150 of 300 (area a, district n), D3 10 of
 * 50 (area b, district s), D4 90 of 150 (no area, district s); D5 has no 2024 figures.
 * Groups nonwestern (270) and other (330): D = 1/2 (500 + 300 + 250 + 450) / 2970 = 25/99. */
static const char *CASE_YAML =
    "municipality: {code: 630, name: Testby, region: Syddanmark}\n"
    "districts: [{id: n, name: Nord}, {id: s, name: Syd}]\n"
    "areas: [{id: a, name: Area A, district: n}, {id: b, name: Area B, district: s}]\n"
    "organisations: [{id: 1, name: Org}]\n"
    "departments:\n"
    "  - {organisation: 1, number: 1, name: D1, area: a, figures: [{year: 2024, residents: 100, nonwestern: 20}]}\n"
    "  - {organisation: 1, number: 2, name: D2, area: a, figures: [{year: 2024, residents: 300, nonwestern: 150}]}\n"
    "  - {organisation: 1, number: 3, name: D3, area: b, figures: [{year: 2024, residents: 50, nonwestern: 10}]}\n"
    "  - {organisation: 1, number: 4, name: D4, district: s, figures: [{year: 2024, residents: 150, nonwestern: 90}]}\n"
    "  - {organisation: 1, number: 5, name: D5, district: s, figures: [{year: 2023, residents: 80, nonwestern: 8}]}\n";

static void from_case(void **state)
{
    (void)state;
    almen_case *c = load_ok(CASE_YAML);
    almen_mix *m = NULL;
    assert_int_equal(almen_case_mix(c, "origin", 2024, "area", &m), ALMEN_OK);
    assert_int_equal(almen_mix_unit_count(m), 4);
    assert_close(summary_value(m, "D"), 25.0 / 99);
    almen_table *u = NULL, *h = NULL, *g = NULL;
    assert_int_equal(almen_mix_units(m, &u), ALMEN_OK);
    assert_string_equal(almen_table_get_string(u, 0, 3), "1-4");
    assert_string_equal(almen_table_get_string(u, 1, 3), "(none)");
    assert_close(value_at(u, "unit", "1-2", "total"), 300);
    assert_int_equal(almen_mix_groups(m, &g), ALMEN_OK);
    assert_string_equal(almen_table_get_string(g, 0, 0), "nonwestern");
    assert_string_equal(almen_table_get_string(g, 0, 1), "other");
    assert_close(value_at(g, "group", "nonwestern", "count"), 270);
    assert_int_equal(almen_mix_higher(m, &h), ALMEN_OK);
    assert_int_equal(almen_table_nrows(h), 3);
    assert_close(value_at(h, "higher", "a", "total"), 400);
    assert_close(value_at(h, "higher", "(none)", "total"), 150);
    almen_table_free(u);
    almen_table_free(h);
    almen_table_free(g);
    almen_mix_free(m);

    /* By district: n = {D1, D2}, s = {D3, D4}; 2023 has D5 only. */
    assert_int_equal(almen_case_mix(c, "nonwestern", 2024, "district", &m), ALMEN_OK);
    assert_int_equal(almen_mix_higher_count(m), 2);
    almen_mix_free(m);
    assert_int_equal(almen_case_mix(c, "origin", 2023, NULL, &m), ALMEN_OK);
    assert_int_equal(almen_mix_unit_count(m), 1);
    assert_int_equal(almen_mix_higher_count(m), 0);
    almen_mix_free(m);
    m = NULL;
    assert_int_equal(almen_case_mix(c, "work", 2024, NULL, &m), ALMEN_ENOTFOUND);
    assert_non_null(strstr(almen_error_last_message(), "outside_labour_fte and residents_18_64 for 2024"));
    assert_int_equal(almen_case_mix(c, "residents", 2024, NULL, &m), ALMEN_EINVAL); /* no denominator */
    assert_int_equal(almen_case_mix(c, "origin", 2024, "street", &m), ALMEN_EINVAL);
    assert_null(m);
    almen_case_free(c);

    /* The embedded example: every department has the figures. */
    assert_int_equal(almen_case_load_example(&c), ALMEN_OK);
    assert_int_equal(almen_case_mix(c, "schooling", 2024, "district", &m), ALMEN_OK);
    assert_int_equal(almen_mix_unit_count(m), almen_case_department_count(c));
    double M = summary_value(m, "M");
    assert_true(M > 0 && M < log(2));
    almen_mix_free(m);
    almen_case_free(c);
}

/* ---- schools00 / schools05 against the published values ------------------------------------ */

typedef struct {
    strmap schools, races, districts, states;
    char **names; /* owned keys for the maps */
    size_t n_names, cap_names;
} ids;

static size_t id_of(ids *x, strmap *map, const char *name)
{
    size_t v;
    if (strmap_get(map, name, &v)) return v;
    if (x->n_names == x->cap_names) {
        x->cap_names = x->cap_names ? 2 * x->cap_names : 1024;
        x->names = realloc(x->names, x->cap_names * sizeof *x->names);
        assert_non_null(x->names);
    }
    char *copy = strdup(name);
    x->names[x->n_names++] = copy;
    v = map->count;
    assert_int_equal(strmap_put(map, copy, v), 0);
    return v;
}

/* Reads tests/data/mix/NAME (state, district, school, race, n) into a school × race mix
 * with the given higher level ("district" or "state"); races in the order asian, black,
 * hisp, native, white. *cells counts the rows. */
static almen_mix *read_schools(const char *name, const char *higher, size_t *cells)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/mix/%s", ALMEN_SOURCE_ROOT, name);
    FILE *f = fopen(path, "r");
    if (!f) fail_msg("cannot open %s", path);
    ids x;
    memset(&x, 0, sizeof x);
    strmap_init(&x.schools);
    strmap_init(&x.races);
    strmap_init(&x.districts);
    strmap_init(&x.states);
    const char *races[] = {"asian", "black", "hisp", "native", "white"};
    for (int i = 0; i < 5; i++) id_of(&x, &x.races, races[i]);
    size_t cap = 4096, n_units = 0;
    double *counts = calloc(cap * 5, sizeof *counts);
    int32_t *hi = calloc(cap, sizeof *hi);
    char line[256];
    char *labels = malloc(1 << 20);
    size_t labels_len = 0;
    *cells = 0;
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    while (fgets(line, sizeof line, f)) {
        char st[64], di[64], sc[64], ra[64];
        double n;
        if (sscanf(line, "\"%63[^\"]\",\"%63[^\"]\",\"%63[^\"]\",\"%63[^\"]\",%lf", st, di, sc, ra, &n) != 5)
            fail_msg("bad line %s", line);
        size_t before = x.schools.count, u = id_of(&x, &x.schools, sc);
        if (x.schools.count > before) {
            assert_true(u < cap);
            labels_len += (size_t)snprintf(labels + labels_len, (1 << 20) - labels_len, "%s\n", sc);
            n_units++;
        }
        size_t d = strcmp(higher, "state") ? id_of(&x, &x.districts, di) : id_of(&x, &x.states, st);
        hi[u] = (int32_t)d;
        counts[u * 5 + id_of(&x, &x.races, ra)] += n;
        (*cells)++;
    }
    fclose(f);
    almen_mix *m = mix_of(counts, n_units * 5, 5);
    assert_int_equal(almen_mix_set_higher(m, hi, n_units), ALMEN_OK);
    assert_int_equal(almen_mix_set_labels(m, "unit", labels), ALMEN_OK);
    assert_int_equal(almen_mix_set_labels(m, "group", "asian\nblack\nhisp\nnative\nwhite"), ALMEN_OK);
    free(counts);
    free(hi);
    free(labels);
    for (size_t i = 0; i < x.n_names; i++) free(x.names[i]);
    free(x.names);
    strmap_free(&x.schools);
    strmap_free(&x.races);
    strmap_free(&x.districts);
    strmap_free(&x.states);
    return m;
}

/* Published (elbersb/segregation README and vignette, rounded to 3 significant digits):
 * M 0.426, H 0.419; between states M 0.0992, H 0.0977; within states M 0.326, H 0.321.
 * The data set's own README: 2,045 schools, 429 districts, 877,739 pupils, 8,142 cells. */
static void schools_published(void **state)
{
    (void)state;
    size_t cells;
    almen_mix *m = read_schools("schools00.csv", "district", &cells);
    assert_int_equal(cells, 8142);
    assert_int_equal(almen_mix_unit_count(m), 2045);
    assert_int_equal(almen_mix_higher_count(m), 429);
    assert_close(summary_value(m, "total"), 877739);
    assert_near(summary_value(m, "M"), 0.426, 0.0005);
    assert_near(summary_value(m, "H"), 0.419, 0.0005);
    /* Between districts + within districts is the total, exactly. */
    assert_near(summary_value(m, "M_between") + summary_value(m, "M_within"), summary_value(m, "M"), 4e-16);
    almen_mix_free(m);

    m = read_schools("schools00.csv", "state", &cells);
    assert_near(summary_value(m, "M_between"), 0.0992, 0.00005);
    assert_near(summary_value(m, "H_between"), 0.0977, 0.00005);
    assert_near(summary_value(m, "M_within"), 0.326, 0.0005);
    assert_near(summary_value(m, "H_within"), 0.321, 0.0005);
    almen_mix_free(m);
}

/* Published Shapley decomposition of 2000 -> 2005 in the README of elbersb/segregation:
 *   M1 0.42554, M2 0.41339, diff -0.01215, additions -0.00341, removals -0.01141, and, in
 *   the version of the README whose IPF stopped at a ratio criterion (margins within 0.1 %),
 *   group_marginal 0.01623, unit_marginal -0.01674, structural 0.00318.
 * Here IPF runs to 1e-10, which moves the structural part to 0.003154 (the Python test checks
 * it against a separate numpy implementation to 1e-9). Later versions of the README print
 * structural -0.00349: their IPF stops once every share is within 0.001 in absolute terms,
 * which school shares of about 0.0005 meet after one sweep; that is not a converged fit
 * (docs/mix.md, "Change over time"). */
static void schools_change_published(void **state)
{
    (void)state;
    size_t cells;
    almen_mix *a = read_schools("schools00.csv", "district", &cells);
    almen_mix *b = read_schools("schools05.csv", "district", &cells);
    almen_table *t = change(a, b, "M");
    assert_near(change_value(t, "from"), 0.42554, 0.000005);
    assert_near(change_value(t, "to"), 0.41339, 0.000005);
    assert_near(change_value(t, "difference"), -0.01215, 0.000005);
    assert_near(change_value(t, "additions"), -0.00341, 0.000005);
    assert_near(change_value(t, "removals"), -0.01141, 0.000005);
    assert_near(change_value(t, "group_marginal"), 0.01623, 0.00005);
    assert_near(change_value(t, "unit_marginal"), -0.01674, 0.00005);
    assert_near(change_value(t, "structural"), 0.00318, 0.00005);
    assert_parts_sum(t);
    almen_table_free(t);
    almen_mix_free(a);
    almen_mix_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(complete_segregation),
        cmocka_unit_test(identical_compositions),
        cmocka_unit_test(worked_two_groups),
        cmocka_unit_test(multigroup_by_hand),
        cmocka_unit_test(identities),
        cmocka_unit_test(decomposition_exact),
        cmocka_unit_test(column_major_is_transposed),
        cmocka_unit_test(bad_tables),
        cmocka_unit_test(labels),
        cmocka_unit_test(higher_codes),
        cmocka_unit_test(empty_units_and_groups),
        cmocka_unit_test(own_log_exp),
        cmocka_unit_test(generator),
        cmocka_unit_test(poisson),
        cmocka_unit_test(replicate_tables_are_multinomial),
        cmocka_unit_test(replicates_do_not_depend_on_blocks),
        cmocka_unit_test(inference_reproducible),
        cmocka_unit_test(inference_edges),
        cmocka_unit_test(inference_bad_input),
        cmocka_unit_test(change_structure_only),
        cmocka_unit_test(change_margins_only),
        cmocka_unit_test(change_additions_removals),
        cmocka_unit_test(from_case),
        cmocka_unit_test(schools_published),
        cmocka_unit_test(schools_change_published),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
