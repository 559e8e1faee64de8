/* A case's department × group table for one year (almen_case_mix). */
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "error_internal.h"
#include "mix_internal.h"

/* The groupings by their everyday names; any field with a denominator works by its name. */
static const struct {
    const char *name;
    const char *field;
} GROUPINGS[] = {
    {"origin", "nonwestern"},
    {"work", "outside_labour_fte"},
    {"schooling", "basic_education"},
    {"conviction", "convicted"},
};

static int grouping_field(const char *grouping)
{
    if (!grouping) return -1;
    for (size_t i = 0; i < sizeof GROUPINGS / sizeof GROUPINGS[0]; i++)
        if (!strcmp(grouping, GROUPINGS[i].name)) return field_index(GROUPINGS[i].field);
    int f = field_index(grouping);
    return (f >= 0 && FIELDS[f].denominator >= 0) ? f : -1;
}

typedef enum { HI_NONE, HI_DISTRICT, HI_AREA, HI_ORGANISATION } higher_level;

static int parse_higher(const char *name, higher_level *out)
{
    if (!name || !*name || !strcmp(name, "none")) *out = HI_NONE;
    else if (!strcmp(name, "district")) *out = HI_DISTRICT;
    else if (!strcmp(name, "area")) *out = HI_AREA;
    else if (!strcmp(name, "organisation")) *out = HI_ORGANISATION;
    else return almen_fail(ALMEN_EINVAL, "unknown higher level '%s' (district, area, organisation or none)", name);
    return ALMEN_OK;
}

/* The higher unit of department d as an index, with the count of units meaning "(none)". */
static size_t higher_index(const almen_case *c, const department *d, higher_level lv, size_t *count)
{
    size_t i;
    switch (lv) {
    case HI_DISTRICT: i = d->district; *count = c->n_districts; break;
    case HI_AREA: i = d->area; *count = c->n_areas; break;
    default: i = d->organisation; *count = c->n_organisations; break;
    }
    return i == NO_INDEX ? *count : i;
}

static const char *higher_id(const almen_case *c, higher_level lv, size_t i)
{
    switch (lv) {
    case HI_DISTRICT: return i < c->n_districts ? c->districts[i].id : "(none)";
    case HI_AREA: return i < c->n_areas ? c->areas[i].id : "(none)";
    default: return c->organisations[i].id;
    }
}

almen_status almen_case_mix(const almen_case *c, const char *grouping, int year, const char *higher,
                            almen_mix **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!c) return almen_fail(ALMEN_EINVAL, "case is NULL");
    int num = grouping_field(grouping);
    if (num < 0)
        return almen_fail(ALMEN_EINVAL,
                          "unknown grouping '%s' (origin, work, schooling, conviction, or a figure field "
                          "that has a denominator)",
                          grouping ? grouping : "(null)");
    int den = FIELDS[num].denominator;
    higher_level lv = HI_NONE;
    int rc = parse_higher(higher, &lv);
    if (rc) return rc;

    size_t n = c->n_departments, used = 0;
    double *counts = malloc((n ? n : 1) * 2 * sizeof *counts);
    size_t *deps = malloc((n ? n : 1) * sizeof *deps);
    if (!counts || !deps) {
        free(counts);
        free(deps);
        return almen_fail_nomem();
    }
    for (size_t i = 0; i < n; i++) {
        const figure_row *row = department_row(&c->departments[i], year);
        if (!row || row->v[num] != row->v[num] || row->v[den] != row->v[den]) continue;
        /* Validation guarantees numerator <= denominator. */
        counts[2 * used] = row->v[num];
        counts[2 * used + 1] = row->v[den] - row->v[num];
        deps[used++] = i;
    }
    almen_mix *m = NULL;
    if (!used)
        rc = almen_fail(ALMEN_ENOTFOUND, "no department has both %s and %s for %d", FIELDS[num].name,
                        FIELDS[den].name, year);
    else
        rc = almen_mix_new(counts, 2 * used, 2, 0, &m);
    int32_t *codes = NULL;
    if (!rc && lv != HI_NONE) {
        codes = malloc(used * sizeof *codes);
        if (!codes) rc = almen_fail_nomem();
        size_t count = 0;
        for (size_t k = 0; k < used && !rc; k++)
            codes[k] = (int32_t)higher_index(c, &c->departments[deps[k]], lv, &count);
        if (!rc) rc = almen_mix_set_higher(m, codes, used);
    }
    /* Labels: department ids, the two groups, the higher units' ids. */
    for (size_t k = 0; k < used && !rc; k++) {
        char *id = strdup(c->departments[deps[k]].id);
        if (!id) rc = almen_fail_nomem();
        else {
            free(m->unit_labels[k]);
            m->unit_labels[k] = id;
        }
    }
    for (size_t g = 0; g < 2 && !rc; g++) {
        char *label = strdup(g == 0 ? FIELDS[num].name : "other");
        if (!label) rc = almen_fail_nomem();
        else {
            free(m->group_labels[g]);
            m->group_labels[g] = label;
        }
    }
    for (size_t d = 0; d < (m ? m->n_higher : 0) && !rc; d++) {
        char *label = strdup(higher_id(c, lv, (size_t)m->higher_codes[d]));
        if (!label) rc = almen_fail_nomem();
        else {
            free(m->higher_labels[d]);
            m->higher_labels[d] = label;
        }
    }
    free(counts);
    free(deps);
    free(codes);
    if (rc) {
        almen_mix_free(m);
        return rc;
    }
    *out = m;
    return ALMEN_OK;
}
