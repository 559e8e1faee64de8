/* Inference for the mix indices: bootstrap and random-allocation replicates.
 *
 * A replicate is one multinomial draw of N persons over the cells (shares q_k: the
 * observed t_k / N for the bootstrap, p_u p_g for random allocation), made cell by cell by
 * Poissonisation: every cell gets an independent Poisson(L q_k) count with L = N - delta,
 * delta = ceil(3 sqrt(N)); given their sum S, those counts are multinomial(S, q). If
 * S <= N, the N - S persons still missing are added one by one from q (an alias table),
 * and multinomial(S, q) + multinomial(N - S, q) is multinomial(N, q): the draw is exact.
 * If S > N (probability about 0.1 %), all cells are drawn again, which leaves the
 * conditional law given S <= N unchanged. Per replicate that is one Poisson draw per
 * cell plus about 3 sqrt(N) single persons, instead of N persons one by one. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error_internal.h"
#include "mix_internal.h"
#include "table_internal.h"


void mix_sampler_free(mix_sampler *s)
{
    free(s->cell);
    free(s->pois);
    mix_alias_free(&s->alias);
}

static int parse_kind(const char *kind, unsigned *stream)
{
    if (kind && !strcmp(kind, "bootstrap")) *stream = MIX_STREAM_BOOTSTRAP;
    else if (kind && !strcmp(kind, "null")) *stream = MIX_STREAM_NULL;
    else return almen_fail(ALMEN_EINVAL, "unknown replicate kind '%s' (bootstrap or null)", kind ? kind : "(null)");
    return ALMEN_OK;
}

int mix_sampler_init(mix_sampler *s, const almen_mix *m, unsigned stream, int seed)
{
    memset(s, 0, sizeof *s);
    mix_shape_of(m, &s->shape);
    s->stream = stream;
    s->seed = seed;
    size_t U = m->n_units, G = m->n_groups, cells = U * G;
    double *unit = calloc(U, sizeof *unit), *group = calloc(G, sizeof *group);
    double *q = malloc(cells * sizeof *q);
    s->cell = malloc(cells * sizeof *s->cell);
    s->pois = malloc(cells * sizeof *s->pois);
    if (!unit || !group || !q || !s->cell || !s->pois) {
        free(unit);
        free(group);
        free(q);
        mix_sampler_free(s);
        return almen_fail_nomem();
    }
    double n = 0;
    for (size_t k = 0; k < cells; k++) {
        unit[k / G] += m->counts[k];
        group[k % G] += m->counts[k];
        n += m->counts[k];
    }
    s->n = n;
    for (size_t k = 0; k < cells; k++) {
        double share = stream == MIX_STREAM_BOOTSTRAP ? m->counts[k] / n
                                                      : (unit[k / G] / n) * (group[k % G] / n);
        if (share > 0) {
            q[s->n_draw] = share;
            s->cell[s->n_draw++] = k;
        }
    }
    double delta = fmin(n, ceil(3 * sqrt(n)));
    double largest = 0;
    for (size_t i = 0; i < s->n_draw; i++) {
        double lambda = (n - delta) * q[i];
        mix_poisson_init(&s->pois[i], lambda);
        if (lambda > largest) largest = lambda;
    }
    /* Look x ln x up for the counts a cell will almost always have; bigger ones (and unit
     * totals) are computed. Capped at 8 MB. */
    double want = largest + 10 * sqrt(largest) + delta + 64;
    s->xlx_n = want < (double)(1 << 20) ? (size_t)want : (size_t)1 << 20;
    int rc = mix_alias_init(&s->alias, q, s->n_draw) ? almen_fail_nomem() : ALMEN_OK;
    free(unit);
    free(group);
    free(q);
    if (rc) mix_sampler_free(s);
    return rc;
}

void mix_sampler_draw(const mix_sampler *s, mix_rng *r, double *counts)
{
    double missing;
    for (;;) {
        double sum = 0;
        for (size_t i = 0; i < s->n_draw; i++) {
            double x = mix_poisson_draw(&s->pois[i], r);
            counts[s->cell[i]] = x;
            sum += x;
        }
        if (sum <= s->n) {
            missing = s->n - sum;
            break;
        }
    }
    for (double j = 0; j < missing; j++) counts[s->cell[mix_alias_draw(&s->alias, r)]] += 1;
}

/* The indices of `replicates` replicates into out[r * n_stats + i]. */
static int run_replicates(const mix_sampler *s, int replicates, double *out)
{
    size_t n_stats = mix_stat_count(&s->shape), cells = s->shape.n_units * s->shape.n_groups;
    double *counts = calloc(cells, sizeof *counts);
    mix_work w;
    if (!counts || mix_work_init(&w, &s->shape, s->xlx_n)) {
        free(counts);
        return almen_fail_nomem();
    }
    double st[MIX_S_COUNT];
    for (int r = 0; r < replicates; r++) {
        mix_rng rng;
        mix_rng_init(&rng, s->seed, s->stream, (uint64_t)r);
        mix_sampler_draw(s, &rng, counts);
        mix_stats(&s->shape, counts, &w, st);
        memcpy(out + (size_t)r * n_stats, st, n_stats * sizeof *st);
    }
    mix_work_free(&w);
    free(counts);
    return ALMEN_OK;
}

static int check_inference(const almen_mix *m, int replicates, almen_table **out)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "out is required");
    *out = NULL;
    if (!m) return almen_fail(ALMEN_EINVAL, "mix is NULL");
    if (replicates < 1 || replicates > 10000000)
        return almen_fail(ALMEN_EINVAL, "replicates must be between 1 and 10000000, got %d", replicates);
    return mix_require_whole(m);
}

/* Draws the replicates of one kind: a new array of replicates * n_stats values. */
static int draw_kind(const almen_mix *m, unsigned stream, int replicates, int seed, double **values)
{
    mix_sampler s;
    int rc = mix_sampler_init(&s, m, stream, seed);
    if (rc) return rc;
    size_t n_stats = mix_stat_count(&s.shape);
    *values = malloc((size_t)replicates * n_stats * sizeof **values);
    rc = *values ? run_replicates(&s, replicates, *values) : almen_fail_nomem();
    mix_sampler_free(&s);
    if (rc) {
        free(*values);
        *values = NULL;
    }
    return rc;
}

almen_status almen_mix_replicates(const almen_mix *m, const char *kind, int replicates, int seed,
                                  almen_table **out)
{
    int rc = check_inference(m, replicates, out);
    unsigned stream = 0;
    if (!rc) rc = parse_kind(kind, &stream);
    if (rc) return rc;
    mix_shape shape;
    mix_shape_of(m, &shape);
    size_t n_stats = mix_stat_count(&shape);
    double *values = NULL;
    if ((rc = draw_kind(m, stream, replicates, seed, &values))) return rc;
    almen_table *t = table_new((size_t)replicates);
    int32_t *rep = t ? table_add_int(t, "replicate") : NULL;
    double *cols[MIX_S_COUNT];
    rc = rep ? ALMEN_OK : ALMEN_ENOMEM;
    for (size_t i = 0; i < n_stats && !rc; i++)
        if (!(cols[i] = table_add_double(t, MIX_STAT_NAMES[i]))) rc = ALMEN_ENOMEM;
    for (int r = 0; r < replicates && !rc; r++) {
        rep[r] = r + 1;
        for (size_t i = 0; i < n_stats; i++) cols[i][r] = values[(size_t)r * n_stats + i];
    }
    free(values);
    if (rc) {
        almen_table_free(t);
        return rc;
    }
    *out = t;
    return ALMEN_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Quantile p of sorted x[0..n) with linear interpolation between order statistics (R's
 * and numpy's default, Hyndman & Fan type 7). */
static double quantile_sorted(const double *x, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n) return x[n - 1];
    return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

/* Mean and sample standard deviation of column i of replicates × n_stats values. */
static void mean_sd(const double *v, size_t reps, size_t n_stats, size_t i, double *mean, double *sd)
{
    double s = 0, ss = 0;
    for (size_t r = 0; r < reps; r++) s += v[r * n_stats + i];
    *mean = s / (double)reps;
    for (size_t r = 0; r < reps; r++) {
        double d = v[r * n_stats + i] - *mean;
        ss += d * d;
    }
    *sd = reps > 1 ? sqrt(ss / (double)(reps - 1)) : NAN;
}

almen_status almen_mix_inference(const almen_mix *m, int replicates, int seed, double level,
                                 almen_table **out)
{
    int rc = check_inference(m, replicates, out);
    if (rc) return rc;
    if (!(level > 0 && level < 1)) return almen_fail(ALMEN_EINVAL, "level must be between 0 and 1 (e.g. 0.95), got %g", level);
    mix_shape shape;
    mix_shape_of(m, &shape);
    size_t n_stats = mix_stat_count(&shape), reps = (size_t)replicates;
    double est[MIX_S_COUNT];
    mix_work w;
    if (mix_work_init(&w, &shape, 0)) return ALMEN_ENOMEM;
    mix_stats(&shape, m->counts, &w, est);
    mix_work_free(&w);

    double *boot = NULL, *null = NULL, *sorted = malloc(reps * sizeof *sorted);
    if (!sorted) return almen_fail_nomem();
    rc = draw_kind(m, MIX_STREAM_BOOTSTRAP, replicates, seed, &boot);
    if (!rc) rc = draw_kind(m, MIX_STREAM_NULL, replicates, seed, &null);
    almen_table *t = rc ? NULL : table_new(n_stats);
    if (!rc && !t) rc = ALMEN_ENOMEM;
    static const char *const COLS[] = {"estimate", "bootstrap_mean", "bias", "corrected", "se", "lower",
                                       "upper", "null_mean", "null_sd", "p_value"};
    enum { C_EST, C_BMEAN, C_BIAS, C_CORR, C_SE, C_LO, C_HI, C_NMEAN, C_NSD, C_P, C_N };
    double *col[C_N];
    int c_index = rc ? -1 : table_add_string(t, "index");
    if (!rc && c_index < 0) rc = ALMEN_ENOMEM;
    for (int c = 0; c < C_N && !rc; c++)
        if (!(col[c] = table_add_double(t, COLS[c]))) rc = ALMEN_ENOMEM;
    for (size_t i = 0; i < n_stats && !rc; i++) {
        rc = table_set_string(t, (size_t)c_index, i, MIX_STAT_NAMES[i]);
        double bmean, bsd, nmean, nsd;
        mean_sd(boot, reps, n_stats, i, &bmean, &bsd);
        mean_sd(null, reps, n_stats, i, &nmean, &nsd);
        for (size_t r = 0; r < reps; r++) sorted[r] = boot[r * n_stats + i];
        qsort(sorted, reps, sizeof *sorted, cmp_double);
        double bias = bmean - est[i];
        col[C_EST][i] = est[i];
        col[C_BMEAN][i] = bmean;
        col[C_BIAS][i] = bias;
        col[C_CORR][i] = est[i] - bias;
        col[C_SE][i] = bsd;
        col[C_LO][i] = quantile_sorted(sorted, reps, (1 - level) / 2) - bias;
        col[C_HI][i] = quantile_sorted(sorted, reps, (1 + level) / 2) - bias;
        col[C_NMEAN][i] = nmean;
        col[C_NSD][i] = nsd;
        if (i != MIX_S_ENTROPY) {
            size_t above = 0;
            /* A null replicate within rounding of the estimate counts as at least as large
             * (conservative): identical compositions give M = 0 up to a few ulps. */
            double tie = 1e-12 * fmax(1.0, fabs(est[i]));
            for (size_t r = 0; r < reps; r++) above += null[r * n_stats + i] >= est[i] - tie;
            col[C_P][i] = (double)(1 + above) / (double)(reps + 1);
        }
    }
    free(boot);
    free(null);
    free(sorted);
    if (rc) {
        almen_table_free(t);
        return rc;
    }
    *out = t;
    return ALMEN_OK;
}
