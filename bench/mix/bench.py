"""The mix benchmark (see run). Makes the table once, checks that libalmen's bootstrap and
numpy's agree in distribution, then times each several times, alternating, and reports the
best time of each: on a shared machine the best run is the one least disturbed by others."""

import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(sys.argv[1], "bindings", "python"))
import almen  # noqa: E402

REPLICATES = int(os.environ.get("ALMEN_BENCH_REPLICATES", 1000))
REPEAT = int(os.environ.get("ALMEN_BENCH_REPEAT", 3))
UNITS, GROUPS = 8000, 5
SEED = 20240101


def table():
    """Departments of 30 to ~2,000 residents (log-normal, median 180) whose compositions
    vary around a city-wide one (Dirichlet), so that the city is moderately segregated."""
    rng = np.random.default_rng(SEED)
    size = np.clip(np.rint(rng.lognormal(np.log(180), 0.7, UNITS)), 30, None)
    city = np.array([0.55, 0.2, 0.12, 0.08, 0.05])
    shares = rng.dirichlet(city * 8, UNITS)
    return np.array([rng.multinomial(int(n), p) for n, p in zip(size, shares)], dtype=np.float64)


def numpy_indices(t):
    """entropy, M, H, D of one table, straight from the definitions."""
    total = t.sum()
    tu = t.sum(axis=1, keepdims=True)
    pg = t.sum(axis=0) / total
    nz = pg > 0
    entropy = -(pg[nz] * np.log(pg[nz])).sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        m = np.where(t > 0, (t / total) * np.log(t * total / (tu * (pg * total))), 0.0).sum()
    d = np.abs(t - tu * pg).sum() / (2 * total * (pg * (1 - pg)).sum())
    return entropy, m, m / entropy, d


def numpy_bootstrap(counts, replicates, seed):
    """Bootstrap replicates: multinomial draws of all persons over the cells (numpy's
    sampler), the indices of each."""
    rng = np.random.default_rng(seed)
    n = int(counts.sum())
    p = (counts / counts.sum()).ravel()
    out = np.empty((replicates, 4))
    for r in range(replicates):
        out[r] = numpy_indices(rng.multinomial(n, p).reshape(counts.shape).astype(np.float64))
    return out


def best_times(*fns):
    best = [float("inf")] * len(fns)
    for _ in range(REPEAT):
        for k, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            best[k] = min(best[k], time.perf_counter() - t0)
    return best


def one_thread(fn):
    def run():
        old = os.environ.get("ALMEN_THREADS")
        os.environ["ALMEN_THREADS"] = "1"
        try:
            fn()
        finally:
            if old is None:
                del os.environ["ALMEN_THREADS"]
            else:
                os.environ["ALMEN_THREADS"] = old
    return run


def main():
    counts = table()
    mix = almen.mix.Mix(counts)
    point = numpy_indices(counts)
    if abs(point[1] - mix.value("M")) > 1e-12 or abs(point[3] - mix.value("D")) > 1e-12:
        sys.exit("mix: libalmen and numpy disagree on the estimates")
    # The two bootstraps agree in distribution (means within 5 standard errors).
    ours = mix.replicates("bootstrap", 400, seed=1)[["entropy", "M", "H", "D"]].to_numpy()
    theirs = numpy_bootstrap(counts, 400, seed=1)
    se = np.sqrt(ours.var(axis=0) / 400 + theirs.var(axis=0) / 400)
    if np.any(np.abs(ours.mean(axis=0) - theirs.mean(axis=0)) > 5 * se):
        sys.exit("mix: libalmen's and numpy's bootstrap distributions differ")

    t_almen, t_one, t_numpy = best_times(
        lambda: mix.replicates("bootstrap", REPLICATES, seed=7),
        one_thread(lambda: mix.replicates("bootstrap", REPLICATES, seed=7)),
        lambda: numpy_bootstrap(counts, REPLICATES, seed=7))
    # Processor time of one thread: what the work costs, whatever else the machine runs.
    cpu = float("inf")
    for _ in range(REPEAT):
        c0 = time.process_time()
        one_thread(lambda: mix.replicates("bootstrap", REPLICATES, seed=7))()
        cpu = min(cpu, time.process_time() - c0)
    cores = os.cpu_count()
    print(f"mix: libalmen {t_almen:.3f} s, numpy {t_numpy:.3f} s, ratio {t_numpy / t_almen:.1f} "
          f"(one thread {t_one:.3f} s wall, {cpu:.3f} s CPU, ratio {t_numpy / t_one:.1f}; "
          f"{REPLICATES} bootstrap replicates of {UNITS} x {GROUPS} cells, "
          f"{int(counts.sum())} persons; {cores} cores, load {os.getloadavg()[0]:.1f}; "
          f"best of {REPEAT})")


if __name__ == "__main__":
    main()
