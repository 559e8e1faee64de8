/* The statutory classification of simulated areas: the classifier of classify_eval.c fed
 * with the case's own area figures for the data years up to the base year and the run's
 * simulated figures after it. The criteria are combined over their windows as the case's
 * classification combines them (ratio per year, mean of ratios or pooled), without the
 * person margins, which the simulation does not report. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error_internal.h"
#include "simulate_internal.h"

/* The summed figures of area a in data year `year`, or NULL when unknown. */
static const double *year_sums(const sim_classifier *k, size_t a, int year)
{
    const almen_simulation *s = k->s;
    if (year > s->base) {
        int y = year - s->base;
        return k->sums && y <= s->years ? &k->sums[(a * (size_t)s->years + (size_t)(y - 1)) * FIELD_COUNT]
                                        : NULL;
    }
    int i = year - s->real_first;
    if (i < 0 || i >= s->n_real) return NULL;
    const double *v = &s->real_sums[(a * (size_t)s->n_real + (size_t)i) * FIELD_COUNT];
    return isnan(v[F_HOUSEHOLDS]) && isnan(v[F_RESIDENTS]) ? NULL : v;
}

/* The reference for data year `year`: the case's for years up to the base year (as the
 * classification of the case), the latest known one carried forward after it. */
static double reference(const almen_simulation *s, rule_ref kind, int year)
{
    if (year > s->base && year - s->base <= s->years)
        return s->ref_value[(size_t)kind * (size_t)s->years + (size_t)(year - s->base - 1)];
    return ref_list_get(&s->refs, kind, kind == REF_REGIONAL_INCOME ? s->region : NULL, year);
}

static const char *unit_id(const classify_source *src, size_t unit)
{
    const sim_classifier *k = src->data;
    return k->s->area_id[unit];
}

static double residents(const classify_source *src, size_t unit, int list_year, int data_year,
                        strbuf *notes)
{
    (void)list_year;
    (void)notes;
    const double *v = year_sums(src->data, unit, data_year);
    return v ? v[F_RESIDENTS] : NAN;
}

static void criterion(const classify_source *src, size_t unit, int list_year, int data_year,
                      const rule_criterion *kc, window_method method, incomplete_mode incomplete,
                      const almen_classify_options *o, strbuf *notes, crit_value *out)
{
    (void)list_year;
    (void)o;
    (void)notes;
    const sim_classifier *k = src->data;
    double sn = 0, sd = 0, sratio = 0, sref = 0;
    int used = 0, lacking = 0;
    for (int year = data_year - kc->window + 1; year <= data_year; year++) {
        const double *v = year_sums(k, unit, year);
        double num = v ? v[kc->numerator] : NAN, den = v ? v[kc->denominator] : NAN;
        double ref = kc->ref == REF_NONE ? 1 : reference(k->s, kc->ref, year);
        if (isnan(num) || isnan(den) || isnan(ref) || !(den > 0)) {
            lacking++;
            continue;
        }
        used++;
        sn += num, sd += den, sratio += num / den, sref += ref;
    }
    *out = (crit_value){NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, 0};
    out->window_years = used;
    if (!used || (lacking && incomplete == INCOMPLETE_UNKNOWN)) return;
    double r = method == WIN_RATIO_OF_SUMS ? sn / sd : sratio / used;
    double ref = sref / used;
    out->numerator = sn, out->denominator = sd;
    out->reference = kc->ref == REF_NONE ? NAN : ref;
    out->scale = 1;
    out->pct = out->value = 100 * r;
    if (kc->form == FORM_SHARE_TO_REF) out->value = out->pct / ref, out->scale = ref;
    else if (kc->form == FORM_AVERAGE_TO_REF) out->value = out->pct = 100 * r / ref;
}

void sim_classifier_init(sim_classifier *k, const almen_simulation *s, const double *sums)
{
    memset(k, 0, sizeof *k);
    k->s = s;
    k->sums = sums;
    k->src = (classify_source){s->n_area, unit_id, residents, criterion, s->region, NULL, k};
}

int sim_classifier_begin(sim_classifier *k)
{
    const almen_simulation *s = k->s;
    classify_run *run = &k->run;
    memset(run, 0, sizeof *run);
    run->src = &k->src;
    /* The compiled-in rule sets are shared (new references), not parsed again per run. */
    run->builtin = calloc(s->n_builtin ? s->n_builtin : 1, sizeof *run->builtin);
    run->memo = calloc(s->n_area ? s->n_area : 1, sizeof *run->memo);
    if (!run->builtin || !run->memo) {
        free(run->builtin);
        free(run->memo);
        memset(run, 0, sizeof *run);
        return almen_fail_nomem();
    }
    for (size_t i = 0; i < s->n_builtin; i++) run->builtin[i] = rules_ref(s->builtin[i]);
    run->n_builtin = s->n_builtin;
    k->ready = 1;
    return ALMEN_OK;
}

void sim_classifier_end(sim_classifier *k)
{
    if (k->ready) classify_run_free(&k->run);
    k->ready = 0;
}

const year_eval *sim_classify(sim_classifier *k, size_t a, int y, int *rc)
{
    *rc = classify_add_row(&k->run, a, k->s->base + y);
    return *rc ? NULL : k->run.rows[k->run.n_rows - 1];
}

int32_t sim_status_index(const almen_simulation *s, const year_eval *e)
{
    if (!e->placement) return 0;
    for (size_t i = 1; i < s->n_status; i++)
        if (!strcmp(e->placement, s->status_name[i])) return (int32_t)i;
    return 0;
}

void sim_status_cols(const almen_simulation *s, const year_eval *e, int32_t *cols)
{
    memset(cols, 0, s->n_status_cols * sizeof *cols);
    if (!e->placement) {
        cols[1 + s->n_status] = 1; /* unknown */
    } else {
        int32_t st = sim_status_index(s, e);
        cols[0] = st != 0;
        cols[1 + st] = 1;
    }
    for (size_t c = 0; c < s->n_cat && e->rules; c++) {
        size_t ci = rules_find_category(e->rules, s->cat_name[c]);
        if (ci != (size_t)-1) cols[2 + s->n_status + c] = e->cat[ci] == 1;
    }
}

/* ---- Set-up ------------------------------------------------------------------------------ */

/* Adds name to the list unless there. */
static int add_name(char ***list, size_t *n, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*list)[i], name)) return ALMEN_OK;
    char **p = realloc(*list, (*n + 1) * sizeof *p);
    if (!p) return almen_fail_nomem();
    *list = p;
    if (!(p[*n] = strdup(name))) return almen_fail_nomem();
    (*n)++;
    return ALMEN_OK;
}

/* The case's figures summed per area and year (a department with no row for a year does
 * not contribute; a missing value makes the sum missing, as in the classification). */
static int real_sums(almen_simulation *s, const almen_case *c)
{
    s->real_first = s->base - 15; /* windows (2) and consecutive-year categories (5) back */
    s->n_real = 16;
    size_t cells = (s->n_area ? s->n_area : 1) * (size_t)s->n_real;
    s->real_sums = calloc(cells * FIELD_COUNT, sizeof *s->real_sums);
    int *seen = calloc(cells, sizeof *seen);
    if (!s->real_sums || !seen) {
        free(seen);
        return almen_fail_nomem();
    }
    for (size_t d = 0; d < c->n_departments; d++) {
        const department *dp = &c->departments[d];
        if (dp->area == NO_INDEX) continue;
        for (size_t r = 0; r < dp->n_rows; r++) {
            int i = dp->rows[r].year - s->real_first;
            if (i < 0 || i >= s->n_real) continue;
            size_t cell = dp->area * (size_t)s->n_real + (size_t)i;
            seen[cell] = 1;
            for (int f = 0; f < FIELD_COUNT; f++)
                s->real_sums[cell * FIELD_COUNT + f] += dp->rows[r].v[f];
        }
    }
    for (size_t cell = 0; cell < cells; cell++)
        if (!seen[cell])
            for (int f = 0; f < FIELD_COUNT; f++) s->real_sums[cell * FIELD_COUNT + f] = NAN;
    free(seen);
    return ALMEN_OK;
}

/* The reference of each simulated data year: the case's value for that year, else the
 * latest earlier one (held constant in nominal kroner and per cent: docs/simulation.md). */
static int carry_references(almen_simulation *s)
{
    s->ref_value = calloc((size_t)REF_COUNT * (size_t)s->years, sizeof *s->ref_value);
    if (!s->ref_value) return almen_fail_nomem();
    for (int kind = 0; kind < REF_COUNT; kind++) {
        const char *region = kind == REF_REGIONAL_INCOME ? s->region : NULL;
        for (int y = 1; y <= s->years; y++) {
            double v = NAN;
            for (int year = s->base + y; isnan(v) && year >= 1900; year--)
                v = ref_list_get(&s->refs, (rule_ref)kind, region, year);
            s->ref_value[(size_t)kind * (size_t)s->years + (size_t)(y - 1)] = v;
        }
    }
    return ALMEN_OK;
}

int sim_setup_classification(almen_simulation *s, const almen_case *c)
{
    s->n_area = c->n_areas;
    s->area_id = calloc(s->n_area ? s->n_area : 1, sizeof *s->area_id);
    if (!s->area_id) return almen_fail_nomem();
    for (size_t a = 0; a < s->n_area; a++)
        if (!(s->area_id[a] = strdup(c->areas[a].id))) return almen_fail_nomem();
    s->region = c->region;
    TRY(ref_list_copy(&s->refs, c->references));
    TRY(real_sums(s, c));
    TRY(carry_references(s));
    if (!(s->builtin = rules_builtin_all(&s->n_builtin))) return almen_error_last_code();

    /* Statuses, categories and criteria of the rule sets in force from the list year
     * before the base year to the last simulated one. */
    TRY(add_name(&s->status_name, &s->n_status, "none"));
    s->year_rules = calloc((size_t)s->years + 1, sizeof *s->year_rules);
    if (!s->year_rules) return almen_fail_nomem();
    sim_classifier k;
    sim_classifier_init(&k, s, NULL);
    TRY(sim_classifier_begin(&k));
    int rc = ALMEN_OK;
    for (int y = -1; y <= s->years && !rc; y++) {
        const almen_rules *r = classify_regime(&k.run, s->base + y);
        if (!r) {
            rc = almen_fail(ALMEN_EINVAL, "no compiled-in rule set for list year %d",
                            s->base + y);
            break;
        }
        if (y >= 0 && !(s->year_rules[y] = strdup(r->id))) rc = almen_fail_nomem();
        for (size_t i = 0; i < r->n_placement && !rc; i++)
            rc = add_name(&s->status_name, &s->n_status, r->cat[r->placement[i]].id);
        for (size_t i = 0; i < r->n_cat && !rc; i++) rc = add_name(&s->cat_name, &s->n_cat, r->cat[i].id);
        for (size_t i = 0; i < r->n_crit && !rc && y >= 0; i++)
            rc = add_name(&s->crit_name, &s->n_crit, r->crit[i].id);
    }
    s->n_status_cols = 2 + s->n_status + s->n_cat; /* p_list, placements, unknown, tests */
    s->n_area_ind = IND_COMMON + 1 + s->n_crit;

    /* The list years base - 1 and base from the case's figures: the same in every run. */
    s->base_status = calloc(2 * (s->n_area ? s->n_area : 1), sizeof *s->base_status);
    s->base_cols = calloc(2 * (s->n_area ? s->n_area : 1) * s->n_status_cols, sizeof *s->base_cols);
    s->base_place = calloc(s->n_area ? s->n_area : 1, sizeof *s->base_place);
    s->base_crit = calloc((s->n_area ? s->n_area : 1) * (s->n_crit + 1), sizeof *s->base_crit);
    if (!rc && (!s->base_status || !s->base_cols || !s->base_place || !s->base_crit))
        rc = almen_fail_nomem();
    for (size_t a = 0; a < s->n_area && !rc; a++) {
        for (int y = -1; y <= 0 && !rc; y++) {
            const year_eval *e = sim_classify(&k, a, y, &rc);
            if (!e) break;
            size_t i = a * 2 + (size_t)(y + 1);
            s->base_status[i] = sim_status_index(s, e);
            sim_status_cols(s, e, &s->base_cols[i * s->n_status_cols]);
            if (y < 0) continue;
            s->base_place[a] = e->placement && strcmp(e->placement, "none") ? s->base_status[i] : -1;
            double *bc = &s->base_crit[a * (s->n_crit + 1)];
            bc[0] = e->criteria_met == ALMEN_NA_INT ? NAN : e->criteria_met;
            for (size_t j = 0; j < s->n_crit; j++) {
                size_t ki = e->rules ? rules_find_criterion(e->rules, s->crit_name[j]) : (size_t)-1;
                bc[1 + j] = ki == (size_t)-1 ? NAN : e->cv[ki].value;
            }
        }
    }
    sim_classifier_end(&k);
    return rc;
}
