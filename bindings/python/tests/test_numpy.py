"""(const double *values, size_t n): numpy arrays in, without a copy when possible."""

import math
import tracemalloc

import numpy as np
import pandas as pd
import pytest

import almen

N = 1_000_000  # 8 MB as float64: a copy would show in the traced peak


def traced_peak(fn):
    """Peak of memory traced (Python and numpy allocations) while fn runs, in bytes."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        fn()
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


def wrong_length(case, values):
    def call():
        with pytest.raises(almen.Error) as ei:  # n != department count
            case.set_figure_values("residents", 2024, values)
        assert ei.value.code == almen.EINVAL
    return call


def test_float64_passes_without_copy(case):
    values = np.zeros(N, dtype=np.float64)
    assert traced_peak(wrong_length(case, values)) < N  # no 8 MB copy
    view = pd.Series(values)  # a float64 Series over the same data: no copy either
    assert traced_peak(wrong_length(case, view)) < N


def test_other_arrays_are_converted(case):
    ints = np.zeros(N, dtype=np.int64)
    assert traced_peak(wrong_length(case, ints)) >= 8 * N  # converted to float64
    strided = np.zeros(2 * N)[::2]
    assert traced_peak(wrong_length(case, strided)) >= 8 * N  # made contiguous


def test_values_float64(case):
    values = np.array([220.0, 45.0, 101.0, 31.0])
    case.set_figure_values("residents", 2024, values)
    assert [case.figure(d, 2024, "residents") for d in ("601-1", "601-2", "601-3", "601-4")] == \
        [220, 45, 101, 31]
    values[0] = 999  # the library copied what it needs
    assert case.figure("601-1", 2024, "residents") == 220


def test_values_int_array_and_list(case):
    case.set_figure_values("residents", 2024, np.array([221, 46, 102, 32], dtype=np.int32))
    assert case.figure("601-4", 2024, "residents") == 32
    case.set_figure_values("households", 2024, [90, 20, None, 15])  # None -> NaN: missing
    assert case.figure("601-2", 2024, "households") == 20
    assert math.isnan(case.figure("601-3", 2024, "households"))


def test_values_other_layouts(case):
    big_endian = np.array([223.0, 47.0, 103.0, 33.0], dtype=">f8")
    case.set_figure_values("residents", 2024, big_endian)
    assert case.figure("601-1", 2024, "residents") == 223
    strided = np.array([224.0, 0, 48.0, 0, 104.0, 0, 34.0, 0])[::2]
    case.set_figure_values("residents", 2024, strided)
    assert case.figure("601-4", 2024, "residents") == 34
    nullable = pd.array([91, None, 30, 16], dtype="Int64")
    case.set_figure_values("households", 2024, nullable)
    assert math.isnan(case.figure("601-2", 2024, "households"))
    assert case.figure("601-4", 2024, "households") == 16


def test_values_rejects_bad_input(case):
    with pytest.raises((ValueError, TypeError)):
        case.set_figure_values("residents", 2024, np.zeros((2, 2)))
    with pytest.raises((ValueError, TypeError)):
        case.set_figure_values("residents", 2024, ["a", "b", "c", "d"])
