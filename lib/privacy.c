/* Small-cell suppression of composition figures for exports and reports. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "almen/privacy.h"
#include "error_internal.h"
#include "fields.h"
#include "table_internal.h"

static int minimum_arg(const char *name, double v)
{
    if (!(v >= 0) || !isfinite(v))
        return almen_fail(ALMEN_EINVAL, "%s must be a finite number >= 0 (got %g)", name, v);
    return ALMEN_OK;
}

static int minimums_arg(double min_persons, double min_households)
{
    int rc = minimum_arg("min_persons", min_persons);
    return rc ? rc : minimum_arg("min_households", min_households);
}

/* Below a positive minimum, or unknown where a minimum applies. */
static int too_few(double count, double minimum)
{
    return minimum > 0 && !(count >= minimum);
}

almen_status almen_privacy_suppressed(double persons, double households, double min_persons,
                                      double min_households, int *out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    int rc = minimums_arg(min_persons, min_households);
    if (rc) return rc;
    *out = too_few(persons, min_persons) || too_few(households, min_households);
    return ALMEN_OK;
}

/* Composition read off the registry's structure (see privacy.h), so a new field that is
 * part of a population or of a share is covered without touching this file. */
static int field_is_composition(int f)
{
    if (f == F_RESIDENTS || f == F_HOUSEHOLDS) return 0; /* the unit's size */
    if (FIELDS[f].denominator >= 0) return 1;
    for (int g = 0; g < FIELD_COUNT; g++)
        if (FIELDS[g].denominator == f) return 1;
    for (int s = 0; s < SHARE_COUNT; s++)
        if (SHARES[s].numerator == f || SHARES[s].denominator == f) return 1;
    return 0;
}

int almen_privacy_is_composition(const char *column)
{
    if (!column) return 0;
    int f = field_index(column);
    if (f >= 0) return field_is_composition(f);
    for (int s = 0; s < SHARE_COUNT; s++)
        if (strcmp(SHARES[s].name, column) == 0) return 1;
    return 0;
}

/* The column named name, or -1 when t has none. */
static long find_column(const almen_table *t, const char *name)
{
    for (size_t j = 0; j < almen_table_ncols(t); j++)
        if (strcmp(almen_table_column_name(t, j), name) == 0) return (long)j;
    return -1;
}

static int size_column(const almen_table *t, const char *name, const char *option,
                       double minimum, long *col)
{
    *col = find_column(t, name);
    if (*col < 0 && minimum > 0)
        return almen_fail(ALMEN_EINVAL,
                          "the table has no '%s' column for %s %g (pass %s = 0 to apply the "
                          "rest of the rule alone)",
                          name, option, minimum, option);
    return ALMEN_OK;
}

/* Copies column j of t into u, withholding the rows marked in hide when withhold is set. */
static int copy_column(const almen_table *t, size_t j, almen_table *u, const int32_t *hide,
                       int withhold)
{
    size_t n = almen_table_nrows(t);
    const char *name = almen_table_column_name(t, j);
    switch (almen_table_column_type(t, j)) {
    case ALMEN_COL_DOUBLE: {
        double *d = table_add_double(u, name);
        if (!d) return ALMEN_ENOMEM;
        const double *s = almen_table_doubles(t, j);
        for (size_t r = 0; r < n; r++) d[r] = withhold && hide[r] ? NAN : s[r];
        return ALMEN_OK;
    }
    case ALMEN_COL_INT:
    case ALMEN_COL_BOOL: {
        int is_bool = almen_table_column_type(t, j) == ALMEN_COL_BOOL;
        int32_t *d = is_bool ? table_add_bool(u, name) : table_add_int(u, name);
        if (!d) return ALMEN_ENOMEM;
        const int32_t *s = almen_table_ints(t, j);
        for (size_t r = 0; r < n; r++) d[r] = withhold && hide[r] ? ALMEN_NA_INT : s[r];
        return ALMEN_OK;
    }
    default: {
        int c = table_add_string(u, name);
        if (c < 0) return ALMEN_ENOMEM;
        for (size_t r = 0; r < n; r++) {
            const char *s = withhold && hide[r] ? NULL : almen_table_get_string(t, j, r);
            int rc = table_set_string(u, (size_t)c, r, s);
            if (rc) return rc;
        }
        return ALMEN_OK;
    }
    }
}

almen_status almen_table_suppress_small_cells(const almen_table *t, double min_persons,
                                              double min_households, almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!t) return almen_fail(ALMEN_EINVAL, "table is required");
    long persons = -1, households = -1;
    int rc = minimums_arg(min_persons, min_households);
    if (!rc) rc = size_column(t, "residents", "min_persons", min_persons, &persons);
    if (!rc) rc = size_column(t, "households", "min_households", min_households, &households);
    if (!rc && find_column(t, "suppressed") >= 0)
        rc = almen_fail(ALMEN_EINVAL, "the table already has a 'suppressed' column");
    if (rc) return rc;

    size_t n = almen_table_nrows(t);
    int32_t *hide = malloc((n ? n : 1) * sizeof *hide);
    almen_table *u = hide ? table_new(n) : NULL;
    if (!u) {
        free(hide);
        return almen_fail_nomem();
    }
    for (size_t r = 0; r < n; r++) {
        double p = persons >= 0 ? almen_table_get_double(t, (size_t)persons, r) : NAN;
        double h = households >= 0 ? almen_table_get_double(t, (size_t)households, r) : NAN;
        hide[r] = too_few(p, min_persons) || too_few(h, min_households);
    }
    for (size_t j = 0; j < almen_table_ncols(t) && !rc; j++)
        rc = copy_column(t, j, u, hide, almen_privacy_is_composition(almen_table_column_name(t, j)));
    int32_t *flag = rc ? NULL : table_add_bool(u, "suppressed");
    if (flag) memcpy(flag, hide, n * sizeof *hide);
    else if (!rc) rc = ALMEN_ENOMEM;
    free(hide);
    if (rc) {
        almen_table_free(u);
        return rc;
    }
    *out = u;
    return ALMEN_OK;
}
