"""Errors: almen.Error with the library's details; failed changes change nothing."""

import math

import numpy as np
import pytest

import almen

from conftest import CASE_YAML


def test_error_class():
    assert issubclass(almen.Error, RuntimeError)
    assert almen.Error is almen._core.Error
    assert almen.Error.__module__ == "almen"


def test_malformed_yaml_position():
    text = "municipality:\n  code: 997\n name: x\n"  # line 3 dedented by one
    with pytest.raises(almen.Error) as ei:
        almen.Case.from_yaml(text, "bad.yaml")
    e = ei.value
    assert e.code == almen.EPARSE
    assert e.source == "bad.yaml"
    assert (e.line, e.column) == (3, 2)
    assert e.field == ""
    assert str(e) == almen.error_last_text()
    assert str(e).startswith("bad.yaml:3:2: ")
    assert e.message and e.message in str(e)


def test_invalid_value_names_field_line_column():
    bad = CASE_YAML.replace("rent: 850.5", 'rent: "850.5"')  # quoted: text, not a number
    lines = bad.splitlines()
    lineno = next(i for i, l in enumerate(lines) if '"850.5"' in l) + 1
    column = lines[lineno - 1].index('"850.5"') + 1
    with pytest.raises(almen.Error) as ei:
        almen.Case.from_yaml(bad)
    e = ei.value
    assert e.code == almen.EINPUT
    assert e.source == "<string>"
    assert (e.line, e.column) == (lineno, column)
    assert e.field == "departments[2].rent"
    assert str(e) == f"<string>:{lineno}:{column}: departments[2].rent: {e.message}"


def test_part_exceeding_whole():
    bad = CASE_YAML.replace("outside_labour_fte: 15", "outside_labour_fte: 31")
    with pytest.raises(almen.Error) as ei:
        almen.Case.from_yaml(bad, "t.yaml")
    assert ei.value.code == almen.EINPUT
    assert ei.value.field == "departments[3].figures[0].outside_labour_fte"
    assert ei.value.line > 0 and ei.value.column > 0


def test_missing_file_eio(tmp_path):
    path = tmp_path / "does-not-exist.yaml"
    with pytest.raises(almen.Error) as ei:
        almen.Case.load(path)
    assert ei.value.code == almen.EIO
    assert ei.value.source == str(path)
    assert str(path) in str(ei.value)


def test_failed_set_figure_changes_nothing(case):
    before = case.to_yaml()
    with pytest.raises(almen.Error) as ei:
        case.set_figure("601-1", 2024, "nonwestern", 500)  # > residents (210)
    assert ei.value.code == almen.EINPUT
    with pytest.raises(almen.Error) as ei:
        case.set_figure("601-1", 2024, "residents", 1.5)  # a count must be whole
    assert ei.value.code == almen.EINPUT
    with pytest.raises(almen.Error) as ei:
        case.set_figure("601-9", 2024, "residents", 5)
    assert ei.value.code == almen.ENOTFOUND
    with pytest.raises(almen.Error) as ei:
        case.set_figure("601-1", 2024, "bogus", 5)
    assert ei.value.code == almen.ENOTFOUND
    assert case.to_yaml() == before


def test_failed_set_figure_values_changes_nothing(case):
    before = case.to_yaml()
    with pytest.raises(almen.Error):
        case.set_figure_values("residents", 2024, np.array([220.0, 45.0, 101.0, -1.0]))
    with pytest.raises(almen.Error):
        case.set_figure_values("residents", 2024, np.array([220.0, 45.0]))  # wrong length
    assert case.to_yaml() == before


def test_failed_import_changes_nothing(case):
    before = case.to_yaml()
    with pytest.raises(almen.Error) as ei:
        case.import_csv_text("department,year,residents\n601-1,2024,300\n601-9,2024,5\n", "f.csv")
    assert ei.value.source == "f.csv" and ei.value.line == 3
    with pytest.raises(almen.Error):
        case.import_csv_text("department,year,nosuchfield\n601-1,2024,1\n")
    assert case.to_yaml() == before


def test_not_found_figure(case):
    with pytest.raises(almen.Error) as ei:
        case.figure("601-4", 2023, "residents")  # no 2023 figures
    assert ei.value.code == almen.ENOTFOUND


def test_status_does_not_leak(case):
    """Raw functions return their output alone, or None: never [0, result]."""
    h = case._handle
    assert almen.case_set_figure(h, "601-1", 2024, "households", 90.0) is None
    assert almen.case_figure(h, "601-1", 2024, "households") == 90.0
    assert isinstance(almen.case_to_yaml(h), str)
    t = almen.case_areas(h)
    assert isinstance(t, almen.Handle) and t.type == "almen_table"
    assert almen.table_column_index(t, "name") == 1
    assert almen.table_to_csv(t) == "id,name,district,departments\na1,Aby,,2\na2,Bby,,2\n"
    with pytest.raises(almen.Error) as ei:
        almen.table_column_index(t, "nope")
    assert ei.value.code == almen.ENOTFOUND == almen.error_last_code()


def test_wrong_arguments(case):
    t = almen.figure_fields()
    with pytest.raises(TypeError, match="almen_case"):
        almen.case_to_yaml(t)
    with pytest.raises(TypeError):
        almen.case_to_yaml(None)
    with pytest.raises(TypeError):
        almen.case_to_yaml("not a case")
    with pytest.raises(almen.Error) as ei:
        case.aggregate("galaxy")
    assert ei.value.code == almen.EINVAL
    assert math.isnan(almen.table_get_double(t, 99, 0))
