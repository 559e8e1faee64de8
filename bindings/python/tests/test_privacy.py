"""Small-cell suppression for publication: the rule's edges (exactly 100 persons and 50
households are published, 99 or 49 are not), composition columns withheld but rows kept,
and the DataFrame route agreeing with the C library's table route."""

import math

import numpy as np
import pandas as pd
import pytest

import almen

# Four departments in 2024: at the edge, one person short, one household short, and
# households unknown.
EDGES = """\
municipality: {code: 630, name: V, region: Syddanmark}
areas: [{id: a, name: A}]
organisations: [{id: "1", name: O}]
departments:
  - {organisation: "1", number: 1, name: P, area: a, figures: [{year: 2024, residents: 100,
     households: 50, vacancies: 2, residents_18_64: 60, outside_labour_fte: 6, nonwestern: 10}]}
  - {organisation: "1", number: 2, name: Q, area: a, figures: [{year: 2024, residents: 99,
     households: 50, vacancies: 1, residents_18_64: 60, outside_labour_fte: 3, nonwestern: 9}]}
  - {organisation: "1", number: 3, name: R, figures: [{year: 2024, residents: 100,
     households: 49, vacancies: 0, residents_18_64: 50, outside_labour_fte: 5, nonwestern: 1}]}
  - {organisation: "1", number: 4, name: S, figures: [{year: 2024, residents: 120,
     vacancies: 3, residents_18_64: 50, outside_labour_fte: 5, nonwestern: 12}]}
"""


@pytest.fixture
def edges():
    with almen.Case.from_yaml(EDGES) as c:
        yield c


def test_defaults_are_lbfs_rule():
    assert (almen.MIN_PERSONS, almen.MIN_HOUSEHOLDS) == (100, 50)


def test_rule_edges():
    rule = almen.privacy_suppressed
    assert rule(100, 50, 100, 50) == 0
    assert rule(99, 50, 100, 50) == 1
    assert rule(100, 49, 100, 50) == 1
    assert rule(math.nan, 50, 100, 50) == 1
    assert rule(100, math.nan, 100, 0) == 0
    with pytest.raises(almen.Error) as ei:
        rule(100, 50, -1, 50)
    assert ei.value.code == almen.EINVAL


def test_department_figures(edges):
    figures = edges.aggregate("department")
    published = almen.suppress_small_cells(figures)
    assert published["suppressed"].tolist() == [False, True, True, True]
    assert list(published.columns) == list(figures.columns) + ["suppressed"]
    assert len(published) == len(figures)  # never dropped
    # The unit and its size, and the dwelling figures, stay everywhere.
    for name in ("department", "year", "residents", "households", "vacancies", "dwellings"):
        pd.testing.assert_series_equal(published[name], figures[name])
    # Composition is withheld in the suppressed rows only.
    for name in ("residents_18_64", "outside_labour_fte", "nonwestern", "outside_labour_pct",
                 "nonwestern_pct", "average_income"):
        assert published[name][1:].isna().all(), name
    assert published.loc[0, "outside_labour_pct"] == 10  # 6 of 60
    assert published.loc[0, "nonwestern"] == 10
    # The input is not changed.
    assert figures.loc[1, "nonwestern"] == 9


def test_python_route_agrees_with_the_c_table_route(edges):
    for level in ("department", "area", "municipality"):
        for minimums in ((100, 50), (200, 50), (0, 0), (100, 0)):
            raw = almen.case_aggregate(edges._handle, level)
            via_c = almen.table_to_frame(almen.table_suppress_small_cells(raw, *minimums))
            via_py = almen.suppress_small_cells(edges.aggregate(level), *minimums)
            via_py["suppressed"] = via_py["suppressed"].astype("boolean")
            pd.testing.assert_frame_equal(via_py, via_c, check_dtype=False)


def test_area_is_the_unit(edges):
    # P + Q: 199 persons, 100 households: published, although Q alone is not.
    area = almen.suppress_small_cells(edges.aggregate("area"))
    assert area["suppressed"].tolist() == [False]
    assert area.loc[0, "outside_labour_pct"] == 7.5  # (6 + 3) / 120
    assert almen.suppress_small_cells(edges.aggregate("area"), min_persons=200)[
        "suppressed"].tolist() == [True]


def test_integer_counts_stay_integers():
    counts = almen.microdata_counts({"department": np.array([0, 1, 1], dtype=np.int32),
                                     "year": [2024, 2024, 2024], "age": [40, 40, 10],
                                     "nonwestern": [True, False, True]})
    with pytest.raises(ValueError, match="no 'households' column"):
        almen.suppress_small_cells(counts)
    published = almen.suppress_small_cells(counts, min_persons=2, min_households=0)
    assert published["suppressed"].tolist() == [True, False]
    assert published["nonwestern"].dtype == "Int32"
    assert published["nonwestern"].tolist() == [pd.NA, 1]
    assert published["residents"].tolist() == [1, 2]  # size: never withheld


def test_bad_calls(edges):
    published = almen.suppress_small_cells(edges.aggregate())
    with pytest.raises(ValueError, match="already has a 'suppressed' column"):
        almen.suppress_small_cells(published)
    with pytest.raises(almen.Error, match="min_households"):
        almen.suppress_small_cells(edges.aggregate(), 100, float("nan"))
    with pytest.raises(TypeError):
        almen.suppress_small_cells({"residents": [1]})
