/* The fuzz targets (see targets.h). Adding a loader: a run function here and its name in
 * FUZZ_TARGETS and in fuzz/meson.build; its seeds in fuzz/seeds.txt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "almen/agreements.h"
#include "almen/almen.h"
#include "almen/classify.h"
#include "almen/renovation.h"
#include "almen/report.h"
#include "almen/simulate.h"
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

/* A result table from rc = f(..., &t): made, or a clean failure. */
static void table_or_failure(int rc, almen_table *t)
{
    if (rc) {
        check_failure(rc);
        PROMISE(t == NULL);
    }
    almen_table_free(t);
}

/* The scenarios' result tables (every scenario at once) work or fail cleanly. */
static void exercise_scenarios(const almen_case *c)
{
    static almen_status (*const per_scenario[])(const almen_case *, const char *, almen_table **) = {
        almen_renovation_costs,   almen_renovation_financing,     almen_renovation_loans,
        almen_renovation_cashflows, almen_renovation_npv,         almen_renovation_rents,
        almen_renovation_rent_path, almen_renovation_affordability, almen_renovation_family_share,
        almen_renovation_compare,
    };
    almen_table *t = NULL;
    int rc = almen_case_scenarios(c, &t);
    table_or_failure(rc, t);
    for (size_t i = 0; i < sizeof per_scenario / sizeof per_scenario[0]; i++) {
        t = NULL;
        rc = per_scenario[i](c, NULL, &t);
        table_or_failure(rc, t);
    }
}

/* Well-formed UTF-8 (the loaders admit nothing else, so nothing else may come out). */
static int valid_utf8(const unsigned char *s)
{
    while (*s) {
        size_t len = *s < 0x80 ? 1 : *s >= 0xC2 && *s <= 0xDF ? 2 : *s >= 0xE0 && *s <= 0xEF ? 3
                   : *s >= 0xF0 && *s <= 0xF4 ? 4 : 0;
        if (!len) return 0;
        for (size_t i = 1; i < len; i++)
            if ((s[i] & 0xC0) != 0x80) return 0;
        s += len;
    }
    return 1;
}

/* The HTML report and the text summary: made (or a clean failure), UTF-8, and the HTML
 * free of any "<script" — the report has none of its own, so one there came from the
 * input unescaped. */
static void exercise_report(const almen_case *c)
{
    char *html = NULL, *text = NULL;
    int rc = almen_case_report_html(c, NULL, &html);
    if (rc) check_failure(rc);
    else {
        PROMISE(valid_utf8((const unsigned char *)html));
        for (char *p = html; *p; p++)
            PROMISE(!(p[0] == '<' && (p[1] | 32) == 's' && (p[2] | 32) == 'c' && (p[3] | 32) == 'r' &&
                      (p[4] | 32) == 'i' && (p[5] | 32) == 'p' && (p[6] | 32) == 't'));
    }
    rc = almen_case_report_text(c, NULL, &text);
    if (rc) check_failure(rc);
    else PROMISE(valid_utf8((const unsigned char *)text));
    almen_free(html);
    almen_free(text);
}

/* Every query on a loaded case either works or fails cleanly. */
static void exercise_case(const almen_case *c)
{
    static const char *const levels[] = {"department", "area", "district", "organisation",
                                         "municipality"};
    almen_table *t = NULL;
    int rc;
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        t = NULL;
        rc = almen_case_aggregate(c, levels[i], &t);
        table_or_failure(rc, t);
    }
    t = NULL;
    rc = almen_case_figures(c, NULL, NULL, &t);
    table_or_failure(rc, t);
    t = NULL;
    rc = almen_case_departments(c, NULL, NULL, &t);
    table_or_failure(rc, t);
    t = NULL;
    rc = almen_case_classify(c, NULL, &t); /* the compiled-in rule sets */
    table_or_failure(rc, t);
    exercise_scenarios(c);
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

/* The report of a case from fuzzed YAML (a target of its own: a report takes ~10 ms, which
 * would slow case_yaml tenfold): see exercise_report. */
static void run_case_report(const uint8_t *data, size_t size)
{
    char *text = as_text(data, size);
    almen_case *c = NULL;
    int rc = almen_case_load_string(text, "fuzz.yaml", &c);
    if (rc) check_failure(rc);
    else exercise_report(c);
    almen_case_free(c);
    free(text);
}

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

/* The example's save, made once (the scenario target compares with it). */
static const char *example_saved(void)
{
    static char *y;
    if (!y) y = saved(example_case());
    return y;
}

/* The case scenarios are loaded into: small (the example is 40 times slower to copy and
 * save), with the departments and area the seeds name (the example's scenarios and
 * tests/data/renovation/flags.yaml's), and a scenario of its own. */
static const char SCENARIO_CASE[] =
    "municipality: {code: 630, name: Testby, region: Syddanmark}\n"
    "districts: [{id: syd, name: Syd}]\n"
    "areas: [{id: vestergaarden, name: V, district: syd}, {id: a, name: A}]\n"
    "organisations: [{id: \"1\", name: O}, {id: \"401\", name: P}, {id: \"402\", name: Q}]\n"
    "departments:\n"
    "  - {organisation: \"1\", number: 1, name: D1, area: a, dwellings: {family: 100},\n"
    "     floor_area: 10000, rent: 1000}\n"
    "  - {organisation: \"401\", number: 1, name: V1, area: vestergaarden,\n"
    "     dwellings: {family: 200, youth: 20}, floor_area: 18000, rent: 950}\n"
    "  - {organisation: \"401\", number: 2, name: V2, area: vestergaarden,\n"
    "     dwellings: {family: 150, elderly: 30}, floor_area: 14000, rent: 900}\n"
    "  - {organisation: \"402\", number: 5, name: Q5, dwellings: {family: 120}, floor_area: 9000,\n"
    "     rent: 850}\n"
    "  - {organisation: \"402\", number: 6, name: Q6, area: vestergaarden, dwellings: {family: 60},\n"
    "     floor_area: 5000, rent: 800}\n"
    "scenarios:\n"
    "  - {id: base, departments: [\"1-1\"], base_year: 2026,\n"
    "     works: [{name: W, amount: 50000000, year: 2026}],\n"
    "     financing: {supported_loan: {rate: 0.1, resident_payment_pct: 3}}}\n";

/* Scenario YAML (`scenarios: [...]`) into a copy of SCENARIO_CASE: on failure its own
 * scenario stays and the case saves exactly as before; on success the case saves and
 * loads back identically and every scenario table works or fails cleanly. */
static void run_scenario_yaml(const uint8_t *data, size_t size)
{
    static almen_case *base;
    static char *base_saved;
    if (!base) {
        PROMISE(almen_case_load_string(SCENARIO_CASE, "scenario-case.yaml", &base) == ALMEN_OK);
        base_saved = saved(base);
    }
    char *text = as_text(data, size);
    almen_case *c = NULL;
    PROMISE(almen_case_copy(base, &c) == ALMEN_OK);
    int rc = almen_case_load_scenarios_string(c, text, "fuzz-scenarios.yaml");
    char *after = saved(c);
    if (rc) {
        check_failure(rc);
        PROMISE(strcmp(after, base_saved) == 0);
    } else {
        almen_case *back = NULL;
        PROMISE(almen_case_load_string(after, "saved.yaml", &back) == ALMEN_OK);
        char *again = saved(back);
        PROMISE(strcmp(after, again) == 0);
        almen_free(again);
        almen_case_free(back);
        exercise_scenarios(c);
    }
    almen_free(after);
    almen_case_free(c);
    free(text);
}

/* Options for the agreement tables: no classification (the fuzzed cases' own figures would
 * dominate the time), one explicit status. */
static almen_agreement_options *agreement_options(void)
{
    almen_agreement_options *o = NULL;
    PROMISE(almen_agreement_options_new(&o) == ALMEN_OK);
    PROMISE(almen_agreement_options_set_classification(o, 0) == ALMEN_OK);
    return o;
}

/* The agreement tables of a case, on a date inside the example's agreements. */
static void exercise_agreements(const almen_case *c, const almen_agreement_options *o)
{
    static almen_status (*const plain[])(const almen_case *, almen_table **) = {
        almen_case_agreements, almen_case_agreement_instruments, almen_case_agreement_themes,
        almen_case_agreement_governance,
    };
    static almen_status (*const dated[])(const almen_case *, const char *,
                                         const almen_agreement_options *, almen_table **) = {
        almen_case_area_status, almen_case_agreement_findings, almen_case_agreement_coverage,
    };
    almen_table *t;
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        t = NULL;
        int rc = plain[i](c, &t);
        table_or_failure(rc, t);
    }
    for (size_t i = 0; i < sizeof dated / sizeof dated[0]; i++) {
        t = NULL;
        int rc = dated[i](c, "2025-06-01", o, &t);
        table_or_failure(rc, t);
    }
    t = NULL;
    int rc = almen_case_letting_policy(c, "2025-06-01", NULL, o, &t);
    table_or_failure(rc, t);
}

/* Agreement YAML: loaded agreements save to YAML that loads back and saves identically;
 * added to a copy of the example they either fail (the case saves exactly as before) or
 * give a case that saves, reloads and saves identically, whose agreement tables work or
 * fail cleanly. */
static void run_agreements_yaml(const uint8_t *data, size_t size)
{
    char *text = as_text(data, size);
    almen_agreements *a = (almen_agreements *)&a;
    int rc = almen_agreements_load_string(text, "fuzz-agreements.yaml", &a);
    if (rc) {
        check_failure(rc);
        PROMISE(a == NULL);
        free(text);
        return;
    }
    char *y = NULL, *y2 = NULL;
    PROMISE(almen_agreements_to_yaml(a, &y) == ALMEN_OK);
    almen_agreements *back = NULL;
    PROMISE(almen_agreements_load_string(y, "saved.yaml", &back) == ALMEN_OK);
    PROMISE(almen_agreements_to_yaml(back, &y2) == ALMEN_OK);
    PROMISE(strcmp(y, y2) == 0);
    PROMISE(almen_agreements_count(back) == almen_agreements_count(a));
    almen_table *t = NULL;
    rc = almen_agreements_table(a, &t);
    table_or_failure(rc, t);

    almen_case *c = NULL;
    PROMISE(almen_case_copy(example_case(), &c) == ALMEN_OK);
    rc = almen_case_add_agreements(c, a);
    char *after = saved(c);
    if (rc) {
        check_failure(rc);
        PROMISE(strcmp(after, example_saved()) == 0);
    } else {
        almen_case *reloaded = NULL;
        PROMISE(almen_case_load_string(after, "saved.yaml", &reloaded) == ALMEN_OK);
        char *again = saved(reloaded);
        PROMISE(strcmp(after, again) == 0);
        almen_free(again);
        almen_case_free(reloaded);
        almen_agreement_options *o = agreement_options();
        exercise_agreements(c, o);
        almen_agreement_options_free(o);
    }
    almen_free(after);
    almen_case_free(c);
    almen_free(y);
    almen_free(y2);
    almen_agreements_free(back);
    almen_agreements_free(a);
    free(text);
}

/* Area statuses from CSV into agreement options: all rows or none — a failed call leaves
 * the area statuses the options give exactly as before. */
static void run_status_csv(const uint8_t *data, size_t size)
{
    char *text = as_text(data, size);
    almen_agreement_options *o = agreement_options();
    almen_table *t = NULL;
    PROMISE(almen_case_area_status(example_case(), "2025-06-01", o, &t) == ALMEN_OK);
    char *before = NULL, *after = NULL;
    PROMISE(almen_table_to_csv(t, &before) == ALMEN_OK);
    almen_table_free(t);
    int rc = almen_agreement_options_set_status_csv(o, text, "fuzz-status.csv");
    t = NULL;
    int rc2 = almen_case_area_status(example_case(), "2025-06-01", o, &t);
    if (rc) {
        check_failure(rc);
        PROMISE(rc2 == ALMEN_OK);
        PROMISE(almen_table_to_csv(t, &after) == ALMEN_OK);
        PROMISE(strcmp(before, after) == 0);
    } else {
        if (rc2) check_failure(rc2); /* e.g. an area the example does not have */
        exercise_agreements(example_case(), o);
    }
    almen_table_free(t);
    almen_free(before);
    almen_free(after);
    almen_agreement_options_free(o);
    free(text);
}

/* ---- Simulation: household types and letting policies ----------------------------------- */

/* tests/data/simulate/udsat.yaml: one department of an udsat area with household types and
 * an agreement; read once from the source tree. */
static const almen_case *simulation_case(void)
{
    static almen_case *c;
    if (!c) PROMISE(almen_case_load_file(ALMEN_SOURCE_ROOT "/tests/data/simulate/udsat.yaml", &c) == ALMEN_OK);
    return c;
}

/* Small options: 2 runs of 2 years on the calling thread. */
static almen_simulation_options *simulation_options(void)
{
    almen_simulation_options *o = NULL;
    PROMISE(almen_simulation_options_new(&o) == ALMEN_OK);
    PROMISE(almen_simulation_options_set_years(o, 0, 2) == ALMEN_OK);
    PROMISE(almen_simulation_options_set_runs(o, 2) == ALMEN_OK);
    PROMISE(almen_simulation_options_set_threads(o, 1) == ALMEN_OK);
    return o;
}

/* Simulates with o: every result table works or fails cleanly; the policy table as CSV
 * (NULL when the simulation cannot be made for these options). */
static char *simulate(const almen_simulation_options *o)
{
    static almen_status (*const tables[])(const almen_simulation *, almen_table **) = {
        almen_simulation_indicators, almen_simulation_composition, almen_simulation_inflow,
        almen_simulation_status,     almen_simulation_leaving,     almen_simulation_compare,
        almen_simulation_initial,    almen_simulation_fit,
    };
    almen_simulation *sim = (almen_simulation *)&sim;
    int rc = almen_simulation_new(simulation_case(), o, &sim);
    if (rc) {
        check_failure(rc);
        PROMISE(sim == NULL);
        return NULL;
    }
    size_t done = 0;
    rc = almen_simulation_step(sim, 0, &done);
    if (rc) check_failure(rc);
    else PROMISE(done == 2);
    almen_table *t;
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        t = NULL;
        rc = tables[i](sim, &t);
        table_or_failure(rc, t);
    }
    t = NULL;
    char *policy = NULL;
    rc = almen_simulation_policy(sim, &t);
    if (!rc) PROMISE(almen_table_to_csv(t, &policy) == ALMEN_OK);
    table_or_failure(rc, t);
    almen_simulation_free(sim);
    return policy;
}

/* Household types YAML into simulation options (replacing the case's section): a failure
 * leaves no trace; accepted types simulate or fail cleanly at almen_simulation_new. */
static void run_household_types_yaml(const uint8_t *data, size_t size)
{
    char *text = as_text(data, size);
    almen_simulation_options *o = simulation_options();
    int rc = almen_simulation_options_set_household_types(o, text, "fuzz-types.yaml");
    if (rc) check_failure(rc);
    else almen_free(simulate(o));
    almen_simulation_options_free(o);
    free(text);
}

/* A letting policy YAML as a variant: on failure the options are unchanged (their
 * simulation's policy equals the default's); an accepted one simulates or fails cleanly. */
static void run_policy_yaml(const uint8_t *data, size_t size)
{
    static char *default_policy;
    if (!default_policy) {
        almen_simulation_options *d = simulation_options();
        default_policy = simulate(d);
        PROMISE(default_policy != NULL);
        almen_simulation_options_free(d);
    }
    char *text = as_text(data, size);
    almen_simulation_options *o = simulation_options();
    int rc = almen_simulation_options_add_policy(o, text, "fuzz-policy.yaml");
    if (rc) {
        check_failure(rc);
        char *policy = simulate(o);
        PROMISE(policy && strcmp(policy, default_policy) == 0);
        almen_free(policy);
    } else {
        almen_free(simulate(o));
    }
    almen_simulation_options_free(o);
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
    {"case_report", run_case_report},
    {"csv_import", run_csv_import},
    {"rules_yaml", run_rules_yaml},
    {"published_csv", run_published_csv},
    {"scenario_yaml", run_scenario_yaml},
    {"agreements_yaml", run_agreements_yaml},
    {"status_csv", run_status_csv},
    {"household_types_yaml", run_household_types_yaml},
    {"policy_yaml", run_policy_yaml},
    {NULL, NULL},
};

const fuzz_target *fuzz_target_find(const char *name)
{
    for (const fuzz_target *t = FUZZ_TARGETS; t->name; t++)
        if (!strcmp(t->name, name)) return t;
    return NULL;
}
