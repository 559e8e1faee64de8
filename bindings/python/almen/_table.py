"""Result tables (almen_table) to pandas DataFrames."""

import numpy as np
import pandas as pd

from . import _core

#: The missing-value marker of int and bool columns (INT32_MIN, R's NA_integer_).
NA_INT = -(2**31)

_DOUBLE = _core.ALMEN_COL_DOUBLE
_INT = _core.ALMEN_COL_INT
_BOOL = _core.ALMEN_COL_BOOL
_STRING = _core.ALMEN_COL_STRING


def _column(table, j):
    kind = _core.almen_table_column_type(table, j)
    values = _core._table_column(table, j)  # a fresh copy of the whole column
    if kind == _DOUBLE:
        return values  # float64, NaN where missing
    if kind == _INT:
        na = values == NA_INT
        if na.any():
            return pd.arrays.IntegerArray(values, na)  # Int32
        return values  # int32
    if kind == _BOOL:
        na = values == NA_INT
        return pd.arrays.BooleanArray(values != 0, na)  # boolean
    if kind == _STRING:
        out = np.empty(len(values), dtype=object)
        out[:] = values  # str, None where missing
        return out
    raise TypeError(f"column {j} has an unknown type {kind}")


def table_to_frame(table):
    """Convert an ``almen_table`` handle (as returned by the raw functions) to a DataFrame.

    Column types: DOUBLE -> float64 (NaN missing); INT -> int32, or the nullable Int32
    when a value is missing; BOOL -> the nullable boolean; STRING -> object (str, None
    missing). Whole columns are copied at once; the DataFrame does not refer to the
    table, which may be freed afterwards.
    """
    nrows = _core.almen_table_nrows(table)
    ncols = _core.almen_table_ncols(table)
    names = [_core.almen_table_column_name(table, j) for j in range(ncols)]
    columns = {j: _column(table, j) for j in range(ncols)}
    frame = pd.DataFrame(columns, index=pd.RangeIndex(nrows), columns=range(ncols))
    frame.columns = pd.Index(names, dtype=object)
    return frame


def _frame_and_free(table):
    """table_to_frame, then free the table at once rather than at collection."""
    try:
        return table_to_frame(table)
    finally:
        table.free()
