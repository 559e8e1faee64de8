/* Department figures summed up to areas, districts, organisations or the municipality,
 * with shares as ratios of sums. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "error_internal.h"
#include "table_internal.h"

typedef enum { LV_DEPARTMENT, LV_AREA, LV_DISTRICT, LV_ORGANISATION, LV_MUNICIPALITY } level_t;

static const char *const LEVEL_NAMES[] = {"department", "area", "district", "organisation",
                                          "municipality"};

static int parse_level(const char *name, level_t *out)
{
    for (int i = 0; i < 5; i++) {
        if (name && strcmp(name, LEVEL_NAMES[i]) == 0) {
            *out = (level_t)i;
            return ALMEN_OK;
        }
    }
    return almen_fail(ALMEN_EINVAL,
                      "unknown level '%s' (department, area, district, organisation, municipality)",
                      name ? name : "(null)");
}

static size_t unit_count(const almen_case *c, level_t lv)
{
    switch (lv) {
    case LV_DEPARTMENT: return c->n_departments;
    case LV_AREA: return c->n_areas;
    case LV_DISTRICT: return c->n_districts;
    case LV_ORGANISATION: return c->n_organisations;
    default: return 1;
    }
}

static size_t unit_of(const department *d, size_t index, level_t lv)
{
    switch (lv) {
    case LV_DEPARTMENT: return index;
    case LV_AREA: return d->area;
    case LV_DISTRICT: return d->district;
    case LV_ORGANISATION: return d->organisation;
    default: return 0;
    }
}

static const char *unit_id(const almen_case *c, level_t lv, size_t u)
{
    switch (lv) {
    case LV_DEPARTMENT: return c->departments[u].id;
    case LV_AREA: return c->areas[u].id;
    case LV_DISTRICT: return c->districts[u].id;
    case LV_ORGANISATION: return c->organisations[u].id;
    default: return c->name;
    }
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The distinct years with figures, ascending. */
static int *distinct_years(const almen_case *c, size_t *n)
{
    size_t total = 0;
    for (size_t i = 0; i < c->n_departments; i++) total += c->departments[i].n_rows;
    int *years = malloc((total ? total : 1) * sizeof *years);
    if (!years) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < c->n_departments; i++)
        for (size_t r = 0; r < c->departments[i].n_rows; r++) years[k++] = c->departments[i].rows[r].year;
    qsort(years, k, sizeof *years, cmp_int);
    size_t m = 0;
    for (size_t i = 0; i < k; i++)
        if (m == 0 || years[m - 1] != years[i]) years[m++] = years[i];
    *n = m;
    return years;
}

typedef struct {
    int32_t departments;
    int32_t dwellings;
    double sum[FIELD_COUNT]; /* NaN once any contributing department lacks the value */
} cell;

static int year_slot(const int *years, size_t n, int year)
{
    const int *p = bsearch(&year, years, n, sizeof *years, cmp_int);
    return (int)(p - years);
}

static almen_table *emit(const almen_case *c, level_t lv, const cell *cells, size_t n_units,
                         const int *years, size_t n_years)
{
    size_t rows = 0;
    for (size_t i = 0; i < n_units * n_years; i++) rows += cells[i].departments > 0;
    almen_table *t = table_new(rows);
    if (!t) return NULL;
    int c_unit = table_add_string(t, LEVEL_NAMES[lv]);
    int32_t *year = table_add_int(t, "year"), *deps = table_add_int(t, "departments");
    int32_t *dw = table_add_int(t, "dwellings");
    double *sums[FIELD_COUNT], *shares[SHARE_COUNT];
    int ok = c_unit >= 0 && year && deps && dw;
    for (int f = 0; f < FIELD_COUNT && ok; f++) ok = (sums[f] = table_add_double(t, FIELDS[f].name)) != NULL;
    for (int s = 0; s < SHARE_COUNT && ok; s++) ok = (shares[s] = table_add_double(t, SHARES[s].name)) != NULL;
    size_t r = 0;
    for (size_t u = 0; u < n_units && ok; u++) {
        for (size_t y = 0; y < n_years && ok; y++) {
            const cell *cl = &cells[u * n_years + y];
            if (!cl->departments) continue;
            ok = table_set_string(t, (size_t)c_unit, r, unit_id(c, lv, u)) == ALMEN_OK;
            year[r] = years[y];
            deps[r] = cl->departments;
            dw[r] = cl->dwellings;
            for (int f = 0; f < FIELD_COUNT; f++) sums[f][r] = cl->sum[f];
            for (int s = 0; s < SHARE_COUNT; s++) {
                double num = cl->sum[SHARES[s].numerator], den = cl->sum[SHARES[s].denominator];
                shares[s][r] = (den > 0) ? SHARES[s].scale * num / den : NAN;
            }
            r++;
        }
    }
    if (!ok) {
        almen_table_free(t);
        return NULL;
    }
    return t;
}

almen_status almen_case_aggregate(const almen_case *c, const char *level, almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!c) return almen_fail(ALMEN_EINVAL, "case is required");
    level_t lv = LV_MUNICIPALITY;
    int rc = parse_level(level, &lv);
    if (rc) return rc;
    size_t n_units = unit_count(c, lv), n_years;
    int *years = distinct_years(c, &n_years);
    cell *cells = years ? calloc(n_units * n_years + 1, sizeof *cells) : NULL;
    if (!cells) {
        free(years);
        return almen_fail_nomem();
    }
    for (size_t i = 0; i < c->n_departments; i++) {
        const department *d = &c->departments[i];
        size_t u = unit_of(d, i, lv);
        if (u == NO_INDEX) continue; /* e.g. a department outside every area */
        for (size_t k = 0; k < d->n_rows; k++) {
            cell *cl = &cells[u * n_years + (size_t)year_slot(years, n_years, d->rows[k].year)];
            cl->departments++;
            cl->dwellings += d->family + d->youth + d->elderly;
            /* NaN propagates: one missing value makes the unit's sum unknown. */
            for (int f = 0; f < FIELD_COUNT; f++) cl->sum[f] += d->rows[k].v[f];
        }
    }
    almen_table *t = emit(c, lv, cells, n_units, years, n_years);
    free(cells);
    free(years);
    if (!t) return ALMEN_ENOMEM;
    *out = t;
    return ALMEN_OK;
}
