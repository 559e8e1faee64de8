/* The letting simulation: the generator against its published known answers, the samplers
 * against the exact binomial distribution, the model against the closed form of the one-
 * channel case, determinism over threads and steps, bans that really remove their types,
 * the letting policy the agreements give, the classification of simulated areas against
 * almen_case_classify, quantiles, cancellation, the case-file section and errors. */
#include "testutil.h"

#include "rng.h"

/* ---- Helpers ----------------------------------------------------------------------------- */

static size_t col_of(const almen_table *t, const char *name)
{
    size_t col;
    if (almen_table_column_index(t, name, &col)) fail_msg("no column %s", name);
    return col;
}

/* The row whose string columns match keys ("column", "value", ..., NULL) and whose `year`
 * is year (year 0: any). */
static size_t find_row(const almen_table *t, int year, ...)
{
    const char *names[8], *values[8];
    size_t n = 0;
    va_list ap;
    va_start(ap, year);
    for (const char *k; n < 8 && (k = va_arg(ap, const char *));) {
        names[n] = k;
        values[n++] = va_arg(ap, const char *);
    }
    va_end(ap);
    size_t ycol = year ? col_of(t, "year") : 0;
    for (size_t r = 0; r < almen_table_nrows(t); r++) {
        int ok = !year || almen_table_get_int(t, ycol, r) == year;
        for (size_t i = 0; i < n && ok; i++) {
            const char *s = almen_table_get_string(t, col_of(t, names[i]), r);
            ok = s && !strcmp(s, values[i]);
        }
        if (ok) return r;
    }
    fail_msg("no row for year %d (%s=%s ...)", year, n ? names[0] : "", n ? values[0] : "");
    return 0;
}

static double dbl(const almen_table *t, size_t row, const char *col)
{
    return almen_table_get_double(t, col_of(t, col), row);
}

static almen_case *load_data(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/tests/data/simulate/%s", ALMEN_SOURCE_ROOT, name);
    almen_case *c = NULL;
    if (almen_case_load_file(path, &c)) fail_msg("%s: %s", name, almen_error_last_text());
    return c;
}

static almen_simulation *run_sim(const almen_case *c, almen_simulation_options *o)
{
    almen_simulation *s = NULL;
    if (almen_simulation_new(c, o, &s)) fail_msg("new: %s", almen_error_last_text());
    size_t done = 0;
    if (almen_simulation_step(s, 0, &done)) fail_msg("step: %s", almen_error_last_text());
    assert_int_equal(done, almen_simulation_runs_total(s));
    return s;
}

/* rc is the call that filled *t (the table is read after it, whatever the order in which
 * the caller's arguments are evaluated). */
static char *csv_of(almen_status rc, almen_table **tp)
{
    if (rc) fail_msg("table: %s", almen_error_last_text());
    almen_table *t = *tp;
    char *csv = NULL;
    assert_int_equal(almen_table_to_csv(t, &csv), ALMEN_OK);
    almen_table_free(t);
    return csv;
}

/* Every result table of a simulation as one text, to compare simulations byte for byte. */
static char *all_results(const almen_simulation *s)
{
    almen_table *t = NULL;
    char *parts[5];
    parts[0] = csv_of(almen_simulation_indicators(s, &t), &t);
    parts[1] = csv_of(almen_simulation_composition(s, &t), &t);
    parts[2] = csv_of(almen_simulation_inflow(s, &t), &t);
    parts[3] = csv_of(almen_simulation_status(s, &t), &t);
    parts[4] = csv_of(almen_simulation_leaving(s, &t), &t);
    size_t n = 1;
    for (int i = 0; i < 5; i++) n += strlen(parts[i]);
    char *all = malloc(n);
    all[0] = '\0';
    for (int i = 0; i < 5; i++) {
        strcat(all, parts[i]);
        almen_free(parts[i]);
    }
    return all;
}

/* ---- The generator ----------------------------------------------------------------------- */

/* Random123's tests/kat_vectors, the three "philox4x32 10" lines: counter, key, result. */
static void philox_known_answers(void **state)
{
    (void)state;
    static const uint32_t v[3][10] = {
        {0, 0, 0, 0, 0, 0, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
        {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0x408f276d,
         0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
        {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, 0xd16cfe09,
         0x94fdcceb, 0x5001e420, 0x24126ea1}};
    for (int i = 0; i < 3; i++) {
        uint32_t out[4];
        rng_philox4x32_10(&v[i][0], &v[i][4], out);
        for (int j = 0; j < 4; j++) assert_int_equal(out[j], v[i][6 + j]);
    }
    /* A stream is the counter sequence (block, unit, purpose, run) under the seed's key. */
    rng_stream s;
    rng_init(&s, 0x299f31d0a4093822ull, 0x03707344, 0x85a308d3, 0x13198a2e);
    s.ctr[0] = 0x243f6a88;
    for (int j = 0; j < 4; j++) assert_int_equal(rng_u32(&s), v[2][6 + j]);
}

/* Pearson's chi-square of `draws` Binomial(n, p) variates against the exact probabilities
 * (from log-gamma in long double), cells with expectation below 5 pooled into
 * their neighbours; the statistic must stay below the 1 - 1e-6 quantile of chi-square
 * (Wilson-Hilferty). The draws are fixed by the seed, so this cannot pass by luck on one
 * run and fail on another; a wrong sampler fails it by a wide margin. */
static void check_binomial(int32_t n, double p, int draws)
{
    long *count = calloc((size_t)n + 1, sizeof *count);
    long double *prob = calloc((size_t)n + 1, sizeof *prob);
    rng_stream s;
    rng_init(&s, 12345, 1, (uint32_t)n, 7);
    double mean = 0;
    for (int i = 0; i < draws; i++) {
        int32_t k = rng_binomial(&s, n, p);
        assert_true(k >= 0 && k <= n);
        count[k]++;
        mean += k;
    }
    /* In logarithms: (1 - p)^n underflows for n = 100,000. */
    for (int32_t k = 0; k <= n; k++)
        prob[k] = expl(lgammal(n + 1.0L) - lgammal(k + 1.0L) - lgammal(n - k + 1.0L) +
                       k * logl(p) + (n - k) * log1pl(-p));
    double chi = 0;
    int cells = 0;
    long double e = 0;
    long o = 0;
    for (int32_t k = 0; k <= n; k++) {
        e += prob[k] * draws;
        o += count[k];
        if (e >= 5 || k == n) {
            chi += (double)((o - e) * (o - e) / e);
            cells++;
            e = 0;
            o = 0;
        }
    }
    double df = cells - 1, z = 4.753; /* the standard normal's 1 - 1e-6 quantile */
    double crit = df * pow(1 - 2 / (9 * df) + z * sqrt(2 / (9 * df)), 3);
    if (!(chi < crit)) fail_msg("Binomial(%d, %g): chi-square %g >= %g (df %g)", n, p, chi, crit, df);
    /* The mean within 5 standard errors of n p. */
    mean /= draws;
    double se = sqrt(n * p * (1 - p) / draws);
    if (!(fabs(mean - n * p) < 5 * se)) fail_msg("Binomial(%d, %g): mean %g", n, p, mean);
    free(count);
    free(prob);
}

static void binomial_matches_exact_distribution(void **state)
{
    (void)state;
    check_binomial(20, 0.1, 200000);   /* inversion, n p = 2 */
    check_binomial(19, 0.5, 200000);   /* inversion at its edge, n p = 9.5 */
    check_binomial(200, 0.05, 200000); /* BTRS from n p = 10 */
    check_binomial(1000, 0.104, 200000); /* BTRS, a department's move-outs */
    check_binomial(60, 0.7, 200000);   /* p > 1/2: n - Binomial(n, 0.3) */
    check_binomial(100000, 0.4, 100000); /* BTRS far out */
    rng_stream s;
    rng_init(&s, 1, 2, 3, 4);
    assert_int_equal(rng_binomial(&s, 0, 0.5), 0);
    assert_int_equal(rng_binomial(&s, 10, 0), 0);
    assert_int_equal(rng_binomial(&s, 10, 1), 10);
}

/* Both ways of drawing a multinomial (one by one for n <= 2k, conditional binomials above)
 * give counts adding up to n with the right means. */
static void multinomial_adds_up(void **state)
{
    (void)state;
    double w[4] = {1, 0, 3, 6}, cond[4], lq[4], cum[4];
    assert_close(rng_prepare(w, 4, cond, lq, cum), 10);
    /* cond_j = w_j / (w_j + ... + w_3): 1/10, 0, 3/9, 6/6 = 1 exactly; cum 0.1, 0.1, 0.4, 1. */
    assert_close(cond[0], 0.1);
    assert_close(cond[1], 0);
    assert_close(cond[2], 1.0 / 3);
    assert_true(cond[3] == 1.0);
    assert_close(lq[0], log(0.9));
    assert_close(cum[1], 0.1);
    assert_close(cum[2], 0.4);
    assert_true(cum[3] == 1.0);
    const int32_t sizes[2] = {7, 50};
    for (int t = 0; t < 2; t++) {
        rng_stream s;
        rng_init(&s, 9, 9, 9, (uint32_t)t);
        double sum[4] = {0};
        int32_t n = sizes[t];
        for (int i = 0; i < 20000; i++) {
            int32_t out[4];
            rng_multinomial(&s, n, cond, lq, cum, 4, out);
            assert_int_equal(out[0] + out[1] + out[2] + out[3], n);
            assert_int_equal(out[1], 0);
            for (int j = 0; j < 4; j++) sum[j] += out[j];
        }
        /* Means n w / 10 within 5 standard errors (sd sqrt(n p (1 - p))). */
        for (int j = 0; j < 4; j++) {
            double p = w[j] / 10, se = sqrt(n * p * (1 - p) / 20000);
            if (!(fabs(sum[j] / 20000 - n * p) <= 5 * se + 1e-12))
                fail_msg("n %d, category %d: mean %g, expected %g", n, j, sum[j] / 20000, n * p);
        }
    }
    /* No weight at all: nothing can be drawn. */
    double none[2] = {0, 0};
    assert_true(rng_prepare(none, 2, cond, lq, cum) == 0);
}

/* ---- The model against its closed form --------------------------------------------------- */

/* One department of 1,000 family dwellings, initial shares s(0) = (0.2, 0.6, 0.2), one
 * channel (the waiting list; internal moves 0) whose pool is p = (6, 3, 1) / 10, turnover
 * t = 0.104 for every type. E[n_k(y+1)] = (1 - t) E[n_k(y)] + p_k t D, so the expected share
 * is p_k + (s_k(0) - p_k)(1 - t)^y; every year and type must lie within 4 standard errors
 * of the Monte Carlo mean (30 comparisons: a correct model fails one with probability about
 * 0.002, and the fixed seed makes the outcome fixed). Move-outs: E = t D = 104 a year. */
static void one_channel_closed_form(void **state)
{
    (void)state;
    almen_case *c = load_data("onechannel.yaml");
    almen_simulation_options *o = NULL;
    assert_int_equal(almen_simulation_options_new(&o), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_runs(o, 2000), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_seed(o, 20240101), ALMEN_OK);
    assert_int_equal(almen_simulation_options_add_policy(
                         o, "name: one\nchannels: {internal: 0}\n", "test"),
                     ALMEN_OK);
    almen_simulation *s = run_sim(c, o);
    almen_table *t = NULL;
    assert_int_equal(almen_simulation_composition(s, &t), ALMEN_OK);
    const char *types[3] = {"working", "benefits", "pensioner"};
    const double p[3] = {0.6, 0.3, 0.1}, s0[3] = {0.2, 0.6, 0.2}, turnover = 0.104;
    for (int y = 0; y <= 10; y++) {
        for (int k = 0; k < 3; k++) {
            size_t r = find_row(t, 2024 + y, "variant", "one", "household_type", types[k], NULL);
            double want = p[k] + (s0[k] - p[k]) * pow(1 - turnover, y);
            double got = dbl(t, r, "share_mean"), se = dbl(t, r, "share_se");
            if (y == 0) {
                assert_close(got, s0[k]);
                assert_true(se == 0);
                continue;
            }
            assert_true(se > 0 && se < 0.01);
            if (!(fabs(got - want) < 4 * se))
                fail_msg("%s in %d: mean share %g, expected %g (se %g)", types[k], 2024 + y, got,
                         want, se);
        }
    }
    almen_table_free(t);
    assert_int_equal(almen_simulation_indicators(s, &t), ALMEN_OK);
    for (int y = 0; y < 10; y++) {
        size_t r = find_row(t, 2024 + y, "unit", "501-1", "indicator", "move_outs", NULL);
        double got = dbl(t, r, "mean"), se = dbl(t, r, "se");
        if (!(fabs(got - 104) < 4 * se)) fail_msg("move-outs %d: %g (se %g)", 2024 + y, got, se);
    }
    /* No move-outs are simulated after the last state. */
    assert_true(isnan(dbl(t, find_row(t, 2034, "unit", "501-1", "indicator", "move_outs", NULL),
                          "mean")));
    almen_table_free(t);
    almen_simulation_free(s);
    almen_simulation_options_free(o);
    almen_case_free(c);
}

/* ---- Renovation scenarios ---------------------------------------------------------------- */

/* "demolish" removes 100 of the 1,000 dwellings in 2025: 1,000 households on 1 January 2025,
 * 900 from 2026 in every run; the move-outs of 2025 are the 100 of the demolished dwellings
 * plus Binomial(900, 0.104), expected 100 + 93.6 = 193.6. The households removed are drawn
 * at random, which leaves the expected shares as they were, so the closed form of the
 * one-channel case still holds. "convert" turns 100 family dwellings into 150 youth ones in
 * 2026: 1,050 households from 2027, their move-outs 900 * 0.104 + 150 * 0.399 = 153.45 a
 * year, and the youth dwellings are let too (the policy has rows for them). */
static void renovation_changes_the_dwellings(void **state)
{
    (void)state;
    almen_case *c = load_data("onechannel.yaml");
    const char *scenarios[2] = {"demolish", "convert"};
    for (int i = 0; i < 2; i++) {
        almen_simulation_options *o = NULL;
        assert_int_equal(almen_simulation_options_new(&o), ALMEN_OK);
        assert_int_equal(almen_simulation_options_set_runs(o, 1500), ALMEN_OK);
        assert_int_equal(almen_simulation_options_set_years(o, 0, 5), ALMEN_OK);
        assert_int_equal(almen_simulation_options_set_scenario(o, scenarios[i]), ALMEN_OK);
        assert_int_equal(almen_simulation_options_add_policy(
                             o, "name: one\nchannels: {internal: 0}\n", "test"),
                         ALMEN_OK);
        almen_simulation *s = run_sim(c, o);
        almen_table *t = NULL;
        assert_int_equal(almen_simulation_indicators(s, &t), ALMEN_OK);
        for (int y = 2024; y <= 2029; y++) {
            size_t r = find_row(t, y, "unit", "501-1", "indicator", "households", NULL);
            double want = i == 0 ? (y <= 2025 ? 1000 : 900) : (y <= 2026 ? 1000 : 1050);
            assert_close(dbl(t, r, "mean"), want);
            assert_true(dbl(t, r, "sd") == 0);
        }
        const int year = i == 0 ? 2025 : 2028;
        const double moves = i == 0 ? 193.6 : 153.45;
        size_t r = find_row(t, year, "unit", "501-1", "indicator", "move_outs", NULL);
        if (!(fabs(dbl(t, r, "mean") - moves) < 4 * dbl(t, r, "se")))
            fail_msg("%s: move-outs %d %g (se %g), expected %g", scenarios[i], year,
                     dbl(t, r, "mean"), dbl(t, r, "se"), moves);
        almen_table_free(t);
        if (i == 0) {
            assert_int_equal(almen_simulation_composition(s, &t), ALMEN_OK);
            const char *types[3] = {"working", "benefits", "pensioner"};
            const double p[3] = {0.6, 0.3, 0.1}, s0[3] = {0.2, 0.6, 0.2};
            for (int y = 1; y <= 5; y++)
                for (int k = 0; k < 3; k++) {
                    size_t row = find_row(t, 2024 + y, "household_type", types[k], NULL);
                    double want = p[k] + (s0[k] - p[k]) * pow(0.896, y);
                    double got = dbl(t, row, "share_mean"), se = dbl(t, row, "share_se");
                    if (!(fabs(got - want) < 4 * se))
                        fail_msg("%s %d: share %g, expected %g (se %g)", types[k], 2024 + y, got,
                                 want, se);
                }
        } else {
            assert_int_equal(almen_simulation_policy(s, &t), ALMEN_OK);
            find_row(t, 2026, "dwelling_type", "youth", "channel", "waiting_list", NULL);
        }
        almen_table_free(t);
        almen_simulation_free(s);
        almen_simulation_options_free(o);
    }
    almen_simulation_options *o = NULL;
    almen_simulation *s = NULL;
    assert_int_equal(almen_simulation_options_new(&o), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_scenario(o, "nosuch"), ALMEN_OK);
    assert_int_equal(almen_simulation_new(c, o, &s), ALMEN_EINVAL);
    assert_non_null(strstr(almen_error_last_message(), "no renovation scenario 'nosuch'"));
    almen_simulation_options_free(o);
    almen_case_free(c);
}

/* ---- Determinism ------------------------------------------------------------------------- */

static char *results_with(const almen_case *c, int threads, double seed, size_t slice)
{
    almen_simulation_options *o = NULL;
    assert_int_equal(almen_simulation_options_new(&o), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_runs(o, 60), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_years(o, 0, 6), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_threads(o, threads), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_seed(o, seed), ALMEN_OK);
    assert_int_equal(almen_simulation_options_add_agreement(o, "all"), ALMEN_OK);
    assert_int_equal(almen_simulation_options_add_agreement(o, "none"), ALMEN_OK);
    almen_simulation *s = NULL;
    assert_int_equal(almen_simulation_new(c, o, &s), ALMEN_OK);
    size_t done = 0;
    while (done < 60) assert_int_equal(almen_simulation_step(s, slice, &done), ALMEN_OK);
    char *all = all_results(s);
    almen_simulation_free(s);
    almen_simulation_options_free(o);
    return all;
}

/* The same seed gives byte-identical tables with 1, 2 and 4 threads and however the runs
 * are split into steps; another seed gives other numbers. */
static void same_seed_same_results(void **state)
{
    (void)state;
    almen_case *c = load_data("udsat.yaml");
    char *one = results_with(c, 1, 7, 0);
    char *two = results_with(c, 2, 7, 0);
    char *four = results_with(c, 4, 7, 0);
    char *sliced = results_with(c, 3, 7, 7);
    char *other = results_with(c, 2, 8, 0);
    assert_string_equal(one, two);
    assert_string_equal(one, four);
    assert_string_equal(one, sliced);
    assert_true(strcmp(one, other) != 0);
    free(one), free(two), free(four), free(sliced), free(other);
    almen_case_free(c);
}

/* ---- Letting policies -------------------------------------------------------------------- */

/* The udsat case: in the base year 2024 the lettings follow list 2023 (udsat), where the
 * law bans municipal allocation to social_assistance_6m (§59 stk. 6 nr. 5), the group of
 * `benefits`. Under the agreement ("all") the benefits type gets no dwelling through the
 * municipal channel in 2024 and 2025 (list 2024 is udsat too) in any run, while working
 * households do; the explicit policy without the ban lets benefits in through the same
 * channel. */
static void ban_removes_its_types(void **state)
{
    (void)state;
    almen_case *c = load_data("udsat.yaml");
    almen_simulation_options *o = NULL;
    assert_int_equal(almen_simulation_options_new(&o), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_runs(o, 200), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_years(o, 0, 3), ALMEN_OK);
    assert_int_equal(almen_simulation_options_add_agreement(o, "all"), ALMEN_OK);
    assert_int_equal(almen_simulation_options_add_policy(
                         o, "name: noban\nchannels: {municipal: 20}\n", "test"),
                     ALMEN_OK);
    almen_simulation *s = run_sim(c, o);
    almen_table *t = NULL;
    assert_int_equal(almen_simulation_inflow(s, &t), ALMEN_OK);
    for (int y = 2024; y <= 2025; y++) {
        double banned = dbl(t, find_row(t, y, "variant", "all", "channel", "municipal",
                                        "household_type", "benefits", NULL), "mean");
        double working = dbl(t, find_row(t, y, "variant", "all", "channel", "municipal",
                                         "household_type", "working", NULL), "mean");
        double open = dbl(t, find_row(t, y, "variant", "noban", "channel", "municipal",
                                      "household_type", "benefits", NULL), "mean");
        assert_true(banned == 0);
        assert_true(working > 1);
        assert_true(open > 1);
    }
    almen_table_free(t);
    almen_simulation_free(s);
    almen_simulation_options_free(o);
    almen_case_free(c);
}

static double policy_share(const almen_table *t, const char *variant, int year, const char *status,
                           const char *channel)
{
    return dbl(t, find_row(t, year, "variant", variant, "status", status, "channel", channel, NULL),
               "share_pct");
}

/* The channels the agreement and the law give (docs/simulation.md): internal moves 10 % of
 * lettings; municipal allocation the instrument's share; flexible letting the quota of what
 * is left (§60: obligatory, 100 %, in udsat areas); the waiting list the rest.
 *   on no list: every 4th = 25 %, internal 10 %, waiting list 65 %;
 *   udsat:      20 % (agreement), internal 10 %, flexible 100 % of 70 % = 70 %, waiting 0;
 *   forebyggelse: no municipal instrument, internal 10 %, flexible 90 %;
 * the agreement ends 2026-12-31, so in 2027 only the law is left. The ban column names the
 * types of the banned groups. "none" (the law alone) never allocates. */
static void policy_from_agreements_and_law(void **state)
{
    (void)state;
    almen_case *c = load_data("udsat.yaml");
    almen_simulation_options *o = NULL;
    assert_int_equal(almen_simulation_options_new(&o), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_runs(o, 1), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_years(o, 0, 4), ALMEN_OK);
    assert_int_equal(almen_simulation_options_add_agreement(o, "anvisning"), ALMEN_OK);
    assert_int_equal(almen_simulation_options_add_agreement(o, "none"), ALMEN_OK);
    almen_simulation *s = NULL;
    assert_int_equal(almen_simulation_new(c, o, &s), ALMEN_OK);
    almen_table *t = NULL;
    assert_int_equal(almen_simulation_policy(s, &t), ALMEN_OK);
    assert_close(policy_share(t, "anvisning", 2024, "none", "municipal"), 25);
    assert_close(policy_share(t, "anvisning", 2024, "none", "internal"), 10);
    assert_close(policy_share(t, "anvisning", 2024, "none", "flexible"), 0);
    assert_close(policy_share(t, "anvisning", 2024, "none", "waiting_list"), 65);
    assert_close(policy_share(t, "anvisning", 2025, "udsat", "municipal"), 20);
    assert_close(policy_share(t, "anvisning", 2025, "udsat", "flexible"), 70);
    assert_close(policy_share(t, "anvisning", 2025, "udsat", "waiting_list"), 0);
    assert_close(policy_share(t, "anvisning", 2025, "forebyggelsesomraade", "municipal"), 0);
    assert_close(policy_share(t, "anvisning", 2025, "forebyggelsesomraade", "flexible"), 90);
    assert_close(policy_share(t, "anvisning", 2027, "none", "municipal"), 0);
    assert_close(policy_share(t, "anvisning", 2027, "none", "waiting_list"), 90);
    assert_close(policy_share(t, "none", 2024, "none", "municipal"), 0);
    size_t r = find_row(t, 2025, "variant", "anvisning", "status", "udsat", "channel", "municipal",
                        NULL);
    assert_string_equal(almen_table_get_string(t, col_of(t, "excluded"), r), "benefits");
    r = find_row(t, 2025, "variant", "anvisning", "status", "omdannelsesomraade", "channel",
                 "flexible", NULL);
    /* §51c: mandatory rejection of `social_assistance` in omdannelsesområder. */
    assert_string_equal(almen_table_get_string(t, col_of(t, "excluded"), r), "benefits");
    almen_table_free(t);
    almen_simulation_free(s);
    almen_simulation_options_free(o);
    almen_case_free(c);
}

/* ---- Classification of simulated areas --------------------------------------------------- */

/* With turnover 0 nothing moves: every simulated year's figures are the base year's (the
 * residual keeps them exactly). The statuses must then be those almen_case_classify gives a
 * case whose later years repeat the base year's figures and references: udsat in 2024 from
 * the case; in 2025 the two-year window still has 2024's income of 255,000,000 / 1,400 =
 * 182,143 kr = 50.0 % of 364,258 (< 55 %), so udsat again, and so on. */
static void statuses_match_classification(void **state)
{
    (void)state;
    almen_case *c = load_data("udsat.yaml");
    almen_simulation_options *o = NULL;
    assert_int_equal(almen_simulation_options_new(&o), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_runs(o, 3), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_years(o, 0, 3), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_parameter(o, "turnover_family", 0), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_parameter(o, "calibrate_turnover", 0), ALMEN_OK);
    almen_simulation *s = run_sim(c, o);
    almen_table *st = NULL, *ind = NULL, *cl = NULL;
    assert_int_equal(almen_simulation_status(s, &st), ALMEN_OK);
    assert_int_equal(almen_simulation_indicators(s, &ind), ALMEN_OK);

    almen_case *copy = NULL;
    assert_int_equal(almen_case_copy(c, &copy), ALMEN_OK);
    const char *fields[] = {"residents", "households", "residents_18_64", "outside_labour_fte",
                            "residents_18plus", "convicted", "residents_30_59",
                            "basic_education", "taxpayers_15_64", "income_sum", "nonwestern"};
    for (int y = 2025; y <= 2027; y++) {
        for (size_t f = 0; f < sizeof fields / sizeof *fields; f++) {
            double v;
            assert_int_equal(almen_case_figure(c, "701-1", 2024, fields[f], &v), ALMEN_OK);
            assert_int_equal(almen_case_set_figure(copy, "701-1", y, fields[f], v), ALMEN_OK);
        }
        assert_int_equal(almen_case_set_reference(copy, "national_convicted_pct", NULL, y, 0.725),
                         ALMEN_OK);
        assert_int_equal(almen_case_set_reference(copy, "regional_average_income", NULL, y,
                                                  364258),
                         ALMEN_OK);
    }
    assert_int_equal(almen_case_classify(copy, NULL, &cl), ALMEN_OK);
    for (int y = 2024; y <= 2027; y++) {
        size_t rc = find_row(cl, y, "area", "syd", NULL);
        const char *placement = almen_table_get_string(cl, col_of(cl, "placement"), rc);
        size_t rs = find_row(st, y, "area", "syd", NULL);
        char col[64];
        snprintf(col, sizeof col, "p_%s", placement);
        assert_close(dbl(st, rs, col), 1);
        assert_string_equal(placement, "udsat");
        /* The criterion values agree with the classification's. */
        size_t ri = find_row(ind, y, "unit", "syd", "indicator", "criterion_income", NULL);
        assert_close(dbl(ind, ri, "mean"), dbl(cl, rc, "income_value"));
        ri = find_row(ind, y, "unit", "syd", "indicator", "criterion_outside_labour", NULL);
        assert_close(dbl(ind, ri, "mean"), dbl(cl, rc, "outside_labour_value"));
    }
    almen_table_free(st), almen_table_free(ind), almen_table_free(cl);
    almen_case_free(copy);
    almen_simulation_free(s);
    almen_simulation_options_free(o);
    almen_case_free(c);
}

/* ---- Quantiles and run-level values ------------------------------------------------------ */

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Area quantiles are exact (type 7 of the per-run values: a second computation here from the
 * run-level table); department quantiles from histograms lie within one bin of the exact
 * ones. */
static void quantiles(void **state)
{
    (void)state;
    almen_case *c = load_data("onechannel.yaml");
    almen_simulation_options *o = NULL;
    assert_int_equal(almen_simulation_options_new(&o), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_runs(o, 101), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_years(o, 0, 3), ALMEN_OK);
    const double q[3] = {0.1, 0.5, 0.9};
    assert_int_equal(almen_simulation_options_set_quantiles(o, q, 3), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_run_output(o, 1), ALMEN_OK);
    almen_simulation *s = run_sim(c, o);
    almen_table *ind = NULL, *runs = NULL;
    assert_int_equal(almen_simulation_indicators(s, &ind), ALMEN_OK);
    assert_int_equal(almen_simulation_run_values(s, &runs), ALMEN_OK);
    const char *levels[2] = {"area", "department"}, *units[2] = {"parken", "501-1"};
    for (int l = 0; l < 2; l++) {
        double v[101];
        size_t n = 0, vc = col_of(runs, "value");
        for (size_t r = 0; r < almen_table_nrows(runs); r++) {
            if (almen_table_get_int(runs, col_of(runs, "year"), r) != 2026) continue;
            if (strcmp(almen_table_get_string(runs, col_of(runs, "level"), r), levels[l])) continue;
            if (strcmp(almen_table_get_string(runs, col_of(runs, "unit"), r), units[l])) continue;
            if (strcmp(almen_table_get_string(runs, col_of(runs, "indicator"), r),
                       "outside_labour_pct"))
                continue;
            v[n++] = almen_table_get_double(runs, vc, r);
            if (n == 101) break;
        }
        assert_int_equal(n, 101);
        qsort(v, n, sizeof *v, cmp_dbl);
        size_t r = find_row(ind, 2026, "level", levels[l], "unit", units[l], "indicator",
                            "outside_labour_pct", NULL);
        /* 101 values: q 0.1 is the 11th smallest (index 10), the median the 51st, 0.9 the
         * 91st, with no interpolation. */
        const char *names[3] = {"q10", "q50", "q90"};
        const size_t idx[3] = {10, 50, 90};
        for (int i = 0; i < 3; i++) {
            double got = dbl(ind, r, names[i]);
            if (l == 0) assert_close(got, v[idx[i]]);
            else if (!(fabs(got - v[idx[i]]) <= 100.0 / 512)) /* the widest bin: range <= 100 pp */
                fail_msg("department %s: %g vs exact %g", names[i], got, v[idx[i]]);
        }
    }
    almen_table_free(ind), almen_table_free(runs);
    almen_simulation_free(s);
    almen_simulation_options_free(o);
    almen_case_free(c);
}

/* ---- Cancellation and progress ----------------------------------------------------------- */

static int stop_after_first(size_t done, size_t total, void *user)
{
    int *calls = user;
    (*calls)++;
    assert_true(done <= total);
    return 1;
}

static void cancel_keeps_the_runs_done(void **state)
{
    (void)state;
    almen_case *c = load_data("onechannel.yaml");
    almen_simulation_options *o = NULL;
    assert_int_equal(almen_simulation_options_new(&o), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_runs(o, 500), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_threads(o, 2), ALMEN_OK);
    almen_simulation *s = NULL;
    assert_int_equal(almen_simulation_new(c, o, &s), ALMEN_OK);
    double progress = -1;
    assert_int_equal(almen_simulation_progress(s, &progress), ALMEN_OK);
    assert_true(progress == 0);
    int calls = 0;
    assert_int_equal(almen_simulation_run(s, stop_after_first, &calls), ALMEN_ECANCELLED);
    assert_int_equal(calls, 1);
    size_t done = almen_simulation_runs_done(s);
    assert_true(done >= 5 && done < 500); /* one slice: 1 % of the runs */
    assert_int_equal(almen_simulation_progress(s, &progress), ALMEN_OK);
    assert_close(progress, done / 500.0);
    size_t after = 0;
    assert_int_equal(almen_simulation_step(s, 0, &after), ALMEN_ECANCELLED);
    assert_int_equal(after, done);
    /* The results cover the runs done. */
    almen_table *t = NULL;
    assert_int_equal(almen_simulation_indicators(s, &t), ALMEN_OK);
    size_t r = find_row(t, 2025, "unit", "501-1", "indicator", "residents", NULL);
    assert_int_equal(almen_table_get_int(t, col_of(t, "runs"), r), (int)done);
    almen_table_free(t);
    almen_simulation_free(s);
    almen_simulation_options_free(o);
    almen_case_free(c);
}

/* ---- Initial households ------------------------------------------------------------------ */

/* Figures made exactly from 300 / 500 / 200 households of the three types (working 2.5
 * persons ..., see onechannel.yaml): the decomposition finds those counts again and the fit
 * differences vanish. residents = 300*2.5 + 500*2.2 + 200*1.4 = 2,130; residents_18_64 =
 * 300*1.6 + 500*1.5 = 1,230; outside = 300*0.05 + 500*1.2 = 615; 18+ = 510 + 750 + 280 =
 * 1,540; convicted = 1.5 + 20 + 0.4 = 21.9 (not whole: set through the options' types with
 * convicted 0.01 for benefits and 0 otherwise: 5); 30-59 = 300 + 450 = 750; basic = 60 +
 * 300 = 360; taxpayers = 480 + 700 = 1,180; income = 210,000,000 + 130,000,000 =
 * 340,000,000; nonwestern = 150 + 650 + 40 = 840. */
static void decomposition_recovers_counts(void **state)
{
    (void)state;
    const char *types =
        "types:\n"
        "  - {id: working, persons: 2.5, figures: {residents_18_64: 1.6, outside_labour_fte: "
        "0.05, residents_18plus: 1.7, residents_30_59: 1.0, basic_education: 0.2, "
        "taxpayers_15_64: 1.6, income_sum: 700000, nonwestern: 0.5}, applicants: "
        "{waiting_list: 1}}\n"
        "  - {id: benefits, persons: 2.2, figures: {residents_18_64: 1.5, outside_labour_fte: "
        "1.2, residents_18plus: 1.5, convicted: 0.01, residents_30_59: 0.9, basic_education: "
        "0.6, taxpayers_15_64: 1.4, income_sum: 260000, nonwestern: 1.3}, applicants: "
        "{waiting_list: 1}}\n"
        "  - {id: pensioner, persons: 1.4, figures: {residents_18plus: 1.4, nonwestern: 0.2}, "
        "applicants: {waiting_list: 1}}\n";
    almen_case *c = load_data("onechannel.yaml");
    const struct {
        const char *field;
        double value;
    } fig[] = {{"residents", 2130},       {"residents_18_64", 1230}, {"outside_labour_fte", 615},
               {"residents_18plus", 1540}, {"convicted", 5},         {"residents_30_59", 750},
               {"basic_education", 360},  {"taxpayers_15_64", 1180}, {"income_sum", 340000000},
               {"nonwestern", 840},       {"households", 1000}};
    for (size_t i = 0; i < sizeof fig / sizeof *fig; i++)
        assert_int_equal(almen_case_set_figure(c, "501-1", 2024, fig[i].field, fig[i].value),
                         ALMEN_OK);
    almen_simulation_options *o = NULL;
    assert_int_equal(almen_simulation_options_new(&o), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_household_types(o, types, "types"), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_runs(o, 1), ALMEN_OK);
    almen_simulation *s = NULL;
    assert_int_equal(almen_simulation_new(c, o, &s), ALMEN_OK);
    almen_table *t = NULL;
    assert_int_equal(almen_simulation_initial(s, &t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), 3);
    const char *ids[3] = {"working", "benefits", "pensioner"};
    const int want[3] = {300, 500, 200};
    for (int k = 0; k < 3; k++) {
        size_t r = find_row(t, 0, "household_type", ids[k], NULL);
        assert_int_equal(almen_table_get_int(t, col_of(t, "households"), r), want[k]);
        assert_string_equal(almen_table_get_string(t, col_of(t, "source"), r), "decomposed");
    }
    almen_table_free(t);
    assert_int_equal(almen_simulation_fit(s, &t), ALMEN_OK);
    assert_int_equal(almen_table_nrows(t), 10);
    for (size_t r = 0; r < almen_table_nrows(t); r++)
        assert_true(fabs(almen_table_get_double(t, col_of(t, "difference"), r)) <
                    1e-6 * fmax(1, almen_table_get_double(t, col_of(t, "figure"), r)));
    almen_table_free(t);
    almen_simulation_free(s);
    almen_simulation_options_free(o);
    almen_case_free(c);
}

/* Figures of 1,000 households with 1,050 households counted: the targets are scaled to the
 * dwellings (every dwelling holds one household), 2,130 * 1000/1050 = 2,028.6 residents. */
static void decomposition_scales_to_dwellings(void **state)
{
    (void)state;
    almen_case *c = load_data("onechannel.yaml");
    assert_int_equal(almen_case_set_figure(c, "501-1", 2024, "households", 1050), ALMEN_OK);
    assert_int_equal(almen_case_set_figure(c, "501-1", 2024, "residents", 2130), ALMEN_OK);
    almen_simulation_options *o = NULL;
    assert_int_equal(almen_simulation_options_new(&o), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_runs(o, 1), ALMEN_OK);
    /* Types given in the options replace the case's section, its initial counts too. */
    assert_int_equal(almen_simulation_options_set_household_types(
                         o,
                         "types:\n  - {id: a, persons: 2, applicants: {waiting_list: 1}}\n"
                         "  - {id: b, persons: 3, applicants: {waiting_list: 1}}\n",
                         NULL),
                     ALMEN_OK);
    almen_simulation *s = NULL;
    assert_int_equal(almen_simulation_new(c, o, &s), ALMEN_OK);
    almen_table *t = NULL;
    assert_int_equal(almen_simulation_fit(s, &t), ALMEN_OK);
    size_t r = find_row(t, 0, "field", "residents", NULL);
    assert_close(dbl(t, r, "figure"), 2130.0 * 1000 / 1050);
    /* 2,028.57 residents in 1,000 two- and three-person households: 971 and 29 give 2,029
     * (971*2 + 29*3 = 2,029), the nearest whole split. */
    assert_close(dbl(t, r, "model"), 2029);
    almen_table_free(t);
    almen_simulation_free(s);
    almen_simulation_options_free(o);
    almen_case_free(c);
}

/* ---- The case-file section --------------------------------------------------------------- */

static void section_round_trip(void **state)
{
    (void)state;
    almen_case *c = load_data("onechannel.yaml");
    char *y1 = yaml_of(c);
    assert_non_null(strstr(y1, "household_types:\n  types:\n"));
    assert_non_null(strstr(y1, "  initial:\n    \"501-1\":\n      \"working\": 200\n"));
    almen_case *c2 = load_ok(y1);
    char *y2 = yaml_of(c2);
    assert_string_equal(y1, y2);
    almen_case *c3 = NULL;
    assert_int_equal(almen_case_copy(c2, &c3), ALMEN_OK);
    char *y3 = yaml_of(c3);
    assert_string_equal(y1, y3);
    almen_free(y1), almen_free(y2), almen_free(y3);
    almen_case_free(c), almen_case_free(c2), almen_case_free(c3);
}

/* ---- Errors ------------------------------------------------------------------------------ */

static void expect_types_error(const char *yaml, int code, int line, const char *field,
                               const char *message_part)
{
    almen_simulation_options *o = NULL;
    assert_int_equal(almen_simulation_options_new(&o), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_household_types(o, "types: [{id: x, persons: 1}]",
                                                                  "first"),
                     ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_household_types(o, yaml, "types.yaml"), code);
    assert_int_equal(almen_error_last_line(), line);
    assert_string_equal(almen_error_last_field(), field);
    if (!strstr(almen_error_last_message(), message_part))
        fail_msg("message '%s' lacks '%s'", almen_error_last_message(), message_part);
    assert_string_equal(almen_error_last_source(), "types.yaml");
    almen_simulation_options_free(o);
}

static void errors(void **state)
{
    (void)state;
    expect_types_error("types:\n  - {id: a, persons: 2, figures: {outside_labour_fte: 1.5, "
                       "residents_18_64: 1}}\n",
                       ALMEN_EINPUT, 2, "household_types.types[0]", "exceeds residents_18_64");
    expect_types_error("types:\n  - {id: a, persons: 2}\n  - {id: a, persons: 1}\n", ALMEN_EINPUT,
                       3, "household_types.types[1].id", "defined twice");
    expect_types_error("types:\n  - {id: a, persons: 0}\n", ALMEN_EINPUT, 2,
                       "household_types.types[0].persons", "(0, 100]");
    expect_types_error("types:\n  - {id: a, persons: 1, groups: [rich]}\n", ALMEN_EINPUT, 2,
                       "household_types.types[0].groups[0]", "unknown name 'rich'");
    expect_types_error("types:\n  - {id: a, persons: 1, applicants: {queue: 1}}\n", ALMEN_EINPUT,
                       2, "household_types.types[0].applicants.queue", "unknown channel");
    expect_types_error("types:\n  - {id: a, persons: 1, figures: {residents: 1}}\n",
                       ALMEN_EINPUT, 2, "household_types.types[0].figures.residents",
                       "not a composition figure");
    expect_types_error("types:\n  - {id: a, persons: 1}\ninitial: {\"9-9\": {b: 1}}\n",
                       ALMEN_EINPUT, 3, "household_types.initial.9-9.b", "no household type 'b'");
    expect_types_error("types: []\n", ALMEN_EINPUT, 1, "household_types.types", "at least one");

    almen_simulation_options *o = NULL;
    assert_int_equal(almen_simulation_options_new(&o), ALMEN_OK);
    /* Bad arguments change nothing and say what is wrong. */
    assert_int_equal(almen_simulation_options_set_years(o, 0, 0), ALMEN_EINVAL);
    assert_int_equal(almen_simulation_options_set_years(o, 0, 101), ALMEN_EINVAL);
    assert_int_equal(almen_simulation_options_set_runs(o, 0), ALMEN_EINVAL);
    assert_int_equal(almen_simulation_options_set_seed(o, 1.5), ALMEN_EINVAL);
    assert_int_equal(almen_simulation_options_set_seed(o, -1), ALMEN_EINVAL);
    assert_int_equal(almen_simulation_options_set_seed(o, 9007199254740992.0), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_threads(o, 257), ALMEN_EINVAL);
    const double bad_q[2] = {0.5, 1.0};
    assert_int_equal(almen_simulation_options_set_quantiles(o, bad_q, 2), ALMEN_EINVAL);
    assert_int_equal(almen_simulation_options_set_parameter(o, "turnover_family", 1.01), ALMEN_ERANGE);
    assert_int_equal(almen_simulation_options_set_parameter(o, "turnover_family", 1), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_parameter(o, "policy_month", 6.5), ALMEN_ERANGE);
    assert_int_equal(almen_simulation_options_set_parameter(o, "speed", 1), ALMEN_EINVAL);
    assert_int_equal(almen_simulation_options_add_policy(
                         o, "name: p\nchannels: {municipal: 60, flexible: 50}\n", "p.yaml"),
                     ALMEN_EINPUT);
    assert_int_equal(almen_error_last_line(), 2);
    assert_string_equal(almen_error_last_field(), "channels");
    assert_int_equal(almen_simulation_options_add_policy(o, "name: p\nchannels: {waiting_list: 5}\n",
                                                         "p.yaml"),
                     ALMEN_EINPUT);
    assert_string_equal(almen_error_last_field(), "channels.waiting_list");
    assert_int_equal(almen_simulation_options_add_policy(o, "name: p\n", NULL), ALMEN_OK);
    assert_int_equal(almen_simulation_options_add_policy(o, "name: p\n", NULL), ALMEN_EINVAL);
    assert_int_equal(almen_simulation_options_add_agreement(o, "p"), ALMEN_EINVAL);
    almen_simulation_options_free(o);

    /* Options that do not fit the case: checked by almen_simulation_new. */
    almen_case *c = load_data("udsat.yaml");
    almen_simulation *s = (almen_simulation *)1;
    assert_int_equal(almen_simulation_options_new(&o), ALMEN_OK);
    assert_int_equal(almen_simulation_options_add_agreement(o, "nosuch"), ALMEN_OK);
    assert_int_equal(almen_simulation_new(c, o, &s), ALMEN_EINVAL);
    assert_null(s);
    assert_non_null(strstr(almen_error_last_message(), "no agreement 'nosuch'"));
    almen_simulation_options_free(o);

    assert_int_equal(almen_simulation_options_new(&o), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_initial(o, "701-1", "working", 999), ALMEN_OK);
    assert_int_equal(almen_simulation_new(c, o, &s), ALMEN_EINVAL);
    assert_non_null(strstr(almen_error_last_message(), "add up to 999, but it has 1000"));
    assert_int_equal(almen_simulation_options_set_initial(o, "701-1", "working", 1000), ALMEN_OK);
    assert_int_equal(almen_simulation_new(c, o, &s), ALMEN_OK);
    almen_simulation_free(s);
    assert_int_equal(almen_simulation_options_set_initial(o, "701-9", "working", 10), ALMEN_OK);
    assert_int_equal(almen_simulation_new(c, o, &s), ALMEN_EINVAL);
    assert_non_null(strstr(almen_error_last_message(), "no department '701-9'"));
    almen_simulation_options_free(o);

    /* A policy excluding a name that is neither a group nor a type. */
    assert_int_equal(almen_simulation_options_new(&o), ALMEN_OK);
    assert_int_equal(almen_simulation_options_add_policy(
                         o, "name: p\nexclude: {municipal: [nobody]}\nchannels: {municipal: 10}\n",
                         "p.yaml"),
                     ALMEN_OK);
    assert_int_equal(almen_simulation_new(c, o, &s), ALMEN_EINVAL);
    assert_non_null(strstr(almen_error_last_message(), "'nobody' is neither"));
    almen_simulation_options_free(o);
    almen_case_free(c);

    /* A case without household types. */
    c = load_ok("municipality: {code: 995, name: X, region: Syddanmark}\n"
                "organisations: [{id: \"1\", name: O}]\n"
                "departments: [{organisation: \"1\", number: 1, name: D, dwellings: {family: 5}}]\n");
    assert_int_equal(almen_simulation_new(c, NULL, &s), ALMEN_ENOTFOUND);
    /* The section's initial counts are checked against the case when it is loaded. */
    almen_case_free(c);
    almen_case *bad = NULL;
    assert_int_equal(
        almen_case_load_string(
            "municipality: {code: 995, name: X, region: Syddanmark}\n"
            "organisations: [{id: \"1\", name: O}]\n"
            "departments: [{organisation: \"1\", number: 1, name: D, dwellings: {family: 5}}]\n"
            "household_types:\n"
            "  types: [{id: a, persons: 1}]\n"
            "  initial: {\"1-1\": {a: 4}}\n",
            "bad.yaml", &bad),
        ALMEN_EINPUT);
    assert_int_equal(almen_error_last_line(), 6);
    assert_non_null(strstr(almen_error_last_message(), "add up to 4, but it has 5 dwellings"));
    assert_null(bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(philox_known_answers),
        cmocka_unit_test(binomial_matches_exact_distribution),
        cmocka_unit_test(multinomial_adds_up),
        cmocka_unit_test(one_channel_closed_form),
        cmocka_unit_test(renovation_changes_the_dwellings),
        cmocka_unit_test(same_seed_same_results),
        cmocka_unit_test(ban_removes_its_types),
        cmocka_unit_test(policy_from_agreements_and_law),
        cmocka_unit_test(statuses_match_classification),
        cmocka_unit_test(quantiles),
        cmocka_unit_test(cancel_keeps_the_runs_done),
        cmocka_unit_test(decomposition_recovers_counts),
        cmocka_unit_test(decomposition_scales_to_dwellings),
        cmocka_unit_test(section_round_trip),
        cmocka_unit_test(errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
