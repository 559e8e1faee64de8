/* A program outside libalmen, built against the installed library:
 *   cc summary.c $(pkg-config --cflags --libs almen)
 * It loads a case file (or the embedded example) and prints each housing area's
 * share of residents 18-64 outside the labour market, per year. */
#include <almen/almen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (strcmp(almen_version(), ALMEN_VERSION_STRING) != 0)
        fprintf(stderr, "note: headers %s, library %s\n", ALMEN_VERSION_STRING, almen_version());
    almen_case *c = NULL;
    int rc = argc > 1 ? almen_case_load_file(argv[1], &c) : almen_case_load_example(&c);
    if (rc != ALMEN_OK) {
        fprintf(stderr, "%s\n", almen_error_last_text());
        return 2;
    }
    almen_table *t = NULL;
    size_t area, year, share;
    if (almen_case_aggregate(c, "area", &t) || almen_table_column_index(t, "area", &area) ||
        almen_table_column_index(t, "year", &year) ||
        almen_table_column_index(t, "outside_labour_pct", &share)) {
        fprintf(stderr, "%s\n", almen_error_last_text());
        almen_table_free(t);
        almen_case_free(c);
        return 1;
    }
    printf("%s (%d): residents 18-64 outside the labour market, per cent\n",
           almen_case_municipality_name(c), almen_case_municipality_code(c));
    for (size_t r = 0; r < almen_table_nrows(t); r++) {
        double v = almen_table_get_double(t, share, r);
        printf("  %-16s %d  ", almen_table_get_string(t, area, r), (int)almen_table_get_int(t, year, r));
        if (isnan(v)) printf("NA\n");
        else printf("%.1f\n", v);
    }
    almen_table_free(t);
    almen_case_free(c);
    return 0;
}
