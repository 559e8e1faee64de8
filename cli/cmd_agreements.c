/* almen agreements: the findings about a case's agreements and the effective letting policy
 * of its departments on a date (the library's almen_case_agreement_findings and
 * almen_case_letting_policy; docs/agreements.md). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const CMD = "agreements";

typedef struct {
    const char *path, *date, *format, *output, *department, *only;
} args;

/* The whole of a small text file (a status CSV); NULL with a message on failure. */
static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "almen: %s: cannot read: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0;) {
        n += got;
        if (n + 1 == cap) {
            char *p = realloc(buf, cap *= 2);
            if (!p) free(buf);
            buf = p;
        }
    }
    fclose(f);
    if (buf) buf[n] = '\0';
    else fprintf(stderr, "almen: %s: out of memory\n", path);
    return buf;
}

/* "name=value" for a numeric parameter. */
static int set_parameter(almen_agreement_options *o, const char *arg)
{
    const char *eq = strchr(arg, '=');
    char *end = NULL;
    double v = eq ? strtod(eq + 1, &end) : 0;
    if (!eq || eq == arg || end == eq + 1 || *end)
        return cli_usage_error(CMD, "--set takes NAME=NUMBER, not '%s'", arg);
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)(eq - arg), arg);
    return almen_agreement_options_set_parameter(o, name, v) ? cli_error() : EXIT_OK;
}

static int set_status_file(almen_agreement_options *o, const char *path)
{
    char *text = read_text(path);
    if (!text) return EXIT_BAD_INPUT;
    int rc = almen_agreement_options_set_status_csv(o, text, path);
    free(text);
    return rc ? cli_error() : EXIT_OK;
}

static int parse(int argc, char **argv, args *a, almen_agreement_options *o)
{
    memset(a, 0, sizeof *a);
    a->format = "table";
    for (int i = 1; i < argc; i++) {
        const char *v;
        int m, rc = EXIT_OK;
        if ((m = cli_option(argc, argv, &i, "--date", NULL, &v))) a->date = v;
        else if ((m = cli_option(argc, argv, &i, "--format", NULL, &v))) a->format = v;
        else if ((m = cli_option(argc, argv, &i, "--output", "-o", &v))) a->output = v;
        else if ((m = cli_option(argc, argv, &i, "--department", NULL, &v))) a->department = v;
        else if ((m = cli_option(argc, argv, &i, "--only", NULL, &v))) a->only = v;
        else if ((m = cli_option(argc, argv, &i, "--status", NULL, &v))) {
            if (m > 0) rc = set_status_file(o, v);
        } else if ((m = cli_option(argc, argv, &i, "--list-date", NULL, &v))) {
            if (m > 0 && almen_agreement_options_set_text(o, "list_date", v)) rc = cli_error();
        } else if ((m = cli_option(argc, argv, &i, "--set", NULL, &v))) {
            if (m > 0) rc = set_parameter(o, v);
        } else if (!strcmp(argv[i], "--no-classification")) {
            m = 1;
            almen_agreement_options_set_classification(o, 0);
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error(CMD, "unknown option '%s'", argv[i]);
        } else if (!a->path) {
            a->path = argv[i];
            m = 1;
        } else {
            return cli_usage_error(CMD, "more than one case file ('%s')", argv[i]);
        }
        if (m < 0) return cli_usage_error(CMD, "%s needs a value", argv[i]);
        if (rc) return rc;
    }
    if (strcmp(a->format, "table") && strcmp(a->format, "csv"))
        return cli_usage_error(CMD, "--format is table or csv, not '%s'", a->format);
    if (a->only && strcmp(a->only, "findings") && strcmp(a->only, "policy"))
        return cli_usage_error(CMD, "--only is findings or policy, not '%s'", a->only);
    return EXIT_OK;
}

/* Display width of UTF-8 text (paragraph signs and Danish letters are one column each). */
static size_t width_of(const char *s)
{
    size_t w = 0;
    for (; s && *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

/* Selected string or number columns aligned; the last one unpadded (messages run long). */
static void print_columns(FILE *f, const almen_table *t, const char *const *names, size_t n)
{
    size_t col[16], width[16];
    for (size_t j = 0; j < n; j++) {
        almen_table_column_index(t, names[j], &col[j]);
        width[j] = width_of(names[j]);
    }
    char buf[32];
    size_t rows = almen_table_nrows(t);
#define CELL(j, r)                                                                       \
    (almen_table_column_type(t, col[j]) == ALMEN_COL_STRING                              \
         ? almen_table_get_string(t, col[j], r)                                          \
         : (snprintf(buf, sizeof buf, "%g", almen_table_get_double(t, col[j], r)), buf))
    for (size_t r = 0; r < rows; r++)
        for (size_t j = 0; j + 1 < n; j++) {
            const char *s = CELL(j, r);
            if (width_of(s ? s : "-") > width[j]) width[j] = width_of(s ? s : "-");
        }
    for (size_t r = 0; r <= rows; r++) {
        for (size_t j = 0; j < n; j++) {
            const char *s = r ? CELL(j, r - 1) : names[j];
            if (!s) s = "-";
            fputs(s, f);
            if (j + 1 < n) fprintf(f, "%*s", (int)(width[j] - width_of(s) + 2), "");
        }
        fputc('\n', f);
    }
#undef CELL
}

static void print_findings(FILE *f, const almen_table *t, const char *date)
{
    static const char *const cols[] = {"severity", "paragraph", "agreement", "departments",
                                       "message"};
    fprintf(f, "Findings on %s: %zu\n", date, almen_table_nrows(t));
    if (almen_table_nrows(t)) print_columns(f, t, cols, 5);
}

static void print_policy(FILE *f, const almen_table *t, const char *date)
{
    static const char *const cols[] = {"department", "area_status", "source", "paragraph",
                                       "instrument", "parameters"};
    size_t year = 0;
    almen_table_column_index(t, "list_year", &year);
    fprintf(f, "Letting policy on %s (the list of %ld):\n", date,
            almen_table_nrows(t) ? (long)almen_table_get_int(t, year, 0) : 0L);
    print_columns(f, t, cols, 6);
}

static int write_output(const args *a, const almen_table *findings, const almen_table *policy,
                 const char *date)
{
    FILE *f = cli_open_output(a->output);
    if (!f) return EXIT_INTERNAL;
    int csv = !strcmp(a->format, "csv"), rc = EXIT_OK;
    if (!a->only || !strcmp(a->only, "findings")) {
        if (csv) rc = cli_write_table(f, findings, "csv");
        else print_findings(f, findings, date);
    }
    if (!a->only) fputc('\n', f);
    if (!rc && (!a->only || !strcmp(a->only, "policy"))) {
        if (csv) rc = cli_write_table(f, policy, "csv");
        else print_policy(f, policy, date);
    }
    int closed = cli_close_output(f, a->output);
    return rc ? rc : closed;
}

int cmd_agreements(int argc, char **argv)
{
    almen_agreement_options *o = NULL;
    if (almen_agreement_options_new(&o)) return cli_error();
    args a;
    almen_case *c = NULL;
    almen_table *findings = NULL, *policy = NULL;
    size_t errors = 0;
    int rc = parse(argc, argv, &a, o);
    if (!rc) rc = cli_load(a.path, &c);
    if (!rc && (almen_case_agreement_findings(c, a.date, o, &findings) ||
                almen_case_letting_policy(c, a.date, a.department, o, &policy)))
        rc = cli_error();
    if (!rc) {
        size_t sev;
        almen_table_column_index(findings, "severity", &sev);
        for (size_t r = 0; r < almen_table_nrows(findings); r++)
            errors += !strcmp(almen_table_get_string(findings, sev, r), "error");
        size_t dcol;
        almen_table_column_index(policy, "date", &dcol);
        const char *date = almen_table_nrows(policy) ? almen_table_get_string(policy, dcol, 0)
                                                    : (a.date ? a.date : "today");
        rc = write_output(&a, findings, policy, date);
    }
    almen_table_free(findings);
    almen_table_free(policy);
    almen_case_free(c);
    almen_agreement_options_free(o);
    /* Error findings make the exit code 1, like a failing check. */
    return rc ? rc : errors ? EXIT_FINDINGS : EXIT_OK;
}
