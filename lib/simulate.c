/* almen_simulation_new and _free: the set-up steps in order, the histogram ranges and the
 * result storage. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error_internal.h"
#include "simulate_internal.h"

static void free_names(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) free(v[i]);
    free(v);
}

void almen_simulation_free(almen_simulation *s)
{
    if (!s) return;
    free_names(s->dept_id, s->n_dept);
    free(s->dept_area), free(s->dwellings), free(s->init), free(s->init_given);
    free(s->dw_year), free(s->dw_max);
    free(s->fit_figure), free(s->fit_model), free(s->rate), free(s->rate_lq), free(s->resid);
    free_names(s->type_id, s->K);
    free(s->contrib), free(s->lives), free(s->hlo), free(s->hhi);
    free_names(s->area_id, s->n_area);
    free(s->real_sums);
    ref_list_free(&s->refs);
    free(s->ref_value);
    for (size_t i = 0; s->builtin && i < s->n_builtin; i++) almen_rules_free(s->builtin[i]);
    free(s->builtin);
    free_names(s->status_name, s->n_status);
    free_names(s->cat_name, s->n_cat);
    free_names(s->crit_name, s->n_crit);
    free_names(s->year_rules, (size_t)s->years + 1);
    free(s->base_status), free(s->base_cols), free(s->base_place), free(s->base_crit);
    free_names(s->var_name, s->n_var);
    free(s->pools), free(s->letting);
    sim_acc_free(&s->acc);
    free((void *)s->hist);
    free(s->area_runs), free(s->dept_runs);
    free(s);
}

/* The latest year in which any department has figures (0 when none). */
static int latest_year(const almen_case *c)
{
    int y = 0;
    for (size_t d = 0; d < c->n_departments; d++)
        for (size_t r = 0; r < c->departments[d].n_rows; r++)
            if (c->departments[d].rows[r].year > y) y = c->departments[d].rows[r].year;
    return y;
}

/* The department histograms take at most this much; more departments get fewer bins. */
#define HIST_BUDGET ((double)(512u << 20))

/* The histograms' ranges: a ratio of sums over household types lies between the smallest
 * and largest of the types' own ratios (the mediant inequality), households and move-outs
 * between 0 and the most dwellings of any year, residents between the dwellings times the
 * fewest and the most persons per household; each range is widened to hold the base year's value, whose
 * residual (figures the types do not explain) can lie outside. Values outside still count,
 * in the edge bins. */
static int histogram_ranges(almen_simulation *s)
{
    /* A national case (7,000 departments) with 512 bins would need 1.4 GB per variant: the
     * bins are cut to the budget (at least 16, else none), and the quantile error grows
     * with them (docs/simulation.md). */
    double cells = (double)sim_n_dept_cells(s);
    if (s->bins && cells * (double)s->bins * 4 > HIST_BUDGET) {
        s->bins = (size_t)(HIST_BUDGET / (cells * 4));
        if (s->bins < 16) s->bins = 0;
    }
    static const int num[IND_COMMON] = {-1, -1, F_OUTSIDE_LABOUR, F_CONVICTED, F_BASIC_EDUCATION,
                                        F_INCOME_SUM, F_NONWESTERN, -1, -1};
    static const int den[IND_COMMON] = {-1, -1, F_RESIDENTS_18_64, F_RESIDENTS_18PLUS,
                                        F_RESIDENTS_30_59, F_TAXPAYERS_15_64, F_RESIDENTS, -1, -1};
    static const double scale[IND_COMMON] = {0, 0, 100, 100, 100, 1, 100, 0, 0};
    s->hlo = calloc(s->n_dept * IND_COMMON + 1, sizeof *s->hlo);
    s->hhi = calloc(s->n_dept * IND_COMMON + 1, sizeof *s->hhi);
    if (!s->hlo || !s->hhi) return almen_fail_nomem();
    double rlo[IND_COMMON], rhi[IND_COMMON], pmin = INFINITY, pmax = 0;
    for (int i = 0; i < IND_COMMON; i++) {
        rlo[i] = INFINITY, rhi[i] = -INFINITY;
        for (size_t k = 0; k < s->K && num[i] >= 0; k++) {
            const double *a = &s->contrib[k * FIELD_COUNT];
            double r = a[den[i]] > 0 ? scale[i] * a[num[i]] / a[den[i]] : a[num[i]] > 0 ? INFINITY : NAN;
            if (isnan(r)) continue;
            rlo[i] = fmin(rlo[i], r), rhi[i] = fmax(rhi[i], r);
        }
    }
    for (size_t k = 0; k < s->K; k++) {
        pmin = fmin(pmin, s->contrib[k * FIELD_COUNT + F_RESIDENTS]);
        pmax = fmax(pmax, s->contrib[k * FIELD_COUNT + F_RESIDENTS]);
    }
    for (size_t d = 0; d < s->n_dept; d++) {
        double dmin = INFINITY, D = 0; /* the fewest and most households in any year */
        for (size_t y = 0; y <= (size_t)s->years; y++) {
            double n = sim_households(s, d, y);
            dmin = fmin(dmin, n), D = fmax(D, n);
        }
        double *lo = &s->hlo[d * IND_COMMON], *hi = &s->hhi[d * IND_COMMON];
        for (int i = 0; i < IND_COMMON; i++) lo[i] = isfinite(rlo[i]) ? rlo[i] : 0, hi[i] = rhi[i];
        lo[IND_HOUSEHOLDS] = dmin, hi[IND_HOUSEHOLDS] = D;
        lo[IND_RESIDENTS] = dmin * pmin, hi[IND_RESIDENTS] = D * pmax;
        lo[IND_MOVE_OUTS] = 0, hi[IND_MOVE_OUTS] = D;
        lo[IND_TURNOVER] = 0, hi[IND_TURNOVER] = 100;
        int32_t tot[SIM_MAX_TYPES] = {0};
        double fig[FIELD_COUNT], base[IND_COMMON];
        for (int t = 0; t < SIM_DW; t++)
            for (size_t k = 0; k < s->K; k++) tot[k] += s->init[(d * SIM_DW + (size_t)t) * s->K + k];
        sim_figures(s, d, 1, tot, fig);
        sim_indicators(fig, base);
        for (int i = IND_RESIDENTS; i <= IND_NONWESTERN; i++)
            if (!isnan(base[i])) lo[i] = fmin(lo[i], base[i]), hi[i] = fmax(hi[i], base[i]);
        /* Whole-number indicators whose range fits get bins of width 1: exact quantiles. */
        if (D + 1 <= (double)s->bins) hi[IND_MOVE_OUTS] = (double)s->bins;
        for (int i = 0; i < IND_COMMON; i++)
            if (!isfinite(hi[i]) || hi[i] < lo[i]) hi[i] = lo[i]; /* open above: one last bin */
    }
    return ALMEN_OK;
}

/* Result storage whose size is known now; fails clearly beyond 16 GB. */
static int storage(almen_simulation *s)
{
    TRY(sim_acc_init(&s->acc, s));
    double area_values = (double)s->n_var * s->n_area * (s->years + 1) * s->n_area_ind * s->runs_total;
    double dept_values = s->run_output ? (double)sim_n_dept_cells(s) * s->runs_total : 0;
    double hist = (double)sim_n_dept_cells(s) * s->bins;
    double bytes = 8 * (area_values + dept_values) + 4 * hist;
    if (bytes > 16e9)
        return almen_fail(ALMEN_ELIMIT,
                          "the results would need %.1f GB (per-run area values %.0f, run-level "
                          "department values %.0f, histogram bins %.0f); use fewer runs or "
                          "quantile_bins",
                          bytes / 1e9, area_values, dept_values, hist);
    s->area_runs = calloc((size_t)area_values + 1, sizeof *s->area_runs);
    if (s->run_output) s->dept_runs = calloc((size_t)dept_values + 1, sizeof *s->dept_runs);
    if (s->bins) s->hist = calloc((size_t)hist + 1, sizeof *s->hist);
    if (!s->area_runs || (s->run_output && !s->dept_runs) || (s->bins && !s->hist))
        return almen_fail_nomem();
    return ALMEN_OK;
}

almen_status almen_simulation_new(const almen_case *c, const almen_simulation_options *options,
                                  almen_simulation **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!c) return almen_fail(ALMEN_EINVAL, "case is required");
    almen_simulation_options *defaults = NULL;
    const almen_simulation_options *o = options;
    if (!o) {
        TRY(almen_simulation_options_new(&defaults));
        o = defaults;
    }
    const hh_types *h = o->types ? o->types : c->household_types;
    int rc = ALMEN_OK;
    if (!h)
        rc = almen_fail(ALMEN_ENOTFOUND, "the case has no household_types section and the "
                                         "options give none (docs/simulation.md)");
    if (!rc && o->types) rc = hh_types_check_initial(o->types, c);
    almen_simulation *s = rc ? NULL : calloc(1, sizeof *s);
    if (!rc && !s) rc = almen_fail_nomem();
    if (!rc) {
        s->years = o->years;
        s->runs_total = o->runs;
        s->seed = o->seed;
        memcpy(s->q, o->q, sizeof s->q);
        s->nq = o->nq;
        memcpy(s->param, o->param, sizeof s->param);
        s->bins = (size_t)s->param[SP_QUANTILE_BINS];
        s->run_output = o->run_output;
        long cpus = o->threads ? o->threads : sysconf(_SC_NPROCESSORS_ONLN);
        s->threads = cpus < 1 ? 1 : cpus > 256 ? 256 : (int)cpus;
        s->base = o->base_year ? o->base_year : latest_year(c);
        if (!s->base)
            rc = almen_fail(ALMEN_EINVAL, "the case has no figures: give the base year");
    }
    if (!rc) rc = sim_setup_departments(s, c, h, o);
    if (!rc) rc = sim_setup_dwellings(s, c, o->scenario);
    if (!rc) rc = sim_setup_classification(s, c);
    if (!rc) rc = sim_setup_policies(s, c, h, o);
    if (!rc) rc = histogram_ranges(s);
    if (!rc) rc = storage(s);
    almen_simulation_options_free(defaults);
    if (rc) {
        almen_simulation_free(s);
        return rc;
    }
    *out = s;
    return ALMEN_OK;
}
