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

# pandas' side is the second method of the Python tests, so what is timed is what is tested.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "bindings", "python", "tests"))
from test_microdata import pandas_counts as with_pandas  # noqa: E402

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
