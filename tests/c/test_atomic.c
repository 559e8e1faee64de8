/* Never half-applied: every public function that changes a case either applies the whole
 * change or, when it fails, leaves the case exactly as it was — compared as the case's full
 * save (almen_case_to_yaml, which the format promises is lossless).
 *
 * Each mutating function has entries in MUTATIONS: a call that fails as late as possible
 * (after valid rows, values or departments have been taken in), and the same change
 * without its flaw, which must succeed and change the save (so the failing call had
 * something to leave half-done). The flawless change is also run with the k-th memory
 * allocation failing, for every k until it no longer allocates: each such failure must
 * leave the case as it was too.
 *
 * The public headers are scanned at test time for functions taking a non-const almen_case
 * (every one almen.h reaches), and each must have an entry here (REQUIRE_EVERY_MUTATOR). */
#include <ctype.h>
#include <unistd.h>

#include "testutil.h"
#include "almen/agreements.h"

/* Allocation failure injection: malloc, calloc and realloc are replaced for the whole
 * process (glibc allows it; its own strdup and libyaml's allocations come here too). The
 * sanitizers bring their own allocator, so there the injection test is skipped. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define INJECTION 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define INJECTION 0
#endif
#endif
#ifndef INJECTION
#define INJECTION 1
#endif

#if INJECTION
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

static long alloc_countdown = -1; /* the allocation to fail: 0 = the next; -1 = none */
static int alloc_failed;

static int fail_this_one(void)
{
    if (alloc_countdown < 0) return 0;
    if (alloc_countdown-- > 0) return 0;
    alloc_failed = 1;
    return 1;
}

void *malloc(size_t n) { return fail_this_one() ? NULL : __libc_malloc(n); }
void *calloc(size_t n, size_t size) { return fail_this_one() ? NULL : __libc_calloc(n, size); }
void *realloc(void *p, size_t n) { return fail_this_one() ? NULL : __libc_realloc(p, n); }
void free(void *p) { __libc_free(p); }
#endif

/* ---- Fixture ------------------------------------------------------------------------------ */

/* Everything the mutations need is made in setup, so that while allocations are being
 * failed only the library allocates. */
static struct {
    almen_case *example;
    size_t n;                      /* departments */
    char id[2][32];                /* the first two department ids */
    char *csv_ok, *csv_bad;        /* a new year (2026) for every department; bad: then an unknown one */
    char path_ok[32], path_bad[32];
    double *zeros, *last_big;      /* convicted 0 everywhere; the last 1e6 */
    double *counts, *counts_frac;  /* residents 10, 11, ...; the last 0.5 */
    int32_t *md_dept, *md_year, *md_age, *md_age_bad; /* 3 persons per department in 2030 */
    char scen_ok[300], scen_bad[500]; /* one scenario; bad: then one naming no department */
    char scen_path_ok[32], scen_path_bad[32];
    almen_agreements *ag_ok, *ag_bad; /* the example's agreements, all ids new; bad: the
                                         second keeps its id, which the case has already */
    char first_agreement[64];
    char district_targets[96];        /* the first district, then one the case lacks */
} fx;

/* The example's agreements as standalone YAML with the ids of the first `renamed` agreements
 * given a "new-" prefix. */
static almen_agreements *renamed_agreements(const char *yaml, int renamed)
{
    const char *mark = "\n  - id: \"";
    char *text = malloc(strlen(yaml) * 2 + 1), *o = text;
    if (!text) return NULL;
    for (const char *p = yaml; *p;) {
        const char *hit = strstr(p, mark);
        size_t n = hit ? (size_t)(hit - p) + strlen(mark) : strlen(p);
        memcpy(o, p, n);
        o += n;
        p += n;
        if (hit && renamed-- > 0) o += sprintf(o, "new-");
    }
    *o = '\0';
    almen_agreements *a = NULL;
    if (almen_agreements_load_string(text, "atomic-agreements.yaml", &a)) a = NULL;
    free(text);
    return a;
}

static char *temp_file(char *path, const char *text)
{
    strcpy(path, "/tmp/almen-atomic-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) return NULL;
    close(fd);
    return path;
}

static int setup(void **state)
{
    (void)state;
    if (almen_case_load_example(&fx.example)) return -1;
    almen_table *t = NULL;
    if (almen_case_departments(fx.example, NULL, NULL, &t)) return -1;
    size_t n = fx.n = almen_table_nrows(t);
    snprintf(fx.id[0], sizeof fx.id[0], "%s", almen_table_get_string(t, 0, 0));
    snprintf(fx.id[1], sizeof fx.id[1], "%s", almen_table_get_string(t, 0, 1));
    size_t cap = 64 * (n + 2), len = 0;
    fx.csv_ok = malloc(cap);
    fx.csv_bad = malloc(cap);
    if (!fx.csv_ok || !fx.csv_bad) return -1;
    len += (size_t)snprintf(fx.csv_ok + len, cap - len, "department,year,residents,households\n");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(fx.csv_ok + len, cap - len, "%s,2026,%zu,%zu\n",
                                almen_table_get_string(t, 0, i), 100 + i, 40 + i);
    almen_table_free(t);
    snprintf(fx.csv_bad, cap, "%s999-99,2026,1,1\n", fx.csv_ok);
    if (!temp_file(fx.path_ok, fx.csv_ok) || !temp_file(fx.path_bad, fx.csv_bad)) return -1;
    snprintf(fx.scen_ok, sizeof fx.scen_ok,
             "scenarios:\n  - id: s1\n    departments: [\"%s\"]\n    base_year: 2026\n"
             "    works: [{name: W, amount: 1000000, year: 2027}]\n", fx.id[0]);
    snprintf(fx.scen_bad, sizeof fx.scen_bad,
             "%s  - id: s2\n    departments: [\"999-99\"]\n    base_year: 2026\n", fx.scen_ok);
    if (!temp_file(fx.scen_path_ok, fx.scen_ok) || !temp_file(fx.scen_path_bad, fx.scen_bad)) return -1;

    char *ag = NULL;
    if (almen_case_agreements_yaml(fx.example, &ag)) return -1;
    fx.ag_ok = renamed_agreements(ag, 1000);
    fx.ag_bad = renamed_agreements(ag, 1);
    almen_free(ag);
    if (!fx.ag_ok || !fx.ag_bad || almen_agreements_count(fx.ag_bad) < 2) return -1;
    if (almen_case_agreements(fx.example, &t)) return -1;
    snprintf(fx.first_agreement, sizeof fx.first_agreement, "%s", almen_table_get_string(t, 0, 0));
    almen_table_free(t);
    if (almen_case_districts(fx.example, &t) || almen_table_nrows(t) < 1) return -1;
    snprintf(fx.district_targets, sizeof fx.district_targets, "%s,no-such-district",
             almen_table_get_string(t, 0, 0));
    almen_table_free(t);

    fx.zeros = calloc(n, sizeof(double));
    fx.last_big = calloc(n, sizeof(double));
    fx.counts = calloc(n, sizeof(double));
    fx.counts_frac = calloc(n, sizeof(double));
    size_t np = 3 * n;
    fx.md_dept = malloc(np * sizeof(int32_t));
    fx.md_year = malloc(np * sizeof(int32_t));
    fx.md_age = malloc(np * sizeof(int32_t));
    fx.md_age_bad = malloc(np * sizeof(int32_t));
    if (!fx.zeros || !fx.last_big || !fx.counts || !fx.counts_frac || !fx.md_dept || !fx.md_year ||
        !fx.md_age || !fx.md_age_bad)
        return -1;
    fx.last_big[n - 1] = 1e6;
    for (size_t i = 0; i < n; i++) fx.counts[i] = fx.counts_frac[i] = 10.0 + (double)i;
    fx.counts_frac[n - 1] = 0.5;
    for (size_t i = 0; i < np; i++) {
        fx.md_dept[i] = (int32_t)(i % n);
        fx.md_year[i] = 2030;
        fx.md_age[i] = fx.md_age_bad[i] = (int32_t)(20 + i % 50);
    }
    fx.md_age_bad[np - 1] = ALMEN_MICRODATA_MAX_AGE + 15;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    almen_case_free(fx.example);
    unlink(fx.path_ok);
    unlink(fx.path_bad);
    unlink(fx.scen_path_ok);
    unlink(fx.scen_path_bad);
    almen_agreements_free(fx.ag_ok);
    almen_agreements_free(fx.ag_bad);
    free(fx.csv_ok);
    free(fx.csv_bad);
    free(fx.zeros);
    free(fx.last_big);
    free(fx.counts);
    free(fx.counts_frac);
    free(fx.md_dept);
    free(fx.md_year);
    free(fx.md_age);
    free(fx.md_age_bad);
    return 0;
}

static almen_case *fresh(void)
{
    almen_case *c = NULL;
    assert_int_equal(almen_case_copy(fx.example, &c), ALMEN_OK);
    return c;
}

/* ---- The mutations -------------------------------------------------------------------- */

static int csv_string_bad(almen_case *c) { return almen_case_import_csv_string(c, fx.csv_bad, "atomic.csv"); }
static int csv_string_ok(almen_case *c) { return almen_case_import_csv_string(c, fx.csv_ok, "atomic.csv"); }
static int csv_file_bad(almen_case *c) { return almen_case_import_csv_file(c, fx.path_bad); }
static int csv_file_ok(almen_case *c) { return almen_case_import_csv_file(c, fx.path_ok); }
static int csv_file_missing(almen_case *c)
{
    return almen_case_import_csv_file(c, "/nonexistent/almen-atomic.csv");
}

/* A count above its whole is found only when the change is merged with what the case
 * holds: convicted may not exceed residents_18plus. */
static int figure_bad(almen_case *c) { return almen_case_set_figure(c, fx.id[0], 2024, "convicted", 1e6); }
static int figure_ok(almen_case *c) { return almen_case_set_figure(c, fx.id[0], 2024, "convicted", 0); }
/* A new year whose only value is invalid: the year must not be created. */
static int figure_new_year_bad(almen_case *c) { return almen_case_set_figure(c, fx.id[1], 2031, "residents", -1); }
static int figure_new_year_ok(almen_case *c) { return almen_case_set_figure(c, fx.id[1], 2031, "residents", 12); }

/* Every department's value valid but the last one's. */
static int values_bad(almen_case *c) { return almen_case_set_figure_values(c, "convicted", 2024, fx.last_big, fx.n); }
static int values_ok(almen_case *c) { return almen_case_set_figure_values(c, "convicted", 2024, fx.zeros, fx.n); }
/* A new year, created for every department at once. */
static int values_new_year_bad(almen_case *c)
{
    return almen_case_set_figure_values(c, "residents", 2032, fx.counts_frac, fx.n);
}
static int values_new_year_ok(almen_case *c)
{
    return almen_case_set_figure_values(c, "residents", 2032, fx.counts, fx.n);
}

static int reference_bad(almen_case *c)
{
    return almen_case_set_reference(c, "regional_average_income", "Atlantis", 2030, 300000);
}
static int reference_ok(almen_case *c)
{
    return almen_case_set_reference(c, "regional_average_income", NULL, 2030, 300000);
}
static int reference_bad_value(almen_case *c)
{
    return almen_case_set_reference(c, "national_convicted_pct", NULL, 2030, -1);
}

/* Three persons per department in 2030 (a new year); bad: the last one aged 140. */
static int microdata(almen_case *c, const int32_t *age)
{
    size_t np = 3 * fx.n;
    almen_microdata *md = NULL;
    int rc = almen_microdata_new(fx.n, np, &md);
    if (!rc) rc = almen_microdata_set_int32(md, "department", fx.md_dept, np);
    if (!rc) rc = almen_microdata_set_int32(md, "year", fx.md_year, np);
    if (!rc) rc = almen_microdata_set_int32(md, "age", age, np);
    if (!rc) rc = almen_case_set_figures_from_microdata(c, md);
    almen_microdata_free(md);
    return rc;
}
static int microdata_bad(almen_case *c) { return microdata(c, fx.md_age_bad); }
static int microdata_ok(almen_case *c) { return microdata(c, fx.md_age); }

/* Scenarios replace the example's own: a valid one, then one naming no department. */
static int scenarios_bad(almen_case *c) { return almen_case_load_scenarios_string(c, fx.scen_bad, "s.yaml"); }
static int scenarios_ok(almen_case *c) { return almen_case_load_scenarios_string(c, fx.scen_ok, "s.yaml"); }
static int scenarios_file_bad(almen_case *c) { return almen_case_load_scenarios_file(c, fx.scen_path_bad); }
static int scenarios_file_ok(almen_case *c) { return almen_case_load_scenarios_file(c, fx.scen_path_ok); }

/* Agreements: the first new, the second's id taken; a template for a known district and
 * one the case lacks; removing an agreement that does not exist. */
static int agreements_bad(almen_case *c) { return almen_case_add_agreements(c, fx.ag_bad); }
static int agreements_ok(almen_case *c) { return almen_case_add_agreements(c, fx.ag_ok); }
static int template_bad(almen_case *c)
{
    return almen_case_add_template(c, "lille-bydel", "new-template", NULL, fx.district_targets);
}
static int template_ok(almen_case *c) { return almen_case_add_template(c, "lille-bydel", "new-template", NULL, NULL); }
static int remove_bad(almen_case *c) { return almen_case_remove_agreement(c, "no-such-agreement"); }
static int remove_ok(almen_case *c) { return almen_case_remove_agreement(c, fx.first_agreement); }

typedef struct {
    const char *function;
    const char *what;
    int (*failing)(almen_case *c);
    int (*apply)(almen_case *c); /* the same change without the flaw */
} mutation;

static const mutation MUTATIONS[] = {
    {"almen_case_import_csv_string", "a new year for every department, then an unknown one",
     csv_string_bad, csv_string_ok},
    {"almen_case_import_csv_file", "a new year for every department, then an unknown one",
     csv_file_bad, csv_file_ok},
    {"almen_case_import_csv_file", "a file that does not exist", csv_file_missing, csv_file_ok},
    {"almen_case_set_figure", "convicted above residents_18plus", figure_bad, figure_ok},
    {"almen_case_set_figure", "a new year with a negative count", figure_new_year_bad,
     figure_new_year_ok},
    {"almen_case_set_figure_values", "the last department's convicted above its whole",
     values_bad, values_ok},
    {"almen_case_set_figure_values", "a new year, the last department's count fractional",
     values_new_year_bad, values_new_year_ok},
    {"almen_case_set_reference", "an unknown region", reference_bad, reference_ok},
    {"almen_case_set_reference", "a negative value", reference_bad_value, reference_ok},
    {"almen_case_set_figures_from_microdata", "the last person's age out of range",
     microdata_bad, microdata_ok},
    {"almen_case_load_scenarios_string", "a valid scenario, then one naming no department",
     scenarios_bad, scenarios_ok},
    {"almen_case_load_scenarios_file", "a valid scenario, then one naming no department",
     scenarios_file_bad, scenarios_file_ok},
    {"almen_case_add_agreements", "a new agreement, then one whose id the case has",
     agreements_bad, agreements_ok},
    {"almen_case_add_template", "targets: a district, then one the case lacks", template_bad,
     template_ok},
    {"almen_case_remove_agreement", "an id the case does not have", remove_bad, remove_ok},
};
enum { N_MUTATIONS = sizeof MUTATIONS / sizeof MUTATIONS[0] };

/* ---- Tests ---------------------------------------------------------------------------- */

static void failing_calls_change_nothing(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_MUTATIONS; i++) {
        const mutation *m = &MUTATIONS[i];
        almen_case *c = fresh();
        char *before = yaml_of(c);
        almen_error_clear();
        int rc = m->failing(c);
        if (rc >= 0) fail_msg("%s (%s): did not fail", m->function, m->what);
        if (almen_error_last_code() != rc || !almen_error_last_message()[0])
            fail_msg("%s (%s): failure %d not recorded", m->function, m->what, rc);
        char *after = yaml_of(c);
        if (strcmp(before, after)) fail_msg("%s (%s): the failed call changed the case", m->function, m->what);
        almen_free(after);
        almen_case_free(c);

        /* Not vacuous: without its flaw the same call changes the case. */
        c = fresh();
        rc = m->apply(c);
        if (rc) fail_msg("%s (%s): the flawless change failed: %s", m->function, m->what, almen_error_last_text());
        after = yaml_of(c);
        if (!strcmp(before, after)) fail_msg("%s (%s): the flawless change changed nothing", m->function, m->what);
        almen_free(after);
        almen_free(before);
        almen_case_free(c);
    }
}

static int injection_possible(void)
{
    const char *preload = getenv("LD_PRELOAD"); /* valgrind replaces the allocator too */
    return INJECTION && !(preload && strstr(preload, "vgpreload"));
}

static void allocation_failures_change_nothing(void **state)
{
    (void)state;
    if (!injection_possible()) skip();
#if INJECTION
    long total = 0;
    for (size_t i = 0; i < N_MUTATIONS; i++) {
        const mutation *m = &MUTATIONS[i];
        if (i > 0 && m->apply == MUTATIONS[i - 1].apply) continue; /* done already */
        almen_case *c = fresh();
        char *before = yaml_of(c);
        assert_int_equal(m->apply(c), ALMEN_OK);
        char *want = yaml_of(c);
        almen_case_free(c);
        long k = 0;
        for (;; k++) {
            c = fresh();
            alloc_failed = 0;
            alloc_countdown = k;
            int rc = m->apply(c);
            alloc_countdown = -1;
            char *after = yaml_of(c);
            if (!alloc_failed) {
                assert_int_equal(rc, ALMEN_OK);
                almen_free(after);
                almen_case_free(c);
                break;
            }
            /* Failed: nothing changed. Or the failure was survived: the full change. */
            const char *expected = rc ? before : want;
            if (strcmp(after, expected))
                fail_msg("%s: allocation %ld failing (status %d: %s) left the case %s", m->function, k + 1, rc,
                         rc ? almen_error_last_text() : "success",
                         rc ? "changed" : "different from the change without failures");
            almen_free(after);
            almen_case_free(c);
        }
        print_message("%s (%s): %ld allocations, each failing changed nothing\n", m->function, m->what, k);
        total += k;
        almen_free(before);
        almen_free(want);
    }
    assert_true(total > 100); /* the injection reached the library */
#endif
}

/* ---- Coverage: every function that takes a non-const almen_case -------------------------- */

/* Reads include/almen/<name>, with comments blanked; NULL when absent. */
static char *header_text(const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "include/almen/%s", name);
    char *s = read_source_file(rel);
    for (char *p = s; p && (p = strstr(p, "/*"));) {
        char *end = strstr(p + 2, "*/");
        end = end ? end + 2 : p + strlen(p);
        memset(p, ' ', (size_t)(end - p));
        p = end;
    }
    return s;
}

/* Adds the mutators declared in header (and, through its #include "...", in the headers it
 * reaches) to names; seen lists the headers read. */
static void scan_header(const char *header, char seen[][64], size_t *n_seen, char names[][96], size_t *n_names)
{
    for (size_t i = 0; i < *n_seen; i++)
        if (!strcmp(seen[i], header)) return;
    assert_true(*n_seen < 64);
    snprintf(seen[(*n_seen)++], 64, "%s", header);
    char *text = header_text(header);
    if (!text) return;
    for (char *p = text; (p = strstr(p, "#include \""));) {
        p += strlen("#include \"");
        char inc[64] = "";
        size_t k = 0;
        while (p[k] && p[k] != '"' && k < sizeof inc - 1) inc[k] = p[k], k++;
        inc[k] = '\0';
        scan_header(inc, seen, n_seen, names, n_names);
    }
    /* Declarations end at ';'. One is a mutator when it is ALMEN_EXTERN and has a parameter
     * "almen_case *" not preceded by "const". */
    for (char *stmt = text, *end; (end = strchr(stmt, ';')); stmt = end + 1) {
        *end = '\0';
        char *ext = strstr(stmt, "ALMEN_EXTERN");
        char *paren = ext ? strchr(ext, '(') : NULL;
        if (!paren) continue;
        int mutates = 0;
        for (char *q = paren; (q = strstr(q, "almen_case *")); q++) {
            if (q[strlen("almen_case *")] == '*') continue; /* almen_case **out: creates one */
            char *b = q;
            while (b > paren && (b[-1] == ' ' || b[-1] == '\n' || b[-1] == '\t')) b--;
            if (!(b - paren >= 5 && !strncmp(b - 5, "const", 5))) mutates = 1;
        }
        char *name_end = paren;
        while (name_end > ext && name_end[-1] == ' ') name_end--;
        char *name = name_end;
        while (name > ext && (isalnum((unsigned char)name[-1]) || name[-1] == '_')) name--;
        if (mutates && strncmp(name, "almen_case_free", 15) != 0 && *n_names < 64)
            snprintf(names[(*n_names)++], 96, "%.*s", (int)(name_end - name), name);
    }
    free(text);
}

/* A function that changes a case without an entry in MUTATIONS fails the test (0 would only
 * report it, as while the first modules were landing). */
#define REQUIRE_EVERY_MUTATOR 1

static void every_mutator_has_an_entry(void **state)
{
    (void)state;
    char seen[64][64], names[64][96];
    size_t n_seen = 0, n_names = 0, missing = 0;
    scan_header("almen.h", seen, &n_seen, names, &n_names);
    assert_true(n_seen >= 5);
    for (size_t i = 0; i < n_names; i++) {
        int covered = 0;
        for (size_t j = 0; j < N_MUTATIONS; j++) covered |= !strcmp(MUTATIONS[j].function, names[i]);
        if (!covered) {
            print_message("%s changes a case but has no entry in MUTATIONS (tests/c/test_atomic.c)\n", names[i]);
            missing++;
        }
    }
    print_message("%zu functions change a case; %zu without an entry\n", n_names, missing);
    /* The scan itself must see the known ones. */
    int saw_set_figure = 0;
    for (size_t i = 0; i < n_names; i++) saw_set_figure |= !strcmp(names[i], "almen_case_set_figure");
    assert_true(saw_set_figure);
    if (REQUIRE_EVERY_MUTATOR && missing) fail_msg("%zu mutating functions have no entry", missing);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(failing_calls_change_nothing),
        cmocka_unit_test(allocation_failures_change_nothing),
        cmocka_unit_test(every_mutator_has_an_entry),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
