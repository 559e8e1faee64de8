"""The natural API over almen_case."""

import os

import numpy as np
import pandas as pd

from . import _core
from ._table import _frame_and_free

_CASE_TYPE = "almen_case"


def _path(path):
    """A file name for the C library: str (bytes and path-like objects accepted)."""
    return os.fsdecode(os.fspath(path))


def _text(text, what):
    if isinstance(text, (bytes, bytearray, memoryview)):
        return bytes(text).decode("utf-8")
    if not isinstance(text, str):
        raise TypeError(f"{what} must be str or bytes, not {type(text).__name__}")
    return text


def _selection(level, id):
    if level is None and id is not None:
        raise ValueError("an id needs a level ('district', 'area', 'organisation' or 'department')")
    return level, (None if id is None else str(id))


def _float_values(values):
    """An array-like for almen_case_set_figure_values. A C-contiguous float64 ndarray (or a
    float64 Series over one) goes to the library as it is, without a copy; pandas
    nullable arrays have their missing values turned into NaN."""
    if isinstance(values, (pd.Series, pd.Index)):
        if isinstance(values.dtype, np.dtype):
            return values.to_numpy()  # the underlying ndarray, no copy
        values = values.array
    if isinstance(values, pd.api.extensions.ExtensionArray):
        return values.to_numpy(dtype=np.float64, na_value=np.nan)
    return values


class Case:
    """One municipality's social housing: districts, housing areas, organisations, their
    departments and the department-year key figures (see docs/case-format.md).

    Create one with :meth:`Case.load`, :meth:`Case.from_yaml` or :meth:`Case.example`.
    The C object is freed when the Case is collected, by :meth:`free`, or at the end of a
    ``with`` block::

        with almen.Case.load("vejle.yaml") as case:
            print(case.aggregate("area"))

    Tables come back as pandas DataFrames that do not refer to the case. Every failure
    raises :class:`almen.Error`; a failed change leaves the case as it was.
    """

    __slots__ = ("_handle", "__weakref__")

    def __init__(self, handle):
        """Wrap an ``almen_case`` handle from the raw API (it is taken over, not copied).
        Prefer the constructors :meth:`load`, :meth:`from_yaml` and :meth:`example`."""
        if not isinstance(handle, _core.Handle) or handle.type != _CASE_TYPE:
            raise TypeError("Case() takes an almen_case handle; use Case.load, "
                            "Case.from_yaml or Case.example")
        self._handle = handle

    # -- construction -----------------------------------------------------------------

    @classmethod
    def load(cls, path):
        """Load a case from a YAML case file. Raises almen.Error (code EIO when the file
        cannot be read; line, column and field for invalid content)."""
        return cls(_core.almen_case_load_file(_path(path)))

    @classmethod
    def from_yaml(cls, text, source=None):
        """Load a case from YAML text; ``source`` names it in errors (default "<string>")."""
        return cls(_core.almen_case_load_string(_text(text, "text"),
                                                None if source is None else str(source)))

    @classmethod
    def example(cls):
        """The synthetic example municipality Eksempelby embedded in the library."""
        return cls(_core.almen_case_load_example())

    def copy(self):
        """An independent deep copy."""
        return type(self)(_core.almen_case_copy(self._handle))

    __copy__ = copy

    def __deepcopy__(self, memo):
        return self.copy()

    def __reduce__(self):
        return (_from_yaml, (self.to_yaml(),))

    # -- lifetime ---------------------------------------------------------------------

    def free(self):
        """Free the C object now (idempotent). The Case is unusable afterwards."""
        self._handle.free()

    close = free

    @property
    def closed(self):
        """True once the case has been freed."""
        return not self._handle

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.free()
        return False

    def __repr__(self):
        if self.closed:
            return "<almen.Case (freed)>"
        return (f"<almen.Case {self.municipality_code} {self.municipality_name} "
                f"({self.region}), {self.n_departments} departments>")

    # -- the municipality -------------------------------------------------------------

    @property
    def municipality_code(self):
        """The 3-digit municipality code (int)."""
        return _core.almen_case_municipality_code(self._handle)

    @property
    def municipality_name(self):
        """The municipality's name."""
        return _core.almen_case_municipality_name(self._handle)

    @property
    def region(self):
        """The region (Hovedstaden, Sjælland, Syddanmark, Midtjylland or Nordjylland)."""
        return _core.almen_case_region(self._handle)

    @property
    def n_departments(self):
        """The number of departments (afdelinger)."""
        return _core.almen_case_department_count(self._handle)

    # -- tables -----------------------------------------------------------------------

    def districts(self):
        """The districts (bydele), one row each in file order."""
        return _frame_and_free(_core.almen_case_districts(self._handle))

    def areas(self):
        """The housing areas (boligområder), one row each in file order."""
        return _frame_and_free(_core.almen_case_areas(self._handle))

    def organisations(self):
        """The housing organisations, one row each in file order."""
        return _frame_and_free(_core.almen_case_organisations(self._handle))

    def departments(self, level=None, id=None):
        """The departments, all of them or those of one unit: ``level`` is "district",
        "area", "organisation" or "department" and ``id`` names the unit (None or
        "municipality": all)."""
        level, id = _selection(level, id)
        return _frame_and_free(_core.almen_case_departments(self._handle, level, id))

    def figures(self, level=None, id=None):
        """The department-year figures of the selected departments (see
        :meth:`departments`), one row per department and year, NaN where missing."""
        level, id = _selection(level, id)
        return _frame_and_free(_core.almen_case_figures(self._handle, level, id))

    def aggregate(self, level="municipality"):
        """Figures summed up to ``level`` ("department", "area", "district",
        "organisation" or "municipality"), one row per unit and year, with the shares
        computed as ratios of sums."""
        return _frame_and_free(_core.almen_case_aggregate(self._handle, level))

    # -- figures ----------------------------------------------------------------------

    def figure(self, department, year, field):
        """One figure as a float (NaN when the department-year exists but the value is
        missing). Raises almen.Error (ENOTFOUND) for an unknown department, year or field."""
        return _core.almen_case_figure(self._handle, str(department), int(year), field)

    def set_figure(self, department, year, field, value):
        """Set one figure (None or NaN clears it), creating the department-year if needed.
        The value is checked as a loaded one would be; on error nothing changes."""
        value = float("nan") if value is None else float(value)
        _core.almen_case_set_figure(self._handle, str(department), int(year), field, value)

    def set_figure_values(self, field, year, values):
        """Set ``field`` for ``year`` in every department at once: ``values[i]`` belongs to
        the i-th department in file order (as in :meth:`departments`); NaN clears.
        A C-contiguous float64 numpy array is passed to the library without a copy;
        other array-likes are converted. All or nothing."""
        _core.almen_case_set_figure_values(self._handle, field, int(year),
                                           _float_values(values))

    def import_csv(self, path):
        """Merge department-year figures from a CSV file (header: department, year and
        figure fields; empty cells set missing). All rows or none."""
        _core.almen_case_import_csv_file(self._handle, _path(path))

    def import_csv_text(self, text, source=None):
        """Like :meth:`import_csv`, from CSV text; ``source`` names it in errors."""
        _core.almen_case_import_csv_string(self._handle, _text(text, "text"),
                                           None if source is None else str(source))

    def import_figures(self, frame, source="<DataFrame>"):
        """Like :meth:`import_csv`, from a DataFrame with columns ``department``, ``year``
        and figure fields (``department``/``year`` may also be index levels); NaN/NA
        cells set the value missing. Passed to the library as CSV text."""
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"import_figures takes a DataFrame, not {type(frame).__name__}")
        if any(name in ("department", "year") for name in frame.index.names):
            frame = frame.reset_index()
        # %.17g: integral values without ".0", everything else round-trips exactly.
        text = frame.to_csv(index=False, float_format="%.17g")
        self.import_csv_text(text, source)

    # -- saving -----------------------------------------------------------------------

    def to_yaml(self):
        """The case as canonical YAML text (loads back to an identical case)."""
        return _core.almen_case_to_yaml(self._handle)

    def save(self, path):
        """Write the case to a YAML file (canonical form, as :meth:`to_yaml`)."""
        _core.almen_case_save_file(self._handle, _path(path))


def _from_yaml(text):
    return Case.from_yaml(text)


def load(path):
    """Shorthand for :meth:`Case.load`."""
    return Case.load(path)


def from_yaml(text, source=None):
    """Shorthand for :meth:`Case.from_yaml`."""
    return Case.from_yaml(text, source)


def example():
    """Shorthand for :meth:`Case.example`."""
    return Case.example()


def fields():
    """The figure fields a case can hold and the shares derived from them: name, kind
    ("count", "fte", "amount" or "share"), numerator, denominator, description."""
    return _frame_and_free(_core.almen_figure_fields())
