/* libalmen: the statutory area lists — rule sets and classification.
 *
 * A rule set (almen_rules) is one dated regime of the statutory lists, read from YAML
 * (docs/rules-format.md): its criteria (a share, or a ratio to a national or regional
 * reference, compared with >, >=, < or <= exactly as the law words it, over an averaging
 * window) and its categories (how many criteria at which thresholds, the non-western
 * condition, consecutive-year conditions, exclusions and the placement order). Four are
 * compiled in:
 *
 *   dk-2010  list years 2010-2012  ghetto
 *   dk-2013  list years 2013-2017  ghetto
 *   dk-2018  list years 2018-2020  udsat, ghetto, haardt_ghetto
 *   dk-2021  list years 2021-      udsat, parallelsamfund, omdannelsesomraade,
 *                                  forebyggelsesomraade
 *
 * Classification (almen_case_classify) computes, per housing area and list year, every
 * criterion's value, threshold, whether it is met and the margin to the edge (in
 * percentage points and in persons), each category's statutory test and list placement,
 * and the list the area is placed on. The method, every rule's legal source, the data-year
 * convention and what is uncertain are in docs/classification.md.
 *
 * Three-valued results: a criterion, category or placement whose answer depends on data
 * that are missing (a year without figures, a missing reference value) is NA
 * (ALMEN_NA_INT in bool columns, NULL in string columns) — never silently false. A count
 * such as "at least 2 of 4" is decided as soon as the known criteria decide it. */
#ifndef ALMEN_CLASSIFY_H
#define ALMEN_CLASSIFY_H

#include "case.h"
#include "error.h"
#include "export.h"
#include "table.h"

ALMEN_BEGIN_DECLS

/* ---- Rule sets ------------------------------------------------------------------------ */

typedef struct almen_rules almen_rules;

/* Reads a rule set (docs/rules-format.md). Nothing is returned unless the whole rule set
 * is valid; errors name the source, line, column and field (an unknown criterion or
 * field, a bad comparison operator, a reference to a category not defined above, ...). */
ALMEN_EXTERN almen_status almen_rules_load_file(const char *path, almen_rules **out);
/* source_name labels errors ("<string>" when NULL). */
ALMEN_EXTERN almen_status almen_rules_load_string(const char *yaml, const char *source_name,
                                                  almen_rules **out);
/* A compiled-in rule set by id ("dk-2010", "dk-2013", "dk-2018", "dk-2021");
 * ALMEN_ENOTFOUND for another id. */
ALMEN_EXTERN almen_status almen_rules_builtin(const char *id, almen_rules **out);
ALMEN_EXTERN void almen_rules_free(almen_rules *rules);

/* The id of the compiled-in rule set in force for list year (its in_force years), e.g.
 * "dk-2021" for 2024; ALMEN_ENOTFOUND before 2010. *out is freed with almen_free. */
ALMEN_EXTERN almen_status almen_rules_for_year(int year, char **out);
/* The rule set's id (owned by the rule set). */
ALMEN_EXTERN const char *almen_rules_id(const almen_rules *rules);
/* The rule set's YAML text as it was read (owned by the rule set). */
ALMEN_EXTERN const char *almen_rules_yaml(const almen_rules *rules);

/* The compiled-in rule sets: id, name, law, first_year, last_year (NA when open),
 * list_date ("MM-DD"). */
ALMEN_EXTERN almen_status almen_rules_builtins(almen_table **out);
/* One row per criterion and threshold set: criterion, name, source, form, numerator,
 * denominator, reference, window, thresholds (the set's name), op, threshold, unit
 * ("percent" or "multiple"). */
ALMEN_EXTERN almen_status almen_rules_criteria(const almen_rules *rules, almen_table **out);
/* One row per category in file order: category, name, source, at_least, of (criteria,
 * comma-separated), thresholds, require ("criterion:set", comma-separated), includes,
 * history_category, history_years, excludes, continues ("rules:category"), placement_rank
 * (1 = most severe). */
ALMEN_EXTERN almen_status almen_rules_categories(const almen_rules *rules, almen_table **out);

/* ---- References ----------------------------------------------------------------------- */

/* The reference values the relative criteria compare with, kept in the case file's
 * `references` section (docs/classification.md) and never built in:
 *   "national_convicted_pct"   per cent of residents 18+ convicted nationally, per year
 *                              (region must be NULL)
 *   "regional_average_income"  average gross income of taxpayers 15-64 excl. students in
 *                              the region, kr per year, per region and year (region NULL:
 *                              the case's region)
 * almen_case_set_reference sets one value (NaN removes it); the value must be > 0 and
 * finite; region names as in the case file. */
ALMEN_EXTERN almen_status almen_case_set_reference(almen_case *c, const char *name,
                                                   const char *region, int year, double value);
/* All reference values of the case: reference, region (NULL for national ones), year,
 * value. */
ALMEN_EXTERN almen_status almen_case_references(const almen_case *c, almen_table **out);

/* ---- Classification options ----------------------------------------------------------- */

typedef struct almen_classify_options almen_classify_options;

/* Options start empty: the compiled-in rule set in force for each list year, every list
 * year with data, the rule sets' own parameters, the case's references. */
ALMEN_EXTERN almen_status almen_classify_options_new(almen_classify_options **out);
ALMEN_EXTERN void almen_classify_options_free(almen_classify_options *options);

/* Uses rules for list years first..last (0 for an open end; 0, 0 for every year),
 * overriding the default regime by year; a later call wins where ranges overlap. The
 * years before a list year that consecutive-year categories look at follow the same
 * assignment, so rules set for every year classify the history by them too. The options
 * keep their own reference to rules (the caller may free its handle). */
ALMEN_EXTERN almen_status almen_classify_options_set_rules(almen_classify_options *options,
                                                           const almen_rules *rules,
                                                           int first, int last);
/* Classifies list years first..last only (0 for an open end). */
ALMEN_EXTERN almen_status almen_classify_options_set_years(almen_classify_options *options,
                                                           int first, int last);
/* What-if: removes a criterion (by id, e.g. "nonwestern") from every rule: it no longer
 * counts towards "at least N of" and, where a category requires it, is no longer
 * required. Its value is still reported. An id that no rule set used has is an error at
 * classification. */
ALMEN_EXTERN almen_status almen_classify_options_disable(almen_classify_options *options,
                                                         const char *criterion);
/* What-if: replaces the threshold of criterion in threshold set thresholds (NULL: in every
 * set of that criterion) by value, in the criterion's unit (per cent, or a multiple of the
 * reference); the comparison operator stays. */
ALMEN_EXTERN almen_status almen_classify_options_set_threshold(almen_classify_options *options,
                                                               const char *criterion,
                                                               const char *thresholds,
                                                               double value);
/* A reference value overriding the case's (see References above): year 0 for every year;
 * for "regional_average_income" region NULL means every region. */
ALMEN_EXTERN almen_status almen_classify_options_set_reference(almen_classify_options *options,
                                                               const char *name,
                                                               const char *region, int year,
                                                               double value);
/* How a multi-year window combines its years: "mean_of_ratios" (the mean of the yearly
 * ratios) or "ratio_of_sums" (numerators and denominators pooled over the window);
 * NULL: each rule set's window_method. */
ALMEN_EXTERN almen_status almen_classify_options_set_window_method(
    almen_classify_options *options, const char *method);
/* A window with a year missing: "unknown" (the criterion is NA) or "available" (the
 * years that have data are used); NULL: each rule set's incomplete_window. */
ALMEN_EXTERN almen_status almen_classify_options_set_incomplete_window(
    almen_classify_options *options, const char *mode);
/* Data-year convention: list year Y is computed from the case's figures for year
 * Y - lag (and the years before it that a window needs). lag < 0: each rule set's
 * data_lag (0 in the compiled-in ones). At most 10. */
ALMEN_EXTERN almen_status almen_classify_options_set_data_lag(almen_classify_options *options,
                                                              int lag);

/* ---- Classification ------------------------------------------------------------------- */

/* One row per housing area (file order) and list year (ascending). options may be NULL.
 * Columns, in order (NA as described above):
 *   area, year (the list year), data_year, rules (the rule set's id), residents (of the
 *   data year), eligible (residents >= the rule set's min_residents),
 *   criteria_met (criteria met among those the rule set's criteria_met category counts,
 *   disabled ones left out), criteria_unknown (those of them that are NA),
 *   then per category of every rule set used: <category> (the statutory test, eligibility
 *   included) and <category>_list (on the published list: the test and not excluded),
 *   placement (the most severe category whose list the area is on, "none", or NA when a
 *   more severe list is unknown),
 *   then per criterion <criterion>_value (per cent, or a multiple of the reference) and per
 *   threshold set <criterion>_<set>_threshold, _met, _margin_pp, _margin_persons,
 *   missing (what was missing: "figures 2019", "national_convicted_pct 2021", ...; NULL
 *   when nothing).
 * Columns of categories and criteria that a row's rule set lacks are NA in that row.
 * Margins (docs/classification.md): margin_pp is the distance from the threshold in
 * percentage points of the compared percentage, positive on the met side; margin_persons is
 * the smallest whole number of persons whose status change in the latest data year flips
 * the criterion, positive when met (that many fewer would end it) and negative when not
 * met (that many more would meet it); NA when no such number exists.
 * Errors: ALMEN_EINVAL for a disabled or overridden criterion no rule set used has, or
 * list years without a rule set. */
ALMEN_EXTERN almen_status almen_case_classify(const almen_case *c,
                                              const almen_classify_options *options,
                                              almen_table **out);
/* The same classification in long form: one row per area, list year, criterion and
 * threshold set: area, year, data_year, rules, criterion, thresholds, counted (0 when
 * disabled), value, op, threshold, unit, met, value_pct, threshold_pct, margin_pp,
 * margin_persons, numerator, denominator (summed over the window's years), reference
 * (the window's mean reference value, NaN when none), window_years (years used). */
ALMEN_EXTERN almen_status almen_case_classify_criteria(const almen_case *c,
                                                       const almen_classify_options *options,
                                                       almen_table **out);

/* Classification from published area-level values (CSV, one row per area and list year;
 * values already averaged as published): header `area`, `year`, `residents` and per
 * criterion of the rule sets used: a share as `<criterion>_pct` (e.g. outside_labour_pct),
 * a ratio to a national reference as `<criterion>_ratio` or `<criterion>_pct` (divided by
 * the national reference from the options), an average relative to the region as
 * `<criterion>_pct_of_region`. Empty cells are unknown. Result as almen_case_classify
 * (margins in persons are NA: published values carry no counts). Errors name line, column
 * and field; a criterion without a column is an error unless disabled. */
ALMEN_EXTERN almen_status almen_classify_published_file(const char *path,
                                                       const almen_classify_options *options,
                                                       almen_table **out);
ALMEN_EXTERN almen_status almen_classify_published_string(const char *csv,
                                                         const char *source_name,
                                                         const almen_classify_options *options,
                                                         almen_table **out);

ALMEN_END_DECLS

#endif
