/* The result tables of the letting simulation, computed from the accumulators over the
 * runs done. Means and standard deviations come from exact integer sums (departments) or
 * from every run's value in run order (areas), so they do not depend on the threads. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error_internal.h"
#include "simulate_internal.h"
#include "table_internal.h"

/* ---- A table builder that fails once ---------------------------------------------------- */

typedef struct {
    almen_table *t;
    int ok;
} builder;

static int b_start(builder *b, size_t rows)
{
    b->t = table_new(rows);
    b->ok = b->t != NULL;
    return b->ok ? ALMEN_OK : almen_error_last_code();
}

static int s_col(builder *b, const char *name)
{
    int c = b->ok ? table_add_string(b->t, name) : -1;
    if (c < 0) b->ok = 0;
    return c;
}

static double *d_col(builder *b, const char *name)
{
    double *d = b->ok ? table_add_double(b->t, name) : NULL;
    if (!d) b->ok = 0;
    return d;
}

static int32_t *i_col(builder *b, const char *name)
{
    int32_t *d = b->ok ? table_add_int(b->t, name) : NULL;
    if (!d) b->ok = 0;
    return d;
}

static void s_set(builder *b, int col, size_t row, const char *v)
{
    if (b->ok && table_set_string(b->t, (size_t)col, row, v)) b->ok = 0;
}

static int b_finish(builder *b, almen_table **out)
{
    if (!b->ok) {
        almen_table_free(b->t);
        return almen_error_last_code() ? almen_error_last_code() : almen_fail_nomem();
    }
    *out = b->t;
    return ALMEN_OK;
}

#define NEED(sim, out)                                                                    \
    do {                                                                                  \
        if (!(out)) return almen_fail(ALMEN_EINVAL, "out is required");                  \
        *(out) = NULL;                                                                    \
        if (!(sim)) return almen_fail(ALMEN_EINVAL, "simulation is required");           \
    } while (0)

static size_t runs_done(const almen_simulation *s)
{
    return atomic_load(&((almen_simulation *)s)->next);
}

/* ---- Statistics -------------------------------------------------------------------------- */

static void moments(const sim_moments *m, double *mean, double *sd, double *se)
{
    *mean = *sd = *se = NAN;
    if (!m->n) return;
    long double n = (long double)m->n, sum = (long double)m->sum, sum2 = (long double)m->sum2;
    long double mu = sum / n;
    sim_i128 total = m->sum * (sim_i128)17592186044416 + m->sum_lo; /* in 2^-64 units */
    *mean = (double)((long double)total / n / (SIM_FIXED_SCALE * SIM_LOW_SCALE));
    if (m->n < 2) return;
    long double var = (sum2 - mu * sum) / (n - 1) / (SIM_FIXED_SCALE * (long double)SIM_FIXED_SCALE);
    *sd = var > 0 ? (double)sqrtl(var) : 0;
    *se = *sd / sqrt((double)m->n);
}

/* The j-th smallest value (0-based) of a histogram: exact for bins of width 1 on whole
 * numbers, else spread evenly over the part of its bin between the smallest and largest
 * value seen (so a value that never varies is exact too). */
static double hist_order(const _Atomic uint32_t *h, size_t bins, double lo, double hi, int unit,
                         const sim_moments *m, uint64_t j)
{
    double width = hi > lo ? (hi - lo) / (double)bins : 0;
    uint64_t before = 0;
    for (size_t b = 0; b < bins; b++) {
        uint64_t c = atomic_load_explicit(&h[b], memory_order_relaxed);
        if (j < before + c) {
            if (unit) return lo + (double)b;
            /* The edge bins also hold what fell outside the range (the residual of the base
             * year can move a department outside its household types' range). */
            double from = b == 0 ? m->min : fmax(lo + width * (double)b, m->min);
            double to = b + 1 == bins ? m->max : fmin(lo + width * (double)(b + 1), m->max);
            if (!(to > from)) return from;
            return from + (to - from) * (((double)(j - before) + 0.5) / (double)c);
        }
        before += c;
    }
    return NAN;
}

/* Quantile q as R's and numpy's default (type 7): between the order statistics j and j + 1
 * (0-based) with j = floor(q (n - 1)). */
static double type7(double q, uint64_t n, double at_j, double at_j1)
{
    double pos = q * (double)(n - 1);
    return at_j + (pos - floor(pos)) * (at_j1 - at_j);
}

static double hist_quantile(const almen_simulation *s, size_t cell, size_t d, int i,
                            const sim_moments *m, double q)
{
    uint64_t n = (uint64_t)m->n;
    if (!s->bins || !n) return NAN;
    const _Atomic uint32_t *h = &s->hist[cell * s->bins];
    double lo = s->hlo[d * IND_COMMON + (size_t)i], hi = s->hhi[d * IND_COMMON + (size_t)i];
    int unit = hi - lo == (double)s->bins && i == IND_MOVE_OUTS;
    uint64_t j = (uint64_t)floor(q * (double)(n - 1));
    double a = hist_order(h, s->bins, lo, hi, unit, m, j);
    double b = j + 1 < n ? hist_order(h, s->bins, lo, hi, unit, m, j + 1) : a;
    return type7(q, n, a, b);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Mean, sd, se and the quantiles of n per-run values (NaN left out), exactly. */
static void exact_stats(const almen_simulation *s, const double *v, size_t n, double *buf,
                        double *mean, double *sd, double *se, double *q, size_t *count)
{
    size_t m = 0;
    double sum = 0;
    for (size_t r = 0; r < n; r++)
        if (!isnan(v[r])) buf[m++] = v[r], sum += v[r];
    *count = m;
    *mean = *sd = *se = NAN;
    for (size_t i = 0; i < s->nq; i++) q[i] = NAN;
    if (!m) return;
    *mean = sum / (double)m;
    if (m > 1) {
        double ss = 0;
        for (size_t r = 0; r < m; r++) ss += (buf[r] - *mean) * (buf[r] - *mean);
        *sd = sqrt(ss / (double)(m - 1));
        *se = *sd / sqrt((double)m);
    }
    qsort(buf, m, sizeof *buf, cmp_double);
    for (size_t i = 0; i < s->nq; i++) {
        size_t j = (size_t)floor(s->q[i] * (double)(m - 1));
        q[i] = type7(s->q[i], m, buf[j], buf[j + 1 < m ? j + 1 : j]);
    }
}

/* "q5", "q50", "q2.5": the column name of quantile p. */
static void quantile_name(double p, char *buf, size_t cap)
{
    snprintf(buf, cap, "q%.10g", 100 * p);
}

/* ---- Indicators -------------------------------------------------------------------------- */

static const char *area_indicator(const almen_simulation *s, size_t i, char *buf, size_t cap)
{
    if (i < IND_COMMON) return SIM_INDICATORS[i];
    if (i == IND_COMMON) return "criteria_met";
    snprintf(buf, cap, "criterion_%s", s->crit_name[i - IND_COMMON - 1]);
    return buf;
}

almen_status almen_simulation_indicators(const almen_simulation *s, almen_table **out)
{
    NEED(s, out);
    size_t Y = (size_t)s->years + 1, R = runs_done(s);
    size_t nd = s->n_var * s->n_dept * Y * IND_COMMON;
    size_t na = s->n_var * s->n_area * Y * s->n_area_ind;
    builder b;
    TRY(b_start(&b, nd + na));
    int cv = s_col(&b, "variant"), cl = s_col(&b, "level"), cu = s_col(&b, "unit");
    int32_t *year = i_col(&b, "year");
    int ci = s_col(&b, "indicator");
    double *mean = d_col(&b, "mean"), *sd = d_col(&b, "sd"), *se = d_col(&b, "se");
    double *qc[SIM_MAX_QUANTILES];
    for (size_t i = 0; i < s->nq; i++) {
        char name[32];
        quantile_name(s->q[i], name, sizeof name);
        qc[i] = d_col(&b, name);
    }
    int32_t *runs = i_col(&b, "runs");
    size_t row = 0;
    for (size_t v = 0; v < s->n_var && b.ok; v++) {
        for (size_t d = 0; d < s->n_dept && b.ok; d++) {
            for (size_t y = 0; y < Y; y++) {
                for (int i = 0; i < IND_COMMON; i++, row++) {
                    size_t cell = ((v * s->n_dept + d) * Y + y) * IND_COMMON + (size_t)i;
                    const sim_moments *m = &s->acc.dept[cell];
                    s_set(&b, cv, row, s->var_name[v]);
                    s_set(&b, cl, row, "department");
                    s_set(&b, cu, row, s->dept_id[d]);
                    s_set(&b, ci, row, SIM_INDICATORS[i]);
                    if (!b.ok) break;
                    year[row] = s->base + (int)y;
                    moments(m, &mean[row], &sd[row], &se[row]);
                    for (size_t q = 0; q < s->nq; q++)
                        qc[q][row] = hist_quantile(s, cell, d, i, m, s->q[q]);
                    runs[row] = (int32_t)m->n;
                }
            }
        }
    }
    double *buf = malloc((R + 1) * sizeof *buf);
    if (!buf) b.ok = 0, almen_fail_nomem();
    for (size_t v = 0; v < s->n_var && b.ok; v++) {
        for (size_t a = 0; a < s->n_area && b.ok; a++) {
            for (size_t y = 0; y < Y; y++) {
                for (size_t i = 0; i < s->n_area_ind; i++, row++) {
                    size_t cell = ((v * s->n_area + a) * Y + y) * s->n_area_ind + i;
                    char name[96];
                    s_set(&b, cv, row, s->var_name[v]);
                    s_set(&b, cl, row, "area");
                    s_set(&b, cu, row, s->area_id[a]);
                    s_set(&b, ci, row, area_indicator(s, i, name, sizeof name));
                    if (!b.ok) break;
                    year[row] = s->base + (int)y;
                    double q[SIM_MAX_QUANTILES];
                    size_t n;
                    exact_stats(s, &s->area_runs[cell * s->runs_total], R, buf, &mean[row],
                                &sd[row], &se[row], q, &n);
                    for (size_t k = 0; k < s->nq; k++) qc[k][row] = q[k];
                    runs[row] = (int32_t)n;
                }
            }
        }
    }
    free(buf);
    return b_finish(&b, out);
}

/* ---- Composition and inflow -------------------------------------------------------------- */

almen_status almen_simulation_composition(const almen_simulation *s, almen_table **out)
{
    NEED(s, out);
    size_t Y = (size_t)s->years + 1, R = runs_done(s), K = s->K;
    builder b;
    TRY(b_start(&b, s->n_var * s->n_dept * Y * K));
    int cv = s_col(&b, "variant"), cd = s_col(&b, "department");
    int32_t *year = i_col(&b, "year");
    int ck = s_col(&b, "household_type");
    double *mean = d_col(&b, "mean"), *sd = d_col(&b, "sd"), *se = d_col(&b, "se");
    double *share = d_col(&b, "share_mean"), *share_se = d_col(&b, "share_se");
    size_t row = 0;
    for (size_t v = 0; v < s->n_var && b.ok; v++)
        for (size_t d = 0; d < s->n_dept && b.ok; d++) {
            for (size_t y = 0; y < Y; y++) {
                double households = sim_households(s, d, y);
                for (size_t k = 0; k < K && b.ok; k++, row++) {
                    const int64_t *c = &s->acc.comp[(((v * s->n_dept + d) * Y + y) * K + k) * 2];
                    s_set(&b, cv, row, s->var_name[v]);
                    s_set(&b, cd, row, s->dept_id[d]);
                    s_set(&b, ck, row, s->type_id[k]);
                    year[row] = s->base + (int)y;
                    if (!R) continue;
                    long double mu = (long double)c[0] / R;
                    mean[row] = (double)mu;
                    if (R > 1) {
                        long double var = ((long double)c[1] - mu * c[0]) / (R - 1);
                        sd[row] = var > 0 ? (double)sqrtl(var) : 0;
                        se[row] = sd[row] / sqrt((double)R);
                    }
                    if (households > 0) share[row] = mean[row] / households, share_se[row] = se[row] / households;
                }
            }
        }
    return b_finish(&b, out);
}

almen_status almen_simulation_inflow(const almen_simulation *s, almen_table **out)
{
    NEED(s, out);
    size_t R = runs_done(s), K = s->K, N = (size_t)s->years;
    builder b;
    TRY(b_start(&b, s->n_var * s->n_dept * N * SIM_NCH * K));
    int cv = s_col(&b, "variant"), cd = s_col(&b, "department");
    int32_t *year = i_col(&b, "year");
    int cc = s_col(&b, "channel"), ck = s_col(&b, "household_type");
    double *mean = d_col(&b, "mean");
    size_t row = 0;
    for (size_t v = 0; v < s->n_var && b.ok; v++)
        for (size_t d = 0; d < s->n_dept && b.ok; d++)
            for (size_t y = 0; y < N; y++)
                for (int c = 0; c < SIM_NCH; c++)
                    for (size_t k = 0; k < K && b.ok; k++, row++) {
                        s_set(&b, cv, row, s->var_name[v]);
                        s_set(&b, cd, row, s->dept_id[d]);
                        s_set(&b, cc, row, SIM_CHANNELS[c]);
                        s_set(&b, ck, row, s->type_id[k]);
                        year[row] = s->base + (int)y;
                        size_t i = (((v * s->n_dept + d) * N + y) * SIM_NCH + (size_t)c) * K + k;
                        mean[row] = R ? (double)s->acc.inflow[i] / (double)R : NAN;
                    }
    return b_finish(&b, out);
}

/* ---- Status, leaving, comparison --------------------------------------------------------- */

/* The probability of status column col for variant v, area a, year index y. */
static double status_p(const almen_simulation *s, size_t v, size_t a, size_t y, size_t col)
{
    size_t Y = (size_t)s->years + 1, R = runs_done(s);
    if (y == 0) return s->base_cols[(a * 2 + 1) * s->n_status_cols + col];
    if (!R) return NAN;
    return (double)s->acc.status[((v * s->n_area + a) * Y + y) * s->n_status_cols + col] / (double)R;
}

almen_status almen_simulation_status(const almen_simulation *s, almen_table **out)
{
    NEED(s, out);
    size_t Y = (size_t)s->years + 1;
    builder b;
    TRY(b_start(&b, s->n_var * s->n_area * Y));
    int cv = s_col(&b, "variant"), ca = s_col(&b, "area");
    int32_t *year = i_col(&b, "year");
    int cr = s_col(&b, "rules");
    double *col[2 + 64 + 64];
    size_t ncols = s->n_status_cols < 130 ? s->n_status_cols : 130;
    for (size_t c = 0; c < ncols; c++) {
        char name[96];
        if (c == 0) snprintf(name, sizeof name, "p_list");
        else if (c <= s->n_status) snprintf(name, sizeof name, "p_%s", s->status_name[c - 1]);
        else if (c == s->n_status + 1) snprintf(name, sizeof name, "p_unknown");
        else snprintf(name, sizeof name, "p_test_%s", s->cat_name[c - s->n_status - 2]);
        col[c] = d_col(&b, name);
    }
    size_t row = 0;
    for (size_t v = 0; v < s->n_var && b.ok; v++)
        for (size_t a = 0; a < s->n_area && b.ok; a++)
            for (size_t y = 0; y < Y && b.ok; y++, row++) {
                s_set(&b, cv, row, s->var_name[v]);
                s_set(&b, ca, row, s->area_id[a]);
                s_set(&b, cr, row, s->year_rules[y]);
                year[row] = s->base + (int)y;
                for (size_t c = 0; c < ncols && b.ok; c++) col[c][row] = status_p(s, v, a, y, c);
            }
    return b_finish(&b, out);
}

almen_status almen_simulation_leaving(const almen_simulation *s, almen_table **out)
{
    NEED(s, out);
    size_t Y = (size_t)s->years + 1, R = runs_done(s), listed = 0;
    for (size_t a = 0; a < s->n_area; a++) listed += s->base_place[a] >= 0;
    builder b;
    TRY(b_start(&b, s->n_var * listed * (size_t)s->years));
    int cv = s_col(&b, "variant"), ca = s_col(&b, "area"), cp = s_col(&b, "placement");
    int32_t *year = i_col(&b, "year");
    double *first = d_col(&b, "p_first_off"), *by = d_col(&b, "p_off_by");
    double *expected = d_col(&b, "expected_year");
    int32_t *median = i_col(&b, "median_year");
    size_t row = 0;
    for (size_t v = 0; v < s->n_var && b.ok; v++)
        for (size_t a = 0; a < s->n_area && b.ok; a++) {
            if (s->base_place[a] < 0) continue;
            const int64_t *l = &s->acc.leave[(v * s->n_area + a) * Y];
            double left = 0, years_sum = 0, cum = 0;
            int32_t med = ALMEN_NA_INT;
            for (int y = 1; y <= s->years; y++) {
                left += (double)l[y - 1];
                years_sum += (double)l[y - 1] * (s->base + y);
                if (med == ALMEN_NA_INT && R && left / (double)R >= 0.5) med = s->base + y;
            }
            for (int y = 1; y <= s->years && b.ok; y++, row++) {
                s_set(&b, cv, row, s->var_name[v]);
                s_set(&b, ca, row, s->area_id[a]);
                s_set(&b, cp, row, s->status_name[s->base_place[a]]);
                year[row] = s->base + y;
                cum += (double)l[y - 1];
                first[row] = R ? (double)l[y - 1] / (double)R : NAN;
                by[row] = R ? cum / (double)R : NAN;
                expected[row] = left > 0 ? years_sum / left : NAN;
                median[row] = med;
            }
        }
    return b_finish(&b, out);
}

almen_status almen_simulation_compare(const almen_simulation *s, almen_table **out)
{
    NEED(s, out);
    size_t Y = (size_t)s->years + 1;
    builder b;
    TRY(b_start(&b, s->n_area * Y));
    int ca = s_col(&b, "area");
    int32_t *year = i_col(&b, "year");
    double **col = calloc(s->n_var + 1, sizeof *col);
    if (!col) b.ok = 0, almen_fail_nomem();
    for (size_t v = 0; v < s->n_var && b.ok; v++) col[v] = d_col(&b, s->var_name[v]);
    for (size_t a = 0, row = 0; a < s->n_area && b.ok; a++)
        for (size_t y = 0; y < Y && b.ok; y++, row++) {
            s_set(&b, ca, row, s->area_id[a]);
            year[row] = s->base + (int)y;
            for (size_t v = 0; v < s->n_var; v++) col[v][row] = status_p(s, v, a, y, 0);
        }
    free(col);
    return b_finish(&b, out);
}

/* ---- Set-up tables ----------------------------------------------------------------------- */

almen_status almen_simulation_initial(const almen_simulation *s, almen_table **out)
{
    NEED(s, out);
    size_t K = s->K, n = 0;
    for (size_t i = 0; i < s->n_dept * SIM_DW * K; i++) n += s->init[i] > 0;
    builder b;
    TRY(b_start(&b, n));
    int cd = s_col(&b, "department"), ck = s_col(&b, "household_type");
    int ct = s_col(&b, "dwelling_type");
    int32_t *count = i_col(&b, "households");
    int cs = s_col(&b, "source");
    size_t row = 0;
    for (size_t d = 0; d < s->n_dept && b.ok; d++)
        for (size_t k = 0; k < K; k++)
            for (int t = 0; t < SIM_DW && b.ok; t++) {
                int32_t c = s->init[(d * SIM_DW + (size_t)t) * K + k];
                if (!c) continue;
                s_set(&b, cd, row, s->dept_id[d]);
                s_set(&b, ck, row, s->type_id[k]);
                s_set(&b, ct, row, SIM_DWELLING_TYPES[t]);
                s_set(&b, cs, row, s->init_given[d] ? "given" : "decomposed");
                count[row++] = c;
            }
    return b_finish(&b, out);
}

almen_status almen_simulation_fit(const almen_simulation *s, almen_table **out)
{
    NEED(s, out);
    size_t n = 0;
    for (size_t i = 0; i < s->n_dept * FIELD_COUNT; i++) n += !isnan(s->fit_figure[i]);
    builder b;
    TRY(b_start(&b, n));
    int cd = s_col(&b, "department"), cf = s_col(&b, "field");
    double *fig = d_col(&b, "figure"), *model = d_col(&b, "model");
    double *diff = d_col(&b, "difference"), *pct = d_col(&b, "difference_pct");
    size_t row = 0;
    for (size_t d = 0; d < s->n_dept && b.ok; d++)
        for (int f = 0; f < FIELD_COUNT && b.ok; f++) {
            double want = s->fit_figure[d * FIELD_COUNT + (size_t)f];
            if (isnan(want)) continue;
            double got = s->fit_model[d * FIELD_COUNT + (size_t)f];
            s_set(&b, cd, row, s->dept_id[d]);
            s_set(&b, cf, row, FIELDS[f].name);
            fig[row] = want, model[row] = got, diff[row] = got - want;
            pct[row++] = want != 0 ? 100 * (got - want) / want : NAN;
        }
    return b_finish(&b, out);
}

/* Type ids of a mask, comma-separated. */
static void mask_text(const almen_simulation *s, uint64_t mask, char *buf, size_t cap)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < s->K && len + 1 < cap; k++)
        if (mask >> k & 1)
            len += (size_t)snprintf(buf + len, cap - len, "%s%s", len ? "," : "", s->type_id[k]);
}

almen_status almen_simulation_policy(const almen_simulation *s, almen_table **out)
{
    NEED(s, out);
    size_t n = 0;
    for (size_t d = 0; d < s->n_dept; d++)
        for (int t = 0; t < SIM_DW; t++) n += s->dw_max[d * SIM_DW + (size_t)t] > 0;
    builder b;
    TRY(b_start(&b, s->n_var * (size_t)s->years * s->n_status * n * SIM_NCH));
    int cv = s_col(&b, "variant");
    int32_t *year = i_col(&b, "year");
    int cst = s_col(&b, "status"), cd = s_col(&b, "department"), ct = s_col(&b, "dwelling_type");
    int cc = s_col(&b, "channel");
    double *share = d_col(&b, "share_pct");
    int cx = s_col(&b, "excluded");
    int32_t *fallback = i_col(&b, "fallback");
    size_t row = 0;
    for (size_t v = 0; v < s->n_var && b.ok; v++)
        for (int y = 0; y < s->years && b.ok; y++)
            for (size_t st = 0; st < s->n_status && b.ok; st++)
                for (size_t d = 0; d < s->n_dept && b.ok; d++)
                    for (int t = 0; t < SIM_DW && b.ok; t++) {
                        if (!s->dw_max[d * SIM_DW + (size_t)t]) continue;
                        const sim_letting *L =
                            &s->letting[((((v * (size_t)s->years + (size_t)y) * s->n_status + st) *
                                          s->n_dept + d) * SIM_DW) + (size_t)t];
                        for (int c = 0; c < SIM_NCH && b.ok; c++, row++) {
                            char buf[2048];
                            s_set(&b, cv, row, s->var_name[v]);
                            year[row] = s->base + y;
                            s_set(&b, cst, row, s->status_name[st]);
                            s_set(&b, cd, row, s->dept_id[d]);
                            s_set(&b, ct, row, SIM_DWELLING_TYPES[t]);
                            s_set(&b, cc, row, SIM_CHANNELS[c]);
                            share[row] = 100 * L->share[c];
                            mask_text(s, L->excluded[c], buf, sizeof buf);
                            s_set(&b, cx, row, *buf ? buf : NULL);
                            fallback[row] = L->fallback[c];
                        }
                    }
    return b_finish(&b, out);
}

almen_status almen_simulation_run_values(const almen_simulation *s, almen_table **out)
{
    NEED(s, out);
    size_t Y = (size_t)s->years + 1, R = runs_done(s);
    size_t na = s->n_var * s->n_area * Y * s->n_area_ind * R;
    size_t nd = s->dept_runs ? s->n_var * s->n_dept * Y * IND_COMMON * R : 0;
    builder b;
    TRY(b_start(&b, na + nd));
    int cv = s_col(&b, "variant");
    int32_t *run = i_col(&b, "run");
    int cl = s_col(&b, "level"), cu = s_col(&b, "unit");
    int32_t *year = i_col(&b, "year");
    int ci = s_col(&b, "indicator");
    double *value = d_col(&b, "value");
    size_t row = 0;
    for (size_t v = 0; v < s->n_var && b.ok; v++) {
        for (size_t a = 0; a < s->n_area && b.ok; a++)
            for (size_t y = 0; y < Y; y++)
                for (size_t i = 0; i < s->n_area_ind && b.ok; i++) {
                    char name[96];
                    const char *ind = area_indicator(s, i, name, sizeof name);
                    size_t cell = ((v * s->n_area + a) * Y + y) * s->n_area_ind + i;
                    for (size_t r = 0; r < R && b.ok; r++, row++) {
                        s_set(&b, cv, row, s->var_name[v]);
                        s_set(&b, cl, row, "area");
                        s_set(&b, cu, row, s->area_id[a]);
                        s_set(&b, ci, row, ind);
                        run[row] = (int32_t)r, year[row] = s->base + (int)y;
                        value[row] = s->area_runs[cell * s->runs_total + r];
                    }
                }
        for (size_t d = 0; nd && d < s->n_dept && b.ok; d++)
            for (size_t y = 0; y < Y; y++)
                for (int i = 0; i < IND_COMMON && b.ok; i++) {
                    size_t cell = ((v * s->n_dept + d) * Y + y) * IND_COMMON + (size_t)i;
                    for (size_t r = 0; r < R && b.ok; r++, row++) {
                        s_set(&b, cv, row, s->var_name[v]);
                        s_set(&b, cl, row, "department");
                        s_set(&b, cu, row, s->dept_id[d]);
                        s_set(&b, ci, row, SIM_INDICATORS[i]);
                        run[row] = (int32_t)r, year[row] = s->base + (int)y;
                        value[row] = s->dept_runs[cell * s->runs_total + r];
                    }
                }
    }
    return b_finish(&b, out);
}
