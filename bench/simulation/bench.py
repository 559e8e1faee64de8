"""The simulation benchmark (see run): the case of case.py, 1,000 runs x 20,000 dwellings x
10 years under one explicit letting policy, by libalmen (all cores, and one thread for the
per-core rate) and by a vectorised numpy implementation of the same model (numpy's binomial
and multinomial samplers over runs x departments at once, the dk-2021 classification of the
areas as array expressions, the same summaries). Checks first that the two agree in
distribution (the mean composition of every department and year within 5 standard errors
of each other), then times each several times, alternating, and reports the best."""

import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(sys.argv[1], "bindings", "python"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import almen  # noqa: E402
import case as bench_case  # noqa: E402

RUNS = int(os.environ.get("ALMEN_BENCH_RUNS", 1000))
YEARS = int(os.environ.get("ALMEN_BENCH_YEARS", 10))
REPEAT = int(os.environ.get("ALMEN_BENCH_REPEAT", 3))
TYPES = bench_case.TYPES
K = len(TYPES)
D = bench_case.N_DEPTS
A = bench_case.N_AREAS
PER_AREA = D // A
DWELLINGS = D * bench_case.DWELLINGS
# residual 0: the figures are the household types' alone (numpy models no residual).
PARAMETERS = {"residual": 0}

# Contributions per household: residents, 18-64, outside, 18+, convicted, 30-59, basic,
# taxpayers, income, nonwestern.
FIELDS = ["residents"] + bench_case.FIELDS
CONTRIB = np.array([[t[1]] + [t[2][f] for f in bench_case.FIELDS] for t in TYPES])
(F_RES, F_1864, F_OUT, F_18P, F_CONV, F_3059, F_BASIC, F_TAX, F_INC, F_NW) = range(10)
TURNOVER = 0.104
SHARES = np.array([0.25, 0.0, 0.65, 0.10])  # municipal, flexible, waiting list, internal
# TYPES rows: id, persons, figures, groups, waiting-list weight, municipal weight. The
# policy's municipal channel turns social_assistance_6m away.
WAITING = np.array([t[4] for t in TYPES], dtype=float)
MUNICIPAL = np.array([0.0 if "social_assistance_6m" in t[3] else t[5] for t in TYPES],
                     dtype=float)
NATIONAL_CONVICTED, REGION_INCOME = 0.725, 364258.0


def indicators(fig):
    """Department or area indicators from summed figures (..., 10) -> (..., 7)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.stack([fig[..., F_RES],
                         100 * fig[..., F_OUT] / fig[..., F_1864],
                         100 * fig[..., F_CONV] / fig[..., F_18P],
                         100 * fig[..., F_BASIC] / fig[..., F_3059],
                         fig[..., F_INC] / fig[..., F_TAX],
                         100 * fig[..., F_NW] / fig[..., F_RES]], axis=-1)


def classify(prev, cur, history):
    """dk-2021 placements of areas (runs x areas) from the data years before and now:
    0 none, 1 forebyggelse, 2 udsat, 3 parallelsamfund, 4 omdannelse. history counts the
    consecutive years as parallelsamfund before this one."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (100 * prev[..., F_OUT] / prev[..., F_1864] + 100 * cur[..., F_OUT] / cur[..., F_1864]) / 2
        conv = ((100 * prev[..., F_CONV] / prev[..., F_18P] + 100 * cur[..., F_CONV] / cur[..., F_18P])
                / 2 / NATIONAL_CONVICTED)
        basic = 100 * cur[..., F_BASIC] / cur[..., F_3059]
        income = 100 * cur[..., F_INC] / cur[..., F_TAX] / REGION_INCOME
        nw = 100 * cur[..., F_NW] / cur[..., F_RES]
    eligible = cur[..., F_RES] >= 1000
    udsat = eligible & ((out > 40).astype(int) + (conv >= 3) + (basic > 60) + (income < 55) >= 2)
    parallel = udsat & (nw > 50)
    history = np.where(parallel, history + 1, 0)
    forebyg = eligible & (nw > 30) & ((out > 30).astype(int) + (conv >= 2) + (basic > 60)
                                      + (income < 65) >= 2) & ~udsat
    place = np.select([history >= 5, parallel, udsat, forebyg], [4, 3, 2, 1], 0)
    return place, history


def numpy_simulation(init, seed):
    """Every run at once: state (runs, departments, types)."""
    rng = np.random.default_rng(seed)
    n = np.broadcast_to(init, (RUNS, D, K)).astype(np.int64).copy()
    waiting = WAITING / WAITING.sum()
    municipal = MUNICIPAL / MUNICIPAL.sum()
    dept = np.empty((YEARS + 1, RUNS, D, 6))
    comp = np.empty((YEARS + 1, RUNS, D, K))
    place = np.zeros((YEARS + 1, RUNS, A), dtype=np.int64)
    history = np.zeros((RUNS, A), dtype=np.int64)
    prev = None
    for y in range(YEARS + 1):
        fig = n @ CONTRIB                           # (runs, departments, fields)
        area = fig.reshape(RUNS, A, PER_AREA, -1).sum(axis=2)
        dept[y], comp[y] = indicators(fig), n
        if prev is not None:
            place[y], history = classify(prev, area, history)
        prev = area
        if y == YEARS:
            break
        start = n.copy()
        n -= rng.binomial(n, TURNOVER)
        vacant = (start - n).sum(axis=-1)
        per = rng.multinomial(vacant, SHARES)       # (runs, departments, channels)
        n += rng.multinomial(per[..., 0], municipal)
        n += rng.multinomial(per[..., 2], waiting)
        total = start.sum(axis=-1, keepdims=True)
        n += rng.multinomial(per[..., 3], start / total)
    summary = (dept.mean(axis=1), dept.std(axis=1, ddof=1),
               np.quantile(dept, [0.05, 0.5, 0.95], axis=1),
               comp.mean(axis=1), comp.std(axis=1, ddof=1),
               np.stack([(place == p).mean(axis=1) for p in range(5)]))
    return summary


def almen_simulation(c, threads):
    sim = almen.Simulation(c, runs=RUNS, years=YEARS, threads=threads, seed=7,
                           policies=[bench_case.POLICY], parameters=PARAMETERS).run()
    return sim, sim.indicators(), sim.composition(), sim.status()


def agreement(comp_almen, init):
    """The largest |z| between the two implementations' mean composition."""
    _, _, _, mean, sd, _ = numpy_simulation(init, seed=11)
    a = comp_almen.sort_values(["department", "year", "household_type"], kind="stable")
    order = {t[0]: k for k, t in enumerate(TYPES)}
    d = a["department"].str.split("-").str[1].astype(int).to_numpy() - 1
    y = a["year"].to_numpy() - bench_case.BASE
    k = a["household_type"].map(order).to_numpy()
    m_np, s_np = mean[y, d, k], sd[y, d, k] / np.sqrt(RUNS)
    se = np.hypot(a["se"].to_numpy(), s_np)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, (a["mean"].to_numpy() - m_np) / se, 0.0)
    return np.abs(z).max()


def best_time(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main():
    c = almen.Case.from_yaml(bench_case.case_yaml(), "bench.yaml")
    init = np.array(bench_case.initial_counts(), dtype=np.int64)
    _, _, comp, _ = almen_simulation(c, 0)
    z = agreement(comp, init)
    if z > 5:
        print(f"simulation: libalmen and numpy disagree (max |z| {z:.2f})")
        sys.exit(1)
    t_lib = t_np = t_one = float("inf")
    for _ in range(REPEAT):
        t_lib = min(t_lib, best_time(lambda: almen_simulation(c, 0)))
        t_np = min(t_np, best_time(lambda: numpy_simulation(init, seed=1)))
    t_one = min(best_time(lambda: almen_simulation(c, 1)) for _ in range(max(1, REPEAT - 1)))
    dy = DWELLINGS * YEARS * RUNS
    print(f"simulation: libalmen {t_lib:.3f} s, numpy {t_np:.3f} s, ratio {t_np / t_lib:.1f}, "
          f"{dy / t_lib:.3g} dwelling-years/s ({RUNS} runs x {DWELLINGS} dwellings x {YEARS} "
          f"years, {os.cpu_count()} cores; one thread {t_one:.3f} s = {dy / t_one:.3g} "
          f"dwelling-years/s per core; max |z| libalmen vs numpy {z:.2f})")


if __name__ == "__main__":
    main()
