"""The irr benchmark (see run). Builds a fixed set of cash-flow series — loans of 12 to 480
monthly payments and short investment series — checks both methods on them, then times
each several times, alternating, and reports the best time of each."""

import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(sys.argv[1], "bindings", "python"))
from almen import finance  # noqa: E402

REPEAT = int(os.environ.get("ALMEN_BENCH_REPEAT", 5))
SEED = 20261122


def series():
    rng = np.random.default_rng(SEED)
    out = []
    for n in (12, 60, 120, 240, 360, 480):          # annuity loans, monthly
        for r in (0.001, 0.003, 0.005):
            p = -finance.pmt(r, n, 1e6)
            out.append(np.concatenate([[-1e6], np.full(n, p)]))
    for _ in range(200):                             # investments: outlay, then returns
        n = int(rng.integers(3, 30))
        v = rng.uniform(5, 40, n)
        v[0] = -rng.uniform(50, 300)
        out.append(v)
    return out


def roots_irr(values):
    """numpy-financial's method: the roots of sum v_t x^t, x = 1/(1+r); of the real roots
    with x > 0 the non-negative rates first, then the smallest in magnitude."""
    res = np.roots(values[::-1])
    res = res[(res.imag == 0) & (res.real > 0)].real
    if res.size == 0:
        return np.nan
    rates = 1 / res - 1
    pos = rates[rates >= 0]
    rates = pos if pos.size else rates
    return rates[np.argmin(np.abs(rates))]


def run_all(fn, data):
    return [fn(v) for v in data]


def main():
    data = series()
    ours = run_all(finance.irr, data)
    theirs = run_all(roots_irr, data)
    # accuracy: |npv(irr)| relative to the sum of |cash flows|
    def worst(rates):
        errs = []
        for v, r in zip(data, rates):
            if np.isnan(r):
                errs.append(np.inf)
                continue
            errs.append(abs(finance.npv(r, v)) / np.abs(v).sum())
        return max(errs)
    nan_roots = sum(np.isnan(r) for r in theirs)
    best = [float("inf"), float("inf")]
    for _ in range(REPEAT):
        for k, fn in enumerate((finance.irr, roots_irr)):
            t0 = time.perf_counter()
            run_all(fn, data)
            best[k] = min(best[k], time.perf_counter() - t0)
    print(f"finance-irr: libalmen {best[0]:.4f} s, numpy-roots {best[1]:.4f} s, "
          f"ratio {best[1] / best[0]:.2f}, {len(data) / best[0]:.0f} irr/s "
          f"({len(data)} series up to 481 flows; worst |npv(irr)|/sum|v|: libalmen "
          f"{worst(ours):.1e}, numpy-roots {worst(theirs):.1e}; numpy-roots found no root "
          f"in {nan_roots})")


if __name__ == "__main__":
    main()
