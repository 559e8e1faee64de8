/* The letting simulation as the library sees it (include/almen/simulate.h). Never
 * installed.
 *
 * Layout: the household types (the case-file section and the options' YAML) in
 * simulate_types.c, options in simulate_options.c, explicit letting policies and the
 * agreements' policy in simulate_policy.c, the set-up (initial counts, turnover, pools) in
 * simulate_setup.c, the classification of simulated areas in simulate_classify.c, the runs
 * and threads in simulate_run.c, the result tables in simulate_results.c. */
#ifndef ALMEN_SIMULATE_INTERNAL_H
#define ALMEN_SIMULATE_INTERNAL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "almen/simulate.h"
#include "case_internal.h"
#include "case_sections.h"
#include "classify_internal.h"
#include "references.h"
#include "rng.h"
#include "rules_yaml.h"

/* Household types are bits of a uint64_t mask (who a channel turns away, who may live in a
 * dwelling type), so a case has at most 64. */
#define SIM_MAX_TYPES 64
#define SIM_DW 3 /* family, youth, elderly */
#define SIM_MAX_QUANTILES 16

enum { CH_MUNICIPAL, CH_FLEXIBLE, CH_WAITING, CH_INTERNAL, SIM_NCH };
extern const char *const SIM_CHANNELS[SIM_NCH];
extern const char *const SIM_DWELLING_TYPES[SIM_DW];

/* ---- Household types (simulate_types.c) ------------------------------------------------- */

typedef struct {
    char *id;
    char *name;
    double fig[FIELD_COUNT]; /* per household: residents (= persons), households (= 1) and
                              * the composition fields; flows are 0 */
    char **groups;           /* applicant groups (allocation bans, rejections) */
    size_t n_groups;
    unsigned dwellings;       /* bit t: may live in dwelling type t */
    double turnover_factor;   /* multiplies the dwelling type's turnover */
    double applicants[SIM_NCH]; /* weight in each channel's applicant pool; NaN: not given */
    char **criteria;          /* flexible-letting criteria the type meets */
    size_t n_criteria;
} hh_type;

/* An initial count read from YAML, kept with its position for the checks against a case. */
typedef struct {
    char *department;
    char *type;
    double count;
    int line, column;
} hh_initial;

typedef struct hh_types {
    hh_type *t;
    size_t n;
    hh_initial *init;
    size_t n_init;
    char *source; /* where they were read (for errors found later) */
} hh_types;

/* Reads the section's value (a mapping with `types` and optional `initial`). c (may be
 * NULL) checks the initial counts' departments at once. */
int hh_types_read(ydoc *d, yaml_node_t *node, const almen_case *c, hh_types **out);
/* The same from a YAML document (`household_types:` and its value, or the value alone). */
int hh_types_parse(const char *yaml, const char *source, hh_types **out);
int hh_types_copy(const hh_types *src, hh_types **out);
void hh_types_free(hh_types *h);
/* Index of the type called id, or -1. */
int hh_types_find(const hh_types *h, const char *id);
/* Checks the initial counts against the case (departments exist, dwellings add up). */
int hh_types_check_initial(const hh_types *h, const almen_case *c);

extern const case_section HOUSEHOLD_TYPES_SECTION;

/* ---- Explicit letting policies (simulate_policy.c) --------------------------------------- */

typedef struct {
    char *name;
    unsigned dwellings;      /* where the channels apply (bits of dwelling types) */
    double share[SIM_NCH];   /* per cent; the waiting list's is the rest */
    char **exclude[SIM_NCH]; /* group names or household type ids */
    size_t n_exclude[SIM_NCH];
    char **criteria; /* flexible letting's; n_criteria 0: any criterion qualifies */
    size_t n_criteria;
    char *source;
    int line, column;
} sim_policy_def;

int sim_policy_parse(const char *yaml, const char *source, sim_policy_def **out);
int sim_policy_copy(const sim_policy_def *src, sim_policy_def **out);
void sim_policy_free(sim_policy_def *p);

/* ---- Options (simulate_options.c) ------------------------------------------------------- */

enum {
    SP_TURNOVER_FAMILY,
    SP_TURNOVER_YOUTH,
    SP_TURNOVER_ELDERLY,
    SP_INTERNAL_PCT,
    SP_CALIBRATE,
    SP_POLICY_MONTH,
    SP_QUANTILE_BINS,
    SP_RESIDUAL,
    SP_COUNT
};

typedef struct {
    const char *name;
    double def, lo, hi;
    int whole; /* must be a whole number */
    const char *unit;
    const char *source;
    const char *description;
} sim_param;
extern const sim_param SIM_PARAMS[SP_COUNT];

typedef struct {
    char *department;
    char *type;
    double count;
} sim_initial_override;

typedef struct {
    char *agreement;        /* "all", "none" or an agreement id; NULL for explicit */
    sim_policy_def *policy; /* explicit */
} sim_variant_def;

struct almen_simulation_options {
    int base_year, years;
    size_t runs;
    uint64_t seed;
    int threads;
    double q[SIM_MAX_QUANTILES];
    size_t nq;
    double param[SP_COUNT];
    hh_types *types; /* NULL: the case's */
    sim_initial_override *init;
    size_t n_init;
    sim_variant_def *var; /* none: "all" */
    size_t n_var;
    int run_output;
    char *scenario; /* a renovation scenario whose dwellings are used, or NULL */
};

/* ---- The prepared simulation ------------------------------------------------------------ */

/* One channel's applicants for one dwelling type: fixed weights, or (internal moves without
 * weights) the department's own composition at the start of the year, both restricted to
 * `allowed`. */
typedef struct {
    int dynamic;
    uint64_t allowed;
    int32_t fallback; /* dynamic pools: the pool used when no allowed household is there */
    /* Fixed pools: the distribution prepared for rng_multinomial (rng_prepare). */
    double cond[SIM_MAX_TYPES], log_q[SIM_MAX_TYPES], cum[SIM_MAX_TYPES];
} sim_pool;

/* The letting of one department's dwellings of one type under one policy. */
typedef struct {
    double cond[SIM_NCH], log_q[SIM_NCH], cum[SIM_NCH]; /* the channel split (rng_prepare) */
    double share[SIM_NCH];  /* the same as shares (for the policy table) */
    int32_t pool[SIM_NCH];  /* index into pools; -1 when the channel's share is 0 */
    uint64_t excluded[SIM_NCH];
    uint8_t fallback[SIM_NCH];
} sim_letting;

/* Indicators of both levels (then areas add criteria). */
enum {
    IND_HOUSEHOLDS,
    IND_RESIDENTS,
    IND_OUTSIDE,
    IND_CONVICTED,
    IND_BASIC,
    IND_INCOME,
    IND_NONWESTERN,
    IND_MOVE_OUTS,
    IND_TURNOVER,
    IND_COMMON
};
extern const char *const SIM_INDICATORS[IND_COMMON];

/* Exact integer sums so that the totals do not depend on the order in which threads add
 * runs: each value in fixed point, f = its 2^-20 multiples (sum and sum of squares give
 * the variance) and lo = the next 44 bits of its fraction (with sum they give the mean to
 * 2^-64). Values are kept within +-2^26 (67 million, far beyond any indicator) so that a
 * billion runs cannot overflow. */
__extension__ typedef __int128 sim_i128;
#define SIM_FIXED_SCALE 1048576.0                 /* 2^20 */
#define SIM_LOW_SCALE 17592186044416.0            /* 2^44 */
#define SIM_VALUE_LIMIT 67108864.0                /* 2^26 */

typedef struct {
    sim_i128 sum_lo, sum, sum2;
    int64_t n;       /* runs with a value (NaN is left out) */
    double min, max; /* valid when n > 0 (order-independent too) */
} sim_moments;

/* Everything a worker adds up, merged into the simulation's after each step. */
typedef struct {
    sim_moments *dept;   /* [v][d][y][IND_COMMON] */
    int64_t *comp;       /* [v][d][y][k] {sum, sum2} pairs */
    int64_t *inflow;     /* [v][d][y < years][channel][k] */
    int64_t *status;     /* [v][a][y][n_status_cols] */
    int64_t *leave;      /* [v][a][years + 1]: first year off (index y-1), never */
} sim_acc;

struct almen_simulation {
    /* Dimensions. Years: index 0 is the base year, index years the last state. */
    size_t n_dept, n_area, K, n_var;
    int base, years;
    size_t runs_total;
    uint64_t seed;
    int threads;
    double q[SIM_MAX_QUANTILES];
    size_t nq;
    double param[SP_COUNT];
    int run_output;

    /* Departments. */
    char **dept_id;
    size_t *dept_area; /* NO_INDEX outside areas */
    int32_t *dwellings; /* [d][t] in the base year */
    int32_t *dw_year;   /* [d][y 0..years][t] on 1 January of each year (simulate_scenario.c) */
    int32_t *dw_max;    /* [d][t]: the most in any year */
    int32_t *init;      /* [d][t][k] */
    char *init_given;   /* [d]: decomposed (0), given in the case (1) or the options (2) */
    double *fit_figure, *fit_model; /* [d][FIELD_COUNT] (NaN when not compared) */
    double *resid;      /* [d][FIELD_COUNT]: figure - model in the base year (0: none) */
    double *rate;       /* [d][t][k] move-out probability a year */
    double *rate_lq;    /* [d][t][k] log(1 - rate) */

    /* Household types. */
    char **type_id;
    double *contrib;  /* [k][FIELD_COUNT] */
    unsigned *lives;  /* [k]: bits of the dwelling types the type may occupy */
    double *hlo, *hhi; /* [d][IND_COMMON]: the histograms' ranges (all values fall inside) */

    /* Areas and their classification. */
    char **area_id;
    int real_first;    /* first data year of real_sums */
    int n_real;        /* years real_first .. base */
    double *real_sums; /* [a][year][FIELD_COUNT], NaN when missing */
    const char *region;
    ref_list refs;
    double *ref_value; /* [REF_COUNT][years+1]: each simulated data year's reference */
    almen_rules **builtin;
    size_t n_builtin;
    /* Statuses: index 0 "none", then the placement categories of the simulated years. */
    char **status_name;
    size_t n_status;
    /* Status columns of the status table: p_list, each placement (none first), unknown,
     * then the statutory tests of every category (cat_name). */
    char **cat_name;
    size_t n_cat;
    size_t n_status_cols;
    int32_t *base_status; /* [a][2]: status index of list years base-1 and base */
    int32_t *base_cols;   /* [a][2][n_status_cols] 0/1 for list years base-1 and base */
    char **base_rules;    /* [2] rule-set id of list years base-1 and base (or NULL) */
    char **year_rules;    /* [years+1]: rule set in force for each list year */
    int32_t *base_place;  /* [a]: placement index in the base year (-1: none or unknown) */
    double *base_crit;    /* [a][1 + n_crit]: criteria_met and criterion values, base year */
    size_t n_crit;        /* criteria reported for areas (union over the simulated years) */
    char **crit_name;
    size_t n_area_ind;    /* IND_COMMON + 1 (criteria_met) + n_crit */

    /* Letting. */
    char **var_name;
    sim_pool *pools;
    size_t n_pools;
    sim_letting *letting; /* [v][y < years][status][d][t] */

    /* Progress. */
    atomic_size_t next;
    atomic_size_t done;
    atomic_int cancelled;

    /* Results. */
    sim_acc acc;
    _Atomic uint32_t *hist; /* [v][d][y][IND_COMMON][bins] */
    size_t bins;
    double *area_runs;      /* [v][a][y][n_area_ind][runs_total] */
    double *dept_runs;      /* [v][d][y][IND_COMMON][runs_total] with run_output */
};

/* Dwellings of department d of type t on 1 January of year index y, and all its types. */
static inline int32_t sim_dw(const almen_simulation *s, size_t d, size_t y, int t)
{
    return s->dw_year[(d * ((size_t)s->years + 1) + y) * SIM_DW + (size_t)t];
}
static inline int32_t sim_households(const almen_simulation *s, size_t d, size_t y)
{
    return sim_dw(s, d, y, 0) + sim_dw(s, d, y, 1) + sim_dw(s, d, y, 2);
}

/* Sizes of the accumulator arrays. */
size_t sim_n_dept_cells(const almen_simulation *s);
size_t sim_n_comp(const almen_simulation *s);
size_t sim_n_inflow(const almen_simulation *s);
size_t sim_n_status(const almen_simulation *s);
size_t sim_n_leave(const almen_simulation *s);
int sim_acc_init(sim_acc *a, const almen_simulation *s);
void sim_acc_free(sim_acc *a);

/* Set-up steps (simulate_setup.c, simulate_scenario.c, simulate_policy.c,
 * simulate_classify.c). */
int sim_setup_departments(almen_simulation *s, const almen_case *c, const hh_types *h,
                          const almen_simulation_options *o);
/* dw_year and dw_max: the case's dwellings every year, or a renovation scenario's. */
int sim_setup_dwellings(almen_simulation *s, const almen_case *c, const char *scenario);
int sim_setup_policies(almen_simulation *s, const almen_case *c, const hh_types *h,
                       const almen_simulation_options *o);
int sim_setup_classification(almen_simulation *s, const almen_case *c);

/* Department figures from counts: out[f] = sum_k counts[k] * contrib[k][f], plus the
 * department's residual times the share of its initial households still there (survival;
 * d = NO_INDEX: no residual), never below 0. */
void sim_figures(const almen_simulation *s, size_t d, double survival, const int32_t *counts,
                 double *out);
/* The indicators of one unit's summed figures (IND_HOUSEHOLDS .. IND_NONWESTERN). */
void sim_indicators(const double *fig, double *out);

/* ---- Classification of one run (simulate_classify.c) ------------------------------------ */

typedef struct {
    const almen_simulation *s;
    const double *sums; /* [a][year 1..years][FIELD_COUNT] of the run (index y-1) */
    classify_source src;
    classify_run run;
    int ready;
} sim_classifier;

void sim_classifier_init(sim_classifier *k, const almen_simulation *s, const double *sums);
/* A fresh run (the memo of the previous run dropped). */
int sim_classifier_begin(sim_classifier *k);
void sim_classifier_end(sim_classifier *k);
/* Classifies area a in list year base + y (y >= 1, data years up to it set) and returns the
 * evaluation. */
const year_eval *sim_classify(sim_classifier *k, size_t a, int y, int *rc);
/* The status index of an evaluation (0 for none or unknown). */
int32_t sim_status_index(const almen_simulation *s, const year_eval *e);
/* The status-table columns of an evaluation (0/1 each). */
void sim_status_cols(const almen_simulation *s, const year_eval *e, int32_t *cols);

#endif
