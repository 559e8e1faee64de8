/* Result tables of a classification: wide (one row per area and list year) and long (one
 * row per area, list year, criterion and threshold set). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify_internal.h"
#include "error_internal.h"
#include "table_internal.h"

/* ---- Columns that several rule sets share ----------------------------------------------- */

typedef struct {
    char *name;
    int type;
    void *data;   /* double * or int32_t * once created */
    size_t index; /* the table column */
} col;

typedef struct {
    col *c;
    size_t n, cap;
} cols;

/* The column called name, added when new; a rule set that names the same column with another
 * type (a category "x_value" beside a criterion "x") is refused. */
static int cols_add(cols *cs, const char *name, int type, size_t *out)
{
    for (size_t i = 0; i < cs->n; i++) {
        if (strcmp(cs->c[i].name, name) != 0) continue;
        if (cs->c[i].type != type)
            return almen_fail(ALMEN_EINPUT, "the rule sets used both define a column '%s'", name);
        *out = i;
        return ALMEN_OK;
    }
    if (cs->n == cs->cap) {
        size_t cap = cs->cap ? 2 * cs->cap : 32;
        col *p = realloc(cs->c, cap * sizeof *p);
        if (!p) return almen_fail_nomem();
        cs->c = p;
        cs->cap = cap;
    }
    cs->c[cs->n] = (col){strdup(name), type, NULL, 0};
    if (!cs->c[cs->n].name) return almen_fail_nomem();
    *out = cs->n++;
    return ALMEN_OK;
}

static int cols_addf(cols *cs, int type, size_t *out, const char *a, const char *b, const char *c)
{
    char name[160];
    snprintf(name, sizeof name, "%s%s%s", a, b ? b : "", c ? c : "");
    return cols_add(cs, name, type, out);
}

static void cols_free(cols *cs)
{
    for (size_t i = 0; i < cs->n; i++) free(cs->c[i].name);
    free(cs->c);
}

/* Creates the table's columns in order. */
static almen_table *cols_table(cols *cs, size_t nrows)
{
    almen_table *t = table_new(nrows);
    for (size_t i = 0; t && i < cs->n; i++) {
        col *c = &cs->c[i];
        int ok = 1;
        c->index = i;
        switch (c->type) {
        case ALMEN_COL_DOUBLE: ok = (c->data = table_add_double(t, c->name)) != NULL; break;
        case ALMEN_COL_INT: ok = (c->data = table_add_int(t, c->name)) != NULL; break;
        case ALMEN_COL_BOOL: ok = (c->data = table_add_bool(t, c->name)) != NULL; break;
        default: ok = table_add_string(t, c->name) >= 0; break;
        }
        if (!ok) {
            almen_table_free(t);
            return NULL;
        }
    }
    return t;
}

static void put_double(cols *cs, size_t c, size_t row, double v) { ((double *)cs->c[c].data)[row] = v; }
static void put_int(cols *cs, size_t c, size_t row, int32_t v) { ((int32_t *)cs->c[c].data)[row] = v; }
static int put_string(almen_table *t, cols *cs, size_t c, size_t row, const char *v)
{
    return v ? table_set_string(t, cs->c[c].index, row, v) : ALMEN_OK;
}

/* ---- The wide table --------------------------------------------------------------------- */

enum { TH_THRESHOLD, TH_MET, TH_MARGIN_PP, TH_PERSONS, TH_COLS };

/* Where one rule set's results go. */
typedef struct {
    const almen_rules *r;
    size_t *cat, *cat_list, *value, *th; /* th: TH_COLS per threshold set, flattened */
} rule_cols;

static void free_rule_cols(rule_cols *rc, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rc[i].cat);
        free(rc[i].cat_list);
        free(rc[i].value);
        free(rc[i].th);
    }
    free(rc);
}

/* The distinct rule sets of the rows, by the first list year they classify. */
static rule_cols *rules_used(const classify_run *run, size_t *n)
{
    rule_cols *rc = calloc(run->n_rows + 1, sizeof *rc);
    int *first = calloc(run->n_rows + 1, sizeof *first);
    *n = 0;
    if (!rc || !first) {
        free(rc);
        free(first);
        almen_fail_nomem();
        return NULL;
    }
    for (size_t i = 0; i < run->n_rows; i++) {
        const almen_rules *r = run->rows[i]->rules;
        size_t j = 0;
        while (j < *n && rc[j].r != r) j++;
        if (!r) continue;
        if (j == *n) rc[(*n)++].r = r, first[j] = run->rows[i]->year;
        else if (run->rows[i]->year < first[j]) first[j] = run->rows[i]->year;
    }
    for (size_t i = 1; i < *n; i++) /* insertion sort: a handful of rule sets */
        for (size_t j = i; j > 0 && first[j] < first[j - 1]; j--) {
            rule_cols tr = rc[j];
            rc[j] = rc[j - 1];
            rc[j - 1] = tr;
            int ty = first[j];
            first[j] = first[j - 1];
            first[j - 1] = ty;
        }
    free(first);
    return rc;
}

static size_t n_thresholds(const almen_rules *r)
{
    size_t n = 0;
    for (size_t k = 0; k < r->n_crit; k++) n += r->crit[k].n_th;
    return n;
}

enum { W_AREA, W_YEAR, W_DATA_YEAR, W_RULES, W_RESIDENTS, W_ELIGIBLE, W_MET, W_UNKNOWN, W_BASE };

static int wide_columns(cols *cs, rule_cols *rc, size_t n_rc, size_t *placement, size_t *missing)
{
    static const char *const base[] = {"area", "year", "data_year", "rules", "residents",
                                       "eligible", "criteria_met", "criteria_unknown"};
    static const int types[] = {ALMEN_COL_STRING, ALMEN_COL_INT, ALMEN_COL_INT,
                                ALMEN_COL_STRING, ALMEN_COL_DOUBLE, ALMEN_COL_BOOL,
                                ALMEN_COL_INT, ALMEN_COL_INT};
    size_t idx;
    int rc_ = ALMEN_OK;
    for (int i = 0; i < W_BASE && !rc_; i++) rc_ = cols_add(cs, base[i], types[i], &idx);
    for (size_t s = 0; s < n_rc && !rc_; s++) {
        const almen_rules *r = rc[s].r;
        rc[s].cat = calloc(r->n_cat, sizeof *rc[s].cat);
        rc[s].cat_list = calloc(r->n_cat, sizeof *rc[s].cat_list);
        rc[s].value = calloc(r->n_crit, sizeof *rc[s].value);
        rc[s].th = calloc(n_thresholds(r) * TH_COLS, sizeof *rc[s].th);
        if (!rc[s].cat || !rc[s].cat_list || !rc[s].value || !rc[s].th) return almen_fail_nomem();
        for (size_t ci = 0; ci < r->n_cat && !rc_; ci++) {
            rc_ = cols_add(cs, r->cat[ci].id, ALMEN_COL_BOOL, &rc[s].cat[ci]);
            if (!rc_) rc_ = cols_addf(cs, ALMEN_COL_BOOL, &rc[s].cat_list[ci], r->cat[ci].id, "_list", NULL);
        }
    }
    if (!rc_) rc_ = cols_add(cs, "placement", ALMEN_COL_STRING, placement);
    static const char *const suffix[TH_COLS] = {"_threshold", "_met", "_margin_pp",
                                                "_margin_persons"};
    static const int th_types[TH_COLS] = {ALMEN_COL_DOUBLE, ALMEN_COL_BOOL, ALMEN_COL_DOUBLE,
                                          ALMEN_COL_INT};
    /* Grouped by criterion (in order of first appearance): its value, then its threshold
     * sets from every rule set that has it. */
    for (size_t s = 0; s < n_rc && !rc_; s++) {
        for (size_t k = 0; k < rc[s].r->n_crit && !rc_; k++) {
            const char *id = rc[s].r->crit[k].id;
            int seen = 0;
            for (size_t q = 0; q < s && !seen; q++) seen = rules_find_criterion(rc[q].r, id) != (size_t)-1;
            if (seen) continue;
            for (size_t s2 = s; s2 < n_rc && !rc_; s2++) {
                const almen_rules *r = rc[s2].r;
                size_t k2 = rules_find_criterion(r, id), b = 0;
                if (k2 == (size_t)-1) continue;
                for (size_t q = 0; q < k2; q++) b += r->crit[q].n_th;
                rc_ = cols_addf(cs, ALMEN_COL_DOUBLE, &rc[s2].value[k2], id, "_value", NULL);
                const rule_criterion *kc = &r->crit[k2];
                for (size_t j = 0; j < kc->n_th && !rc_; j++, b++) {
                    char stem[100];
                    snprintf(stem, sizeof stem, "%s_%s", id, kc->th[j].set);
                    for (int q = 0; q < TH_COLS && !rc_; q++)
                        rc_ = cols_addf(cs, th_types[q], &rc[s2].th[b * TH_COLS + q], stem,
                                        suffix[q], NULL);
                }
            }
        }
    }
    if (!rc_) rc_ = cols_add(cs, "missing", ALMEN_COL_STRING, missing);
    return rc_;
}

static int fill_wide(almen_table *t, cols *cs, const classify_run *run, const rule_cols *rc,
                     size_t n_rc, size_t placement, size_t missing)
{
    int ok = 1;
    for (size_t i = 0; i < run->n_rows && ok; i++) {
        const year_eval *e = run->rows[i];
        const char *unit = run->src->unit_id(run->src, run->row_unit[i]);
        ok = put_string(t, cs, W_AREA, i, unit) == ALMEN_OK &&
             put_string(t, cs, W_RULES, i, e->rules ? e->rules->id : NULL) == ALMEN_OK &&
             put_string(t, cs, placement, i, e->rules ? e->placement : NULL) == ALMEN_OK &&
             put_string(t, cs, missing, i, e->notes.len ? e->notes.data : NULL) == ALMEN_OK;
        put_int(cs, W_YEAR, i, e->year);
        put_int(cs, W_DATA_YEAR, i, e->data_year);
        put_double(cs, W_RESIDENTS, i, e->residents);
        put_int(cs, W_ELIGIBLE, i, e->eligible);
        put_int(cs, W_MET, i, e->criteria_met);
        put_int(cs, W_UNKNOWN, i, e->criteria_unknown);
        const rule_cols *m = NULL;
        for (size_t s = 0; s < n_rc; s++)
            if (rc[s].r == e->rules) m = &rc[s];
        if (!m) continue; /* no rule set in force: everything NA */
        const almen_rules *r = e->rules;
        for (size_t ci = 0; ci < r->n_cat; ci++) {
            put_int(cs, m->cat[ci], i, e->cat[ci]);
            put_int(cs, m->cat_list[ci], i, e->list[ci]);
        }
        size_t b = 0;
        for (size_t k = 0; k < r->n_crit; k++) {
            put_double(cs, m->value[k], i, e->cv[k].value);
            for (size_t j = 0; j < r->crit[k].n_th; j++, b++) {
                const crit_test *ct = &e->ct[b];
                put_double(cs, m->th[b * TH_COLS + TH_THRESHOLD], i, ct->threshold);
                put_int(cs, m->th[b * TH_COLS + TH_MET], i, ct->met);
                put_double(cs, m->th[b * TH_COLS + TH_MARGIN_PP], i, ct->margin_pp);
                put_int(cs, m->th[b * TH_COLS + TH_PERSONS], i, ct->persons);
            }
        }
    }
    return ok ? ALMEN_OK : ALMEN_ENOMEM;
}

int classify_wide_table(const classify_run *run, almen_table **out)
{
    cols cs = {0};
    size_t n_rc, placement = 0, missing = 0;
    rule_cols *rc = rules_used(run, &n_rc);
    int rc_ = rc ? wide_columns(&cs, rc, n_rc, &placement, &missing) : ALMEN_ENOMEM;
    almen_table *t = NULL;
    if (!rc_ && !(t = cols_table(&cs, run->n_rows))) rc_ = ALMEN_ENOMEM;
    if (!rc_) rc_ = fill_wide(t, &cs, run, rc, n_rc, placement, missing);
    if (rc_) almen_table_free(t);
    else *out = t;
    if (rc) free_rule_cols(rc, n_rc);
    cols_free(&cs);
    return rc_;
}

/* ---- The long table --------------------------------------------------------------------- */

enum {
    L_AREA, L_YEAR, L_DATA_YEAR, L_RULES, L_CRITERION, L_SET, L_COUNTED, L_VALUE, L_OP,
    L_THRESHOLD, L_UNIT, L_MET, L_VALUE_PCT, L_THRESHOLD_PCT, L_MARGIN_PP, L_PERSONS,
    L_NUMERATOR, L_DENOMINATOR, L_REFERENCE, L_WINDOW, L_COLS
};

int classify_long_table(const classify_run *run, almen_table **out)
{
    static const char *const names[L_COLS] = {
        "area", "year", "data_year", "rules", "criterion", "thresholds", "counted", "value",
        "op", "threshold", "unit", "met", "value_pct", "threshold_pct", "margin_pp",
        "margin_persons", "numerator", "denominator", "reference", "window_years"};
    static const int types[L_COLS] = {
        ALMEN_COL_STRING, ALMEN_COL_INT,    ALMEN_COL_INT,    ALMEN_COL_STRING,
        ALMEN_COL_STRING, ALMEN_COL_STRING, ALMEN_COL_BOOL,   ALMEN_COL_DOUBLE,
        ALMEN_COL_STRING, ALMEN_COL_DOUBLE, ALMEN_COL_STRING, ALMEN_COL_BOOL,
        ALMEN_COL_DOUBLE, ALMEN_COL_DOUBLE, ALMEN_COL_DOUBLE, ALMEN_COL_INT,
        ALMEN_COL_DOUBLE, ALMEN_COL_DOUBLE, ALMEN_COL_DOUBLE, ALMEN_COL_INT};
    size_t nrows = 0, idx;
    for (size_t i = 0; i < run->n_rows; i++)
        if (run->rows[i]->rules) nrows += n_thresholds(run->rows[i]->rules);
    cols cs = {0};
    int rc = ALMEN_OK;
    for (int q = 0; q < L_COLS && !rc; q++) rc = cols_add(&cs, names[q], types[q], &idx);
    almen_table *t = NULL;
    if (!rc && !(t = cols_table(&cs, nrows))) rc = ALMEN_ENOMEM;
    size_t row = 0;
    for (size_t i = 0; i < run->n_rows && !rc; i++) {
        const year_eval *e = run->rows[i];
        const almen_rules *r = e->rules;
        size_t b = 0;
        for (size_t k = 0; r && k < r->n_crit && !rc; k++) {
            const rule_criterion *kc = &r->crit[k];
            const crit_value *cv = &e->cv[k];
            for (size_t j = 0; j < kc->n_th && !rc; j++, b++, row++) {
                const crit_test *ct = &e->ct[b];
                const char *unit = kc->form == FORM_SHARE_TO_REF ? "multiple" : "percent";
                if (put_string(t, &cs, L_AREA, row, run->src->unit_id(run->src, run->row_unit[i])) ||
                    put_string(t, &cs, L_RULES, row, r->id) ||
                    put_string(t, &cs, L_CRITERION, row, kc->id) ||
                    put_string(t, &cs, L_SET, row, kc->th[j].set) ||
                    put_string(t, &cs, L_OP, row, RULE_OP_TEXT[kc->th[j].op]) ||
                    put_string(t, &cs, L_UNIT, row, unit))
                    rc = ALMEN_ENOMEM;
                put_int(&cs, L_YEAR, row, e->year);
                put_int(&cs, L_DATA_YEAR, row, e->data_year);
                put_int(&cs, L_COUNTED, row, !classify_disabled(run->o, kc->id));
                put_double(&cs, L_VALUE, row, cv->value);
                put_double(&cs, L_THRESHOLD, row, ct->threshold);
                put_int(&cs, L_MET, row, ct->met);
                put_double(&cs, L_VALUE_PCT, row, cv->pct);
                put_double(&cs, L_THRESHOLD_PCT, row, ct->threshold_pct);
                put_double(&cs, L_MARGIN_PP, row, ct->margin_pp);
                put_int(&cs, L_PERSONS, row, ct->persons);
                put_double(&cs, L_NUMERATOR, row, cv->numerator);
                put_double(&cs, L_DENOMINATOR, row, cv->denominator);
                put_double(&cs, L_REFERENCE, row, cv->reference);
                put_int(&cs, L_WINDOW, row, cv->window_years);
            }
        }
    }
    if (rc) almen_table_free(t);
    else *out = t;
    cols_free(&cs);
    return rc;
}
