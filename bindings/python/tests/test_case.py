"""The natural API: loading, properties, tables and their dtypes, changes, round trips."""

import copy
import math
import pickle

import numpy as np
import pandas as pd
import pytest

import almen

from conftest import CASE_YAML


def test_version():
    assert almen.__version__ == almen.version() == almen.VERSION_STRING
    assert isinstance(almen.__version__, str) and almen.__version__.count(".") == 2


def test_properties(case):
    assert case.municipality_code == 997
    assert case.municipality_name == "Testby"
    assert case.region == "Nordjylland"
    assert case.n_departments == 4
    assert repr(case) == "<almen.Case 997 Testby (Nordjylland), 4 departments>"


def test_departments_dtypes(case):
    d = case.departments()
    assert list(d["id"]) == ["601-1", "601-2", "601-3", "601-4"]
    assert d["id"].dtype == object and d["name"].dtype == object
    assert d["number"].dtype == np.int32  # INT without NA: plain int32
    assert d["family"].dtype == np.int32
    assert list(d["dwellings"]) == [100, 20, 50, 30]
    assert d["floor_area"].dtype == np.float64
    assert d["rent"].dtype == np.float64 and math.isnan(d["rent"][1])
    # INT with an NA (601-3 has no year_built): nullable Int32.
    assert d["year_built"].dtype == pd.Int32Dtype()
    assert d["year_built"].isna().tolist() == [False, False, True, False]
    assert d["year_built"][3] == 2023
    # STRING with missing values: None.
    assert d["district"].tolist() == [None] * 4


def test_departments_selection(case):
    assert list(case.departments("area", "a2")["id"]) == ["601-3", "601-4"]
    assert list(case.departments("organisation", 601)["id"]) == ["601-1", "601-2", "601-3", "601-4"]
    assert list(case.departments("department", "601-2")["name"]) == ["Aby II"]
    assert len(case.departments("municipality")) == 4
    with pytest.raises(ValueError):
        case.departments(id="a1")
    with pytest.raises(almen.Error):
        case.departments("area", "nowhere")


def test_figures(case):
    f = case.figures()
    assert list(zip(f["department"], f["year"])) == [
        ("601-1", 2023), ("601-1", 2024), ("601-2", 2023), ("601-2", 2024),
        ("601-3", 2023), ("601-3", 2024), ("601-4", 2024)]
    assert f["year"].dtype == np.int32
    assert f["residents"].dtype == np.float64
    assert f["households"].isna().all()  # never given: missing, not 0
    f2 = case.figures("area", "a2")
    assert set(f2["department"]) == {"601-3", "601-4"}


def test_entity_tables(case):
    a = case.areas()
    assert list(a["id"]) == ["a1", "a2"] and list(a["name"]) == ["Aby", "Bby"]
    o = case.organisations()
    assert list(o["id"]) == ["601"] and o["name"][0] == "Testby Boligselskab"
    d = case.districts()
    assert len(d) == 0 and list(d.columns[:2]) == ["id", "name"]


def test_fields():
    f = almen.fields()
    assert {"name", "kind", "numerator", "denominator", "description"} <= set(f.columns)
    names = list(f["name"])
    assert "residents" in names and "outside_labour_pct" in names
    share = f.set_index("name").loc["outside_labour_pct"]
    assert share["kind"] == "share"
    assert share["numerator"] == "outside_labour_fte"
    assert share["denominator"] == "residents_18_64"


def test_set_figure(case):
    case.set_figure("601-1", 2024, "households", 95)
    assert case.figure("601-1", 2024, "households") == 95
    case.set_figure("601-1", 2024, "households", None)
    assert math.isnan(case.figure("601-1", 2024, "households"))
    # A new year is created.
    case.set_figure("601-4", 2023, "residents", 12)
    assert case.figure("601-4", 2023, "residents") == 12


def test_import_csv_text_and_file(case, tmp_path):
    case.import_csv_text("department,year,residents,households\n601-1,2024,220,100\n601-2,2025,41,\n")
    assert case.figure("601-1", 2024, "residents") == 220
    assert case.figure("601-1", 2024, "households") == 100
    assert case.figure("601-2", 2025, "residents") == 41
    assert math.isnan(case.figure("601-2", 2025, "households"))
    p = tmp_path / "f.csv"
    p.write_text("year,department,evictions\n2024,601-3,2\n", encoding="utf-8")
    case.import_csv(p)
    assert case.figure("601-3", 2024, "evictions") == 2


def test_import_figures_dataframe(case):
    df = pd.DataFrame({
        "department": ["601-1", "601-3"],
        "year": [2024, 2024],
        "nonwestern": [22.0, 11.0],
        "outside_labour_fte": [12.75, np.nan],
    })
    case.import_figures(df)
    assert case.figure("601-1", 2024, "nonwestern") == 22
    assert case.figure("601-3", 2024, "nonwestern") == 11
    assert case.figure("601-1", 2024, "outside_labour_fte") == 12.75
    assert math.isnan(case.figure("601-3", 2024, "outside_labour_fte"))
    # department/year as the index; a nullable Int64 column with NA.
    df2 = pd.DataFrame({"department": ["601-2"], "year": [2024],
                        "households": pd.array([None], dtype="Int64")}).set_index(["department", "year"])
    case.set_figure("601-2", 2024, "households", 18)
    case.import_figures(df2)
    assert math.isnan(case.figure("601-2", 2024, "households"))
    # The figures table goes back in unchanged.
    before = case.to_yaml()
    case.import_figures(case.figures())
    assert case.to_yaml() == before


def test_round_trip(case, tmp_path):
    y1 = case.to_yaml()
    y2 = almen.Case.from_yaml(y1).to_yaml()
    assert y1 == y2
    p = tmp_path / "out.yaml"
    case.save(p)
    assert almen.Case.load(str(p)).to_yaml() == y1
    assert p.read_text(encoding="utf-8") == y1


def test_from_yaml_bytes_and_source():
    c = almen.Case.from_yaml(CASE_YAML.encode("utf-8"))
    assert c.n_departments == 4


def test_example():
    c = almen.Case.example()
    assert c.municipality_name == "Eksempelby"
    assert c.n_departments == len(c.departments()) > 0
    assert len(c.figures()) > 0
    # The embedded YAML text loads to the same case.
    assert almen.Case.from_yaml(almen.example_yaml()).to_yaml() == c.to_yaml()
    assert almen.example().to_yaml() == c.to_yaml()


def test_copy_is_independent(case):
    d = case.copy()
    d.set_figure("601-1", 2024, "residents", 300)
    assert case.figure("601-1", 2024, "residents") == 210
    assert d.figure("601-1", 2024, "residents") == 300
    assert copy.copy(case).to_yaml() == case.to_yaml()
    assert copy.deepcopy(case).to_yaml() == case.to_yaml()


def test_pickle(case):
    c2 = pickle.loads(pickle.dumps(case))
    assert isinstance(c2, almen.Case) and c2.to_yaml() == case.to_yaml()


def test_context_manager_frees():
    with almen.Case.from_yaml(CASE_YAML) as c:
        assert not c.closed
    assert c.closed
    assert repr(c) == "<almen.Case (freed)>"
    with pytest.raises(ValueError, match="freed"):
        c.to_yaml()


def test_case_requires_handle():
    with pytest.raises(TypeError):
        almen.Case("x.yaml")
    with pytest.raises(TypeError):
        almen.Case(almen.figure_fields())  # a table handle, not a case


def test_column_conversions(monkeypatch):
    """Every column type, NA markers included (no query returns BOOL yet: fake a table)."""
    from almen import _table

    na = almen.NA_INT
    columns = [
        ("d", almen.COL_DOUBLE, np.array([1.5, np.nan, 3.0])),
        ("i", almen.COL_INT, np.array([1, 2, 3], dtype=np.int32)),
        ("i_na", almen.COL_INT, np.array([1, na, 3], dtype=np.int32)),
        ("b", almen.COL_BOOL, np.array([1, 0, na], dtype=np.int32)),
        ("s", almen.COL_STRING, ["x", None, "z"]),
    ]
    core = _table._core
    monkeypatch.setattr(core, "almen_table_nrows", lambda t: 3)
    monkeypatch.setattr(core, "almen_table_ncols", lambda t: len(columns))
    monkeypatch.setattr(core, "almen_table_column_name", lambda t, j: columns[j][0])
    monkeypatch.setattr(core, "almen_table_column_type", lambda t, j: columns[j][1])
    monkeypatch.setattr(core, "_table_column", lambda t, j: columns[j][2])
    f = almen.table_to_frame(object())
    assert [str(t) for t in f.dtypes] == ["float64", "int32", "Int32", "boolean", "object"]
    assert f["i_na"].isna().tolist() == [False, True, False]
    assert f["b"].tolist()[:2] == [True, False] and f["b"].isna().tolist() == [False, False, True]
    assert f["s"].tolist() == ["x", None, "z"]
