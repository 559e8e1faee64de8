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

/* The series of 2 atanh(s) = ln((1 + s) / (1 - s)) for s = (x - 1) / (x + 1); |s| < 1/127
 * for x within 1/64 of 1, where 5 terms are within 1e-19 and keep the relative error of
 * ln x small however close x is to 1. */
static double log_near_one(double x)
{
    double s = (x - 1) / (x + 1), s2 = s * s;
    double p = ((((1.0 / 11) * s2 + 1.0 / 9) * s2 + 1.0 / 7) * s2 + 1.0 / 5) * s2 + 1.0 / 3;
    return 2 * s + 2 * s * (s2 * p);
}

/* For m in [1, 2): row i = the top 7 bits of m's fraction covers [1 + i/128, 1 + (i+1)/128)
 * with c_i = 1 + (i + 1/2)/128; the row holds 1/c_i and ln c_i, or for m >= 1.5 (rows
 * 64-127) ln(c_i / 2), so that x = 2^(e+1) (m/2) just below 1 is not computed as
 * -ln 2 + ln c_i with its cancellation. Both rounded to the nearest double from 60-digit
 * values (Python's decimal module). */
static const double LOG_TABLE[128][2] = {
    {0x1.fe01fe01fe020p-1, 0x1.ff00aa2b10bc0p-9},
    {0x1.fa11caa01fa12p-1, 0x1.7dc475f810a77p-7},
    {0x1.f6310aca0dbb5p-1, 0x1.3cea44346a575p-6},
    {0x1.f25f644230ab5p-1, 0x1.b9fc027af9198p-6},
    {0x1.ee9c7f8458e02p-1, 0x1.1b0d98923d980p-5},
    {0x1.eae807aba01ebp-1, 0x1.58a5bafc8e4d5p-5},
    {0x1.e741aa59750e4p-1, 0x1.95c830ec8e3ebp-5},
    {0x1.e3a9179dc1a73p-1, 0x1.d276b8adb0b52p-5},
    {0x1.e01e01e01e01ep-1, 0x1.075983598e471p-4},
    {0x1.dca01dca01dcap-1, 0x1.253f62f0a1417p-4},
    {0x1.d92f2231e7f8ap-1, 0x1.42edcbea646f0p-4},
    {0x1.d5cac807572b2p-1, 0x1.60658a93750c4p-4},
    {0x1.d272ca3fc5b1ap-1, 0x1.7da766d7b12cdp-4},
    {0x1.cf26e5c44bfc6p-1, 0x1.9ab42462033adp-4},
    {0x1.cbe6d9601cbe7p-1, 0x1.b78c82bb0eda1p-4},
    {0x1.c8b265afb8a42p-1, 0x1.d4313d66cb35dp-4},
    {0x1.c5894d10d4986p-1, 0x1.f0a30c01162a6p-4},
    {0x1.c26b5392ea01cp-1, 0x1.0671512ca596ep-3},
    {0x1.bf583ee868d8bp-1, 0x1.14785846742acp-3},
    {0x1.bc4fd65883e7bp-1, 0x1.2266f190a5acbp-3},
    {0x1.b951e2b18ff23p-1, 0x1.303d718e47fd3p-3},
    {0x1.b65e2e3beee05p-1, 0x1.3dfc2b0ecc62ap-3},
    {0x1.b37484ad806cep-1, 0x1.4ba36f39a55e5p-3},
    {0x1.b094b31d922a4p-1, 0x1.59338d9982086p-3},
    {0x1.adbe87f94905ep-1, 0x1.66acd4272ad51p-3},
    {0x1.aaf1d2f87ebfdp-1, 0x1.740f8f54037a5p-3},
    {0x1.a82e65130e159p-1, 0x1.815c0a14357ebp-3},
    {0x1.a574107688a4ap-1, 0x1.8e928de886d41p-3},
    {0x1.a2c2a87c51ca0p-1, 0x1.9bb362e7dfb83p-3},
    {0x1.a01a01a01a01ap-1, 0x1.a8becfc882f19p-3},
    {0x1.9d79f176b682dp-1, 0x1.b5b519e8fb5a4p-3},
    {0x1.9ae24ea5510dap-1, 0x1.c2968558c18c1p-3},
    {0x1.9852f0d8ec0ffp-1, 0x1.cf6354e09c5dcp-3},
    {0x1.95cbb0be377aep-1, 0x1.dc1bca0abec7dp-3},
    {0x1.934c67f9b2ce6p-1, 0x1.e8c0252aa5a60p-3},
    {0x1.90d4f120190d5p-1, 0x1.f550a564b7b37p-3},
    {0x1.8e6527af1373fp-1, 0x1.00e6c45ad501dp-2},
    {0x1.8bfce8062ff3ap-1, 0x1.071b85fcd590dp-2},
    {0x1.899c0f601899cp-1, 0x1.0d46b579ab74bp-2},
    {0x1.87427bcc092b9p-1, 0x1.136870293a8b0p-2},
    {0x1.84f00c2780614p-1, 0x1.1980d2dd4236fp-2},
    {0x1.82a4a0182a4a0p-1, 0x1.1f8ff9e48a2f3p-2},
    {0x1.8060180601806p-1, 0x1.2596010df763ap-2},
    {0x1.7e225515a4f1dp-1, 0x1.2b9303ab89d25p-2},
    {0x1.7beb3922e017cp-1, 0x1.31871c9544185p-2},
    {0x1.79baa6bb6398bp-1, 0x1.3772662bfd85bp-2},
    {0x1.77908119ac60dp-1, 0x1.3d54fa5c1f710p-2},
    {0x1.756cac201756dp-1, 0x1.432ef2a04e814p-2},
    {0x1.734f0c541fe8dp-1, 0x1.49006804009d1p-2},
    {0x1.713786d9c7c09p-1, 0x1.4ec973260026ap-2},
    {0x1.6f26016f26017p-1, 0x1.548a2c3add263p-2},
    {0x1.6d1a62681c861p-1, 0x1.5a42ab0f4cfe2p-2},
    {0x1.6b1490aa31a3dp-1, 0x1.5ff3070a793d4p-2},
    {0x1.691473a88d0c0p-1, 0x1.659b57303e1f3p-2},
    {0x1.6719f3601671ap-1, 0x1.6b3bb2235943ep-2},
    {0x1.6524f853b4aa3p-1, 0x1.70d42e2789236p-2},
    {0x1.63356b88ac0dep-1, 0x1.7664e1239dbcfp-2},
    {0x1.614b36831ae94p-1, 0x1.7bede0a37afc0p-2},
    {0x1.5f66434292dfcp-1, 0x1.816f41da0d496p-2},
    {0x1.5d867c3ece2a5p-1, 0x1.86e919a330ba0p-2},
    {0x1.5babcc647fa91p-1, 0x1.8c5b7c858b48bp-2},
    {0x1.59d61f123ccaap-1, 0x1.91c67eb45a83ep-2},
    {0x1.5805601580560p-1, 0x1.972a341135158p-2},
    {0x1.56397ba7c52e2p-1, 0x1.9c86b02dc0863p-2},
    {0x1.54725e6bb82fep-1, -0x1.23ec5991eba49p-2},
    {0x1.52aff56a8054bp-1, -0x1.1e9e1678899f4p-2},
    {0x1.50f22e111c4c5p-1, -0x1.1956d3b9bc2fap-2},
    {0x1.4f38f62dd4c9bp-1, -0x1.14167ef367783p-2},
    {0x1.4d843bedc2c4cp-1, -0x1.0edd060b78081p-2},
    {0x1.4bd3edda68fe1p-1, -0x1.09aa572e6c6d4p-2},
    {0x1.4a27fad76014ap-1, -0x1.047e60cde83b8p-2},
    {0x1.4880522014880p-1, -0x1.feb2233ea07cdp-3},
    {0x1.46dce34596066p-1, -0x1.f474b134df229p-3},
    {0x1.453d9e2c776cap-1, -0x1.ea4449f04aaf5p-3},
    {0x1.43a2730abee4dp-1, -0x1.e020cc6235ab5p-3},
    {0x1.420b5265e5951p-1, -0x1.d60a17f903515p-3},
    {0x1.40782d10e6566p-1, -0x1.cc000c9db3c52p-3},
    {0x1.3ee8f42a5af07p-1, -0x1.c2028ab17f9b4p-3},
    {0x1.3d5d991aa75c6p-1, -0x1.b811730b823d2p-3},
    {0x1.3bd60d9232955p-1, -0x1.ae2ca6f672bd4p-3},
    {0x1.3a524387ac822p-1, -0x1.a454082e6ab05p-3},
    {0x1.38d22d366088ep-1, -0x1.9a8778debaa38p-3},
    {0x1.3755bd1c945eep-1, -0x1.90c6db9fcbcd9p-3},
    {0x1.35dce5f9f2af8p-1, -0x1.871213750e994p-3},
    {0x1.34679ace01346p-1, -0x1.7d6903caf5ad0p-3},
    {0x1.32f5ced6a1dfap-1, -0x1.73cb9074fd14dp-3},
    {0x1.3187758e9ebb6p-1, -0x1.6a399dabbd383p-3},
    {0x1.301c82ac40260p-1, -0x1.60b3100b09476p-3},
    {0x1.2eb4ea1fed14bp-1, -0x1.5737cc9018cddp-3},
    {0x1.2d50a012d50a0p-1, -0x1.4dc7b897bc1c8p-3},
    {0x1.2bef98e5a3711p-1, -0x1.4462b9dc9b3dcp-3},
    {0x1.2a91c92f3c105p-1, -0x1.3b08b6757f2a9p-3},
    {0x1.293725bb804a5p-1, -0x1.31b994d3a4f85p-3},
    {0x1.27dfa38a1ce4dp-1, -0x1.28753bc11aba5p-3},
    {0x1.268b37cd60127p-1, -0x1.1f3b925f25d41p-3},
    {0x1.2539d7e9177b2p-1, -0x1.160c8024b27b1p-3},
    {0x1.23eb79717605bp-1, -0x1.0ce7ecdccc28dp-3},
    {0x1.22a0122a0122ap-1, -0x1.03cdc0a51ec0dp-3},
    {0x1.21579804855e6p-1, -0x1.f57bc7d9005dbp-4},
    {0x1.2012012012012p-1, -0x1.e3707ee30487bp-4},
    {0x1.1ecf43c7fb84cp-1, -0x1.d179788219364p-4},
    {0x1.1d8f5672e4abdp-1, -0x1.bf968769fca11p-4},
    {0x1.1c522fc1ce059p-1, -0x1.adc77ee5aea8cp-4},
    {0x1.1b17c67f2bae3p-1, -0x1.9c0c32d4d2548p-4},
    {0x1.19e0119e0119ep-1, -0x1.8a6477a91dc29p-4},
    {0x1.18ab083902bdbp-1, -0x1.78d02263d82d3p-4},
    {0x1.1778a191bd684p-1, -0x1.674f089365a7ap-4},
    {0x1.1648d50fc3201p-1, -0x1.55e10050e0384p-4},
    {0x1.151b9a3fdd5c9p-1, -0x1.4485e03dbdfadp-4},
    {0x1.13f0e8d344724p-1, -0x1.333d7f8183f4bp-4},
    {0x1.12c8b89edc0acp-1, -0x1.2207b5c78549ep-4},
    {0x1.11a3019a74826p-1, -0x1.10e45b3cae831p-4},
    {0x1.107fbbe011080p-1, -0x1.ffa6911ab9301p-5},
    {0x1.0f5edfab325a2p-1, -0x1.dda8adc67ee4ep-5},
    {0x1.0e40655826011p-1, -0x1.bbcebfc68f420p-5},
    {0x1.0d24456359e3ap-1, -0x1.9a187b573de7cp-5},
    {0x1.0c0a7868b4171p-1, -0x1.788595a3577bap-5},
    {0x1.0af2f722eecb5p-1, -0x1.5715c4c03ceefp-5},
    {0x1.09ddba6af8360p-1, -0x1.35c8bfaa1306bp-5},
    {0x1.08cabb37565e2p-1, -0x1.149e3e4005a8dp-5},
    {0x1.07b9f29b8eae2p-1, -0x1.e72bf2813ce51p-6},
    {0x1.06ab59c7912fbp-1, -0x1.a55f548c5c43fp-6},
    {0x1.059eea0727586p-1, -0x1.63d6178690bd6p-6},
    {0x1.04949cc1664c5p-1, -0x1.228fb1fea2e28p-6},
    {0x1.038c6b78247fcp-1, -0x1.c317384c75f06p-7},
    {0x1.02864fc7729e9p-1, -0x1.41929f96832f0p-7},
    {0x1.0182436517a37p-1, -0x1.8121214586b54p-8},
    {0x1.0080402010080p-1, -0x1.0040155d5889ep-9},
};

/* ln x = e ln 2 + ln c_i + ln(1 + r) (rows 64-127: (e + 1) ln 2 + ln(c_i / 2) + ln(1 + r)),
 * r = (m - c_i) / c_i with |r| <= 1/257: m - c_i is exact (same binade), and ln(1 + r) is
 * its Taylor series to r^7 (error < 2^-66). */
double mix_log(double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    if (bits - UINT64_C(0x0010000000000000) >= UINT64_C(0x7fe0000000000000)) {
        /* zero, subnormal, negative, infinite or NaN */
        if (x != x || x < 0) return NAN;
        if (x == 0) return -INFINITY;
        if (x == INFINITY) return INFINITY;
        return mix_log(x * 0x1.0p54) - 54 * 0.69314718055994530942; /* subnormal: rare */
    }
    if (x > 0.984375 && x < 1.015625) return log_near_one(x);
    int e = (int)(bits >> 52) - 1023;
    uint64_t frac = bits & UINT64_C(0x000fffffffffffff);
    double m;
    uint64_t mbits = frac | UINT64_C(0x3ff0000000000000);
    memcpy(&m, &mbits, sizeof m);
    size_t i = (size_t)(frac >> 45);
    if (i >= 64) e++;
    double c = 1 + ((double)i + 0.5) / 128; /* exact */
    double r = (m - c) * LOG_TABLE[i][0];
    double p = r * (1.0 / 7);
    p = r * (p - 1.0 / 6);
    p = r * (p + 1.0 / 5);
    p = r * (p - 1.0 / 4);
    p = r * (p + 1.0 / 3);
    p = r * (p - 1.0 / 2);
    double lnm = LOG_TABLE[i][1] + (r + r * p);
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

void mix_rng_init(mix_rng *r, int seed, unsigned stream, uint64_t replicate)
{
    /* key(seed, stream) first, then one stream per replicate: a replicate's numbers are
     * a function of (seed, stream, replicate) alone. */
    uint64_t key = mix_hash64(((uint64_t)(uint32_t)seed << 8 ^ (uint64_t)stream) + MIX_GOLDEN_GAMMA);
    r->state = mix_hash64(key + (replicate + 1) * MIX_GOLDEN_GAMMA);
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
