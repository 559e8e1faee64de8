/* A counter-based random number generator and the discrete samplers the letting simulation
 * draws from. Never installed.
 *
 * Philox4x32-10 (Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as 1, 2,
 * 3", SC 2011): a keyed bijection of a 128-bit counter. Every random number is a function
 * of (key, counter) alone, so a stream named by (seed, run, unit, purpose) gives the same
 * numbers whichever thread asks for them and in whatever order the streams are used; the
 * known-answer vectors of the Random123 distribution are checked in tests/c/test_simulate.c.
 *
 * A stream: key = the 64-bit seed, counter = (block, unit, purpose, run). Each block gives
 * four 32-bit words; a uniform double takes two of them (53 bits). */
#ifndef ALMEN_RNG_H
#define ALMEN_RNG_H

#include <stdint.h>

typedef struct {
    uint32_t key[2];
    uint32_t ctr[4]; /* ctr[0] counts blocks */
    uint32_t buf[4];
    int left; /* words of buf not used yet */
} rng_stream;

/* One Philox4x32-10 block: out = philox(ctr, key). */
void rng_philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]);

/* The stream of (seed, run, unit, purpose), positioned at its first word. */
void rng_init(rng_stream *s, uint64_t seed, uint32_t run, uint32_t unit, uint32_t purpose);
uint32_t rng_u32(rng_stream *s);
/* Uniform on the open interval (0, 1), in steps of 2^-53. */
double rng_uniform(rng_stream *s);

/* Binomial(n, p) exactly (up to the uniforms' 2^-53 steps): inversion by the recurrence
 * of the probabilities when n*min(p,1-p) < 10, else Hörmann's transformed rejection with
 * squeeze (BTRS; W. Hörmann, "The generation of binomial random variates", J. Statist.
 * Comput. Simul. 46, 1993). n <= 0 or p <= 0 gives 0, p >= 1 gives n. */
int32_t rng_binomial(rng_stream *s, int32_t n, double p);
/* The same with log_q = log(1 - p) given (a fixed p drawn from often: the inversion's
 * starting probability then costs one exp and no log). */
int32_t rng_binomial_lq(rng_stream *s, int32_t n, double p, double log_q);

/* A distribution over k categories prepared for multinomial draws (the caller provides
 * the k-element arrays):
 *   cond[j]  = p_j / (p_j + ... + p_{k-1}), exactly 1 for the last category with weight
 *   log_q[j] = log(1 - cond[j]) (log_q may be NULL: computed when a draw needs it)
 *   cum[j]   = p_0 + ... + p_j, exactly 1 from the last category with weight on.
 * Returns the sum of the weights w (non-negative, any scale); 0 when no category can be
 * drawn (then everything is 0). */
double rng_prepare(const double *w, int k, double *cond, double *log_q, double *cum);
/* Multinomial(n, p) over the k categories of a prepared distribution: out[j] receives the
 * count of category j, the counts sum to n. Few draws (n <= 2k) are made one by one from
 * the cumulative probabilities, more as successive conditional binomials; both are exact,
 * and which is used depends on n and k alone, so the same stream gives the same counts. */
void rng_multinomial(rng_stream *s, int32_t n, const double *cond, const double *log_q,
                     const double *cum, int k, int32_t *out);

#endif
