"""almen.mix: the index tables from DataFrames and arrays, labels, no-copy input, and the
schools00/05 tables checked against a separate numpy implementation and against the
values the R package segregation publishes for them."""

import math

import numpy as np
import pandas as pd
import pytest

import almen
from conftest import data_dir
from test_numpy import traced_peak

# Units A (8, 2), B (2, 8), C (0, 10) of groups x, y -- worked by hand in tests/c/test_mix.c:
# D = 0.7, isolation x 0.68, exposure x->y 0.32, y->x 0.16, E = ln 3 - 2/3 ln 2.
HAND = pd.DataFrame({"x": [8.0, 2, 0], "y": [2.0, 8, 10]}, index=["A", "B", "C"])
HAND_M = (0.8 * math.log(2.4) + 0.2 * math.log(0.3) + 0.2 * math.log(0.6) + 0.8 * math.log(1.2)
          + math.log(1.5)) / 3
HAND_E = math.log(3) - 2 / 3 * math.log(2)


def value(frame, index):
    return float(frame.loc[frame["index"] == index, "value"].iloc[0])


def test_hand_worked_frame():
    m = almen.mix.Mix(HAND)
    s = m.summary()
    assert value(s, "D") == pytest.approx(0.7, abs=1e-12)
    assert value(s, "M") == pytest.approx(HAND_M, abs=1e-12)
    assert value(s, "entropy") == pytest.approx(HAND_E, abs=1e-12)
    assert value(s, "H") == pytest.approx(HAND_M / HAND_E, abs=1e-12)
    p = m.pairs().set_index(["group", "other"])
    assert p.loc[("x", "x"), "exposure"] == pytest.approx(0.68)
    assert p.loc[("x", "y"), "exposure"] == pytest.approx(0.32)
    assert p.loc[("y", "x"), "exposure"] == pytest.approx(0.16)
    assert p.loc[("y", "x"), "dissimilarity"] == pytest.approx(0.7)
    u = m.units().set_index("unit")
    assert list(u.index) == ["A", "B", "C"]
    assert u["M_contribution"].sum() == pytest.approx(HAND_M, abs=1e-12)
    assert u.loc["C", "local_M"] == pytest.approx(math.log(1.5))
    g = m.groups().set_index("group")
    assert g.loc["x", "isolation_adjusted"] == pytest.approx(0.52)
    assert m.value("D") == pytest.approx(0.7)


def test_labels_come_back_as_objects():
    m = almen.mix.Mix(np.array([[1.0, 2], [3, 4]]), units=[10, 20], groups=["a", 7])
    u = m.units()
    assert list(u["unit"]) == [10, 20]
    assert list(m.groups()["group"]) == ["a", 7]
    assert [type(x) for x in m.pairs()["other"]] == [str, int, str, int]
    d = almen.mix.Mix(np.array([[1.0, 2], [3, 4]]))  # default labels 0, 1
    assert list(d.units()["unit"]) == [0, 1]
    with pytest.raises(ValueError, match="not distinct"):
        almen.mix.Mix(np.ones((2, 2)), units=[1, "1"])
    with pytest.raises(ValueError, match="line break"):
        almen.mix.Mix(np.ones((2, 2)), groups=["a\nb", "c"])
    with pytest.raises(ValueError, match="2 unit and 3 group labels"):
        almen.mix.Mix(np.ones((2, 2)), groups=["a", "b", "c"])


def test_bad_counts_raise():
    with pytest.raises(almen.Error) as ei:
        almen.mix.Mix(np.array([[1.0, -2], [3, 4]]))
    assert ei.value.code == almen.EINVAL
    assert "unit 1, group 2" in str(ei.value)
    with pytest.raises(ValueError, match="2-D"):
        almen.mix.Mix(np.ones(4))


N = 1_000_000  # 8 MB of float64: a copy would show in the traced peak


def test_arrays_pass_without_copy():
    from almen._mix import _flat_counts
    c_order = np.ones((N // 4, 4))
    f_order = np.asfortranarray(np.ones((N // 4, 4)))
    for a in (c_order, f_order, pd.DataFrame(f_order).to_numpy()):
        flat, groups, column_major = _flat_counts(a)
        assert np.shares_memory(flat, a) and groups == 4
        assert column_major == (0 if a.flags.c_contiguous else 1)
        # and the typemap hands the flat view to C as it is (no 8 MB copy)
        assert traced_peak(lambda: almen.mix_new(flat, groups, column_major)) < N
    # a whole Mix without labels stays far below a copy too
    assert traced_peak(lambda: almen.mix.Mix(c_order).n_units) < N
    assert traced_peak(lambda: almen.mix.Mix(f_order).n_units) < N
    # other dtypes are converted (a copy of 8 MB), and both orders give the same table
    assert traced_peak(lambda: almen.mix.Mix(c_order.astype(np.int64))) >= 8 * N
    a = np.arange(12.0).reshape(4, 3) + 1
    ma, mf = almen.mix.Mix(a), almen.mix.Mix(np.asfortranarray(a))
    pd.testing.assert_frame_equal(ma.counts(), mf.counts())
    assert list(mf.counts()["count"]) == list(a.reshape(-1))
    assert list(mf.counts()["unit"])[:4] == [0, 0, 0, 1]


def test_higher_level_and_long_input():
    counts = pd.DataFrame([[4, 4, 2], [2, 6, 2], [0, 2, 8], [4, 0, 6]], dtype=float,
                          index=["u1", "u2", "u3", "u4"], columns=["g1", "g2", "g3"])
    higher = pd.Series({"u4": "south", "u3": "south", "u1": "north", "u2": "north"})
    m = almen.mix.Mix(counts, higher=higher)
    s = m.summary()
    assert value(s, "M_between") + value(s, "M_within") == pytest.approx(value(s, "M"), abs=1e-15)
    h = m.higher().set_index("higher")
    assert list(h.index) == ["north", "south"]
    assert h["M_within_contribution"].sum() == pytest.approx(value(s, "M_within"), abs=1e-15)
    assert list(m.units()["higher"]) == ["north", "north", "south", "south"]
    long = counts.stack().rename("n").reset_index().rename(columns={"level_0": "unit", "level_1": "group"})
    long["district"] = long["unit"].map(higher)
    m2 = almen.mix.Mix.from_long(long, "unit", "group", "n", higher="district")
    pd.testing.assert_frame_equal(m.summary(), m2.summary())
    tables = almen.mix.indices(counts, higher=list(higher.reindex(counts.index)))
    assert set(tables) == {"summary", "groups", "pairs", "units", "higher"}
    long.loc[0, "district"] = "south"  # u1 in two districts
    with pytest.raises(ValueError, match="more than one"):
        almen.mix.Mix.from_long(long, "unit", "group", "n", higher="district")
    with pytest.raises(ValueError, match="no value for unit 'u4'"):
        almen.mix.Mix(counts, higher=higher.drop("u4"))


def test_inference_reproducible():
    counts = np.array([[40, 10, 5], [12, 30, 8], [5, 9, 41], [20, 20, 20]], dtype=float)
    m = almen.mix.Mix(counts)
    a, b, c = m.inference(300, seed=4), m.inference(300, seed=4), m.inference(300, seed=5)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)
    reps = m.replicates("bootstrap", 300, seed=4)
    assert reps["M"].mean() == pytest.approx(float(a.loc[a["index"] == "M", "bootstrap_mean"].iloc[0]),
                                             rel=1e-13)
    # Clearly segregated: no random allocation comes near it.
    assert float(a.loc[a["index"] == "M", "p_value"].iloc[0]) == pytest.approx(1 / 301)
    with pytest.raises(almen.Error) as ei:
        almen.mix.Mix(counts + 0.5).inference(10)
    assert ei.value.code == almen.EINPUT


def test_case_mix():
    case = almen.Case.example()
    m = case.mix("origin", 2024, higher="district")
    assert m.n_units == case.n_departments
    assert m.group_labels == ["nonwestern", "other"]
    u = m.units()
    assert list(u["unit"]) == list(case.departments()["id"])
    figs = case.figures().query("year == 2024").set_index("department")
    first = u["unit"].iloc[0]
    assert u["total"].iloc[0] == figs.loc[first, "residents"]
    latest = case.mix("schooling")  # latest year, by district
    assert latest.summary() is not None
    assert "higher" not in case.mix("work", 2024, higher=None).tables()


# ---- schools00 / schools05: a second method, and the published values ----------------------

RACES = ["asian", "black", "hisp", "native", "white"]


def schools(name):
    long = pd.read_csv(data_dir() / "mix" / name)
    wide = long.pivot_table(index="school", columns="race", values="n", aggfunc="sum",
                            fill_value=0).reindex(columns=RACES, fill_value=0)
    per_school = long.groupby("school")[["state", "district"]].first().reindex(wide.index)
    return wide.astype(float), per_school


def numpy_m(t):
    """M straight from its definition: sum p_ug ln(p_ug / (p_u p_g))."""
    t = t[t.sum(axis=1) > 0]
    p = t / t.sum()
    pu, pg = p.sum(axis=1, keepdims=True), p.sum(axis=0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.where(p > 0, p * np.log(p / (pu * pg)), 0).sum())


def numpy_entropy(t):
    pg = t.sum(axis=0) / t.sum()
    pg = pg[pg > 0]
    return float(-(pg * np.log(pg)).sum())


def test_schools_against_numpy_and_published():
    wide, per = schools("schools00.csv")
    t = wide.to_numpy()
    m = almen.mix.Mix(wide, higher=per["state"])
    s = m.summary()
    M, E = numpy_m(t), numpy_entropy(t)
    # Published (README of elbersb/segregation): M 0.426, H 0.419; between states 0.0992 /
    # 0.0977, within 0.326 / 0.321.
    assert value(s, "M") == pytest.approx(0.426, abs=5e-4)
    assert value(s, "H") == pytest.approx(0.419, abs=5e-4)
    assert value(s, "M_between") == pytest.approx(0.0992, abs=5e-5)
    assert value(s, "H_between") == pytest.approx(0.0977, abs=5e-5)
    assert value(s, "M_within") == pytest.approx(0.326, abs=5e-4)
    # numpy, to rounding
    assert value(s, "M") == pytest.approx(M, rel=1e-13)
    assert value(s, "entropy") == pytest.approx(E, rel=1e-13)
    states = wide.groupby(per["state"]).sum().to_numpy()
    assert value(s, "M_between") == pytest.approx(numpy_m(states), rel=1e-12)
    pu = t.sum(axis=1, keepdims=True)
    pg = t.sum(axis=0) / t.sum()
    interaction = (pg * (1 - pg)).sum()
    d = np.abs(t - pu * pg).sum() / (2 * t.sum() * interaction)
    assert value(s, "D") == pytest.approx(d, rel=1e-12)
    tg = t.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(pu > 0, t / pu, 0)
    exposure = (t / tg).T @ share  # P*_xy = sum_u (t_ux / T_x)(t_uy / t_u)
    p = m.pairs().set_index(["group", "other"])
    for i, x in enumerate(RACES):
        for j, y in enumerate(RACES):
            assert p.loc[(x, y), "exposure"] == pytest.approx(exposure[i, j], rel=1e-12)
            two = 0.5 * np.abs(t[:, i] / tg[i] - t[:, j] / tg[j]).sum()
            assert p.loc[(x, y), "dissimilarity"] == pytest.approx(two, abs=1e-14)


def ipf(src, rows, cols, tol=1e-13):
    """Iterative proportional fitting of src to row and column shares (numpy)."""
    p = src / src.sum()
    for _ in range(100000):
        p = p * (rows / p.sum(axis=1))[:, None]
        p = p * (cols / p.sum(axis=0))[None, :]
        if np.all(np.abs(p.sum(axis=1) / rows - 1) <= tol):
            return p
    raise AssertionError("numpy IPF did not converge")


def test_schools_change_against_numpy():
    a_wide, _ = schools("schools00.csv")
    b_wide, _ = schools("schools05.csv")
    a_mix, b_mix = almen.mix.Mix(a_wide), almen.mix.Mix(b_wide)
    t = a_mix.change(b_mix).set_index("stat")["value"]
    # Published (elbersb/segregation README): M1 0.42554, M2 0.41339, diff -0.01215,
    # additions -0.00341, removals -0.01141.
    assert t["from"] == pytest.approx(0.42554, abs=5e-6)
    assert t["to"] == pytest.approx(0.41339, abs=5e-6)
    assert t["difference"] == pytest.approx(-0.01215, abs=5e-6)
    assert t["additions"] == pytest.approx(-0.00341, abs=5e-6)
    assert t["removals"] == pytest.approx(-0.01141, abs=5e-6)
    # The Shapley decomposition again in numpy (common schools; empty cells present in the
    # other year filled with 1e-4 pupils; IPF to convergence).
    common = a_wide.index.intersection(b_wide.index)
    a, b = a_wide.loc[common].to_numpy(), b_wide.loc[common].to_numpy()
    af = np.where(a > 0, a, np.where(b > 0, 1e-4, 0))
    bf = np.where(b > 0, b, np.where(a > 0, 1e-4, 0))
    ra, ca = a.sum(1) / a.sum(), a.sum(0) / a.sum()
    rb, cb = b.sum(1) / b.sum(), b.sum(0) / b.sum()
    aaa, bbb = numpy_m(a), numpy_m(b)
    bba, aab = numpy_m(ipf(af, rb, cb)), numpy_m(ipf(bf, ra, ca))
    aba, baa = numpy_m(ipf(af, rb, ca)), numpy_m(ipf(af, ra, cb))
    abb, bab = numpy_m(ipf(bf, rb, ca)), numpy_m(ipf(bf, ra, cb))
    structural = 0.5 * (aab - aaa) + 0.5 * (bbb - bba)
    group = 0.25 * ((baa - aaa) + (bba - aba) + (bbb - abb) + (bab - aab))
    unit = 0.25 * ((aba - aaa) + (bba - baa) + (bbb - bab) + (abb - aab))
    assert t["structural"] == pytest.approx(structural, abs=1e-9)
    assert t["group_marginal"] == pytest.approx(group, abs=1e-9)
    assert t["unit_marginal"] == pytest.approx(unit, abs=1e-9)
    parts = t[["additions", "removals", "group_marginal", "unit_marginal", "structural"]].sum()
    assert parts == pytest.approx(t["difference"], abs=1e-12)
    assert almen.mix.change(a_mix, b_mix, "D").set_index("stat")["value"]["from"] == \
        pytest.approx(a_mix.value("D"), rel=1e-15)
