"""The statutory area lists: rule sets (almen.Rules) and classification (Case.classify,
almen.classify_published). The method is in docs/classification.md, the rule-set format in
docs/rules-format.md."""

import os
from collections.abc import Mapping

import pandas as pd

from . import _core
from ._case import Case, _path, _text
from ._table import _frame_and_free

_RULES_TYPE = "almen_rules"
_REFERENCES = ("national_convicted_pct", "regional_average_income")


class Rules:
    """A rule set: one regime of the statutory lists (criteria, thresholds, categories).

    ``Rules.builtin("dk-2021")`` (also "dk-2010", "dk-2013", "dk-2018"),
    ``Rules.for_year(2024)``, ``Rules.load(path)`` or ``Rules.from_yaml(text)`` for a
    user's own rule set (docs/rules-format.md). Errors raise :class:`almen.Error` with the
    position of the problem.
    """

    __slots__ = ("_handle", "__weakref__")

    def __init__(self, handle):
        if not isinstance(handle, _core.Handle) or handle.type != _RULES_TYPE:
            raise TypeError("Rules() takes an almen_rules handle; use Rules.builtin, "
                            "Rules.load or Rules.from_yaml")
        self._handle = handle

    @classmethod
    def builtin(cls, id):
        """A compiled-in rule set by id."""
        return cls(_core.almen_rules_builtin(str(id)))

    @classmethod
    def for_year(cls, year):
        """The compiled-in rule set in force for a list year."""
        return cls.builtin(rules_for_year(year))

    @classmethod
    def load(cls, path):
        """A rule set from a YAML file."""
        return cls(_core.almen_rules_load_file(_path(path)))

    @classmethod
    def from_yaml(cls, text, source=None):
        """A rule set from YAML text; ``source`` names it in errors."""
        return cls(_core.almen_rules_load_string(_text(text, "text"),
                                                 None if source is None else str(source)))

    @property
    def id(self):
        """The rule set's id, e.g. "dk-2021"."""
        return _core.almen_rules_id(self._handle)

    @property
    def yaml(self):
        """The YAML text the rule set was read from."""
        return _core.almen_rules_yaml(self._handle)

    def criteria(self):
        """One row per criterion and threshold set: criterion, name, source, form,
        numerator, denominator, reference, window, thresholds, op, threshold, unit."""
        return _frame_and_free(_core.almen_rules_criteria(self._handle))

    def categories(self):
        """One row per category: counts, required criteria, history, exclusions, lineage
        (continues) and placement rank (1 = most severe)."""
        return _frame_and_free(_core.almen_rules_categories(self._handle))

    def __repr__(self):
        return f"<almen.Rules {self.id}>" if self._handle else "<almen.Rules (freed)>"

    def __reduce__(self):
        return (Rules.from_yaml, (self.yaml,))


def rules_for_year(year):
    """The id of the compiled-in rule set in force for a list year ("dk-2021" for 2024)."""
    return _core.almen_rules_for_year(int(year))


def builtin_rules():
    """The compiled-in rule sets: id, name, law, first_year, last_year, list_date."""
    return _frame_and_free(_core.almen_rules_builtins())


def _as_rules(rules):
    if isinstance(rules, Rules):
        return rules
    if isinstance(rules, (str, os.PathLike)):
        text = os.fspath(rules)
        if isinstance(text, str) and text in set(builtin_rules()["id"]):
            return Rules.builtin(text)
        return Rules.load(text)
    raise TypeError(f"rules must be a Rules, a rule-set id or a file name, not "
                    f"{type(rules).__name__}")


def _year_range(years):
    """None, a year, (first, last) with None for an open end, or a range."""
    if years is None:
        return None
    if isinstance(years, range):
        if len(years) == 0 or years.step != 1:
            raise ValueError("years must be a non-empty range with step 1")
        return years[0], years[-1]
    if isinstance(years, (int,)) and not isinstance(years, bool):
        return years, years
    first, last = years
    return (0 if first is None else int(first)), (0 if last is None else int(last))


def _split_threshold_key(key):
    if isinstance(key, tuple):
        criterion, thresholds = key
        return str(criterion), (None if thresholds is None else str(thresholds))
    criterion, _, thresholds = str(key).partition(".")
    return criterion, (thresholds or None)


def _set_references(opts, references):
    """{"national_convicted_pct": x | {year: x}, "regional_average_income": x | {year: x}
    | {region: x | {year: x}}} -> options; year 0 = every year, region None = every region."""
    for name, value in references.items():
        if name not in _REFERENCES:
            raise ValueError(f"unknown reference {name!r} ({', '.join(_REFERENCES)})")
        entries = []
        if isinstance(value, Mapping):
            for key, v in value.items():
                if isinstance(key, str):  # a region
                    if isinstance(v, Mapping):
                        entries += [(key, int(y), x) for y, x in v.items()]
                    else:
                        entries.append((key, 0, v))
                else:
                    entries.append((None, int(key), v))
        else:
            entries.append((None, 0, value))
        for region, year, v in entries:
            _core.almen_classify_options_set_reference(opts, name, region, year, float(v))


def classify_options(rules=None, years=None, disable=(), thresholds=None, references=None,
                     window_method=None, incomplete_window=None, data_lag=None):
    """An ``almen_classify_options`` handle from keyword arguments (see
    :meth:`Case.classify`)."""
    opts = _core.almen_classify_options_new()
    if rules is not None:
        if isinstance(rules, (list, tuple)) and rules and isinstance(rules[0], (list, tuple)):
            for r, first, last in rules:  # [(rules, first, last), ...]
                _core.almen_classify_options_set_rules(opts, _as_rules(r)._handle,
                                                       int(first or 0), int(last or 0))
        else:
            _core.almen_classify_options_set_rules(opts, _as_rules(rules)._handle, 0, 0)
    span = _year_range(years)
    if span is not None:
        _core.almen_classify_options_set_years(opts, *span)
    if isinstance(disable, str):
        disable = (disable,)
    for criterion in disable:
        _core.almen_classify_options_disable(opts, str(criterion))
    for key, value in (thresholds or {}).items():
        criterion, thresholds_set = _split_threshold_key(key)
        _core.almen_classify_options_set_threshold(opts, criterion, thresholds_set, float(value))
    if references:
        _set_references(opts, references)
    if window_method is not None:
        _core.almen_classify_options_set_window_method(opts, window_method)
    if incomplete_window is not None:
        _core.almen_classify_options_set_incomplete_window(opts, incomplete_window)
    if data_lag is not None:
        _core.almen_classify_options_set_data_lag(opts, int(data_lag))
    return opts


def classify(case, rules=None, years=None, disable=(), thresholds=None, references=None,
             window_method=None, incomplete_window=None, data_lag=None, details=False):
    """Classify every housing area of the case by the statutory lists: a DataFrame with one
    row per area and list year (``details=True``: one row per area, year, criterion and
    threshold set).

    rules              None (the rule set in force each list year), a :class:`Rules`, a
                       rule-set id ("dk-2018") or file name used for every year, or
                       [(rules, first, last), ...] for ranges of list years (0/None: open)
    years              a list year, (first, last) or a range; None: every year with data
    disable            criterion ids to switch off (what-if), e.g. "nonwestern"
    thresholds         {"outside_labour": 38} (every set) or {"outside_labour.udsat": 38}
                       or {("outside_labour", "udsat"): 38}
    references         overriding the case's: {"national_convicted_pct": 0.725 or
                       {2024: 0.73}, "regional_average_income": 330000 or {2024: ...}
                       or {"Syddanmark": {2024: ...}}}
    window_method      "mean_of_ratios" or "ratio_of_sums" (default: the rule set's)
    incomplete_window  "unknown" or "available" (default: the rule set's, "unknown")
    data_lag           list year Y from the figures of Y - data_lag (default: the rule
                       set's, 0)

    Boolean columns are pandas' nullable boolean: NA where the answer depends on missing
    data (never a silent False); ``placement`` is None when unknown; ``missing`` says what
    was missing. Columns and margins are described in docs/classification.md.
    """
    opts = classify_options(rules, years, disable, thresholds, references, window_method,
                            incomplete_window, data_lag)
    fn = _core.almen_case_classify_criteria if details else _core.almen_case_classify
    return _frame_and_free(fn(case._handle, opts))


def classify_published(source, rules=None, years=None, disable=(), thresholds=None,
                       references=None, source_name=None):
    """Classify published area-level values (already averaged): ``source`` is a CSV file
    name, CSV text (containing a newline) or a DataFrame with columns area, year, residents
    and per criterion e.g. outside_labour_pct, convicted_ratio (or convicted_pct with
    references={"national_convicted_pct": x}), basic_education_pct, income_pct_of_region,
    nonwestern_pct. Other arguments as :meth:`Case.classify`."""
    opts = classify_options(rules, years, disable, thresholds, references)
    if isinstance(source, pd.DataFrame):
        text = source.to_csv(index=False, float_format="%.17g")
        table = _core.almen_classify_published_string(text, source_name or "<DataFrame>", opts)
    elif isinstance(source, str) and "\n" in source:
        table = _core.almen_classify_published_string(source, source_name, opts)
    else:
        table = _core.almen_classify_published_file(_path(source), opts)
    return _frame_and_free(table)


def _case_references(self):
    """The case's reference values: reference, region (None for national), year, value."""
    return _frame_and_free(_core.almen_case_references(self._handle))


def _case_set_reference(self, name, year, value, region=None):
    """Set one reference value of the case (None or NaN removes it); for
    "regional_average_income" region None means the case's own region."""
    value = float("nan") if value is None else float(value)
    _core.almen_case_set_reference(self._handle, name, region, int(year), value)


Case.classify = classify
Case.references = _case_references
Case.set_reference = _case_set_reference
