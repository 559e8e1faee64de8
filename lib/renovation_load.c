/* The `scenarios` section: its schema (every parameter, its range and default, in one
 * place), the checks that need the case, and the section's hooks for loading, saving,
 * copying and freeing a case. The defaults and their sources are documented in
 * docs/renovation.md; change both together. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "almen/renovation.h"
#include "case_sections.h"
#include "error_internal.h"
#include "renovation_internal.h"

#define TRY(expr)                                                                        \
    do {                                                                                 \
        int rc_ = (expr);                                                                \
        if (rc_) return rc_;                                                             \
    } while (0)

const char *const RV_DWELLING_TYPES[] = {"family", "youth", "elderly", NULL};
const char *const RV_CHANGE_KINDS[] = {"demolish", "convert", "merge", "sell",
                                       "private_dwellings", "commercial", NULL};

#define FLD(T, k, kd, m) .key = k, .kind = kd, .off = offsetof(T, m)
#define LST(T, k, kd, m, n) .key = k, .kind = kd, .off = offsetof(T, m), .count_off = offsetof(T, n)
/* Ranges. */
#define NONNEG .lo = 0, .hi = INFINITY
#define POSITIVE .lo = 0, .lo_open = 1, .hi = INFINITY
#define FRACTION .lo = 0, .hi = 1
#define YEAR .lo = 1900, .hi = 2200
#define COUNT .lo = 1, .hi = 10000000
#define NODEF .def = NAN
#define SCHEMA(T, fields) {fields, sizeof fields / sizeof fields[0], sizeof(T), 0}

static const rv_field WORK_FIELDS[] = {
    {FLD(rv_work, "name", RK_TEXT, name), .required = 1},
    {FLD(rv_work, "amount", RK_NUM, amount), NODEF, NONNEG},
    {FLD(rv_work, "per_m2", RK_NUM, per_m2), NODEF, NONNEG},
    {FLD(rv_work, "department", RK_DEPT, dept)},
    {FLD(rv_work, "supported", RK_BOOL, supported), .def = 1},
    {FLD(rv_work, "year", RK_INT, year), .required = 1, YEAR},
};
static const rv_schema WORK = SCHEMA(rv_work, WORK_FIELDS);

enum {
    M_DEMOLISH = 1u << CH_DEMOLISH,
    M_CONVERT = 1u << CH_CONVERT,
    M_MERGE = 1u << CH_MERGE,
    M_SELL = 1u << CH_SELL,
    M_PRIVATE = 1u << CH_PRIVATE,
    M_COMMERCIAL = 1u << CH_COMMERCIAL,
    M_DEPT = M_DEMOLISH | M_CONVERT | M_MERGE | M_SELL
};

/* `dwelling_type` and `from` are the same member: the type a change takes dwellings from. */
static const rv_field CHANGE_FIELDS[] = {
    {FLD(rv_change, "type", RK_ENUM, kind), .required = 1, .names = RV_CHANGE_KINDS},
    {FLD(rv_change, "department", RK_DEPT, dept), .mask = M_DEPT, .required_mask = M_DEPT},
    {FLD(rv_change, "dwelling_type", RK_ENUM, type), .def = DW_FAMILY,
     .names = RV_DWELLING_TYPES, .mask = M_DEMOLISH | M_MERGE | M_SELL},
    {FLD(rv_change, "from", RK_ENUM, type), .def = DW_FAMILY, .names = RV_DWELLING_TYPES,
     .mask = M_CONVERT},
    {FLD(rv_change, "to", RK_ENUM, to), NODEF, .names = RV_DWELLING_TYPES, .mask = M_CONVERT,
     .required_mask = M_CONVERT},
    {FLD(rv_change, "dwellings", RK_INT, dwellings), COUNT, .mask = M_DEPT | M_PRIVATE,
     .required_mask = M_DEPT | M_PRIVATE},
    {FLD(rv_change, "into", RK_INT, into), NODEF, COUNT, .mask = M_CONVERT | M_MERGE,
     .required_mask = M_MERGE},
    {FLD(rv_change, "floor_area", RK_NUM, floor_area), NODEF, POSITIVE,
     .mask = M_DEMOLISH | M_SELL | M_COMMERCIAL, .required_mask = M_COMMERCIAL},
    {FLD(rv_change, "year", RK_INT, year), .required = 1, YEAR},
};
static const rv_schema CHANGE = {CHANGE_FIELDS, sizeof CHANGE_FIELDS / sizeof CHANGE_FIELDS[0],
                                 sizeof(rv_change), 1};

static const rv_field REHOUSING_FIELDS[] = {
    {FLD(rv_rehousing, "department", RK_DEPT, dept), .required = 1},
    {FLD(rv_rehousing, "year", RK_INT, year), .required = 1, YEAR},
    {FLD(rv_rehousing, "dwellings", RK_INT, dwellings), .required = 1, COUNT},
    {FLD(rv_rehousing, "months", RK_NUM, months), .required = 1, .lo = 0, .lo_open = 1, .hi = 120},
    {FLD(rv_rehousing, "cost_per_dwelling", RK_NUM, cost_per_dwelling), .def = 0, NONNEG},
    {FLD(rv_rehousing, "supported", RK_BOOL, supported), .def = 1},
};
static const rv_schema REHOUSING = SCHEMA(rv_rehousing, REHOUSING_FIELDS);

static const rv_field SUPPORTED_FIELDS[] = {
    {FLD(rv_supported, "share", RK_NUM, share), .def = 1, FRACTION},
    {FLD(rv_supported, "rate", RK_NUM, rate), .def = 0.03, FRACTION},
    {FLD(rv_supported, "term", RK_INT, term), .def = 30, .lo = 1, .hi = 100},
    {FLD(rv_supported, "max_term", RK_INT, max_term), .def = 30, .lo = 1, .hi = 100},
    {FLD(rv_supported, "payments_per_year", RK_INT, per_year), .def = 4, .lo = 1, .hi = 12},
    {FLD(rv_supported, "resident_payment_pct", RK_NUM, resident_pct), .def = 3.4, .lo = 0,
     .hi = 100},
    {FLD(rv_supported, "indexation", RK_NUM, indexation), .def = 0.02, .lo = -0.5, .hi = 1},
    {FLD(rv_supported, "indexed_share", RK_NUM, indexed_share), .def = 0.75, FRACTION},
};
static const rv_schema SUPPORTED = SCHEMA(rv_supported, SUPPORTED_FIELDS);

static const rv_field MORTGAGE_FIELDS[] = {
    {FLD(rv_mortgage, "name", RK_TEXT, name), .required = 1},
    {FLD(rv_mortgage, "amount", RK_NUM, amount), NODEF, NONNEG},
    {FLD(rv_mortgage, "rate", RK_NUM, rate), .def = 0.04, FRACTION},
    {FLD(rv_mortgage, "term", RK_INT, term), .def = 30, .lo = 1, .hi = 60},
    {FLD(rv_mortgage, "payments_per_year", RK_INT, per_year), .def = 4, .lo = 1, .hi = 12},
};
static const rv_schema MORTGAGE = SCHEMA(rv_mortgage, MORTGAGE_FIELDS);

static const rv_field OWN_FIELDS[] = {
    {FLD(rv_own_funds, "dispositionsfond", RK_NUM, dispositionsfond), .def = 0, NONNEG},
    {FLD(rv_own_funds, "traekningsret", RK_NUM, traekningsret), .def = 0, NONNEG},
};
static const rv_schema OWN = SCHEMA(rv_own_funds, OWN_FIELDS);

/* The capital injection's shares: "often quoted as a fifth each" (domain note §5), the
 * femtedelsmodel; whatever the four shares leave is the residents'. */
static const rv_field INJECTION_FIELDS[] = {
    {FLD(rv_injection, "amount", RK_NUM, amount), .required = 1, NODEF, NONNEG},
    {FLD(rv_injection, "from", RK_INT, from), .required = 1, NODEF, YEAR},
    {FLD(rv_injection, "years", RK_INT, years), .required = 1, NODEF, .lo = 1, .hi = 100},
    {FLD(rv_injection, "department", RK_DEPT, dept)},
    {FLD(rv_injection, "municipality", RK_NUM, municipality), .def = 0.2, FRACTION},
    {FLD(rv_injection, "fund", RK_NUM, fund), .def = 0.2, FRACTION},
    {FLD(rv_injection, "organisation", RK_NUM, organisation), .def = 0.2, FRACTION},
    {FLD(rv_injection, "lender", RK_NUM, lender), .def = 0.2, FRACTION},
};
static const rv_schema INJECTION = SCHEMA(rv_injection, INJECTION_FIELDS);

static const rv_field GRANT_FIELDS[] = {
    {FLD(rv_grant, "department", RK_DEPT, dept)},
    {FLD(rv_grant, "per_m2", RK_NUM, per_m2), .required = 1, POSITIVE},
    {FLD(rv_grant, "from", RK_INT, from), .required = 1, YEAR},
    {FLD(rv_grant, "years", RK_INT, years), .required = 1, .lo = 1, .hi = 100},
};
static const rv_schema GRANT = SCHEMA(rv_grant, GRANT_FIELDS);

static const rv_field FINANCING_FIELDS[] = {
    {FLD(rv_financing, "supported_loan", RK_MAP, supported), .sub = &SUPPORTED},
    {LST(rv_financing, "mortgage_loans", RK_LIST, mortgages, n_mortgages), .sub = &MORTGAGE},
    {FLD(rv_financing, "own_funds", RK_MAP, own), .sub = &OWN},
    {FLD(rv_financing, "capital_injection", RK_MAP, injection), .sub = &INJECTION},
    {LST(rv_financing, "rent_grants", RK_LIST, grants, n_grants), .sub = &GRANT},
};
static const rv_schema FINANCING = SCHEMA(rv_financing, FINANCING_FIELDS);

static const rv_field SHARE_FIELDS[] = {
    {FLD(rv_share, "area", RK_AREA, area)},
    {FLD(rv_share, "private_dwellings", RK_NUM, private_dwellings), .def = 0, NONNEG},
    {FLD(rv_share, "commercial_floor_area", RK_NUM, commercial_floor_area), .def = 0, NONNEG},
    {FLD(rv_share, "m2_per_dwelling", RK_NUM, m2_per_dwelling), .def = 75, POSITIVE},
    {FLD(rv_share, "demolished_since_2010", RK_NUM, demolished_since_2010), .def = 0, NONNEG},
    {FLD(rv_share, "keep_demolished", RK_BOOL, keep_demolished), .def = 1},
    {FLD(rv_share, "max_pct", RK_NUM, max_pct), .def = 40, .lo = 0, .hi = 100},
    {FLD(rv_share, "target_year", RK_INT, target_year), .def = 2030, YEAR},
};
static const rv_schema SHARE = SCHEMA(rv_share, SHARE_FIELDS);

typedef double dwelling_sizes[DW_TYPES];
static const rv_field SIZE_FIELDS[] = {
    {.key = "family", .kind = RK_NUM, .off = 0, .def = 80, POSITIVE},
    {.key = "youth", .kind = RK_NUM, .off = sizeof(double), .def = 44, POSITIVE},
    {.key = "elderly", .kind = RK_NUM, .off = 2 * sizeof(double), .def = 66, POSITIVE},
};
static const rv_schema SIZES = SCHEMA(dwelling_sizes, SIZE_FIELDS);

static const double DEFAULT_BANDS[] = {3000, 4000};
static const rv_field AFFORD_FIELDS[] = {
    {LST(rv_afford, "bands", RK_NUMLIST, bands, n_bands), POSITIVE, .def_list = DEFAULT_BANDS,
     .def_n = 2},
    {FLD(rv_afford, "dwelling_size", RK_MAP, size), .sub = &SIZES},
};
static const rv_schema AFFORD = SCHEMA(rv_afford, AFFORD_FIELDS);

static const rv_field SCENARIO_FIELDS[] = {
    {FLD(rv_scenario, "id", RK_TEXT, id), .required = 1},
    {FLD(rv_scenario, "name", RK_TEXT, name)},
    {LST(rv_scenario, "departments", RK_DEPTLIST, depts, n_depts), .required = 1},
    {FLD(rv_scenario, "base_year", RK_INT, base_year), .required = 1, YEAR},
    {FLD(rv_scenario, "horizon", RK_INT, horizon), NODEF, YEAR},
    {FLD(rv_scenario, "discount_rate", RK_NUM, discount_rate), .def = 0.035, .lo = -1,
     .lo_open = 1, .hi = 1},
    {LST(rv_scenario, "works", RK_LIST, works, n_works), .sub = &WORK},
    {LST(rv_scenario, "changes", RK_LIST, changes, n_changes), .sub = &CHANGE},
    {LST(rv_scenario, "rehousing", RK_LIST, rehousing, n_rehousing), .sub = &REHOUSING},
    {FLD(rv_scenario, "financing", RK_MAP, financing), .sub = &FINANCING},
    {FLD(rv_scenario, "family_share", RK_MAP, share), .sub = &SHARE},
    {FLD(rv_scenario, "affordability", RK_MAP, afford), .sub = &AFFORD},
};
const rv_schema RV_SCENARIO_SCHEMA = SCHEMA(rv_scenario, SCENARIO_FIELDS);

const rv_field RV_SCENARIOS_FIELD = {LST(rv_scenarios, "scenarios", RK_LIST, items, n),
                                     .sub = &RV_SCENARIO_SCHEMA};
static const rv_schema ROOT = {&RV_SCENARIOS_FIELD, 1, sizeof(rv_scenarios), 0};

/* ---- checks that need more than one field or the case ------------------------------------ */

/* The node of the i-th item of list key in map (or map itself when absent). */
static yaml_node_t *item_node(ydoc *d, yaml_node_t *map, const char *key, size_t i)
{
    int failed = 0;
    yaml_node_t *seq = map ? y_get(d, map, key, &failed) : NULL;
    if (!seq || seq->type != YAML_SEQUENCE_NODE) return map;
    yaml_node_t *n = yaml_document_get_node(&d->doc, seq->data.sequence.items.start[i]);
    return n ? n : map;
}

static yaml_node_t *map_node(ydoc *d, yaml_node_t *map, const char *key)
{
    int failed = 0;
    yaml_node_t *v = map ? y_get(d, map, key, &failed) : NULL;
    return v ? v : map;
}

typedef struct {
    ydoc *d;
    yaml_node_t *node; /* the scenario */
    char path[YAMLX_PATH_MAX];
} at_scenario;

/* Fails positioned at list[i] (list NULL: the scenario) or its field. */
static int bad(const at_scenario *a, const char *list, size_t i, const char *field,
               const char *msg)
{
    char p[YAMLX_PATH_MAX], q[YAMLX_PATH_MAX];
    yaml_node_t *n = a->node;
    if (list) {
        y_path_key(q, a->path, list);
        y_path_index(p, q, i);
        n = item_node(a->d, a->node, list, i);
    } else {
        snprintf(p, sizeof p, "%s", a->path);
    }
    if (field) {
        y_path_key(q, p, field);
        snprintf(p, sizeof p, "%s", q);
        n = map_node(a->d, n, field);
    }
    return y_fail(a->d, n, p, ALMEN_EINPUT, "%s", msg);
}

static int in_scenario(const rv_scenario *s, size_t dept)
{
    for (size_t j = 0; j < s->n_depts; j++)
        if (s->depts[j] == dept) return 1;
    return 0;
}

static int check_dept(const at_scenario *a, const rv_scenario *s, const char *list, size_t i,
                      size_t dept, const almen_case *c)
{
    if (dept == NO_INDEX || in_scenario(s, dept)) return ALMEN_OK;
    char msg[200];
    snprintf(msg, sizeof msg, "department '%s' is not one of the scenario's departments",
             c->departments[dept].id);
    return bad(a, list, i, "department", msg);
}

static int check_year(const at_scenario *a, const rv_scenario *s, const char *list, size_t i,
                      const char *field, int year)
{
    if (year >= s->base_year) return ALMEN_OK;
    char msg[120];
    snprintf(msg, sizeof msg, "%d is before the base year %d", year, s->base_year);
    return bad(a, list, i, field, msg);
}

static int check_departments(const at_scenario *a, const rv_scenario *s, const almen_case *c)
{
    for (size_t j = 0; j < s->n_depts; j++) {
        const department *d = &c->departments[s->depts[j]];
        if (isnan(d->floor_area) || d->family + d->youth + d->elderly == 0) {
            char msg[200];
            snprintf(msg, sizeof msg,
                     "department '%s' needs dwellings and a floor_area in the case to be in a "
                     "scenario",
                     d->id);
            return bad(a, "departments", j, NULL, msg);
        }
    }
    return ALMEN_OK;
}

static int check_items(const at_scenario *a, const rv_scenario *s, const almen_case *c)
{
    for (size_t i = 0; i < s->n_works; i++) {
        const rv_work *w = &s->works[i];
        if (isnan(w->amount) == isnan(w->per_m2))
            return bad(a, "works", i, NULL, "give either amount or per_m2");
        TRY(check_dept(a, s, "works", i, w->dept, c));
        TRY(check_year(a, s, "works", i, "year", w->year));
    }
    for (size_t i = 0; i < s->n_changes; i++) {
        const rv_change *ch = &s->changes[i];
        if (ch->kind <= CH_SELL) TRY(check_dept(a, s, "changes", i, ch->dept, c));
        TRY(check_year(a, s, "changes", i, "year", ch->year));
        if (ch->kind == CH_CONVERT && ch->to == ch->type)
            return bad(a, "changes", i, "to", "a conversion needs another dwelling type");
        if (ch->kind == CH_MERGE && ch->into >= ch->dwellings)
            return bad(a, "changes", i, "into", "merging must leave fewer dwellings than it takes");
    }
    for (size_t i = 0; i < s->n_rehousing; i++) {
        const rv_rehousing *h = &s->rehousing[i];
        TRY(check_dept(a, s, "rehousing", i, h->dept, c));
        TRY(check_year(a, s, "rehousing", i, "year", h->year));
        const department *d = &c->departments[h->dept];
        if (h->dwellings > d->family + d->youth + d->elderly)
            return bad(a, "rehousing", i, "dwellings", "more dwellings than the department has");
    }
    return ALMEN_OK;
}

static int check_financing(const at_scenario *a, const rv_scenario *s, const almen_case *c)
{
    const rv_financing *f = &s->financing;
    at_scenario fa = *a;
    fa.node = map_node(a->d, a->node, "financing");
    y_path_key(fa.path, a->path, "financing");
    if (f->supported.term > f->supported.max_term) {
        char msg[160];
        snprintf(msg, sizeof msg, "a supported loan runs at most %d years (max_term)",
                 f->supported.max_term);
        at_scenario sa = fa;
        sa.node = map_node(a->d, fa.node, "supported_loan");
        y_path_key(sa.path, fa.path, "supported_loan");
        return bad(&sa, NULL, 0, "term", msg);
    }
    size_t rest = NO_INDEX;
    for (size_t i = 0; i < f->n_mortgages; i++) {
        for (size_t k = 0; k < i; k++)
            if (!strcmp(f->mortgages[k].name, f->mortgages[i].name))
                return bad(&fa, "mortgage_loans", i, "name", "two mortgage loans with this name");
        if (!isnan(f->mortgages[i].amount)) continue;
        if (rest != NO_INDEX)
            return bad(&fa, "mortgage_loans", i, NULL,
                       "only one mortgage loan may go without an amount (it takes the rest)");
        rest = i;
    }
    const rv_injection *in = &f->injection;
    if (!isnan(in->amount)) {
        at_scenario ia = fa;
        ia.node = map_node(a->d, fa.node, "capital_injection");
        y_path_key(ia.path, fa.path, "capital_injection");
        if (in->municipality + in->fund + in->organisation + in->lender > 1 + 1e-12)
            return bad(&ia, NULL, 0, NULL,
                       "the shares of municipality, fund, organisation and lender exceed 1");
        TRY(check_dept(&ia, s, NULL, 0, in->dept, c));
        TRY(check_year(&ia, s, NULL, 0, "from", in->from));
    }
    for (size_t i = 0; i < f->n_grants; i++) {
        TRY(check_dept(&fa, s, "rent_grants", i, f->grants[i].dept, c));
        TRY(check_year(&fa, s, "rent_grants", i, "from", f->grants[i].from));
    }
    return ALMEN_OK;
}

/* Runs the scenario once: what only the model finds (more dwellings demolished than there
 * are, a financing gap) is reported at the item responsible. */
static int check_run(const at_scenario *a, const rv_scenario *s, const almen_case *c)
{
    rv_run r;
    rv_where w = {AT_SCENARIO, 0};
    int rc = rv_run_make(c, s, &r, &w);
    if (!rc) {
        int need_area = 0;
        for (size_t i = 0; i < s->n_changes; i++)
            need_area |= s->changes[i].kind >= CH_PRIVATE;
        size_t area = r.area;
        rv_run_free(&r);
        if (need_area && area == NO_INDEX)
            return bad(a, NULL, 0, "family_share",
                       "new private dwellings and commercial floor area count in an area: give "
                       "family_share.area (the departments are not all in one area)");
        return ALMEN_OK;
    }
    if (rc != ALMEN_EINPUT) return rc;
    char msg[400];
    snprintf(msg, sizeof msg, "%s", almen_error_last_message());
    at_scenario fa = *a;
    fa.node = map_node(a->d, a->node, "financing");
    y_path_key(fa.path, a->path, "financing");
    switch (w.part) {
    case AT_WORK: return bad(a, "works", w.index, NULL, msg);
    case AT_CHANGE: return bad(a, "changes", w.index, NULL, msg);
    case AT_REHOUSING: return bad(a, "rehousing", w.index, NULL, msg);
    case AT_MORTGAGE: return bad(&fa, "mortgage_loans", w.index, "amount", msg);
    case AT_FINANCING: return bad(a, NULL, 0, "financing", msg);
    case AT_HORIZON: return bad(a, NULL, 0, "horizon", msg);
    default: return bad(a, NULL, 0, NULL, msg);
    }
}

static int check_all(ydoc *d, yaml_node_t *seq, const char *path, const rv_scenarios *ss,
                     const almen_case *c)
{
    for (size_t i = 0; i < ss->n; i++) {
        const rv_scenario *s = &ss->items[i];
        at_scenario a = {d, yaml_document_get_node(&d->doc, seq->data.sequence.items.start[i]), ""};
        y_path_index(a.path, path, i);
        for (size_t k = 0; k < i; k++)
            if (!strcmp(ss->items[k].id, s->id))
                return bad(&a, NULL, 0, "id", "another scenario has this id");
        TRY(check_departments(&a, s, c));
        TRY(check_items(&a, s, c));
        TRY(check_financing(&a, s, c));
        if (s->horizon != ALMEN_NA_INT) TRY(check_year(&a, s, NULL, 0, "horizon", s->horizon));
        TRY(check_run(&a, s, c));
    }
    return ALMEN_OK;
}

/* ---- the section -------------------------------------------------------------------------- */

static void scenarios_free(rv_scenarios *ss)
{
    if (!ss) return;
    rv_release(&ROOT, ss);
    free(ss);
}

/* Reads the list node (the value of `scenarios`) into a new rv_scenarios. */
static int read_scenarios(ydoc *d, yaml_node_t *list, const almen_case *c, rv_scenarios **out)
{
    *out = NULL;
    rv_scenarios *ss = calloc(1, sizeof *ss);
    if (!ss) return almen_fail_nomem();
    int rc = rv_read_value(d, list, "scenarios", &RV_SCENARIOS_FIELD, ss, c);
    if (!rc) rc = check_all(d, list, "scenarios", ss, c);
    if (rc) {
        scenarios_free(ss);
        return rc;
    }
    *out = ss;
    return ALMEN_OK;
}

static int section_load(ydoc *d, yaml_node_t *node, almen_case *c)
{
    return read_scenarios(d, node, c, &c->scenarios);
}

static void section_save(strbuf *sb, const almen_case *c)
{
    if (!c->scenarios || !c->scenarios->n) return;
    rv_write(sb, "", "", &ROOT, c->scenarios, c);
}

static int section_copy(almen_case *dst, const almen_case *src)
{
    if (!src->scenarios) return ALMEN_OK;
    dst->scenarios = calloc(1, sizeof *dst->scenarios);
    if (!dst->scenarios) return almen_fail_nomem();
    return rv_copy(&ROOT, dst->scenarios, src->scenarios);
}

static void section_free(almen_case *c)
{
    scenarios_free(c->scenarios);
    c->scenarios = NULL;
}

const case_section RENOVATION_SECTION = {"scenarios", section_load, section_save, section_copy,
                                         section_free};

/* ---- loading the section on its own ------------------------------------------------------- */

static int load_standalone(almen_case *c, const char *text, size_t len, const char *source)
{
    static const char *const keys[] = {"scenarios", NULL};
    ydoc d;
    TRY(ydoc_parse(&d, text, len, source));
    yaml_node_t *root = ydoc_root(&d), *list;
    rv_scenarios *ss = NULL;
    int rc = y_check_map(&d, root, "", keys);
    if (!rc) rc = y_require(&d, root, "", "scenarios", &list);
    if (!rc) rc = read_scenarios(&d, list, c, &ss);
    ydoc_free(&d);
    if (rc) return rc;
    scenarios_free(c->scenarios);
    c->scenarios = ss;
    return ALMEN_OK;
}

almen_status almen_case_load_scenarios_string(almen_case *c, const char *yaml,
                                              const char *source_name)
{
    if (!c || !yaml) return almen_fail(ALMEN_EINVAL, "case and yaml text are required");
    return load_standalone(c, yaml, strlen(yaml), source_name ? source_name : "<string>");
}

almen_status almen_case_load_scenarios_file(almen_case *c, const char *path)
{
    if (!c) return almen_fail(ALMEN_EINVAL, "case is required");
    char *text;
    size_t len;
    TRY(ydoc_read_file(path, &text, &len));
    int rc = load_standalone(c, text, len, path);
    free(text);
    return rc;
}
