/* Loading and saving case files: valid input, every kind of invalid input with its
 * position, and the lossless round trip. */
#include <unistd.h>

#include "testutil.h"

static const char *MINIMAL =
    "municipality: {code: 630, name: Vejle, region: Syddanmark}\n"
    "organisations: [{id: \"401\", name: Org}]\n"
    "departments:\n"
    "  - organisation: \"401\"\n"
    "    number: 7\n"
    "    name: Dept\n"
    "    figures:\n"
    "      - year: 2024\n"
    "        residents: 20\n"
    "        convicted: 1\n"
    "        residents_18plus: 15\n";

static void minimal_case(void **state)
{
    (void)state;
    almen_case *c = load_ok(MINIMAL);
    assert_int_equal(almen_case_municipality_code(c), 630);
    assert_string_equal(almen_case_municipality_name(c), "Vejle");
    assert_string_equal(almen_case_region(c), "Syddanmark");
    assert_int_equal(almen_case_department_count(c), 1);
    double v;
    assert_int_equal(almen_case_figure(c, "401-7", 2024, "convicted", &v), ALMEN_OK);
    assert_close(v, 1);
    assert_int_equal(almen_case_figure(c, "401-7", 2024, "households", &v), ALMEN_OK);
    assert_true(isnan(v));
    assert_int_equal(almen_case_figure(c, "401-7", 2023, "residents", &v), ALMEN_ENOTFOUND);
    assert_int_equal(almen_case_figure(c, "401-8", 2024, "residents", &v), ALMEN_ENOTFOUND);
    assert_int_equal(almen_case_figure(c, "401-7", 2024, "pets", &v), ALMEN_ENOTFOUND);
    almen_case_free(c);
}

/* One problem per input: the code, position and field the error must carry. */
typedef struct {
    const char *yaml;
    int code;
    int line, column;
    const char *field;
    const char *message;
} bad_case;

#define HEAD "municipality: {code: 630, name: V, region: Syddanmark}\n"
#define ORG "organisations: [{id: \"1\", name: O}]\n"

static const bad_case BAD[] = {
    {"", ALMEN_EINPUT, 0, 0, "", "empty"},
    {"# only a comment\n", ALMEN_EINPUT, 0, 0, "", "empty"},
    {"municipality: [\n", ALMEN_EPARSE, 2, 1, "", "malformed YAML"},
    {HEAD "colour: red\n", ALMEN_EINPUT, 2, 1, "colour", "unknown key"},
    {"municipality: {name: V, region: Syddanmark}\n", ALMEN_EINPUT, 1, 15, "municipality.code",
     "required"},
    {"municipality: {code: 42, name: V, region: Syddanmark}\n", ALMEN_EINPUT, 1, 22,
     "municipality.code", "between 101 and 999"},
    {"municipality: {code: \"630\", name: V, region: Syddanmark}\n", ALMEN_EINPUT, 1, 22,
     "municipality.code", "expected a number"},
    {"municipality: {code: 630, name: V, region: Jylland}\n", ALMEN_EINPUT, 1, 44,
     "municipality.region", "unknown region"},
    {"format: 2\n" HEAD, ALMEN_EVERSION, 1, 9, "format", "unsupported"},
    {HEAD "districts: [{id: a, name: A}, {id: a, name: B}]\n", ALMEN_EINPUT, 2, 36,
     "districts[1].id", "duplicate id"},
    {HEAD "areas: {id: a}\n", ALMEN_EINPUT, 2, 8, "areas", "expected a list"},
    {HEAD "areas: [{id: a, name: A, district: x}]\n", ALMEN_EINPUT, 2, 36, "areas[0].district",
     "unknown district"},
    {HEAD ORG "departments: [{organisation: \"2\", number: 1, name: D}]\n", ALMEN_EINPUT, 3, 30,
     "departments[0].organisation", "unknown organisation"},
    {HEAD ORG "departments: [{number: 1, name: D}]\n", ALMEN_EINPUT, 3, 15,
     "departments[0].organisation", "required"},
    {HEAD ORG "departments: [{organisation: \"1\", number: 1, name: D, area: z}]\n", ALMEN_EINPUT, 3,
     61, "departments[0].area", "unknown area"},
    {HEAD ORG "departments: [{organisation: \"1\", number: 1, name: D}, {organisation: \"1\", number: 1, name: E}]\n",
     ALMEN_EINPUT, 3, 84, "departments[1].number", "duplicate department"},
    {HEAD ORG "departments: [{organisation: \"1\", number: 1, name: D, size: 3}]\n", ALMEN_EINPUT, 3,
     55, "departments[0].size", "unknown key"},
    {HEAD "districts: [{id: n, name: N}, {id: s, name: S}]\nareas: [{id: a, name: A, district: n}]\n" ORG
          "departments: [{organisation: \"1\", number: 1, name: D, area: a, district: s}]\n",
     ALMEN_EINPUT, 5, 74, "departments[0].district", "conflicts"},
    {HEAD ORG "departments: [{organisation: \"1\", number: 1, name: D, figures: [{year: 2024, residents: -1}]}]\n",
     ALMEN_EINPUT, 3, 89, "departments[0].figures[0].residents", "negative"},
    {HEAD ORG "departments: [{organisation: \"1\", number: 1, name: D, figures: [{year: 2024, residents: 10.5}]}]\n",
     ALMEN_EINPUT, 3, 89, "departments[0].figures[0].residents", "whole number"},
    {HEAD ORG "departments: [{organisation: \"1\", number: 1, name: D, figures: [{year: 2024, residents: .nan}]}]\n",
     ALMEN_EINPUT, 3, 89, "departments[0].figures[0].residents", "not finite"},
    {HEAD ORG "departments: [{organisation: \"1\", number: 1, name: D, figures: [{year: 2024, residents: .inf}]}]\n",
     ALMEN_EINPUT, 3, 89, "departments[0].figures[0].residents", "not finite"},
    {HEAD ORG "departments: [{organisation: \"1\", number: 1, name: D, figures: [{year: 2024, convicted: 5, residents_18plus: 4}]}]\n",
     ALMEN_EINPUT, 3, 89, "departments[0].figures[0].convicted", "exceeds residents_18plus"},
    {HEAD ORG "departments: [{organisation: \"1\", number: 1, name: D, figures: [{year: 2024}, {year: 2024}]}]\n",
     ALMEN_EINPUT, 3, 86, "departments[0].figures[1].year", "duplicate year"},
    /* 0.25 full-time equivalents are fine, but not more than the residents 18-64. */
    {HEAD ORG "departments: [{organisation: \"1\", number: 1, name: D, figures: [{year: 2024, outside_labour_fte: 2.25, residents_18_64: 2}]}]\n",
     ALMEN_EINPUT, 3, 98, "departments[0].figures[0].outside_labour_fte", "exceeds"},
    {HEAD HEAD, ALMEN_EINPUT, 2, 1, "municipality", "duplicate key"},
    {HEAD "---\n" HEAD, ALMEN_EINPUT, 3, 1, "", "more than one"},
};

static void each_bad_input_is_reported_at_its_place(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        const bad_case *b = &BAD[i];
        almen_case *c = (almen_case *)&c;
        almen_error_clear();
        int rc = almen_case_load_string(b->yaml, "bad.yaml", &c);
        if (rc != b->code || c != NULL || almen_error_last_line() != b->line ||
            almen_error_last_column() != b->column || strcmp(almen_error_last_field(), b->field) ||
            !strstr(almen_error_last_message(), b->message))
            fail_msg("case %zu: got code %d at %d:%d field '%s': %s", i, rc, almen_error_last_line(),
                     almen_error_last_column(), almen_error_last_field(), almen_error_last_text());
        assert_string_equal(almen_error_last_source(), "bad.yaml");
    }
}

static void alias_expansion_is_bounded(void **state)
{
    (void)state;
    /* The schema stops a classic "billion laughs" at its first wrong type, so the attack
     * that remains is many departments naming one large figures list: a small file that
     * expands quadratically. The visit budget must refuse it quickly. */
    size_t cap = 1 << 20, n = 0;
    char *yaml = malloc(cap);
    assert_non_null(yaml);
    n += (size_t)snprintf(yaml + n, cap - n, HEAD ORG "departments:\n"
                          "  - {organisation: \"1\", number: 0, name: D, figures: &F [");
    for (int y = 1900; y < 2200; y++) n += (size_t)snprintf(yaml + n, cap - n, "{year: %d},", y);
    n += (size_t)snprintf(yaml + n, cap - n, "]}\n");
    for (int i = 1; i < 3000; i++)
        n += (size_t)snprintf(yaml + n, cap - n,
                              "  - {organisation: \"1\", number: %d, name: D, figures: *F}\n", i);
    almen_case *c = (almen_case *)&c;
    assert_int_equal(almen_case_load_string(yaml, NULL, &c), ALMEN_ELIMIT);
    assert_null(c);
    assert_non_null(strstr(almen_error_last_message(), "aliases"));
    /* A few aliases are fine. */
    snprintf(yaml, cap, HEAD ORG "departments:\n"
             "  - {organisation: \"1\", number: 1, name: D, dwellings: &dw {family: 10}}\n"
             "  - {organisation: \"1\", number: 2, name: E, dwellings: *dw}\n");
    c = load_ok(yaml);
    almen_table *t;
    assert_int_equal(almen_case_departments(c, NULL, NULL, &t), ALMEN_OK);
    size_t col;
    assert_int_equal(almen_table_column_index(t, "family", &col), ALMEN_OK);
    assert_int_equal(almen_table_get_int(t, col, 1), 10);
    almen_table_free(t);
    almen_case_free(c);
    free(yaml);
}

static void round_trip_is_lossless(void **state)
{
    (void)state;
    almen_case *c;
    assert_int_equal(almen_case_load_example(&c), ALMEN_OK);
    assert_int_equal(almen_case_department_count(c), 30);
    char *y1 = yaml_of(c);
    almen_case *c2 = load_ok(y1);
    char *y2 = yaml_of(c2);
    assert_string_equal(y1, y2);
    /* Awkward values survive: a quoted id that looks like a number, text with quotes and
     * a backslash, a fraction that needs 17 digits. */
    almen_case *c3 = load_ok("municipality: {code: 101, name: \"K\\\"ø\\\\benhavn\", region: Hovedstaden}\n"
                             "organisations: [{id: \"0401\", name: \"yes\"}]\n"
                             "departments: [{organisation: \"0401\", number: 3, name: D, rent: 0.1,\n"
                             "  figures: [{year: 2020, outside_labour_fte: 0.30000000000000004, residents_18_64: 1}]}]\n");
    char *y3 = yaml_of(c3);
    almen_case *c4 = load_ok(y3);
    char *y4 = yaml_of(c4);
    assert_string_equal(y3, y4);
    assert_string_equal(almen_case_municipality_name(c4), "K\"ø\\benhavn");
    double v;
    assert_int_equal(almen_case_figure(c4, "0401-3", 2020, "outside_labour_fte", &v), ALMEN_OK);
    assert_true(v == 0.30000000000000004);
    almen_free(y1);
    almen_free(y2);
    almen_free(y3);
    almen_free(y4);
    almen_case_free(c);
    almen_case_free(c2);
    almen_case_free(c3);
    almen_case_free(c4);
}

static void save_and_load_file(void **state)
{
    (void)state;
    almen_case *c = load_ok(MINIMAL), *back;
    char path[] = "/tmp/almen-test-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(almen_case_save_file(c, path), ALMEN_OK);
    assert_int_equal(almen_case_load_file(path, &back), ALMEN_OK);
    char *a = yaml_of(c), *b = yaml_of(back);
    assert_string_equal(a, b);
    remove(path);
    almen_case *missing = (almen_case *)&missing;
    assert_int_equal(almen_case_load_file(path, &missing), ALMEN_EIO);
    assert_null(missing);
    assert_string_equal(almen_error_last_source(), path);
    assert_int_equal(almen_case_save_file(back, "/nonexistent-dir/x.yaml"), ALMEN_EIO);
    almen_free(a);
    almen_free(b);
    almen_case_free(back);
    almen_case_free(c);
}

static void copy_is_independent(void **state)
{
    (void)state;
    almen_case *c = load_ok(MINIMAL), *d;
    assert_int_equal(almen_case_copy(c, &d), ALMEN_OK);
    assert_int_equal(almen_case_set_figure(d, "401-7", 2024, "residents", 21), ALMEN_OK);
    double v;
    assert_int_equal(almen_case_figure(c, "401-7", 2024, "residents", &v), ALMEN_OK);
    assert_close(v, 20);
    assert_int_equal(almen_case_figure(d, "401-7", 2024, "residents", &v), ALMEN_OK);
    assert_close(v, 21);
    almen_case_free(c);
    almen_case_free(d);
}

/* Files in tests/data/bad/ with their expected errors in EXPECTED.tsv. */
static void bad_files_from_manifest(void **state)
{
    (void)state;
    char *manifest = read_source_file("tests/data/bad/EXPECTED.tsv");
    assert_non_null(manifest);
    int checked = 0;
    char *save = NULL;
    for (char *line = strtok_r(manifest, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *f[6] = {0};
        char *p = line;
        for (int k = 0; k < 6 && p; k++) {
            f[k] = p;
            p = strchr(p, '\t');
            if (p) *p++ = '\0';
        }
        if (!f[5] || !strcmp(f[0], "file")) continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/tests/data/bad/%s", ALMEN_SOURCE_ROOT, f[0]);
        almen_case *c = (almen_case *)&c;
        int rc = almen_case_load_file(path, &c);
        const char *code = rc == ALMEN_EPARSE ? "EPARSE" : rc == ALMEN_EINPUT ? "EINPUT"
                         : rc == ALMEN_ELIMIT ? "ELIMIT" : rc == ALMEN_EVERSION ? "EVERSION"
                         : rc == ALMEN_ERANGE ? "ERANGE" : "other";
        int ok = c == NULL && !strcmp(code, f[1]) && strstr(almen_error_last_message(), f[5]) &&
                 (!strcmp(f[2], "-") || atoi(f[2]) == almen_error_last_line()) &&
                 (!strcmp(f[3], "-") || atoi(f[3]) == almen_error_last_column()) &&
                 (!strcmp(f[4], "-") || !strcmp(f[4], almen_error_last_field()));
        if (!ok)
            fail_msg("%s: expected %s %s:%s '%s' '%s', got %s: %s", f[0], f[1], f[2], f[3], f[4], f[5],
                     code, almen_error_last_text());
        checked++;
    }
    free(manifest);
    assert_true(checked >= 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(minimal_case),
        cmocka_unit_test(each_bad_input_is_reported_at_its_place),
        cmocka_unit_test(alias_expansion_is_bounded),
        cmocka_unit_test(round_trip_is_lossless),
        cmocka_unit_test(save_and_load_file),
        cmocka_unit_test(copy_is_independent),
        cmocka_unit_test(bad_files_from_manifest),
    };
    return cmocka_run_group_tests_name("case_load", tests, NULL, NULL);
}
