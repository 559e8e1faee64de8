/* Renovation scenarios: the model behind almen/renovation.h. Never installed.
 *
 * The `scenarios` section is described once, as a schema (rv_field tables in
 * renovation_load.c); one generic reader, writer, copier and freer (renovation_schema.c)
 * follow it, so a new parameter is one line there plus its use in the model. */
#ifndef ALMEN_RENOVATION_INTERNAL_H
#define ALMEN_RENOVATION_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "case_internal.h"
#include "case_sections.h"
#include "strbuf.h"
#include "yamlx.h"

/* ---- the schema ------------------------------------------------------------------------ */

typedef enum {
    RK_NUM,      /* double; NaN when absent without default */
    RK_INT,      /* int; ALMEN_NA_INT when absent without default */
    RK_BOOL,     /* int 0/1 (YAML true/false) */
    RK_TEXT,     /* char *, owned; NULL when absent */
    RK_ENUM,     /* int index into names; -1 when absent without default */
    RK_DEPT,     /* size_t index of a case department; NO_INDEX when absent */
    RK_AREA,     /* size_t index of a case area; NO_INDEX when absent */
    RK_MAP,      /* an embedded struct described by sub */
    RK_LIST,     /* an array of sub structs (pointer at off, size_t count at count_off) */
    RK_NUMLIST,  /* an array of doubles (pointer at off, count at count_off) */
    RK_DEPTLIST  /* an array of size_t department indices (pointer at off, count at count_off) */
} rv_kind;

typedef struct rv_schema rv_schema;

typedef struct {
    const char *key;
    rv_kind kind;
    size_t off;
    size_t count_off;
    int required; /* must be given; for lists: with at least one item (RK_NUMLIST: always) */
    double def;   /* default when absent; NaN: none */
    double lo, hi; /* permitted range of RK_NUM, RK_INT and RK_NUMLIST elements */
    int lo_open;  /* lo itself excluded */
    const char *const *names; /* RK_ENUM: NULL-terminated */
    const rv_schema *sub;     /* RK_MAP, RK_LIST */
    const double *def_list;   /* RK_NUMLIST: the default values (def_n of them) */
    size_t def_n;
    unsigned mask; /* with a discriminated schema: the discriminator values (bits) that
                    * allow this key; 0 = all */
    unsigned required_mask; /* ... and those that require it */
} rv_field;

struct rv_schema {
    const rv_field *fields;
    size_t n;
    size_t size;       /* of the struct */
    int discriminated; /* fields[0] is an RK_ENUM selecting the allowed keys */
};

/* Reads node (a mapping) into the zeroed struct obj. */
int rv_read(ydoc *d, yaml_node_t *node, const char *path, const rv_schema *s, void *obj,
            const almen_case *c);
/* Writes obj's fields, every line prefixed by indent (the first by first, for "- "). */
void rv_write(strbuf *sb, const char *first, const char *indent, const rv_schema *s,
              const void *obj, const almen_case *c);
/* Deep copy of src into the zeroed dst; frees owned parts of obj (not obj itself). */
int rv_copy(const rv_schema *s, void *dst, const void *src);
void rv_release(const rv_schema *s, void *obj);
/* Fills the defaults of every field into a zeroed obj, as if read from an empty mapping. */
int rv_defaults(const rv_schema *s, void *obj);
/* Reads one field's value node (never NULL) into obj. */
int rv_read_value(ydoc *d, yaml_node_t *v, const char *path, const rv_field *f, void *obj,
                  const almen_case *c);

/* ---- the scenarios --------------------------------------------------------------------- */

enum { DW_FAMILY, DW_YOUTH, DW_ELDERLY, DW_TYPES };
extern const char *const RV_DWELLING_TYPES[];

typedef enum {
    CH_DEMOLISH,
    CH_CONVERT,
    CH_MERGE,
    CH_SELL,
    CH_PRIVATE,    /* new private dwellings in the area */
    CH_COMMERCIAL, /* new commercial floor area in the area */
    CH_KINDS
} rv_change_kind;
extern const char *const RV_CHANGE_KINDS[];

typedef struct {
    char *name;
    double amount;  /* kr, or NaN when per_m2 */
    double per_m2;  /* kr per m² of floor area after the changes, or NaN */
    size_t dept;    /* the department it belongs to, or NO_INDEX: shared by floor area */
    int supported;
    int year;
} rv_work;

typedef struct {
    int kind;
    size_t dept;
    int type;        /* the dwelling type demolished, sold or merged; convert: from */
    int to;          /* convert: the new type */
    int dwellings;   /* private: new private dwellings */
    int into;        /* convert, merge: resulting dwellings (ALMEN_NA_INT: as many) */
    double floor_area; /* m² removed (demolish, sell) or added (commercial); NaN: average */
    int year;
} rv_change;

typedef struct {
    size_t dept;
    int year;
    int dwellings;
    double months;
    double cost_per_dwelling;
    int supported;
} rv_rehousing;

typedef struct {
    double share, rate;
    int term, max_term, per_year;
    double resident_pct, indexation, indexed_share;
} rv_supported;

typedef struct {
    char *name;
    double amount; /* NaN: the rest of the need */
    double rate;
    int term, per_year;
} rv_mortgage;

typedef struct {
    double dispositionsfond, traekningsret;
} rv_own_funds;

typedef struct {
    double amount; /* kr per year; NaN: none */
    int from, years;
    size_t dept;
    double municipality, fund, organisation, lender;
} rv_injection;

typedef struct {
    size_t dept; /* NO_INDEX: every department of the scenario */
    double per_m2;
    int from, years;
} rv_grant;

typedef struct {
    rv_supported supported;
    rv_mortgage *mortgages;
    size_t n_mortgages;
    rv_own_funds own;
    rv_injection injection;
    rv_grant *grants;
    size_t n_grants;
} rv_financing;

typedef struct {
    size_t area;
    double private_dwellings, commercial_floor_area, m2_per_dwelling, demolished_since_2010;
    int keep_demolished;
    double max_pct;
    int target_year;
} rv_share;

typedef struct {
    double *bands;
    size_t n_bands;
    double size[DW_TYPES];
} rv_afford;

typedef struct {
    char *id;
    char *name;
    size_t *depts;
    size_t n_depts;
    int base_year;
    int horizon; /* ALMEN_NA_INT: to the last payment */
    double discount_rate;
    rv_work *works;
    size_t n_works;
    rv_change *changes;
    size_t n_changes;
    rv_rehousing *rehousing;
    size_t n_rehousing;
    rv_financing financing;
    rv_share share;
    rv_afford afford;
} rv_scenario;

typedef struct rv_scenarios {
    rv_scenario *items;
    size_t n;
} rv_scenarios;

/* The section's field: scenarios, a list of scenarios (in struct rv_scenarios). */
extern const rv_field RV_SCENARIOS_FIELD;
extern const rv_schema RV_SCENARIO_SCHEMA;
/* The case-file section (lib/case_sections.c). */
extern const case_section RENOVATION_SECTION;

/* ---- the model (renovation_model.c) ------------------------------------------------------ */

/* Who pays: the columns of the cash flows and net present values. */
enum { PAY_RESIDENTS, PAY_FUND, PAY_MUNICIPALITY, PAY_ORGANISATION, PAY_LENDER, RV_PAYERS };
extern const char *const RV_PAYER_NAMES[RV_PAYERS];

/* The legal thresholds on a rent increase (almenlejeloven / almenboligloven §37, domain note
 * §5): above 15 % of the annual rent residents may demand a ballot; above 5 % an increase
 * for improvements needs the municipality's approval. "Above" is strict. */
#define RV_BALLOT_PCT 15.0
#define RV_APPROVAL_PCT 5.0

/* Where a problem found while running a scenario lies, for the loader's position. */
typedef enum { AT_SCENARIO, AT_WORK, AT_CHANGE, AT_REHOUSING, AT_FINANCING, AT_MORTGAGE,
               AT_SHARE, AT_HORIZON } rv_part;
typedef struct {
    rv_part part;
    size_t index;
} rv_where;

/* An annuity loan's schedule, period by period (periods start on 1 January of start_year). */
typedef struct {
    const char *name;
    double principal, rate;
    int per_year, n, start_year;
    double *payment, *interest, *repaid, *balance; /* n each; balance after the period */
} rv_loan;

/* A scenario run. Years: y0 = base year .. y1 = the last year of the results (ny);
 * after_year = the first year with every work and change done; states (dwellings and floor
 * area) are kept for y0..after_year and stay constant afterwards. */
typedef struct {
    const almen_case *c;
    const rv_scenario *s;
    int y0, y1, after_year, first_payment_year; /* first_payment_year 0: no loans */
    size_t ny, nst;
    size_t area; /* the area of the §168a count, or NO_INDEX */
    int32_t *count; /* dwellings [(j * nst + k) * DW_TYPES + t], j a scenario department */
    double *tarea;  /* floor area, same layout */
    double *sold, *new_private, *new_commercial, *demolished; /* per state year, cumulative,
                                                                * in the count's area */
    double *cost_s, *cost_u;   /* per scenario department */
    double *work_amount;       /* per work, kr */
    double *vacancy, *moving;  /* per rehousing item: vacancy loss and rehousing cost */
    double total_s, total_u;
    double principal_s, need_other, disp_used, traek_used, resident_payment0;
    double *mortgage_principal; /* per mortgage loan */
    rv_loan *loans;
    size_t n_loans; /* the supported loan first (when it has a principal), then mortgages */
    /* yearly, ny each */
    double *cost_year, *sup_pay, *res_pay, *support, *mort_pay, *own, *inj, *grant;
    double *payer;  /* [p * ny + i] */
    double *extra;  /* [j * ny + i]: the residents' extra cost of department j, kr */
    double npv[RV_PAYERS];
    void *blocks[40];
    size_t n_blocks;
} rv_run;

/* Runs scenario s on case c. On error (ALMEN_EINPUT for an infeasible scenario, with the
 * message in the last error) *where says which part; r is then freed. */
int rv_run_make(const almen_case *c, const rv_scenario *s, rv_run *r, rv_where *where);
void rv_run_free(rv_run *r);
/* State year index for year (>= y0), clamped to the last state. */
size_t rv_state(const rv_run *r, int year);
double rv_dept_area(const rv_run *r, size_t j, int year);
int32_t rv_dept_dwellings(const rv_run *r, size_t j, int year);
/* Rent in kr per m² per year in year (y0..y1): the case's rent plus the scenario's extra
 * cost spread over the floor area of that year; NaN without a rent or floor area. */
double rv_rent_m2(const rv_run *r, size_t j, int year);

#endif
