"""tests/data/tiny.yaml against the values worked out by hand in tiny-expected.md."""

import pytest

import almen

from conftest import data_dir

TINY = data_dir() / "tiny.yaml"
EXPECTED_MD = data_dir() / "tiny-expected.md"

pytestmark = pytest.mark.skipif(not (TINY.exists() and EXPECTED_MD.exists()),
                                reason="tests/data/tiny.yaml or tiny-expected.md missing")

SHARES = ["outside_labour_pct", "convicted_pct", "basic_education_pct", "nonwestern_pct",
          "average_income"]

# (level, unit, year): residents, residents_18_64, outside_labour_fte, shares (as SHARES)
EXPECTED = {
    ("area", "hoej", 2024): (500, 250, 85.5, [34.2, 3.0, 32.0, 24.0, 270000]),
    ("area", "hoej", 2025): (500, 250, 80.25, [32.1, 3.5, 29.6, 25.2, 280000]),
    ("area", "lav", 2024): (500, 250, 110, [44.0, 4.75, 36.0, 35.0, 220000]),
    ("area", "lav", 2025): (500, 250, 105, [42.0, 4.5, 33.6, 36.4, 230000]),
    ("district", "nord", 2024): (500, 250, 85.5, [34.2, 3.0, 32.0, 24.0, 270000]),
    ("district", "nord", 2025): (500, 250, 80.25, [32.1, 3.5, 29.6, 25.2, 280000]),
    ("district", "syd", 2024): (500, 250, 110, [44.0, 4.75, 36.0, 35.0, 220000]),
    ("district", "syd", 2025): (800, 400, 120, [30.0, 3.28125, 28.5, 30.25, 256250]),
    ("organisation", "501", 2024): (850, 400, 120, [30.0, 100 * 17 / 650, 25.0, 100 * 175 / 850, 275000]),
    ("organisation", "501", 2025): (850, 400, 112.5, [28.125, 100 * 20 / 650, 23.0, 100 * 192 / 850, 285000]),
    ("organisation", "502", 2024): (150, 100, 75.5, [75.5, 100 * 14 / 150, 70.0, 80.0, 125000]),
    ("organisation", "502", 2025): (450, 250, 87.75, [35.1, 100 * 15 / 390, 38.4, 100 * 176 / 450, 234000]),
    ("municipality", None, 2024): (1000, 500, 195.5, [39.1, 3.875, 34.0, 29.5, 245000]),
    ("municipality", None, 2025): (1300, 650, 200.25, [801 / 26, 175 / 52, 376 / 13, 368 / 13, 3450000 / 13]),
}

# Means of department ratios that a wrong implementation would give (must not appear).
WRONG = {
    ("area", "hoej", 2024): [48, 5, 50, 45, 225000],
    ("district", "syd", 2025): [120.25 / 3, 13.25 / 3, 104 / 3, 128 / 3, 670000 / 3],
    ("organisation", "502", 2025): [155.5 / 3, 5.75, 152 / 3, 58, 190000],
    ("municipality", None, 2025): [42.35, 4.65, 39.6, 43.6, 228000],
}


@pytest.fixture(scope="module")
def tiny():
    with almen.Case.load(TINY) as c:
        yield c


def lookup(tiny, level, unit, year):
    a = tiny.aggregate(level)
    sel = a[a["year"] == year] if unit is None else a[(a[level] == unit) & (a["year"] == year)]
    assert len(sel) == 1
    return sel.iloc[0]


def test_tiny_municipality(tiny):
    assert tiny.municipality_code == 998
    assert tiny.municipality_name == "Lilleby"
    assert tiny.region == "Sjælland"
    assert tiny.n_departments == 5


@pytest.mark.parametrize("key", sorted(EXPECTED, key=str))
def test_tiny_expected(tiny, key):
    residents, r18_64, fte, shares = EXPECTED[key]
    r = lookup(tiny, *key)
    assert r["residents"] == residents
    assert r["residents_18_64"] == r18_64
    assert r["outside_labour_fte"] == pytest.approx(fte)
    for name, value in zip(SHARES, shares):
        assert r[name] == pytest.approx(value, rel=1e-12), name


@pytest.mark.parametrize("key", sorted(WRONG, key=str))
def test_tiny_not_mean_of_ratios(tiny, key):
    r = lookup(tiny, *key)
    for name, wrong in zip(SHARES, WRONG[key]):
        assert r[name] != pytest.approx(wrong, rel=1e-6), name


def test_tiny_new_build_counts_only_in_2025(tiny):
    syd = tiny.aggregate("district")
    syd = syd[syd["district"] == "syd"].set_index("year")
    assert syd.loc[2024, "departments"] == 2
    assert syd.loc[2025, "departments"] == 3
    # 502-3 has no area: it is in no area row.
    areas = tiny.aggregate("area")
    assert areas.groupby("year")["residents"].sum().to_dict() == {2024: 1000, 2025: 1000}
