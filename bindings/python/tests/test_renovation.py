"""Renovation scenarios from Python: Case.scenarios(), Case.renovate() and loading the section
on its own. Expected values are worked out by hand in the comments."""

import math

import numpy as np
import pandas as pd
import pytest

import almen
from almen import finance

# Area a: 1-1 (100 family, 10,000 m², 1,000 kr/m² a year), 1-2 (10 youth, 400 m², 900 kr/m²:
# 40 m² each, 900 * 40 / 12 = 3,000 kr a month).
CASE = """\
municipality: {code: 630, name: Testby, region: Syddanmark}
areas: [{id: a, name: Area A}]
organisations: [{id: "1", name: Org}]
departments:
  - {organisation: "1", number: 1, name: D1, area: a, dwellings: {family: 100},
     floor_area: 10000, rent: 1000}
  - {organisation: "1", number: 2, name: D2, area: a, dwellings: {youth: 10},
     floor_area: 400, rent: 900}
"""

# 1-1 pays 10,000,000 kr a year. The residents' payment is pct % of the loan: 3 % of
# 50,000,000 = 1,500,000 = exactly 15 % of the rent (not above it), 3 % of 50,000,100 is
# just above. The loan at 10 % costs far more, so the residents pay their whole part.
SCENARIOS = """\
scenarios:
  - id: at15
    departments: ["1-1"]
    base_year: 2026
    works: [{name: W, amount: 50000000, year: 2026}]
    financing: {supported_loan: {rate: 0.1, resident_payment_pct: 3}}
  - id: above15
    departments: ["1-1"]
    base_year: 2026
    works: [{name: W, amount: 50000100, year: 2026}]
    financing: {supported_loan: {rate: 0.1, resident_payment_pct: 3}}
  - id: demolish
    departments: ["1-1"]
    base_year: 2026
    changes: [{type: demolish, department: "1-1", dwellings: 60, year: 2027}]
  - id: none
    departments: ["1-1", "1-2"]
    base_year: 2026
"""


@pytest.fixture
def case():
    with almen.Case.from_yaml(CASE + SCENARIOS, "reno.yaml") as c:
        yield c


def test_scenarios_frame(case):
    s = case.scenarios()
    assert list(s["scenario"]) == ["at15", "above15", "demolish", "none"]
    assert s.loc[3, "departments"] == "1-1, 1-2"
    assert s.loc[0, "first_payment_year"] == 2027
    assert pd.isna(s.loc[3, "first_payment_year"])  # no works, no loans
    assert s.loc[2, "after_year"] == 2028


def test_renovate_returns_every_table(case):
    res = case.renovate()
    assert list(res) == list(almen._renovation.TABLES)
    assert all(isinstance(v, pd.DataFrame) for v in res.values())
    cmp = res["comparison"].set_index("metric")
    assert list(cmp.columns) == ["unit", "at15", "above15", "demolish", "none"]
    assert cmp.loc["project_cost", "at15"] == 50_000_000
    one = case.renovate("at15", "rents")
    assert list(one["scenario"]) == ["at15"]
    with pytest.raises(ValueError):
        case.renovate(table="nope")
    with pytest.raises(almen.Error) as ei:
        case.renovate("missing")
    assert ei.value.code == almen.ENOTFOUND


def test_flags_at_the_threshold(case):
    rents = case.renovate(table="rents").set_index("scenario")
    # 1,000 + 1,500,000 / 10,000 = 1,150 kr/m²: exactly 15 %, so no ballot yet
    assert rents.loc["at15", "rent_m2_after"] == 1150
    assert rents.loc["at15", "increase_pct"] == 15
    assert not rents.loc["at15", "ballot_may_be_demanded"]
    assert rents.loc["at15", "municipal_approval_needed"]
    assert rents.loc["above15", "ballot_may_be_demanded"]
    assert (rents.loc["none", "increase_pct"] == 0).all()  # two departments


def test_loans_sum_to_principal_and_support_not_negative(case):
    loans = case.renovate("at15", "loans")
    assert len(loans) == 120  # 30 years, quarterly (the defaults)
    assert math.isclose(loans["principal"].sum(), 50_000_000, rel_tol=1e-12)
    assert loans["balance"].iloc[-1] == 0
    # second method: every payment is the annuity of almen.finance
    p = -finance.pmt(0.1 / 4, 120, 50_000_000)
    assert np.allclose(loans["payment"], p, rtol=1e-12)
    cf = case.renovate("at15", "cashflows")
    assert (cf["fund_support"] >= 0).all()
    first = cf.set_index("year").loc[2027]
    assert first["residents_payment"] == 1_500_000
    assert math.isclose(first["fund_support"], 4 * p - 1_500_000, rel_tol=1e-12)


def test_no_works_change_nothing(case):
    res = case.renovate("none")
    assert (res["rents"]["rent_m2_after"] == res["rents"]["rent_m2_before"]).all()
    assert res["loans"].empty
    assert (res["cashflows"]["total"] == 0).all()
    aff = res["affordability"]
    # 1-2's 10 youth dwellings cost exactly 3,000 kr a month: inside the 3,000 band
    assert list(aff["band"]) == [3000, 4000]
    assert list(aff["scenario_before"]) == [10, 10]
    assert (aff["scenario_after"] == aff["scenario_before"]).all()


def test_family_share(case):
    fs = case.renovate("demolish", "family_share").set_index("year")
    # base: 100 family of 110; after demolishing 60 (kept in the denominator): 40 / 110
    assert math.isclose(fs.loc[2026, "family_share_pct"], 100 * 100 / 110)
    assert math.isclose(fs.loc[2030, "family_share_pct"], 100 * 40 / 110)
    assert fs.loc[2030, "within_limit"] and fs.loc[2030, "target_year"]
    assert fs.loc[2027, "family_dwellings"] == 100  # done by the end of 2027
    assert fs.loc[2028, "family_dwellings"] == 40


def test_load_scenarios_text_positions_and_all_or_nothing(case):
    bad = 'scenarios:\n  - {id: x, departments: ["1-1"], base_year: 2026, colour: red}\n'
    with pytest.raises(almen.Error) as ei:
        case.load_scenarios_text(bad, "s.yaml")
    e = ei.value
    assert (e.source, e.line, e.column) == ("s.yaml", 2, 52)
    assert e.field == "scenarios[0].colour"
    assert len(case.scenarios()) == 4  # unchanged
    case.load_scenarios_text('scenarios: [{id: y, departments: ["1-2"], base_year: 2027}]')
    assert list(case.scenarios()["scenario"]) == ["y"]


def test_roundtrip_keeps_scenarios(case):
    again = almen.Case.from_yaml(case.to_yaml())
    assert again.to_yaml() == case.to_yaml()
    pd.testing.assert_frame_equal(again.renovate(table="comparison"),
                                  case.renovate(table="comparison"))


def test_example_has_scenarios():
    ex = almen.Case.example()
    s = ex.scenarios()
    assert len(s) >= 2
    cmp = ex.renovate(table="comparison")
    assert list(cmp.columns[2:]) == list(s["scenario"])
