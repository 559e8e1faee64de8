"""The raw C functions as the binding exposes them (almen.<name without almen_>): the
error record and direct table access, for users who want the C API's shape."""

import math

import numpy as np
import pytest

import almen

BAD = "municipality: {code: 630, name: V, region: Jylland}\n"


def test_error_record_after_a_failure():
    almen.error_clear()
    assert almen.error_last_code() == 0
    with pytest.raises(almen.Error):
        almen.case_load_string(BAD, "raw.yaml")
    assert almen.error_last_code() == almen.EINPUT
    assert almen.error_last_source() == "raw.yaml"
    # "municipality: {code: 630, name: V, region: " is 43 characters: the value is at 44.
    assert (almen.error_last_line(), almen.error_last_column()) == (1, 44)
    assert almen.error_last_field() == "municipality.region"
    assert almen.error_last_message().startswith("unknown region 'Jylland'")
    assert almen.strerror(almen.EINPUT) == "invalid input"
    almen.error_clear()
    assert almen.error_last_code() == 0 and almen.error_last_field() == ""


def test_table_access_by_column():
    case = almen.case_load_example()
    table = almen.case_departments(case, "area", "engparken")
    n = almen.table_nrows(table)
    assert n == 4
    cols = {almen.table_column_name(table, j): j for j in range(almen.table_ncols(table))}
    assert almen.table_column_type(table, cols["id"]) == almen.COL_STRING
    assert almen.table_column_type(table, cols["floor_area"]) == almen.COL_DOUBLE
    assert almen.table_column_type(table, cols["dwellings"]) == almen.COL_INT
    ids = [almen.table_get_string(table, cols["id"], i) for i in range(n)]
    assert all(i is not None and "-" in i for i in ids)
    # dwellings = family + youth + elderly, read cell by cell through the raw API.
    for i in range(n):
        parts = sum(almen.table_get_int(table, cols[k], i) for k in ("family", "youth", "elderly"))
        assert almen.table_get_int(table, cols["dwellings"], i) == parts
    area = almen.table_get_double(table, cols["floor_area"], 0)
    assert area > 0 and not math.isnan(area)
    # Out of range reads give the missing value, not a crash.
    assert almen.table_get_string(table, cols["id"], n) is None
    assert almen.table_get_int(table, cols["dwellings"], n) == almen.NA_INT
    assert math.isnan(almen.table_get_double(table, 99, 0))
    # The frame conversion agrees with the raw reads.
    frame = almen.table_to_frame(table)
    assert list(frame["id"]) == ids
    np.testing.assert_array_equal(frame["dwellings"].to_numpy(),
                                  [almen.table_get_int(table, cols["dwellings"], i) for i in range(n)])
