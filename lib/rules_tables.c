/* Rule sets as tables, for users to inspect what a rule set says. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error_internal.h"
#include "fields.h"
#include "rules_internal.h"
#include "strbuf.h"
#include "table_internal.h"

static const char *const FORM_TEXT[] = {"share", "share_to_reference", "average_to_reference"};

almen_status almen_rules_builtins(almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    size_t n;
    almen_rules **all = rules_builtin_all(&n);
    if (!all) return almen_error_last_code();
    almen_table *t = table_new(n);
    int ok = t != NULL;
    int c_id = ok ? table_add_string(t, "id") : -1, c_name = ok ? table_add_string(t, "name") : -1;
    int c_law = ok ? table_add_string(t, "law") : -1;
    int32_t *first = ok ? table_add_int(t, "first_year") : NULL;
    int32_t *last = ok ? table_add_int(t, "last_year") : NULL;
    int c_date = ok ? table_add_string(t, "list_date") : -1;
    ok = ok && c_id >= 0 && c_name >= 0 && c_law >= 0 && first && last && c_date >= 0;
    for (size_t i = 0; i < n && ok; i++) {
        const almen_rules *r = all[i];
        ok = !table_set_string(t, (size_t)c_id, i, r->id) &&
             !table_set_string(t, (size_t)c_name, i, r->name) &&
             (!r->law || !table_set_string(t, (size_t)c_law, i, r->law)) &&
             (!r->list_date || !table_set_string(t, (size_t)c_date, i, r->list_date));
        first[i] = r->first_year ? r->first_year : ALMEN_NA_INT;
        last[i] = r->last_year ? r->last_year : ALMEN_NA_INT;
    }
    for (size_t i = 0; i < n; i++) almen_rules_free(all[i]);
    free(all);
    if (!ok) {
        almen_table_free(t);
        return ALMEN_ENOMEM;
    }
    *out = t;
    return ALMEN_OK;
}

/* String columns by name, set row by row; the first failure sticks. */
typedef struct {
    almen_table *t;
    int ok;
} tb;

static int str_col(tb *b, const char *name)
{
    int c = b->ok ? table_add_string(b->t, name) : -1;
    if (c < 0) b->ok = 0;
    return c;
}

static void set(tb *b, int col, size_t row, const char *v)
{
    if (b->ok && v && table_set_string(b->t, (size_t)col, row, v)) b->ok = 0;
}

static int finish(tb *b, almen_table **out)
{
    if (!b->ok) {
        almen_table_free(b->t);
        return ALMEN_ENOMEM;
    }
    *out = b->t;
    return ALMEN_OK;
}

almen_status almen_rules_criteria(const almen_rules *r, almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!r) return almen_fail(ALMEN_EINVAL, "rules are required");
    size_t n = 0;
    for (size_t k = 0; k < r->n_crit; k++) n += r->crit[k].n_th;
    tb b = {table_new(n), 1};
    b.ok = b.t != NULL;
    int c_crit = str_col(&b, "criterion"), c_name = str_col(&b, "name");
    int c_src = str_col(&b, "source"), c_form = str_col(&b, "form");
    int c_num = str_col(&b, "numerator"), c_den = str_col(&b, "denominator");
    int c_ref = str_col(&b, "reference");
    int32_t *window = b.ok ? table_add_int(b.t, "window") : NULL;
    int c_set = str_col(&b, "thresholds"), c_op = str_col(&b, "op");
    double *threshold = b.ok ? table_add_double(b.t, "threshold") : NULL;
    int c_unit = str_col(&b, "unit");
    b.ok = b.ok && window && threshold;
    size_t row = 0;
    for (size_t k = 0; k < r->n_crit && b.ok; k++) {
        const rule_criterion *kc = &r->crit[k];
        for (size_t j = 0; j < kc->n_th; j++, row++) {
            set(&b, c_crit, row, kc->id);
            set(&b, c_name, row, kc->name);
            set(&b, c_src, row, kc->source);
            set(&b, c_form, row, FORM_TEXT[kc->form]);
            set(&b, c_num, row, FIELDS[kc->numerator].name);
            set(&b, c_den, row, FIELDS[kc->denominator].name);
            set(&b, c_ref, row, kc->ref != REF_NONE ? RULE_REF_NAMES[kc->ref] : NULL);
            window[row] = kc->window;
            set(&b, c_set, row, kc->th[j].set);
            set(&b, c_op, row, RULE_OP_TEXT[kc->th[j].op]);
            threshold[row] = kc->th[j].value;
            set(&b, c_unit, row, kc->form == FORM_SHARE_TO_REF ? "multiple" : "percent");
        }
    }
    return finish(&b, out);
}

/* Ids joined with ", " (NULL when none). */
static char *joined(const almen_rules *r, const rule_cond *conds, size_t n_conds,
                    const size_t *cats, size_t n_cats, int with_set)
{
    if (!n_conds && !n_cats) return NULL;
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n_conds; i++) {
        if (i) sb_puts(&sb, ", ");
        sb_puts(&sb, r->crit[conds[i].crit].id);
        if (with_set) sb_printf(&sb, ":%s", r->crit[conds[i].crit].th[conds[i].th].set);
    }
    for (size_t i = 0; i < n_cats; i++) {
        if (i) sb_puts(&sb, ", ");
        sb_puts(&sb, r->cat[cats[i]].id);
    }
    char *s = NULL;
    sb_finish(&sb, &s);
    return s;
}

almen_status almen_rules_categories(const almen_rules *r, almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!r) return almen_fail(ALMEN_EINVAL, "rules are required");
    tb b = {table_new(r->n_cat), 1};
    b.ok = b.t != NULL;
    int c_cat = str_col(&b, "category"), c_name = str_col(&b, "name");
    int c_src = str_col(&b, "source");
    int32_t *at_least = b.ok ? table_add_int(b.t, "at_least") : NULL;
    int c_of = str_col(&b, "of"), c_set = str_col(&b, "thresholds");
    int c_req = str_col(&b, "require"), c_inc = str_col(&b, "includes");
    int c_hist = str_col(&b, "history_category");
    int32_t *hist_years = b.ok ? table_add_int(b.t, "history_years") : NULL;
    int c_exc = str_col(&b, "excludes"), c_cont = str_col(&b, "continues");
    int32_t *rank = b.ok ? table_add_int(b.t, "placement_rank") : NULL;
    b.ok = b.ok && at_least && hist_years && rank;
    for (size_t i = 0; i < r->n_cat && b.ok; i++) {
        const rule_category *c = &r->cat[i];
        set(&b, c_cat, i, c->id);
        set(&b, c_name, i, c->name);
        set(&b, c_src, i, c->source);
        at_least[i] = c->at_least ? c->at_least : ALMEN_NA_INT;
        char *s[4] = {joined(r, c->of, c->n_of, NULL, 0, 0), joined(r, c->req, c->n_req, NULL, 0, 1),
                      joined(r, NULL, 0, c->includes, c->n_includes, 0),
                      joined(r, NULL, 0, c->excludes, c->n_excludes, 0)};
        if ((c->n_of && !s[0]) || (c->n_req && !s[1]) || (c->n_includes && !s[2]) ||
            (c->n_excludes && !s[3]))
            b.ok = 0;
        set(&b, c_of, i, s[0]);
        set(&b, c_set, i, c->count_set);
        set(&b, c_req, i, s[1]);
        set(&b, c_inc, i, s[2]);
        set(&b, c_exc, i, s[3]);
        for (int q = 0; q < 4; q++) free(s[q]);
        set(&b, c_hist, i, c->history_years ? r->cat[c->history_cat].id : NULL);
        hist_years[i] = c->history_years ? c->history_years : ALMEN_NA_INT;
        if (c->continues_rules) {
            char cont[128];
            snprintf(cont, sizeof cont, "%s:%s", c->continues_rules, c->continues_cat);
            set(&b, c_cont, i, cont);
        }
        rank[i] = c->rank + 1;
    }
    return finish(&b, out);
}
