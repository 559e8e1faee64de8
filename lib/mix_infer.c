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
 * cell plus about 3 sqrt(N) single persons, instead of N persons one by one.
 *
 * The random numbers of replicate r come from its SplitMix64 stream with key K_r
 * (mix_rng_init): cell i's first draw is Poisson by inversion of the uniform made from
 * mix64(K_r + (i + 1) gamma), and the persons added one by one continue the same
 * counter from i = n_draw + 1 on. A redraw after S > N (attempt a = 1, 2, ...) uses the
 * stream whose state starts at mix64(K_r ^ a * 0xd1b54a32d192ed03), cell by cell in
 * order, then the persons. So every number is a function of (seed, kind, r) only.
 *
 * Speed: inversion needs the Poisson CDF of a cell. Replicates are drawn in blocks of up
 * to 64: for each cell the CDF over mode +- 7 standard deviations and a guide table
 * (Chen & Asau 1974) are built once and used for the whole block, so a draw is a hash,
 * a table lookup and about one comparison. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error_internal.h"
#include "mix_internal.h"
#include "table_internal.h"

/* ---- Poisson draws one at a time (redraws, tests) ------------------------------------------- */

/* Up to this mean, inversion searching out from the mode (about 0.8 sqrt(lambda) steps of a
 * multiplication and an addition) beats rejection; above it, PTRS. */
#define INVERSION_UPTO 250.0

/* The mode m of Poisson(lambda) with P(X = m) and P(X <= m), the latter summed down from m
 * until the terms vanish. */
static void poisson_mode(double lambda, double *m, double *pm, double *cdf)
{
    *m = floor(lambda);
    *pm = mix_exp(-lambda + *m * mix_log(lambda) - mix_lfact(*m));
    double term = *pm;
    *cdf = term;
    double inv_lambda = 1 / lambda;
    for (double k = *m; k > 0 && term > 1e-20 * *cdf; k--) {
        term = term * (k * inv_lambda);
        *cdf += term;
    }
}

void mix_poisson_init(mix_poisson *p, double lambda)
{
    memset(p, 0, sizeof *p);
    p->lambda = lambda;
    if (lambda <= 0) return;
    if (lambda <= INVERSION_UPTO) {
        poisson_mode(lambda, &p->c[0], &p->c[1], &p->c[2]);
        p->c[3] = lambda + 40 * sqrt(lambda) + 40; /* where a search up gives up */
        p->c[4] = 1 / lambda;
        return;
    }
    /* Hörmann (1993), "The transformed rejection method for generating Poisson random
     * variables", Insurance: Mathematics and Economics 12: 39-45, algorithm PTRS. */
    double b = 0.931 + 2.53 * sqrt(lambda);
    p->c[0] = b;
    p->c[1] = -0.059 + 0.02483 * b;
    p->c[2] = 1.1239 + 1.1328 / (b - 3.4);
    p->c[3] = 0.9277 - 3.6224 / (b - 2);
    p->c[4] = mix_log(lambda);
}

/* Inversion: the smallest k with P(X <= k) >= u, searched from the mode up or down with
 * P(X = k +- 1) from P(X = k). */
static double poisson_inversion(const mix_poisson *p, mix_rng *r)
{
    double lambda = p->lambda;
    for (;;) {
        double u = mix_rng_open01(r), k = p->c[0], term = p->c[1], cdf = p->c[2];
        if (u > cdf) {
            /* Rounding can keep the sum below u for u within ~1e-16 of 1: draw again. */
            while (u > cdf && k < p->c[3]) {
                k += 1;
                term = term * lambda / k;
                cdf += term;
            }
            if (u <= cdf) return k;
        } else {
            while (k > 0 && cdf - term >= u) {
                cdf -= term;
                term = term * (k * p->c[4]);
                k -= 1;
            }
            return k;
        }
    }
}

double mix_poisson_draw(const mix_poisson *p, mix_rng *r)
{
    double lambda = p->lambda;
    if (lambda <= 0) return 0;
    if (lambda <= INVERSION_UPTO) return poisson_inversion(p, r);
    double b = p->c[0], a = p->c[1], inv_alpha = p->c[2], v_r = p->c[3], ln_lambda = p->c[4];
    for (;;) {
        double u = mix_rng_open01(r) - 0.5;
        double v = mix_rng_open01(r);
        double us = 0.5 - fabs(u);
        double t = (2 * a / us + b) * u + lambda + 0.43;
        /* k = floor(t); k < 0 is rejected (the quick acceptance below never meets it), and
         * t beyond 2^52 is far out in a tail that the exact test rejects anyway. */
        if (!(t >= 0 && t < 0x1.0p52)) continue;
        double k = (double)(int64_t)t;
        if (us >= 0.07 && v <= v_r) return k;
        if (us < 0.013 && v > us) continue;
        if (mix_log(v * inv_alpha / (a / (us * us) + b)) <= -lambda + k * ln_lambda - mix_lfact(k)) return k;
    }
}

/* ---- the sampler ---------------------------------------------------------------------------- */

void mix_sampler_free(mix_sampler *s)
{
    free(s->cell);
    free(s->pois);
    free(s->window);
    mix_alias_free(&s->alias);
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
    s->window = malloc(cells * sizeof *s->window);
    if (!unit || !group || !q || !s->cell || !s->pois || !s->window) {
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
        mix_window *wd = &s->window[i];
        mix_poisson_init(&s->pois[i], lambda);
        wd->lambda = lambda;
        if (lambda > 0) {
            /* The CDF table of a block covers mode +- 7 sd (+2): outside it, about 1e-12. */
            poisson_mode(lambda, &wd->mode, &wd->p_mode, &wd->cdf_mode);
            double half = ceil(7 * sqrt(lambda)) + 2;
            wd->lo = fmax(0, wd->mode - half);
            wd->size = (size_t)(wd->mode + half - wd->lo) + 1;
            if (wd->size > s->max_window) s->max_window = wd->size;
            if (wd->lo + (double)wd->size > s->max_count) s->max_count = wd->lo + (double)wd->size;
        }
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

/* ---- blocks of replicates ------------------------------------------------------------------- */

#define BLOCK 64

int mix_block_init(mix_block *b, const mix_sampler *s)
{
    memset(b, 0, sizeof *b);
    size_t w = s->max_window ? s->max_window : 1, n_inv = (size_t)s->max_count + 1;
    b->cdf = malloc((w + 1) * sizeof *b->cdf);
    b->guide = malloc(w * sizeof *b->guide);
    b->inv = malloc(n_inv * sizeof *b->inv);
    if (!b->cdf || !b->guide || !b->inv) {
        mix_block_free(b);
        return almen_fail_nomem();
    }
    /* 1/k, so that the CDF recurrences multiply instead of divide. */
    b->inv[0] = 0;
    for (size_t k = 1; k < n_inv; k++) b->inv[k] = 1 / (double)k;
    return ALMEN_OK;
}

void mix_block_free(mix_block *b)
{
    free(b->cdf);
    free(b->guide);
    free(b->inv);
    memset(b, 0, sizeof *b);
}

/* The CDF over the window of cell i (cdf[j] = P(X <= lo + j), cdf[size] = +inf as a
 * sentinel) and its guide table (guide[j] = the first j' with cdf[j'] >= j / size). */
static void window_build(const mix_window *wd, mix_block *b, double *p_lo, double *p_hi)
{
    size_t size = wd->size, mj = (size_t)(wd->mode - wd->lo);
    double lambda = wd->lambda, inv_lambda = 1 / lambda;
    double *cdf = b->cdf;
    double term = wd->p_mode;
    cdf[mj] = wd->cdf_mode;
    for (size_t j = mj; j > 0; j--) {
        double k = wd->lo + (double)j;
        cdf[j - 1] = cdf[j] - term;
        term = term * (k * inv_lambda);
    }
    *p_lo = term;
    term = wd->p_mode;
    const double *inv = b->inv + (size_t)wd->lo;
    for (size_t j = mj + 1; j < size; j++) {
        term = term * (lambda * inv[j]);
        cdf[j] = cdf[j - 1] + term;
    }
    *p_hi = term;
    cdf[size] = INFINITY;
    size_t j2 = 0;
    double step = 1 / (double)size;
    for (size_t j = 0; j < size; j++) {
        /* Any target works for correctness (window_draw corrects both ways); j / size
         * makes the search from guide[j] about one step. */
        double target = (double)j * step;
        while (cdf[j2] < target) j2++;
        b->guide[j] = (uint32_t)j2;
    }
}

/* Inversion of u with the window's table; the rare u beyond it continue the recurrences. */
static inline double window_draw(const mix_window *wd, const mix_block *b, double u, double p_lo, double p_hi)
{
    size_t size = wd->size;
    size_t j = (size_t)(u * (double)size);
    if (j >= size) j = size - 1;
    size_t k = b->guide[j];
    /* Usually 0 or 1 steps: two without branches (the sentinel stops them), then a loop. */
    k += b->cdf[k] < u;
    k += b->cdf[k] < u;
    while (b->cdf[k] < u) k++;
    while (k > 0 && b->cdf[k - 1] >= u) k--; /* only if u * size rounded up past j */
    if (k == size) {
        /* Above the window: continue up from its last value. */
        double x = wd->lo + (double)(size - 1), term = p_hi, cdf = b->cdf[size - 1];
        while (cdf < u && term > 0) {
            x += 1;
            term = term * wd->lambda / x;
            cdf += term;
        }
        return x;
    }
    double x = wd->lo + (double)k;
    if (k == 0 && x > 0 && u <= b->cdf[0] - p_lo) {
        /* Below the window: continue down from its first value. */
        double cdf = b->cdf[0] - p_lo, term = p_lo * (x / wd->lambda);
        x -= 1;
        while (x > 0 && cdf - term >= u) {
            cdf -= term;
            term = term * (x / wd->lambda);
            x -= 1;
        }
    }
    return x;
}

void mix_sampler_finish(const mix_sampler *s, uint64_t replicate, double *row)
{
    /* The sum read in order (which also brings the row into the cache for the persons
     * added at random places below, and for the indices computed next). */
    double sum = 0;
    for (size_t i = 0; i < s->n_draw; i++) sum += row[s->cell[i]];
    mix_rng r;
    mix_rng_init(&r, s->seed, s->stream, replicate);
    uint64_t key = r.state;
    r.state = key + (uint64_t)s->n_draw * MIX_GOLDEN_GAMMA;
    for (uint64_t attempt = 1; sum > s->n; attempt++) {
        r.state = mix_hash64(key ^ attempt * UINT64_C(0xd1b54a32d192ed03));
        sum = 0;
        for (size_t i = 0; i < s->n_draw; i++) sum += row[s->cell[i]] = mix_poisson_draw(&s->pois[i], &r);
    }
    for (double j = sum; j < s->n; j++) row[s->cell[mix_alias_draw(&s->alias, &r)]] += 1;
}

void mix_sampler_block(const mix_sampler *s, mix_block *b, uint64_t first, size_t count, double *rows,
                       size_t stride)
{
    size_t K = stride;
    uint64_t key[BLOCK];
    for (size_t done = 0; done < count; done += BLOCK) {
        size_t nb = count - done < BLOCK ? count - done : BLOCK;
        double *block_rows = rows + done * K;
        for (size_t r = 0; r < nb; r++) {
            mix_rng rng;
            mix_rng_init(&rng, s->seed, s->stream, first + done + r);
            key[r] = rng.state;
        }
        for (size_t i = 0; i < s->n_draw; i++) {
            const mix_window *wd = &s->window[i];
            size_t c = s->cell[i];
            if (!(wd->lambda > 0)) {
                for (size_t r = 0; r < nb; r++) block_rows[r * K + c] = 0;
                continue;
            }
            double p_lo, p_hi;
            window_build(wd, b, &p_lo, &p_hi);
            uint64_t offset = (uint64_t)(i + 1) * MIX_GOLDEN_GAMMA;
            for (size_t r = 0; r < nb; r++) {
                double u = ((double)(mix_hash64(key[r] + offset) >> 11) + 0.5) * 0x1.0p-53;
                block_rows[r * K + c] = window_draw(wd, b, u, p_lo, p_hi);
            }
        }
    }
}

/* The distance between a block's rows, in doubles: whole cache lines, an odd number of
 * them, so that the BLOCK rows' cache lines that one cell is written to map to different
 * cache sets (rows a power of two apart would evict each other). */
static size_t row_stride(size_t cells)
{
    size_t lines = (cells + 7) / 8;
    return 8 * (lines % 2 ? lines : lines + 1);
}

/* Replicates [first, last) of one kind, into out[r * n_stats + i]: a thread's share. */
typedef struct {
    const mix_sampler *s;
    int first, last;
    double *out;
    int rc;
} batch;

static void *run_batch(void *arg)
{
    batch *job = arg;
    const mix_sampler *s = job->s;
    size_t n_stats = mix_stat_count(&s->shape), K = row_stride(s->shape.n_units * s->shape.n_groups);
    /* Rows for a block of replicates, at most 32 MB per thread: fewer for very large tables
     * (the CDF tables are then built more often per replicate, the results are the same). */
    size_t block = (size_t)4 << 20 > BLOCK * K ? BLOCK : ((size_t)4 << 20) / K;
    if (block < 1) block = 1;
    double *rows = calloc(block * K, sizeof *rows);
    mix_work w;
    mix_block b;
    job->rc = ALMEN_ENOMEM;
    if (!rows || mix_work_init(&w, &s->shape, s->xlx_n)) {
        free(rows);
        return NULL;
    }
    if (mix_block_init(&b, s)) {
        free(rows);
        mix_work_free(&w);
        return NULL;
    }
    double st[MIX_S_COUNT];
    for (int r0 = job->first; r0 < job->last; r0 += (int)block) {
        size_t nb = (size_t)(job->last - r0) < block ? (size_t)(job->last - r0) : block;
        mix_sampler_block(s, &b, (uint64_t)r0, nb, rows, K);
        for (size_t r = 0; r < nb; r++) {
            mix_sampler_finish(s, (uint64_t)r0 + r, rows + r * K);
            mix_stats(&s->shape, rows + r * K, &w, st);
            memcpy(job->out + ((size_t)r0 + r) * n_stats, st, n_stats * sizeof *st);
        }
    }
    mix_block_free(&b);
    mix_work_free(&w);
    free(rows);
    job->rc = ALMEN_OK;
    return NULL;
}

#define MAX_THREADS 16

/* How many threads: ALMEN_THREADS when set (1 = none), else the online processors, at most
 * MAX_THREADS and one per BLOCK replicates. Replicate r's numbers depend on r alone, so
 * the results are the same for any number. */
static int thread_count(int replicates)
{
    long n = 1;
    const char *env = getenv("ALMEN_THREADS");
    if (env && *env) {
        n = strtol(env, NULL, 10);
    } else {
#ifdef _SC_NPROCESSORS_ONLN
        n = sysconf(_SC_NPROCESSORS_ONLN);
#endif
    }
    if (n > MAX_THREADS) n = MAX_THREADS;
    if (n > (replicates + BLOCK - 1) / BLOCK) n = (replicates + BLOCK - 1) / BLOCK;
    return n < 1 ? 1 : (int)n;
}

/* The indices of `replicates` replicates into out[r * n_stats + i], in parallel batches. */
static int run_replicates(const mix_sampler *s, int replicates, double *out)
{
    int n = thread_count(replicates), started = 1;
    batch jobs[MAX_THREADS];
    pthread_t threads[MAX_THREADS];
    for (int t = 0; t < n; t++) {
        jobs[t].s = s;
        jobs[t].first = (int)((long long)replicates * t / n);
        jobs[t].last = (int)((long long)replicates * (t + 1) / n);
        jobs[t].out = out;
        jobs[t].rc = ALMEN_ENOMEM;
    }
    /* Batch 0 runs on the calling thread; a thread that cannot start runs there too. */
    for (int t = 1; t < n; t++) {
        if (pthread_create(&threads[t], NULL, run_batch, &jobs[t]) != 0) break;
        started++;
    }
    for (int t = started; t < n; t++) run_batch(&jobs[t]);
    run_batch(&jobs[0]);
    for (int t = 1; t < started; t++) pthread_join(threads[t], NULL);
    for (int t = 0; t < n; t++)
        if (jobs[t].rc) return almen_fail_nomem();
    return ALMEN_OK;
}

static int parse_kind(const char *kind, unsigned *stream)
{
    if (kind && !strcmp(kind, "bootstrap")) *stream = MIX_STREAM_BOOTSTRAP;
    else if (kind && !strcmp(kind, "null")) *stream = MIX_STREAM_NULL;
    else return almen_fail(ALMEN_EINVAL, "unknown replicate kind '%s' (bootstrap or null)", kind ? kind : "(null)");
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
