"""Small-cell suppression of composition figures for publication (docs/privacy.md).

The rule and the choice of columns are the C library's (almen_privacy_suppressed,
almen_privacy_is_composition); this applies them to any DataFrame with ``residents`` and
``households`` columns, e.g. from :meth:`Case.aggregate`, :meth:`Case.figures` or
:func:`almen.microdata_counts`.
"""

import numpy as np
import pandas as pd

from . import _core

#: LBF's minimums: full data only for at least 100 persons and 50 households.
MIN_PERSONS = _core.ALMEN_MIN_PERSONS
MIN_HOUSEHOLDS = _core.ALMEN_MIN_HOUSEHOLDS


def _size(frame, column, minimum, option):
    if column in frame.columns:
        return pd.to_numeric(frame[column]).to_numpy(dtype=np.float64, na_value=np.nan)
    if minimum > 0:
        raise ValueError(f"the table has no '{column}' column for {option} {minimum:g} "
                         f"(pass {option}=0 to apply the rest of the rule alone)")
    return np.full(len(frame), np.nan)


def _withheld(column, hide):
    """column with the hidden rows missing; numpy ints become the nullable integer type of
    the same width, so the counts stay integers."""
    if isinstance(column.dtype, np.dtype) and column.dtype.kind in "iu":
        column = column.astype(f"{'U' if column.dtype.kind == 'u' else ''}Int{column.dtype.itemsize * 8}")
    return column.mask(hide)


def suppress_small_cells(frame, min_persons=MIN_PERSONS, min_households=MIN_HOUSEHOLDS):
    """A copy of ``frame`` in which the composition columns of units with fewer than
    ``min_persons`` residents or fewer than ``min_households`` households (or an unknown
    number) are missing, plus a bool column ``suppressed`` marking those rows. Rows are
    never dropped; residents, households and the dwelling figures stay. A minimum of 0
    switches its half of the rule off (needed for tables without a households column)."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"suppress_small_cells takes a DataFrame, not {type(frame).__name__}")
    min_persons, min_households = float(min_persons), float(min_households)
    _core.almen_privacy_suppressed(np.nan, np.nan, min_persons, min_households)  # checks them
    if "suppressed" in frame.columns:
        raise ValueError("the table already has a 'suppressed' column")
    persons = _size(frame, "residents", min_persons, "min_persons")
    households = _size(frame, "households", min_households, "min_households")
    hide = np.fromiter(
        (_core.almen_privacy_suppressed(p, h, min_persons, min_households)
         for p, h in zip(persons.tolist(), households.tolist())),
        dtype=bool, count=len(frame))
    out = frame.copy()
    for name in out.columns:
        if isinstance(name, str) and _core.almen_privacy_is_composition(name):
            out[name] = _withheld(out[name], hide)
    out["suppressed"] = hide
    return out
