"""The microdata benchmark (see run). Generates the columns once, checks that libalmen and
pandas agree, then times each several times, alternating, and reports the best time of
each: on a shared machine the best run is the one least disturbed by others."""

import os
import sys
import time

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(sys.argv[1], "bindings", "python"))
import almen  # noqa: E402

ROWS = int(os.environ.get("ALMEN_BENCH_ROWS", 6_000_000))
REPEAT = int(os.environ.get("ALMEN_BENCH_REPEAT", 7))
DEPARTMENTS, FIRST_YEAR, YEARS = 2000, 2019, 6
SEED = 20240101


def persons():
    """Register-like columns in the narrow types a register extract would be read into:
    int32 keys and ages, float64 FTE and income, bool flags. Persons come in random
    department order (an extract sorted by person id), the hard case for the cache."""
    rng = np.random.default_rng(SEED)
    age = rng.integers(0, 100, ROWS, dtype=np.int32)
    fte = rng.integers(0, 9, ROWS) / 8.0
    fte[(age < 18) | (age > 64)] = np.nan  # not defined outside 18-64
    return {
        "department": rng.integers(0, DEPARTMENTS, ROWS, dtype=np.int32),
        "year": rng.integers(FIRST_YEAR, FIRST_YEAR + YEARS, ROWS, dtype=np.int32),
        "age": age,
        "outside_labour_fte": fte,
        "income": rng.integers(-20_000, 900_000, ROWS).astype(np.float64),
        "basic_education": rng.random(ROWS) < 0.3,
        "convicted": rng.random(ROWS) < 0.05,
        "student": rng.random(ROWS) < 0.1,
        "taxpayer": rng.random(ROWS) < 0.8,
        "nonwestern": rng.random(ROWS) < 0.2,
    }


def with_pandas(p):
    """The same counts the idiomatic pandas way: masks, then one groupby sum."""
    a = p["age"]
    in_18_64 = (a >= 18) & (a <= 64)
    in_18plus = a >= 18
    in_30_59 = (a >= 30) & (a <= 59)
    taxpayer = (a >= 15) & (a <= 64) & p["taxpayer"] & ~p["student"]
    cols = pd.DataFrame({
        "department": p["department"], "year": p["year"],
        "residents": np.ones(len(a), dtype=np.int32),
        "residents_18_64": in_18_64,
        "outside_labour_fte": p["outside_labour_fte"].where(in_18_64, 0.0),
        "residents_18plus": in_18plus,
        "convicted": in_18plus & p["convicted"],
        "residents_30_59": in_30_59,
        "basic_education": in_30_59 & p["basic_education"],
        "taxpayers_15_64": taxpayer,
        "income_sum": p["income"].where(taxpayer, 0.0),
        "nonwestern": p["nonwestern"],
    })
    return cols.groupby(["department", "year"], as_index=False, sort=True).sum()


def best_times(*fns):
    """The best of REPEAT timings of each function, run in turns so that a disturbance
    hits them alike."""
    best = [float("inf")] * len(fns)
    for _ in range(REPEAT):
        for k, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            best[k] = min(best[k], time.perf_counter() - t0)
    return best


def main():
    data = persons()
    frame = pd.DataFrame(data)  # built once, outside the timing, as libalmen's arrays are

    got = almen.microdata_counts(data)
    want = with_pandas(frame)
    for name in want.columns:
        if not np.array_equal(got[name].to_numpy(np.float64), want[name].to_numpy(np.float64)):
            sys.exit(f"microdata: libalmen and pandas disagree on {name}")

    # The C core alone: the handle with its borrowed columns, timed on the pass.
    md = almen.Microdata(data)
    t_core, t_almen, t_pandas = best_times(
        lambda: almen.microdata_aggregate(md._handle).free(),
        lambda: almen.microdata_counts(data),
        lambda: with_pandas(frame))
    md.free()
    print(f"microdata: libalmen {t_almen:.3f} s, pandas {t_pandas:.3f} s, "
          f"ratio {t_pandas / t_almen:.1f}, {ROWS / t_almen / 1e6:.0f} M persons/s "
          f"(C core {t_core:.3f} s, {ROWS / t_core / 1e6:.0f} M persons/s; {ROWS} persons, "
          f"{DEPARTMENTS} departments x {YEARS} years, one thread, best of {REPEAT})")


if __name__ == "__main__":
    main()
