/* libalmen: the letting simulation — what a letting policy does to each department's
 * composition, year by year, with its uncertainty.
 *
 * The model (docs/simulation.md): a department's households are counts of household types
 * (the case file's `household_types` section, or given in the options), each type with its
 * expected persons and its contribution to every figure behind the statutory criteria, so a
 * department's or an area's indicators follow from the counts exactly as in the
 * classification. Every simulated year, households move out (turnover by dwelling type and
 * household type); every vacancy is let through a channel — municipal allocation, flexible
 * letting, the ordinary waiting list or an internal move — in the shares the letting policy
 * gives; each channel draws its household from its applicant pool, from which bans and
 * rejections remove the types they exclude. Each area is classified every year from the
 * simulated counts (almen_case_classify's rules), and its status decides next year's
 * statutory letting rules.
 *
 * The letting policy of a variant comes from the case's agreements and the law (by area
 * status, through the agreements module), or is given explicitly. Several variants run side
 * by side on the same random numbers (common random numbers), so their differences are
 * not blurred by independent noise.
 *
 * Monte Carlo: runs are independent draws of the whole path; every random number is a
 * function of (seed, run, department, year) through a counter-based generator
 * (Philox4x32-10), so the same seed gives the same results whatever the number of threads
 * and however the runs are split into steps. Memory does not grow with the number of runs
 * except for the per-run values kept for areas (exact quantiles) and the optional run-level
 * output (docs/simulation.md, "Accuracy"). */
#ifndef ALMEN_SIMULATE_H
#define ALMEN_SIMULATE_H

#include <stddef.h>

#include "case.h"
#include "error.h"
#include "export.h"
#include "table.h"

ALMEN_BEGIN_DECLS

typedef struct almen_simulation_options almen_simulation_options;
typedef struct almen_simulation almen_simulation;

/* ---- Options ---------------------------------------------------------------------------- */

/* Options start with the defaults of almen_simulation_parameters, 1,000 runs, seed 1, all
 * cores, quantiles 5/50/95 %, the base year taken from the case (its latest year with
 * figures), 10 years, and one variant: every agreement of the case with the law ("all"). */
ALMEN_EXTERN almen_status almen_simulation_options_new(almen_simulation_options **out);
ALMEN_EXTERN void almen_simulation_options_free(almen_simulation_options *o);

/* base_year: the year whose 1 January composition starts the simulation (0: the latest year
 * in which any department has figures); years: the number of years simulated (1..100). */
ALMEN_EXTERN almen_status almen_simulation_options_set_years(almen_simulation_options *o,
                                                             int base_year, int years);
/* Number of Monte Carlo runs, 1..1,000,000,000. */
ALMEN_EXTERN almen_status almen_simulation_options_set_runs(almen_simulation_options *o,
                                                            size_t runs);
/* The seed: a whole number 0..2^53 (a double so that every binding can pass it exactly). */
ALMEN_EXTERN almen_status almen_simulation_options_set_seed(almen_simulation_options *o,
                                                            double seed);
/* Worker threads, 1..256; 0: one per online processor. Results do not depend on it. */
ALMEN_EXTERN almen_status almen_simulation_options_set_threads(almen_simulation_options *o,
                                                               int threads);
/* The quantiles reported, each in (0, 1), at most 16 (default 0.05, 0.5, 0.95). */
ALMEN_EXTERN almen_status almen_simulation_options_set_quantiles(almen_simulation_options *o,
                                                                 const double *values,
                                                                 size_t n);
/* A numeric parameter by name (almen_simulation_parameters lists them). */
ALMEN_EXTERN almen_status almen_simulation_options_set_parameter(almen_simulation_options *o,
                                                                 const char *name,
                                                                 double value);
/* The parameters: name, default, unit, source, description. */
ALMEN_EXTERN almen_status almen_simulation_parameters(almen_table **out);

/* Household types given here instead of the case's `household_types` section: a YAML
 * document in the section's format (docs/simulation.md), either `household_types:` and
 * its value or the value alone. Errors name source_name, line, column and field; on error
 * the options are unchanged. NULL yaml removes them (the case's section is used). */
ALMEN_EXTERN almen_status almen_simulation_options_set_household_types(
    almen_simulation_options *o, const char *yaml, const char *source_name);
/* The initial number of households of household_type in department, overriding the case's
 * `initial` entry and the decomposition of the department's figures. A department given
 * here or in the case must have counts that add up to its dwellings; checked by
 * almen_simulation_new. count < 0 removes the entry. */
ALMEN_EXTERN almen_status almen_simulation_options_set_initial(almen_simulation_options *o,
                                                               const char *department,
                                                               const char *household_type,
                                                               double count);

/* Adds a variant run side by side with the others (the first call replaces the default):
 *   an agreement id   that agreement alone, with the law
 *   "none"            the law alone (the statutory instruments by area status)
 *   "all"             every agreement of the case, with the law
 * Needs the agreements module's letting policy (almen_case_letting_policy). Names repeat
 * at most once; checked against the case by almen_simulation_new. */
ALMEN_EXTERN almen_status almen_simulation_options_add_agreement(almen_simulation_options *o,
                                                                 const char *name);
/* Adds a variant with an explicit letting policy, the same every year and in every area
 * status (no statutory instruments are added): a YAML mapping (docs/simulation.md)
 *   name: "quota"                      the variant's name (required, unique)
 *   dwelling_types: [family]           where the channels below apply (default: all);
 *                                      other dwellings: waiting list and internal moves
 *   channels: {municipal: 25, flexible: 30, internal: 10}   per cent of lettings; the
 *                                      ordinary waiting list gets the rest
 *   exclude: {municipal: [social_assistance_6m, ...], waiting_list: [...], ...}
 *                                      applicant groups or household type ids a channel
 *                                      turns away
 *   flexible_criteria: [beskaeftigelse]  the criteria of flexible letting (default: any)
 * Errors name source_name, line, column and field; on error the options are unchanged. */
ALMEN_EXTERN almen_status almen_simulation_options_add_policy(almen_simulation_options *o,
                                                              const char *yaml,
                                                              const char *source_name);
/* Uses the dwellings a renovation scenario of the case leaves (its `scenarios` section,
 * docs/renovation.md) year by year: where dwellings of a type disappear (demolition, sale,
 * conversion, merging) that many households, drawn at random, move out in that year (and
 * count among its move-outs); new dwellings are let through the channels like vacancies.
 * NULL: the case's dwellings every year. Checked against the case by almen_simulation_new. */
ALMEN_EXTERN almen_status almen_simulation_options_set_scenario(almen_simulation_options *o,
                                                                const char *scenario);
/* Keeps every run's values for departments too (almen_simulation_run_values); memory then
 * grows with the number of runs. Off by default (areas' run values are always kept). */
ALMEN_EXTERN almen_status almen_simulation_options_set_run_output(almen_simulation_options *o,
                                                                  int on);

/* ---- Running ---------------------------------------------------------------------------- */

/* Prepares a simulation of the case: household types, the initial counts (given, or
 * decomposed from the base year's figures), turnover, every variant's letting policy for
 * every year and area status, the classification of the years before the simulation.
 * Nothing is run yet. The simulation keeps copies of what it needs; the case and the
 * options may be freed afterwards. options NULL: the defaults. Errors: ALMEN_EINPUT with
 * the position for household types, ALMEN_EINVAL for options that do not fit the case
 * (an unknown department, agreement or household type; initial counts that do not add up;
 * a dwelling type no household type can live in), ALMEN_ENOTFOUND for a case without
 * household types. */
ALMEN_EXTERN almen_status almen_simulation_new(const almen_case *c,
                                              const almen_simulation_options *options,
                                              almen_simulation **out);
ALMEN_EXTERN void almen_simulation_free(almen_simulation *sim);

/* Runs the next `runs` runs (0: every remaining run) on the worker threads and returns
 * when they are done or the simulation was cancelled; *out receives the number of runs
 * done so far. The bindings call this in slices to show progress and to let the user
 * interrupt between slices. Once cancelled, ALMEN_ECANCELLED (the runs done stay). */
ALMEN_EXTERN almen_status almen_simulation_step(almen_simulation *sim, size_t runs,
                                               size_t *out);
/* The fraction of runs done, 0..1. Safe to call from another thread while a step runs. */
ALMEN_EXTERN almen_status almen_simulation_progress(const almen_simulation *sim,
                                                   double *out);
/* Asks a running step to stop after the runs in progress; safe from any thread or a
 * signal handler. The results then cover the runs done (always the first ones, 0..k-1). */
ALMEN_EXTERN void almen_simulation_cancel(almen_simulation *sim);

#ifndef SWIG
/* Called from the thread that runs almen_simulation_run about every 1 % of the runs
 * (and at the end) with the runs done and the total; return non-zero to cancel. */
typedef int (*almen_simulation_progress_fn)(size_t done, size_t total, void *user);
/* Runs every remaining run, calling progress (may be NULL) as it goes; ALMEN_ECANCELLED
 * when progress or almen_simulation_cancel stopped it. Not in the bindings, which use
 * almen_simulation_step instead (docs/simulation.md). */
ALMEN_EXTERN almen_status almen_simulation_run(almen_simulation *sim,
                                              almen_simulation_progress_fn progress,
                                              void *user);
#endif

/* ---- Results (over the runs done so far) ------------------------------------------------ */

/* Year Y means 1 January Y for stocks (households, residents, shares) and the calendar
 * year Y for flows (move-outs, lettings); the base year is Y = base, the last simulated
 * state 1 January base + years. Statuses are list years: list year Y is classified from
 * the figures of data year Y (and the years before it its windows need). */

/* One row per variant, level ("department" or "area"), unit, year and indicator: variant,
 * level, unit, year, indicator, mean, sd, se (sd / sqrt(runs)), then one column per
 * quantile (q5, q50, q95 by default), runs. Indicators of both levels: households,
 * residents, outside_labour_pct, convicted_pct, basic_education_pct, average_income,
 * nonwestern_pct (of data year Y), move_outs and turnover_pct (during Y; NaN in the last
 * year); areas add criteria_met and per criterion of the rule set in force the value the
 * classification compares (`criterion_<id>`: per cent, or a multiple of the reference,
 * windows included). Area quantiles are exact; department quantiles come from histograms
 * (docs/simulation.md). */
ALMEN_EXTERN almen_status almen_simulation_indicators(const almen_simulation *sim,
                                                     almen_table **out);
/* Households per type: variant, department, year, household_type, mean, sd, se,
 * share_mean (of the department's households), share_se. */
ALMEN_EXTERN almen_status almen_simulation_composition(const almen_simulation *sim,
                                                      almen_table **out);
/* Lettings per channel and type during each simulated year: variant, department, year,
 * channel ("municipal", "flexible", "waiting_list", "internal"), household_type, mean. */
ALMEN_EXTERN almen_status almen_simulation_inflow(const almen_simulation *sim,
                                                 almen_table **out);
/* Per variant, area and list year: variant, area, year, rules, p_list (on any list),
 * then p_<placement> for "none" and every category of the rule sets' placement orders,
 * p_unknown (placement not decided), then p_test_<category> (the statutory test). The
 * base year and the years before it come from the case's figures (0 or 1). */
ALMEN_EXTERN almen_status almen_simulation_status(const almen_simulation *sim,
                                                 almen_table **out);
/* For each area on a list in the base year: variant, area, placement (in the base year),
 * year, p_first_off (the probability that `year` is the first list year after the base
 * year in which the area is on no list), p_off_by (cumulative), expected_year (the mean
 * first year off among the runs that leave within the horizon; NaN if none),
 * median_year (NA when fewer than half leave within the horizon). */
ALMEN_EXTERN almen_status almen_simulation_leaving(const almen_simulation *sim,
                                                  almen_table **out);
/* The variants side by side: area, year, then per variant the probability of being on a
 * list (p_list), one column named after the variant. */
ALMEN_EXTERN almen_status almen_simulation_compare(const almen_simulation *sim,
                                                  almen_table **out);
/* The initial composition: department, household_type, dwelling_type, households, source
 * ("given" or "decomposed"). */
ALMEN_EXTERN almen_status almen_simulation_initial(const almen_simulation *sim,
                                                  almen_table **out);
/* How well the initial counts reproduce the base year's figures: department, field,
 * figure (scaled to the dwellings, see docs/simulation.md), model, difference (model -
 * figure), difference_pct. */
ALMEN_EXTERN almen_status almen_simulation_fit(const almen_simulation *sim, almen_table **out);
/* The letting policy used: variant, year, status, department, dwelling_type, channel,
 * share_pct, excluded (household types turned away, comma-separated), fallback (1 when
 * no applicant was left and the vacancies go to the unrestricted waiting list). */
ALMEN_EXTERN almen_status almen_simulation_policy(const almen_simulation *sim,
                                                 almen_table **out);
/* Run-level values, one row per variant, run, level, unit, year and indicator (the
 * indicators of almen_simulation_indicators): variant, run, level, unit, year, indicator,
 * value. Areas always; departments only with the run_output option. */
ALMEN_EXTERN almen_status almen_simulation_run_values(const almen_simulation *sim,
                                                     almen_table **out);

/* The number of runs done and asked for. */
ALMEN_EXTERN size_t almen_simulation_runs_done(const almen_simulation *sim);
ALMEN_EXTERN size_t almen_simulation_runs_total(const almen_simulation *sim);

ALMEN_END_DECLS

#endif
