"""Time-value-of-money functions with numpy-financial's names, argument order, defaults
and sign convention (money paid out is negative), computed by libalmen's C functions
(``almen_finance_*``, see docs/finance.md)::

    from almen import finance
    finance.pmt(0.03 / 4, 30 * 4, 1_000_000)      # -12,690.6... per quarter
    finance.irr([-100, 39, 59, 55, 20])            # 0.2809...

Arguments may be numbers or array-likes; arrays are broadcast against each other and the
result is an ndarray of their shape (a float when every argument is a scalar).
``when`` is "end" (or "finish", 0) or "begin" (or "start", 1).

Differences from numpy-financial: an argument outside a function's domain (a rate of -1
or less, nper <= 0 where periods are needed, a period outside 1..nper, cash flows that
never change sign) or a root that cannot be found raises :class:`almen.Error` (codes EINVAL,
ERANGE, ECONVERGE) instead of returning NaN; ``rate`` and ``irr`` bracket the root and use
Brent's method rather than Newton's method or polynomial roots (see docs/finance.md for
which root is returned when there are several).
"""

import numbers

import numpy as np

from . import _core

__all__ = ["fv", "ipmt", "irr", "nper", "npv", "pmt", "ppmt", "pv", "rate"]

_WHEN = {"end": 0, "finish": 0, "begin": 1, "start": 1}


def _when(value):
    if isinstance(value, str):
        try:
            return _WHEN[value]
        except KeyError:
            raise ValueError(f"when must be 'end' or 'begin' (or 0, 1), not {value!r}") from None
    if isinstance(value, numbers.Integral) or (isinstance(value, numbers.Real) and value == int(value)):
        if int(value) in (0, 1):
            return int(value)
    raise ValueError(f"when must be 'end' or 'begin' (or 0, 1), not {value!r}")


def _apply(func, *args):
    """func over the broadcast arguments (the last one is `when`); a float when every
    argument is a scalar, else an ndarray of the broadcast shape."""
    *numeric, when = args
    when = np.asarray(when, dtype=object)
    arrays = [np.asarray(a, dtype=np.float64) for a in numeric]
    if all(a.ndim == 0 for a in arrays) and when.ndim == 0:
        return func(*(float(a) for a in arrays), _when(when.item()))
    bcast = np.broadcast(*arrays, when)
    out = np.empty(bcast.shape, dtype=np.float64)
    flat = out.reshape(-1)
    for i, values in enumerate(bcast):
        *nums, w = values
        flat[i] = func(*(float(x) for x in nums), _when(w))
    return out


def fv(rate, nper, pmt, pv, when="end"):
    """The future value: what pv and nper payments pmt at ``rate`` per period amount to."""
    return _apply(_core.almen_finance_fv, rate, nper, pmt, pv, when)


def pv(rate, nper, pmt, fv=0, when="end"):
    """The present value of nper payments pmt and a future value fv."""
    return _apply(_core.almen_finance_pv, rate, nper, pmt, fv, when)


def pmt(rate, nper, pv, fv=0, when="end"):
    """The payment per period that turns pv into fv in nper (> 0) periods."""
    return _apply(_core.almen_finance_pmt, rate, nper, pv, fv, when)


def nper(rate, pmt, pv, fv=0, when="end"):
    """The number of periods for payments pmt to turn pv into fv (an error when no number
    of periods does, e.g. when the payment does not cover the interest)."""
    return _apply(_core.almen_finance_nper, rate, pmt, pv, fv, when)


def ipmt(rate, per, nper, pv, fv=0, when="end"):
    """The interest part of the payment in period ``per`` (a whole number, 1..nper)."""
    return _apply(_core.almen_finance_ipmt, rate, per, nper, pv, fv, when)


def ppmt(rate, per, nper, pv, fv=0, when="end"):
    """The principal part of the payment in period ``per`` (pmt - ipmt)."""
    return _apply(_core.almen_finance_ppmt, rate, per, nper, pv, fv, when)


def rate(nper, pmt, pv, fv, when="end", guess=None, tol=None, maxiter=100):
    """The rate per period that turns pv into fv with nper payments pmt. Of several
    solutions, the one closest to ``guess`` (default 0.1) is returned; ``tol`` (default
    1e-12) is the absolute tolerance on the rate and ``maxiter`` bounds the iterations of
    Brent's method. Raises almen.Error (ECONVERGE) when no rate is found."""
    guess = 0.1 if guess is None else guess
    tol = 1e-12 if tol is None else tol
    maxiter = int(maxiter)

    def one(n, p, v, f, w):
        return _core.almen_finance_rate(n, p, v, f, w, float(guess), float(tol), maxiter)

    return _apply(one, nper, pmt, pv, fv, when)


def _values(values):
    v = np.asarray(values, dtype=np.float64)
    if v.ndim != 1:
        raise ValueError(f"values must be one-dimensional, not of shape {v.shape}")
    return np.ascontiguousarray(v)


def npv(rate, values):
    """The net present value of the cash flows ``values`` (values[0] now, undiscounted;
    values[t] at the end of period t). ``rate`` may be an array: one npv per rate."""
    v = _values(values)
    r = np.asarray(rate, dtype=np.float64)
    if r.ndim == 0:
        return _core.almen_finance_npv(float(r), v)
    out = np.empty(r.shape, dtype=np.float64)
    flat = out.reshape(-1)
    for i, x in enumerate(r.reshape(-1)):
        flat[i] = _core.almen_finance_npv(float(x), v)
    return out


def irr(values):
    """The internal rate of return: the rate at which npv(rate, values) is zero. Of
    several, the smallest non-negative one, else the negative one closest to zero.
    Raises almen.Error: EINVAL when the cash flows do not change sign, ECONVERGE when
    no rate is found."""
    return _core.almen_finance_irr(_values(values))
