/* Hostile input: every loader must refuse it with a clear, positioned error (or read it
 * correctly), never crash, hang, exhaust memory or change what it was given.
 *
 * The files are in tests/data/hostile/ with their expected results in EXPECTED.tsv
 * (made by make_hostile.py, which documents the columns); problems below the schema
 * (encodings, NUL, aliases, nesting, size) go through every YAML loader — case files, rule
 * sets, scenarios, agreements (and, for nesting, the simulation's household types and
 * letting policies, which have no file form) — and the size limit through every file
 * loader. Inputs too
 * large or too deep to keep as files are made here. */
#include <ctype.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "almen/agreements.h"
#include "almen/simulate.h"

#define HOSTILE_DIR ALMEN_SOURCE_ROOT "/tests/data/hostile/"

static const char *code_name(int rc)
{
    static const struct {
        int code;
        const char *name;
    } names[] = {{ALMEN_OK, "OK"},         {ALMEN_ENOMEM, "ENOMEM"},       {ALMEN_EINVAL, "EINVAL"},
                 {ALMEN_EIO, "EIO"},       {ALMEN_EPARSE, "EPARSE"},       {ALMEN_EINPUT, "EINPUT"},
                 {ALMEN_ENOTFOUND, "ENOTFOUND"}, {ALMEN_ERANGE, "ERANGE"}, {ALMEN_ELIMIT, "ELIMIT"},
                 {ALMEN_EVERSION, "EVERSION"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].code == rc) return names[i].name;
    return "other";
}

/* Case-insensitive substring test (the manifest's expectations are lower case). */
static int contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i])) i++;
        if (i == n) return 1;
    }
    return n == 0;
}

/* ---- Loaders: each reads one file and gives the result as saved YAML ------------------ */

/* A case file: the loaded case saved, or NULL on error (out must then be NULL). */
static int load_case(const char *path, char **saved)
{
    almen_case *c = (almen_case *)&c;
    int rc = almen_case_load_file(path, &c);
    if (rc) {
        if (c) fail_msg("%s: failed load left a case behind", path);
        return rc;
    }
    *saved = yaml_of(c);
    almen_case_free(c);
    return ALMEN_OK;
}

/* A file applied to tests/data/minimal.yaml by apply; on error the case must be exactly
 * as before. */
static int into_minimal(const char *path, char **saved, almen_status (*apply)(almen_case *, const char *))
{
    almen_case *c;
    assert_int_equal(almen_case_load_file(ALMEN_SOURCE_ROOT "/tests/data/minimal.yaml", &c), ALMEN_OK);
    char *before = yaml_of(c);
    int rc = apply(c, path);
    char *after = yaml_of(c);
    if (rc && strcmp(before, after)) fail_msg("%s: a failed call changed the case", path);
    almen_free(before);
    if (rc) almen_free(after);
    else *saved = after;
    almen_case_free(c);
    return rc;
}

/* CSV figures imported into tests/data/minimal.yaml. */
static int import_csv(const char *path, char **saved)
{
    return into_minimal(path, saved, almen_case_import_csv_file);
}

/* A rule set: its YAML as read. */
static int load_rules(const char *path, char **saved)
{
    almen_rules *r = (almen_rules *)&r;
    int rc = almen_rules_load_file(path, &r);
    if (rc) {
        if (r) fail_msg("%s: failed load left a rule set behind", path);
        return rc;
    }
    *saved = strdup(almen_rules_yaml(r));
    almen_rules_free(r);
    return ALMEN_OK;
}

/* Scenarios into tests/data/minimal.yaml. */
static int load_scenarios(const char *path, char **saved)
{
    return into_minimal(path, saved, almen_case_load_scenarios_file);
}

/* Agreements on their own: their canonical YAML. */
static int load_agreements(const char *path, char **saved)
{
    almen_agreements *a = (almen_agreements *)&a;
    int rc = almen_agreements_load_file(path, &a);
    if (rc) {
        if (a) fail_msg("%s: failed load left agreements behind", path);
        return rc;
    }
    rc = almen_agreements_to_yaml(a, saved);
    almen_agreements_free(a);
    return rc;
}

/* Published area values classified: the result table as CSV. */
static int classify_published(const char *path, char **saved)
{
    almen_table *t = (almen_table *)&t;
    int rc = almen_classify_published_file(path, NULL, &t);
    if (rc) {
        if (t) fail_msg("%s: failed classification left a table behind", path);
        return rc;
    }
    rc = almen_table_to_csv(t, saved);
    almen_table_free(t);
    return rc;
}

typedef int (*loader_fn)(const char *path, char **saved);

/* Every loader of a file (the YAML ones first); a manifest row names one, or "yaml" for
 * all YAML loaders. */
static const struct {
    const char *name;
    loader_fn load;
    int yaml;
} LOADERS[] = {
    {"case", load_case, 1},
    {"rules", load_rules, 1},
    {"scenarios", load_scenarios, 1},
    {"agreements", load_agreements, 1},
    {"csv", import_csv, 0},
    {"published", classify_published, 0},
};
enum { N_LOADERS = sizeof LOADERS / sizeof LOADERS[0] };

static int run_loader(const char *loader, const char *path, char **saved)
{
    *saved = NULL;
    for (size_t i = 0; i < N_LOADERS; i++)
        if (!strcmp(LOADERS[i].name, loader)) return LOADERS[i].load(path, saved);
    fail_msg("unknown loader '%s' in EXPECTED.tsv", loader);
    return ALMEN_EINVAL;
}

/* One manifest row: file, loader, code, line, column, field, expect. */
static void check_row(char **f)
{
    if (!strcmp(f[1], "yaml")) {
        for (size_t i = 0; i < N_LOADERS; i++) {
            if (!LOADERS[i].yaml) continue;
            char *g[7] = {f[0], (char *)LOADERS[i].name, f[2], f[3], f[4], f[5], f[6]};
            check_row(g);
        }
        return;
    }
    char path[1024], other[1024];
    snprintf(path, sizeof path, HOSTILE_DIR "%s", f[0]);
    char *saved = NULL;
    int rc = run_loader(f[1], path, &saved);
    if (strcmp(code_name(rc), f[2]))
        fail_msg("%s (%s): expected %s, got %s: %s", f[0], f[1], f[2], code_name(rc),
                 rc ? almen_error_last_text() : "success");
    if (rc == ALMEN_OK) {
        /* The result must equal the reference file's (read by the same loader). */
        snprintf(other, sizeof other, HOSTILE_DIR "%s", f[6]);
        char *want = NULL;
        if (run_loader(f[1], other, &want)) fail_msg("%s: reference %s fails", f[0], f[6]);
        if (strcmp(saved, want)) fail_msg("%s: result differs from %s's", f[0], f[6]);
        almen_free(want);
        almen_free(saved);
        return;
    }
    int ok = contains_nocase(almen_error_last_message(), f[6]) &&
             (!strcmp(f[3], "-") || atoi(f[3]) == almen_error_last_line()) &&
             (!strcmp(f[4], "-") || atoi(f[4]) == almen_error_last_column()) &&
             (!strcmp(f[5], "-") || !strcmp(f[5], almen_error_last_field())) &&
             !strcmp(almen_error_last_source(), path);
    if (!ok)
        fail_msg("%s (%s): expected %s at %s:%s field '%s' with '%s'; got line %d column %d field '%s': %s",
                 f[0], f[1], f[2], f[3], f[4], f[5], f[6], almen_error_last_line(),
                 almen_error_last_column(), almen_error_last_field(), almen_error_last_text());
}

static void files_from_manifest(void **state)
{
    (void)state;
    char *manifest = read_source_file("tests/data/hostile/EXPECTED.tsv");
    assert_non_null(manifest);
    size_t rows = 0;
    for (char *line = manifest, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        char *f[7];
        size_t k = 0;
        for (char *p = line; k < 7; k++) {
            f[k] = p;
            p = p ? strchr(p, '\t') : NULL;
            if (p) *p++ = '\0';
        }
        if (!f[6]) fail_msg("EXPECTED.tsv: a row without 7 columns: %s", line);
        if (!strcmp(f[0], "file")) continue;
        check_row(f);
        rows++;
    }
    free(manifest);
    assert_true(rows >= 40);
}

/* Valid UTF-8 beyond ASCII is read and saved unchanged; the CSV reference imports what it
 * says (the manifest only compares files with each other). */
static void reference_files_read_correctly(void **state)
{
    (void)state;
    almen_case *c;
    assert_int_equal(almen_case_load_file(HOSTILE_DIR "utf8_names.yaml", &c), ALMEN_OK);
    assert_string_equal(almen_case_municipality_name(c), "Ærø Søby ÅÉ 日本 😀");
    almen_case_free(c);
    assert_int_equal(almen_case_load_file(ALMEN_SOURCE_ROOT "/tests/data/minimal.yaml", &c), ALMEN_OK);
    assert_int_equal(almen_case_import_csv_file(c, HOSTILE_DIR "figures.csv"), ALMEN_OK);
    double v;
    assert_int_equal(almen_case_figure(c, "401-1", 2024, "residents", &v), ALMEN_OK);
    assert_close(v, 91);
    assert_int_equal(almen_case_figure(c, "402-1", 2025, "residents", &v), ALMEN_OK);
    assert_close(v, 30);
    almen_case_free(c);
}

/* ---- Nesting --------------------------------------------------------------------------- */

/* prefix repeated n times, then suffix repeated n times. */
static char *nested(const char *prefix, const char *suffix, size_t n)
{
    size_t lp = strlen(prefix), ls = strlen(suffix);
    char *s = malloc(n * (lp + ls) + 1), *p = s;
    assert_non_null(s);
    for (size_t i = 0; i < n; i++, p += lp) memcpy(p, prefix, lp);
    for (size_t i = 0; i < n; i++, p += ls) memcpy(p, suffix, ls);
    *p = '\0';
    return s;
}

/* The YAML text loaders (strings), for problems below the schema: each must refuse alike. */
static int string_case(const char *yaml)
{
    almen_case *c = (almen_case *)&c;
    int rc = almen_case_load_string(yaml, "deep.yaml", &c);
    if (rc) assert_null(c);
    almen_case_free(c);
    return rc;
}
static int string_rules(const char *yaml)
{
    almen_rules *r = (almen_rules *)&r;
    int rc = almen_rules_load_string(yaml, "deep.yaml", &r);
    if (rc) assert_null(r);
    almen_rules_free(r);
    return rc;
}
static int string_scenarios(const char *yaml)
{
    almen_case *c;
    assert_int_equal(almen_case_load_example(&c), ALMEN_OK);
    int rc = almen_case_load_scenarios_string(c, yaml, "deep.yaml");
    almen_case_free(c);
    return rc;
}
static int string_agreements(const char *yaml)
{
    almen_agreements *a = (almen_agreements *)&a;
    int rc = almen_agreements_load_string(yaml, "deep.yaml", &a);
    if (rc) assert_null(a);
    almen_agreements_free(a);
    return rc;
}

static int string_simulation(const char *yaml, int policy)
{
    almen_simulation_options *o = NULL;
    assert_int_equal(almen_simulation_options_new(&o), ALMEN_OK);
    int rc = policy ? almen_simulation_options_add_policy(o, yaml, "deep.yaml")
                    : almen_simulation_options_set_household_types(o, yaml, "deep.yaml");
    almen_simulation_options_free(o);
    return rc;
}
static int string_household_types(const char *yaml) { return string_simulation(yaml, 0); }
static int string_policy(const char *yaml) { return string_simulation(yaml, 1); }

static const struct {
    const char *name;
    int (*load)(const char *yaml);
} STRING_LOADERS[] = {
    {"case", string_case},
    {"rules", string_rules},
    {"scenarios", string_scenarios},
    {"agreements", string_agreements},
    {"household types", string_household_types},
    {"letting policy", string_policy},
};

/* Every YAML loader refuses yaml with code at line:column. schema_only: a problem only
 * the case schema sees (the other loaders may fail elsewhere), so only the case loader. */
static void expect_yaml_error(const char *yaml, int code, int line, int column, const char *message,
                              int schema_only)
{
    for (size_t i = 0; i < (schema_only ? 1 : sizeof STRING_LOADERS / sizeof STRING_LOADERS[0]); i++) {
        int rc = STRING_LOADERS[i].load(yaml);
        if (rc != code || almen_error_last_line() != line || almen_error_last_column() != column ||
            !contains_nocase(almen_error_last_message(), message))
            fail_msg("%s: expected %s at %d:%d with '%s', got %s: %s", STRING_LOADERS[i].name,
                     code_name(code), line, column, message, code_name(rc), almen_error_last_text());
    }
}
#define expect_load_error(yaml, code, line, column, message) \
    expect_yaml_error(yaml, code, line, column, message, 0)

/* libyaml's scanner does work proportional to the flow depth for every token, so 100,000
 * nested '[' would take minutes; the loader refuses the 65th level (64 is the limit) at
 * its bracket, before reading further. */
static void nesting_is_bounded(void **state)
{
    (void)state;
    char *s = nested("[", "]", 100000);
    /* "[" x 64 reach depth 64 at column 64; the 65th '[' is column 65. */
    expect_load_error(s, ALMEN_ELIMIT, 1, 65, "nesting deeper than 64");
    s[100000] = '\0'; /* unterminated: the same, it never gets that far */
    expect_load_error(s, ALMEN_ELIMIT, 1, 65, "nesting deeper than 64");
    free(s);
    /* Exactly 64 levels are read; the case schema then wants a mapping at the top. */
    s = nested("[", "]", 64);
    expect_yaml_error(s, ALMEN_EINPUT, 1, 1, "expected a mapping", 1);
    free(s);
    /* Block sequences "- - - ...": level k opens at column 2k - 1, the 65th at 129. */
    s = nested("- ", "", 100000);
    expect_load_error(s, ALMEN_ELIMIT, 1, 129, "nesting deeper than 64");
    free(s);
    /* Flow mappings "{a: {a: ...": level k opens at column 4k - 3, the 65th at 257. */
    s = nested("{a: ", "}", 100000);
    expect_load_error(s, ALMEN_ELIMIT, 1, 257, "nesting deeper than 64");
    free(s);
    /* Deep nesting inside an otherwise valid case, in a section the loader reads. */
    char *deep = nested("[", "]", 70);
    char *yaml = malloc(strlen(deep) + 200);
    assert_non_null(yaml);
    sprintf(yaml, "municipality: {code: 999, name: M, region: Syddanmark}\ndistricts: %s\n", deep);
    /* The top-level mapping is level 1, so the 64th '[' is level 65; "districts: " is 11
     * characters, so that bracket is column 11 + 64 = 75 of line 2. */
    expect_load_error(yaml, ALMEN_ELIMIT, 2, 75, "nesting deeper than 64");
    free(yaml);
    free(deep);
}

/* ---- Size -------------------------------------------------------------------------------- */

static int sanitized_or_valgrind(void)
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return 1;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
    return 1;
#endif
#endif
    const char *preload = getenv("LD_PRELOAD");
    return preload && strstr(preload, "vgpreload") != NULL;
}

/* A 1 GB file (sparse: made with ftruncate, it takes no disk space) is refused from its
 * size alone, by every file loader. */
static void huge_file_is_refused_before_reading(void **state)
{
    (void)state;
    char path[] = "/tmp/almen-hostile-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)1 << 30), 0);
    close(fd);

    almen_case *c = (almen_case *)&c;
    assert_int_equal(almen_case_load_file(path, &c), ALMEN_ELIMIT);
    assert_null(c);
    assert_non_null(strstr(almen_error_last_message(), "1073741824 bytes exceeds the limit"));
    assert_string_equal(almen_error_last_source(), path);
    assert_int_equal(almen_error_last_line(), 0);

    for (size_t i = 0; i < N_LOADERS; i++) {
        char *saved = NULL;
        int rc = LOADERS[i].load(path, &saved);
        if (rc != ALMEN_ELIMIT || !strstr(almen_error_last_message(), "exceeds the limit"))
            fail_msg("%s: the 1 GB file gave %s: %s", LOADERS[i].name, code_name(rc), almen_error_last_text());
    }

    /* Refused without allocating: in a child whose address space is capped at 256 MB, a
     * loader that read (or reserved) the file would fail with ENOMEM instead. Sanitizers
     * and valgrind reserve far more address space themselves, so they skip this part. */
    if (!sanitized_or_valgrind()) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            struct rlimit lim = {(rlim_t)256 << 20, (rlim_t)256 << 20};
            almen_case *k = NULL;
            int rc = setrlimit(RLIMIT_AS, &lim) ? ALMEN_EIO : almen_case_load_file(path, &k);
            _exit(rc == ALMEN_ELIMIT ? 0 : rc == ALMEN_ENOMEM ? 2 : 3);
        }
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            fail_msg("under a 256 MB address-space cap the 1 GB file gave status %d (2: out of memory)",
                     WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
    unlink(path);

    /* A directory is not a file. */
    assert_int_equal(almen_case_load_file("/tmp", &c), ALMEN_EIO);
    assert_non_null(strstr(almen_error_last_message(), "directory"));
}

/* ---- Text that reaches HTML ------------------------------------------------------------- */

/* Names and a title written to attack the HTML report: each must come out as text. The
 * report has no scripts and no images of its own (report.h), so none of these may appear
 * raw; the first must appear escaped. */
static void report_escapes_hostile_text(void **state)
{
    (void)state;
    static const char *const YAML =
        "municipality: {code: 999, name: \"Evil <script>alert(1)</script> & Co\", region: Syddanmark}\n"
        "districts: [{id: d1, name: \"x\\\" onmouseover=\\\"alert(2)\"}]\n"
        "areas: [{id: a1, name: \"<img src=x onerror=alert(3)>\", district: d1}]\n"
        "organisations: [{id: \"401\", name: \"</style><script>alert(4)</script>\"}]\n"
        "departments:\n"
        "  - {organisation: \"401\", number: 1, name: \"'><iframe src=javascript:alert(5)>\",\n"
        "     area: a1, dwellings: {family: 100},\n"
        "     figures: [{year: 2024, residents: 250, households: 100, residents_18plus: 180,\n"
        "                convicted: 2}]}\n";
    static const char *const RAW[] = {"<script", "<img", "<iframe", "\" onmouseover=\"", "</style><"};
    almen_case *c = load_ok(YAML);
    almen_report_options *o = NULL;
    assert_int_equal(almen_report_options_new(&o), ALMEN_OK);
    assert_int_equal(almen_report_options_set_title(o, "Title <script>alert(6)</script>"), ALMEN_OK);
    assert_int_equal(almen_report_options_set_date(o, "<b onclick=alert(7)>today</b>"), ALMEN_OK);
    char *html = NULL;
    assert_int_equal(almen_case_report_html(c, o, &html), ALMEN_OK);
    for (size_t i = 0; i < sizeof RAW / sizeof RAW[0]; i++)
        if (strstr(html, RAW[i])) fail_msg("the HTML report contains '%s' unescaped", RAW[i]);
    assert_null(strstr(html, "<b onclick"));
    assert_non_null(strstr(html, "Evil &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"));
    almen_free(html);
    almen_report_options_free(o);
    almen_case_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(files_from_manifest),
        cmocka_unit_test(reference_files_read_correctly),
        cmocka_unit_test(nesting_is_bounded),
        cmocka_unit_test(huge_file_is_refused_before_reading),
        cmocka_unit_test(report_escapes_hostile_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
