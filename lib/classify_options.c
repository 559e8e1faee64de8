/* Classification options: rule sets by year, list years, what-if switches, references. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "classify_internal.h"
#include "error_internal.h"

almen_status almen_classify_options_new(almen_classify_options **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = calloc(1, sizeof **out);
    if (!*out) return almen_fail_nomem();
    (*out)->method = (*out)->incomplete = (*out)->data_lag = -1;
    return ALMEN_OK;
}

void almen_classify_options_free(almen_classify_options *o)
{
    if (!o) return;
    for (size_t i = 0; i < o->n_assign; i++) almen_rules_free(o->assign[i].rules);
    for (size_t i = 0; i < o->n_disabled; i++) free(o->disabled[i]);
    for (size_t i = 0; i < o->n_th; i++) {
        free(o->th[i].criterion);
        free(o->th[i].set);
    }
    free(o->assign);
    free(o->disabled);
    free(o->th);
    ref_list_free(&o->refs);
    free(o);
}

static int check_range(int first, int last)
{
    if ((first && (first < 1900 || first > 2200)) || (last && (last < 1900 || last > 2200)))
        return almen_fail(ALMEN_EINVAL, "years must be within 1900..2200 (0 for an open end)");
    if (first && last && last < first)
        return almen_fail(ALMEN_EINVAL, "last year %d is before first year %d", last, first);
    return ALMEN_OK;
}

almen_status almen_classify_options_set_rules(almen_classify_options *o, const almen_rules *rules,
                                              int first, int last)
{
    if (!o || !rules) return almen_fail(ALMEN_EINVAL, "options and rules are required");
    int rc = check_range(first, last);
    if (rc) return rc;
    rule_assign *p = realloc(o->assign, (o->n_assign + 1) * sizeof *p);
    if (!p) return almen_fail_nomem();
    o->assign = p;
    o->assign[o->n_assign++] = (rule_assign){rules_ref(rules), first, last};
    return ALMEN_OK;
}

almen_status almen_classify_options_set_years(almen_classify_options *o, int first, int last)
{
    if (!o) return almen_fail(ALMEN_EINVAL, "options are required");
    int rc = check_range(first, last);
    if (rc) return rc;
    o->first_year = first;
    o->last_year = last;
    return ALMEN_OK;
}

almen_status almen_classify_options_disable(almen_classify_options *o, const char *criterion)
{
    if (!o || !criterion || !*criterion)
        return almen_fail(ALMEN_EINVAL, "options and a criterion id are required");
    for (size_t i = 0; i < o->n_disabled; i++)
        if (!strcmp(o->disabled[i], criterion)) return ALMEN_OK;
    char **p = realloc(o->disabled, (o->n_disabled + 1) * sizeof *p);
    if (!p) return almen_fail_nomem();
    o->disabled = p;
    if (!(o->disabled[o->n_disabled] = strdup(criterion))) return almen_fail_nomem();
    o->n_disabled++;
    return ALMEN_OK;
}

almen_status almen_classify_options_set_threshold(almen_classify_options *o, const char *criterion,
                                                  const char *thresholds, double value)
{
    if (!o || !criterion || !*criterion)
        return almen_fail(ALMEN_EINVAL, "options and a criterion id are required");
    if (!isfinite(value) || value < 0)
        return almen_fail(ALMEN_ERANGE, "a threshold must be a finite number >= 0");
    threshold_override *p = realloc(o->th, (o->n_th + 1) * sizeof *p);
    if (!p) return almen_fail_nomem();
    o->th = p;
    threshold_override t = {strdup(criterion), thresholds ? strdup(thresholds) : NULL, value};
    if (!t.criterion || (thresholds && !t.set)) {
        free(t.criterion);
        free(t.set);
        return almen_fail_nomem();
    }
    o->th[o->n_th++] = t;
    return ALMEN_OK;
}

almen_status almen_classify_options_set_reference(almen_classify_options *o, const char *name,
                                                  const char *region, int year, double value)
{
    if (!o) return almen_fail(ALMEN_EINVAL, "options are required");
    rule_ref kind;
    if (isnan(value)) return almen_fail(ALMEN_ERANGE, "a reference value must be a number > 0");
    int rc = ref_check(name, &region, year, 1, value, &kind);
    return rc ? rc : ref_list_set(&o->refs, kind, region, year, value);
}

static int word(const char *s, const char *const *words, int *out)
{
    if (!s) {
        *out = -1;
        return ALMEN_OK;
    }
    for (int i = 0; words[i]; i++) {
        if (!strcmp(s, words[i])) {
            *out = i;
            return ALMEN_OK;
        }
    }
    return almen_fail(ALMEN_EINVAL, "unknown value '%s' (%s or %s)", s, words[0], words[1]);
}

almen_status almen_classify_options_set_window_method(almen_classify_options *o,
                                                      const char *method)
{
    static const char *const words[] = {"mean_of_ratios", "ratio_of_sums", NULL};
    if (!o) return almen_fail(ALMEN_EINVAL, "options are required");
    return word(method, words, &o->method);
}

almen_status almen_classify_options_set_incomplete_window(almen_classify_options *o,
                                                          const char *mode)
{
    static const char *const words[] = {"unknown", "available", NULL};
    if (!o) return almen_fail(ALMEN_EINVAL, "options are required");
    return word(mode, words, &o->incomplete);
}

almen_status almen_classify_options_set_data_lag(almen_classify_options *o, int lag)
{
    if (!o) return almen_fail(ALMEN_EINVAL, "options are required");
    if (lag > 10) return almen_fail(ALMEN_ERANGE, "data lag %d is above 10 years", lag);
    o->data_lag = lag < 0 ? -1 : lag;
    return ALMEN_OK;
}
