/* libalmen: agreements between a municipality and its housing organisations, the letting
 * policy they produce together with the law, and checks against the law.
 *
 * An agreement (docs/agreements.md) has parties and adoptions, a geography (the whole
 * municipality, districts, areas or named departments), governance (roles, boards and
 * sub-boards), a period (start, end, review dates), themes switched on or off, and
 * instruments with parameters: municipal allocation (almenboligloven §59 stk. 1-2),
 * allocation bans (§59 stk. 6-7), flexible letting (§60), combined letting (§51b),
 * mandatory rejection (§51c), dwellings for target groups, funded initiatives.
 *
 * Agreements live in a case (the case file's `agreements` section, or added with
 * almen_case_add_agreements) or stand alone (almen_agreements, read from a file or text
 * in the same format). Five templates are compiled in: the four cooperation models
 * "hele-byen" (Vejle), "lille-bydel" (Herning), "bydel-for-bydel" (København), "naalestik"
 * (Herlev), and "strategisk-anvisning", a strategic allocation-and-letting agreement.
 *
 * Dates are ISO text "YYYY-MM-DD" (a real calendar date, years 1900-2200) everywhere in
 * this API; NULL for a date argument means today (local time).
 *
 * The area status on a date (which statutory lists an area is on) decides which statutory
 * instruments apply: the list published on the list date (default 1 December) of year Y
 * applies from that day until the day before the next list. The status comes from
 * statuses set explicitly in the options and, for area-years not set there, from the
 * statutory classification of the case (almen_case_classify) when the options allow it. */
#ifndef ALMEN_AGREEMENTS_H
#define ALMEN_AGREEMENTS_H

#include <stddef.h>

#include "case.h"
#include "error.h"
#include "export.h"
#include "table.h"

ALMEN_BEGIN_DECLS

typedef struct almen_agreements almen_agreements;
typedef struct almen_agreement_options almen_agreement_options;

/* ---- Agreements on their own ---------------------------------------------------------- */

/* Reads agreements: a YAML document whose top level is a mapping with the key `agreements`
 * (a list; optional keys `format: 1` and `template`) or the list itself. Every field is
 * checked as in a case file except the references to the case's organisations, districts,
 * areas and departments, which are checked when the agreements are added to a case; lists
 * of the geography may be empty here (an unfilled template). Errors name the source, line,
 * column and field. */
ALMEN_EXTERN almen_status almen_agreements_load_file(const char *path, almen_agreements **out);
/* source_name labels errors ("<string>" when NULL). */
ALMEN_EXTERN almen_status almen_agreements_load_string(const char *yaml, const char *source_name,
                                                       almen_agreements **out);
ALMEN_EXTERN void almen_agreements_free(almen_agreements *a);
ALMEN_EXTERN size_t almen_agreements_count(const almen_agreements *a);
/* Canonical YAML (`agreements:` and the list) that loads back to the same agreements;
 * *out is freed with almen_free. */
ALMEN_EXTERN almen_status almen_agreements_to_yaml(const almen_agreements *a, char **out);
/* One row per agreement, see almen_case_agreements. */
ALMEN_EXTERN almen_status almen_agreements_table(const almen_agreements *a, almen_table **out);

/* ---- Templates ------------------------------------------------------------------------ */

/* The compiled-in templates: name, model, title, fill (the geography level targets name:
 * "municipality", "districts", "areas" or "departments"), description. */
ALMEN_EXTERN almen_status almen_agreement_templates(almen_table **out);
/* A template as agreements (unfilled geography); ALMEN_ENOTFOUND for an unknown name. */
ALMEN_EXTERN almen_status almen_agreement_template(const char *name, almen_agreements **out);
/* The template's YAML text, to copy and edit; *out is freed with almen_free. */
ALMEN_EXTERN almen_status almen_agreement_template_yaml(const char *name, char **out);

/* ---- Agreements in a case ------------------------------------------------------------- */

/* Adds copies of a's agreements to the case after checking them against it: organisations,
 * districts, areas and departments must exist, an instrument's `applies_to` must lie inside
 * the agreement's geography, the municipality code must be the case's, ids must be new.
 * Errors name a's source, line, column and field; on error the case is unchanged. */
ALMEN_EXTERN almen_status almen_case_add_agreements(almen_case *c, const almen_agreements *a);
/* Adds the template `name` filled in: id (NULL: the template's), start (NULL: keep the
 * template's dates; otherwise every date of the template moves by the same number of
 * months and days, so the period keeps its length), targets (comma-separated ids of the
 * template's fill level; NULL: every district or area of the case, the whole municipality
 * for municipality templates; a departments template needs targets). */
ALMEN_EXTERN almen_status almen_case_add_template(almen_case *c, const char *name, const char *id,
                                                  const char *start, const char *targets);
/* Removes the agreement with this id; ALMEN_ENOTFOUND when there is none. */
ALMEN_EXTERN almen_status almen_case_remove_agreement(almen_case *c, const char *id);
ALMEN_EXTERN size_t almen_case_agreement_count(const almen_case *c);
/* The case's agreements as a standalone YAML document (saved cases carry them in their
 * `agreements` section anyway); *out is freed with almen_free. */
ALMEN_EXTERN almen_status almen_case_agreements_yaml(const almen_case *c, char **out);

/* One row per agreement in file order: id, name, model, organisations (comma-separated),
 * geography ("municipality", or e.g. "districts: nord, syd"), start, end (NULL when open),
 * reviews (comma-separated), council_adopted (date or NULL), themes_on (comma-separated),
 * instruments (count), extension_60b (date or NULL). */
ALMEN_EXTERN almen_status almen_case_agreements(const almen_case *c, almen_table **out);
/* One row per instrument: agreement, index (0-based within the agreement), instrument,
 * paragraph, share_pct, quota_pct, groups, criteria, dwelling_types, area_status (the
 * statuses it is limited to, NULL when any), applies_to (NULL when the whole geography),
 * parameters (everything as text), note. */
ALMEN_EXTERN almen_status almen_case_agreement_instruments(const almen_case *c,
                                                           almen_table **out);
/* One row per agreement and theme (the fixed themes, then free-form ones): agreement,
 * theme, on (bool; NA when the agreement does not say). */
ALMEN_EXTERN almen_status almen_case_agreement_themes(const almen_case *c, almen_table **out);
/* Governance, one row per role or board (boards marked per_district expanded to one per
 * district of the geography): agreement, kind ("role" or "board"), id, name, role, parent,
 * district, members. */
ALMEN_EXTERN almen_status almen_case_agreement_governance(const almen_case *c,
                                                         almen_table **out);

/* ---- Options for the policy, findings and coverage ------------------------------------ */

/* Options start with the defaults of almen_agreement_parameters, no explicit statuses and
 * the classification allowed. */
ALMEN_EXTERN almen_status almen_agreement_options_new(almen_agreement_options **out);
ALMEN_EXTERN void almen_agreement_options_free(almen_agreement_options *o);
/* Sets a numeric parameter by name (see almen_agreement_parameters). */
ALMEN_EXTERN almen_status almen_agreement_options_set_parameter(almen_agreement_options *o,
                                                                const char *name, double value);
/* Sets a text parameter: "list_date" ("MM-DD", the day the statutory lists are published)
 * or "statutory_from" (a date: statutory instruments are added from this day). */
ALMEN_EXTERN almen_status almen_agreement_options_set_text(almen_agreement_options *o,
                                                           const char *name, const char *value);
/* The numeric and text parameters: name, kind ("number" or "text"), default, paragraph,
 * description. */
ALMEN_EXTERN almen_status almen_agreement_parameters(almen_table **out);

/* Sets an area's status for list year explicitly: category "none" (on no list), "udsat",
 * "parallelsamfund", "omdannelsesomraade", "forebyggelsesomraade", or the older
 * "ghetto" / "haardt_ghetto"; "unknown" removes the explicit entry. The categories nest:
 * omdannelsesomraade implies parallelsamfund, which implies udsat; ghetto counts as
 * parallelsamfund and haardt_ghetto as omdannelsesomraade (L 23 renamed them). Calls for the
 * same area and year add categories ("none" clears them). The area must exist in the case
 * the options are used with (checked there). */
ALMEN_EXTERN almen_status almen_agreement_options_set_status(almen_agreement_options *o,
                                                             const char *area, int year,
                                                             const char *category);
/* The same from CSV with a header naming area, year and category (one category per row);
 * all rows or none. Errors name line, column and field. */
ALMEN_EXTERN almen_status almen_agreement_options_set_status_csv(almen_agreement_options *o,
                                                                 const char *csv,
                                                                 const char *source_name);
/* Whether area-years without an explicit status are classified with almen_case_classify
 * (1, the default) or left unknown (0). */
ALMEN_EXTERN almen_status almen_agreement_options_set_classification(almen_agreement_options *o,
                                                                     int use);

/* ---- Area status, letting policy, findings, coverage ---------------------------------- */

/* Per housing area on date: area, date, list_year, status (comma-separated categories,
 * "none", or NULL when unknown), source ("explicit", "classification" or "unknown"). */
ALMEN_EXTERN almen_status almen_case_area_status(const almen_case *c, const char *date,
                                                 const almen_agreement_options *o,
                                                 almen_table **out);

/* The effective letting policy on date of one department (NULL: every department, file
 * order): one row per instrument that applies, from agreements in force (start <= date <=
 * end) whose geography and applies_to cover the department and whose area_status condition
 * holds, and from the law by the area's status (source "statutory"; only for departments
 * with family dwellings and from statutory_from). A department with neither has one row
 * with instrument "none". Columns: department, area, district, date, list_year,
 * area_status (as almen_case_area_status; "none" outside areas), source (agreement id or
 * "statutory"), paragraph, instrument, share_pct, quota_pct, groups, criteria,
 * dwelling_types, parameters, note. */
ALMEN_EXTERN almen_status almen_case_letting_policy(const almen_case *c, const char *date,
                                                   const char *department,
                                                   const almen_agreement_options *o,
                                                   almen_table **out);

/* Findings on date about the agreements in force, one row per problem: severity ("error",
 * "warning" or "info"), code, paragraph, agreement (NULL when about the law alone),
 * department (NULL when about several or none), area, departments (comma-separated, those
 * concerned), message. The checks and their legal edges are in docs/agreements.md. */
ALMEN_EXTERN almen_status almen_case_agreement_findings(const almen_case *c, const char *date,
                                                       const almen_agreement_options *o,
                                                       almen_table **out);
/* The number of findings of severity "error" on date (the command line exits 1 when > 0). */
ALMEN_EXTERN almen_status almen_case_agreement_errors(const almen_case *c, const char *date,
                                                     const almen_agreement_options *o,
                                                     size_t *out);

/* Coverage on date by the agreements in force, per theme ("any": any agreement, then each
 * fixed theme, then free-form themes that some agreement switches on) and per unit (the
 * municipality, each district, and departments without a district): theme, level
 * ("municipality", "district" or "no_district"), district, agreements, departments,
 * departments_total, dwellings, dwellings_total, family_dwellings, family_dwellings_total,
 * family_share_pct, residents, residents_total. Residents are each department's latest
 * figure in a year <= the date's year (NaN when a department has none). */
ALMEN_EXTERN almen_status almen_case_agreement_coverage(const almen_case *c, const char *date,
                                                       const almen_agreement_options *o,
                                                       almen_table **out);

ALMEN_END_DECLS

#endif
