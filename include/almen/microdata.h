/* libalmen: department-year counts from person-level microdata.
 *
 * Register data (Danmarks Statistik's research servers, a municipality's own extracts) come
 * one row per person and year. One pass over such columns gives every department-year
 * figure that persons determine, in the definitions of the statutory criteria (domain note
 * §3, docs/microdata.md):
 *
 *   residents            every person
 *   residents_18_64      aged 18..64
 *   outside_labour_fte   sum of outside_labour_fte over those aged 18..64
 *   residents_18plus     aged 18 or over
 *   convicted            aged 18 or over with convicted = 1
 *   residents_30_59      aged 30..59
 *   basic_education      aged 30..59 with basic_education = 1
 *   taxpayers_15_64      aged 15..64 with taxpayer = 1 and student = 0
 *   income_sum           sum of income over those taxpayers
 *   nonwestern           nonwestern = 1 (any age)
 *
 * Columns (set by name; each is borrowed, see "Ownership" below):
 *
 *   department           int32   index 0..n_departments-1 (into the case's departments in
 *                                file order, or into the caller's own list of keys)
 *   year                 int32   ALMEN_MICRODATA_MIN_YEAR..ALMEN_MICRODATA_MAX_YEAR
 *   age                  int32   completed years, 0..ALMEN_MICRODATA_MAX_AGE
 *   outside_labour_fte   double  the person's full-time-equivalent share of the year outside
 *                                the labour market and education, 0..1; may be NaN outside
 *                                ages 18..64 (not used there), must be given within them
 *   income               double  gross income (bruttoindkomst), kr per year, any sign; must
 *                                be finite for the taxpayers counted, ignored (may be NaN)
 *                                for everyone else
 *   basic_education, convicted, student, taxpayer, nonwestern
 *                        flags   0 or 1, as int8 (numpy bool/int8, R raw) or int32 (R
 *                                logical/integer)
 *
 * department, year and age are required. The other columns are optional: a figure that
 * needs an absent column is missing (NaN, or ALMEN_NA_INT in an int column) and is not
 * written into a case (taxpayers_15_64 and income_sum need both taxpayer and student).
 *
 * Ownership: the handle BORROWS the arrays. It keeps the pointers, not copies, and reads
 * them only in almen_microdata_aggregate and almen_case_set_figures_from_microdata; the
 * arrays must stay alive and unchanged until then (or until the handle is freed or the
 * column set again). The friendly Python and R functions (almen.microdata_counts,
 * almen_microdata_counts) create, use and free a handle within one call, so their callers
 * need not care.
 *
 * Validation happens in the pass itself: a bad value (department index out of range, age or
 * year outside its range, a flag other than 0/1, an FTE outside 0..1, a missing FTE or
 * income where it is needed) fails with ALMEN_EINPUT, the column as the error's field and
 * the 0-based row index in the message ("row 17: age 140 is outside 0..125"); nothing is
 * returned or changed. Performance and the inner loop: docs/microdata.md. */
#ifndef ALMEN_MICRODATA_H
#define ALMEN_MICRODATA_H

#include <stddef.h>
#include <stdint.h>

#include "case.h"
#include "error.h"
#include "export.h"
#include "table.h"

ALMEN_BEGIN_DECLS

#define ALMEN_MICRODATA_MIN_YEAR 1900
#define ALMEN_MICRODATA_MAX_YEAR 2200
#define ALMEN_MICRODATA_MAX_AGE 125

typedef struct almen_microdata almen_microdata;

/* A handle for n_rows persons whose department indices run 0..n_departments-1; with
 * n_departments 0 they run up to the largest index in the data (and, for a case, over its
 * departments). No column is set yet. */
ALMEN_EXTERN almen_status almen_microdata_new(size_t n_departments, size_t n_rows,
                                              almen_microdata **out);
ALMEN_EXTERN void almen_microdata_free(almen_microdata *md);

ALMEN_EXTERN size_t almen_microdata_rows(const almen_microdata *md);
/* n_departments as given to almen_microdata_new (0: taken from the data). */
ALMEN_EXTERN size_t almen_microdata_departments(const almen_microdata *md);

/* Set (borrow) a column; n must equal the handle's n_rows. ALMEN_ENOTFOUND for an unknown
 * column name, ALMEN_EINVAL for a wrong length or a type the column does not take (int32:
 * department, year, age and flags; int8: flags; double: outside_labour_fte, income). */
ALMEN_EXTERN almen_status almen_microdata_set_int32(almen_microdata *md, const char *column,
                                                    const int32_t *values, size_t n);
ALMEN_EXTERN almen_status almen_microdata_set_int8(almen_microdata *md, const char *column,
                                                   const int8_t *values, size_t n);
ALMEN_EXTERN almen_status almen_microdata_set_double(almen_microdata *md, const char *column,
                                                     const double *values, size_t n);

/* The department-year counts: one row per department index and year with at least one
 * person, ordered by department then year. Columns: department (int, the index), year
 * (int), then the fields listed above in that order — counts as int columns, the two sums
 * (outside_labour_fte, income_sum) as double. */
ALMEN_EXTERN almen_status almen_microdata_aggregate(const almen_microdata *md,
                                                    almen_table **out);

/* Writes those counts into the case: for each department-year in the microdata, every
 * field the given columns determine is set (the year created if new); other fields,
 * other years and departments without persons are left as they are. The handle's
 * n_departments must be 0 or almen_case_department_count(c) (department i is the case's
 * i-th department in file order). Checked like every other change (values, parts not
 * above wholes when merged with what the case holds); all or nothing. */
ALMEN_EXTERN almen_status almen_case_set_figures_from_microdata(almen_case *c,
                                                                const almen_microdata *md);

ALMEN_END_DECLS

#endif
