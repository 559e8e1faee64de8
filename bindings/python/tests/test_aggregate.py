"""Aggregates of the conftest case, worked out by hand.

Area a1 = 601-1 + 601-2; area a2 = 601-3 + 601-4 (601-4 has no 2023 figures, 601-3 no
nonwestern in 2024). Shares are ratios of sums, which here differ from the mean of the
department ratios:

  a1 2023: outside_labour_fte 10 + 10 = 20 over residents_18_64 100 + 20 = 120
           -> 100 * 20/120 = 16.6667 %   (mean of ratios: (10 % + 50 %)/2 = 30 %)
           nonwestern 20 + 30 = 50 over residents 200 + 40 = 240
           -> 20.8333 %                   (mean of ratios: (10 % + 75 %)/2 = 42.5 %)
  a1 2024: 12.5 + 9 = 21.5 / 120 -> 17.9167 %; nonwestern 21 + 28 = 49 / 250 -> 19.6 %
  a2 2023: only 601-3 counts: 5 / 50 -> 10 %; 10 / 100 -> 10 %; 1 department, 50 dwellings
  a2 2024: 5 + 15 = 20 / (50 + 30) = 80 -> 25 %  (mean of ratios: (10 % + 50 %)/2 = 30 %)
           nonwestern missing (601-3 lacks it) -> NaN sum and NaN share
  municipality 2023: 25 / 170 -> 14.7059 %; nonwestern 60 / 340 -> 17.6471 %
  municipality 2024: 41.5 / 200 -> 20.75 %; residents 380; nonwestern NaN
"""

import math

import numpy as np
import pytest


def row(frame, unit_col, unit, year):
    sel = frame[(frame[unit_col] == unit) & (frame["year"] == year)]
    assert len(sel) == 1, f"{unit} {year}: {len(sel)} rows"
    return sel.iloc[0]


def test_area_ratio_of_sums(case):
    a = case.aggregate("area")
    assert list(a["area"]) == ["a1", "a1", "a2", "a2"]
    assert list(a["year"]) == [2023, 2024, 2023, 2024]

    r = row(a, "area", "a1", 2023)
    assert r["residents"] == 240
    assert r["residents_18_64"] == 120
    assert r["outside_labour_fte"] == 20
    assert r["outside_labour_pct"] == pytest.approx(100 * 20 / 120)
    assert r["outside_labour_pct"] != pytest.approx(30.0)  # the mean of ratios
    assert r["nonwestern_pct"] == pytest.approx(100 * 50 / 240)
    assert r["nonwestern_pct"] != pytest.approx(42.5)

    r = row(a, "area", "a1", 2024)
    assert r["outside_labour_fte"] == 21.5
    assert r["outside_labour_pct"] == pytest.approx(17.916666666666668)
    assert r["nonwestern"] == 49
    assert r["nonwestern_pct"] == pytest.approx(19.6)

    r = row(a, "area", "a2", 2023)
    assert r["departments"] == 1 and r["dwellings"] == 50
    assert r["outside_labour_pct"] == pytest.approx(10.0)
    assert r["nonwestern_pct"] == pytest.approx(10.0)

    r = row(a, "area", "a2", 2024)
    assert r["departments"] == 2 and r["dwellings"] == 80
    assert r["residents"] == 130
    assert r["outside_labour_pct"] == pytest.approx(25.0)
    assert r["outside_labour_pct"] != pytest.approx(30.0)
    assert math.isnan(r["nonwestern"]) and math.isnan(r["nonwestern_pct"])


def test_municipality(case):
    m = case.aggregate("municipality")
    assert len(m) == 2
    r = row(m, "municipality", m["municipality"][0], 2023)
    assert r["residents"] == 340 and r["departments"] == 3
    assert r["outside_labour_pct"] == pytest.approx(100 * 25 / 170)
    assert r["nonwestern_pct"] == pytest.approx(100 * 60 / 340)
    r = row(m, "municipality", m["municipality"][0], 2024)
    assert r["residents"] == 380 and r["departments"] == 4 and r["dwellings"] == 200
    assert r["outside_labour_fte"] == 41.5
    assert r["outside_labour_pct"] == pytest.approx(20.75)
    assert math.isnan(r["nonwestern_pct"])
    # Fields no department has are missing, not zero.
    assert m["convicted"].isna().all() and m["convicted_pct"].isna().all()


def test_default_level_is_municipality(case):
    a, b = case.aggregate(), case.aggregate("municipality")
    assert a.equals(b)


def test_department_level_equals_figures(case):
    d = case.aggregate("department")
    f = case.figures()
    assert list(d["department"]) == list(f["department"])
    np.testing.assert_array_equal(d["residents"].to_numpy(), f["residents"].to_numpy())


def test_figure_and_missing(case):
    assert case.figure("601-1", 2024, "outside_labour_fte") == 12.5
    assert math.isnan(case.figure("601-3", 2024, "nonwestern"))
