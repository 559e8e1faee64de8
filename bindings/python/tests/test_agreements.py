"""Agreements from Python: the fixture tests/data/agreements/testby.yaml ("Aftaleby"), whose
numbers are worked out in tests/c/test_agreements.c:

    area a1 = 501-1 + 501-2: 1,000 residents; 260 of 650 aged 18-64 outside = 40 % exactly
    area a2 = 502-1: 999 residents; area a3 = 502-2 + 501-3: 305.5 / 764 = 39.987 %
    family dwellings 300 + 200 + 250 + 100 + 0 + 149 + 1 = 1,000
"""

import datetime

import pandas as pd
import pytest

import almen
from conftest import data_dir

STATUS_2024 = [("a1", 2024, "none"), ("a2", 2024, "forebyggelsesomraade"),
               ("a3", 2024, "omdannelsesomraade")]


@pytest.fixture
def testby():
    with almen.Case.load(data_dir() / "agreements" / "testby.yaml") as c:
        yield c


def bare(case):
    case.remove_agreement("aftale-2024")
    case.remove_agreement("kombineret-a1")
    return case


def test_tables(testby):
    a = testby.agreements()
    assert list(a["id"]) == ["aftale-2024", "kombineret-a1"]
    assert a.loc[0, "geography"] == "municipality"
    assert a.loc[1, "geography"] == "areas: a1"
    i = testby.agreement_instruments()
    assert len(i) == 5
    # every: 4 is 25 % of vacant family dwellings
    assert i.loc[0, "share_pct"] == 25.0
    assert i.loc[4, "paragraph"] == "§51b"
    t = testby.agreement_themes()
    assert len(t) == 11 + 1 + 11
    assert t["on"].dtype == "boolean"


def test_policy_dates(testby):
    # kombineret-a1 runs 2024-06-01 .. 2026-05-31, both days included.
    for date, rows in [("2024-05-31", 0), ("2024-06-01", 1), ("2026-05-31", 1),
                       (datetime.date(2026, 6, 1), 0)]:
        p = testby.letting_policy(date=date, department="501-2", classification=False)
        assert (p["source"] == "kombineret-a1").sum() == rows, date


def test_statutory_by_status(testby):
    p = testby.letting_policy(date="2025-01-01", department="502-2", status=STATUS_2024,
                              classification=False)
    statutory = p[p["source"] == "statutory"]
    assert list(statutory["paragraph"]) == ["§59 stk. 6", "§60", "§51c"]
    assert set(p["area_status"]) == {"udsat,parallelsamfund,omdannelsesomraade"}
    # The same from a DataFrame, and the list of 2024 starts on 1 December 2024.
    frame = pd.DataFrame(STATUS_2024, columns=["area", "year", "category"])
    p = testby.letting_policy(date="2024-11-30", department="502-2", status=frame,
                              classification=False)
    assert p["area_status"].isna().all()
    assert list(p["list_year"].unique()) == [2023]


def test_findings_edges(testby):
    c = bare(testby)
    c.add_agreements(text="agreements:\n  - id: k\n    name: K\n"
                          "    parties: {organisations: ['501']}\n"
                          "    geography: {areas: [a1]}\n    period: {start: 2024-01-01}\n"
                          "    instruments: [{type: combined_letting}]\n")
    f = c.agreement_findings(date="2024-06-01", classification=False)
    assert not f["code"].str.startswith("combined_letting").any()
    c.set_figure("501-2", 2024, "residents", 399)  # 999 residents: one below
    f = c.agreement_findings(date="2024-06-01", classification=False)
    row = f[f["code"] == "combined_letting_residents"].iloc[0]
    assert row["severity"] == "error" and row["paragraph"] == "§51b stk. 3 nr. 1"
    assert row["departments"] == "501-1,501-2"
    # The threshold is a parameter: 999 residents pass a 999 minimum.
    f = c.agreement_findings(date="2024-06-01", classification=False,
                             parameters={"combined_min_residents": 999})
    assert not (f["code"] == "combined_letting_residents").any()


def test_clean_fixture_and_coverage(testby):
    f = testby.agreement_findings(date="2024-12-01", status=STATUS_2024, classification=False)
    assert list(f["code"]) == ["coverage_extendable"]
    cov = testby.agreement_coverage(date="2024-06-01", classification=False)
    row = cov[(cov["theme"] == "any") & (cov["level"] == "municipality")].iloc[0]
    assert row["family_dwellings"] == 1000 and row["departments"] == 7
    assert row["residents"] == 600 + 400 + 999 + 1200 + 66 + 420 + 3


def test_area_status_explicit_and_unknown(testby):
    s = testby.area_status(date="2025-01-01", status=[("a1", 2024, "udsat")],
                           classification=False)
    assert list(s["source"]) == ["explicit", "unknown", "unknown"]
    assert s.loc[0, "status"] == "udsat" and s.loc[1, "status"] is None


def test_templates():
    t = almen.agreement_templates()
    assert list(t["name"]) == ["hele-byen", "lille-bydel", "bydel-for-bydel", "naalestik",
                               "strategisk-anvisning"]
    assert "agreements:" in almen.agreement_template_yaml("naalestik")
    with pytest.raises(almen.Error) as e:
        almen.agreement_template_yaml("nope")
    assert e.value.code == almen.ENOTFOUND


def test_add_template_moves_dates(testby):
    c = bare(testby)
    c.add_template("strategisk-anvisning", id="s", start=datetime.date(2026, 3, 15))
    c.add_template("naalestik", id="n", targets=["502-3", "502-4"])
    a = c.agreements()
    assert a.loc[0, "start"] == "2026-03-15" and a.loc[0, "end"] == "2030-03-14"
    assert a.loc[1, "geography"] == "departments: 502-3, 502-4"
    with pytest.raises(almen.Error):
        c.add_template("naalestik", id="n2")  # needs targets
    assert len(c.agreements()) == 2


def test_errors_have_positions(testby):
    with pytest.raises(almen.Error) as e:
        testby.add_agreements(text="agreements:\n  - id: x\n    name: X\n"
                                   "    parties: {organisations: ['501', '503']}\n"
                                   "    geography: {areas: [a1]}\n"
                                   "    period: {start: 2024-01-01}\n", source="x.yaml")
    assert (e.value.source, e.value.line, e.value.column) == ("x.yaml", 4, 38)
    assert e.value.field == "agreements[0].parties.organisations[1]"
    assert len(testby.agreements()) == 2
    with pytest.raises(almen.Error) as e:
        testby.letting_policy(date="2024-02-30")
    assert e.value.code == almen.EINVAL
    with pytest.raises(TypeError):
        testby.letting_policy(date=20240101)
    with pytest.raises(almen.Error):
        testby.letting_policy(date="2024-01-01", parameters={"nope": 1})


def test_round_trip(testby, tmp_path):
    text = testby.agreements_yaml()
    c = bare(testby.copy())
    c.add_agreements(text=text)
    assert c.agreements_yaml() == text
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    c.remove_agreement("aftale-2024")
    c.remove_agreement("kombineret-a1")
    c.add_agreements(path=path)
    assert c.agreements_yaml() == text


def test_example_has_agreements():
    c = almen.Case.example()
    assert len(c.agreements()) == 2
    g = c.agreement_governance()
    # helhedsplan-syd: one board and a board per district it covers (Syd).
    assert set(g.loc[g["kind"] == "board", "id"]) == {"bestyrelse", "bydel-syd"}
    assert len(almen.agreement_parameters()) == 8
