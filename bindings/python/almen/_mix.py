"""Segregation and mix indices over unit x group count tables (almen_mix, docs/mix.md).

::

    import almen
    m = almen.mix.Mix(counts_frame, higher=district_of_unit)   # or a 2-D ndarray
    m.summary()              # M, H, D, entropy, M_between, M_within, ...
    m.units(); m.groups(); m.pairs(); m.higher()
    m.inference(replicates=1000, seed=1)
    m.change(later_mix)      # composition vs structure (Elbers 2021)
    case.mix("origin", 2024, higher="district")

Labels (of units, groups, higher units) may be any objects whose ``str()`` are distinct
and free of line breaks; the tables give back the original objects.
"""

import numpy as np
import pandas as pd

from . import _core
from ._case import Case
from ._table import _frame_and_free

_MIX_TYPE = "almen_mix"


def _label_text(labels, what):
    """The labels as the C library takes them: one per line."""
    texts = [str(x) for x in labels]
    for t in texts:
        if "\n" in t or "\r" in t:
            raise ValueError(f"{what} label {t!r} contains a line break")
    if len(set(texts)) != len(texts):
        seen = set()
        dup = next(t for t in texts if t in seen or seen.add(t))
        raise ValueError(f"{what} labels are not distinct as text: {dup!r} repeats")
    return "\n".join(texts)


def _flat_counts(values):
    """A 2-D array-like as (flat float64 array, n_groups, column_major). A C- or
    Fortran-contiguous native float64 array is passed on as a view, without a copy."""
    a = np.asarray(values)
    if a.ndim != 2:
        raise ValueError(f"counts must be 2-D (units x groups), got {a.ndim} dimension(s)")
    if a.dtype != np.float64 or not a.dtype.isnative:
        a = a.astype(np.float64)
    if a.flags.c_contiguous:
        return a.reshape(-1), a.shape[1], 0
    if a.flags.f_contiguous:
        return a.T.reshape(-1), a.shape[1], 1  # column-major: no transposed copy
    return np.ascontiguousarray(a).reshape(-1), a.shape[1], 0


class Mix:
    """A unit x group table of counts (units in rows: departments, schools, ...; groups in
    columns) with an optional higher level (district, area) that every unit belongs to.

    ``counts`` is a DataFrame (its index names the units, its columns the groups) or any
    2-D array-like; ``units``/``groups`` override the labels (default: the frame's index
    and columns, or 0, 1, ...). ``higher`` gives each unit's higher unit: a sequence of
    labels in unit order, or a Series indexed by unit. A C- or Fortran-contiguous float64
    array reaches the library without a copy (which then keeps its own copy).
    """

    __slots__ = ("_handle", "_units", "_groups", "_higher", "__weakref__")

    def __init__(self, counts, units=None, groups=None, higher=None):
        if isinstance(counts, pd.DataFrame):
            units = counts.index if units is None else units
            groups = counts.columns if groups is None else groups
            counts = counts.to_numpy()
        flat, n_groups, column_major = _flat_counts(counts)
        handle = _core.almen_mix_new(flat, n_groups, column_major)
        n_units = _core.almen_mix_unit_count(handle)
        # Without labels the library's own ("1", "2", ...) stand for 0, 1, ...: no label
        # text to build for a large table.
        units = None if units is None else list(units)
        groups = None if groups is None else list(groups)
        if (units is not None and len(units) != n_units) or (groups is not None and len(groups) != n_groups):
            raise ValueError(f"{n_units if units is None else len(units)} unit and "
                             f"{n_groups if groups is None else len(groups)} group labels for a "
                             f"{n_units} x {n_groups} table")
        if units is not None:
            _core.almen_mix_set_labels(handle, "unit", _label_text(units, "unit"))
        if groups is not None:
            _core.almen_mix_set_labels(handle, "group", _label_text(groups, "group"))
        self._handle, self._units, self._groups, self._higher = handle, units, groups, None
        if higher is not None:
            self._set_higher(higher)

    def _set_higher(self, higher):
        n_units = _core.almen_mix_unit_count(self._handle)
        if isinstance(higher, pd.Series):
            units = range(n_units) if self._units is None else self._units
            higher = higher.reindex(pd.Index(units, dtype=object))
            if higher.isna().any():
                missing = higher.index[higher.isna()][0]
                raise ValueError(f"higher has no value for unit {missing!r}")
        higher = list(higher)
        if len(higher) != n_units:
            raise ValueError(f"higher has {len(higher)} values for {n_units} units")
        codes, uniques = pd.factorize(pd.Series(higher, dtype=object), sort=False)
        if (codes < 0).any():
            raise ValueError(f"higher has no value for unit {self._unit_label(int(np.argmax(codes < 0)))!r}")
        _core.almen_mix_set_higher(self._handle, codes.astype(np.int32))
        _core.almen_mix_set_labels(self._handle, "higher", _label_text(uniques, "higher"))
        self._higher = list(uniques)

    @classmethod
    def from_long(cls, data, unit, group, count=None, higher=None):
        """From a long DataFrame with one row per unit and group (repeats are summed):
        column names ``unit``, ``group``, ``count`` (None: every row counts 1) and
        ``higher`` (constant within a unit). Units and groups in order of appearance."""
        if not isinstance(data, pd.DataFrame):
            raise TypeError(f"from_long takes a DataFrame, not {type(data).__name__}")
        u_codes, u_labels = pd.factorize(data[unit], sort=False)
        g_codes, g_labels = pd.factorize(data[group], sort=False)
        if (u_codes < 0).any() or (g_codes < 0).any():
            raise ValueError(f"missing values in '{unit}' or '{group}'")
        weights = np.ones(len(data)) if count is None else data[count].to_numpy(dtype=np.float64)
        table = np.zeros((len(u_labels), len(g_labels)))
        np.add.at(table, (u_codes, g_codes), weights)
        hi = None
        if higher is not None:
            per_unit = data.groupby(u_codes)[higher].agg(["first", "nunique"])
            if (per_unit["nunique"] > 1).any():
                bad = u_labels[int(per_unit.index[per_unit["nunique"] > 1][0])]
                raise ValueError(f"unit {bad!r} has more than one '{higher}'")
            hi = list(per_unit["first"].sort_index())
        return cls(table, units=list(u_labels), groups=list(g_labels), higher=hi)

    @classmethod
    def _wrap(cls, handle):
        """A Mix over a handle made by the library (labels as text)."""
        self = cls.__new__(cls)
        self._handle = handle
        counts = _frame_and_free(_core.almen_mix_counts(handle))
        self._units = list(dict.fromkeys(counts["unit"]))
        self._groups = list(dict.fromkeys(counts["group"]))
        self._higher = list(dict.fromkeys(counts["higher"])) if "higher" in counts else None
        return self

    # -- properties -------------------------------------------------------------------

    @property
    def n_units(self):
        return _core.almen_mix_unit_count(self._handle)

    @property
    def n_groups(self):
        return _core.almen_mix_group_count(self._handle)

    def _unit_label(self, i):
        return i if self._units is None else self._units[i]

    @property
    def unit_labels(self):
        """The unit labels, in order."""
        return list(range(self.n_units)) if self._units is None else list(self._units)

    @property
    def group_labels(self):
        """The group labels, in order."""
        return list(range(self.n_groups)) if self._groups is None else list(self._groups)

    def __repr__(self):
        hi = f", {len(self._higher)} higher units" if self._higher is not None else ""
        return f"<almen.mix.Mix {self.n_units} units x {self.n_groups} groups{hi}>"

    def copy(self):
        other = type(self).__new__(type(self))
        other._handle = _core.almen_mix_copy(self._handle)
        other._units, other._groups, other._higher = self._units, self._groups, self._higher
        return other

    # -- tables -----------------------------------------------------------------------

    def _frame(self, table):
        """A result table with its label columns turned back into the original objects."""
        frame = _frame_and_free(table)
        maps = {"unit": self._units, "group": self._groups, "other": self._groups,
                "higher": self._higher}
        for col, labels in maps.items():
            if col not in frame.columns or (col == "higher" and labels is None):
                continue
            if labels is None:  # the library's default labels: 1-based positions
                frame[col] = pd.to_numeric(frame[col]).astype(np.int64) - 1
            else:
                back = {str(x): x for x in labels}
                frame[col] = [back.get(v, v) if v is not None else None for v in frame[col]]
        return frame

    def counts(self):
        """The counts as a long table: unit, higher (when set), group, count."""
        return self._frame(_core.almen_mix_counts(self._handle))

    def summary(self):
        """The whole-table indices (index, value): units, groups, total, entropy, M, H, D,
        interaction and, with a higher level, higher_units, M_between, M_within,
        H_between, H_within. Natural logarithms (M in nats)."""
        return self._frame(_core.almen_mix_summary(self._handle))

    def value(self, index):
        """One value of :meth:`summary`, e.g. ``m.value("M")``."""
        s = self.summary()
        hit = s.loc[s["index"] == index, "value"]
        if hit.empty:
            raise KeyError(index)
        return float(hit.iloc[0])

    def groups(self):
        """Per group: count, share, local_M, M_contribution, isolation,
        isolation_adjusted, D_vs_rest."""
        return self._frame(_core.almen_mix_groups(self._handle))

    def pairs(self):
        """Per ordered pair of groups: dissimilarity (two-group D) and exposure (P*)."""
        return self._frame(_core.almen_mix_pairs(self._handle))

    def units(self):
        """Per unit: total, share, entropy, local_M, M_contribution, local_M_within,
        D_contribution."""
        return self._frame(_core.almen_mix_units(self._handle))

    def higher(self):
        """Per higher unit: units, total, share, entropy, local_M,
        M_between_contribution, M_within, H_within, M_within_contribution, D_within."""
        return self._frame(_core.almen_mix_higher(self._handle))

    def tables(self):
        """All of the above as a dict of DataFrames (no "higher" without a higher level)."""
        out = {"summary": self.summary(), "groups": self.groups(), "pairs": self.pairs(),
               "units": self.units()}
        if self._higher is not None:
            out["higher"] = self.higher()
        return out

    # -- inference and change ---------------------------------------------------------

    def inference(self, replicates=1000, seed=0, level=0.95):
        """Bootstrap and random-allocation summary per index: estimate, bootstrap_mean,
        bias, corrected, se, lower, upper, null_mean, null_sd, p_value. The counts must
        be whole numbers; the same seed gives the same result on every platform."""
        return self._frame(_core.almen_mix_inference(self._handle, int(replicates), int(seed),
                                                     float(level)))

    def replicates(self, kind="bootstrap", replicates=1000, seed=0):
        """The indices of every replicate (kind "bootstrap" or "null")."""
        return self._frame(_core.almen_mix_replicates(self._handle, kind, int(replicates),
                                                      int(seed)))

    def change(self, later, index="M", tolerance=0.0):
        """The change of ``index`` ("M", "H" or "D") from this table to ``later``, split
        into additions, removals, group_marginal, unit_marginal and structural (Elbers
        2021); units and groups are matched by label."""
        if not isinstance(later, Mix):
            raise TypeError(f"change() needs a Mix, not {type(later).__name__}")
        return self._frame(_core.almen_mix_change(self._handle, later._handle, index,
                                                  float(tolerance)))


def indices(counts, units=None, groups=None, higher=None):
    """Every index table of a unit x group table at once: a dict of DataFrames
    ("summary", "groups", "pairs", "units" and, with ``higher``, "higher"). ``counts``
    and the other arguments as for :class:`Mix`."""
    return Mix(counts, units=units, groups=groups, higher=higher).tables()


def change(earlier, later, index="M", tolerance=0.0):
    """Shorthand for ``earlier.change(later, index, tolerance)``."""
    return earlier.change(later, index, tolerance)


def _case_mix(self, grouping="origin", year=None, higher="district"):
    """The department x group table of ``year`` (default: the latest year with figures) as
    a :class:`almen.mix.Mix`: grouping "origin", "work", "schooling", "conviction" or a
    figure field with a denominator; higher "district", "area", "organisation" or None."""
    if year is None:
        figures = self.figures()
        if figures.empty:
            raise ValueError("the case has no figures")
        year = int(figures["year"].max())
    return Mix._wrap(_core.almen_case_mix(self._handle, grouping, int(year), higher))


Case.mix = _case_mix
