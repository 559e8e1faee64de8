/* The case's entities and figures as tables. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "error_internal.h"
#include "table_internal.h"

static const char *district_id(const almen_case *c, size_t i)
{
    return i == NO_INDEX ? NULL : c->districts[i].id;
}

/* Builds a table with string columns id and name from an array of structs that start
 * with char *id, char *name. */
static almen_table *id_name_table(const void *array, size_t n, size_t stride)
{
    almen_table *t = table_new(n);
    if (!t) return NULL;
    if (table_add_string(t, "id") < 0 || table_add_string(t, "name") < 0) goto fail;
    for (size_t i = 0; i < n; i++) {
        char *const *item = (char *const *)((const char *)array + i * stride);
        if (table_set_string(t, 0, i, item[0]) || table_set_string(t, 1, i, item[1])) goto fail;
    }
    return t;
fail:
    almen_table_free(t);
    return NULL;
}

static int args_ok(const almen_case *c, almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!c) return almen_fail(ALMEN_EINVAL, "case is required");
    return ALMEN_OK;
}

almen_status almen_case_districts(const almen_case *c, almen_table **out)
{
    int rc = args_ok(c, out);
    if (rc) return rc;
    *out = id_name_table(c->districts, c->n_districts, sizeof *c->districts);
    return *out ? ALMEN_OK : ALMEN_ENOMEM;
}

almen_status almen_case_organisations(const almen_case *c, almen_table **out)
{
    int rc = args_ok(c, out);
    if (rc) return rc;
    *out = id_name_table(c->organisations, c->n_organisations, sizeof *c->organisations);
    return *out ? ALMEN_OK : ALMEN_ENOMEM;
}

almen_status almen_case_areas(const almen_case *c, almen_table **out)
{
    int rc = args_ok(c, out);
    if (rc) return rc;
    almen_table *t = id_name_table(c->areas, c->n_areas, sizeof *c->areas);
    if (!t) return ALMEN_ENOMEM;
    int col = table_add_string(t, "district");
    int32_t *n_dep = table_add_int(t, "departments");
    if (col < 0 || !n_dep) goto fail;
    for (size_t i = 0; i < c->n_areas; i++) {
        if (table_set_string(t, (size_t)col, i, district_id(c, c->areas[i].district))) goto fail;
        n_dep[i] = 0;
    }
    for (size_t d = 0; d < c->n_departments; d++)
        if (c->departments[d].area != NO_INDEX) n_dep[c->departments[d].area]++;
    *out = t;
    return ALMEN_OK;
fail:
    almen_table_free(t);
    return ALMEN_ENOMEM;
}

almen_status almen_case_departments(const almen_case *c, const char *level, const char *id,
                                    almen_table **out)
{
    int rc = args_ok(c, out);
    if (rc) return rc;
    size_t n;
    size_t *sel = case_select(c, level, id, &n);
    if (!sel) return almen_error_last_code();
    almen_table *t = table_new(n);
    if (!t) {
        free(sel);
        return ALMEN_ENOMEM;
    }
    int c_id = table_add_string(t, "id"), c_org = table_add_string(t, "organisation");
    int32_t *number = table_add_int(t, "number");
    int c_name = table_add_string(t, "name"), c_area = table_add_string(t, "area");
    int c_district = table_add_string(t, "district");
    int32_t *family = table_add_int(t, "family"), *youth = table_add_int(t, "youth");
    int32_t *elderly = table_add_int(t, "elderly"), *dwellings = table_add_int(t, "dwellings");
    double *floor_area = table_add_double(t, "floor_area"), *rent = table_add_double(t, "rent");
    int32_t *built = table_add_int(t, "year_built");
    rc = (c_id < 0 || c_org < 0 || !number || c_name < 0 || c_area < 0 || c_district < 0 ||
          !family || !youth || !elderly || !dwellings || !floor_area || !rent || !built)
             ? ALMEN_ENOMEM
             : ALMEN_OK;
    for (size_t r = 0; r < n && rc == ALMEN_OK; r++) {
        const department *d = &c->departments[sel[r]];
        rc = table_set_string(t, (size_t)c_id, r, d->id);
        if (!rc) rc = table_set_string(t, (size_t)c_org, r, c->organisations[d->organisation].id);
        if (!rc) rc = table_set_string(t, (size_t)c_name, r, d->name);
        if (!rc) rc = table_set_string(t, (size_t)c_area, r, d->area == NO_INDEX ? NULL : c->areas[d->area].id);
        if (!rc) rc = table_set_string(t, (size_t)c_district, r, district_id(c, d->district));
        number[r] = d->number;
        family[r] = d->family;
        youth[r] = d->youth;
        elderly[r] = d->elderly;
        dwellings[r] = d->family + d->youth + d->elderly;
        floor_area[r] = d->floor_area;
        rent[r] = d->rent;
        built[r] = d->year_built;
    }
    free(sel);
    if (rc) {
        almen_table_free(t);
        return rc;
    }
    *out = t;
    return ALMEN_OK;
}

almen_status almen_case_figures(const almen_case *c, const char *level, const char *id,
                                almen_table **out)
{
    int rc = args_ok(c, out);
    if (rc) return rc;
    size_t n;
    size_t *sel = case_select(c, level, id, &n);
    if (!sel) return almen_error_last_code();
    size_t rows = 0;
    for (size_t i = 0; i < n; i++) rows += c->departments[sel[i]].n_rows;
    almen_table *t = table_new(rows);
    double *cols[FIELD_COUNT];
    int c_dep = t ? table_add_string(t, "department") : -1;
    int32_t *year = t ? table_add_int(t, "year") : NULL;
    rc = (c_dep < 0 || !year) ? ALMEN_ENOMEM : ALMEN_OK;
    for (int f = 0; f < FIELD_COUNT && rc == ALMEN_OK; f++)
        if (!(cols[f] = table_add_double(t, FIELDS[f].name))) rc = ALMEN_ENOMEM;
    for (size_t i = 0, r = 0; i < n && rc == ALMEN_OK; i++) {
        const department *d = &c->departments[sel[i]];
        for (size_t k = 0; k < d->n_rows && rc == ALMEN_OK; k++, r++) {
            rc = table_set_string(t, (size_t)c_dep, r, d->id);
            year[r] = d->rows[k].year;
            for (int f = 0; f < FIELD_COUNT; f++) cols[f][r] = d->rows[k].v[f];
        }
    }
    free(sel);
    if (rc) {
        almen_table_free(t);
        return rc;
    }
    *out = t;
    return ALMEN_OK;
}

static const char *kind_name(field_kind k)
{
    return k == KIND_COUNT ? "count" : k == KIND_FTE ? "fte" : "amount";
}

almen_status almen_figure_fields(almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    almen_table *t = table_new(FIELD_COUNT + SHARE_COUNT);
    if (!t) return ALMEN_ENOMEM;
    int cn = table_add_string(t, "name"), ck = table_add_string(t, "kind");
    int cnum = table_add_string(t, "numerator"), cden = table_add_string(t, "denominator");
    int cdesc = table_add_string(t, "description");
    int rc = (cn < 0 || ck < 0 || cnum < 0 || cden < 0 || cdesc < 0) ? ALMEN_ENOMEM : ALMEN_OK;
    for (int f = 0; f < FIELD_COUNT && !rc; f++) {
        int den = FIELDS[f].denominator;
        rc = table_set_string(t, (size_t)cn, (size_t)f, FIELDS[f].name);
        if (!rc) rc = table_set_string(t, (size_t)ck, (size_t)f, kind_name(FIELDS[f].kind));
        if (!rc && den >= 0) rc = table_set_string(t, (size_t)cden, (size_t)f, FIELDS[den].name);
        if (!rc) rc = table_set_string(t, (size_t)cdesc, (size_t)f, FIELDS[f].description);
    }
    for (int s = 0; s < SHARE_COUNT && !rc; s++) {
        size_t r = (size_t)(FIELD_COUNT + s);
        rc = table_set_string(t, (size_t)cn, r, SHARES[s].name);
        if (!rc) rc = table_set_string(t, (size_t)ck, r, "share");
        if (!rc) rc = table_set_string(t, (size_t)cnum, r, FIELDS[SHARES[s].numerator].name);
        if (!rc) rc = table_set_string(t, (size_t)cden, r, FIELDS[SHARES[s].denominator].name);
        if (!rc) rc = table_set_string(t, (size_t)cdesc, r, SHARES[s].description);
    }
    if (rc) {
        almen_table_free(t);
        return rc;
    }
    *out = t;
    return ALMEN_OK;
}
