/* The mix module inside the library: the table, its deterministic arithmetic, the random
 * streams and the index kernel shared by estimates, replicates and change over time. */
#ifndef ALMEN_MIX_INTERNAL_H
#define ALMEN_MIX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "almen/mix.h"

struct almen_mix {
    size_t n_units;
    size_t n_groups;
    double *counts; /* row-major: counts[u * n_groups + g] */
    char **unit_labels;
    char **group_labels;
    /* Higher level; n_higher 0 when none. */
    size_t n_higher;
    size_t *higher_of;     /* n_units indices into the higher units */
    int32_t *higher_codes; /* n_higher distinct codes, ascending */
    char **higher_labels;
};

/* --- Deterministic arithmetic (mix_math.c) -------------------------------------------------
 * Built from +, -, *, / and frexp/ldexp only, which IEEE 754 rounds exactly, so the
 * results do not depend on the platform's libm. Accurate to a few ulps. */
double mix_log(double x);     /* natural log; -inf at 0, NaN below */
double mix_exp(double x);
double mix_lfact(double k);   /* ln k! for whole k >= 0 */
/* x ln x with 0 ln 0 = 0. */
static inline double mix_xlogx(double x)
{
    return x > 0 ? x * mix_log(x) : 0.0;
}

/* --- Random streams -------------------------------------------------------------------------
 * SplitMix64 (Steele, Lea & Flood 2014) used as a counter-based generator: the i-th
 * output of a stream is mix64(key + i * 0x9e3779b97f4a7c15). A stream's key is hashed from
 * (seed, purpose, replicate), so replicate r's numbers do not depend on any other. */
typedef struct {
    uint64_t state;
} mix_rng;

enum { MIX_STREAM_BOOTSTRAP = 1, MIX_STREAM_NULL = 2 };

#define MIX_GOLDEN_GAMMA UINT64_C(0x9e3779b97f4a7c15)

/* The SplitMix64 output function (Stafford's Mix13). */
static inline uint64_t mix_hash64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

void mix_rng_init(mix_rng *r, int seed, unsigned stream, uint64_t replicate);

/* Inline: a replicate draws a few numbers per cell. */
static inline uint64_t mix_rng_next(mix_rng *r)
{
    r->state += MIX_GOLDEN_GAMMA;
    return mix_hash64(r->state);
}

/* Uniform on the open interval (0, 1), 53 random bits. */
static inline double mix_rng_open01(mix_rng *r)
{
    return ((double)(mix_rng_next(r) >> 11) + 0.5) * 0x1.0p-53;
}
/* Uniform integer in [0, bound), exactly (Lemire's method); 0 < bound < 2^32. */
uint32_t mix_rng_below(mix_rng *r, uint32_t bound);

/* Poisson(lambda) sampling with per-cell constants computed once: inversion from the mode
 * up to lambda 250, Hörmann's PTRS transformed rejection above (mix_infer.c). */
typedef struct {
    double lambda;
    double c[5]; /* inversion: mode, P(X = mode), P(X <= mode); PTRS: b, a, inv_alpha, v_r, ln lambda */
} mix_poisson;

void mix_poisson_init(mix_poisson *p, double lambda);

/* Walker's alias table (Vose's construction) for drawing an index with given weights. */
typedef struct {
    size_t n;
    double *prob;
    uint32_t *alias;
} mix_alias;

/* weights >= 0 with a positive sum; n < 2^32. Returns 0, or -1 when out of memory. */
int mix_alias_init(mix_alias *a, const double *weights, size_t n);
void mix_alias_free(mix_alias *a);
size_t mix_alias_draw(const mix_alias *a, mix_rng *r);

/* --- The index kernel (mix.c) -------------------------------------------------------------- */

/* The shape a kernel works on: dimensions and the higher level (higher_of NULL: none). */
typedef struct {
    size_t n_units, n_groups, n_higher;
    const size_t *higher_of;
} mix_shape;

enum {
    MIX_S_ENTROPY,
    MIX_S_M,
    MIX_S_H,
    MIX_S_D,
    MIX_S_M_BETWEEN,
    MIX_S_M_WITHIN,
    MIX_S_H_BETWEEN,
    MIX_S_H_WITHIN,
    MIX_S_COUNT
};
extern const char *const MIX_STAT_NAMES[MIX_S_COUNT];
/* The number of statistics for a shape: 4, or all 8 with a higher level. */
size_t mix_stat_count(const mix_shape *s);

/* Scratch space for mix_stats; sized for a shape by mix_work_init. */
typedef struct {
    double *unit_total;  /* n_units */
    double *group_total; /* n_groups */
    double *group_share; /* n_groups */
    double *dg;          /* n_higher * n_groups */
    double *d_local;     /* n_higher: sum over d's units of sum_g t_ug ln t_ug - t_u ln t_u */
    double *d_total;     /* n_higher */
    /* With xlx_n > 0 the counts are whole numbers (replicates): x ln x of those below
     * xlx_n is looked up instead of computed. */
    double *xlx;
    size_t xlx_n;
} mix_work;

/* xlx_n 0: no lookup table. Returns 0, or -1 when out of memory (error recorded). */
int mix_work_init(mix_work *w, const mix_shape *s, size_t xlx_n);
void mix_work_free(mix_work *w);

/* The summary statistics of counts (row-major n_units × n_groups) into out[MIX_S_*]
 * (the between/within ones NaN without a higher level). */
void mix_stats(const mix_shape *s, const double *counts, mix_work *w, double *out);

/* The mix's shape. */
void mix_shape_of(const almen_mix *m, mix_shape *s);

/* Fails with ALMEN_EINPUT naming the first cell that is not a whole number. */
int mix_require_whole(const almen_mix *m);

/* A deep copy of labels (n strings); NULL when out of memory (error recorded). */
char **mix_labels_copy(char *const *labels, size_t n);
void mix_labels_free(char **labels, size_t n);

/* --- Replicate tables (mix_infer.c) -----------------------------------------------------------
 * One multinomial draw of N = T persons over the cells, made cell by cell (see
 * mix_infer.c): stream MIX_STREAM_BOOTSTRAP draws with the observed shares t_ug / T,
 * MIX_STREAM_NULL with p_u p_g. The mix's counts must be whole numbers. */

/* A cell's Poisson law as the block sampler tabulates it: the window [lo, lo + size) around
 * the mode, with P(X = mode) and P(X <= mode). */
typedef struct {
    double lambda, mode, p_mode, cdf_mode, lo;
    size_t size;
} mix_window;

typedef struct {
    mix_shape shape;
    size_t n_draw;      /* cells with a positive share */
    size_t *cell;       /* their index in the table */
    mix_poisson *pois;  /* Poisson(L q_k), for redraws */
    mix_window *window; /* the same, for the block sampler */
    size_t max_window;
    double max_count;   /* the largest lo + size of the windows */
    mix_alias alias;    /* q_k, for the persons added one by one */
    double n;           /* N */
    unsigned stream;
    int seed;
    size_t xlx_n;       /* size of the x ln x lookup table for the replicates' indices */
} mix_sampler;

int mix_sampler_init(mix_sampler *s, const almen_mix *m, unsigned stream, int seed);
void mix_sampler_free(mix_sampler *s);

/* Scratch space of one thread drawing blocks: a cell's CDF table and its guide table. */
typedef struct {
    double *cdf;
    uint32_t *guide;
    double *inv; /* 1/k up to the sampler's max_count */
} mix_block;

int mix_block_init(mix_block *b, const mix_sampler *s);
void mix_block_free(mix_block *b);
/* The cells' Poisson counts of replicates first, ..., first + count - 1 into rows: row r
 * (n_units * n_groups counts) starts at rows + r * stride; cells never drawn must be 0 on
 * the first call and stay 0. mix_sampler_finish then completes one row to N persons. */
void mix_sampler_block(const mix_sampler *s, mix_block *b, uint64_t first, size_t count, double *rows,
                       size_t stride);
void mix_sampler_finish(const mix_sampler *s, uint64_t replicate, double *row);

/* One Poisson draw from a sequential stream (the redraws after S > N, and tests). */
double mix_poisson_draw(const mix_poisson *p, mix_rng *r);

#endif
