"""almen.finance: numpy-financial's names and conventions, values worked out independently
(hand calculation as exact fractions, closed forms with plain Python powers, the examples of
numpy-financial's documentation) and checked by second methods."""

import math
from fractions import Fraction

import numpy as np
import pytest

import almen
from almen import finance


def close(got, want, rel=1e-12):
    return abs(got - want) <= rel * max(1.0, abs(want))


def closed_pmt(r, n, pv, fv=0.0, when=0):
    F = (1 + r) ** n
    return -(pv * F + fv) * r / ((1 + r * when) * (F - 1))


def test_pmt_by_hand_and_documented():
    # 1000 over 2 periods at 10 %: -1000 * 1.21 * 0.1 / 0.21 = -12100/21.
    assert close(finance.pmt(0.1, 2, 1000), float(Fraction(-12100, 21)))
    assert close(finance.pmt(0.1, 2, 1000, when="begin"), float(Fraction(-11000, 21)))
    assert finance.pmt(0, 4, 1000, 200) == -300
    assert close(finance.pmt(0.075 / 12, 12 * 15, 200000), -1854.0247200054619)


@pytest.mark.parametrize("r,n", [(0.0075, 120), (0.05, 7), (-0.02, 30), (0.4, 3)])
@pytest.mark.parametrize("when", ["end", "begin"])
def test_pmt_closed_form(r, n, when):
    w = 1 if when == "begin" else 0
    assert close(finance.pmt(r, n, 1e6, -2e5, when), closed_pmt(r, n, 1e6, -2e5, w), 1e-11)


def test_fv_pv_nper_documented():
    assert close(finance.fv(0.05 / 12, 10 * 12, -100, -100), 15692.928894335748)
    assert close(finance.pv(0.05 / 12, 10 * 12, -100, 15692.93), -100.00067131625819, 1e-11)
    assert close(finance.nper(0.07 / 12, -150, 8000), 64.07334877066185)
    assert finance.nper(0, -100, 1000) == 10


def test_when_spellings():
    base = finance.pmt(0.1, 2, 1000, 0, "begin")
    assert finance.pmt(0.1, 2, 1000, 0, "start") == base
    assert finance.pmt(0.1, 2, 1000, 0, 1) == base
    assert finance.pmt(0.1, 2, 1000, 0, "finish") == finance.pmt(0.1, 2, 1000, 0, 0)
    with pytest.raises(ValueError):
        finance.pmt(0.1, 2, 1000, 0, "middle")
    with pytest.raises(ValueError):
        finance.pmt(0.1, 2, 1000, 0, 2)


def test_schedule_identities():
    r, n, pv = 0.03 / 4, 120, 1e6
    p = finance.pmt(r, n, pv)
    per = np.arange(1, n + 1)
    ip = finance.ipmt(r, per, n, pv)
    pp = finance.ppmt(r, per, n, pv)
    assert ip.shape == (n,) and pp.shape == (n,)
    assert np.allclose(ip + pp, p, rtol=1e-12, atol=0)
    assert close(pp.sum(), -pv, 1e-10)
    # By hand: period 1 pays the interest on the whole loan.
    assert close(ip[0], -pv * r)


def test_broadcasting_and_scalars():
    out = finance.pmt([0.01, 0.02], 12, [[1000], [2000]])
    assert out.shape == (2, 2)
    assert close(out[1, 0], closed_pmt(0.01, 12, 2000))
    assert isinstance(finance.pmt(0.01, 12, 1000), float)
    assert finance.npv([0.0, 0.1], [-100, 60, 60]).shape == (2,)


def test_npv_by_hand():
    # -100 + 60/1.1 + 60/1.21 = 5/1.21
    assert close(finance.npv(0.1, [-100, 60, 60]), 5 / 1.21, 1e-13)
    assert close(finance.npv(0.281, [-100, 39, 59, 55, 20]), -0.0084785916384548798, 1e-9)


def test_rate_second_method():
    assert close(finance.rate(10, 0, -3500, 10000), (10000 / 3500) ** 0.1 - 1, 1e-11)
    p = finance.pmt(0.004, 360, 250000, -10000, "begin")
    r = finance.rate(360, p, 250000, -10000, "begin")
    assert close(finance.pmt(r, 360, 250000, -10000, "begin"), p, 1e-10)
    # Two roots, 0.1 and 0.2 (-362 - 100(1+r)^2 + 230(2+r) = 0): the one nearer the guess.
    assert close(finance.rate(2, 230, -100, -362), 0.1)
    assert close(finance.rate(2, 230, -100, -362, guess=0.16), 0.2)


def test_irr_second_method_and_roots():
    v = [-100, 39, 59, 55, 20]
    r = finance.irr(v)
    assert close(r, 0.28094842115996002)
    assert abs(finance.npv(r, v)) < 1e-10
    assert close(finance.irr([-100, 0, 0, 74]), 0.74 ** (1 / 3) - 1)
    assert close(finance.irr([50, -105, 54]), 0.2)     # roots -0.1 and 0.2
    assert close(finance.irr([-100, 170, -72]), -0.1)  # roots -0.2 and -0.1
    assert close(finance.irr(np.array([-100, 230, -132], dtype=np.int64)), 0.1)


def test_errors_not_nan():
    with pytest.raises(almen.Error) as ei:
        finance.pmt(-1, 10, 1000)
    assert ei.value.code == almen.EINVAL
    with pytest.raises(almen.Error) as ei:
        finance.pmt(0.1, 0, 1000)
    assert ei.value.code == almen.EINVAL
    with pytest.raises(almen.Error) as ei:
        finance.irr([-1, 3, -2.25])  # a double root: no sign change
    assert ei.value.code == almen.ECONVERGE
    with pytest.raises(almen.Error) as ei:
        finance.irr([1, 2, 3])
    assert ei.value.code == almen.EINVAL
    with pytest.raises(almen.Error) as ei:
        finance.nper(0.1, -50, 1000)  # the payment does not cover the interest
    assert ei.value.code == almen.EINVAL
    with pytest.raises(almen.Error) as ei:
        finance.ipmt(0.1, 3, 2, 1000)
    assert ei.value.code == almen.EINVAL
    with pytest.raises(almen.Error):
        finance.pmt([0.1, -2], 10, 1000)  # one bad element fails the call
    with pytest.raises(ValueError):
        finance.irr([[1, -1], [1, -1]])
    assert not math.isnan(finance.pmt(0.1, 10, 1000))
