/* Finance primitives against values worked out independently: by hand (exact fractions in
 * the comments), closed forms evaluated with pow() instead of the library's log1p/expm1,
 * the examples published in numpy-financial's documentation, and second methods
 * (npv(irr) = 0, pmt(rate) reproducing the payment, ipmt + ppmt = pmt, sum of ppmt = -pv). */
#include "testutil.h"

#include "almen/finance.h"

static void close_to(double got, double want, double rel)
{
    if (!(fabs(got - want) <= rel * fmax(1.0, fabs(want))))
        fail_msg("got %.17g, want %.17g", got, want);
}

/* pmt = -(pv*(1+r)^n + fv) * r / ((1+r*when) * ((1+r)^n - 1)) with pow(). */
static double closed_pmt(double r, double n, double pv, double fv, int when)
{
    double F = pow(1 + r, n);
    return -(pv * F + fv) * r / ((1 + r * when) * (F - 1));
}

static void pmt_by_hand(void **state)
{
    (void)state;
    double v;
    /* 1000 over 2 periods at 10 %: -1000 * 1.21 * 0.1 / 0.21 = -12100/21. */
    assert_int_equal(almen_finance_pmt(0.1, 2, 1000, 0, 0, &v), ALMEN_OK);
    close_to(v, -12100.0 / 21, 1e-14);
    /* At the beginning of periods: one period less interest, -11000/21. */
    assert_int_equal(almen_finance_pmt(0.1, 2, 1000, 0, 1, &v), ALMEN_OK);
    close_to(v, -11000.0 / 21, 1e-14);
    /* Rate 0: the straight split, -(1000 + 200) / 4. */
    assert_int_equal(almen_finance_pmt(0, 4, 1000, 200, 0, &v), ALMEN_OK);
    assert_true(v == -300);
    /* numpy-financial's documented example: 200,000 over 15 years at 7.5 %/12. */
    assert_int_equal(almen_finance_pmt(0.075 / 12, 12 * 15, 200000, 0, 0, &v), ALMEN_OK);
    close_to(v, -1854.0247200054619, 1e-12);
}

static void pmt_closed_form(void **state)
{
    (void)state;
    const double rates[] = {0.03 / 4, 0.05, -0.02, 0.4};
    const double npers[] = {120, 7, 30, 3};
    for (int i = 0; i < 4; i++) {
        for (int when = 0; when <= 1; when++) {
            double v;
            assert_int_equal(almen_finance_pmt(rates[i], npers[i], 1e6, -2e5, when, &v), ALMEN_OK);
            close_to(v, closed_pmt(rates[i], npers[i], 1e6, -2e5, when), 1e-11);
        }
    }
    /* A tiny rate approaches the rate-0 limit -(pv + fv)/n without cancellation. */
    double tiny;
    assert_int_equal(almen_finance_pmt(1e-13, 360, 1e6, 0, 0, &tiny), ALMEN_OK);
    close_to(tiny, -1e6 / 360, 1e-9);
}

static void fv_pv(void **state)
{
    (void)state;
    double v;
    /* numpy-financial's examples: saving 100 a month for 10 years at 5 %/12 from 100. */
    assert_int_equal(almen_finance_fv(0.05 / 12, 10 * 12, -100, -100, 0, &v), ALMEN_OK);
    close_to(v, 15692.928894335748, 1e-12);
    assert_int_equal(almen_finance_pv(0.05 / 12, 10 * 12, -100, 15692.93, 0, &v), ALMEN_OK);
    close_to(v, -100.00067131625819, 1e-11);
    /* By hand: 1000 at 10 % for 2 periods grows to 1210 (owed: fv = -1210). */
    assert_int_equal(almen_finance_fv(0.1, 2, 0, 1000, 0, &v), ALMEN_OK);
    close_to(v, -1210, 1e-14);
    /* Rate 0: fv = -(pv + pmt*n); pv = -(fv + pmt*n). */
    assert_int_equal(almen_finance_fv(0, 5, -10, 100, 1, &v), ALMEN_OK);
    assert_true(v == -50);
    assert_int_equal(almen_finance_pv(0, 5, -10, 100, 0, &v), ALMEN_OK);
    assert_true(v == -50);
    /* nper 0: nothing happens. */
    assert_int_equal(almen_finance_fv(0.1, 0, -10, 100, 0, &v), ALMEN_OK);
    close_to(v, -100, 1e-15);
    /* pv is the inverse of fv. */
    double f, p;
    assert_int_equal(almen_finance_fv(0.07, 13, -250, 4000, 1, &f), ALMEN_OK);
    assert_int_equal(almen_finance_pv(0.07, 13, -250, f, 1, &p), ALMEN_OK);
    close_to(p, 4000, 1e-12);
}

static void nper_values(void **state)
{
    (void)state;
    double v;
    /* numpy-financial's example: 8000 repaid by 150 a month at 7 %/12. */
    assert_int_equal(almen_finance_nper(0.07 / 12, -150, 8000, 0, 0, &v), ALMEN_OK);
    close_to(v, 64.07334877066185, 1e-12);
    /* Rate 0: 1000 / 100 = 10 periods. */
    assert_int_equal(almen_finance_nper(0, -100, 1000, 0, 0, &v), ALMEN_OK);
    assert_true(v == 10);
    /* The inverse of pmt: 2 periods, also with payments at the beginning. */
    assert_int_equal(almen_finance_nper(0.1, -12100.0 / 21, 1000, 0, 0, &v), ALMEN_OK);
    close_to(v, 2, 1e-12);
    assert_int_equal(almen_finance_nper(0.1, -11000.0 / 21, 1000, 0, 1, &v), ALMEN_OK);
    close_to(v, 2, 1e-12);
}

static void nper_impossible(void **state)
{
    (void)state;
    double v = 42;
    /* 50 a period does not cover 10 % interest on 1000 (100): never repaid. */
    assert_int_equal(almen_finance_nper(0.1, -50, 1000, 0, 0, &v), ALMEN_EINVAL);
    assert_non_null(strstr(almen_error_last_message(), "no number of periods"));
    /* Exactly the interest (edge): the balance never moves. */
    assert_int_equal(almen_finance_nper(0.1, -100, 1000, 0, 0, &v), ALMEN_EINVAL);
    /* Just above the interest: finite, log(1010/10)/log(1.1) = 48.42... periods. */
    assert_int_equal(almen_finance_nper(0.1, -101, 1000, 0, 0, &v), ALMEN_OK);
    close_to(v, log(101.0) / log(1.1), 1e-12);
    v = 42;
    assert_int_equal(almen_finance_nper(0, 0, 1000, 0, 0, &v), ALMEN_EINVAL);
    assert_true(v == 42); /* untouched on error */
}

static void ipmt_ppmt_by_hand(void **state)
{
    (void)state;
    double v;
    /* 1000 at 10 % over 2 periods, end: payment 12100/21 = 576.19;
     * period 1 interest 100, principal 476.19; balance 523.81; period 2 interest 52.38. */
    assert_int_equal(almen_finance_ipmt(0.1, 1, 2, 1000, 0, 0, &v), ALMEN_OK);
    close_to(v, -100, 1e-13);
    assert_int_equal(almen_finance_ppmt(0.1, 1, 2, 1000, 0, 0, &v), ALMEN_OK);
    close_to(v, -12100.0 / 21 + 100, 1e-13);
    assert_int_equal(almen_finance_ipmt(0.1, 2, 2, 1000, 0, 0, &v), ALMEN_OK);
    close_to(v, -0.1 * (1000 - (12100.0 / 21 - 100)), 1e-13);
    /* Begin: payment 11000/21 = 523.81 at once, no interest in period 1; the remaining
     * 476.19 accrues 47.62 of interest, paid within the second payment. */
    assert_int_equal(almen_finance_ipmt(0.1, 1, 2, 1000, 0, 1, &v), ALMEN_OK);
    assert_true(v == 0);
    assert_int_equal(almen_finance_ipmt(0.1, 2, 2, 1000, 0, 1, &v), ALMEN_OK);
    close_to(v, -0.1 * (1000 - 11000.0 / 21), 1e-13);
}

static void schedule_identities(void **state)
{
    (void)state;
    /* 1,000,000 over 30 years quarterly at 3 %: ipmt + ppmt = pmt in every period and the
     * principal parts sum to -pv; also with payments at the beginning and with an fv. */
    for (int when = 0; when <= 1; when++) {
        for (int with_fv = 0; with_fv <= 1; with_fv++) {
            double fv = with_fv ? -1e5 : 0, r = 0.03 / 4, n = 120, p, sum = 0;
            assert_int_equal(almen_finance_pmt(r, n, 1e6, fv, when, &p), ALMEN_OK);
            for (int k = 1; k <= 120; k++) {
                double ip, pp;
                assert_int_equal(almen_finance_ipmt(r, k, n, 1e6, fv, when, &ip), ALMEN_OK);
                assert_int_equal(almen_finance_ppmt(r, k, n, 1e6, fv, when, &pp), ALMEN_OK);
                close_to(ip + pp, p, 1e-12);
                sum += pp;
            }
            /* The principal repays pv less what stays owed: -fv at the end of the last
             * period, i.e. -fv/(1+r) right after the last payment when that payment comes
             * at the beginning of the period (the last period's interest is never paid). */
            close_to(sum, -(1e6 + fv / (1 + r * when)), 1e-9);
        }
    }
}

static void period_bounds(void **state)
{
    (void)state;
    double v;
    assert_int_equal(almen_finance_ipmt(0.1, 0, 2, 1000, 0, 0, &v), ALMEN_EINVAL);
    assert_int_equal(almen_finance_ipmt(0.1, 3, 2, 1000, 0, 0, &v), ALMEN_EINVAL);
    assert_int_equal(almen_finance_ppmt(0.1, 1.5, 2, 1000, 0, 0, &v), ALMEN_EINVAL);
    assert_non_null(strstr(almen_error_last_message(), "per must be"));
}

static void bad_arguments(void **state)
{
    (void)state;
    double v = 7;
    assert_int_equal(almen_finance_pmt(-1, 10, 1000, 0, 0, &v), ALMEN_EINVAL);
    assert_non_null(strstr(almen_error_last_message(), "greater than -1"));
    assert_int_equal(almen_finance_pmt(-1.5, 10, 1000, 0, 0, &v), ALMEN_EINVAL);
    assert_int_equal(almen_finance_pmt(0.1, 0, 1000, 0, 0, &v), ALMEN_EINVAL);
    assert_int_equal(almen_finance_pmt(0.1, -3, 1000, 0, 0, &v), ALMEN_EINVAL);
    assert_int_equal(almen_finance_pmt(0.1, 3, NAN, 0, 0, &v), ALMEN_EINVAL);
    assert_int_equal(almen_finance_fv(0.1, INFINITY, 0, 1, 0, &v), ALMEN_EINVAL);
    assert_int_equal(almen_finance_pv(0.1, 3, 0, 1, 2, &v), ALMEN_EINVAL);
    assert_non_null(strstr(almen_error_last_message(), "when"));
    assert_int_equal(almen_finance_pmt(0.1, 3, 1, 0, 0, NULL), ALMEN_EINVAL);
    assert_true(v == 7);
    /* Too large for a double: an error, not inf. */
    assert_int_equal(almen_finance_fv(1000, 1000, 0, 1, 0, &v), ALMEN_ERANGE);
    assert_true(v == 7);
}

static void rate_values(void **state)
{
    (void)state;
    double v;
    /* numpy-financial's example: 3500 grows to 10000 in 10 periods:
     * (10000/3500)^(1/10) - 1. */
    assert_int_equal(almen_finance_rate(10, 0, -3500, 10000, 0, 0.1, 1e-12, 100, &v), ALMEN_OK);
    close_to(v, pow(10000.0 / 3500, 0.1) - 1, 1e-11);
    /* By hand: the payment 12100/21 on 1000 over 2 periods means 10 %. */
    assert_int_equal(almen_finance_rate(2, -12100.0 / 21, 1000, 0, 0, 0.1, 1e-14, 100, &v),
                     ALMEN_OK);
    close_to(v, 0.1, 1e-12);
    /* Second method: pmt at the rate found reproduces the payment (360 months, begin). */
    double p, r;
    assert_int_equal(almen_finance_pmt(0.004, 360, 250000, -10000, 1, &p), ALMEN_OK);
    assert_int_equal(almen_finance_rate(360, p, 250000, -10000, 1, 0.1, 1e-14, 100, &r), ALMEN_OK);
    assert_int_equal(almen_finance_pmt(r, 360, 250000, -10000, 1, &v), ALMEN_OK);
    close_to(v, p, 1e-10);
    close_to(r, 0.004, 1e-10);
    /* 1000 repaid by 10 payments of 80 (800 in all): a negative rate, and pmt at that rate
     * gives the payment back. */
    assert_int_equal(almen_finance_rate(10, -80, 1000, 0, 0, 0.1, 1e-14, 100, &r), ALMEN_OK);
    assert_true(r < 0);
    assert_int_equal(almen_finance_pmt(r, 10, 1000, 0, 0, &v), ALMEN_OK);
    close_to(v, -80, 1e-10);
}

static void rate_two_roots(void **state)
{
    (void)state;
    /* fv + pv*(1+r)^2 + pmt*(2+r) = -362 - 100(1+r)^2 + 230(2+r) is zero at r = 0.1
     * (-362 - 121 + 483) and at r = 0.2 (-362 - 144 + 506): the root nearer the guess. */
    double v;
    assert_int_equal(almen_finance_rate(2, 230, -100, -362, 0, 0.1, 1e-14, 100, &v), ALMEN_OK);
    close_to(v, 0.1, 1e-12);
    assert_int_equal(almen_finance_rate(2, 230, -100, -362, 0, 0.0, 1e-14, 100, &v), ALMEN_OK);
    close_to(v, 0.1, 1e-12);
    assert_int_equal(almen_finance_rate(2, 230, -100, -362, 0, 0.16, 1e-14, 100, &v), ALMEN_OK);
    close_to(v, 0.2, 1e-12);
    assert_int_equal(almen_finance_rate(2, 230, -100, -362, 0, 3.0, 1e-14, 100, &v), ALMEN_OK);
    close_to(v, 0.2, 1e-12);
}

static void rate_failures(void **state)
{
    (void)state;
    double v = 5;
    /* Money only flows one way. */
    assert_int_equal(almen_finance_rate(10, -10, -100, 0, 0, 0.1, 1e-12, 100, &v), ALMEN_EINVAL);
    assert_non_null(strstr(almen_error_last_message(), "same sign"));
    assert_int_equal(almen_finance_rate(10, 0, 0, 0, 0, 0.1, 1e-12, 100, &v), ALMEN_EINVAL);
    /* A double root: -(1 - 1.5/(1+r))^2 style, pv -1, then 3, then -2.25 as pmt + fv:
     * -2.25*(1+r)^-2 ... never crosses zero: no rate, an error and no number. */
    assert_int_equal(almen_finance_rate(2, 3, -1, -5.25, 0, 0.1, 1e-12, 100, &v),
                     ALMEN_ECONVERGE);
    /* Too few iterations for the tolerance asked. */
    assert_int_equal(almen_finance_rate(10, 0, -3500, 10000, 0, 0.1, 1e-15, 1, &v),
                     ALMEN_ECONVERGE);
    assert_int_equal(almen_finance_rate(0, -10, 100, 0, 0, 0.1, 1e-12, 100, &v), ALMEN_EINVAL);
    assert_int_equal(almen_finance_rate(10, -10, 100, 0, 0, -1, 1e-12, 100, &v), ALMEN_EINVAL);
    assert_int_equal(almen_finance_rate(10, -10, 100, 0, 0, 0.1, 0, 100, &v), ALMEN_EINVAL);
    assert_int_equal(almen_finance_rate(10, -10, 100, 0, 0, 0.1, 1e-12, 0, &v), ALMEN_EINVAL);
    assert_true(v == 5);
}

static void npv_values(void **state)
{
    (void)state;
    double v;
    /* -100 + 60/1.1 + 60/1.21 = (-121 + 66 + 60)/1.21 = 5/1.21. */
    const double cf[] = {-100, 60, 60};
    assert_int_equal(almen_finance_npv(0.1, cf, 3, &v), ALMEN_OK);
    close_to(v, 5 / 1.21, 1e-13);
    /* numpy-financial's example. */
    const double ex[] = {-100, 39, 59, 55, 20};
    assert_int_equal(almen_finance_npv(0.281, ex, 5, &v), ALMEN_OK);
    close_to(v, -0.0084785916384548798, 1e-9);
    assert_int_equal(almen_finance_npv(0.1, NULL, 0, &v), ALMEN_OK);
    assert_true(v == 0);
    const double bad[] = {1, NAN};
    assert_int_equal(almen_finance_npv(0.1, bad, 2, &v), ALMEN_EINVAL);
    assert_non_null(strstr(almen_error_last_message(), "values[1]"));
    assert_int_equal(almen_finance_npv(-1, cf, 3, &v), ALMEN_EINVAL);
}

static void irr_values(void **state)
{
    (void)state;
    double v, n;
    /* numpy-financial's examples. */
    const double a[] = {-100, 39, 59, 55, 20};
    assert_int_equal(almen_finance_irr(a, 5, &v), ALMEN_OK);
    close_to(v, 0.28094842115996002, 1e-12);
    assert_int_equal(almen_finance_npv(v, a, 5, &n), ALMEN_OK);
    close_to(n, 0, 1e-11);
    const double b[] = {-100, 0, 0, 74};
    assert_int_equal(almen_finance_irr(b, 4, &v), ALMEN_OK);
    close_to(v, pow(0.74, 1.0 / 3) - 1, 1e-12); /* by hand: 100(1+r)^3 = 74 */
    const double c[] = {-100, 100, 0, -7};
    assert_int_equal(almen_finance_irr(c, 4, &v), ALMEN_OK);
    close_to(v, -0.08329966618493273, 1e-12);
    assert_int_equal(almen_finance_npv(v, c, 4, &n), ALMEN_OK);
    close_to(n, 0, 1e-11);
    /* Trailing and leading zeros change nothing. */
    const double z[] = {0, 0, -100, 39, 59, 55, 20, 0};
    assert_int_equal(almen_finance_irr(z, 8, &v), ALMEN_OK);
    close_to(v, 0.28094842115996002, 1e-12);
}

static void irr_long_series(void **state)
{
    (void)state;
    /* 30 years of monthly payments on 200,000 at 0.5 % a month: the irr is 0.5 %. */
    enum { N = 361 };
    double cf[N], p, v;
    assert_int_equal(almen_finance_pmt(0.005, 360, 200000, 0, 0, &p), ALMEN_OK);
    cf[0] = -200000;
    for (int i = 1; i < N; i++) cf[i] = -p;
    assert_int_equal(almen_finance_irr(cf, N, &v), ALMEN_OK);
    close_to(v, 0.005, 1e-12);
}

static void irr_several_roots(void **state)
{
    (void)state;
    double v;
    /* -100 + 230x - 132x^2, x = 1/(1+r): roots x = 240/264 (r = 0.1) and 220/264
     * (r = 0.2): the smallest non-negative, 0.1. */
    const double two_pos[] = {-100, 230, -132};
    assert_int_equal(almen_finance_irr(two_pos, 3, &v), ALMEN_OK);
    close_to(v, 0.1, 1e-12);
    /* 50 - 105x + 54x^2 = 54(x - 10/9)(x - 5/6): r = -0.1 and r = 0.2: non-negative first. */
    const double mixed[] = {50, -105, 54};
    assert_int_equal(almen_finance_irr(mixed, 3, &v), ALMEN_OK);
    close_to(v, 0.2, 1e-12);
    /* -100 + 170x - 72x^2: x = 1.25 (r = -0.2) and 10/9 (r = -0.1): closest to zero. */
    const double two_neg[] = {-100, 170, -72};
    assert_int_equal(almen_finance_irr(two_neg, 3, &v), ALMEN_OK);
    close_to(v, -0.1, 1e-12);
}

static void irr_failures(void **state)
{
    (void)state;
    double v = 3;
    const double same[] = {-1, -2, -3};
    assert_int_equal(almen_finance_irr(same, 3, &v), ALMEN_EINVAL);
    assert_int_equal(almen_finance_irr(same, 0, &v), ALMEN_EINVAL);
    /* -1 + 3x - 2.25x^2 = -(1.5x - 1)^2: a double root at r = 0.5, never a sign change. */
    const double tangent[] = {-1, 3, -2.25};
    assert_int_equal(almen_finance_irr(tangent, 3, &v), ALMEN_ECONVERGE);
    assert_non_null(strstr(almen_error_last_message(), "does not change sign"));
    const double nan[] = {-1, NAN, 2};
    assert_int_equal(almen_finance_irr(nan, 3, &v), ALMEN_EINVAL);
    assert_true(v == 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pmt_by_hand),       cmocka_unit_test(pmt_closed_form),
        cmocka_unit_test(fv_pv),             cmocka_unit_test(nper_values),
        cmocka_unit_test(nper_impossible),   cmocka_unit_test(ipmt_ppmt_by_hand),
        cmocka_unit_test(schedule_identities), cmocka_unit_test(period_bounds),
        cmocka_unit_test(bad_arguments),     cmocka_unit_test(rate_values),
        cmocka_unit_test(rate_two_roots),    cmocka_unit_test(rate_failures),
        cmocka_unit_test(npv_values),        cmocka_unit_test(irr_values),
        cmocka_unit_test(irr_long_series),   cmocka_unit_test(irr_several_roots),
        cmocka_unit_test(irr_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
