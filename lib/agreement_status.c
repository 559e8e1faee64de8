/* The date's context: which statutory list is in force, each area's status on it (explicit
 * or classified), which agreements are in force, and which instruments apply where. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agreement_analysis.h"
#include "almen/classify.h"
#include "error_internal.h"

#define TRY(expr)                                                                        \
    do {                                                                                 \
        int rc_ = (expr);                                                                \
        if (rc_) return rc_;                                                             \
    } while (0)

/* The instruments the law adds by the area's status (almenboligloven as amended by L 23,
 * 2021; docs/agreements.md). They concern the letting of family dwellings. */
const agr_statutory AGR_STATUTORY[] = {
    {AGR_ST_UDSAT, "§59 stk. 6", AGR_INSTR_ALLOCATION_BAN, AGR_GROUPS_59_6, NAN,
     "no municipal allocation of vacant family dwellings to households where a member meets "
     "one of the criteria (udsatte boligområder, parallelsamfund, omdannelsesområder)"},
    {AGR_ST_FOREBYG, "§59 stk. 7", AGR_INSTR_ALLOCATION_BAN, AGR_GROUPS_59_7, NAN,
     "no municipal allocation of vacant family dwellings to households meeting stk. 6 nr. 1-4 "
     "or 6 months on selvforsørgelses- og hjemrejseydelse or overgangsydelse (forebyggelses"
     "områder)"},
    {AGR_ST_UDSAT | AGR_ST_FOREBYG, "§60", AGR_INSTR_FLEXIBLE_LETTING, 0, 100,
     "flexible letting is obligatory for all lettings except municipal allocation"},
    {AGR_ST_OMDANNELSE, "§51c", AGR_INSTR_MANDATORY_REJECTION, AGR_GROUPS_51C, NAN,
     "applicants on kontanthjælp, uddannelseshjælp, selvforsørgelses- og hjemrejseydelse or "
     "overgangsydelse are rejected"},
};
const size_t AGR_N_STATUTORY = sizeof AGR_STATUTORY / sizeof AGR_STATUTORY[0];

/* The list year in force on date: the list published on the list date of year Y applies
 * from that day until the day before the next one. */
static int list_year_on(agr_day date, int month, int day)
{
    int y, m, d;
    agr_day_to_ymd(date, &y, &m, &d);
    /* day_from_ymd normalises 29 February of a common year to 1 March. */
    return date >= agr_day_from_ymd(y, month, day) ? y : y - 1;
}

/* Fills the areas without an explicit status from the statutory classification of the list
 * year (its `placement`: the most severe list; the categories nest, so the bits follow). */
static int classify_areas(agr_ctx *x)
{
    char *rules_id = NULL;
    if (almen_rules_for_year(x->list_year, &rules_id) != ALMEN_OK) {
        /* No rule set for the year (before 2010): the status stays unknown. */
        almen_error_clear();
        return ALMEN_OK;
    }
    almen_free(rules_id);
    almen_classify_options *co = NULL;
    almen_table *t = NULL;
    int rc = almen_classify_options_new(&co);
    if (!rc) rc = almen_classify_options_set_years(co, x->list_year, x->list_year);
    if (!rc) rc = almen_case_classify(x->c, co, &t);
    almen_classify_options_free(co);
    if (rc) return rc;
    size_t c_area, c_year, c_place;
    rc = almen_table_column_index(t, "area", &c_area) ||
         almen_table_column_index(t, "year", &c_year) ||
         almen_table_column_index(t, "placement", &c_place);
    if (rc) {
        almen_table_free(t);
        return almen_fail(ALMEN_EINVAL, "the classification has no area, year or placement");
    }
    for (size_t r = 0; r < almen_table_nrows(t); r++) {
        if (almen_table_get_int(t, c_year, r) != x->list_year) continue;
        size_t ai = case_find_area(x->c, almen_table_get_string(t, c_area, r));
        const char *place = almen_table_get_string(t, c_place, r);
        int bits = place ? agr_status_bits(place) : -1;
        if (ai == NO_INDEX || bits < 0 || x->area_source[ai] != AGR_SRC_UNKNOWN) continue;
        x->area_bits[ai] = bits;
        x->area_source[ai] = AGR_SRC_CLASSIFICATION;
    }
    almen_table_free(t);
    return ALMEN_OK;
}

static int check_status_areas(const almen_agreement_options *o, const almen_case *c)
{
    for (size_t i = 0; i < o->n_status; i++)
        if (case_find_area(c, o->status[i].area) == NO_INDEX)
            return almen_fail(ALMEN_EINVAL, "the options give a status for area '%s', which is "
                                            "not in the case",
                              o->status[i].area);
    return ALMEN_OK;
}

static int map_geographies(agr_ctx *x)
{
    const agr_list *l = x->l;
    size_t nd = x->c->n_departments, ni = 0;
    x->instr_base = malloc((l->n + 1) * sizeof *x->instr_base);
    if (!x->instr_base) return almen_fail_nomem();
    for (size_t ai = 0; ai < l->n; ai++) {
        x->instr_base[ai] = ni;
        ni += l->a[ai].n_instr;
    }
    x->cover = malloc(l->n * nd + 1);
    x->scope = malloc(ni * nd + 1);
    if (!x->cover || !x->scope) return almen_fail_nomem();
    for (size_t ai = 0; ai < l->n; ai++) {
        const agreement *a = &l->a[ai];
        TRY(agr_geo_map(x->c, &a->geo, x->cover + ai * nd));
        for (size_t k = 0; k < a->n_instr; k++) {
            unsigned char *s = x->scope + (x->instr_base[ai] + k) * nd;
            if (a->instr[k].scope.given) TRY(agr_geo_map(x->c, &a->instr[k].scope, s));
            else memset(s, 1, nd);
        }
    }
    return ALMEN_OK;
}

static int ctx_fill(agr_ctx *x)
{
    const almen_case *c = x->c;
    x->list_year = list_year_on(x->date, x->o->list_month, x->o->list_day);
    x->area_bits = calloc(c->n_areas + 1, sizeof *x->area_bits);
    x->area_source = calloc(c->n_areas + 1, sizeof *x->area_source);
    x->in_force = calloc(x->l->n + 1, 1);
    if (!x->area_bits || !x->area_source || !x->in_force) return almen_fail_nomem();
    int missing = 0;
    for (size_t i = 0; i < c->n_areas; i++) {
        int bits;
        if (agr_options_status(x->o, c->areas[i].id, x->list_year, &bits)) {
            x->area_bits[i] = bits;
            x->area_source[i] = AGR_SRC_EXPLICIT;
        } else {
            x->area_bits[i] = AGR_ST_UNKNOWN;
            missing = 1;
        }
    }
    if (missing && x->o->classification) TRY(classify_areas(x));
    for (size_t i = 0; i < x->l->n; i++) {
        const agreement *a = &x->l->a[i];
        x->in_force[i] = a->start <= x->date && (a->end == AGR_NO_DAY || x->date <= a->end);
    }
    return map_geographies(x);
}

int agr_ctx_init(agr_ctx *x, const almen_case *c, const char *date,
                 const almen_agreement_options *o)
{
    memset(x, 0, sizeof *x);
    if (!c) return almen_fail(ALMEN_EINVAL, "a case is required");
    TRY(agr_day_argument(date, "date", &x->date));
    if (!o) {
        agr_options_defaults(&x->defaults);
        o = &x->defaults;
    }
    TRY(check_status_areas(o, c));
    x->c = c;
    x->o = o;
    x->l = agr_case_list(c);
    int rc = ctx_fill(x);
    if (rc) agr_ctx_free(x);
    return rc;
}

void agr_ctx_free(agr_ctx *x)
{
    free(x->area_bits);
    free(x->area_source);
    free(x->in_force);
    free(x->cover);
    free(x->scope);
    free(x->instr_base);
    x->area_bits = x->area_source = NULL;
    x->in_force = NULL;
    x->cover = x->scope = NULL;
    x->instr_base = NULL;
}

int agr_dept_status(const agr_ctx *x, size_t di)
{
    size_t a = x->c->departments[di].area;
    return a == NO_INDEX ? 0 : x->area_bits[a];
}

const char *agr_dept_status_text(const agr_ctx *x, size_t di, char *buf, size_t cap)
{
    int bits = agr_dept_status(x, di);
    if (bits == AGR_ST_UNKNOWN) return NULL;
    agr_status_text(bits, buf, cap);
    return buf;
}

int agr_covers(const agr_ctx *x, size_t ai, size_t di)
{
    return x->in_force[ai] && x->cover[ai * x->c->n_departments + di];
}

int agr_instr_applies(const agr_ctx *x, size_t ai, size_t k, size_t di)
{
    const agr_instrument *in = &x->l->a[ai].instr[k];
    if (!agr_covers(x, ai, di)) return 0;
    if (!x->scope[(x->instr_base[ai] + k) * x->c->n_departments + di]) return 0;
    if ((in->start != AGR_NO_DAY && x->date < in->start) ||
        (in->end != AGR_NO_DAY && x->date > in->end))
        return 0;
    if (!in->area_status) return 1;
    int bits = agr_dept_status(x, di);
    if (bits == AGR_ST_UNKNOWN) return 0;
    return bits ? (in->area_status & bits) != 0 : (in->area_status & AGR_ST_NONE_BIT) != 0;
}

int agr_statutory_applies(const agr_ctx *x, size_t s, size_t di)
{
    int bits = agr_dept_status(x, di);
    return x->date >= x->o->statutory_from && bits != AGR_ST_UNKNOWN &&
           (bits & AGR_STATUTORY[s].status_bits) && x->c->departments[di].family > 0;
}

/* ---- The area status table ------------------------------------------------------------- */

almen_status almen_case_area_status(const almen_case *c, const char *date,
                                    const almen_agreement_options *o, almen_table **out)
{
    static const agr_rs_col cols[] = {{"area", ALMEN_COL_STRING},   {"date", ALMEN_COL_STRING},
                                      {"list_year", ALMEN_COL_INT}, {"status", ALMEN_COL_STRING},
                                      {"source", ALMEN_COL_STRING}};
    static const char *const sources[] = {"unknown", "explicit", "classification"};
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    agr_ctx x;
    TRY(agr_ctx_init(&x, c, date, o));
    char day[11], buf[96];
    agr_day_format(x.date, day);
    agr_rowset rs;
    agr_rs_init(&rs, cols, 5);
    for (size_t i = 0; i < c->n_areas; i++) {
        size_t r = agr_rs_add(&rs);
        agr_rs_str(&rs, r, 0, c->areas[i].id);
        agr_rs_str(&rs, r, 1, day);
        agr_rs_int(&rs, r, 2, x.list_year);
        if (x.area_bits[i] != AGR_ST_UNKNOWN) {
            agr_status_text(x.area_bits[i], buf, sizeof buf);
            agr_rs_str(&rs, r, 3, buf);
        }
        agr_rs_str(&rs, r, 4, sources[x.area_source[i]]);
    }
    agr_ctx_free(&x);
    return agr_rs_table(&rs, out);
}
