"""Department-year counts from person-level microdata: a hand-worked table at every age
edge, pandas groupby as a second method on a larger random table, department keys,
arrays passed without a copy, errors, and writing the counts into a case."""

import math

import numpy as np
import pandas as pd
import pytest

import almen
from test_numpy import traced_peak  # the same measure as for set_figure_values

NAN = float("nan")

# Ten persons of department "A" in 2024 at the age edges (worked out in tests/c/test_microdata.c,
# repeated here):
#   age  fte    basic conv stud tax nw  income   counts towards
#   14   NaN    1     1    0    1   0   1000     residents only
#   15   NaN    0     0    0    1   1   2000     taxpayers (15 is in 15-64), nonwestern
#   17   0.5    0     1    0    1   0   3000     taxpayers; not 18+: fte and conviction unused
#   18   0.25   0     1    1    1   0   4000     18-64, 18+, convicted; a student: no taxpayer
#   29   1      1     0    0    0   1   NaN      18-64, 18+, nonwestern; 29: basic unused
#   30   0      1     0    0    1   0   5000     18-64, 18+, 30-59, basic, taxpayers
#   59   0.75   1     1    0    1   1   6000     18-64, 18+, convicted, 30-59, basic, taxpayers, nw
#   60   0.5    1     0    0    1   0   7000     18-64, 18+, taxpayers; 60: not 30-59
#   64   0.125  0     0    0    1   0   -500     18-64, 18+, taxpayers
#   65   NaN    1     1    0    1   1   8000     18+, convicted, nonwestern; 65: no taxpayer
# plus one person of "B" in 2023 (40, basic, taxpayer of 300000 kr).
HAND = pd.DataFrame({
    "department": ["A"] * 10 + ["B"],
    "year": np.array([2024] * 10 + [2023], dtype=np.int32),
    "age": np.array([14, 15, 17, 18, 29, 30, 59, 60, 64, 65, 40], dtype=np.int32),
    "outside_labour_fte": [NAN, NAN, 0.5, 0.25, 1, 0, 0.75, 0.5, 0.125, NAN, 0.5],
    "income": [1000, 2000, 3000, 4000, NAN, 5000, 6000, 7000, -500, 8000, 300000.0],
    "basic_education": np.array([1, 0, 0, 0, 1, 1, 1, 1, 0, 1, 1], dtype=bool),
    "convicted": np.array([1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0], dtype=bool),
    "student": np.array([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], dtype=bool),
    "taxpayer": np.array([1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1], dtype=bool),
    "nonwestern": np.array([0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0], dtype=bool),
})

COUNTS_A_2024 = {"residents": 10, "residents_18_64": 6, "outside_labour_fte": 2.625,
                 "residents_18plus": 7, "convicted": 3, "residents_30_59": 2,
                 "basic_education": 2, "taxpayers_15_64": 6, "income_sum": 22500,
                 "nonwestern": 4}


def test_hand_worked_age_edges():
    counts = almen.microdata_counts(HAND)
    assert list(counts.columns) == ["department", "year", "residents", "residents_18_64",
                                    "outside_labour_fte", "residents_18plus", "convicted",
                                    "residents_30_59", "basic_education", "taxpayers_15_64",
                                    "income_sum", "nonwestern"]
    assert counts[["department", "year"]].values.tolist() == [["A", 2024], ["B", 2023]]
    a = counts.iloc[0]
    for name, want in COUNTS_A_2024.items():
        assert a[name] == want, name
    b = counts.iloc[1]
    assert (b["residents"], b["residents_30_59"], b["basic_education"], b["taxpayers_15_64"],
            b["income_sum"], b["residents_18plus"]) == (1, 1, 1, 1, 300000, 1)
    assert counts["residents"].dtype == np.int32
    assert counts["income_sum"].dtype == np.float64


def test_flag_types_give_the_same_counts():
    as_int32 = HAND.copy()
    as_int8 = HAND.copy()
    as_nullable = HAND.copy()
    for name in almen._microdata.FLAG_COLUMNS:
        as_int32[name] = HAND[name].astype(np.int32)
        as_int8[name] = HAND[name].astype(np.int8)
        as_nullable[name] = HAND[name].astype("boolean")
    as_int64 = HAND.astype({"year": np.int64, "age": np.int64})  # pandas' default ints
    want = almen.microdata_counts(HAND)
    for frame in (as_int32, as_int8, as_nullable, as_int64):
        pd.testing.assert_frame_equal(almen.microdata_counts(frame), want)


def test_optional_columns_missing():
    counts = almen.microdata_counts(HAND[["department", "year", "age", "taxpayer"]])
    a = counts.iloc[0]
    assert a["residents"] == 10 and a["residents_18plus"] == 7
    # taxpayers need the student flag too, to leave students out
    for name in ("convicted", "basic_education", "taxpayers_15_64", "nonwestern"):
        assert a[name] is pd.NA, name
    assert math.isnan(a["outside_labour_fte"]) and math.isnan(a["income_sum"])


def test_department_keys():
    data = {"department": np.array([2, 0, 2], dtype=np.int32),
            "year": np.array([2024, 2024, 2023], dtype=np.int32),
            "age": np.array([30, 30, 30], dtype=np.int32)}
    plain = almen.microdata_counts(data)  # indices, no keys
    assert plain[["department", "year"]].values.tolist() == [[0, 2024], [2, 2023], [2, 2024]]
    keyed = almen.microdata_counts(data, departments=[0, 1, 2][::-1])  # keys 2, 1, 0
    assert keyed[["department", "year"]].values.tolist() == [[2, 2023], [2, 2024], [0, 2024]]
    named = dict(data, department=np.array(["x", "y", "x"], dtype=object))
    assert almen.microdata_counts(named, departments=["y", "x"])["department"].tolist() == \
        ["y", "x", "x"]
    # Without keys, strings are numbered in sorted order and reported by name.
    assert almen.microdata_counts(named)[["department", "year"]].values.tolist() == \
        [["x", 2023], ["x", 2024], ["y", 2024]]
    with pytest.raises(ValueError, match=r"row 1: 'y' is not a known department"):
        almen.microdata_counts(named, departments=["x"])
    # Categoricals are mapped by category, not per person; unused categories give no rows.
    cat = dict(data, department=pd.Categorical(["x", "y", "x"], categories=["y", "z", "x"]))
    assert almen.microdata_counts(cat)[["department", "year"]].values.tolist() == \
        [["y", 2024], ["x", 2023], ["x", 2024]]
    assert almen.microdata_counts(cat, departments=["x", "y", "z"])["department"].tolist() == \
        ["x", "x", "y"]
    with pytest.raises(ValueError, match="row 1 is missing"):
        almen.microdata_counts(dict(cat, department=pd.Categorical(["x", None, "x"])))


# ---- the second method: pandas on a larger random table -------------------------------

def random_persons(n, n_departments, seed):
    rng = np.random.default_rng(seed)
    age = rng.integers(0, 106, n).astype(np.int32)
    fte = rng.integers(0, 9, n) / 8.0  # eighths: sums exact in any order
    fte[(rng.random(n) < 0.1) & ((age < 18) | (age > 64))] = NAN  # unused there
    return pd.DataFrame({
        "department": rng.integers(0, n_departments, n).astype(np.int32),
        "year": rng.integers(2019, 2024, n).astype(np.int32),
        "age": age,
        "outside_labour_fte": fte,
        "income": rng.integers(-20000, 900000, n).astype(np.float64),  # whole kroner: exact
        "basic_education": rng.random(n) < 0.3,
        "convicted": rng.random(n) < 0.05,
        "student": rng.random(n) < 0.1,
        "taxpayer": rng.random(n) < 0.8,
        "nonwestern": rng.random(n) < 0.2,
    })


def pandas_counts(p):
    """The definitions of docs/microdata.md written the idiomatic pandas way: masks, then
    one groupby sum (booleans sum to counts). bench/microdata times this same function."""
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


def test_random_table_matches_pandas_groupby():
    persons = random_persons(200_003, 57, seed=7)
    got = almen.microdata_counts(persons)
    want = pandas_counts(persons)
    assert len(got) == len(want) == 57 * 5
    for name in want.columns:
        np.testing.assert_array_equal(got[name].to_numpy(dtype=np.float64),
                                      want[name].to_numpy(dtype=np.float64), err_msg=name)


# ---- arrays are not copied -----------------------------------------------------------

N = 2_000_000  # the smallest column (a bool) is 2 MB: any copy shows in the traced peak


def big_columns():
    rng = np.random.default_rng(1)
    return {
        "department": rng.integers(0, 100, N).astype(np.int32),
        "year": np.full(N, 2024, dtype=np.int32),
        "age": rng.integers(0, 100, N).astype(np.int32),
        "outside_labour_fte": rng.random(N),
        "income": rng.random(N) * 1e6,
        "basic_education": rng.random(N) < 0.3,
        "convicted": rng.random(N) < 0.05,
        "student": rng.random(N) < 0.1,
        "taxpayer": rng.random(N) < 0.8,
        "nonwestern": (rng.random(N) < 0.2).view(np.int8),
    }


def test_numpy_columns_are_not_copied():
    data = big_columns()
    assert traced_peak(lambda: almen.microdata_counts(data)) < 1_000_000
    frame = pd.DataFrame(data)  # columns of a DataFrame: views, no copy either
    assert traced_peak(lambda: almen.microdata_counts(frame)) < 1_000_000
    # The measure can fail: an int64 age column must be narrowed, an 8 MB int32 copy.
    data["age"] = data["age"].astype(np.int64)
    assert traced_peak(lambda: almen.microdata_counts(data)) >= 4 * N


def test_microdata_keeps_what_it_lends():
    data = big_columns()
    data["age"] = data["age"].astype(np.int64)  # converted: only the Microdata holds the copy
    md = almen.Microdata(data)
    del data
    counts = md.counts()  # reads the converted array, which must still be alive
    assert counts["residents"].sum() == N
    md.free()


# ---- errors ----------------------------------------------------------------------------

def test_bad_values_name_column_and_row():
    bad = HAND.copy()
    bad.loc[3, "age"] = 126
    with pytest.raises(almen.Error) as ei:
        almen.microdata_counts(bad)
    assert ei.value.code == almen.EINPUT
    assert ei.value.field == "age"
    assert "row 3: age 126 is outside 0..125" in ei.value.message
    bad = HAND.copy()
    bad["convicted"] = bad["convicted"].astype(np.int32)
    bad.loc[5, "convicted"] = 2
    with pytest.raises(almen.Error, match="row 5: convicted 2 is not 0 or 1"):
        almen.microdata_counts(bad)
    bad = HAND.copy()
    bad.loc[4, "outside_labour_fte"] = 1.5
    with pytest.raises(almen.Error, match="row 4: outside_labour_fte 1.5 is outside 0..1"):
        almen.microdata_counts(bad)
    bad = HAND.copy()
    bad.loc[0, "year"] = 1899
    with pytest.raises(almen.Error, match="row 0: year 1899"):
        almen.microdata_counts(bad)


def test_department_index_out_of_range(case):
    # Integer departments with a case are indices into its four departments.
    data = {"department": np.array([0, 7], dtype=np.int32), "year": [2024, 2024], "age": [1, 2]}
    with pytest.raises(almen.Error, match="row 1: department 7 is not a department index 0..3"):
        almen.microdata_counts(data, case=case)


def test_bad_shapes_and_types():
    with pytest.raises(almen.Error, match="year has 2 values for 3 rows"):
        almen.microdata_counts({"department": [0, 1, 1], "year": [2024, 2024], "age": [1, 2, 3]})
    with pytest.raises(ValueError, match="needs a 'department' column"):
        almen.microdata_counts({"year": [2024], "age": [3]})
    with pytest.raises(almen.Error, match="age is required"):
        almen.microdata_counts({"department": [0], "year": [2024]})
    with pytest.raises(ValueError, match=r"'age': row 1: 3.5 is not a whole number"):
        almen.microdata_counts({"department": [0, 0], "year": [2024, 2024], "age": [3, 3.5]})
    with pytest.raises(ValueError, match="'convicted' has missing values"):
        almen.microdata_counts({"department": [0], "year": [2024], "age": [30],
                                "convicted": pd.array([None], dtype="boolean")})
    # The raw setter takes int8 only where the cast is safe: 256 must not become 0.
    handle = almen.microdata_new(1, 3)
    with pytest.raises(TypeError):
        almen.microdata_set_int8(handle, "convicted", np.array([0, 1, 256]))


# ---- into a case ---------------------------------------------------------------------

def test_case_set_figures_from_microdata(case):
    persons = HAND.replace({"department": {"A": "601-1", "B": "601-3"}})
    persons["department"] = persons["department"].astype("category")
    case.set_figures_from_microdata(persons)
    assert case.figure("601-1", 2024, "residents") == 10
    assert case.figure("601-1", 2024, "outside_labour_fte") == 2.625
    assert case.figure("601-1", 2024, "income_sum") == 22500
    assert case.figure("601-3", 2023, "basic_education") == 1
    assert case.figure("601-3", 2023, "residents") == 1  # was 100: replaced
    assert case.figure("601-2", 2024, "residents") == 40  # no persons: untouched
    # Indices into the case's departments work too (601-4 is index 3).
    case.set_figures_from_microdata({"department": np.array([3], dtype=np.int32),
                                     "year": [2030], "age": [70]})
    assert case.figure("601-4", 2030, "residents_18plus") == 1


def test_case_all_or_nothing(case):
    before = case.to_yaml()
    bad = HAND.replace({"department": {"A": "601-1", "B": "601-3"}})
    bad.loc[10, "age"] = -1
    with pytest.raises(almen.Error, match="row 10: age -1"):
        case.set_figures_from_microdata(bad)
    with pytest.raises(ValueError, match="row 10: 'Z' is not a known department"):
        case.set_figures_from_microdata(HAND.replace({"department": {"A": "601-1", "B": "Z"}}))
    assert case.to_yaml() == before
