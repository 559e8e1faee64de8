/* Subcommands over a case: validate, convert, aggregate, departments, figures, fields. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_validate(int argc, char **argv)
{
    int files = 0, worst = EXIT_OK;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) continue;
        files++;
        almen_case *c;
        if (almen_case_load_file(argv[i], &c)) {
            int rc = cli_error();
            if (rc > worst) worst = rc;
            continue;
        }
        almen_table *fig = NULL;
        int first = 0, last = 0;
        if (almen_case_figures(c, NULL, NULL, &fig) == ALMEN_OK) {
            size_t col;
            almen_table_column_index(fig, "year", &col);
            const int32_t *y = almen_table_ints(fig, col);
            for (size_t r = 0; r < almen_table_nrows(fig); r++) {
                if (!first || y[r] < first) first = y[r];
                if (y[r] > last) last = y[r];
            }
        }
        printf("%s: ok — %s (%d), %zu departments", argv[i], almen_case_municipality_name(c),
               almen_case_municipality_code(c), almen_case_department_count(c));
        if (first) printf(", figures %d–%d", first, last);
        printf("\n");
        almen_table_free(fig);
        almen_case_free(c);
    }
    if (!files) return cli_usage_error("validate", "name at least one case file");
    return worst;
}

int cmd_convert(int argc, char **argv)
{
    const char *in = NULL, *figures = NULL, *out = NULL, *export_figures = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int m;
        if ((m = cli_option(argc, argv, &i, "--figures", NULL, &v))) {
            if (m < 0) return cli_usage_error("convert", "--figures needs a CSV file");
            figures = v;
        } else if ((m = cli_option(argc, argv, &i, "--export-figures", NULL, &v))) {
            if (m < 0) return cli_usage_error("convert", "--export-figures needs a file");
            export_figures = v;
        } else if ((m = cli_option(argc, argv, &i, "--output", "-o", &v))) {
            if (m < 0) return cli_usage_error("convert", "-o needs a file");
            out = v;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error("convert", "unknown option '%s'", argv[i]);
        } else if (!in) {
            in = argv[i];
        } else {
            return cli_usage_error("convert", "one case file only");
        }
    }
    almen_case *c;
    int rc = cli_load(in, &c);
    if (rc) return rc;
    if (figures && almen_case_import_csv_file(c, figures)) {
        almen_case_free(c);
        return cli_error();
    }
    if (export_figures) {
        almen_table *t;
        FILE *f;
        if (almen_case_figures(c, NULL, NULL, &t)) rc = cli_error();
        else if (!(f = cli_open_output(export_figures))) rc = EXIT_BAD_INPUT;
        else {
            rc = cli_write_table(f, t, "csv");
            int crc = cli_close_output(f, export_figures);
            if (!rc) rc = crc;
        }
        almen_table_free(t);
    }
    if (!rc && (out || !export_figures)) {
        if (out && strcmp(out, "-") != 0) {
            if (almen_case_save_file(c, out)) rc = cli_error();
        } else {
            char *yaml;
            if (almen_case_to_yaml(c, &yaml)) rc = cli_error();
            else {
                fputs(yaml, stdout);
                almen_free(yaml);
            }
        }
    }
    almen_case_free(c);
    return rc;
}

/* --min-persons N / --min-households N: 1 and *out set when argv[*i] is this option, 0
 * when not, -1 (reported) when its value is not a number >= 0. */
static int minimum_option(int argc, char **argv, int *i, const char *cmd, const char *name,
                          double *out)
{
    const char *v;
    int m = cli_option(argc, argv, i, name, NULL, &v);
    if (m == 0) return 0;
    char *end = NULL;
    double x = m > 0 ? strtod(v, &end) : NAN;
    if (m < 0 || end == v || *end || !(x >= 0) || !isfinite(x)) {
        cli_usage_error(cmd, "%s needs a number >= 0", name);
        return -1;
    }
    *out = x;
    return 1;
}

/* aggregate --level L | departments / figures [--area X | --district X | ...]; aggregate
 * and figures suppress small cells unless --no-suppress (docs/privacy.md). */
int cmd_query(int argc, char **argv)
{
    const char *cmd = argv[0], *path = NULL, *level = NULL, *id = NULL, *format = "csv";
    const char *out = NULL;
    static const char *const selectors[] = {"--area", "--district", "--organisation", "--department"};
    int aggregate = !strcmp(cmd, "aggregate");
    int suppress = aggregate || !strcmp(cmd, "figures"), may_suppress = suppress;
    double min_persons = ALMEN_MIN_PERSONS, min_households = ALMEN_MIN_HOUSEHOLDS;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int m = 0;
        if (may_suppress) {
            if (!strcmp(argv[i], "--no-suppress")) {
                suppress = 0;
                continue;
            }
            if ((m = minimum_option(argc, argv, &i, cmd, "--min-persons", &min_persons)) ||
                (m = minimum_option(argc, argv, &i, cmd, "--min-households", &min_households))) {
                if (m < 0) return EXIT_USAGE;
                continue;
            }
        }
        if ((m = cli_option(argc, argv, &i, "--format", NULL, &v)) > 0) {
            if (strcmp(v, "csv") && strcmp(v, "table"))
                return cli_usage_error(cmd, "--format is csv or table");
            format = v;
            continue;
        }
        if (m < 0) return cli_usage_error(cmd, "--format needs csv or table");
        if ((m = cli_option(argc, argv, &i, "--output", "-o", &v)) > 0) {
            out = v;
            continue;
        }
        if (m < 0) return cli_usage_error(cmd, "-o needs a file");
        if (aggregate && (m = cli_option(argc, argv, &i, "--level", NULL, &v)) > 0) {
            level = v;
            continue;
        }
        if (m < 0) return cli_usage_error(cmd, "--level needs a level");
        for (size_t s = 0; s < 4 && !aggregate && !m; s++) {
            m = cli_option(argc, argv, &i, selectors[s], NULL, &v);
            if (m > 0) level = selectors[s] + 2, id = v;
        }
        if (m < 0) return cli_usage_error(cmd, "%s needs an id", argv[i]);
        if (m > 0) continue;
        if (argv[i][0] == '-' && argv[i][1]) return cli_usage_error(cmd, "unknown option '%s'", argv[i]);
        if (path) return cli_usage_error(cmd, "one case file only");
        path = argv[i];
    }
    if (aggregate && !level) level = "area";
    almen_case *c;
    int rc = cli_load(path, &c);
    if (rc) return rc;
    almen_table *t = NULL;
    int st = aggregate ? almen_case_aggregate(c, level, &t)
             : !strcmp(cmd, "departments") ? almen_case_departments(c, level, id, &t)
                                           : almen_case_figures(c, level, id, &t);
    if (!st && suppress) {
        almen_table *published = NULL;
        st = almen_table_suppress_small_cells(t, min_persons, min_households, &published);
        almen_table_free(t);
        t = published;
    }
    if (st) rc = cli_error();
    else {
        FILE *f = cli_open_output(out);
        if (!f) rc = EXIT_BAD_INPUT;
        else {
            rc = cli_write_table(f, t, format);
            int crc = cli_close_output(f, out);
            if (!rc) rc = crc;
        }
    }
    almen_table_free(t);
    almen_case_free(c);
    return rc;
}

int cmd_fields(int argc, char **argv)
{
    const char *format = "table";
    for (int i = 1; i < argc; i++) {
        const char *v;
        int m = cli_option(argc, argv, &i, "--format", NULL, &v);
        if (m < 0) return cli_usage_error("fields", "--format needs csv or table");
        if (m > 0) format = v;
        else return cli_usage_error("fields", "unknown argument '%s'", argv[i]);
    }
    almen_table *t;
    if (almen_figure_fields(&t)) return cli_error();
    int rc = cli_write_table(stdout, t, format);
    almen_table_free(t);
    return rc;
}
