/* libalmen: the mixed city — segregation and mix indices over unit × group count tables.
 *
 * An almen_mix holds a table of counts: units (departments, schools, ...) in rows, groups
 * (non-western / other residents, outside / inside the labour market, ...) in columns, and
 * optionally a higher level that every unit belongs to (district, area). From it come the
 * indices below, all as tables; the definitions, formulas and sources are in docs/mix.md.
 *
 * Notation: t_ug persons of group g in unit u, t_u and t_g the margins, T the total,
 * p_g = t_g / T, p_u = t_u / T, pi_ug = t_ug / t_u. Logarithms are natural (nats): M and
 * the entropies are in nats (divide by ln 2 for bits); H and D do not depend on the base.
 *
 * Units with no persons are kept (their local values are NaN) and contribute nothing.
 * Groups with no persons are kept; indices that divide by their size are NaN for them.
 *
 * Labels: units, groups and higher units have labels used in every result table and to
 * match two tables over time. Without labels they are "1", "2", ... (1-based positions).
 *
 * Everything is computed in a fixed order with the library's own logarithm (docs/mix.md,
 * "Reproducibility"), so results, including the random replicates, are the same on every
 * platform with IEEE-754 double arithmetic. */
#ifndef ALMEN_MIX_H
#define ALMEN_MIX_H

#include <stddef.h>
#include <stdint.h>

#include "case.h"
#include "error.h"
#include "export.h"
#include "table.h"

ALMEN_BEGIN_DECLS

typedef struct almen_mix almen_mix;

/* A new table from n = n_units * n_groups counts. column_major 0: row-major, values[u *
 * n_groups + g] (numpy's default order); non-zero: column-major, values[g * n_units + u]
 * (R's matrix order), so neither caller needs to transpose. The counts are copied.
 * Counts must be finite and >= 0 (they may be fractional, e.g. full-time equivalents; the
 * inference functions need whole numbers), with a positive total; n_groups >= 2.
 * ALMEN_EINVAL names the first bad cell by unit and group (1-based). */
ALMEN_EXTERN almen_status almen_mix_new(const double *values, size_t n, size_t n_groups,
                                        int column_major, almen_mix **out);
ALMEN_EXTERN almen_status almen_mix_copy(const almen_mix *m, almen_mix **out);
ALMEN_EXTERN void almen_mix_free(almen_mix *m);

ALMEN_EXTERN size_t almen_mix_unit_count(const almen_mix *m);
ALMEN_EXTERN size_t almen_mix_group_count(const almen_mix *m);
/* 0 when no higher level is set. */
ALMEN_EXTERN size_t almen_mix_higher_count(const almen_mix *m);

/* Sets the labels of "unit", "group" or "higher" (after almen_mix_set_higher) from one
 * string, one label per line ("\n" separated; a final "\n" is allowed). There must be
 * exactly as many labels as units, groups or higher units, non-empty and distinct. */
ALMEN_EXTERN almen_status almen_mix_set_labels(almen_mix *m, const char *dimension,
                                               const char *labels);

/* Sets the higher level: values[u] is a code for unit u's higher unit (n = n_units). The
 * distinct codes, ascending, are the higher units; each unit belongs to exactly one.
 * Their labels default to the codes in decimal. Replaces an earlier higher level and its
 * labels. ALMEN_NA_INT is rejected. */
ALMEN_EXTERN almen_status almen_mix_set_higher(almen_mix *m, const int32_t *values, size_t n);

/* The counts back as a long table: unit, higher (when set), group, count; one row per cell
 * in row-major order. */
ALMEN_EXTERN almen_status almen_mix_counts(const almen_mix *m, almen_table **out);

/* --- Indices (definitions in docs/mix.md) ---------------------------------------------- */

/* The whole-table indices, one row each (columns index, value):
 *   units, groups, total      the table's size
 *   entropy                   E = -sum_g p_g ln p_g
 *   M                         mutual information: sum_ug (t_ug/T) ln(t_ug T / (t_u t_g))
 *   H                         Theil's H = M / E
 *   D                         multigroup dissimilarity (equals the two-group D when G = 2)
 *   interaction               I = sum_g p_g (1 - p_g), Simpson's diversity, D's norm
 * and with a higher level (M = M_between + M_within exactly):
 *   higher_units, M_between, M_within, H_between, H_within
 * M_between is M of the higher × group table; M_within = sum_d p_d M_d. */
ALMEN_EXTERN almen_status almen_mix_summary(const almen_mix *m, almen_table **out);

/* One row per group: group, count, share (p_g), local_M (L_g = sum_u p_u|g ln(p_u|g/p_u)),
 * M_contribution (p_g L_g, summing to M), isolation (P*_gg), isolation_adjusted
 * ((P*_gg - p_g) / (1 - p_g), the correlation ratio eta^2), D_vs_rest (two-group D of g
 * against all other groups). */
ALMEN_EXTERN almen_status almen_mix_groups(const almen_mix *m, almen_table **out);

/* One row per ordered pair of groups (G * G rows): group, other, dissimilarity (two-group
 * D, symmetric, 0 on the diagonal), exposure (P*: the share of `other` in the unit of an
 * average member of `group`; P*_gg is the isolation; every group's exposures sum to 1). */
ALMEN_EXTERN almen_status almen_mix_pairs(const almen_mix *m, almen_table **out);

/* One row per unit: unit, higher (NULL without a higher level), total, share (p_u),
 * entropy (E_u of its composition), local_M (L_u = sum_g pi_ug ln(pi_ug / p_g)),
 * M_contribution (p_u L_u, summing to M), local_M_within (L_u against its higher unit's
 * composition; p_u L_u|d sums to M_within; NaN without a higher level), D_contribution
 * (t_u sum_g |pi_ug - p_g| / (2 T I), summing to D). */
ALMEN_EXTERN almen_status almen_mix_units(const almen_mix *m, almen_table **out);

/* One row per higher unit (ALMEN_EINVAL without a higher level): higher, units, total,
 * share (p_d), entropy (E_d), local_M (L_d of the higher × group table),
 * M_between_contribution (p_d L_d, summing to M_between), M_within (M_d of its units),
 * H_within (M_d / E_d), M_within_contribution (p_d M_d, summing to M_within), D_within
 * (multigroup D among its units). */
ALMEN_EXTERN almen_status almen_mix_higher(const almen_mix *m, almen_table **out);

/* --- Inference ----------------------------------------------------------------------------
 * Replicate tables are drawn cell by cell as one multinomial of N = T persons over the
 * cells (docs/mix.md, "Inference"): "bootstrap" with the observed cell shares t_ug / T,
 * "null" (random allocation: unit and group independent given the margins) with shares
 * p_u p_g over all cells. The counts must be whole numbers. The generator is the library's
 * own counter-based SplitMix64 stream per replicate: the same seed gives the same
 * replicates on every platform, whatever the number of threads. replicates >= 1. */

/* The indices of each replicate: replicate (1-based) and one column per index of the
 * summary (entropy, M, H, D and, with a higher level, M_between, M_within, H_between,
 * H_within). kind is "bootstrap" or "null". */
ALMEN_EXTERN almen_status almen_mix_replicates(const almen_mix *m, const char *kind,
                                               int replicates, int seed, almen_table **out);

/* One row per index (as in almen_mix_replicates), from `replicates` bootstrap and as many
 * null replicates (the same streams as almen_mix_replicates with this seed):
 * index, estimate, bootstrap_mean, bias (bootstrap_mean - estimate), corrected (estimate -
 * bias), se (bootstrap standard deviation), lower, upper (percentile interval at level,
 * e.g. 0.95, shifted by -bias so it is centred on the corrected estimate), null_mean,
 * null_sd, p_value ((1 + #null >= estimate) / (replicates + 1), one-sided; NaN for the
 * entropy, which random allocation does not test). 0 < level < 1. */
ALMEN_EXTERN almen_status almen_mix_inference(const almen_mix *m, int replicates, int seed,
                                              double level, almen_table **out);

/* --- Change over time ------------------------------------------------------------------
 * The change of an index from table `from` to table `to`, split by the Shapley
 * decomposition of Elbers (2021) over tables adjusted by iterative proportional fitting
 * (Deming & Stephan 1940; Karmel & Maclachlan 1988): units and groups are matched by
 * label; those in one table only give the additions and removals, the rest is split into
 * the change of the group margins, of the unit margins, and of the structure (the odds
 * ratios, which IPF keeps). Rows (stat, value):
 *   from, to, difference (= to - from), additions, removals, group_marginal,
 *   unit_marginal, structural (the last five sum to the difference), iterations (the most
 *   IPF sweeps any adjustment needed).
 * index is "M" (default when NULL), "H" or "D". tolerance: IPF stops when every margin is
 * within this relative error of its target (0 means the default 1e-10); ALMEN_ECONVERGE
 * when 100000 sweeps do not reach it. Cells that are empty in one table but not the other
 * are set to 1e-4 persons before fitting so that the margins can be reached (docs/mix.md). */
ALMEN_EXTERN almen_status almen_mix_change(const almen_mix *from, const almen_mix *to,
                                           const char *index, double tolerance,
                                           almen_table **out);

/* --- From a case -------------------------------------------------------------------------
 * The department × group table of a case for one year. grouping names the two groups:
 *   "origin"     nonwestern            vs other residents
 *   "work"       outside_labour_fte    vs other residents 18-64 (full-time equivalents)
 *   "schooling"  basic_education       vs other residents 30-59
 *   "conviction" convicted             vs other residents 18+
 * (or the field name itself). Units are the departments, in file order, that have both
 * figures for that year; the others are left out (almen_mix_units lists those used).
 * higher: "district", "area", "organisation", or NULL / "none"; departments without a
 * district or area form one higher unit labelled "(none)". */
ALMEN_EXTERN almen_status almen_case_mix(const almen_case *c, const char *grouping, int year,
                                         const char *higher, almen_mix **out);

ALMEN_END_DECLS

#endif
