"""The municipality report (docs/report.md): one self-contained HTML file for a board, or
the compact text summary ``almen report`` prints::

    case = almen.Case.example()
    case.report_html("eksempelby.html")                  # writes the file
    html = case.report_html(title="Almene boliger i Eksempelby", years=(2021, 2025))
    print(case.report_text())
    sim = case.simulate(runs=500, agreements=["all", "none"])
    case.report_html("with-simulation.html", simulation=sim)

Small cells are suppressed by default (100 residents / 50 households, LBF's rule);
``suppress=False`` shows everything and says so on the cover.
"""

import os

from . import _core
from ._case import Case, _path
from ._table import _frame_and_free


def _year_range(years):
    """None, a year, (first, last) with None for an open end, or a range."""
    if years is None:
        return 0, 0
    if isinstance(years, range):
        if not years:
            raise ValueError("years is an empty range")
        return years[0], years[-1]
    if isinstance(years, (tuple, list)):
        if len(years) != 2:
            raise ValueError("years is a year, (first, last) or a range")
        return int(years[0] or 0), int(years[1] or 0)
    return int(years), int(years)


def report_options(title=None, date=None, years=None, as_of=None, sections=None,
                   suppress=True, min_persons=None, min_households=None, simulation=None):
    """An ``almen_report_options`` handle from keyword arguments (see
    :meth:`Case.report_html`). The handle borrows ``simulation``: keep that alive while
    the options are used."""
    opts = _core.almen_report_options_new()
    if title is not None:
        _core.almen_report_options_set_title(opts, str(title))
    if date is not None:
        _core.almen_report_options_set_date(opts, str(date))
    first, last = _year_range(years)
    _core.almen_report_options_set_years(opts, first, last)
    if as_of is not None:
        _core.almen_report_options_set_as_of(opts, str(as_of))
    if sections is not None:
        if not isinstance(sections, str):
            sections = ",".join(sections)
        _core.almen_report_options_set_sections(opts, sections)
    if not suppress:
        if min_persons or min_households:
            raise ValueError("suppress=False leaves no minimums to set")
        _core.almen_report_options_set_suppression(opts, 0, 0)
    elif min_persons is not None or min_households is not None:
        _core.almen_report_options_set_suppression(
            opts, 100 if min_persons is None else int(min_persons),
            50 if min_households is None else int(min_households))
    if simulation is not None:
        handle = getattr(simulation, "_handle", simulation)
        _core.almen_report_options_set_simulation(opts, handle)
    return opts


def report_html(self, path=None, **options):
    """The report as one HTML document (str), or written to ``path`` (then the path is
    returned). Keyword options:

    title           the report's title (default "Social housing in <municipality>")
    date            a date line under the title, printed as given (default: none)
    years           a year, (first, last) or a range of figure years (default: all)
    as_of           "YYYY-MM-DD": the day the agreements are read on (default: 1 December
                    of the latest year)
    sections        ids (list or comma-separated) from :func:`report_sections`
    suppress        False: no small-cell suppression (not for publication)
    min_persons, min_households   the suppression minimums (default 100 and 50)
    simulation      a :class:`Simulation` of this case that has been run
    """
    simulation = options.get("simulation")  # referenced until the C call returns
    html = _core.almen_case_report_html(self._handle, report_options(**options))
    del simulation
    if path is None:
        return html
    with open(_path(path), "w", encoding="utf-8", newline="\n") as f:
        f.write(html)
    return os.fspath(path)


def report_text(self, **options):
    """The compact text summary of :meth:`report_html`'s options (as ``almen report``
    prints it on a terminal)."""
    simulation = options.get("simulation")
    text = _core.almen_case_report_text(self._handle, report_options(**options))
    del simulation
    return text


def report_sections():
    """The sections a report can hold, in report order: id, title, description."""
    return _frame_and_free(_core.almen_report_sections())


Case.report_html = report_html
Case.report_text = report_text
