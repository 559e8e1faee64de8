"""The statutory classification from Python, values worked out by hand.

One area "a" of one department, the same figures in every year, references 0.5 % (national
share convicted, so 3 x = 1.5 %) and 200,000 kr (Syddanmark). With 1,000 residents 18-64:

  outside 401 -> 40.1 %, above 40 (udsat, "overstiger"): met; a 2-year window moves 0.05
      points per person in the latest year, so (0.401 + (401 - k)/1000)/2 <= 0.40 needs
      k = 2 persons more in work: margin +2 persons, +0.1 points.
  outside 400 -> exactly 40 %: not above, not met; one more outside meets it: -1.
  income 100e6 over 1,000 taxpayers = 100,000 kr = 50 % of the region, below 55: met.
"""

import math
import pickle

import pandas as pd
import pytest

import almen


def case_yaml(outside=401, income=100e6, nonwestern=100, residents=2000, years=(2021, 2022),
              refs=True):
    lines = ["municipality: {code: 630, name: Testby, region: Syddanmark}",
             "areas: [{id: a, name: Area A}]",
             "organisations: [{id: 1, name: Org}]",
             "departments:",
             "  - organisation: 1",
             "    number: 1",
             "    name: D1",
             "    area: a",
             "    figures:"]
    for y in years:
        lines.append(f"      - {{year: {y}, residents: {residents}, residents_18_64: 1000, "
                     f"outside_labour_fte: {outside}, residents_18plus: 1000, convicted: 1, "
                     f"residents_30_59: 1000, basic_education: 100, taxpayers_15_64: 1000, "
                     f"income_sum: {income:.0f}, nonwestern: {nonwestern}}}")
    if refs:
        lines += ["references:",
                  "  national_convicted_pct: {%s}" % ", ".join(f"{y}: 0.5" for y in years),
                  "  regional_average_income:",
                  "    Syddanmark: {%s}" % ", ".join(f"{y}: 200000" for y in years)]
    return "\n".join(lines) + "\n"


def row(frame, area, year):
    sel = frame[(frame["area"] == area) & (frame["year"] == year)]
    assert len(sel) == 1, f"{area} {year}: {len(sel)} rows"
    return sel.iloc[0]


def test_rules_builtin_and_by_year():
    assert almen.rules_for_year(2012) == "dk-2010"
    assert almen.rules_for_year(2013) == "dk-2013"
    assert almen.rules_for_year(2020) == "dk-2018"
    assert almen.rules_for_year(2021) == "dk-2021"
    with pytest.raises(almen.Error) as e:
        almen.rules_for_year(2009)
    assert e.value.code == almen.ENOTFOUND
    assert list(almen.builtin_rules()["id"]) == ["dk-2010", "dk-2013", "dk-2018", "dk-2021"]
    r = almen.Rules.for_year(2019)
    assert r.id == "dk-2018"
    assert list(r.categories()["category"]) == ["udsat", "ghetto", "haardt_ghetto"]
    c = almen.Rules.builtin("dk-2021").criteria()
    inc = c[(c["criterion"] == "income") & (c["thresholds"] == "forebyggelse")].iloc[0]
    assert (inc["op"], inc["threshold"], inc["reference"]) == ("<", 65, "regional_average_income")
    # Pickled as its YAML text.
    assert pickle.loads(pickle.dumps(r)).id == "dk-2018"


def test_rules_errors_have_positions():
    text = almen.Rules.builtin("dk-2021").yaml.replace('udsat: "> 40"', 'udsat: "=> 40"')
    with pytest.raises(almen.Error) as e:
        almen.Rules.from_yaml(text, "mine.yaml")
    err = e.value
    assert err.code == almen.EINPUT
    assert err.source == "mine.yaml"
    assert err.field == "criteria[0].thresholds.udsat"
    lines = text.splitlines()
    assert err.line == next(i for i, l in enumerate(lines, 1) if '"=> 40"' in l)
    assert "bad comparison" in err.message
    with pytest.raises(almen.Error) as e:
        almen.Rules.from_yaml(text.replace('"=> 40"', '"> 40"').replace(
            "of: [outside_labour, convicted, basic_education, income]}",
            "of: [outside_labour, convicted, schooling, income]}", 1))
    assert "unknown criterion 'schooling'" in e.value.message


def test_classify_margins_and_types():
    case = almen.from_yaml(case_yaml())
    d = case.classify()
    assert list(d["year"]) == [2021, 2022]
    r = row(d, "a", 2022)
    assert r["rules"] == "dk-2021"
    assert r["outside_labour_value"] == pytest.approx(40.1)
    assert bool(r["outside_labour_udsat_met"])
    assert r["outside_labour_udsat_margin_pp"] == pytest.approx(0.1)
    assert r["outside_labour_udsat_margin_persons"] == 2
    assert r["income_value"] == pytest.approx(50)
    assert r["criteria_met"] == 2
    assert bool(r["udsat"])
    # 5 % non-western: not a parallelsamfund this year, so not an omdannelse area either,
    # whatever the years without figures would have said.
    assert not r["parallelsamfund"] and not r["omdannelsesomraade"]
    assert r["placement"] == "udsat"
    # 2021 has no 2020 for its 2-year windows: unknown, as pandas NA, not False.
    r21 = row(d, "a", 2021)
    assert r21["outside_labour_udsat_met"] is pd.NA
    assert math.isnan(r21["outside_labour_value"])
    assert "figures 2020" in r21["missing"]
    assert str(d["udsat"].dtype) == "boolean"

    at = almen.from_yaml(case_yaml(outside=400)).classify()
    assert row(at, "a", 2022)["outside_labour_udsat_met"] == False  # noqa: E712
    assert row(at, "a", 2022)["outside_labour_udsat_margin_persons"] == -1


def test_what_if_switches():
    case = almen.from_yaml(case_yaml(nonwestern=900))  # 45 % non-western
    assert not row(case.classify(), "a", 2022)["parallelsamfund"]
    # Without the non-western criterion parallelsamfund is udsat alone.
    assert row(case.classify(disable="nonwestern"), "a", 2022)["parallelsamfund"]
    # Above 41 % in the udsat set: 40.1 % is no longer enough; the forebyggelse set keeps 30.
    d = case.classify(thresholds={"outside_labour.udsat": 41})
    r = row(d, "a", 2022)
    assert r["outside_labour_udsat_threshold"] == 41
    assert r["outside_labour_forebyggelse_threshold"] == 30
    assert not r["udsat"]
    d = case.classify(thresholds={("outside_labour", None): 41})
    assert row(d, "a", 2022)["outside_labour_forebyggelse_threshold"] == 41
    with pytest.raises(almen.Error) as e:
        case.classify(disable=["no_such_criterion"])
    assert e.value.code == almen.EINVAL
    # A reference given as an argument overrides the case's: 0.1 % makes 0.1 % convicted
    # exactly 1 x the national share.
    d = case.classify(references={"national_convicted_pct": 0.1})
    assert row(d, "a", 2022)["convicted_value"] == pytest.approx(1.0)
    d = case.classify(references={"regional_average_income": {"Syddanmark": {2022: 250000}}})
    assert row(d, "a", 2022)["income_value"] == pytest.approx(40)
    # The 2010 rules for every year: ghetto only, 4-year windows (unknown with 2 years).
    d = case.classify(rules="dk-2010")
    assert "udsat" not in d.columns
    assert row(d, "a", 2022)["outside_labour_ghetto_met"] is pd.NA
    d = case.classify(incomplete_window="available", years=2021)
    assert list(d["year"]) == [2021]
    assert row(d, "a", 2021)["outside_labour_value"] == pytest.approx(40.1)


def test_ratio_of_sums_window():
    # 2021: 50 of 100 (50 %), 2022: 320 of 1000 (32 %): mean of ratios 41 %, pooled
    # 370 / 1100 = 33.6 %.
    text = case_yaml(outside=320).replace(
        "{year: 2021, residents: 2000, residents_18_64: 1000, outside_labour_fte: 320",
        "{year: 2021, residents: 2000, residents_18_64: 100, outside_labour_fte: 50")
    case = almen.from_yaml(text)
    assert row(case.classify(), "a", 2022)["outside_labour_value"] == pytest.approx(41)
    pooled = case.classify(window_method="ratio_of_sums")
    assert row(pooled, "a", 2022)["outside_labour_value"] == pytest.approx(100 * 370 / 1100)


def test_details_table():
    d = almen.from_yaml(case_yaml()).classify(details=True, years=2022)
    assert len(d) == 10  # dk-2021: 5 criteria, 10 criterion-threshold pairs
    r = d[(d["criterion"] == "convicted") & (d["thresholds"] == "udsat")].iloc[0]
    assert (r["op"], r["unit"], r["threshold"]) == (">=", "multiple", 3)
    assert r["value_pct"] == pytest.approx(0.1)
    assert r["threshold_pct"] == pytest.approx(1.5)
    assert r["reference"] == pytest.approx(0.5)
    assert r["window_years"] == 2


def test_references_on_the_case(tmp_path):
    case = almen.from_yaml(case_yaml(refs=False))
    assert len(case.references()) == 0
    r = row(case.classify(), "a", 2022)
    assert r["income_udsat_met"] is pd.NA
    assert "regional_average_income Syddanmark 2022" in r["missing"]
    case.set_reference("regional_average_income", 2022, 200000)
    case.set_reference("national_convicted_pct", 2022, 0.5)
    case.set_reference("national_convicted_pct", 2021, 0.5)
    refs = case.references()
    assert list(refs["reference"]) == ["national_convicted_pct"] * 2 + ["regional_average_income"]
    assert refs["region"].iloc[2] == "Syddanmark"
    path = tmp_path / "case.yaml"
    case.save(path)
    again = almen.load(path)
    assert again.references().equals(refs)
    assert bool(row(again.classify(), "a", 2022)["income_udsat_met"])
    case.set_reference("national_convicted_pct", 2021, None)
    assert len(case.references()) == 2
    with pytest.raises(almen.Error):
        case.set_reference("national_convicted_pct", 2022, -1)


def test_eksempelby():
    """The example's design (tools/make_example.py): vestergaarden 2 udsat criteria
    2021-2024 and parallelsamfund 2022-2024; engparken a forebyggelse area; lindelunden 3
    of 4 but under 1,000 residents."""
    d = almen.example().classify()
    v = d[d["area"] == "vestergaarden"].set_index("year")
    assert list(v.loc[2021:2025, "criteria_met"]) == [2, 2, 2, 2, 1]
    assert list(v.loc[2021:2025, "placement"]) == [
        "udsat", "parallelsamfund", "parallelsamfund", "parallelsamfund", "forebyggelsesomraade"]
    assert round(v.loc[2023, "nonwestern_value"], 1) == 51.2
    e = d[d["area"] == "engparken"].set_index("year")
    assert set(e.loc[2021:2025, "placement"]) == {"forebyggelsesomraade"}
    lind = d[d["area"] == "lindelunden"].set_index("year")
    assert list(lind.loc[2021:2025, "criteria_met"]) == [3] * 5
    assert not lind.loc[2021:2025, "eligible"].any()
    assert set(lind.loc[2021:2025, "placement"]) == {"none"}


def test_published_values():
    frame = pd.DataFrame({
        "area": ["x", "x"], "year": [2021, 2022], "residents": [2500, 2500],
        "nonwestern_pct": [52.0, 51.0], "outside_labour_pct": [40.1, 40.1],
        "convicted_pct": [2.2, 2.2], "basic_education_pct": [50.0, 50.0],
        "income_pct_of_region": [54.9, 54.9]})
    d = almen.classify_published(frame, references={"national_convicted_pct": 0.725})
    r = row(d, "x", 2022)
    # 2.2 % against 3 x 0.725 = 2.175 %: met, 0.025 points above.
    assert r["convicted_value"] == pytest.approx(2.2 / 0.725)
    assert r["convicted_udsat_margin_pp"] == pytest.approx(0.025)
    assert r["convicted_udsat_margin_persons"] is pd.NA
    assert r["criteria_met"] == 3 and bool(r["parallelsamfund"])
    # Text works the same; a missing column is an error naming it.
    with pytest.raises(almen.Error) as e:
        almen.classify_published("area,year,residents\nx,2022,100\n")
    assert e.value.field == "outside_labour_pct"
