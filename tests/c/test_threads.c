/* Threads: the contract in docs/api.md ("Threads"), exercised so that ThreadSanitizer
 * (tools/test's build-tsan) can see every shared access:
 *   - separate handles are used from several threads at once: each thread loads, changes,
 *     aggregates, classifies, computes scenarios, the letting policy and the report of, and saves its own
 *     case, with its own rule set, options, microdata and mix handles, and simulates a
 *     shared case with options of its own (mix replicates and simulations run on worker
 *     threads of the library's own);
 *   - one loaded case, one rule set and one options object are shared read-only by all
 *     threads (queries, classification, saving, copying), and shared rule sets are taken
 *     into several threads' options at once (a reference count);
 *   - a simulation's progress is read, and the simulation cancelled, from another thread
 *     while it steps;
 *   - the last-error record is per thread.
 * Every result is compared with the same computation done beforehand on one thread. The
 * threads check, and the main thread asserts (CMocka's asserts are not thread-safe). */
#include <pthread.h>

#include "testutil.h"
#include "almen/agreements.h"
#include "almen/report.h"
#include "almen/simulate.h"

enum { THREADS = 4, ROUNDS = 2 };

static const char *const LEVELS[] = {"department", "area", "district", "organisation", "municipality"};
enum { N_LEVELS = sizeof LEVELS / sizeof LEVELS[0] };

/* What a computation gives, as text: table CSVs and the saved case, one slot each. (A
 * table is taken as rc = f(..., &t); text = table_text(rc, t): the order matters.) The
 * slots up to R_CASE_END come from a case; microdata and mix from handles of their own. */
enum { R_FIGURES = N_LEVELS, R_DEPARTMENTS, R_CLASSIFY, R_RENOVATION, R_LETTING, R_REPORT, R_SAVED,
       R_CASE_END, R_MICRODATA = R_CASE_END, R_MIX, R_SIMULATION, N_RESULTS };
static const char *const RESULT_NAMES[N_RESULTS] = {
    "aggregate by department", "aggregate by area", "aggregate by district",
    "aggregate by organisation", "aggregate by municipality", "figures", "departments",
    "classification", "renovation cash flows", "letting policy", "HTML report", "saved case", "microdata", "mix",
    "simulation"};
typedef struct {
    char *text[N_RESULTS];
} results;

static struct {
    almen_case *shared;            /* read by every thread at once */
    almen_case *sim_case;          /* tests/data/simulate/udsat.yaml, simulated by every thread */
    almen_rules *shared_rules;     /* dk-2021, into every thread's options */
    almen_classify_options *shared_options;
    char *rules_text;              /* dk-2021's YAML, for each thread's own rule set */
    char *csv[THREADS];            /* figures each thread imports into its own case */
    results own[THREADS];          /* expected for each thread's own case */
    results shared_expected;
    pthread_barrier_t barrier;
    char failure[THREADS][300];    /* the first mismatch a thread found */
} G;

static char *table_text(int rc, almen_table *t)
{
    char *s = NULL;
    if (rc == ALMEN_OK && almen_table_to_csv(t, &s) != ALMEN_OK) s = NULL;
    almen_table_free(t);
    return s; /* NULL: the call failed */
}

/* One thread's failure note (the first only). */
static void note(int id, const char *what)
{
    if (!G.failure[id][0]) snprintf(G.failure[id], sizeof G.failure[id], "%s", what);
}

static void compare(int id, const char *what, const char *want, char *got)
{
    if (!got || !want || strcmp(want, got)) note(id, what);
    almen_free(got);
}

/* Reads a case's results; options may be shared. */
static void read_results(const almen_case *c, const almen_classify_options *o, results *r)
{
    almen_table *t = NULL;
    int rc;
    for (int l = 0; l < N_LEVELS; l++) {
        rc = almen_case_aggregate(c, LEVELS[l], &t);
        r->text[l] = table_text(rc, t);
    }
    rc = almen_case_figures(c, NULL, NULL, &t);
    r->text[R_FIGURES] = table_text(rc, t);
    rc = almen_case_departments(c, NULL, NULL, &t);
    r->text[R_DEPARTMENTS] = table_text(rc, t);
    rc = almen_case_classify(c, o, &t);
    r->text[R_CLASSIFY] = table_text(rc, t);
    rc = almen_renovation_cashflows(c, NULL, &t);
    r->text[R_RENOVATION] = table_text(rc, t);
    /* The letting policy classifies the case itself (default agreement options). */
    rc = almen_case_letting_policy(c, "2025-06-01", NULL, NULL, &t);
    r->text[R_LETTING] = table_text(rc, t);
    if (almen_case_report_html(c, NULL, &r->text[R_REPORT]) != ALMEN_OK) r->text[R_REPORT] = NULL;
    if (almen_case_to_yaml(c, &r->text[R_SAVED]) != ALMEN_OK) r->text[R_SAVED] = NULL;
}

/* Compares the slots first..end-1 (and frees got's). */
static void compare_results(int id, const char *what, const results *want, results *got, int first, int end)
{
    char label[120];
    for (int k = first; k < end; k++) {
        snprintf(label, sizeof label, "%s: %s", what, RESULT_NAMES[k]);
        compare(id, label, want->text[k], got->text[k]);
        got->text[k] = NULL;
    }
}

static void free_results(results *r)
{
    for (int k = 0; k < N_RESULTS; k++) almen_free(r->text[k]);
}

/* Person-level microdata and a mix table, different per thread (id). */
static char *microdata_text(int id)
{
    enum { N = 200, DEPTS = 7 };
    int32_t dept[N], year[N], age[N];
    for (int i = 0; i < N; i++) dept[i] = (i * 3 + id) % DEPTS, year[i] = 2020 + i % 3, age[i] = (i * 7 + id) % 90;
    almen_microdata *md = NULL;
    almen_table *t = NULL;
    int rc = almen_microdata_new(DEPTS, N, &md);
    if (!rc) rc = almen_microdata_set_int32(md, "department", dept, N);
    if (!rc) rc = almen_microdata_set_int32(md, "year", year, N);
    if (!rc) rc = almen_microdata_set_int32(md, "age", age, N);
    if (!rc) rc = almen_microdata_aggregate(md, &t);
    almen_microdata_free(md);
    return table_text(rc, t);
}

static char *mix_text(int id)
{
    double counts[12];
    for (int i = 0; i < 12; i++) counts[i] = (double)((i * 5 + id * 3) % 17 + 1);
    almen_mix *m = NULL;
    almen_table *t = NULL, *reps = NULL;
    int rc = almen_mix_new(counts, 12, 3, 0, &m);
    if (!rc) rc = almen_mix_summary(m, &t);
    /* Replicates are drawn by worker threads of the library's own, inside this thread. */
    if (!rc) rc = almen_mix_replicates(m, "bootstrap", 64, 7 + id, &reps);
    char *summary = table_text(rc, t), *replicates = table_text(rc, reps), *both = NULL;
    if (summary && replicates && (both = malloc(strlen(summary) + strlen(replicates) + 1)))
        strcat(strcpy(both, summary), replicates);
    almen_free(summary);
    almen_free(replicates);
    almen_mix_free(m);
    return both;
}

/* A simulation of the shared simulation case with the thread's own options and seed, on
 * two worker threads of the library's own: its indicators. */
static char *simulation_text(int id)
{
    almen_simulation_options *o = NULL;
    almen_simulation *sim = NULL;
    almen_table *t = NULL;
    size_t done = 0;
    int rc = almen_simulation_options_new(&o);
    if (!rc) rc = almen_simulation_options_set_years(o, 0, 2);
    if (!rc) rc = almen_simulation_options_set_runs(o, 8);
    if (!rc) rc = almen_simulation_options_set_seed(o, 10 + id);
    if (!rc) rc = almen_simulation_options_set_threads(o, 2);
    if (!rc) rc = almen_simulation_new(G.sim_case, o, &sim);
    if (!rc) rc = almen_simulation_step(sim, 0, &done);
    if (!rc && done != 8) rc = ALMEN_EINVAL;
    if (!rc) rc = almen_simulation_indicators(sim, &t);
    almen_simulation_free(sim);
    almen_simulation_options_free(o);
    return table_text(rc, t);
}

/* Thread id's own case: the example with its own CSV import, classified with its own rule
 * set. Used both for the expected results (main thread) and in the threads. */
static int own_case(int id, results *r)
{
    almen_case *c = NULL;
    almen_rules *rules = NULL;
    almen_classify_options *o = NULL;
    int rc = almen_case_load_string(almen_example_yaml(), "own.yaml", &c);
    if (!rc) rc = almen_case_import_csv_string(c, G.csv[id], "own.csv");
    if (!rc) rc = almen_case_set_figure(c, "401-1", 2024, "vacancies", id);
    if (!rc) rc = almen_rules_load_string(G.rules_text, "own-rules.yaml", &rules);
    if (!rc) rc = almen_classify_options_new(&o);
    if (!rc) rc = almen_classify_options_set_rules(o, rules, 0, 0);
    almen_rules_free(rules); /* the options keep their own reference */
    if (!rc) read_results(c, o, r);
    r->text[R_MICRODATA] = microdata_text(id);
    r->text[R_MIX] = mix_text(id);
    r->text[R_SIMULATION] = simulation_text(id);
    almen_classify_options_free(o);
    almen_case_free(c);
    return rc;
}

static void *work(void *arg)
{
    int id = (int)(intptr_t)arg;
    for (int round = 0; round < ROUNDS; round++) {
        /* Separate handles. */
        results r = {0};
        if (own_case(id, &r)) note(id, "own case: a call failed");
        compare_results(id, "own", &G.own[id], &r, 0, N_RESULTS);

        /* One case, rule set and options shared read-only. */
        results s = {0};
        read_results(G.shared, G.shared_options, &s);
        compare_results(id, "shared case", &G.shared_expected, &s, 0, R_CASE_END);
        almen_case *copy = NULL;
        char *saved = NULL;
        if (almen_case_copy(G.shared, &copy) || almen_case_to_yaml(copy, &saved)) note(id, "copy of the shared case");
        compare(id, "copy of the shared case", G.shared_expected.text[R_SAVED], saved);
        almen_case_free(copy);
        double v;
        if (almen_case_figure(G.shared, "401-1", 2024, "residents", &v) || !(v >= 0)) note(id, "a shared figure");
        /* The shared rule set taken into (and released from) options in every thread. */
        for (int k = 0; k < 20; k++) {
            almen_classify_options *o = NULL;
            if (almen_classify_options_new(&o) || almen_classify_options_set_rules(o, G.shared_rules, 2021, 0))
                note(id, "shared rules into own options");
            almen_classify_options_free(o);
        }
    }

    /* Errors are per thread: each fails with its own source name, waits until every thread
     * has failed, then must still see its own. */
    char source[32];
    snprintf(source, sizeof source, "thread-%d.yaml", id);
    almen_case *c = NULL;
    if (almen_case_load_string("municipality: [", source, &c) != ALMEN_EPARSE) note(id, "the bad load did not fail");
    pthread_barrier_wait(&G.barrier);
    if (strcmp(almen_error_last_source(), source) || almen_error_last_code() != ALMEN_EPARSE)
        note(id, "the last error is another thread's");
    return NULL;
}

static int setup(void **state)
{
    (void)state;
    memset(&G, 0, sizeof G);
    G.rules_text = read_source_file("data/rules/dk-2021.yaml");
    if (!G.rules_text || almen_case_load_example(&G.shared) ||
        almen_case_load_file(ALMEN_SOURCE_ROOT "/tests/data/simulate/udsat.yaml", &G.sim_case) || almen_rules_builtin("dk-2021", &G.shared_rules) ||
        almen_classify_options_new(&G.shared_options) ||
        almen_classify_options_set_rules(G.shared_options, G.shared_rules, 2021, 0))
        return -1;
    almen_table *t = NULL;
    if (almen_case_departments(G.shared, NULL, NULL, &t)) return -1;
    for (int id = 0; id < THREADS; id++) {
        size_t cap = 64 * (almen_table_nrows(t) + 2), len = 0;
        G.csv[id] = malloc(cap);
        if (!G.csv[id]) return -1;
        len += (size_t)snprintf(G.csv[id] + len, cap - len, "department,year,residents,households\n");
        for (size_t i = 0; i < almen_table_nrows(t); i++)
            len += (size_t)snprintf(G.csv[id] + len, cap - len, "%s,2026,%zu,%zu\n", almen_table_get_string(t, 0, i),
                                    100 + i + (size_t)id, 40 + i);
    }
    almen_table_free(t);
    for (int id = 0; id < THREADS; id++)
        if (own_case(id, &G.own[id])) return -1;
    read_results(G.shared, G.shared_options, &G.shared_expected);
    return pthread_barrier_init(&G.barrier, NULL, THREADS);
}

static int teardown(void **state)
{
    (void)state;
    for (int id = 0; id < THREADS; id++) {
        free_results(&G.own[id]);
        free(G.csv[id]);
    }
    free_results(&G.shared_expected);
    almen_classify_options_free(G.shared_options);
    almen_rules_free(G.shared_rules);
    almen_case_free(G.shared);
    almen_case_free(G.sim_case);
    free(G.rules_text);
    pthread_barrier_destroy(&G.barrier);
    return 0;
}

static void expected_results_are_complete(void **state)
{
    (void)state;
    /* The single-threaded references must exist (and differ between threads), or the
     * comparisons below would prove nothing. */
    for (int id = 0; id < THREADS; id++) {
        for (int k = 0; k < N_RESULTS; k++)
            if (!G.own[id].text[k]) fail_msg("thread %d's expected %s failed", id, RESULT_NAMES[k]);
        if (id) assert_string_not_equal(G.own[id].text[R_SAVED], G.own[0].text[R_SAVED]);
        if (id) assert_string_not_equal(G.own[id].text[R_MIX], G.own[0].text[R_MIX]);
        if (id) assert_string_not_equal(G.own[id].text[R_SIMULATION], G.own[0].text[R_SIMULATION]);
    }
    for (int k = 0; k < R_CASE_END; k++) assert_non_null(G.shared_expected.text[k]);
    assert_non_null(strstr(G.shared_expected.text[R_CLASSIFY], "parallelsamfund"));
}

static void threads_agree_with_one_thread(void **state)
{
    (void)state;
    pthread_t th[THREADS];
    for (int id = 0; id < THREADS; id++)
        assert_int_equal(pthread_create(&th[id], NULL, work, (void *)(intptr_t)id), 0);
    for (int id = 0; id < THREADS; id++) assert_int_equal(pthread_join(th[id], NULL), 0);
    for (int id = 0; id < THREADS; id++)
        if (G.failure[id][0]) fail_msg("thread %d: %s", id, G.failure[id]);
}

/* A simulation stepping on one thread while another polls its progress and cancels it
 * (both documented as safe from another thread while a step runs). */
static _Atomic int step_finished;

static void *step_all(void *arg)
{
    almen_simulation *sim = arg;
    static size_t done;
    static int rc;
    rc = almen_simulation_step(sim, 0, &done);
    step_finished = 1;
    /* Cancelled: ALMEN_ECANCELLED with the runs done so far (unless it finished first). */
    return rc == ALMEN_OK || rc == ALMEN_ECANCELLED ? &done : NULL;
}

static void progress_and_cancel_from_another_thread(void **state)
{
    (void)state;
    enum { RUNS = 4000 };
    almen_simulation_options *o = NULL;
    almen_simulation *sim = NULL;
    assert_int_equal(almen_simulation_options_new(&o), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_years(o, 0, 5), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_runs(o, RUNS), ALMEN_OK);
    assert_int_equal(almen_simulation_options_set_threads(o, 2), ALMEN_OK);
    assert_int_equal(almen_simulation_new(G.sim_case, o, &sim), ALMEN_OK);
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, step_all, sim), 0);
    double p = 0, last = 0;
    while (p <= 0 && !step_finished) { /* until the first runs are done (or the step ends) */
        assert_int_equal(almen_simulation_progress(sim, &p), ALMEN_OK);
        assert_true(p >= last && p <= 1);
        last = p;
    }
    almen_simulation_cancel(sim);
    void *ret = NULL;
    assert_int_equal(pthread_join(th, &ret), 0);
    assert_non_null(ret);
    size_t done = *(size_t *)ret;
    assert_true(done >= 1 && done <= RUNS);
    assert_int_equal(almen_simulation_progress(sim, &p), ALMEN_OK);
    assert_close(p, (double)done / RUNS);
    almen_table *t = NULL;
    assert_int_equal(almen_simulation_indicators(sim, &t), ALMEN_OK); /* over the runs done */
    assert_true(almen_table_nrows(t) > 0);
    almen_table_free(t);
    almen_simulation_free(sim);
    almen_simulation_options_free(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(expected_results_are_complete),
        cmocka_unit_test(threads_agree_with_one_thread),
        cmocka_unit_test(progress_and_cancel_from_another_thread),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
