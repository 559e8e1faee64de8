/* The case model as the library sees it. Never installed. */
#ifndef ALMEN_CASE_INTERNAL_H
#define ALMEN_CASE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "almen/case.h"
#include "fields.h"
#include "strmap.h"

#define NO_INDEX ((size_t)-1)

typedef struct {
    char *id;
    char *name;
} district;

typedef struct {
    char *id;
    char *name;
    size_t district; /* index, or NO_INDEX */
} area;

typedef struct {
    char *id;
    char *name;
} organisation;

/* One department's figures for one year; NaN marks a missing value. */
typedef struct {
    int year;
    double v[FIELD_COUNT];
} figure_row;

typedef struct {
    char *id; /* "<organisation id>-<number>" */
    size_t organisation;
    int number;
    char *name;
    size_t area;     /* index, or NO_INDEX */
    size_t district; /* own or the area's, or NO_INDEX */
    int explicit_district; /* the file named the district (kept on save) */
    int32_t family, youth, elderly;
    double floor_area;     /* m² */
    double rent;           /* kr per m² per year; NaN when not given */
    int32_t year_built;    /* ALMEN_NA_INT when not given */
    figure_row *rows;      /* sorted by year, no duplicates */
    size_t n_rows;
    size_t cap_rows;
} department;

struct almen_case {
    int code;
    char *name;
    char *region;
    district *districts;
    size_t n_districts;
    area *areas;
    size_t n_areas;
    organisation *organisations;
    size_t n_organisations;
    department *departments;
    size_t n_departments;
    strmap department_ids; /* id -> index into departments */
    /* Sections of other modules (case_sections.h) keep their data below, one pointer
     * each, owned by the case and released by the section's free. */
    struct agr_list *agreements; /* agreement_case.c: the `agreements` section, or NULL */
    struct rv_scenarios *scenarios; /* renovation_load.c: the `scenarios` section, or NULL */
    struct ref_list *references; /* references.c: the `references` section, or NULL */
    struct hh_types *household_types; /* simulate_types.c: `household_types`, or NULL */
};

almen_case *case_alloc(void);
/* Rebuilds department_ids; -1 when out of memory or on a duplicate id (reported). */
int case_index_departments(almen_case *c);
size_t case_find_department(const almen_case *c, const char *id);
size_t case_find_area(const almen_case *c, const char *id);
size_t case_find_district(const almen_case *c, const char *id);
size_t case_find_organisation(const almen_case *c, const char *id);

/* The row for year, or NULL. */
figure_row *department_row(const department *d, int year);
/* The row for year, created (all values missing) in year order if absent; NULL when out
 * of memory. Never fails once department_reserve has made room. */
figure_row *department_row_add(department *d, int year);
/* Makes room for extra more rows, so that a change can be applied without failing. */
int department_reserve(department *d, size_t extra);

/* Checks one value against its field's rules. Returns NULL when valid, else a message
 * (static text). NaN (missing) is always valid here. */
const char *figure_value_problem(int field, double value);
/* The first field whose numerator exceeds its denominator in row, or -1. */
int figure_row_inconsistent(const figure_row *row);

/* The region's canonical name for a name or alias, or NULL when unknown. */
const char *region_canonical(const char *name);

/* The departments a level/id pair selects, as indices in file order; *n set. The
 * caller frees the result. On error NULL with the error recorded (an empty selection
 * is a valid non-NULL result). */
size_t *case_select(const almen_case *c, const char *level, const char *id, size_t *n);

#endif
