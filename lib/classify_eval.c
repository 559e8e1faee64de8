/* The classifier: one area and list year at a time, under the rule set in force that
 * year, in three-valued logic (1, 0, NA). Consecutive-year categories look back at earlier
 * years through the memo, each year under its own rule set, following the lineage of
 * categories (`continues`) across regime changes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify_internal.h"
#include "error_internal.h"
#include "table_internal.h"

#define NA ALMEN_NA_INT
#define NONE ((size_t)-1)
/* How far back a lineage may be followed (dk-2021 -> dk-2018 -> dk-2013 -> dk-2010 is 3). */
#define MAX_LINEAGE 16

/* ---- Three-valued logic ---------------------------------------------------------------- */

static int32_t tri_and(int32_t a, int32_t b)
{
    if (a == 0 || b == 0) return 0;
    if (a == NA || b == NA) return NA;
    return 1;
}

static int32_t tri_not(int32_t a) { return a == NA ? NA : !a; }

/* ---- Comparisons and margins ----------------------------------------------------------- */

int rule_equal(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(1.0, fmax(fabs(a), fabs(b)));
}

int rule_compare(double v, rule_op op, double t)
{
    int eq = rule_equal(v, t);
    switch (op) {
    case OP_GT: return !eq && v > t;
    case OP_GE: return eq || v > t;
    case OP_LT: return !eq && v < t;
    default: return eq || v < t;
    }
}

/* The smallest whole number of persons whose status change in the latest data year flips
 * the test, signed: positive when met (that many fewer end it), negative when not met
 * (that many more meet it). The value moves linearly, slope_pp percentage points per
 * person, so k_exact = |margin| / slope; when the flipped state includes equality
 * (met under > or <, not met under >= or <=) reaching the threshold suffices (ceil),
 * otherwise it must be passed (floor + 1). NA when the change exceeds the persons there are. */
static int32_t person_margin(const crit_value *cv, rule_op op, int32_t met, double margin_pp)
{
    if (met == NA || isnan(cv->slope_pp) || !(cv->slope_pp > 0) || isnan(margin_pp)) return NA;
    double k_exact = fabs(margin_pp) / cv->slope_pp;
    double r = nearbyint(k_exact);
    if (fabs(k_exact - r) <= 1e-9 * fmax(1.0, k_exact)) k_exact = r;
    int strict = op == OP_GT || op == OP_LT;
    int reach = met ? strict : !strict;
    double k = reach ? ceil(k_exact) : floor(k_exact) + 1;
    int upwards = (op == OP_GT || op == OP_GE) ? !met : met;
    double cap = upwards ? cv->up_cap : cv->down_cap;
    if (isnan(cap) || k > cap + 1e-9 || k > 1e9) return NA;
    return (int32_t)(met ? k : -k);
}

static void test_criterion(const crit_value *cv, rule_op op, double t, crit_test *out)
{
    out->threshold = t;
    out->threshold_pct = t * cv->scale;
    out->met = isnan(cv->value) ? NA : rule_compare(cv->value, op, t);
    out->margin_pp = NAN;
    if (out->met != NA && !isnan(out->threshold_pct)) {
        double raw = rule_equal(cv->value, t) ? 0.0 : cv->pct - out->threshold_pct;
        out->margin_pp = (op == OP_GT || op == OP_GE) ? raw : -raw;
        if (out->margin_pp == 0) out->margin_pp = 0; /* no -0 at the threshold of a < test */
    }
    out->persons = person_margin(cv, op, out->met, out->margin_pp);
}

/* ---- Options as they apply to a rule set ------------------------------------------------ */

int classify_disabled(const almen_classify_options *o, const char *criterion)
{
    for (size_t i = 0; o && i < o->n_disabled; i++)
        if (!strcmp(o->disabled[i], criterion)) return 1;
    return 0;
}

static double threshold_of(const almen_classify_options *o, const rule_criterion *k, size_t th)
{
    double v = k->th[th].value;
    /* The latest override that names this criterion (and this set, or every set) wins. */
    for (size_t i = 0; o && i < o->n_th; i++)
        if (!strcmp(o->th[i].criterion, k->id) &&
            (!o->th[i].set || !strcmp(o->th[i].set, k->th[th].set)))
            v = o->th[i].value;
    return v;
}

const almen_rules *classify_regime(const classify_run *run, int year)
{
    const almen_classify_options *o = run->o;
    for (size_t i = o ? o->n_assign : 0; i-- > 0;) {
        const rule_assign *a = &o->assign[i];
        if ((!a->first || year >= a->first) && (!a->last || year <= a->last)) return a->rules;
    }
    for (size_t i = 0; i < run->n_builtin; i++) {
        const almen_rules *r = run->builtin[i];
        if (r->first_year && year >= r->first_year && (!r->last_year || year <= r->last_year))
            return r;
    }
    return NULL;
}

int classify_lag(const classify_run *run, const almen_rules *r)
{
    if (run->o && run->o->data_lag >= 0) return run->o->data_lag;
    return r ? r->data_lag : 0;
}

/* A rule set by id, for following a lineage: the options' (latest first), then the
 * compiled-in ones. */
static const almen_rules *rules_by_id(const classify_run *run, const char *id)
{
    const almen_classify_options *o = run->o;
    for (size_t i = o ? o->n_assign : 0; i-- > 0;)
        if (!strcmp(o->assign[i].rules->id, id)) return o->assign[i].rules;
    for (size_t i = 0; i < run->n_builtin; i++)
        if (!strcmp(run->builtin[i]->id, id)) return run->builtin[i];
    return NULL;
}

/* ---- Evaluation ------------------------------------------------------------------------ */

void notes_add(strbuf *notes, const char *what)
{
    if (notes->data) {
        /* Whole entries only: "figures 2019" must not match inside "figures 20190". */
        size_t n = strlen(what);
        for (const char *p = notes->data; (p = strstr(p, what)); p += n)
            if ((p == notes->data || p[-1] == ' ') && (p[n] == '\0' || p[n] == ';')) return;
    }
    if (notes->len) sb_puts(notes, "; ");
    sb_puts(notes, what);
}

/* Adds each "; "-separated entry of src. */
static void notes_merge(strbuf *dst, const char *src)
{
    char entry[200];
    while (src && *src) {
        const char *end = strstr(src, "; ");
        size_t n = end ? (size_t)(end - src) : strlen(src);
        snprintf(entry, sizeof entry, "%.*s", (int)n, src);
        notes_add(dst, entry);
        src = end ? end + 2 : NULL;
    }
}

static void free_eval(year_eval *e)
{
    if (!e) return;
    free(e->cv);
    free(e->ct);
    free(e->th_base);
    free(e->cat);
    free(e->list);
    sb_free(&e->notes);
    free(e);
}

static year_eval *eval_year(classify_run *run, size_t unit, int year, size_t upto, int *rc);

/* The status in year of the category that category `cat` of r continues (r itself when r
 * is in force that year), NA with a note when that year has no rule set or no such
 * predecessor. */
static int32_t past_status(classify_run *run, size_t unit, const almen_rules *r, size_t cat,
                           int year, strbuf *notes, int *rc)
{
    char note[160];
    const almen_rules *then = classify_regime(run, year);
    if (!then) {
        snprintf(note, sizeof note, "no rule set for %d", year);
        notes_add(notes, note);
        return NA;
    }
    const almen_rules *cur = r;
    const char *cid = r->cat[cat].id;
    for (int depth = 0; strcmp(cur->id, then->id) != 0; depth++) {
        size_t ci = rules_find_category(cur, cid);
        const almen_rules *prev = NULL;
        if (ci != NONE && cur->cat[ci].continues_rules && depth < MAX_LINEAGE) {
            prev = !strcmp(cur->cat[ci].continues_rules, then->id)
                       ? then
                       : rules_by_id(run, cur->cat[ci].continues_rules);
            cid = cur->cat[ci].continues_cat;
        }
        if (!prev) {
            snprintf(note, sizeof note, "%s has no predecessor in %s (%d)", r->cat[cat].id,
                     then->id, year);
            notes_add(notes, note);
            return NA;
        }
        cur = prev;
    }
    size_t ci = rules_find_category(then, cid);
    if (ci == NONE) {
        snprintf(note, sizeof note, "%s has no category %s (%d)", then->id, cid, year);
        notes_add(notes, note);
        return NA;
    }
    year_eval *e = eval_year(run, unit, year, ci, rc);
    if (!e) return NA;
    if (e->cat[ci] == NA) notes_merge(notes, e->notes.data);
    return e->cat[ci];
}

static int32_t eval_category(classify_run *run, size_t unit, year_eval *e, size_t ci, int *rc)
{
    const almen_rules *r = e->rules;
    const rule_category *c = &r->cat[ci];
    int32_t s = e->eligible;
    if (c->at_least) {
        int met = 0, unknown = 0;
        for (size_t j = 0; j < c->n_of; j++) {
            const rule_cond *q = &c->of[j];
            if (classify_disabled(run->o, r->crit[q->crit].id)) continue;
            int32_t m = e->ct[e->th_base[q->crit] + q->th].met;
            if (m == NA) unknown++;
            else met += m;
        }
        int32_t count = met >= c->at_least ? 1 : met + unknown < c->at_least ? 0 : NA;
        s = tri_and(s, count);
    }
    for (size_t j = 0; j < c->n_req; j++) {
        const rule_cond *q = &c->req[j];
        if (classify_disabled(run->o, r->crit[q->crit].id)) continue;
        s = tri_and(s, e->ct[e->th_base[q->crit] + q->th].met);
    }
    for (size_t j = 0; j < c->n_includes; j++) s = tri_and(s, e->cat[c->includes[j]]);
    if (c->history_years) {
        s = tri_and(s, e->cat[c->history_cat]);
        for (int back = 1; back < c->history_years && s != 0 && !*rc; back++)
            s = tri_and(s, past_status(run, unit, r, c->history_cat, e->year - back, &e->notes,
                                       rc));
    }
    return s;
}

static void count_criteria(const classify_run *run, year_eval *e)
{
    const almen_rules *r = e->rules;
    e->criteria_met = e->criteria_unknown = NA;
    if (r->counted == NONE) return;
    const rule_category *c = &r->cat[r->counted];
    e->criteria_met = e->criteria_unknown = 0;
    for (size_t j = 0; j < c->n_of; j++) {
        const rule_cond *q = &c->of[j];
        if (classify_disabled(run->o, r->crit[q->crit].id)) continue;
        int32_t m = e->ct[e->th_base[q->crit] + q->th].met;
        if (m == NA) e->criteria_unknown++;
        else e->criteria_met += m;
    }
}

static void place(year_eval *e)
{
    const almen_rules *r = e->rules;
    e->placement = "none";
    for (size_t j = 0; j < r->n_placement; j++) {
        int32_t s = e->list[r->placement[j]];
        if (s == NA) {
            e->placement = NULL;
            return;
        }
        if (s) {
            e->placement = r->cat[r->placement[j]].id;
            return;
        }
    }
}

/* Residents, eligibility and every criterion of the year under its rule set. */
static int evaluate_criteria(classify_run *run, size_t unit, year_eval *e)
{
    const almen_rules *r = e->rules;
    const almen_classify_options *o = run->o;
    const classify_source *src = run->src;
    e->data_year = e->year - classify_lag(run, r);
    e->cv = calloc(r->n_crit, sizeof *e->cv);
    e->th_base = calloc(r->n_crit, sizeof *e->th_base);
    e->cat = calloc(r->n_cat, sizeof *e->cat);
    e->list = calloc(r->n_cat, sizeof *e->list);
    size_t n_th = 0;
    for (size_t k = 0; k < r->n_crit; k++) n_th += r->crit[k].n_th;
    e->ct = calloc(n_th, sizeof *e->ct);
    if (!e->cv || !e->th_base || !e->cat || !e->list || !e->ct) return almen_fail_nomem();

    e->residents = src->residents(src, unit, e->year, e->data_year, &e->notes);
    e->eligible = isnan(e->residents) ? NA : e->residents >= r->min_residents;
    window_method method = (o && o->method >= 0) ? (window_method)o->method : r->method;
    incomplete_mode inc = (o && o->incomplete >= 0) ? (incomplete_mode)o->incomplete
                                                    : r->incomplete;
    size_t base = 0;
    for (size_t k = 0; k < r->n_crit; k++) {
        const rule_criterion *kc = &r->crit[k];
        src->criterion(src, unit, e->year, e->data_year, kc, method, inc, o, &e->notes, &e->cv[k]);
        e->th_base[k] = base;
        for (size_t j = 0; j < kc->n_th; j++)
            test_criterion(&e->cv[k], kc->th[j].op, threshold_of(o, kc, j), &e->ct[base + j]);
        base += kc->n_th;
    }
    return ALMEN_OK;
}

/* The memoised evaluation of unit in list year with categories 0..upto evaluated (upto
 * beyond the last: all of them); NULL with *rc set on failure. */
static year_eval *eval_year(classify_run *run, size_t unit, int year, size_t upto, int *rc)
{
    eval_memo *m = &run->memo[unit];
    year_eval *e = NULL;
    for (size_t i = 0; i < m->n && !e; i++)
        if (m->e[i]->year == year) e = m->e[i];
    if (!e) {
        if (m->n == m->cap) {
            size_t cap = m->cap ? 2 * m->cap : 8;
            year_eval **p = realloc(m->e, cap * sizeof *p);
            if (!p) {
                *rc = almen_fail_nomem();
                return NULL;
            }
            m->e = p;
            m->cap = cap;
        }
        if (!(e = calloc(1, sizeof *e))) {
            *rc = almen_fail_nomem();
            return NULL;
        }
        e->year = e->data_year = year;
        e->rules = classify_regime(run, year);
        e->eligible = e->criteria_met = e->criteria_unknown = NA;
        e->residents = NAN;
        sb_init(&e->notes);
        m->e[m->n++] = e;
        if (e->rules) {
            *rc = evaluate_criteria(run, unit, e);
        } else {
            char note[64];
            snprintf(note, sizeof note, "no rule set for %d", year);
            notes_add(&e->notes, note);
        }
    }
    /* History only looks at earlier years, so e is never re-entered while it is here. */
    for (; e->rules && !*rc && e->n_cat_done < e->rules->n_cat && e->n_cat_done <= upto;
         e->n_cat_done++)
        e->cat[e->n_cat_done] = eval_category(run, unit, e, e->n_cat_done, rc);
    if (!*rc && e->notes.failed) *rc = almen_fail_nomem();
    return *rc ? NULL : e;
}

/* Lists (the test and no excluded category), counts and placement of an output row. */
static void finish(const classify_run *run, year_eval *e)
{
    const almen_rules *r = e->rules;
    if (e->finished || !r) return;
    for (size_t ci = 0; ci < r->n_cat; ci++) {
        int32_t s = e->cat[ci];
        for (size_t j = 0; j < r->cat[ci].n_excludes; j++)
            s = tri_and(s, tri_not(e->cat[r->cat[ci].excludes[j]]));
        e->list[ci] = s;
    }
    count_criteria(run, e);
    place(e);
    e->finished = 1;
}

int classify_add_row(classify_run *run, size_t unit, int year)
{
    if (run->n_rows == run->cap_rows) {
        size_t cap = run->cap_rows ? 2 * run->cap_rows : 64;
        year_eval **p = realloc(run->rows, cap * sizeof *p);
        size_t *q = p ? realloc(run->row_unit, cap * sizeof *q) : NULL;
        if (p) run->rows = p;
        if (!p || !q) return almen_fail_nomem();
        run->row_unit = q;
        run->cap_rows = cap;
    }
    int rc = ALMEN_OK;
    year_eval *e = eval_year(run, unit, year, NONE, &rc);
    if (!e) return rc;
    finish(run, e);
    run->rows[run->n_rows] = e;
    run->row_unit[run->n_rows++] = unit;
    return ALMEN_OK;
}

int classify_check_options(const classify_run *run)
{
    const almen_classify_options *o = run->o;
    if (!o || !run->n_rows) return ALMEN_OK;
    char used[256] = "";
    for (size_t i = 0; i < run->n_rows; i++) {
        const almen_rules *r = run->rows[i]->rules;
        if (r && !strstr(used, r->id) && strlen(used) + strlen(r->id) + 3 < sizeof used) {
            if (*used) strcat(used, ", ");
            strcat(used, r->id);
        }
    }
    for (size_t d = 0; d < o->n_disabled + o->n_th; d++) {
        const char *crit = d < o->n_disabled ? o->disabled[d] : o->th[d - o->n_disabled].criterion;
        const char *set = d < o->n_disabled ? NULL : o->th[d - o->n_disabled].set;
        int found = 0;
        for (size_t i = 0; i < run->n_rows && !found; i++) {
            const almen_rules *r = run->rows[i]->rules;
            size_t k = r ? rules_find_criterion(r, crit) : NONE;
            found = k != NONE && (!set || rules_find_threshold(&r->crit[k], set) != NONE);
        }
        if (!found)
            return almen_fail(ALMEN_EINVAL, "%s criterion '%s'%s%s%s is in none of the rule sets "
                                            "used (%s)",
                              d < o->n_disabled ? "disabled" : "overridden", crit,
                              set ? " with threshold set '" : "", set ? set : "", set ? "'" : "",
                              *used ? used : "none");
    }
    return ALMEN_OK;
}

int classify_run_init(classify_run *run, const classify_source *src,
                      const almen_classify_options *o)
{
    memset(run, 0, sizeof *run);
    run->src = src;
    run->o = o;
    run->builtin = rules_builtin_all(&run->n_builtin);
    if (!run->builtin) return almen_error_last_code();
    run->memo = calloc(src->n_units ? src->n_units : 1, sizeof *run->memo);
    return run->memo ? ALMEN_OK : almen_fail_nomem();
}

void classify_run_free(classify_run *run)
{
    for (size_t u = 0; run->memo && u < run->src->n_units; u++) {
        for (size_t i = 0; i < run->memo[u].n; i++) free_eval(run->memo[u].e[i]);
        free(run->memo[u].e);
    }
    free(run->memo);
    for (size_t i = 0; i < run->n_builtin; i++) almen_rules_free(run->builtin[i]);
    free(run->builtin);
    free(run->rows);
    free(run->row_unit);
    memset(run, 0, sizeof *run);
}

int classify_list_years(const classify_run *run, const int *data_years, size_t n_data,
                        int **out, size_t *n_out)
{
    const almen_classify_options *o = run->o;
    int first = o ? o->first_year : 0, last = o ? o->last_year : 0;
    int explicit_range = first && last;
    *out = NULL;
    *n_out = 0;
    if (!explicit_range && !n_data) return ALMEN_OK;
    /* A lag moves list years after the data years: look up to 10 years beyond. */
    int lo = first ? first : data_years[0];
    int hi = last ? last : data_years[n_data - 1] + 10;
    if (hi < lo) return ALMEN_OK;
    int *years = malloc((size_t)(hi - lo + 1) * sizeof *years);
    if (!years) return almen_fail_nomem();
    size_t n = 0;
    for (int y = lo; y <= hi; y++) {
        const almen_rules *r = classify_regime(run, y);
        if (!r) {
            if (!explicit_range) continue;
            free(years);
            return almen_fail(ALMEN_EINVAL,
                              "no rule set for list year %d (the compiled-in ones start in "
                              "2010; set rules for it)",
                              y);
        }
        int data_year = y - classify_lag(run, r), has = explicit_range;
        for (size_t i = 0; i < n_data && !has; i++) has = data_years[i] == data_year;
        if (has) years[n++] = y;
    }
    *out = years;
    *n_out = n;
    return ALMEN_OK;
}
