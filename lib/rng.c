/* Philox4x32-10 and the binomial and multinomial samplers (rng.h). */
#include <math.h>

#include "rng.h"

/* The multipliers and Weyl key increments of Philox4x32 (Salmon et al. 2011, table 2). */
#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

void rng_philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4])
{
    uint32_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3];
    uint32_t k0 = key[0], k1 = key[1];
    for (int round = 0; round < 10; round++) {
        uint64_t p0 = (uint64_t)PHILOX_M0 * c0, p1 = (uint64_t)PHILOX_M1 * c2;
        uint32_t hi0 = (uint32_t)(p0 >> 32), lo0 = (uint32_t)p0;
        uint32_t hi1 = (uint32_t)(p1 >> 32), lo1 = (uint32_t)p1;
        c0 = hi1 ^ c1 ^ k0;
        c1 = lo1;
        c2 = hi0 ^ c3 ^ k1;
        c3 = lo0;
        k0 += PHILOX_W0; /* the key bump between rounds; the one after the last is unused */
        k1 += PHILOX_W1;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
}

void rng_init(rng_stream *s, uint64_t seed, uint32_t run, uint32_t unit, uint32_t purpose)
{
    s->key[0] = (uint32_t)seed;
    s->key[1] = (uint32_t)(seed >> 32);
    s->ctr[0] = 0;
    s->ctr[1] = unit;
    s->ctr[2] = purpose;
    s->ctr[3] = run;
    s->left = 0;
}

uint32_t rng_u32(rng_stream *s)
{
    if (!s->left) {
        rng_philox4x32_10(s->ctr, s->key, s->buf);
        s->ctr[0]++; /* 2^32 blocks per stream: far beyond what one department-year uses */
        s->left = 4;
    }
    return s->buf[4 - s->left--];
}

double rng_uniform(rng_stream *s)
{
    uint64_t a = rng_u32(s) >> 5, b = rng_u32(s) >> 6;
    /* (x + 1/2) / 2^53 for x in [0, 2^53): never exactly 0 or 1, so logs are finite. */
    return ((double)((a << 26) | b) + 0.5) * (1.0 / 9007199254740992.0);
}

/* log(k!) - [(k + 1/2) log(k + 1) - (k + 1) + log(2 pi)/2]: Stirling's error, tabulated
 * below 10 (computed from log k! in 40-digit decimal arithmetic) and from its
 * asymptotic series 1/12x - 1/360x^3 + 1/1260x^5 (x = k + 1) above. */
static double stirling_tail(double k)
{
    static const double table[10] = {
        0.081061466795327261, 0.041340695955409297, 0.027677925684998338,
        0.020790672103765093, 0.016644691189821193, 0.013876128823070748,
        0.01189670994589177,  0.010411265261972096, 0.0092554621827127329,
        0.0083305634333628708};
    if (k < 10) return table[(int)k];
    double x = k + 1, x2 = x * x;
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / x2) / x2) / x;
}

/* Inversion: k = 0, 1, ... with f(k+1) = f(k) (n - k)/(k + 1) p/q, subtracting from one
 * uniform until it is used up. Expected steps n p + 1 (used for n p < 10). */
static int32_t binomial_inversion(rng_stream *s, int32_t n, double p, double log_q)
{
    double q = 1 - p, r = p / q, a = (n + 1) * r;
    double f0 = exp(n * log_q);
    for (;;) {
        double u = rng_uniform(s), f = f0;
        int32_t k = 0;
        while (u > f) {
            u -= f;
            if (++k > n) break; /* rounding left u > 0 past the last term: draw again */
            f *= a / k - r;
        }
        if (k <= n) return k;
    }
}

/* BTRS (Hörmann 1993): k = floor((2a/us + b) u + c) from a uniform pair, accepted at once
 * inside the box where the hat is below the density, else by comparing log v with
 * log f(k)/f(m) written with Stirling's formula. n p >= 10, p <= 1/2. */
static int32_t binomial_btrs(rng_stream *s, int32_t n, double p)
{
    double q = 1 - p, spq = sqrt(n * p * q);
    double b = 1.15 + 2.53 * spq;
    double a = -0.0873 + 0.0248 * b + 0.01 * p;
    double c = n * p + 0.5;
    double v_r = 0.92 - 4.2 / b;
    double alpha = (2.83 + 5.1 / b) * spq;
    double lr = log(p / q);
    double m = floor((n + 1) * p);
    /* log m! + log (n-m)! by Stirling without the terms that cancel in log f(k)/f(m) =
     * hm - hk + (k - m) log(p/q). */
    double hm = (m + 0.5) * log(m + 1) + (n - m + 0.5) * log(n - m + 1) + stirling_tail(m) +
                stirling_tail(n - m);
    for (;;) {
        double u = rng_uniform(s) - 0.5, v = rng_uniform(s);
        double us = 0.5 - fabs(u);
        double k = floor((2 * a / us + b) * u + c);
        if (k < 0 || k > n) continue;
        if (us >= 0.07 && v <= v_r) return (int32_t)k;
        double lv = log(v * alpha / (a / (us * us) + b));
        double hk = (k + 0.5) * log(k + 1) + (n - k + 0.5) * log(n - k + 1) + stirling_tail(k) +
                    stirling_tail(n - k);
        if (lv <= hm - hk + (k - m) * lr) return (int32_t)k;
    }
}

int32_t rng_binomial_lq(rng_stream *s, int32_t n, double p, double log_q)
{
    if (n <= 0 || !(p > 0)) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - rng_binomial(s, n, 1 - p);
    return n * p < 10 ? binomial_inversion(s, n, p, log_q) : binomial_btrs(s, n, p);
}

int32_t rng_binomial(rng_stream *s, int32_t n, double p)
{
    return rng_binomial_lq(s, n, p, p > 0 && p <= 0.5 ? log1p(-p) : 0);
}

double rng_prepare(const double *w, int k, double *cond, double *log_q, double *cum)
{
    double rest = 0, total = 0;
    int last = -1;
    /* From the end, so the last category with weight gets w/w = 1 exactly. */
    for (int j = k; j-- > 0;) {
        double wj = w[j] > 0 ? w[j] : 0;
        if (wj > 0 && last < 0) last = j;
        rest += wj;
        cond[j] = wj > 0 ? wj / rest : 0;
        if (log_q) log_q[j] = cond[j] < 1 ? log1p(-cond[j]) : -INFINITY;
    }
    total = rest;
    double run = 0;
    for (int j = 0; j < k; j++) {
        run += w[j] > 0 ? w[j] : 0;
        cum[j] = j >= last ? (last >= 0 ? 1 : 0) : run / total;
    }
    return total;
}

void rng_multinomial(rng_stream *s, int32_t n, const double *cond, const double *log_q,
                     const double *cum, int k, int32_t *out)
{
    for (int j = 0; j < k; j++) out[j] = 0;
    if (n <= 0) return;
    if (n <= 2 * k) {
        for (int32_t i = 0; i < n; i++) {
            double u = rng_uniform(s);
            int j = 0;
            while (j < k - 1 && !(u < cum[j])) j++;
            out[j]++;
        }
        return;
    }
    for (int j = 0; j < k && n > 0; j++) {
        int32_t x = cond[j] >= 1  ? n
                    : log_q ? rng_binomial_lq(s, n, cond[j], log_q[j])
                            : rng_binomial(s, n, cond[j]);
        out[j] = x;
        n -= x;
    }
}
