/* The fuzz targets (see targets.h). Adding a loader: a run function here and its name in
 * FUZZ_TARGETS and in fuzz/meson.build; seeds in fuzz/run.sh. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "almen/almen.h"
#include "almen/classify.h"
#include "targets.h"

/* A broken promise: say which and abort (a crash to libFuzzer). */
#define PROMISE(cond)                                                                        \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            fprintf(stderr, "fuzz: broken promise at %s:%d: %s (last error: %s)\n", __FILE__, \
                    __LINE__, #cond, almen_error_last_text());                               \
            abort();                                                                         \
        }                                                                                    \
    } while (0)

/* The input as a C string (loaders take NUL-terminated text; an embedded NUL ends it). */
static char *as_text(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* A failure is recorded on this thread with its code and a message. */
static void check_failure(int rc)
{
    PROMISE(rc < 0);
    PROMISE(almen_error_last_code() == rc);
    PROMISE(almen_error_last_message()[0] != '\0');
    PROMISE(almen_strerror(rc) != NULL);
}

static char *saved(const almen_case *c)
{
    char *y = NULL;
    PROMISE(almen_case_to_yaml(c, &y) == ALMEN_OK && y);
    return y;
}

/* Every query on a loaded case either works or fails cleanly. */
static void exercise_case(const almen_case *c)
{
    static const char *const levels[] = {"department", "area", "district", "organisation",
                                         "municipality"};
    almen_table *t = NULL;
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        int rc = almen_case_aggregate(c, levels[i], &t);
        if (rc) check_failure(rc);
        almen_table_free(t);
        t = NULL;
    }
    int rc = almen_case_figures(c, NULL, NULL, &t);
    if (rc) check_failure(rc);
    almen_table_free(t);
    rc = almen_case_departments(c, NULL, NULL, &t);
    if (rc) check_failure(rc);
    almen_table_free(t);
}

/* Case YAML: a loaded case saves to YAML that loads back to the same case (the saved
 * text is canonical, so saving the reloaded case gives the same text). */
static void run_case_yaml(const uint8_t *data, size_t size)
{
    char *text = as_text(data, size);
    almen_case *c = (almen_case *)&c;
    int rc = almen_case_load_string(text, "fuzz.yaml", &c);
    if (rc) {
        check_failure(rc);
        PROMISE(c == NULL);
    } else {
        char *y = saved(c);
        almen_case *back = NULL;
        rc = almen_case_load_string(y, "saved.yaml", &back);
        PROMISE(rc == ALMEN_OK);
        char *y2 = saved(back);
        PROMISE(strcmp(y, y2) == 0);
        exercise_case(c);
        almen_free(y);
        almen_free(y2);
        almen_case_free(back);
        almen_case_free(c);
    }
    free(text);
}

/* The case the CSV target imports into: tests/data/minimal.yaml's departments 401-1 and
 * 402-1 (the hostile CSV seeds name them), with a year of figures to merge with. */
static const char CSV_CASE[] =
    "municipality: {code: 999, name: Minby, region: Syddanmark}\n"
    "districts: [{id: nord, name: Nord}]\n"
    "areas: [{id: parken, name: Parken, district: nord}]\n"
    "organisations: [{id: \"401\", name: A}, {id: \"402\", name: B}]\n"
    "departments:\n"
    "  - {organisation: \"401\", number: 1, name: P, area: parken, dwellings: {family: 40},\n"
    "     figures: [{year: 2024, residents: 90, households: 39, residents_18plus: 60,\n"
    "                convicted: 1}]}\n"
    "  - {organisation: \"402\", number: 1, name: B, district: nord}\n";

/* CSV import: all or nothing — on failure the case saves exactly as before; on success
 * the changed case still saves and loads back. */
static void run_csv_import(const uint8_t *data, size_t size)
{
    char *text = as_text(data, size);
    almen_case *c = NULL;
    PROMISE(almen_case_load_string(CSV_CASE, "csv-case.yaml", &c) == ALMEN_OK);
    char *before = saved(c);
    int rc = almen_case_import_csv_string(c, text, "fuzz.csv");
    char *after = saved(c);
    if (rc) {
        check_failure(rc);
        PROMISE(strcmp(before, after) == 0);
    } else {
        almen_case *back = NULL;
        PROMISE(almen_case_load_string(after, "saved.yaml", &back) == ALMEN_OK);
        almen_case_free(back);
        exercise_case(c);
    }
    almen_free(before);
    almen_free(after);
    almen_case_free(c);
    free(text);
}

/* The example case, loaded once: a realistic case to classify with fuzzed rules. */
static const almen_case *example_case(void)
{
    static almen_case *example;
    if (!example) PROMISE(almen_case_load_example(&example) == ALMEN_OK);
    return example;
}

/* Rule-set YAML: a loaded rule set describes itself in tables and classifies the example
 * case (or fails cleanly: the fuzzed rules may not fit its years). */
static void run_rules_yaml(const uint8_t *data, size_t size)
{
    char *text = as_text(data, size);
    almen_rules *r = (almen_rules *)&r;
    int rc = almen_rules_load_string(text, "fuzz-rules.yaml", &r);
    if (rc) {
        check_failure(rc);
        PROMISE(r == NULL);
    } else {
        PROMISE(almen_rules_id(r) != NULL);
        almen_table *t = NULL;
        PROMISE(almen_rules_criteria(r, &t) == ALMEN_OK);
        almen_table_free(t);
        PROMISE(almen_rules_categories(r, &t) == ALMEN_OK);
        almen_table_free(t);
        almen_classify_options *o = NULL;
        PROMISE(almen_classify_options_new(&o) == ALMEN_OK);
        PROMISE(almen_classify_options_set_rules(o, r, 0, 0) == ALMEN_OK);
        t = NULL;
        rc = almen_case_classify(example_case(), o, &t);
        if (rc) check_failure(rc);
        almen_table_free(t);
        almen_classify_options_free(o);
        almen_rules_free(r);
    }
    free(text);
}

/* Published area values (CSV) classified by the compiled-in rule sets. */
static void run_published_csv(const uint8_t *data, size_t size)
{
    char *text = as_text(data, size);
    almen_table *t = (almen_table *)&t;
    int rc = almen_classify_published_string(text, "fuzz-published.csv", NULL, &t);
    if (rc) {
        check_failure(rc);
        PROMISE(t == NULL);
    } else {
        PROMISE(t != NULL);
        almen_table_free(t);
    }
    free(text);
}

const fuzz_target FUZZ_TARGETS[] = {
    {"case_yaml", run_case_yaml},
    {"csv_import", run_csv_import},
    {"rules_yaml", run_rules_yaml},
    {"published_csv", run_published_csv},
    {NULL, NULL},
};

const fuzz_target *fuzz_target_find(const char *name)
{
    for (const fuzz_target *t = FUZZ_TARGETS; t->name; t++)
        if (!strcmp(t->name, name)) return t;
    return NULL;
}
