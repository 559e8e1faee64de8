/* libalmen: a case — one municipality's social housing, loaded from a YAML case file.
 *
 * A case holds the municipality, its districts (bydele), housing areas (boligområder),
 * housing organisations and their departments (afdelinger), and per department and year
 * the key figures: residents, households, turnover and the composition counts behind
 * the statutory criteria, each as a numerator with its denominator.
 *
 * Departments are identified as "<organisation id>-<department number>", e.g. "401-12".
 * Queries take a level and an id to select departments:
 *   level NULL or "municipality"  every department (id ignored)
 *   "district", "area", "organisation", "department"  those belonging to id.
 * The formats are documented in docs/case-format.md. */
#ifndef ALMEN_CASE_H
#define ALMEN_CASE_H

#include <stddef.h>

#include "error.h"
#include "export.h"
#include "table.h"

ALMEN_BEGIN_DECLS

typedef struct almen_case almen_case;

/* Loading. Nothing is returned unless the whole input is valid; on error *out is NULL
 * and the last error names the source, line, column and field. */
ALMEN_EXTERN almen_status almen_case_load_file(const char *path, almen_case **out);
/* source_name labels errors ("<string>" when NULL). */
ALMEN_EXTERN almen_status almen_case_load_string(const char *yaml, const char *source_name,
                                                 almen_case **out);
/* The embedded, synthetic example municipality "Eksempelby" (data/eksempelby.yaml). */
ALMEN_EXTERN almen_status almen_case_load_example(almen_case **out);
/* The example's YAML text, as compiled into the library (static; do not free). */
ALMEN_EXTERN const char *almen_example_yaml(void);

ALMEN_EXTERN almen_status almen_case_copy(const almen_case *c, almen_case **out);
ALMEN_EXTERN void almen_case_free(almen_case *c);

/* Saving: a canonical YAML that loads back to an identical case (numbers round-trip
 * exactly; comments and key order of the original are not kept). */
ALMEN_EXTERN almen_status almen_case_save_file(const almen_case *c, const char *path);
/* *out is freed with almen_free. */
ALMEN_EXTERN almen_status almen_case_to_yaml(const almen_case *c, char **out);

/* Department-year figures from CSV: a header row naming "department", "year" and any
 * figure fields; one row per department and year. Each row sets the named fields of
 * that department-year (creating the year if new); an empty cell sets the value as
 * missing. Either every row is applied or, on any error, none. */
ALMEN_EXTERN almen_status almen_case_import_csv_file(almen_case *c, const char *path);
ALMEN_EXTERN almen_status almen_case_import_csv_string(almen_case *c, const char *csv,
                                                       const char *source_name);

/* The municipality. */
ALMEN_EXTERN int almen_case_municipality_code(const almen_case *c);
ALMEN_EXTERN const char *almen_case_municipality_name(const almen_case *c);
ALMEN_EXTERN const char *almen_case_region(const almen_case *c);
ALMEN_EXTERN size_t almen_case_department_count(const almen_case *c);

/* Tables of the entities: one row each, in file order. */
ALMEN_EXTERN almen_status almen_case_districts(const almen_case *c, almen_table **out);
ALMEN_EXTERN almen_status almen_case_areas(const almen_case *c, almen_table **out);
ALMEN_EXTERN almen_status almen_case_organisations(const almen_case *c, almen_table **out);
/* Departments selected by level and id (see above): id, organisation, number, name,
 * area, district, dwellings by type, floor area, rent, year built. */
ALMEN_EXTERN almen_status almen_case_departments(const almen_case *c, const char *level,
                                                 const char *id, almen_table **out);
/* The department-year figures of the selected departments, one row per department and
 * year, a column per figure field (NaN where missing). */
ALMEN_EXTERN almen_status almen_case_figures(const almen_case *c, const char *level,
                                             const char *id, almen_table **out);

/* One figure. ALMEN_ENOTFOUND for an unknown department, year or field; NaN when the
 * department-year exists but the value is missing. */
ALMEN_EXTERN almen_status almen_case_figure(const almen_case *c, const char *department,
                                            int year, const char *field, double *out);
/* Sets one figure (NaN clears it), creating the department-year if needed. The value is
 * checked exactly as a loaded one; on error nothing changes. */
ALMEN_EXTERN almen_status almen_case_set_figure(almen_case *c, const char *department,
                                                int year, const char *field, double value);
/* Sets field for year in every department at once: values[i] belongs to the i-th
 * department in file order (n must equal almen_case_department_count); NaN clears. */
ALMEN_EXTERN almen_status almen_case_set_figure_values(almen_case *c, const char *field,
                                                       int year, const double *values,
                                                       size_t n);

/* Figures summed from departments up to a level ("department", "area", "district",
 * "organisation", "municipality"), one row per unit and year, with the derived shares
 * computed as ratio of sums (never the mean of department shares). A sum is missing
 * when any contributing department lacks that value for the year; a department with no
 * figures for a year does not contribute to it. */
ALMEN_EXTERN almen_status almen_case_aggregate(const almen_case *c, const char *level,
                                               almen_table **out);

/* The figure fields a case can hold and the shares derived from them: name, kind
 * ("count", "fte", "amount" or "share"), numerator, denominator, description. */
ALMEN_EXTERN almen_status almen_figure_fields(almen_table **out);

ALMEN_END_DECLS

#endif
