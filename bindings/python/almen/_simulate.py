"""The letting simulation (docs/simulation.md): what a letting policy does to each
department's composition, year by year, with its Monte Carlo uncertainty::

    case = almen.Case.example()
    sim = case.simulate(years=5, runs=1000, agreements=["all", "none"])
    sim.status()          # per variant, area and list year: probability of each list
    sim.indicators()      # mean, sd, se and quantiles per department/area, year, indicator
    sim.compare()         # the variants side by side (probability of being on a list)
    sim.run_array("criterion_outside_labour")   # numpy array: variants x runs x areas x years

The simulation runs in slices (``almen_simulation_step``), so a progress callback
``progress(done, total)`` is called from Python between slices, and Ctrl-C stops the run
after the current slice (the runs done so far stay: results cover runs 0..done-1, and
``Simulation.run()`` continues). The C library's callback API is not used: a binding
callback would have to re-enter Python from the worker threads.

The same seed gives the same numbers whatever ``threads`` is.
"""

from collections.abc import Mapping

import numpy as np

from . import _core
from ._case import Case, _text
from ._table import _frame_and_free

#: The result tables and the C function behind each.
TABLES = {
    "indicators": _core.almen_simulation_indicators,
    "composition": _core.almen_simulation_composition,
    "inflow": _core.almen_simulation_inflow,
    "status": _core.almen_simulation_status,
    "leaving": _core.almen_simulation_leaving,
    "compare": _core.almen_simulation_compare,
    "initial": _core.almen_simulation_initial,
    "fit": _core.almen_simulation_fit,
    "policy": _core.almen_simulation_policy,
    "run_values": _core.almen_simulation_run_values,
}


def simulation_parameters():
    """The model's parameters: name, default, unit, source, description."""
    return _frame_and_free(_core.almen_simulation_parameters())


def _options(years=10, base_year=None, runs=1000, seed=1, threads=0,
             quantiles=(0.05, 0.5, 0.95), parameters=None, household_types=None, initial=None,
             agreements=None, policies=None, run_output=False, scenario=None):
    o = _core.almen_simulation_options_new()
    _core.almen_simulation_options_set_years(o, 0 if base_year is None else int(base_year),
                                             int(years))
    _core.almen_simulation_options_set_runs(o, int(runs))
    _core.almen_simulation_options_set_seed(o, float(seed))
    _core.almen_simulation_options_set_threads(o, int(threads))
    _core.almen_simulation_options_set_quantiles(o, np.asarray(quantiles, dtype=np.float64))
    for name, value in (parameters or {}).items():
        _core.almen_simulation_options_set_parameter(o, str(name), float(value))
    if household_types is not None:
        _core.almen_simulation_options_set_household_types(
            o, _text(household_types, "household_types"), "household_types")
    if initial is not None:
        # {department: {household_type: count}} or rows (department, type, count)
        rows = ([(d, t, c) for d, counts in initial.items() for t, c in counts.items()]
                if isinstance(initial, Mapping) else initial)
        for department, household_type, count in rows:
            _core.almen_simulation_options_set_initial(o, str(department), str(household_type),
                                                       float(count))
    if isinstance(agreements, str):
        agreements = [agreements]
    for name in agreements or ():
        _core.almen_simulation_options_add_agreement(o, str(name))
    if isinstance(policies, str):
        policies = [policies]
    for i, policy in enumerate(policies or ()):
        _core.almen_simulation_options_add_policy(o, _policy_yaml(policy), f"policies[{i}]")
    _core.almen_simulation_options_set_run_output(o, 1 if run_output else 0)
    if scenario is not None:
        _core.almen_simulation_options_set_scenario(o, str(scenario))
    return o


def _yaml_value(v):
    if isinstance(v, Mapping):
        return "{" + ", ".join(f"{_yaml_value(k)}: {_yaml_value(x)}" for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_yaml_value(x) for x in v) + "]"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float, np.integer, np.floating)):
        return repr(float(v)) if isinstance(v, (float, np.floating)) else str(int(v))
    s = str(v).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{s}"'


def _policy_yaml(policy):
    """An explicit policy: YAML text, or a dict with the same keys (name, channels,
    exclude, dwelling_types, flexible_criteria)."""
    if isinstance(policy, Mapping):
        return "\n".join(f"{k}: {_yaml_value(v)}" for k, v in policy.items()) + "\n"
    return _text(policy, "policy")


class Simulation:
    """A prepared letting simulation of a case (see :meth:`almen.Case.simulate`).

    The case and the options are copied when it is made; :meth:`run` runs the remaining
    runs, the table methods report over the runs done so far."""

    __slots__ = ("_handle",)

    def __init__(self, case, **options):
        if not isinstance(case, Case):
            raise TypeError(f"case must be an almen.Case, not {type(case).__name__}")
        o = _options(**options)
        try:
            self._handle = _core.almen_simulation_new(case._handle, o)
        finally:
            o.free()

    def run(self, progress=None, slices=100):
        """Run the remaining runs in about ``slices`` slices, calling ``progress(done,
        total)`` after each. Returns self. Ctrl-C (KeyboardInterrupt) stops after the
        current slice and propagates; the runs done stay and ``run()`` continues them."""
        total = self.runs_total
        step = max(1, -(-total // max(1, int(slices))))
        while self.runs_done < total:
            _core.almen_simulation_step(self._handle, step)
            if progress is not None:
                progress(self.runs_done, total)
        return self

    def cancel(self):
        """Stop: later steps raise almen.Error (ECANCELLED); results keep the runs done."""
        _core.almen_simulation_cancel(self._handle)

    @property
    def runs_done(self):
        return _core.almen_simulation_runs_done(self._handle)

    @property
    def runs_total(self):
        return _core.almen_simulation_runs_total(self._handle)

    @property
    def progress(self):
        """The fraction of runs done, 0..1."""
        return _core.almen_simulation_progress(self._handle)

    def table(self, name):
        """One result table by name (see ``TABLES``) as a DataFrame."""
        try:
            fn = TABLES[name]
        except KeyError:
            raise ValueError(f"unknown table {name!r} (one of {', '.join(TABLES)})") from None
        return _frame_and_free(fn(self._handle))

    def indicators(self):
        """variant, level, unit, year, indicator, mean, sd, se, one column per quantile
        (q5, q50, q95), runs. Area quantiles are exact, department quantiles from
        histograms (docs/simulation.md)."""
        return self.table("indicators")

    def composition(self):
        """Households per type: variant, department, year, household_type, mean, sd, se,
        share_mean, share_se."""
        return self.table("composition")

    def inflow(self):
        """Mean lettings per channel and household type: variant, department, year, channel,
        household_type, mean."""
        return self.table("inflow")

    def status(self):
        """Per variant, area and list year: p_list, p_<placement>, p_unknown,
        p_test_<category>."""
        return self.table("status")

    def leaving(self):
        """For areas on a list in the base year: when they first leave every list."""
        return self.table("leaving")

    def compare(self):
        """The probability of being on a list, per area and year, one column per variant."""
        return self.table("compare")

    def initial(self):
        """The initial households by department, type and dwelling type."""
        return self.table("initial")

    def fit(self):
        """How the initial households reproduce the base year's figures."""
        return self.table("fit")

    def policy(self):
        """The channels' shares and exclusions by variant, year, status and department."""
        return self.table("policy")

    def run_values(self):
        """Every run's value (areas; departments too with ``run_output=True``)."""
        return self.table("run_values")

    def run_array(self, indicator, level="area"):
        """Every run's value of one indicator as a numpy array of shape (variants, runs,
        units, years), with the labels: ``(array, variants, units, years)``."""
        frame = self.run_values()
        frame = frame[(frame["level"] == level) & (frame["indicator"] == indicator)]
        if frame.empty:
            raise ValueError(f"no run-level values for {level} indicator {indicator!r}"
                             + (" (departments need run_output=True)" if level == "department"
                                else ""))
        variants = list(dict.fromkeys(frame["variant"]))
        units = list(dict.fromkeys(frame["unit"]))
        years = sorted(set(frame["year"]))
        runs = int(frame["run"].max()) + 1
        out = np.full((len(variants), runs, len(units), len(years)), np.nan)
        vi = frame["variant"].map({v: i for i, v in enumerate(variants)}).to_numpy()
        ui = frame["unit"].map({u: i for i, u in enumerate(units)}).to_numpy()
        yi = frame["year"].map({y: i for i, y in enumerate(years)}).to_numpy()
        out[vi, frame["run"].to_numpy(), ui, yi] = frame["value"].to_numpy()
        return out, variants, units, years

    def free(self):
        """Release the simulation now (it is freed when collected anyway)."""
        self._handle.free()


def simulate(self, progress=None, **options):
    """Simulate lettings in this case and run every run; returns a :class:`Simulation`.

    Keyword options: ``years`` (10), ``base_year`` (None: the latest year with figures),
    ``runs`` (1000), ``seed`` (1), ``threads`` (0: all processors), ``quantiles``
    ((0.05, 0.5, 0.95)), ``parameters`` (dict, see :func:`simulation_parameters`),
    ``household_types`` (YAML text replacing the case's section), ``initial``
    ({department: {type: count}}), ``agreements`` (agreement ids, "all", "none"; side by
    side), ``policies`` (explicit policies as YAML text or dicts), ``run_output``
    (keep every run's department values), ``scenario`` (a renovation scenario of the case
    whose dwellings are used year by year). ``progress(done, total)`` is called as it goes."""
    return Simulation(self, **options).run(progress)


Case.simulate = simulate
