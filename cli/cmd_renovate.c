/* almen renovate: the renovation scenarios of a case side by side. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* A double-quoted YAML string. */
static void yaml_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') fprintf(f, "\\%c", ch);
        else if (ch < 0x20) fprintf(f, "\\x%02x", ch);
        else fputc(ch, f);
    }
    fputc('"', f);
}

static void yaml_cell(FILE *f, const almen_table *t, size_t col, size_t row)
{
    switch (almen_table_column_type(t, col)) {
    case ALMEN_COL_STRING: {
        const char *s = almen_table_get_string(t, col, row);
        if (s) yaml_string(f, s);
        else fputs("null", f);
        break;
    }
    case ALMEN_COL_DOUBLE: {
        double v = almen_table_get_double(t, col, row);
        if (isnan(v)) fputs("null", f);
        else fprintf(f, "%.15g", v);
        break;
    }
    default: {
        int32_t v = almen_table_get_int(t, col, row);
        if (v == ALMEN_NA_INT) fputs("null", f);
        else if (almen_table_column_type(t, col) == ALMEN_COL_BOOL) fputs(v ? "true" : "false", f);
        else fprintf(f, "%ld", (long)v);
    }
    }
}

/* The rows of t whose first column (scenario) is id, as a YAML list of mappings of the
 * other columns, under key at the given indent. */
static void yaml_rows(FILE *f, const almen_table *t, const char *id, const char *key)
{
    int any = 0;
    for (size_t r = 0; r < almen_table_nrows(t); r++) {
        const char *s = almen_table_get_string(t, 0, r);
        if (!s || strcmp(s, id)) continue;
        if (!any++) fprintf(f, "    %s:\n", key);
        for (size_t c = 1; c < almen_table_ncols(t); c++) {
            fprintf(f, "%s%s: ", c == 1 ? "      - " : "        ", almen_table_column_name(t, c));
            yaml_cell(f, t, c, r);
            fputc('\n', f);
        }
    }
    if (!any) fprintf(f, "    %s: []\n", key);
}

static void write_yaml(FILE *f, const almen_case *c, const almen_table *cmp,
                       const almen_table *rents, const almen_table *share)
{
    fputs("municipality: ", f);
    yaml_string(f, almen_case_municipality_name(c));
    fputs("\nscenarios:\n", f);
    if (almen_table_ncols(cmp) <= 2) fputs("  []\n", f);
    for (size_t col = 2; col < almen_table_ncols(cmp); col++) {
        const char *id = almen_table_column_name(cmp, col);
        fputs("  - id: ", f);
        yaml_string(f, id);
        fputs("\n    metrics:\n", f);
        for (size_t r = 0; r < almen_table_nrows(cmp); r++) {
            fprintf(f, "      %s: ", almen_table_get_string(cmp, 0, r));
            yaml_cell(f, cmp, col, r);
            fputc('\n', f);
        }
        yaml_rows(f, rents, id, "departments");
        yaml_rows(f, share, id, "family_share");
    }
}

static int report(FILE *f, const almen_case *c, const char *scenario, const char *format)
{
    almen_table *cmp = NULL, *rents = NULL, *share = NULL;
    int rc = EXIT_OK;
    if (almen_renovation_compare(c, scenario, &cmp) || almen_renovation_rents(c, scenario, &rents) ||
        almen_renovation_family_share(c, scenario, &share)) {
        rc = cli_error();
    } else if (!strcmp(format, "csv")) {
        rc = cli_write_table(f, cmp, "csv");
    } else if (!strcmp(format, "yaml")) {
        write_yaml(f, c, cmp, rents, share);
    } else {
        fprintf(f, "Renovation scenarios of %s (money in kr; rents in kr per m2 a year)\n\n",
                almen_case_municipality_name(c));
        if (almen_table_ncols(cmp) <= 2) {
            fputs("The case has no scenarios.\n", f);
        } else {
            rc = cli_write_table(f, cmp, "table");
            fputs("\nRents by department, before and after (ballot: increase above 15 %; "
                  "approval: above 5 %)\n\n", f);
            if (!rc) rc = cli_write_table(f, rents, "table");
            if (!rc && almen_table_nrows(share)) {
                fputs("\nFamily dwellings in the area (section 168a count, 1 January)\n\n", f);
                rc = cli_write_table(f, share, "table");
            }
        }
    }
    almen_table_free(cmp);
    almen_table_free(rents);
    almen_table_free(share);
    return rc;
}

int cmd_renovate(int argc, char **argv)
{
    const char *path = NULL, *out = NULL, *scenario = NULL, *format = "table";
    for (int i = 1; i < argc; i++) {
        const char *v;
        int m;
        if ((m = cli_option(argc, argv, &i, "--scenario", NULL, &v))) {
            if (m < 0) return cli_usage_error("renovate", "--scenario needs a scenario id");
            scenario = v;
        } else if ((m = cli_option(argc, argv, &i, "--format", NULL, &v))) {
            if (m < 0) return cli_usage_error("renovate", "--format needs table, csv or yaml");
            if (strcmp(v, "table") && strcmp(v, "csv") && strcmp(v, "yaml"))
                return cli_usage_error("renovate", "unknown format '%s' (table, csv or yaml)", v);
            format = v;
        } else if ((m = cli_option(argc, argv, &i, "--output", "-o", &v))) {
            if (m < 0) return cli_usage_error("renovate", "-o needs a file");
            out = v;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error("renovate", "unknown option '%s'", argv[i]);
        } else if (path) {
            return cli_usage_error("renovate", "one case file only");
        } else {
            path = argv[i];
        }
    }
    almen_case *c;
    int rc = cli_load(path, &c);
    if (rc) return rc;
    FILE *f = cli_open_output(out);
    if (!f) rc = EXIT_BAD_INPUT;
    else {
        rc = report(f, c, scenario, format);
        int crc = cli_close_output(f, out);
        if (!rc) rc = crc;
    }
    almen_case_free(c);
    return rc;
}
