/* libalmen: time-value-of-money primitives, with the argument order, sign convention and
 * `when` of numpy-financial (and of the spreadsheet functions it follows).
 *
 * Sign convention: money paid out is negative, money received is positive. A loan of
 * 1,000,000 received today (pv = 1e6) is repaid by negative payments: pmt(0.01, 120, 1e6)
 * is about -14,347.09.
 *
 * rate  the interest rate per period (0.05 = 5 %), greater than -1.
 * nper  the number of periods.
 * pmt   the payment in every period.
 * pv    the present value (at the start of period 1); fv the future value (at the end of
 *       period nper).
 * when  0 ("end"): payments at the end of each period; 1 ("begin"): at the beginning.
 *
 * Every function returns ALMEN_OK and writes *out, or an error status with a message in
 * the last error: ALMEN_EINVAL for arguments outside the function's domain (a rate of -1
 * or less, a non-finite argument, nper <= 0 where a schedule needs periods, ...),
 * ALMEN_ERANGE when the result is not a finite double, ALMEN_ECONVERGE when rate or irr
 * find no root. A NaN is never returned as a result.
 *
 * The formulas are those of docs/finance.md; with F = (1 + rate)^nper and
 * A = (1 + rate*when) * (F - 1) / rate (A = nper when rate = 0):
 *     fv + pv*F + pmt*A = 0
 * Powers are computed as exp(nper * log1p(rate)) and F - 1 with expm1, so small rates lose
 * no precision. */
#ifndef ALMEN_FINANCE_H
#define ALMEN_FINANCE_H

#include <stddef.h>

#include "error.h"
#include "export.h"

ALMEN_BEGIN_DECLS

/* The value after nper periods: -(pv*F + pmt*A). Any finite nper (0 gives -pv). */
ALMEN_EXTERN almen_status almen_finance_fv(double rate, double nper, double pmt, double pv,
                                           int when, double *out);

/* The present value of nper payments and a future value: -(fv + pmt*A) / F. Any finite nper. */
ALMEN_EXTERN almen_status almen_finance_pv(double rate, double nper, double pmt, double fv,
                                           int when, double *out);

/* The payment per period that turns pv into fv in nper (> 0) periods: -(fv + pv*F) / A. */
ALMEN_EXTERN almen_status almen_finance_pmt(double rate, double nper, double pv, double fv,
                                            int when, double *out);

/* The number of periods for payments pmt to turn pv into fv:
 * log((pmt*(1+rate*when)/rate - fv) / (pmt*(1+rate*when)/rate + pv)) / log(1 + rate),
 * or -(fv + pv) / pmt when rate = 0. ALMEN_EINVAL when no number of periods does it (the
 * payment does not even cover the interest, or pmt = 0 at rate 0). */
ALMEN_EXTERN almen_status almen_finance_nper(double rate, double pmt, double pv, double fv,
                                             int when, double *out);

/* The interest part of the payment in period per (a whole number, 1 <= per <= nper) of the
 * schedule pmt(rate, nper, pv, fv, when): rate times the balance after per - 1 periods,
 * 0 in period 1 with payments at the beginning, and discounted by one period (/(1+rate))
 * for later periods with payments at the beginning - as numpy-financial. */
ALMEN_EXTERN almen_status almen_finance_ipmt(double rate, double per, double nper, double pv,
                                             double fv, int when, double *out);

/* The principal part: pmt - ipmt for the same arguments. */
ALMEN_EXTERN almen_status almen_finance_ppmt(double rate, double per, double nper, double pv,
                                             double fv, int when, double *out);

/* The rate per period that solves fv + pv*F + pmt*A = 0 for nper (> 0) periods.
 * Found without derivatives or polynomial roots: the equation (scaled so it cannot
 * overflow) is evaluated on a grid of log(1 + rate) steps of 0.002 outward from guess in
 * both directions, over (-1 + 1e-12, 1e6]; the first sign change on each side is narrowed
 * with Brent's method to an absolute tolerance tol (> 0) within maxiter (>= 1) iterations.
 * When several rates solve the equation, the one closest to guess (> -1) is returned.
 * ALMEN_EINVAL when pv, pmt and fv all have the same sign (no rate can solve it);
 * ALMEN_ECONVERGE when no sign change is found (e.g. only a double root, where the
 * equation touches zero without crossing it) or Brent's method needs more than maxiter
 * iterations. numpy-financial's defaults are guess 0.1 and maxiter 100. */
ALMEN_EXTERN almen_status almen_finance_rate(double nper, double pmt, double pv, double fv,
                                             int when, double guess, double tol, int maxiter,
                                             double *out);

/* The net present value of values[0..n-1] at rate: sum values[t] / (1 + rate)^t, the first
 * value undiscounted (numpy-financial's convention; spreadsheets discount the first value
 * too). n = 0 gives 0. */
ALMEN_EXTERN almen_status almen_finance_npv(double rate, const double *values, size_t n,
                                            double *out);

/* The internal rate of return: the rate at which npv(rate, values) = 0. The values need at
 * least one positive and one negative entry (ALMEN_EINVAL otherwise). Found as in
 * almen_finance_rate (grid over log(1 + rate), then Brent's method to 1e-14 or better);
 * when several rates qualify, the smallest non-negative one is returned, or, if all are
 * negative, the one closest to zero - the choice numpy-financial's default selection makes.
 * ALMEN_ECONVERGE when npv never changes sign over (-1 + 1e-12, 1e6]. */
ALMEN_EXTERN almen_status almen_finance_irr(const double *values, size_t n, double *out);

ALMEN_END_DECLS

#endif
