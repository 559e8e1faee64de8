/* libalmen: publication safety — small-cell suppression of composition figures.
 *
 * Resident figures are personal data. Landsbyggefonden gives full data only for units with
 * at least 100 persons and 50 households, and Danmarks Statistik suppresses small cells
 * (domain note §6, docs/privacy.md). The library itself always computes everything; these
 * functions are for what leaves it — exports and reports — and mark what they withhold
 * instead of dropping it.
 *
 * A unit (a row: a department-year, an area-year, ...) is suppressed when it has fewer than
 * min_persons residents or fewer than min_households households; a missing count counts as
 * too few (it cannot show that the unit is large enough). A minimum of 0 switches its half
 * of the rule off. The composition columns of a suppressed row are withheld; the unit's
 * size (residents, households) and the figures about dwellings and tenancies (vacancies,
 * move-outs, lettings, evictions) are not composition and stay. */
#ifndef ALMEN_PRIVACY_H
#define ALMEN_PRIVACY_H

#include "error.h"
#include "export.h"
#include "table.h"

ALMEN_BEGIN_DECLS

/* LBF's rule: the defaults of the command line, the reports and the bindings. */
#define ALMEN_MIN_PERSONS 100
#define ALMEN_MIN_HOUSEHOLDS 50

/* Whether a unit of persons residents and households households is suppressed under the
 * minimums: *out 1 or 0. ALMEN_EINVAL when a minimum is negative or not finite. */
ALMEN_EXTERN almen_status almen_privacy_suppressed(double persons, double households,
                                                   double min_persons, double min_households,
                                                   int *out);

/* 1 when a table column of this name holds composition figures, else 0. Decided from the
 * figure-field registry (almen_figure_fields), not a list: a field is composition when it
 * is a part of a population (it has a denominator), such a population, or the numerator
 * or denominator of a share, and every share is; residents and households, the unit's
 * size on which the rule rests, are not. */
ALMEN_EXTERN int almen_privacy_is_composition(const char *column);

/* A copy of table t in which the composition columns (almen_privacy_is_composition) of
 * every suppressed row are missing (NaN, or ALMEN_NA_INT in an int column), with a bool
 * column "suppressed" added last (1 for those rows). The unit's size is read from the
 * columns "residents" and "households"; a positive minimum whose column t lacks is
 * ALMEN_EINVAL (pass 0 to apply the other half of the rule alone), as is a table that
 * already has a "suppressed" column. */
ALMEN_EXTERN almen_status almen_table_suppress_small_cells(const almen_table *t,
                                                           double min_persons,
                                                           double min_households,
                                                           almen_table **out);

ALMEN_END_DECLS

#endif
