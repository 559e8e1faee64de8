/* The analyses over a case's agreements on one date: options, area status, which
 * instruments apply where (shared by the letting policy, the findings and the coverage).
 * Never installed. */
#ifndef ALMEN_AGREEMENT_ANALYSIS_H
#define ALMEN_AGREEMENT_ANALYSIS_H

#include "agreement_internal.h"

typedef struct {
    char *area;
    int year;
    int bits; /* AGR_ST_* of the categories given; 0 = on no list */
} agr_status_entry;

struct almen_agreement_options {
    /* Numeric parameters (agreement_options.c lists them with their legal source). */
    double allocation_max_pct;
    double combined_min_residents;
    double combined_min_outside_pct;
    double review_years;
    double coverage_threshold_pct;
    double figures_lag;
    int list_month, list_day;  /* publication day of the statutory lists */
    agr_day statutory_from;    /* statutory instruments are added from this day */
    int classification;        /* classify area-years without an explicit status */
    agr_status_entry *status;
    size_t n_status, cap_status;
};

/* Options with every default, for callers that pass NULL. */
void agr_options_defaults(almen_agreement_options *o);
/* 1 and *bits when the options give area's status for year explicitly. */
int agr_options_status(const almen_agreement_options *o, const char *area, int year, int *bits);

/* Where an area's status on the date came from. */
enum { AGR_SRC_UNKNOWN, AGR_SRC_EXPLICIT, AGR_SRC_CLASSIFICATION };

/* Everything the analyses need on one date. */
typedef struct {
    const almen_case *c;
    const almen_agreement_options *o;
    almen_agreement_options defaults; /* o points here when the caller passed NULL */
    agr_day date;
    int list_year;       /* the list in force on date */
    int *area_bits;      /* per area: AGR_ST_* bits, or AGR_ST_UNKNOWN */
    int *area_source;    /* per area: AGR_SRC_* */
    const agr_list *l;
    char *in_force;      /* per agreement: start <= date <= end */
    /* Which departments each geography covers, worked out once (a national case has ~7,000
     * departments, and every analysis asks per department): cover[ai * D + di] for
     * agreement ai, scope[(instr_base[ai] + k) * D + di] for its instrument k (1 when the
     * instrument has no applies_to). */
    unsigned char *cover, *scope;
    size_t *instr_base;
} agr_ctx;

/* Checks the arguments, resolves every area's status and which agreements are in force.
 * date NULL means today. */
int agr_ctx_init(agr_ctx *x, const almen_case *c, const char *date,
                 const almen_agreement_options *o);
void agr_ctx_free(agr_ctx *x);

/* The department's area status: bits (0 outside areas or on no list), or AGR_ST_UNKNOWN. */
int agr_dept_status(const agr_ctx *x, size_t di);
/* "udsat,parallelsamfund" / "none" / NULL (unknown) for a department, in buf. */
const char *agr_dept_status_text(const agr_ctx *x, size_t di, char *buf, size_t cap);

/* Does instrument k of agreement ai apply to department di on the date? (agreement in
 * force, geography and applies_to cover it, its area_status condition holds with a known
 * status, a funded initiative's own period covers the date) */
int agr_instr_applies(const agr_ctx *x, size_t ai, size_t k, size_t di);
/* Does agreement ai cover department di on the date (in force and its geography)? */
int agr_covers(const agr_ctx *x, size_t ai, size_t di);

/* A statutory instrument applying by force of the area's status. */
typedef struct {
    int status_bits;       /* the statuses it applies in (any of) */
    const char *paragraph;
    instr_type type;
    unsigned groups;
    double quota_pct;
    const char *note;
} agr_statutory;

extern const agr_statutory AGR_STATUTORY[];
extern const size_t AGR_N_STATUTORY;
/* Does statutory rule s apply to department di on the date? */
int agr_statutory_applies(const agr_ctx *x, size_t s, size_t di);

#endif
