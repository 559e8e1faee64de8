/* Setting a simulation up: departments, the initial households by dwelling type and
 * household type (given, or decomposed from the base year's figures), turnover, and
 * almen_simulation_new / _free. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error_internal.h"
#include "simulate_internal.h"

const char *const SIM_INDICATORS[IND_COMMON] = {
    "households",          "residents",      "outside_labour_pct", "convicted_pct",
    "basic_education_pct", "average_income", "nonwestern_pct",     "move_outs",
    "turnover_pct"};

/* ---- Figures and indicators -------------------------------------------------------------- */

/* Households and residents, then the composition fields from F_RESIDENTS_18_64 on; the
 * flows (vacancies, move-outs, lettings, evictions) between them stay 0. */
#define COMPOSITION(f) ((f) <= F_HOUSEHOLDS || (f) >= F_RESIDENTS_18_64)

void sim_figures(const almen_simulation *s, size_t d, double survival, const int32_t *counts,
                 double *out)
{
    for (int f = 0; f < FIELD_COUNT; f++) out[f] = 0;
    for (size_t k = 0; k < s->K; k++) {
        if (!counts[k]) continue;
        const double *a = &s->contrib[k * FIELD_COUNT];
        double n = counts[k];
        out[F_RESIDENTS] += n * a[F_RESIDENTS];
        out[F_HOUSEHOLDS] += n;
        for (int f = F_RESIDENTS_18_64; f < FIELD_COUNT; f++) out[f] += n * a[f];
    }
    if (d == NO_INDEX || !s->resid) return;
    const double *r = &s->resid[d * FIELD_COUNT];
    for (int f = 0; f < FIELD_COUNT; f++)
        if (COMPOSITION(f)) out[f] = fmax(0, out[f] + r[f] * survival);
}

static double ratio(double num, double den, double scale)
{
    return den > 0 ? scale * num / den : NAN;
}

void sim_indicators(const double *fig, double *out)
{
    out[IND_HOUSEHOLDS] = fig[F_HOUSEHOLDS];
    out[IND_RESIDENTS] = fig[F_RESIDENTS];
    out[IND_OUTSIDE] = ratio(fig[F_OUTSIDE_LABOUR], fig[F_RESIDENTS_18_64], 100);
    out[IND_CONVICTED] = ratio(fig[F_CONVICTED], fig[F_RESIDENTS_18PLUS], 100);
    out[IND_BASIC] = ratio(fig[F_BASIC_EDUCATION], fig[F_RESIDENTS_30_59], 100);
    out[IND_INCOME] = ratio(fig[F_INCOME_SUM], fig[F_TAXPAYERS_15_64], 1);
    out[IND_NONWESTERN] = ratio(fig[F_NONWESTERN], fig[F_RESIDENTS], 100);
}

/* ---- Non-negative least squares ---------------------------------------------------------- */

/* Solves G[P,P] s = h[P] by Cholesky (G symmetric positive definite on P); 0 on success. */
static int cholesky_solve(const double *G, const double *h, size_t n, const size_t *P, size_t np,
                          double *L, double *s)
{
    for (size_t i = 0; i < np; i++) {
        for (size_t j = 0; j <= i; j++) {
            double v = G[P[i] * n + P[j]];
            for (size_t k = 0; k < j; k++) v -= L[i * np + k] * L[j * np + k];
            if (i == j) {
                if (!(v > 0)) return -1;
                L[i * np + i] = sqrt(v);
            } else {
                L[i * np + j] = v / L[j * np + j];
            }
        }
    }
    for (size_t i = 0; i < np; i++) { /* L y = h */
        double v = h[P[i]];
        for (size_t k = 0; k < i; k++) v -= L[i * np + k] * s[k];
        s[i] = v / L[i * np + i];
    }
    for (size_t i = np; i-- > 0;) { /* L^T s = y */
        double v = s[i];
        for (size_t k = i + 1; k < np; k++) v -= L[k * np + i] * s[k];
        s[i] = v / L[i * np + i];
    }
    return 0;
}

/* min ||A x - b|| subject to x >= 0, given G = A^T A and h = A^T b (n unknowns), by the
 * active-set method of Lawson and Hanson (Solving Least Squares Problems, 1974, ch. 23).
 * G must be positive definite (the decomposition adds a ridge), so the solution is unique. */
static int nnls(const double *G, const double *h, size_t n, double *x)
{
    size_t *P = malloc(n * sizeof *P);
    char *inP = calloc(n, 1);
    double *w = malloc(n * sizeof *w), *s = malloc(n * sizeof *s), *L = malloc(n * n * sizeof *L);
    if (!P || !inP || !w || !s || !L) {
        free(P), free(inP), free(w), free(s), free(L);
        return almen_fail_nomem();
    }
    size_t np = 0;
    double hmax = 0;
    for (size_t j = 0; j < n; j++) x[j] = 0, hmax = fmax(hmax, fabs(h[j]));
    double tol = 1e-12 * fmax(hmax, 1e-300);
    int rc = ALMEN_OK;
    for (size_t iter = 0; iter < 3 * n + 10; iter++) {
        size_t best = n;
        for (size_t j = 0; j < n; j++) {
            double g = h[j];
            for (size_t k = 0; k < n; k++) g -= G[j * n + k] * x[k];
            w[j] = g;
            if (!inP[j] && g > tol && (best == n || g > w[best])) best = j;
        }
        if (best == n) break; /* Kuhn-Tucker conditions hold */
        P[np++] = best;
        inP[best] = 1;
        for (;;) {
            if (cholesky_solve(G, h, n, P, np, L, s)) {
                rc = almen_fail(ALMEN_ECONVERGE, "decomposition: singular system");
                goto done;
            }
            double alpha = 1;
            int feasible = 1;
            for (size_t i = 0; i < np; i++) {
                if (s[i] > 0) continue;
                feasible = 0;
                double xi = x[P[i]], a = xi / (xi - s[i]);
                if (a < alpha) alpha = a;
            }
            if (feasible) {
                for (size_t i = 0; i < np; i++) x[P[i]] = s[i];
                break;
            }
            for (size_t i = 0; i < np; i++) x[P[i]] += alpha * (s[i] - x[P[i]]);
            size_t keep = 0;
            for (size_t i = 0; i < np; i++) {
                if (x[P[i]] > 1e-15) P[keep++] = P[i];
                else x[P[i]] = 0, inP[P[i]] = 0;
            }
            np = keep;
            if (!np) break;
        }
    }
done:
    free(P), free(inP), free(w), free(s), free(L);
    return rc;
}

/* ---- Initial households ------------------------------------------------------------------ */

#define D3(s, d, t) ((d) * SIM_DW + (size_t)(t))
#define CELL(s, d, t, k) ((D3(s, d, t)) * (s)->K + (k))

/* The figures a department's initial counts are fitted to: its row of the base year, or of
 * the latest year before it; NULL when it has none. */
static const figure_row *base_row(const department *dp, int base)
{
    const figure_row *best = NULL;
    for (size_t r = 0; r < dp->n_rows; r++)
        if (dp->rows[r].year <= base) best = &dp->rows[r];
    return best;
}

/* Target figures scaled to the dwellings (every dwelling holds one household), NaN where the
 * figure is missing or not a composition figure. */
static void fit_targets(const department *dp, const figure_row *row, int32_t dwellings,
                        double *target)
{
    double households = row->v[F_HOUSEHOLDS];
    double scale = households > 0 ? dwellings / households : 1;
    for (int f = 0; f < FIELD_COUNT; f++) {
        int used = f == F_RESIDENTS || f >= F_RESIDENTS_18_64;
        target[f] = used ? row->v[f] * scale : NAN;
    }
    (void)dp;
}

/* Regularised non-negative least squares over the cells (dwelling type t, type k) that the
 * type may occupy, in fractions z of each dwelling type's dwellings. Rows: each dwelling
 * type's total (weight 1e3), and either each figure's relative error (counts NULL) or each
 * given type count (weight 1e3); a ridge 1e-6 pulls towards an even spread over the types a
 * dwelling type allows, which decides what the rows leave open. The result y is rounded to
 * whole households that fill each dwelling type exactly (largest remainders) and, for given
 * counts, keep each type's count exactly. */
static int decompose(almen_simulation *s, size_t d, const double *target, const double *counts,
                     double *y)
{
    const int32_t *dw = &s->dwellings[D3(s, d, 0)];
    size_t K = s->K, n = SIM_DW * K, max_rows = FIELD_COUNT + SIM_DW + K;
    double *A = calloc(max_rows * n, sizeof *A), *b = calloc(max_rows, sizeof *b);
    double *G = calloc(n * n, sizeof *G), *h = calloc(n, sizeof *h), *z = calloc(n, sizeof *z);
    int rc = (!A || !b || !G || !h || !z) ? almen_fail_nomem() : ALMEN_OK;
    size_t rows = 0;
    size_t allowed_in[SIM_DW] = {0};
    for (int t = 0; t < SIM_DW; t++)
        for (size_t k = 0; k < K; k++) allowed_in[t] += s->lives[k] >> t & 1;
#define OPEN(t, k) (dw[t] && (s->lives[k] >> (t) & 1))
    for (size_t r = 0; !rc && r < (counts ? K : FIELD_COUNT); r++) {
        double want = counts ? counts[r] : target[r];
        if (isnan(want)) continue;
        double norm = counts ? 1e3 / fmax(want, 1) : 1 / fmax(fabs(want), 1);
        for (int t = 0; t < SIM_DW; t++)
            for (size_t k = 0; k < K; k++)
                if (OPEN(t, k) && (!counts || k == r))
                    A[rows * n + t * K + k] =
                        (counts ? 1 : s->contrib[k * FIELD_COUNT + r]) * dw[t] * norm;
        b[rows++] = want * norm;
    }
    for (int t = 0; t < SIM_DW && !rc; t++, rows++) {
        for (size_t k = 0; k < K; k++)
            if (OPEN(t, k)) A[rows * n + t * K + k] = 1e3;
        b[rows] = dw[t] ? 1e3 : 0;
    }
    /* G = A^T A + ridge I, h = A^T b + ridge z0; cells a type cannot occupy stay 0 through a
     * unit diagonal and no right-hand side. */
    for (size_t i = 0; i < n && !rc; i++) {
        for (size_t j = 0; j < n; j++) {
            double g = 0;
            for (size_t r = 0; r < rows; r++) g += A[r * n + i] * A[r * n + j];
            G[i * n + j] = g;
        }
        double hv = 0;
        for (size_t r = 0; r < rows; r++) hv += A[r * n + i] * b[r];
        int t = (int)(i / K);
        size_t k = i % K;
        G[i * n + i] += OPEN(t, k) ? 1e-6 : 1;
        h[i] = OPEN(t, k) ? hv + 1e-6 / (double)allowed_in[t] : 0;
    }
    if (!rc) rc = nnls(G, h, n, z);
    /* Whole households, each dwelling type exactly full: largest remainders. */
    for (int t = 0; t < SIM_DW && !rc; t++) {
        double sum = 0;
        for (size_t k = 0; k < K; k++) sum += z[t * K + k];
        int32_t placed = 0;
        for (size_t k = 0; k < K; k++) {
            double v = sum > 0 ? z[t * K + k] / sum * dw[t] : 0;
            y[t * K + k] = floor(v + 1e-9);
            z[t * K + k] = v - y[t * K + k];
            placed += (int32_t)y[t * K + k];
        }
        for (; placed < dw[t]; placed++) {
            size_t best = K;
            for (size_t k = 0; k < K; k++)
                if (OPEN(t, k) && (best == K || z[t * K + k] > z[t * K + best])) best = k;
            if (best == K) break;
            y[t * K + best] += 1;
            z[t * K + best] = -1;
        }
        if (placed < dw[t])
            rc = almen_fail(ALMEN_EINVAL, "department %s: no household type can live in its %s "
                                          "dwellings",
                            s->dept_id[d], SIM_DWELLING_TYPES[t]);
    }
    /* Given counts: move single households between types within a dwelling type until
     * every type has its count (rounding can leave a type one short in one dwelling type
     * and one over in another). */
    for (int guard = 0; counts && !rc && guard < 1000; guard++) {
        size_t over = K, under = K;
        for (size_t k = 0; k < K; k++) {
            double sum = 0;
            for (int t = 0; t < SIM_DW; t++) sum += y[t * K + k];
            if (sum > counts[k] && over == K) over = k;
            if (sum < counts[k] && under == K) under = k;
        }
        if (over == K || under == K) break;
        int moved = 0;
        for (int t = 0; t < SIM_DW && !moved; t++)
            if (y[t * K + over] >= 1 && OPEN(t, under))
                y[t * K + over] -= 1, y[t * K + under] += 1, moved = 1;
        if (!moved) break;
    }
    for (size_t k = 0; counts && !rc && k < K; k++) {
        double sum = 0;
        for (int t = 0; t < SIM_DW; t++) sum += y[t * K + k];
        if (sum != counts[k])
            rc = almen_fail(ALMEN_EINVAL,
                            "department %s: the given households do not fit its dwellings "
                            "(household type '%s': %.0f placed of %.0f); check the types' "
                            "dwelling_types",
                            s->dept_id[d], s->type_id[k], sum, counts[k]);
    }
#undef OPEN
    free(A), free(b), free(G), free(h), free(z);
    return rc;
}

/* The initial counts given per department ([d][k]) and whether a department has any
 * (given[d]): the options' entries win over the household types' for a department they
 * name. One pass over each list (a national case has tens of thousands of entries). */
static int given_counts(const almen_case *c, const hh_types *h,
                        const almen_simulation_options *o, double *count, char *given)
{
    size_t K = h->n;
    for (int pass = 0; pass < 2; pass++) {
        size_t n = pass ? h->n_init : o->n_init;
        for (size_t i = 0; i < n; i++) {
            const char *dept = pass ? h->init[i].department : o->init[i].department;
            const char *type = pass ? h->init[i].type : o->init[i].type;
            size_t d = case_find_department(c, dept);
            if (d == NO_INDEX)
                return almen_fail(ALMEN_EINVAL, "initial counts: no department '%s' in the case",
                                  dept);
            int k = hh_types_find(h, type);
            if (k < 0) return almen_fail(ALMEN_EINVAL, "initial counts: no household type '%s'", type);
            if (pass && given[d] == 2) continue; /* the options named this department */
            given[d] = (char)(pass ? 1 : 2);
            count[d * K + (size_t)k] = pass ? h->init[i].count : o->init[i].count;
        }
    }
    return ALMEN_OK;
}

/* Mean recorded move-outs per household over the department's years up to the base year;
 * NaN when none are recorded. */
static double observed_turnover(const department *dp, int base)
{
    double sum = 0;
    int n = 0;
    for (size_t r = 0; r < dp->n_rows; r++) {
        const figure_row *row = &dp->rows[r];
        if (row->year > base || isnan(row->v[F_MOVE_OUTS]) || !(row->v[F_HOUSEHOLDS] > 0)) continue;
        sum += row->v[F_MOVE_OUTS] / row->v[F_HOUSEHOLDS];
        n++;
    }
    return n ? sum / n : NAN;
}

int sim_setup_departments(almen_simulation *s, const almen_case *c, const hh_types *h,
                          const almen_simulation_options *o)
{
    size_t nd = s->n_dept = c->n_departments, K = s->K = h->n;
    s->dept_id = calloc(nd ? nd : 1, sizeof *s->dept_id);
    s->dept_area = calloc(nd ? nd : 1, sizeof *s->dept_area);
    s->dwellings = calloc(nd * SIM_DW + 1, sizeof *s->dwellings);
    s->init = calloc(nd * SIM_DW * K + 1, sizeof *s->init);
    s->init_given = calloc(nd + 1, 1);
    s->fit_figure = calloc(nd * FIELD_COUNT + 1, sizeof *s->fit_figure);
    s->fit_model = calloc(nd * FIELD_COUNT + 1, sizeof *s->fit_model);
    s->rate = calloc(nd * SIM_DW * K + 1, sizeof *s->rate);
    s->rate_lq = calloc(nd * SIM_DW * K + 1, sizeof *s->rate_lq);
    s->resid = calloc(nd * FIELD_COUNT + 1, sizeof *s->resid);
    s->type_id = calloc(K, sizeof *s->type_id);
    s->contrib = calloc(K * FIELD_COUNT, sizeof *s->contrib);
    s->lives = calloc(K, sizeof *s->lives);
    double *y = malloc((SIM_DW * K + 1) * sizeof *y), *counts = calloc(nd * K + 1, sizeof *counts);
    if (!s->dept_id || !s->dept_area || !s->dwellings || !s->init || !s->init_given ||
        !s->fit_figure || !s->fit_model || !s->rate || !s->rate_lq || !s->resid || !s->type_id || !s->contrib || !s->lives ||
        !y || !counts) {
        free(y), free(counts);
        return almen_fail_nomem();
    }
    int rc = ALMEN_OK;
    for (size_t k = 0; k < K && !rc; k++) {
        if (!(s->type_id[k] = strdup(h->t[k].id))) rc = almen_fail_nomem();
        memcpy(&s->contrib[k * FIELD_COUNT], h->t[k].fig, sizeof h->t[k].fig);
        s->lives[k] = h->t[k].dwellings;
    }
    if (!rc) rc = given_counts(c, h, o, counts, s->init_given);
    const double base_rate[SIM_DW] = {s->param[SP_TURNOVER_FAMILY], s->param[SP_TURNOVER_YOUTH],
                                      s->param[SP_TURNOVER_ELDERLY]};
    for (size_t d = 0; d < nd && !rc; d++) {
        const department *dp = &c->departments[d];
        if (!(s->dept_id[d] = strdup(dp->id))) {
            rc = almen_fail_nomem();
            break;
        }
        s->dept_area[d] = dp->area;
        int32_t *dw = &s->dwellings[D3(s, d, 0)];
        dw[0] = dp->family, dw[1] = dp->youth, dw[2] = dp->elderly;
        int32_t total = dw[0] + dw[1] + dw[2];
        const figure_row *row = base_row(dp, s->base);
        double *target = &s->fit_figure[d * FIELD_COUNT];
        if (row) fit_targets(dp, row, total, target);
        else for (int f = 0; f < FIELD_COUNT; f++) target[f] = NAN;
        const double *count = &counts[d * K];
        if (s->init_given[d]) {
            double sum = 0;
            for (size_t k = 0; k < K; k++) sum += count[k];
            if (sum != total)
                rc = almen_fail(ALMEN_EINVAL,
                                "department %s: the initial households add up to %.0f, but it "
                                "has %d dwellings (every dwelling holds one household)",
                                dp->id, sum, (int)total);
            if (!rc) rc = decompose(s, d, NULL, count, y);
        } else if (total) {
            if (!row)
                rc = almen_fail(ALMEN_EINVAL,
                                "department %s has no figures in or before %d to decompose into "
                                "household types; give its initial counts",
                                dp->id, s->base);
            if (!rc) rc = decompose(s, d, target, NULL, y);
        } else {
            memset(y, 0, SIM_DW * K * sizeof *y);
        }
        if (rc) break;
        for (size_t i = 0; i < SIM_DW * K; i++) s->init[D3(s, d, 0) * K + i] = (int32_t)y[i];
        /* The fit: the model's figures of the initial counts. */
        int32_t tot[SIM_MAX_TYPES] = {0};
        for (int t = 0; t < SIM_DW; t++)
            for (size_t k = 0; k < K; k++) tot[k] += s->init[CELL(s, d, t, k)];
        sim_figures(s, NO_INDEX, 0, tot, &s->fit_model[d * FIELD_COUNT]);
        for (int f = 0; f < FIELD_COUNT && s->param[SP_RESIDUAL] != 0; f++) {
            double want = target[f], got = s->fit_model[d * FIELD_COUNT + (size_t)f];
            s->resid[d * FIELD_COUNT + (size_t)f] = isnan(want) ? 0 : want - got;
        }
        /* Turnover: the dwelling type's rate times the type's factor, scaled so that the
         * expected move-outs of the initial households match the recorded ones. */
        double expected = 0, calib = 1;
        for (int t = 0; t < SIM_DW; t++)
            for (size_t k = 0; k < K; k++)
                expected += s->init[CELL(s, d, t, k)] * base_rate[t] * h->t[k].turnover_factor;
        double observed = observed_turnover(dp, s->base);
        if (s->param[SP_CALIBRATE] != 0 && !isnan(observed) && expected > 0 && total > 0)
            calib = observed * total / expected;
        for (int t = 0; t < SIM_DW; t++)
            for (size_t k = 0; k < K; k++) {
                double r = fmin(1, base_rate[t] * h->t[k].turnover_factor * calib);
                s->rate[CELL(s, d, t, k)] = r;
                s->rate_lq[CELL(s, d, t, k)] = r < 1 ? log1p(-r) : -INFINITY;
            }
    }
    free(y), free(counts);
    return rc;
}
