"""Agreements between a municipality and its housing organisations (docs/agreements.md)::

    case = almen.Case.example()
    case.agreements()                                   # one row per agreement
    case.letting_policy(date="2025-06-01")              # instruments per department
    case.agreement_findings(date="2025-06-01")          # checks against the law
    case.agreement_coverage(date="2025-06-01")          # per theme and district
    case.add_template("naalestik", id="n1", start="2026-01-01", targets=["401-30"])
    almen.agreement_templates()                         # the compiled-in templates

Dates are ISO text "YYYY-MM-DD" or :class:`datetime.date`; None means today. The options
of the analyses are keyword arguments:

``status``
    explicit area statuses: a DataFrame with columns area, year, category, or an iterable
    of (area, year, category) tuples (category "none", "udsat", "parallelsamfund",
    "omdannelsesomraade", "forebyggelsesomraade", "ghetto", "haardt_ghetto").
``classification``
    classify area-years without an explicit status (default True).
``list_date``, ``statutory_from``
    the publication day of the lists ("MM-DD", default "12-01") and the day statutory
    instruments start (default "2021-11-30").
``parameters``
    numeric parameters by name, see :func:`agreement_parameters`.

The methods are added to :class:`almen.Case` by this module.
"""

import datetime
import io
from collections.abc import Mapping

import pandas as pd

from . import _core
from ._case import Case, _path, _text
from ._table import _frame_and_free

_OPTIONS_TYPE = "almen_agreement_options"


def _date(date):
    """A date argument for the C library: ISO text or None (today)."""
    if date is None:
        return None
    if isinstance(date, datetime.datetime):
        date = date.date()
    if isinstance(date, datetime.date):
        return date.isoformat()
    if isinstance(date, str):
        return date
    raise TypeError(f"date must be 'YYYY-MM-DD', a datetime.date or None, not {type(date).__name__}")


def _status_csv(status):
    """Explicit statuses as the CSV the C library reads."""
    if isinstance(status, pd.DataFrame):
        missing = {"area", "year", "category"} - set(status.columns)
        if missing:
            raise ValueError(f"status needs the columns area, year, category (missing: "
                             f"{', '.join(sorted(missing))})")
        rows = status[["area", "year", "category"]].itertuples(index=False, name=None)
    else:
        rows = status
    out = io.StringIO()
    out.write("area,year,category\n")
    for row in rows:
        area, year, category = row
        for value in (area, category):
            if any(ch in str(value) for ch in ',"\n\r'):
                raise ValueError(f"status: {value!r} cannot be an area or category")
        out.write(f"{area},{int(year)},{category}\n")
    return out.getvalue()


def _options(status=None, classification=True, list_date=None, statutory_from=None,
             parameters=None):
    """A new almen_agreement_options handle from the keyword arguments."""
    o = _core.almen_agreement_options_new()
    _core.almen_agreement_options_set_classification(o, 1 if classification else 0)
    if list_date is not None:
        _core.almen_agreement_options_set_text(o, "list_date", str(list_date))
    if statutory_from is not None:
        _core.almen_agreement_options_set_text(o, "statutory_from", _date(statutory_from))
    if parameters is not None:
        if not isinstance(parameters, Mapping):
            raise TypeError("parameters must be a mapping of name: number")
        for name, value in parameters.items():
            _core.almen_agreement_options_set_parameter(o, str(name), float(value))
    if status is not None:
        _core.almen_agreement_options_set_status_csv(o, _status_csv(status), "<status>")
    return o


# -- the agreements of a case ----------------------------------------------------------------

def agreements(self):
    """One row per agreement: id, name, model, organisations, geography, start, end,
    reviews, council_adopted, themes_on, instruments, extension_60b."""
    return _frame_and_free(_core.almen_case_agreements(self._handle))


def agreement_instruments(self):
    """One row per instrument of every agreement: agreement, index, instrument, paragraph,
    share_pct, quota_pct, groups, criteria, dwelling_types, area_status, applies_to,
    parameters, note."""
    return _frame_and_free(_core.almen_case_agreement_instruments(self._handle))


def agreement_themes(self):
    """One row per agreement and theme: agreement, theme, on (NA when not said)."""
    return _frame_and_free(_core.almen_case_agreement_themes(self._handle))


def agreement_governance(self):
    """Roles and boards of every agreement (per-district boards expanded)."""
    return _frame_and_free(_core.almen_case_agreement_governance(self._handle))


def add_agreements(self, path=None, text=None, source=None):
    """Add the agreements of a YAML file (``path``) or text (``text``) to the case,
    checked against it; all or nothing (almen.Error with the position on failure)."""
    if (path is None) == (text is None):
        raise ValueError("give exactly one of path and text")
    if path is not None:
        handle = _core.almen_agreements_load_file(_path(path))
    else:
        handle = _core.almen_agreements_load_string(_text(text, "text"),
                                                    None if source is None else str(source))
    try:
        _core.almen_case_add_agreements(self._handle, handle)
    finally:
        handle.free()


def add_template(self, name, id=None, start=None, targets=None):
    """Add a compiled-in template filled in: ``id`` (default the template's), ``start``
    (moves every date of the template), ``targets`` (ids of the template's fill level, a
    list or a comma-separated string; None: every district or area, or the municipality)."""
    if targets is not None and not isinstance(targets, str):
        targets = ",".join(str(t) for t in targets)
    _core.almen_case_add_template(self._handle, str(name), None if id is None else str(id),
                                  _date(start), targets)


def remove_agreement(self, id):
    """Remove the agreement with this id (almen.Error ENOTFOUND when there is none)."""
    _core.almen_case_remove_agreement(self._handle, str(id))


def agreements_yaml(self):
    """The case's agreements as a standalone YAML document."""
    return _core.almen_case_agreements_yaml(self._handle)


# -- analyses on a date -------------------------------------------------------------------

def area_status(self, date=None, **options):
    """Each housing area's status on the list in force on ``date``: area, date, list_year,
    status (None when unknown), source ("explicit", "classification" or "unknown")."""
    o = _options(**options)
    return _frame_and_free(_core.almen_case_area_status(self._handle, _date(date), o))


def letting_policy(self, date=None, department=None, **options):
    """The effective letting policy on ``date`` of every department (or one): a row per
    instrument that applies, from the agreements in force and from the law by the area's
    status (source "statutory"), with department, area, district, date, list_year,
    area_status, source, paragraph, instrument, share_pct, quota_pct, groups, criteria,
    dwelling_types, parameters, note. A department with none has one row "none"."""
    o = _options(**options)
    dept = None if department is None else str(department)
    return _frame_and_free(_core.almen_case_letting_policy(self._handle, _date(date), dept, o))


def agreement_findings(self, date=None, **options):
    """The agreements in force on ``date`` checked against the law: severity, code,
    paragraph, agreement, department, area, departments, message."""
    o = _options(**options)
    return _frame_and_free(_core.almen_case_agreement_findings(self._handle, _date(date), o))


def agreement_coverage(self, date=None, **options):
    """Departments, dwellings, family dwellings and residents covered by the agreements in
    force on ``date``, per theme and per district."""
    o = _options(**options)
    return _frame_and_free(_core.almen_case_agreement_coverage(self._handle, _date(date), o))


Case.agreements = agreements
Case.agreement_instruments = agreement_instruments
Case.agreement_themes = agreement_themes
Case.agreement_governance = agreement_governance
Case.add_agreements = add_agreements
Case.add_template = add_template
Case.remove_agreement = remove_agreement
Case.agreements_yaml = agreements_yaml
Case.area_status = area_status
Case.letting_policy = letting_policy
Case.agreement_findings = agreement_findings
Case.agreement_coverage = agreement_coverage


# -- module functions ---------------------------------------------------------------------

def agreement_templates():
    """The compiled-in templates: name, model, title, fill, description."""
    return _frame_and_free(_core.almen_agreement_templates())


def agreement_template_yaml(name):
    """The YAML text of a template, to copy and edit."""
    return _core.almen_agreement_template_yaml(str(name))


def agreement_parameters():
    """The parameters of the analyses: name, kind, default, paragraph, description."""
    return _frame_and_free(_core.almen_agreement_parameters())
