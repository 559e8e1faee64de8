/* libalmen: renovation scenarios and their financing.
 *
 * A scenario (the case file's `scenarios` section, docs/renovation.md) names departments,
 * the works on them (cost items, supported by Landsbyggefonden or not), physical changes
 * (demolition, conversion between dwelling types, merging, sale, new private dwellings or
 * commercial floor area in the area), rehousing, and the financing: a supported loan with
 * Landsbyggefonden's payment support, mortgage loans, own funds, a capital injection and
 * rent grants. Every uncertain figure is a parameter with a documented default.
 *
 * The results are tables, computed on demand from the case (nothing is cached, so they
 * always reflect the case as it is). Each function takes a scenario id, or NULL for every
 * scenario (then the rows of all scenarios follow each other); the first column is always
 * `scenario`. Money is in kr and positive when paid; years are calendar years; a change
 * dated year Y is complete on 1 January Y+1. An unknown scenario id is ALMEN_ENOTFOUND. */
#ifndef ALMEN_RENOVATION_H
#define ALMEN_RENOVATION_H

#include "case.h"
#include "error.h"
#include "export.h"
#include "table.h"

ALMEN_BEGIN_DECLS

/* Replaces the case's scenarios with those of a YAML document of the form
 * `scenarios: [...]` (the case-file section on its own). The scenarios are checked against
 * the case (departments, areas, dwellings, financing) exactly as when loaded with the case;
 * on any error the case keeps its scenarios and the last error has the position. */
ALMEN_EXTERN almen_status almen_case_load_scenarios_file(almen_case *c, const char *path);
ALMEN_EXTERN almen_status almen_case_load_scenarios_string(almen_case *c, const char *yaml,
                                                           const char *source_name);

/* One row per scenario: scenario, name, departments (ids joined by ", "), base_year,
 * after_year (the first year with every work and change done), first_payment_year (NA
 * without loans), horizon (the last year of the yearly tables), works, changes, area
 * (of the §168a count, NULL when none). */
ALMEN_EXTERN almen_status almen_case_scenarios(const almen_case *c, almen_table **out);

/* The cost items: scenario, item, kind ("works", "vacancy_loss", "rehousing"),
 * department (NULL: shared by floor area), year, supported (bool), amount. */
ALMEN_EXTERN almen_status almen_renovation_costs(const almen_case *c, const char *scenario,
                                                 almen_table **out);

/* How the project cost is financed: scenario, source ("supported_loan",
 * "mortgage_loan", "dispositionsfond", "traekningsret"), name, amount. The amounts add up
 * to the project cost (supported + unsupported). */
ALMEN_EXTERN almen_status almen_renovation_financing(const almen_case *c, const char *scenario,
                                                     almen_table **out);

/* The loans' schedules: scenario, loan ("supported" or the mortgage loan's name), period
 * (1..), year, payment, interest, principal, balance (after the period). The principal
 * parts of a loan sum to its amount; the balance ends at 0. */
ALMEN_EXTERN almen_status almen_renovation_loans(const almen_case *c, const char *scenario,
                                                 almen_table **out);

/* Year by year from the base year to the horizon: scenario, year, project_cost,
 * supported_payment (the supported loan's payments in the year), residents_payment (the
 * residents' part of them: the indexed residents' payment, never more than the payments),
 * fund_support (the rest, paid by Landsbyggefonden, never negative), mortgage_payment,
 * own_funds, capital_injection, rent_grants, then one column per payer: residents, fund,
 * municipality, organisation, lender, and total (the sum of the payers). */
ALMEN_EXTERN almen_status almen_renovation_cashflows(const almen_case *c, const char *scenario,
                                                     almen_table **out);

/* The payers' net present values at the scenario's discount rate, flows discounted to the
 * base year: scenario, payer, discount_rate, npv. */
ALMEN_EXTERN almen_status almen_renovation_npv(const almen_case *c, const char *scenario,
                                               almen_table **out);

/* Per department: scenario, department, dwellings_before, dwellings_after, floor_area_before,
 * floor_area_after, rent_m2_before, rent_m2_after (kr per m² per year), rent_month_before,
 * rent_month_after (kr per average dwelling per month), increase_pct, ballot_may_be_demanded
 * (increase > 15 %), municipal_approval_needed (increase > 5 %). "After" is the after year
 * (see almen_case_scenarios). */
ALMEN_EXTERN almen_status almen_renovation_rents(const almen_case *c, const char *scenario,
                                                 almen_table **out);

/* The rents year by year: scenario, department, year, dwellings, floor_area, extra_cost (kr a
 * year the residents pay because of the scenario), rent_m2, rent_month, increase_pct. */
ALMEN_EXTERN almen_status almen_renovation_rent_path(const almen_case *c, const char *scenario,
                                                     almen_table **out);

/* Dwellings with a monthly rent at or below each band: scenario, band (kr per month),
 * scenario_before, scenario_after (the scenario's departments), case_before, case_after (every
 * department of the case with a rent and floor area). */
ALMEN_EXTERN almen_status almen_renovation_affordability(const almen_case *c,
                                                         const char *scenario,
                                                         almen_table **out);

/* The §168a count of the scenario's area year by year (1 January) from the base year to the
 * target year: scenario, area, year, family_dwellings, almene_dwellings, private_dwellings,
 * commercial_dwellings (floor area / m² per dwelling), demolished_kept, denominator,
 * family_share_pct, within_limit (share <= the limit, default 40 %), target_year (bool: this
 * row is the target year). No rows for a scenario without an area. */
ALMEN_EXTERN almen_status almen_renovation_family_share(const almen_case *c,
                                                        const char *scenario,
                                                        almen_table **out);

/* The scenarios side by side: metric, unit, then one column per scenario (in file order; only
 * that one when scenario is given). Metrics: costs, financing, the first-year payments, the
 * payers' net present values, rents before and after (floor-area weighted), the largest
 * increase and how many departments cross each threshold, dwellings, the affordability
 * bands, and the family share in the base and target years. Flags are 1/0; NaN where a
 * metric does not apply. */
ALMEN_EXTERN almen_status almen_renovation_compare(const almen_case *c, const char *scenario,
                                                   almen_table **out);

ALMEN_END_DECLS

#endif
