/* Helpers shared by the C unit tests. */
#ifndef ALMEN_TESTUTIL_H
#define ALMEN_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "almen/almen.h"

/* Loads YAML text that must be valid; fails the test with the library's message if not. */
static inline almen_case *load_ok(const char *yaml)
{
    almen_case *c = NULL;
    int rc = almen_case_load_string(yaml, "test", &c);
    if (rc) fail_msg("load failed: %s", almen_error_last_text());
    return c;
}

/* The case as YAML (caller frees with almen_free). */
static inline char *yaml_of(const almen_case *c)
{
    char *y = NULL;
    assert_int_equal(almen_case_to_yaml(c, &y), ALMEN_OK);
    return y;
}

/* Value in column name for the row whose first column equals key and year column equals
 * year. */
static inline double cell(const almen_table *t, const char *key, int year, const char *name)
{
    size_t col, ycol;
    assert_int_equal(almen_table_column_index(t, name, &col), ALMEN_OK);
    assert_int_equal(almen_table_column_index(t, "year", &ycol), ALMEN_OK);
    for (size_t r = 0; r < almen_table_nrows(t); r++) {
        const char *k = almen_table_get_string(t, 0, r);
        if (k && !strcmp(k, key) && almen_table_get_int(t, ycol, r) == year)
            return almen_table_get_double(t, col, r);
    }
    fail_msg("no row %s/%d", key, year);
    return NAN;
}

static inline void assert_close(double got, double want)
{
    if (!(fabs(got - want) <= 1e-9 * fmax(1.0, fabs(want))))
        fail_msg("got %.17g, want %.17g", got, want);
}

/* Reads a file below the source tree (ALMEN_SOURCE_ROOT); NULL when absent. */
static inline char *read_source_file(const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", ALMEN_SOURCE_ROOT, rel);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) n = 0;
    if (buf) buf[n] = '\0';
    fclose(f);
    return buf;
}

#endif
