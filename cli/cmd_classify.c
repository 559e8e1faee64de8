/* almen classify: the statutory lists from published area values (CSV) or a case file.
 * The classification is the library's (almen_case_classify, almen_classify_published_*);
 * this file reads the command line and writes the columns the command promises. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const CMD = "classify";

static int ends_with_csv(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && (!strcmp(path + n - 4, ".csv") || !strcmp(path + n - 4, ".CSV"));
}

static int parse_number(const char *s, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(v)) return -1;
    *out = v;
    return 0;
}

static int parse_year(const char *s, int *out)
{
    double v;
    if (parse_number(s, &v) || v != floor(v) || v < 1900 || v > 2200) return -1;
    *out = (int)v;
    return 0;
}

/* A compiled-in id, else a file. */
static int load_rules(const char *arg, almen_rules **out)
{
    almen_table *builtins = NULL;
    int builtin = 0;
    if (almen_rules_builtins(&builtins) == ALMEN_OK) {
        size_t col;
        if (almen_table_column_index(builtins, "id", &col) == ALMEN_OK)
            for (size_t r = 0; r < almen_table_nrows(builtins); r++)
                builtin |= !strcmp(almen_table_get_string(builtins, col, r), arg);
    }
    almen_table_free(builtins);
    int rc = builtin ? almen_rules_builtin(arg, out) : almen_rules_load_file(arg, out);
    return rc ? cli_error() : EXIT_OK;
}

/* "criterion=value" or "criterion.set=value". */
static int set_threshold(almen_classify_options *o, const char *arg)
{
    const char *eq = strchr(arg, '=');
    double v;
    if (!eq || eq == arg || parse_number(eq + 1, &v))
        return cli_usage_error(CMD, "--threshold takes CRITERION[.SET]=VALUE, not '%s'", arg);
    char crit[128], *set = NULL;
    snprintf(crit, sizeof crit, "%.*s", (int)(eq - arg), arg);
    char *dot = strchr(crit, '.');
    if (dot) *dot = '\0', set = dot + 1;
    return almen_classify_options_set_threshold(o, crit, set, v) ? cli_error() : EXIT_OK;
}

/* Reads the options; *path is the input (NULL: the embedded example). */
static int parse(int argc, char **argv, almen_classify_options *o, const char **path,
                 const char **output)
{
    int first = 0, last = 0;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int m, rc = EXIT_OK;
        double x;
        if ((m = cli_option(argc, argv, &i, "--rules", NULL, &v))) {
            almen_rules *r = NULL;
            if (m < 0) return cli_usage_error(CMD, "--rules needs a rule-set id or file");
            if ((rc = load_rules(v, &r))) return rc;
            if (almen_classify_options_set_rules(o, r, 0, 0)) rc = cli_error();
            almen_rules_free(r);
        } else if ((m = cli_option(argc, argv, &i, "--national-convicted-pct", NULL, &v))) {
            if (m < 0 || parse_number(v, &x))
                return cli_usage_error(CMD, "--national-convicted-pct needs a number (per cent)");
            if (almen_classify_options_set_reference(o, "national_convicted_pct", NULL, 0, x))
                rc = cli_error();
        } else if ((m = cli_option(argc, argv, &i, "--regional-income", NULL, &v))) {
            if (m < 0 || parse_number(v, &x))
                return cli_usage_error(CMD, "--regional-income needs a number (kr per year)");
            if (almen_classify_options_set_reference(o, "regional_average_income", NULL, 0, x))
                rc = cli_error();
        } else if ((m = cli_option(argc, argv, &i, "--from", NULL, &v))) {
            if (m < 0 || parse_year(v, &first)) return cli_usage_error(CMD, "--from needs a year");
        } else if ((m = cli_option(argc, argv, &i, "--to", NULL, &v))) {
            if (m < 0 || parse_year(v, &last)) return cli_usage_error(CMD, "--to needs a year");
        } else if ((m = cli_option(argc, argv, &i, "--disable", NULL, &v))) {
            if (m < 0) return cli_usage_error(CMD, "--disable needs a criterion id");
            if (almen_classify_options_disable(o, v)) rc = cli_error();
        } else if ((m = cli_option(argc, argv, &i, "--threshold", NULL, &v))) {
            if (m < 0) return cli_usage_error(CMD, "--threshold needs CRITERION[.SET]=VALUE");
            rc = set_threshold(o, v);
        } else if ((m = cli_option(argc, argv, &i, "--window-method", NULL, &v))) {
            if (m < 0 || almen_classify_options_set_window_method(o, v))
                return cli_usage_error(CMD, "--window-method is mean_of_ratios or ratio_of_sums");
        } else if (!strcmp(argv[i], "--pool")) {
            almen_classify_options_set_window_method(o, "ratio_of_sums");
        } else if ((m = cli_option(argc, argv, &i, "--output", "-o", &v))) {
            if (m < 0) return cli_usage_error(CMD, "-o needs a file");
            *output = v;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error(CMD, "unknown option '%s'", argv[i]);
        } else if (*path) {
            return cli_usage_error(CMD, "one input file only");
        } else {
            *path = argv[i];
        }
        if (rc) return rc;
    }
    if ((first || last) && almen_classify_options_set_years(o, first, last))
        return cli_usage_error(CMD, "%s", almen_error_last_message());
    return EXIT_OK;
}

/* ---- Output ------------------------------------------------------------------------------ */

static int has_suffix(const char *s, const char *suffix, size_t *stem)
{
    size_t n = strlen(s), k = strlen(suffix);
    if (n <= k || strcmp(s + n - k, suffix) != 0) return 0;
    *stem = n - k;
    return 1;
}

static void put_text(FILE *f, const char *s)
{
    if (!s) return;
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void put_cell(FILE *f, const almen_table *t, size_t col, size_t row)
{
    switch (almen_table_column_type(t, col)) {
    case ALMEN_COL_STRING: put_text(f, almen_table_get_string(t, col, row)); break;
    case ALMEN_COL_DOUBLE: {
        double v = almen_table_get_double(t, col, row);
        if (!isnan(v)) fprintf(f, "%.10g", v);
        break;
    }
    default: {
        int32_t v = almen_table_get_int(t, col, row);
        if (v != ALMEN_NA_INT) fprintf(f, "%ld", (long)v);
    }
    }
}

/* The promised columns from the library's table: area, year, rules, criteria_met, one
 * column per category (its statutory test; a category is a column X beside X_list),
 * placement, and per criterion and threshold set <criterion>_<set>_met and
 * <criterion>_<set>_margin (percentage points). */
static int write_csv(FILE *f, const almen_table *t)
{
    /* Each table column is written at most once, a margin with its _met beside it. */
    size_t nc = almen_table_ncols(t), n = 0, stem, k;
    size_t *cols = calloc(nc + 1, sizeof *cols);
    char *margin = calloc(nc + 1, 1); /* cols[c] is written as <stem>_margin */
    if (!cols || !margin) {
        free(cols);
        free(margin);
        fprintf(stderr, "almen: out of memory\n");
        return EXIT_INTERNAL;
    }
    static const char *const lead[] = {"area", "year", "rules", "criteria_met"};
    for (int i = 0; i < 4; i++)
        if (almen_table_column_index(t, lead[i], &k) == ALMEN_OK) cols[n++] = k;
    for (size_t j = 0; j < nc; j++) {
        char list[160];
        snprintf(list, sizeof list, "%s_list", almen_table_column_name(t, j));
        if (almen_table_column_type(t, j) == ALMEN_COL_BOOL &&
            almen_table_column_index(t, list, &k) == ALMEN_OK)
            cols[n++] = j;
    }
    if (almen_table_column_index(t, "placement", &k) == ALMEN_OK) cols[n++] = k;
    for (size_t j = 0; j < nc; j++) {
        const char *name = almen_table_column_name(t, j);
        char met[160];
        if (!has_suffix(name, "_margin_pp", &stem)) continue;
        snprintf(met, sizeof met, "%.*s_met", (int)stem, name);
        if (almen_table_column_index(t, met, &k) != ALMEN_OK) continue;
        cols[n++] = k;
        margin[n] = 1;
        cols[n++] = j;
    }
    for (size_t c = 0; c < n; c++) {
        const char *name = almen_table_column_name(t, cols[c]);
        if (c) fputc(',', f);
        if (margin[c] && has_suffix(name, "_pp", &stem)) fprintf(f, "%.*s", (int)stem, name);
        else fputs(name, f);
    }
    fputc('\n', f);
    for (size_t r = 0; r < almen_table_nrows(t); r++) {
        for (size_t c = 0; c < n; c++) {
            if (c) fputc(',', f);
            put_cell(f, t, cols[c], r);
        }
        fputc('\n', f);
    }
    free(cols);
    free(margin);
    return EXIT_OK;
}

int cmd_classify(int argc, char **argv)
{
    almen_classify_options *o = NULL;
    if (almen_classify_options_new(&o)) return cli_error();
    const char *path = NULL, *output = NULL;
    int rc = parse(argc, argv, o, &path, &output);
    almen_table *t = NULL;
    if (!rc && path && ends_with_csv(path)) {
        if (almen_classify_published_file(path, o, &t)) rc = cli_error();
    } else if (!rc) {
        almen_case *c = NULL;
        rc = cli_load(path, &c);
        if (!rc && almen_case_classify(c, o, &t)) rc = cli_error();
        almen_case_free(c);
    }
    if (!rc) {
        FILE *f = cli_open_output(output);
        if (!f) rc = EXIT_BAD_INPUT;
        else {
            rc = write_csv(f, t);
            int crc = cli_close_output(f, output);
            if (!rc) rc = crc;
        }
    }
    almen_table_free(t);
    almen_classify_options_free(o);
    return rc;
}
