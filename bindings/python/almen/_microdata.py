"""Department-year counts from person-level microdata (docs/microdata.md).

The C library borrows the columns rather than copying them: a C-contiguous native int32
array (department, year, age), float64 array (outside_labour_fte, income) or bool/int8/int32
array (the flags) reaches it as it is. :class:`Microdata` keeps every array it hands over
alive for as long as its handle exists, so callers of :func:`microdata_counts` and
:meth:`Case.set_figures_from_microdata` need not care; other dtypes are converted once
(that is a copy) with their range checked.
"""

import numpy as np
import pandas as pd

from . import _core
from ._case import Case
from ._table import _frame_and_free

#: The columns the library reads, by type; department, year and age are required.
INT_COLUMNS = ("department", "year", "age")
FLOAT_COLUMNS = ("outside_labour_fte", "income")
FLAG_COLUMNS = ("basic_education", "convicted", "student", "taxpayer", "nonwestern")

_INT32 = np.dtype(np.int32)
_FLOAT64 = np.dtype(np.float64)
_I32_MIN, _I32_MAX = np.iinfo(np.int32).min, np.iinfo(np.int32).max


def _column(data, name):
    """Column name of a DataFrame or mapping as given, or None when absent."""
    if isinstance(data, pd.DataFrame):
        return data[name] if name in data.columns else None
    return data.get(name)


def _values(data, name):
    """Column name as an ndarray (no copy for numpy dtypes; pandas extension arrays
    without missing values converted); None when absent."""
    column = _column(data, name)
    if column is None:
        return None
    if isinstance(column, (pd.Series, pd.Index)):
        column = column.array if not isinstance(column.dtype, np.dtype) else column.to_numpy()
    if isinstance(column, pd.api.extensions.ExtensionArray):
        if column.isna().any():
            raise ValueError(f"microdata column {name!r} has missing values at rows "
                             f"{np.flatnonzero(np.asarray(column.isna()))[:5].tolist()}")
        # Nullable numbers and booleans have a numpy dtype of their own; others (strings,
        # categories) become object arrays.
        column = column.to_numpy(dtype=getattr(column.dtype, "numpy_dtype", None))
    return np.asarray(column)


def _native(values, dtype):
    """values itself when the C side can read it in place, else None."""
    if (values.dtype == dtype and values.dtype.isnative and values.ndim == 1
            and values.flags.c_contiguous and values.flags.aligned):
        return values
    return None


def _as_int32(values, name):
    """An int32 array for the C side: values itself when it already is one, else a checked
    conversion (integers in range; floats only when whole)."""
    if values.ndim != 1:
        raise ValueError(f"microdata column {name!r} must be one-dimensional")
    same = _native(values, _INT32)
    if same is not None:
        return same
    if values.dtype.kind == "b":
        return values.astype(np.int32)
    if values.dtype.kind in "iu":
        if values.size and (values.min() < _I32_MIN or values.max() > _I32_MAX):
            bad = np.flatnonzero((values < _I32_MIN) | (values > _I32_MAX))[0]
            raise ValueError(f"microdata column {name!r}: row {bad}: {values[bad]} is outside "
                             f"the int32 range")
        return values.astype(np.int32)
    if values.dtype.kind == "f":
        whole = np.isfinite(values) & (values == np.floor(values)) & \
            (values >= _I32_MIN) & (values <= _I32_MAX)
        if not whole.all():
            bad = np.flatnonzero(~whole)[0]
            raise ValueError(f"microdata column {name!r}: row {bad}: {values[bad]} is not a "
                             f"whole number")
        return values.astype(np.int32)
    raise TypeError(f"microdata column {name!r} must hold integers, not {values.dtype}")


def _as_float64(values, name):
    if values.ndim != 1:
        raise ValueError(f"microdata column {name!r} must be one-dimensional")
    same = _native(values, _FLOAT64)
    if same is not None:
        return same
    if values.dtype.kind not in "biuf":
        raise TypeError(f"microdata column {name!r} must hold numbers, not {values.dtype}")
    return values.astype(np.float64)


def _as_flag(values, name):
    """A bool/int8 array (passed as it is) or an int32 array for a 0/1 column."""
    if values.ndim != 1:
        raise ValueError(f"microdata column {name!r} must be one-dimensional")
    if values.dtype.kind == "b" or values.dtype == np.int8:
        if values.flags.c_contiguous and values.flags.aligned:
            return values
        return np.ascontiguousarray(values)
    return _as_int32(values, name)


def _department_codes(values, keys):
    """0-based department indices for keys (a list): values are keys, mapped by equality."""
    categories = pd.Index(keys)
    if not categories.is_unique:
        raise ValueError("the department keys are not unique")
    codes = categories.get_indexer(pd.Index(values))
    unknown = np.flatnonzero(codes < 0)
    if unknown.size:
        raise ValueError(f"microdata column 'department': row {unknown[0]}: "
                         f"{values[unknown[0]]!r} is not a known department")
    return codes.astype(np.int32)


def _categorical(data):
    """The department column when it is a pandas Categorical, else None."""
    column = _column(data, "department")
    if isinstance(column, pd.Series):
        column = column.array
    return column if isinstance(column, pd.Categorical) else None


def _departments(data, case, departments):
    """The 0-based department indices (int32) and their keys (None: the values are indices)."""
    if case is not None:
        keys = case.departments()["id"].tolist()
    elif departments is not None:
        keys = list(departments)
    else:
        keys = None
    cat = _categorical(data)
    if cat is not None:
        # Categories are mapped once, not per person.
        if (cat.codes < 0).any():
            row = np.flatnonzero(cat.codes < 0)[0]
            raise ValueError(f"microdata column 'department': row {row} is missing")
        if keys is None:
            return cat.codes.astype(np.int32), list(cat.categories)
        index = _department_codes(np.asarray(cat.categories, dtype=object), keys)
        return index[cat.codes], keys
    dep = _values(data, "department")
    if dep is None:
        raise ValueError("microdata needs a 'department' column")
    if dep.dtype.kind in "iu" and departments is None:
        return _as_int32(dep, "department"), keys  # indices (into the case's, with a case)
    if keys is not None:
        return _department_codes(dep, keys), keys
    if dep.dtype.kind == "f":
        return _as_int32(dep, "department"), None
    codes, uniques = pd.factorize(dep, sort=True)
    return codes.astype(np.int32), list(uniques)


class Microdata:
    """Person-level columns lent to libalmen, and the ``almen_microdata`` handle over them.

    ``data`` is a DataFrame or a mapping of column names to arrays (see
    :data:`INT_COLUMNS`, :data:`FLOAT_COLUMNS`, :data:`FLAG_COLUMNS`; other columns are
    ignored). ``department`` holds, in order of precedence:

    - with ``case``: the case's department ids (e.g. "401-12"), or integer indices into
      the case's departments in file order;
    - with ``departments`` (a list of keys): those keys;
    - otherwise: integer indices 0..n-1 (n = the largest + 1), or any other keys, which
      are numbered in sorted order.

    The arrays handed to the library are kept alive by this object; do not change them
    while it exists.
    """

    __slots__ = ("_handle", "_arrays", "keys", "n_rows")

    def __init__(self, data, case=None, departments=None):
        if not isinstance(data, pd.DataFrame) and not hasattr(data, "get"):
            raise TypeError("microdata must be a DataFrame or a mapping of columns")
        dep, self.keys = _departments(data, case, departments)
        self.n_rows = len(dep)
        # Without keys the library takes the count from the largest index, in its own pass.
        n_departments = len(self.keys) if self.keys is not None else 0
        self._handle = _core.almen_microdata_new(n_departments, self.n_rows)
        self._arrays = {}
        self._lend("department", dep, _core.almen_microdata_set_int32)
        for name in INT_COLUMNS[1:]:
            values = _values(data, name)
            if values is not None:
                self._lend(name, _as_int32(values, name), _core.almen_microdata_set_int32)
        for name in FLOAT_COLUMNS:
            values = _values(data, name)
            if values is not None:
                self._lend(name, _as_float64(values, name), _core.almen_microdata_set_double)
        for name in FLAG_COLUMNS:
            values = _values(data, name)
            if values is not None:
                flag = _as_flag(values, name)
                setter = _core.almen_microdata_set_int32 if flag.dtype == _INT32 \
                    else _core.almen_microdata_set_int8
                self._lend(name, flag, setter)

    def _lend(self, name, array, setter):
        # Kept first: the handle holds the pointer from the moment the call returns.
        self._arrays[name] = array
        setter(self._handle, name, array)

    def counts(self):
        """The department-year counts as a DataFrame (see :func:`microdata_counts`)."""
        frame = _frame_and_free(_core.almen_microdata_aggregate(self._handle))
        if self.keys is not None:
            keys = np.empty(len(self.keys), dtype=object)
            keys[:] = self.keys
            frame["department"] = keys[frame["department"].to_numpy()]
        return frame

    def free(self):
        """Free the handle now and let go of the arrays."""
        self._handle.free()
        self._arrays = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.free()
        return False


def microdata_counts(data, case=None, departments=None):
    """Department-year counts from person-level columns, in one pass in C.

    ``data``: a DataFrame or a mapping of arrays with ``department``, ``year``, ``age`` and
    any of ``outside_labour_fte`` (0..1), ``income`` (gross, kr), ``basic_education``,
    ``convicted``, ``student``, ``taxpayer``, ``nonwestern`` (0/1 or bool); ``case`` and
    ``departments`` say what the department values mean (see :class:`Microdata`).

    Returns one row per department and year with at least one person: ``department`` (the
    key, or the index when there are no keys), ``year``, then residents, residents_18_64,
    outside_labour_fte, residents_18plus, convicted, residents_30_59, basic_education,
    taxpayers_15_64, income_sum, nonwestern (int32 counts, float64 sums; missing where a
    needed column is absent). Arrays of the library's types are read in place, not
    copied. A bad value raises :class:`almen.Error` naming the column and the row (counted
    from 0).
    """
    with Microdata(data, case=case, departments=departments) as md:
        return md.counts()


def set_figures_from_microdata(case, data):
    """Write the department-year counts of ``data`` into ``case`` (every person figure of
    each department-year present; households, turnover and other years untouched). The
    department column holds the case's department ids or indices. All or nothing."""
    with Microdata(data, case=case) as md:
        _core.almen_case_set_figures_from_microdata(case._handle, md._handle)


# A method of Case, defined here with the rest of the microdata layer.
Case.set_figures_from_microdata = set_figures_from_microdata
