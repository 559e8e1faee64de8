#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "case_sections.h"
#include "error_internal.h"

almen_case *case_alloc(void)
{
    almen_case *c = calloc(1, sizeof *c);
    if (!c) {
        almen_fail_nomem();
        return NULL;
    }
    strmap_init(&c->department_ids);
    return c;
}

void almen_case_free(almen_case *c)
{
    if (!c) return;
    for (const case_section *const *s = CASE_SECTIONS; *s; s++) (*s)->free(c);
    for (size_t i = 0; i < c->n_districts; i++) {
        free(c->districts[i].id);
        free(c->districts[i].name);
    }
    for (size_t i = 0; i < c->n_areas; i++) {
        free(c->areas[i].id);
        free(c->areas[i].name);
    }
    for (size_t i = 0; i < c->n_organisations; i++) {
        free(c->organisations[i].id);
        free(c->organisations[i].name);
    }
    for (size_t i = 0; i < c->n_departments; i++) {
        free(c->departments[i].id);
        free(c->departments[i].name);
        free(c->departments[i].rows);
    }
    free(c->districts);
    free(c->areas);
    free(c->organisations);
    free(c->departments);
    free(c->name);
    free(c->region);
    strmap_free(&c->department_ids);
    free(c);
}

/* strdup that treats NULL as NULL; sets *failed on allocation failure. */
static char *dup_or_null(const char *s, int *failed)
{
    if (!s) return NULL;
    char *d = strdup(s);
    if (!d) *failed = 1;
    return d;
}

static void *dup_array(const void *src, size_t n, size_t size, int *failed)
{
    if (!n) return NULL;
    void *d = malloc(n * size);
    if (!d) {
        *failed = 1;
        return NULL;
    }
    memcpy(d, src, n * size);
    return d;
}

almen_status almen_case_copy(const almen_case *c, almen_case **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!c) return almen_fail(ALMEN_EINVAL, "case is required");
    almen_case *d = case_alloc();
    if (!d) return ALMEN_ENOMEM;
    int failed = 0;
    d->code = c->code;
    d->name = dup_or_null(c->name, &failed);
    d->region = dup_or_null(c->region, &failed);
    /* Copy the arrays shallowly first, then replace every owned pointer; counts are
     * set only once the array exists so a failure part-way frees cleanly. */
    d->districts = dup_array(c->districts, c->n_districts, sizeof *c->districts, &failed);
    if (d->districts) {
        d->n_districts = c->n_districts;
        for (size_t i = 0; i < d->n_districts; i++) {
            d->districts[i].id = dup_or_null(c->districts[i].id, &failed);
            d->districts[i].name = dup_or_null(c->districts[i].name, &failed);
        }
    }
    d->areas = dup_array(c->areas, c->n_areas, sizeof *c->areas, &failed);
    if (d->areas) {
        d->n_areas = c->n_areas;
        for (size_t i = 0; i < d->n_areas; i++) {
            d->areas[i].id = dup_or_null(c->areas[i].id, &failed);
            d->areas[i].name = dup_or_null(c->areas[i].name, &failed);
        }
    }
    d->organisations =
        dup_array(c->organisations, c->n_organisations, sizeof *c->organisations, &failed);
    if (d->organisations) {
        d->n_organisations = c->n_organisations;
        for (size_t i = 0; i < d->n_organisations; i++) {
            d->organisations[i].id = dup_or_null(c->organisations[i].id, &failed);
            d->organisations[i].name = dup_or_null(c->organisations[i].name, &failed);
        }
    }
    d->departments = dup_array(c->departments, c->n_departments, sizeof *c->departments, &failed);
    if (d->departments) {
        d->n_departments = c->n_departments;
        for (size_t i = 0; i < d->n_departments; i++) {
            department *dd = &d->departments[i];
            const department *sd = &c->departments[i];
            dd->id = dup_or_null(sd->id, &failed);
            dd->name = dup_or_null(sd->name, &failed);
            dd->rows = dup_array(sd->rows, sd->n_rows, sizeof *sd->rows, &failed);
            if (!dd->rows) dd->n_rows = 0;
            dd->cap_rows = dd->n_rows;
        }
    }
    if (failed || case_index_departments(d) != 0) {
        almen_case_free(d);
        return almen_fail_nomem();
    }
    for (const case_section *const *s = CASE_SECTIONS; *s; s++) {
        int rc = (*s)->copy(d, c);
        if (rc) {
            almen_case_free(d);
            return rc;
        }
    }
    *out = d;
    return ALMEN_OK;
}

int case_index_departments(almen_case *c)
{
    strmap_free(&c->department_ids);
    for (size_t i = 0; i < c->n_departments; i++) {
        int r = strmap_put(&c->department_ids, c->departments[i].id, i);
        if (r < 0) return almen_fail_nomem();
        if (r > 0) return almen_fail(ALMEN_EINPUT, "duplicate department '%s'", c->departments[i].id);
    }
    return 0;
}

size_t case_find_department(const almen_case *c, const char *id)
{
    size_t i;
    return strmap_get(&c->department_ids, id, &i) ? i : NO_INDEX;
}

/* Areas, districts and organisations are few (tens to hundreds): a scan is enough.
 * Each of their structs starts with its `char *id`. */
static size_t find_by_id(const void *array, size_t count, size_t stride, const char *id)
{
    if (!id) return NO_INDEX;
    for (size_t i = 0; i < count; i++) {
        const char *const *item_id = (const char *const *)((const char *)array + i * stride);
        if (strcmp(*item_id, id) == 0) return i;
    }
    return NO_INDEX;
}

size_t case_find_area(const almen_case *c, const char *id)
{
    return find_by_id(c->areas, c->n_areas, sizeof *c->areas, id);
}

size_t case_find_district(const almen_case *c, const char *id)
{
    return find_by_id(c->districts, c->n_districts, sizeof *c->districts, id);
}

size_t case_find_organisation(const almen_case *c, const char *id)
{
    return find_by_id(c->organisations, c->n_organisations, sizeof *c->organisations, id);
}

figure_row *department_row(const department *d, int year)
{
    size_t lo = 0, hi = d->n_rows;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->rows[mid].year < year) lo = mid + 1;
        else hi = mid;
    }
    return (lo < d->n_rows && d->rows[lo].year == year) ? &d->rows[lo] : NULL;
}

int department_reserve(department *d, size_t extra)
{
    if (d->n_rows + extra <= d->cap_rows) return ALMEN_OK;
    size_t cap = d->cap_rows ? d->cap_rows : 4;
    while (cap < d->n_rows + extra) cap *= 2;
    figure_row *rows = realloc(d->rows, cap * sizeof *rows);
    if (!rows) return almen_fail_nomem();
    d->rows = rows;
    d->cap_rows = cap;
    return ALMEN_OK;
}

figure_row *department_row_add(department *d, int year)
{
    figure_row *r = department_row(d, year);
    if (r) return r;
    if (department_reserve(d, 1) != ALMEN_OK) return NULL;
    figure_row *rows = d->rows;
    size_t pos = 0;
    while (pos < d->n_rows && rows[pos].year < year) pos++;
    memmove(&rows[pos + 1], &rows[pos], (d->n_rows - pos) * sizeof *rows);
    rows[pos].year = year;
    for (int f = 0; f < FIELD_COUNT; f++) rows[pos].v[f] = NAN;
    d->n_rows++;
    return &rows[pos];
}

const char *figure_value_problem(int field, double value)
{
    if (isnan(value)) return NULL;
    if (!isfinite(value)) return "value is not finite";
    if (value < 0) return "value is negative";
    if (FIELDS[field].kind == KIND_COUNT && value != floor(value))
        return "a count must be a whole number";
    if (value > 1e15) return "value is implausibly large (over 1e15)";
    return NULL;
}

int figure_row_inconsistent(const figure_row *row)
{
    for (int f = 0; f < FIELD_COUNT; f++) {
        int den = FIELDS[f].denominator;
        if (den >= 0 && !isnan(row->v[f]) && !isnan(row->v[den]) && row->v[f] > row->v[den])
            return f;
    }
    return -1;
}

static const struct {
    const char *alias;
    const char *name;
} regions[] = {
    {"Hovedstaden", "Hovedstaden"}, {"Sjælland", "Sjælland"},       {"Sjaelland", "Sjælland"},
    {"Syddanmark", "Syddanmark"},   {"Midtjylland", "Midtjylland"}, {"Nordjylland", "Nordjylland"},
};

const char *region_canonical(const char *name)
{
    if (!name) return NULL;
    for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++)
        if (strcmp(regions[i].alias, name) == 0) return regions[i].name;
    return NULL;
}

/* Which departments a level and id select. */
static int selects(const department *d, int level, size_t target)
{
    switch (level) {
    case 1: return d->district == target;
    case 2: return d->area == target;
    case 3: return d->organisation == target;
    default: return 1;
    }
}

size_t *case_select(const almen_case *c, const char *level, const char *id, size_t *n)
{
    int lv = 0;
    size_t target = NO_INDEX;
    *n = 0;
    if (!level || strcmp(level, "municipality") == 0 || strcmp(level, "all") == 0) {
        lv = 0;
    } else if (strcmp(level, "department") == 0) {
        size_t i = case_find_department(c, id);
        if (i == NO_INDEX) {
            almen_fail(ALMEN_ENOTFOUND, "no department '%s'", id ? id : "(null)");
            return NULL;
        }
        size_t *one = malloc(sizeof *one);
        if (!one) {
            almen_fail_nomem();
            return NULL;
        }
        *one = i;
        *n = 1;
        return one;
    } else {
        if (strcmp(level, "district") == 0) lv = 1, target = case_find_district(c, id);
        else if (strcmp(level, "area") == 0) lv = 2, target = case_find_area(c, id);
        else if (strcmp(level, "organisation") == 0) lv = 3, target = case_find_organisation(c, id);
        else {
            almen_fail(ALMEN_EINVAL,
                       "unknown level '%s' (municipality, district, area, organisation, department)",
                       level);
            return NULL;
        }
        if (target == NO_INDEX) {
            almen_fail(ALMEN_ENOTFOUND, "no %s '%s'", level, id ? id : "(null)");
            return NULL;
        }
    }
    size_t *sel = malloc((c->n_departments ? c->n_departments : 1) * sizeof *sel);
    if (!sel) {
        almen_fail_nomem();
        return NULL;
    }
    for (size_t i = 0; i < c->n_departments; i++)
        if (selects(&c->departments[i], lv, target)) sel[(*n)++] = i;
    return sel;
}

int almen_case_municipality_code(const almen_case *c) { return c ? c->code : 0; }
const char *almen_case_municipality_name(const almen_case *c) { return c ? c->name : NULL; }
const char *almen_case_region(const almen_case *c) { return c ? c->region : NULL; }
size_t almen_case_department_count(const almen_case *c) { return c ? c->n_departments : 0; }
