"""Renovation scenarios on a Case: the case file's ``scenarios`` section
(docs/renovation.md) and its results as pandas DataFrames::

    case = almen.Case.example()
    case.scenarios()                       # one row per scenario
    res = case.renovate()                  # dict: table name -> DataFrame
    res["comparison"]                      # the scenarios side by side
    case.renovate("renovate", "rents")     # one table of one scenario

The methods are added to :class:`almen.Case` by this module.
"""

from . import _core
from ._case import Case, _path, _text
from ._table import _frame_and_free

#: The result tables of :meth:`Case.renovate`, in order, and the C function behind each.
TABLES = {
    "comparison": _core.almen_renovation_compare,
    "costs": _core.almen_renovation_costs,
    "financing": _core.almen_renovation_financing,
    "loans": _core.almen_renovation_loans,
    "cashflows": _core.almen_renovation_cashflows,
    "npv": _core.almen_renovation_npv,
    "rents": _core.almen_renovation_rents,
    "rent_path": _core.almen_renovation_rent_path,
    "affordability": _core.almen_renovation_affordability,
    "family_share": _core.almen_renovation_family_share,
}


def scenarios(self):
    """The case's renovation scenarios, one row each: scenario, name, departments,
    base_year, after_year, first_payment_year, horizon, works, changes, area."""
    return _frame_and_free(_core.almen_case_scenarios(self._handle))


def renovate(self, scenario=None, table=None):
    """Run the renovation scenarios (all, or the one with id ``scenario``).

    Without ``table``: a dict of DataFrames, one per result table (see ``TABLES``):
    comparison (the scenarios side by side: metric, unit, one column per scenario), costs,
    financing, loans (schedules), cashflows (year by year, per payer), npv, rents (before
    and after, with the legal flags), rent_path (year by year), affordability (dwellings
    under the rent bands) and family_share (the §168a count). With ``table``: that one
    DataFrame. An unknown scenario raises almen.Error (ENOTFOUND)."""
    sc = None if scenario is None else str(scenario)
    if table is not None:
        try:
            fn = TABLES[table]
        except KeyError:
            raise ValueError(f"unknown table {table!r} (one of {', '.join(TABLES)})") from None
        return _frame_and_free(fn(self._handle, sc))
    return {name: _frame_and_free(fn(self._handle, sc)) for name, fn in TABLES.items()}


def load_scenarios(self, path):
    """Replace the case's scenarios with those of a YAML file holding a ``scenarios:``
    section. All or nothing: on error (almen.Error with the position) nothing changes."""
    _core.almen_case_load_scenarios_file(self._handle, _path(path))


def load_scenarios_text(self, text, source=None):
    """Like :meth:`load_scenarios`, from YAML text; ``source`` names it in errors."""
    _core.almen_case_load_scenarios_string(self._handle, _text(text, "text"),
                                           None if source is None else str(source))


Case.scenarios = scenarios
Case.renovate = renovate
Case.load_scenarios = load_scenarios
Case.load_scenarios_text = load_scenarios_text
