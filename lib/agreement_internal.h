/* Agreements as the library sees them (include/almen/agreements.h). Never installed.
 *
 * Every agreement keeps the ids it refers to as text together with where they were read
 * (source, line, column, field path), so references to the case are checked when the
 * agreements meet a case, with the position of the original input. All memory of one list
 * belongs to its pool, so a list is freed in one go and moved into a case without copying
 * each string. */
#ifndef ALMEN_AGREEMENT_INTERNAL_H
#define ALMEN_AGREEMENT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "almen/agreements.h"
#include "case_internal.h"
#include "case_sections.h"
#include "strbuf.h"

/* ---- Memory: every allocation of a list is recorded and freed together ---------------- */

typedef struct {
    void **p;
    size_t n, cap;
} agr_pool;

void *agr_pool_alloc(agr_pool *pl, size_t size);   /* zeroed; NULL (error recorded) on failure */
char *agr_pool_strdup(agr_pool *pl, const char *s); /* NULL for NULL */
void agr_pool_free(agr_pool *pl);
/* Moves every allocation of src into dst (src is empty afterwards). */
int agr_pool_merge(agr_pool *dst, agr_pool *src);

/* ---- Dates: days since 1970-01-01 ----------------------------------------------------- */

typedef int32_t agr_day;
#define AGR_NO_DAY INT32_MIN

agr_day agr_day_from_ymd(int y, int m, int d);
void agr_day_to_ymd(agr_day day, int *y, int *m, int *d);
/* Strict "YYYY-MM-DD", a real calendar date in 1900..2200. 0 on success. */
int agr_day_parse(const char *s, agr_day *out);
/* "YYYY-MM-DD" into buf (11 bytes). */
void agr_day_format(agr_day day, char *buf);
/* The same day-of-month `months` months later (earlier when negative), clamped to the end of
 * a shorter month (31 Jan + 1 month = 28/29 Feb). */
agr_day agr_day_add_months(agr_day day, int months);
/* Today in local time. */
agr_day agr_day_today(void);
/* A date argument of the public API (NULL: today); ALMEN_EINVAL with the argument's name. */
int agr_day_argument(const char *text, const char *what, agr_day *out);

/* ---- Vocabularies --------------------------------------------------------------------- */

enum {
    AGR_THEME_MUNICIPAL_ALLOCATION,
    AGR_THEME_FLEXIBLE_LETTING,
    AGR_THEME_COMBINED_LETTING,
    AGR_THEME_FUTURE_PROOFING,
    AGR_THEME_SOCIAL_PLAN,
    AGR_THEME_EMPLOYMENT_EDUCATION,
    AGR_THEME_NEW_BUILD,
    AGR_THEME_HOMELESSNESS,
    AGR_THEME_EVICTIONS,
    AGR_THEME_MENTAL_HEALTH,
    AGR_THEME_GOVERNANCE_DIALOGUE,
    AGR_THEME_COUNT
};
extern const char *const AGR_THEME_NAMES[AGR_THEME_COUNT];

typedef enum {
    AGR_INSTR_MUNICIPAL_ALLOCATION,
    AGR_INSTR_ALLOCATION_BAN,
    AGR_INSTR_FLEXIBLE_LETTING,
    AGR_INSTR_COMBINED_LETTING,
    AGR_INSTR_MANDATORY_REJECTION,
    AGR_INSTR_TARGET_GROUP_DWELLINGS,
    AGR_INSTR_FUNDED_INITIATIVE,
    AGR_INSTR_OTHER,
    AGR_INSTR_COUNT
} instr_type;
extern const char *const AGR_INSTR_NAMES[AGR_INSTR_COUNT];

/* Groups of applicants that bans and rejections name (docs/agreements.md), as bits. */
enum {
    AGR_GROUP_RELEASED_PRISON,            /* §59 stk. 6 nr. 1 */
    AGR_GROUP_RELEASED_YOUTH_INSTITUTION, /* nr. 2 */
    AGR_GROUP_LEASE_TERMINATED,           /* nr. 3 */
    AGR_GROUP_NON_EU_CITIZEN,             /* nr. 4 */
    AGR_GROUP_SOCIAL_ASSISTANCE_6M,       /* nr. 5; §51b stk. 1, 1. pkt. */
    AGR_GROUP_DISABILITY_PENSION,         /* nr. 6; §51b stk. 1, 2. pkt. */
    AGR_GROUP_UNEMPLOYMENT_SICKNESS_6M,   /* nr. 7; §51b stk. 1, 2. pkt. */
    AGR_GROUP_SELF_SUPPORT_6M,            /* §59 stk. 7 */
    AGR_GROUP_SOCIAL_ASSISTANCE,          /* §51c: receiving now */
    AGR_GROUP_COUNT
};
extern const char *const AGR_GROUP_NAMES[AGR_GROUP_COUNT];
#define AGR_GROUPS_59_6 0x7Fu                                    /* nr. 1-7 */
#define AGR_GROUPS_59_7 (0x0Fu | (1u << AGR_GROUP_SELF_SUPPORT_6M))  /* nr. 1-4 + self support */
#define AGR_GROUPS_51B ((1u << AGR_GROUP_SOCIAL_ASSISTANCE_6M) | (1u << AGR_GROUP_DISABILITY_PENSION) | \
                    (1u << AGR_GROUP_UNEMPLOYMENT_SICKNESS_6M))
#define AGR_GROUPS_51C (1u << AGR_GROUP_SOCIAL_ASSISTANCE)

enum { AGR_DW_FAMILY = 1, AGR_DW_YOUTH = 2, AGR_DW_ELDERLY = 4 };

/* Area status bits. An instrument's area_status condition uses the same bits plus
 * STATUS_NONE_BIT for "on no list". */
enum {
    AGR_ST_UDSAT = 1,
    AGR_ST_PARALLEL = 2,
    AGR_ST_OMDANNELSE = 4,
    AGR_ST_FOREBYG = 8,
    AGR_ST_NONE_BIT = 16,
    AGR_ST_UNKNOWN = -1
};
/* Parses a category name into bits (with the nesting: omdannelse -> parallel -> udsat, and
 * the older names); 0 for "none", -1 when unknown. */
int agr_status_bits(const char *category);
/* "udsat,parallelsamfund" etc. into buf; "none" for 0. */
void agr_status_text(int bits, char *buf, size_t cap);

/* ---- Result rows: tables whose row count is known only at the end --------------------- */

typedef struct {
    const char *name;
    int type; /* ALMEN_COL_* */
} agr_rs_col;

typedef union {
    double d;
    int32_t i;
    char *s;
} agr_rs_cell;

typedef struct {
    const agr_rs_col *cols;
    size_t ncols;
    agr_rs_cell *cells; /* nrows * ncols */
    size_t nrows, cap;
    int failed; /* out of memory once: every later call is a no-op, agr_rs_table fails */
} agr_rowset;

void agr_rs_init(agr_rowset *rs, const agr_rs_col *cols, size_t ncols);
/* Starts a row with every cell missing; returns its index (meaningless once failed). */
size_t agr_rs_add(agr_rowset *rs);
void agr_rs_str(agr_rowset *rs, size_t row, size_t col, const char *s); /* copies; NULL = missing */
void agr_rs_dbl(agr_rowset *rs, size_t row, size_t col, double v);
void agr_rs_int(agr_rowset *rs, size_t row, size_t col, int32_t v);
/* The rows as a table; the agr_rowset is freed either way. */
int agr_rs_table(agr_rowset *rs, almen_table **out);
void agr_rs_free(agr_rowset *rs);

/* ---- The model ------------------------------------------------------------------------ */

/* An id read from input, with its position for errors found later. */
typedef struct {
    char *id;
    int line, column;
    char *path;
} agr_ref;

typedef struct {
    agr_ref *v;
    size_t n;
} agr_refs;

typedef struct {
    int municipality; /* the whole municipality */
    agr_refs districts, areas, departments;
    int given;        /* the key was present */
} agr_geo;

typedef struct {
    instr_type type;
    double share_pct;      /* municipal allocation: from share_pct, or 100 / every */
    int every;             /* 0 unless given as "every" */
    int stk2;
    unsigned dwelling_types; /* AGR_DW_* (allocation, target group dwellings) */
    int stk;               /* allocation ban: 6 or 7 */
    unsigned groups;       /* GROUP bits (bans, combined letting, mandatory rejection) */
    char **criteria;
    size_t n_criteria;
    double quota_pct;      /* flexible letting; NaN when not given */
    char *target_group;
    int32_t count;         /* target group dwellings; -1 when not given */
    char *dispensation;
    char *name;            /* funded initiative */
    double amount;         /* kr; NaN when not given */
    char *funder;
    agr_day start, end;    /* funded initiative's own period (AGR_NO_DAY: the agreement's) */
    char *description;     /* other */
    char *paragraph;       /* given for target group dwellings, funded initiatives, other */
    char *note;
    agr_geo scope;         /* applies_to; scope.given = 0: the whole geography */
    int area_status;       /* condition: AGR_ST_* bits incl. AGR_ST_NONE_BIT; 0 = any */
    int line, column;
    char *path;
} agr_instrument;

typedef struct {
    char *body; /* "municipal_council", "organisation_board" or free text */
    agr_ref organisation; /* organisation_board only; id NULL otherwise */
    agr_day date;
} agr_adoption;

typedef struct {
    char *role; /* "political", "administrative" or free text */
    char *body;
    char *responsibility;
} agr_role;

typedef struct {
    char *id;
    char *name;
    char *parent;
    agr_ref district;
    int per_district;
    char **members;
    size_t n_members;
} agr_board;

typedef struct {
    char *name;
    int on;
} agr_free_theme;

typedef struct {
    char *id, *name, *model;
    int municipality; /* code, 0 when not given */
    int municipality_line, municipality_column;
    agr_refs organisations;
    agr_adoption *adoptions;
    size_t n_adoptions;
    agr_geo geo;
    agr_role *roles;
    size_t n_roles;
    agr_board *boards;
    size_t n_boards;
    agr_day start, end; /* end AGR_NO_DAY when open */
    agr_day *reviews;   /* ascending */
    size_t n_reviews;
    agr_day ext_60b;    /* §60b decision, AGR_NO_DAY when none */
    int ext_permission; /* §60b stk. 3 permission */
    signed char themes[AGR_THEME_COUNT]; /* -1 not said, 0 off, 1 on */
    agr_free_theme *free_themes;
    size_t n_free_themes;
    agr_instrument *instr;
    size_t n_instr;
    int line, column;
    char *path;
} agreement;

typedef struct agr_list {
    char *source; /* where the agreements were read (for errors found later) */
    agreement *a;
    size_t n;
    agr_pool pool;
} agr_list;

/* A standalone list keeps the text it was read from: adding it to a case parses the text
 * again into memory of the case's own (a deep copy with the original positions). */
struct almen_agreements {
    agr_list list;
    char *text;
    size_t len;
};

/* Parses a sequence of agreements (node) into l (allocations from l->pool); the ids of the
 * case are not checked. path is the sequence's field path ("agreements"). */
int agr_parse_list(ydoc *d, yaml_node_t *node, const char *path, agr_list *l);
/* Parses a standalone document (a mapping with `agreements` and optionally `format`, or the
 * list itself) into l; on error l is freed. */
int agr_parse_text(const char *text, size_t len, const char *source, agr_list *l);
void agr_list_free(agr_list *l);

/* Checks l against the case c (and the agreements the case has already): every reference
 * exists, applies_to lies inside the geography, ids are new, geographies are filled. */
int agr_check_against_case(const agr_list *l, const almen_case *c);
/* Appends l's agreements to the case's list (taking over l's memory); l is empty after. */
int agr_list_append(almen_case *c, agr_list *l);

/* Writes "agreements:\n  - ..." for n agreements. */
void agr_write_yaml(strbuf *sb, const agreement *a, size_t n);

/* Does the geography cover department index di of c? (references checked already) */
int agr_geo_covers(const almen_case *c, const agr_geo *g, size_t di);
/* The same for every department at once: out[di] = 1 or 0 (c->n_departments bytes), in
 * O(departments + references) rather than their product. */
int agr_geo_map(const almen_case *c, const agr_geo *g, unsigned char *out);
/* The geography as text: "municipality", "districts: a, b; areas: c". */
void agr_geo_text(const agr_geo *g, strbuf *sb);
/* Instrument parameters as text ("share_pct=25; dwelling_types=family"). */
void agr_instr_parameters(const agr_instrument *in, strbuf *sb);
void agr_groups_text(unsigned groups, strbuf *sb);
void agr_dwelling_types_text(unsigned types, strbuf *sb);
/* The paragraph an instrument rests on: "§59 stk. 1", ..., or its own `paragraph`. */
const char *agr_instr_paragraph(const agr_instrument *in);

/* The agreements of a case (never NULL: an empty list when the case has none). */
const agr_list *agr_case_list(const almen_case *c);

extern const case_section AGREEMENTS_SECTION;

#endif
