/* almen report: the municipality at a glance. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct {
    const almen_table *t;
    size_t unit, year, residents, households, dwellings, suppressed;
    size_t share[5];
} agg_view;

static const char *const SHARE_COLS[5] = {"outside_labour_pct", "convicted_pct",
                                          "basic_education_pct", "nonwestern_pct", "average_income"};

static int view(const almen_table *t, const char *unit_col, agg_view *v)
{
    v->t = t;
    int rc = almen_table_column_index(t, unit_col, &v->unit) ||
             almen_table_column_index(t, "year", &v->year) ||
             almen_table_column_index(t, "residents", &v->residents) ||
             almen_table_column_index(t, "households", &v->households) ||
             almen_table_column_index(t, "dwellings", &v->dwellings) ||
             almen_table_column_index(t, "suppressed", &v->suppressed);
    for (int s = 0; s < 5 && !rc; s++) rc = almen_table_column_index(t, SHARE_COLS[s], &v->share[s]);
    return rc;
}

/* printf pads by bytes; names hold æ, ø and å, so pad by code points. */
static void print_label(FILE *f, const char *label, int width)
{
    int used = 0;
    for (const char *p = label; *p; p++) {
        int starts = ((unsigned char)*p & 0xC0) != 0x80;
        if (starts && used == width) break;
        used += starts;
        fputc(*p, f);
    }
    fprintf(f, "%*s", width - used, "");
}

static void print_header(FILE *f, const char *what)
{
    fprintf(f, "  %-22s %9s %9s %8s %8s %8s %8s %11s\n", what, "dwellings", "residents",
            "outside%", "convict%", "basic%", "nonwest%", "income kr");
}

static void print_row(FILE *f, const agg_view *v, size_t r, const char *label)
{
    double residents = almen_table_get_double(v->t, v->residents, r);
    fputs("  ", f);
    print_label(f, label, 22);
    fprintf(f, " %9ld %9.0f", (long)almen_table_get_int(v->t, v->dwellings, r), residents);
    if (almen_table_get_int(v->t, v->suppressed, r)) {
        fprintf(f, "   (composition suppressed: < %d persons or < %d households)\n", ALMEN_MIN_PERSONS,
                ALMEN_MIN_HOUSEHOLDS);
        return;
    }
    for (int s = 0; s < 4; s++) {
        double x = almen_table_get_double(v->t, v->share[s], r);
        if (isnan(x)) fprintf(f, " %8s", "NA");
        else fprintf(f, " %8.1f", x);
    }
    double inc = almen_table_get_double(v->t, v->share[4], r);
    if (isnan(inc)) fprintf(f, " %11s\n", "NA");
    else fprintf(f, " %11.0f\n", inc);
}

static int latest_year(const agg_view *v)
{
    int y = 0;
    for (size_t r = 0; r < almen_table_nrows(v->t); r++)
        if (almen_table_get_int(v->t, v->year, r) > y) y = almen_table_get_int(v->t, v->year, r);
    return y;
}

/* The row of unit id in year, or (size_t)-1. */
static size_t find_row(const agg_view *v, const char *id, int year)
{
    for (size_t r = 0; r < almen_table_nrows(v->t); r++) {
        const char *u = almen_table_get_string(v->t, v->unit, r);
        if (u && !strcmp(u, id) && almen_table_get_int(v->t, v->year, r) == year) return r;
    }
    return (size_t)-1;
}

/* The aggregate at level with LBF's publication rule applied (docs/privacy.md). */
static int published_aggregate(const almen_case *c, const char *level, almen_table **out)
{
    almen_table *all = NULL;
    int rc = almen_case_aggregate(c, level, &all);
    if (!rc) rc = almen_table_suppress_small_cells(all, ALMEN_MIN_PERSONS, ALMEN_MIN_HOUSEHOLDS, out);
    almen_table_free(all);
    return rc;
}

static int text_report(FILE *f, const almen_case *c)
{
    almen_table *areas = NULL, *districts = NULL, *by_area = NULL, *by_district = NULL, *total = NULL;
    int rc = EXIT_OK;
    agg_view va, vd, vm;
    if (almen_case_areas(c, &areas) || almen_case_districts(c, &districts) ||
        published_aggregate(c, "area", &by_area) || published_aggregate(c, "district", &by_district) ||
        published_aggregate(c, "municipality", &total) || view(by_area, "area", &va) ||
        view(by_district, "district", &vd) || view(total, "municipality", &vm)) {
        rc = cli_error();
        goto done;
    }
    int year = latest_year(&vm);
    fprintf(f, "%s (municipality %d, region %s): %zu departments, %zu districts, %zu housing areas\n",
            almen_case_municipality_name(c), almen_case_municipality_code(c), almen_case_region(c),
            almen_case_department_count(c), almen_table_nrows(districts), almen_table_nrows(areas));
    if (!year) {
        fprintf(f, "No figures in this case.\n");
        goto done;
    }
    fprintf(f, "Figures for %d; shares are ratios of sums over departments; composition is not shown\n"
               "for units below %d persons or %d households.\n",
            year, ALMEN_MIN_PERSONS, ALMEN_MIN_HOUSEHOLDS);
    size_t col_district;
    almen_table_column_index(areas, "district", &col_district);
    for (size_t d = 0; d <= almen_table_nrows(districts); d++) {
        /* Areas per district, then the areas belonging to no district. */
        const char *did = d < almen_table_nrows(districts) ? almen_table_get_string(districts, 0, d) : NULL;
        int printed = 0;
        for (size_t a = 0; a < almen_table_nrows(areas); a++) {
            const char *ad = almen_table_get_string(areas, col_district, a);
            if (did ? !(ad && !strcmp(ad, did)) : ad != NULL) continue;
            if (!printed++) {
                if (did) fprintf(f, "\nDistrict %s\n", almen_table_get_string(districts, 1, d));
                else fprintf(f, "\nAreas outside any district\n");
                print_header(f, "housing area");
            }
            size_t r = find_row(&va, almen_table_get_string(areas, 0, a), year);
            if (r != (size_t)-1) print_row(f, &va, r, almen_table_get_string(areas, 1, a));
        }
        size_t r = did ? find_row(&vd, did, year) : (size_t)-1;
        if (r != (size_t)-1) {
            if (!printed) {
                fprintf(f, "\nDistrict %s\n", almen_table_get_string(districts, 1, d));
                print_header(f, "");
            }
            print_row(f, &vd, r, "district total");
        }
    }
    fprintf(f, "\n");
    print_header(f, "");
    print_row(f, &vm, find_row(&vm, almen_case_municipality_name(c), year), "municipality total");
done:
    almen_table_free(areas);
    almen_table_free(districts);
    almen_table_free(by_area);
    almen_table_free(by_district);
    almen_table_free(total);
    return rc;
}

int cmd_report(int argc, char **argv)
{
    const char *path = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int m = cli_option(argc, argv, &i, "--output", "-o", &v);
        if (m < 0) return cli_usage_error("report", "-o needs a file");
        if (m > 0) out = v;
        else if (argv[i][0] == '-' && argv[i][1]) return cli_usage_error("report", "unknown option '%s'", argv[i]);
        else if (path) return cli_usage_error("report", "one case file only");
        else path = argv[i];
    }
    almen_case *c;
    int rc = cli_load(path, &c);
    if (rc) return rc;
    FILE *f = cli_open_output(out);
    if (!f) rc = EXIT_BAD_INPUT;
    else {
        rc = text_report(f, c);
        int crc = cli_close_output(f, out);
        if (!rc) rc = crc;
    }
    almen_case_free(c);
    return rc;
}
