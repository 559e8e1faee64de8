/* almen mix: segregation and mix indices of a case's departments (docs/mix.md). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* A whole number in [lo, hi] from text; 0 and *out set, or -1. */
static int int_arg(const char *text, long lo, long hi, int *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end || v < lo || v > hi) return -1;
    *out = (int)v;
    return 0;
}

/* The latest year any department has figures for, or -1 (reported). */
static int latest_year(const almen_case *c, int *year)
{
    almen_table *t = NULL;
    size_t col;
    if (almen_case_figures(c, NULL, NULL, &t) || almen_table_column_index(t, "year", &col)) {
        almen_table_free(t);
        return -1;
    }
    *year = INT_MIN;
    for (size_t r = 0; r < almen_table_nrows(t); r++) {
        int y = almen_table_get_int(t, col, r);
        if (y > *year) *year = y;
    }
    almen_table_free(t);
    return *year == INT_MIN ? -1 : 0;
}

int cmd_mix(int argc, char **argv)
{
    const char *path = NULL, *grouping = "origin", *higher = "district", *what = "summary";
    const char *format = "csv", *out = NULL;
    int year = INT_MIN, replicates = 1000, seed = 1;
    double level = 0.95;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int m;
        if ((m = cli_option(argc, argv, &i, "--grouping", NULL, &v))) {
            if (m < 0) return cli_usage_error("mix", "--grouping needs origin, work, schooling or conviction");
            grouping = v;
        } else if ((m = cli_option(argc, argv, &i, "--year", NULL, &v))) {
            if (m < 0 || int_arg(v, 1900, 2200, &year)) return cli_usage_error("mix", "--year needs a year");
        } else if ((m = cli_option(argc, argv, &i, "--higher", NULL, &v))) {
            if (m < 0) return cli_usage_error("mix", "--higher needs district, area, organisation or none");
            higher = v;
        } else if ((m = cli_option(argc, argv, &i, "--table", NULL, &v))) {
            if (m < 0) return cli_usage_error("mix", "--table needs a table name");
            what = v;
        } else if ((m = cli_option(argc, argv, &i, "--replicates", NULL, &v))) {
            if (m < 0 || int_arg(v, 1, 10000000, &replicates))
                return cli_usage_error("mix", "--replicates needs a number from 1 to 10000000");
        } else if ((m = cli_option(argc, argv, &i, "--seed", NULL, &v))) {
            if (m < 0 || int_arg(v, INT_MIN, INT_MAX, &seed)) return cli_usage_error("mix", "--seed needs an integer");
        } else if ((m = cli_option(argc, argv, &i, "--level", NULL, &v))) {
            char *end = NULL;
            level = m > 0 ? strtod(v, &end) : 0;
            if (m < 0 || end == v || *end || !(level > 0 && level < 1))
                return cli_usage_error("mix", "--level needs a number between 0 and 1");
        } else if ((m = cli_option(argc, argv, &i, "--format", NULL, &v))) {
            if (m < 0 || (strcmp(v, "csv") && strcmp(v, "table")))
                return cli_usage_error("mix", "--format is csv or table");
            format = v;
        } else if ((m = cli_option(argc, argv, &i, "--output", "-o", &v))) {
            if (m < 0) return cli_usage_error("mix", "-o needs a file");
            out = v;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error("mix", "unknown option '%s'", argv[i]);
        } else if (!path) {
            path = argv[i];
        } else {
            return cli_usage_error("mix", "one case file only");
        }
    }
    static const char *const TABLES[] = {"summary", "groups", "pairs", "units", "higher", "inference"};
    size_t which = 0;
    while (which < 6 && strcmp(what, TABLES[which])) which++;
    if (which == 6)
        return cli_usage_error("mix", "--table is summary, groups, pairs, units, higher or inference");
    if (!strcmp(higher, "none")) higher = NULL;

    almen_case *c;
    int rc = cli_load(path, &c);
    if (rc) return rc;
    almen_mix *m = NULL;
    almen_table *t = NULL;
    if (year == INT_MIN && latest_year(c, &year)) {
        fprintf(stderr, "almen: mix: the case has no figures\n");
        rc = EXIT_BAD_INPUT;
    } else if (almen_case_mix(c, grouping, year, higher, &m)) {
        rc = cli_error();
    } else {
        int st;
        switch (which) {
        case 0: st = almen_mix_summary(m, &t); break;
        case 1: st = almen_mix_groups(m, &t); break;
        case 2: st = almen_mix_pairs(m, &t); break;
        case 3: st = almen_mix_units(m, &t); break;
        case 4: st = almen_mix_higher(m, &t); break;
        default: st = almen_mix_inference(m, replicates, seed, level, &t); break;
        }
        if (st) rc = cli_error();
    }
    if (!rc) {
        FILE *f = cli_open_output(out);
        if (!f) rc = EXIT_BAD_INPUT;
        else {
            rc = cli_write_table(f, t, format);
            int crc = cli_close_output(f, out);
            if (!rc) rc = crc;
        }
    }
    almen_table_free(t);
    almen_mix_free(m);
    almen_case_free(c);
    return rc;
}
