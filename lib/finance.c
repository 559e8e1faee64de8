/* Time-value-of-money primitives (numpy-financial's conventions), see almen/finance.h and
 * docs/finance.md. Root finding for rate and irr brackets a sign change on a grid and then
 * uses Brent's method: Newton's method (numpy-financial's rate) can diverge or return a far
 * root from a poor guess, and polynomial roots (its irr) need an eigenvalue solver and lose
 * accuracy for long cash-flow series. */
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "almen/finance.h"
#include "error_internal.h"

/* The grid: steps of log(1 + rate), from a rate of -1 + 1e-12 up to 1e6 per period. */
#define GRID_STEP 0.002
#define RATE_MIN_GAP 1e-12
#define RATE_MAX 1e6
/* Brent's tolerance for irr, on the rate itself. */
#define IRR_TOL 1e-14
#define IRR_MAXITER 200

/* Checks out and that every argument is finite. names lists the arguments' names,
 * separated by single spaces, in the order of values. */
static int check_args(const char *fn, const double *out, const char *names, const double *values,
                      size_t n)
{
    if (!out) return almen_fail(ALMEN_EINVAL, "%s: out is required", fn);
    for (size_t i = 0; i < n; i++) {
        size_t len = strcspn(names, " ");
        if (!isfinite(values[i]))
            return almen_fail(ALMEN_EINVAL, "%s: %.*s must be a finite number", fn, (int)len, names);
        names += len + (names[len] == ' ');
    }
    return ALMEN_OK;
}

static int check_rate_when(const char *fn, double rate, int when)
{
    if (rate <= -1)
        return almen_fail(ALMEN_EINVAL, "%s: rate must be greater than -1 (got %g)", fn, rate);
    if (when != 0 && when != 1)
        return almen_fail(ALMEN_EINVAL, "%s: when must be 0 (end) or 1 (begin), got %d", fn, when);
    return ALMEN_OK;
}

static int check_nper(const char *fn, double nper)
{
    if (nper <= 0) return almen_fail(ALMEN_EINVAL, "%s: nper must be positive (got %g)", fn, nper);
    return ALMEN_OK;
}

static int finish(const char *fn, double v, double *out)
{
    if (!isfinite(v))
        return almen_fail(ALMEN_ERANGE, "%s: the result is too large for a double", fn);
    *out = v;
    return ALMEN_OK;
}

/* F = (1 + rate)^nper and A = (1 + rate*when) * (F - 1) / rate (nper when rate is 0). */
static void growth(double rate, double nper, int when, double *F, double *A)
{
    if (rate == 0) {
        *F = 1;
        *A = nper;
        return;
    }
    double l = nper * log1p(rate);
    *F = exp(l);
    *A = (1 + rate * when) * expm1(l) / rate;
}

static double payment(double rate, double nper, double pv, double fv, int when)
{
    double F, A;
    growth(rate, nper, when, &F, &A);
    return -(fv + pv * F) / A;
}

/* The interest in period per (a checked whole number in 1..nper). */
static double interest(double rate, double per, double nper, double pv, double fv, int when)
{
    double p = payment(rate, nper, pv, fv, when);
    if (when == 1 && per == 1) return 0; /* paid before any interest accrued */
    /* The balance after per - 1 periods is fv(rate, per - 1, p, pv, when), with the sign
     * of a value owed; its interest is rate times it. */
    double F, A;
    growth(rate, per - 1, when, &F, &A);
    double ip = -(pv * F + p * A) * rate;
    return when == 1 ? ip / (1 + rate) : ip;
}

/* nper's formula; ALMEN_EINVAL when no number of periods reaches fv. */
static int periods(double rate, double pmt, double pv, double fv, int when, double *out)
{
    if (rate == 0) {
        if (pmt == 0) return almen_fail(ALMEN_EINVAL, "nper: with rate 0 the payment must not be 0");
        *out = -(fv + pv) / pmt;
        return ALMEN_OK;
    }
    double z = pmt * (1 + rate * when) / rate;
    double num = z - fv, den = z + pv;
    /* The balance approaches -z geometrically; no whole or fractional number of periods
     * reaches fv when fv and pv lie on different sides of -z (or pv sits on it). */
    if (den == 0 || !(num / den > 0))
        return almen_fail(ALMEN_EINVAL,
                          "nper: no number of periods turns pv %g into fv %g with payments %g "
                          "at rate %g",
                          pv, fv, pmt, rate);
    *out = log(num / den) / log1p(rate);
    return ALMEN_OK;
}

/* The closed-form functions share their checks: one table says what each takes. */
typedef enum { TVM_FV, TVM_PV, TVM_PMT, TVM_NPER, TVM_IPMT, TVM_PPMT } tvm_kind;

static const struct {
    const char *fn;
    const char *names; /* the arguments after rate, in the public order */
    int nargs;
    int needs_periods; /* nper > 0 */
    int has_per;       /* x[0] is a period 1..nper, x[1] is nper */
} TVM[] = {
    [TVM_FV] = {"fv", "nper pmt pv", 3, 0, 0},
    [TVM_PV] = {"pv", "nper pmt fv", 3, 0, 0},
    [TVM_PMT] = {"pmt", "nper pv fv", 3, 1, 0},
    [TVM_NPER] = {"nper", "pmt pv fv", 3, 0, 0},
    [TVM_IPMT] = {"ipmt", "per nper pv fv", 4, 1, 1},
    [TVM_PPMT] = {"ppmt", "per nper pv fv", 4, 1, 1},
};

static int tvm(tvm_kind k, double rate, const double *x, int when, double *out)
{
    const char *fn = TVM[k].fn;
    int rc = check_args(fn, out, "rate", &rate, 1);
    if (!rc) rc = check_args(fn, out, TVM[k].names, x, (size_t)TVM[k].nargs);
    if (!rc) rc = check_rate_when(fn, rate, when);
    double nper = TVM[k].has_per ? x[1] : x[0];
    if (!rc && TVM[k].needs_periods) rc = check_nper(fn, nper);
    if (!rc && TVM[k].has_per && (x[0] != floor(x[0]) || x[0] < 1 || x[0] > nper))
        rc = almen_fail(ALMEN_EINVAL, "%s: per must be a whole number from 1 to nper (%g), got %g",
                        fn, nper, x[0]);
    if (rc) return rc;
    double F, A, v = 0;
    switch (k) {
    case TVM_FV:
        growth(rate, x[0], when, &F, &A);
        v = -(x[2] * F + x[1] * A);
        break;
    case TVM_PV:
        growth(rate, x[0], when, &F, &A);
        v = -(x[2] + x[1] * A) / F;
        break;
    case TVM_PMT: v = payment(rate, x[0], x[1], x[2], when); break;
    case TVM_NPER:
        rc = periods(rate, x[0], x[1], x[2], when, &v);
        if (rc) return rc;
        break;
    case TVM_IPMT: v = interest(rate, x[0], x[1], x[2], x[3], when); break;
    case TVM_PPMT:
        v = payment(rate, x[1], x[2], x[3], when) - interest(rate, x[0], x[1], x[2], x[3], when);
        break;
    }
    return finish(fn, v, out);
}

almen_status almen_finance_fv(double rate, double nper, double pmt, double pv, int when,
                              double *out)
{
    return tvm(TVM_FV, rate, (const double[]){nper, pmt, pv}, when, out);
}

almen_status almen_finance_pv(double rate, double nper, double pmt, double fv, int when,
                              double *out)
{
    return tvm(TVM_PV, rate, (const double[]){nper, pmt, fv}, when, out);
}

almen_status almen_finance_pmt(double rate, double nper, double pv, double fv, int when,
                               double *out)
{
    return tvm(TVM_PMT, rate, (const double[]){nper, pv, fv}, when, out);
}

almen_status almen_finance_nper(double rate, double pmt, double pv, double fv, int when,
                                double *out)
{
    return tvm(TVM_NPER, rate, (const double[]){pmt, pv, fv}, when, out);
}

almen_status almen_finance_ipmt(double rate, double per, double nper, double pv, double fv,
                                int when, double *out)
{
    return tvm(TVM_IPMT, rate, (const double[]){per, nper, pv, fv}, when, out);
}

almen_status almen_finance_ppmt(double rate, double per, double nper, double pv, double fv,
                                int when, double *out)
{
    return tvm(TVM_PPMT, rate, (const double[]){per, nper, pv, fv}, when, out);
}

/* ---- root finding ---------------------------------------------------------------------- */

typedef double (*root_fn)(double rate, const void *ctx);

/* Brent's method on [a, b] with f(a), f(b) of opposite signs (the classic zeroin). */
static int brent(root_fn f, const void *ctx, double a, double b, double fa, double fb,
                 double tol, int maxiter, double *root)
{
    double c = b, fc = fb, d = b - a, e = d;
    for (int it = 0; it < maxiter; it++) {
        if ((fb > 0) == (fc > 0)) {
            c = a;
            fc = fa;
            d = e = b - a;
        }
        if (fabs(fc) < fabs(fb)) {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        double tol1 = 2 * DBL_EPSILON * fabs(b) + 0.5 * tol;
        double xm = 0.5 * (c - b);
        if (fabs(xm) <= tol1 || fb == 0) {
            *root = b;
            return ALMEN_OK;
        }
        if (fabs(e) >= tol1 && fabs(fa) > fabs(fb)) {
            /* Inverse quadratic interpolation, or the secant step when only two points. */
            double s = fb / fa, p, q;
            if (a == c) {
                p = 2 * xm * s;
                q = 1 - s;
            } else {
                double qa = fa / fc, r = fb / fc;
                p = s * (2 * xm * qa * (qa - r) - (b - a) * (r - 1));
                q = (qa - 1) * (r - 1) * (s - 1);
            }
            if (p > 0) q = -q;
            else p = -p;
            if (2 * p < fmin(3 * xm * q - fabs(tol1 * q), fabs(e * q))) {
                e = d;
                d = p / q;
            } else {
                d = xm; /* the interpolation is not trusted: bisect */
                e = d;
            }
        } else {
            d = xm;
            e = d;
        }
        a = b;
        fa = fb;
        b += fabs(d) > tol1 ? d : (xm > 0 ? tol1 : -tol1);
        fb = f(b, ctx);
    }
    return ALMEN_ECONVERGE;
}

/* Scans from log(1 + r0) in direction dir (+1 or -1) for the first sign change of f (f0 is
 * f(r0), not zero). Returns 1 with the bracket [*a, *b] (values *fa, *fb) or an exact zero
 * (*fb == 0 at *b), 0 when f keeps its sign up to the grid's end. */
static int scan(root_fn f, const void *ctx, double r0, double f0, int dir, double *a, double *b,
                double *fa, double *fb)
{
    const double u_lo = log(RATE_MIN_GAP), u_hi = log1p(RATE_MAX);
    double u0 = log1p(r0), prev = r0, fprev = f0;
    for (long k = 1;; k++) {
        double u = u0 + dir * GRID_STEP * (double)k;
        int last = dir > 0 ? u >= u_hi : u <= u_lo;
        if (last) u = dir > 0 ? u_hi : u_lo;
        double r = expm1(u), fr = f(r, ctx);
        if (fr == 0 || (fr > 0) != (fprev > 0)) {
            *a = prev;
            *fa = fprev;
            *b = r;
            *fb = fr;
            return 1;
        }
        if (last) return 0;
        prev = r;
        fprev = fr;
    }
}

/* The root of the bracket found by scan. */
static int narrow(root_fn f, const void *ctx, double a, double b, double fa, double fb,
                  double tol, int maxiter, double *root)
{
    if (fb == 0) {
        *root = b;
        return ALMEN_OK;
    }
    return brent(f, ctx, a, b, fa, fb, tol, maxiter, root);
}

/* fv + pv*F + pmt*A as a function of the rate, divided by F when rate > 0 so that it stays
 * finite for any rate and nper (F > 0, so the sign and the roots do not change). */
typedef struct {
    double nper, pmt, pv, fv;
    int when;
} tvm_eq;

static double tvm_residual(double r, const void *ctx)
{
    const tvm_eq *t = ctx;
    if (r == 0) return t->fv + t->pv + t->pmt * t->nper;
    double l = t->nper * log1p(r), w = 1 + r * t->when;
    if (r > 0) return t->fv * exp(-l) + t->pv - t->pmt * w * expm1(-l) / r;
    return t->fv + t->pv * exp(l) + t->pmt * w * expm1(l) / r;
}

almen_status almen_finance_rate(double nper, double pmt, double pv, double fv, int when,
                                double guess, double tol, int maxiter, double *out)
{
    static const char fn[] = "rate";
    const double args[] = {nper, pmt, pv, fv, guess, tol};
    int rc = check_args(fn, out, "nper pmt pv fv guess tol", args, sizeof args / sizeof *args);
    if (!rc) rc = check_rate_when(fn, 0, when);
    if (!rc) rc = check_nper(fn, nper);
    if (rc) return rc;
    if (guess <= -1) return almen_fail(ALMEN_EINVAL, "rate: guess must be greater than -1");
    if (tol <= 0) return almen_fail(ALMEN_EINVAL, "rate: tol must be positive");
    if (maxiter < 1) return almen_fail(ALMEN_EINVAL, "rate: maxiter must be at least 1");
    int pos = (pv > 0) + (pmt > 0) + (fv > 0), neg = (pv < 0) + (pmt < 0) + (fv < 0);
    if (!pos || !neg)
        return almen_fail(ALMEN_EINVAL,
                          "rate: pv, pmt and fv have the same sign (or are 0): no rate balances "
                          "them (money must flow both ways)");

    tvm_eq eq = {nper, pmt, pv, fv, when};
    double f0 = tvm_residual(guess, &eq);
    if (f0 == 0) {
        *out = guess;
        return ALMEN_OK;
    }
    double a, b, fa, fb, up = NAN, down = NAN;
    int up_rc = ALMEN_OK, down_rc = ALMEN_OK;
    if (scan(tvm_residual, &eq, guess, f0, +1, &a, &b, &fa, &fb))
        up_rc = narrow(tvm_residual, &eq, a, b, fa, fb, tol, maxiter, &up);
    if (scan(tvm_residual, &eq, guess, f0, -1, &a, &b, &fa, &fb))
        down_rc = narrow(tvm_residual, &eq, a, b, fa, fb, tol, maxiter, &down);
    if (up_rc || down_rc)
        return almen_fail(ALMEN_ECONVERGE,
                          "rate: Brent's method did not reach tolerance %g in %d iterations", tol,
                          maxiter);
    if (isnan(up) && isnan(down))
        return almen_fail(ALMEN_ECONVERGE,
                          "rate: no rate between -1 and %g solves the equation (it never changes "
                          "sign; a double root cannot be bracketed)",
                          RATE_MAX);
    if (isnan(down) || (!isnan(up) && up - guess <= guess - down)) *out = up;
    else *out = down;
    return ALMEN_OK;
}

almen_status almen_finance_npv(double rate, const double *values, size_t n, double *out)
{
    static const char fn[] = "npv";
    int rc = check_args(fn, out, "rate", &rate, 1);
    if (!rc) rc = check_rate_when(fn, rate, 0);
    if (rc) return rc;
    if (n && !values) return almen_fail(ALMEN_EINVAL, "npv: values are required");
    for (size_t t = 0; t < n; t++)
        if (!isfinite(values[t]))
            return almen_fail(ALMEN_EINVAL, "npv: values[%zu] is not a finite number", t);
    /* Horner in 1/(1+rate), from the last value back. */
    double x = 1 / (1 + rate), sum = 0;
    for (size_t t = n; t-- > 0;) sum = sum * x + values[t];
    return finish(fn, sum, out);
}

/* The npv, multiplied by (1+r)^(n-1) for r < 0 so that it stays finite near r = -1 (the
 * factor is positive: same sign, same roots; both forms agree at r = 0). */
typedef struct {
    const double *v;
    size_t n;
} cash_flows;

static double npv_scaled(double r, const void *ctx)
{
    const cash_flows *cf = ctx;
    double sum = 0;
    if (r >= 0) {
        double x = 1 / (1 + r);
        for (size_t t = cf->n; t-- > 0;) sum = sum * x + cf->v[t];
    } else {
        double y = 1 + r;
        for (size_t t = 0; t < cf->n; t++) sum = sum * y + cf->v[t];
    }
    return sum;
}

almen_status almen_finance_irr(const double *values, size_t n, double *out)
{
    static const char fn[] = "irr";
    int rc = check_args(fn, out, "", NULL, 0);
    if (rc) return rc;
    if (n && !values) return almen_fail(ALMEN_EINVAL, "irr: values are required");
    int pos = 0, neg = 0;
    for (size_t t = 0; t < n; t++) {
        if (!isfinite(values[t]))
            return almen_fail(ALMEN_EINVAL, "irr: values[%zu] is not a finite number", t);
        pos |= values[t] > 0;
        neg |= values[t] < 0;
    }
    if (!pos || !neg)
        return almen_fail(ALMEN_EINVAL,
                          "irr: the cash flows need at least one positive and one negative "
                          "value (no rate makes their npv zero otherwise)");
    /* Leading and trailing zeros only multiply the npv by a positive power of 1/(1+r). */
    size_t first = 0, last = n - 1;
    while (values[first] == 0) first++;
    while (values[last] == 0) last--;
    cash_flows cf = {values + first, last - first + 1};

    double f0 = npv_scaled(0, &cf), a, b, fa, fb, root;
    if (f0 == 0) {
        *out = 0;
        return ALMEN_OK;
    }
    if (!scan(npv_scaled, &cf, 0, f0, +1, &a, &b, &fa, &fb) &&
        !scan(npv_scaled, &cf, 0, f0, -1, &a, &b, &fa, &fb))
        return almen_fail(ALMEN_ECONVERGE,
                          "irr: the npv does not change sign for any rate between -1 and %g (no "
                          "internal rate of return, or only a double root)",
                          RATE_MAX);
    rc = narrow(npv_scaled, &cf, a, b, fa, fb, IRR_TOL, IRR_MAXITER, &root);
    if (rc) return almen_fail(rc, "irr: Brent's method did not converge");
    *out = root;
    return ALMEN_OK;
}
