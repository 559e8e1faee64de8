/* Deterministic arithmetic and random streams for the mix module.
 *
 * Why not libm and rand(): the inference functions promise the same replicates for the
 * same seed on every platform. IEEE 754 rounds +, -, *, /, sqrt exactly and frexp/ldexp
 * are exact, but log, exp and lgamma differ in the last ulp between C libraries, and one
 * differing ulp can flip an accept/reject decision of a sampler. So the logarithm,
 * exponential and log-factorial here are polynomials evaluated in a fixed order, and the
 * generator is integer arithmetic. This needs double evaluation in double precision
 * (FLT_EVAL_METHOD 0: every x86-64 and ARM64 compiler) and no fused multiply-add
 * contraction: GCC does not contract in ISO C mode (-std=c11, as the build uses); clang
 * is told so below. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mix_internal.h"

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

/* ln 2 split so that e * LN2_HI is exact for |e| < 2^11 (the fdlibm constants). */
static const double LN2_HI = 6.93147180369123816490e-01;
static const double LN2_LO = 1.90821492927058770002e-10;

double mix_log(double x)
{
    if (x != x || x < 0) return NAN;
    if (x == 0) return -INFINITY;
    if (x == INFINITY) return INFINITY;
    int e;
    double m = frexp(x, &e); /* x = m 2^e, m in [0.5, 1) */
    if (m < 0.70710678118654752440) {
        m *= 2; /* exact */
        e--;
    }
    /* m in [sqrt(1/2), sqrt(2)): ln m = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...),
     * s = (m - 1) / (m + 1), |s| <= 0.1716, so s^2 <= 0.0295 and 12 terms reach 1e-19. */
    double s = (m - 1) / (m + 1), s2 = s * s;
    double p = 1.0 / 25;
    p = p * s2 + 1.0 / 23;
    p = p * s2 + 1.0 / 21;
    p = p * s2 + 1.0 / 19;
    p = p * s2 + 1.0 / 17;
    p = p * s2 + 1.0 / 15;
    p = p * s2 + 1.0 / 13;
    p = p * s2 + 1.0 / 11;
    p = p * s2 + 1.0 / 9;
    p = p * s2 + 1.0 / 7;
    p = p * s2 + 1.0 / 5;
    p = p * s2 + 1.0 / 3;
    double lnm = 2 * s + 2 * s * (s2 * p);
    return (double)e * LN2_HI + (lnm + (double)e * LN2_LO);
}

double mix_exp(double x)
{
    if (x != x) return x;
    if (x > 709.78) return INFINITY;
    if (x < -745.2) return 0.0;
    /* x = k ln 2 + r, |r| <= ln(2)/2; exp(r) by its Taylor series to r^15/15!. */
    double kd = floor(x / 0.69314718055994530942 + 0.5);
    double r = (x - kd * LN2_HI) - kd * LN2_LO;
    double p = 1.0;
    for (int i = 15; i >= 1; i--) p = 1.0 + p * r / (double)i;
    return ldexp(p, (int)kd);
}

/* k! for k <= 22, exactly representable as doubles. */
static const double FACTORIALS[23] = {
    1.0, 1.0, 2.0, 6.0, 24.0, 120.0, 720.0, 5040.0, 40320.0, 362880.0, 3628800.0,
    39916800.0, 479001600.0, 6227020800.0, 87178291200.0, 1307674368000.0,
    20922789888000.0, 355687428096000.0, 6402373705728000.0, 121645100408832000.0,
    2432902008176640000.0, 51090942171709440000.0, 1124000727777607680000.0};

double mix_lfact(double k)
{
    if (k < 23) return mix_log(FACTORIALS[(int)k]);
    /* Stirling's series; the first omitted term is below 1e-15 for k >= 23. */
    double inv = 1.0 / k, inv2 = inv * inv;
    double series = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
    return (k + 0.5) * mix_log(k) - k + 0.91893853320467274178 + series;
}

/* ---- SplitMix64 as a counter-based generator ---------------------------------------------- */

static const uint64_t GOLDEN_GAMMA = 0x9e3779b97f4a7c15u;

/* The SplitMix64 output function (Stafford's Mix13). */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

void mix_rng_init(mix_rng *r, int seed, unsigned stream, uint64_t replicate)
{
    /* key(seed, stream) first, then one stream per replicate: a replicate's numbers are
     * a function of (seed, stream, replicate) alone. */
    uint64_t key = mix64(((uint64_t)(uint32_t)seed << 8 ^ (uint64_t)stream) + GOLDEN_GAMMA);
    r->state = mix64(key + (replicate + 1) * GOLDEN_GAMMA);
}

uint64_t mix_rng_next(mix_rng *r)
{
    r->state += GOLDEN_GAMMA;
    return mix64(r->state);
}

double mix_rng_open01(mix_rng *r)
{
    return ((double)(mix_rng_next(r) >> 11) + 0.5) * 0x1.0p-53;
}

uint32_t mix_rng_below(mix_rng *r, uint32_t bound)
{
    /* Lemire (2019): multiply, and reject the few low products that would bias. */
    uint64_t m = (mix_rng_next(r) >> 32) * (uint64_t)bound;
    uint32_t low = (uint32_t)m;
    if (low < bound) {
        uint32_t threshold = (uint32_t)(-bound) % bound;
        while (low < threshold) {
            m = (mix_rng_next(r) >> 32) * (uint64_t)bound;
            low = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}

/* ---- Poisson -------------------------------------------------------------------------------- */

/* Below this mean, inversion (expected lambda + 1 steps) beats rejection. */
#define PTRS_FROM 10.0

void mix_poisson_init(mix_poisson *p, double lambda)
{
    memset(p, 0, sizeof *p);
    p->lambda = lambda;
    if (lambda < PTRS_FROM) {
        p->c[0] = mix_exp(-lambda);
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

double mix_poisson_draw(const mix_poisson *p, mix_rng *r)
{
    double lambda = p->lambda;
    if (lambda <= 0) return 0;
    if (lambda < PTRS_FROM) {
        for (;;) {
            double u = mix_rng_open01(r), term = p->c[0], cum = term, k = 0;
            while (u > cum && k < 400) {
                k += 1;
                term = term * lambda / k;
                cum += term;
            }
            /* k 400 only when rounding kept cum below u (u within 1e-16 of 1): draw again. */
            if (k < 400) return k;
        }
    }
    double b = p->c[0], a = p->c[1], inv_alpha = p->c[2], v_r = p->c[3], ln_lambda = p->c[4];
    for (;;) {
        double u = mix_rng_open01(r) - 0.5;
        double v = mix_rng_open01(r);
        double us = 0.5 - fabs(u);
        double k = floor((2 * a / us + b) * u + lambda + 0.43);
        if (us >= 0.07 && v <= v_r) return k;
        if (k < 0 || (us < 0.013 && v > us)) continue;
        if (k > 0x1.0p52) continue; /* far beyond any plausible draw; keeps k exact */
        if (mix_log(v * inv_alpha / (a / (us * us) + b)) <= -lambda + k * ln_lambda - mix_lfact(k))
            return k;
    }
}

/* ---- Alias tables --------------------------------------------------------------------------- */

int mix_alias_init(mix_alias *a, const double *weights, size_t n)
{
    memset(a, 0, sizeof *a);
    double sum = 0;
    for (size_t i = 0; i < n; i++) sum += weights[i];
    a->prob = malloc((n ? n : 1) * sizeof *a->prob);
    a->alias = malloc((n ? n : 1) * sizeof *a->alias);
    uint32_t *small = malloc((n ? n : 1) * sizeof *small);
    uint32_t *large = malloc((n ? n : 1) * sizeof *large);
    double *scaled = malloc((n ? n : 1) * sizeof *scaled);
    if (!a->prob || !a->alias || !small || !large || !scaled) {
        free(small);
        free(large);
        free(scaled);
        mix_alias_free(a);
        return -1;
    }
    a->n = n;
    size_t ns = 0, nl = 0;
    for (size_t i = 0; i < n; i++) {
        scaled[i] = weights[i] * (double)n / sum;
        if (scaled[i] < 1) small[ns++] = (uint32_t)i;
        else large[nl++] = (uint32_t)i;
    }
    /* Vose (1991): pair each deficient column with a surplus one. */
    while (ns && nl) {
        uint32_t s = small[--ns], l = large[nl - 1];
        a->prob[s] = scaled[s];
        a->alias[s] = l;
        scaled[l] = (scaled[l] + scaled[s]) - 1;
        if (scaled[l] < 1) {
            nl--;
            small[ns++] = l;
        }
    }
    /* What is left is 1 up to rounding. */
    while (nl) {
        uint32_t l = large[--nl];
        a->prob[l] = 1;
        a->alias[l] = l;
    }
    while (ns) {
        uint32_t s = small[--ns];
        a->prob[s] = 1;
        a->alias[s] = s;
    }
    free(small);
    free(large);
    free(scaled);
    return 0;
}

void mix_alias_free(mix_alias *a)
{
    free(a->prob);
    free(a->alias);
    a->prob = NULL;
    a->alias = NULL;
    a->n = 0;
}

size_t mix_alias_draw(const mix_alias *a, mix_rng *r)
{
    uint32_t i = mix_rng_below(r, (uint32_t)a->n);
    return mix_rng_open01(r) < a->prob[i] ? i : a->alias[i];
}
