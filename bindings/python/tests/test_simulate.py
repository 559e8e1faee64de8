"""The letting simulation from Python: the closed form of the one-channel case computed here
with numpy, determinism over threads and interruptions, bans, run-level arrays against the
summary tables, errors."""

import numpy as np
import pandas as pd
import pytest

import almen
from conftest import data_dir

ONE_CHANNEL = {"name": "one", "channels": {"internal": 0}}


@pytest.fixture
def onechannel():
    return almen.Case.load(data_dir() / "simulate" / "onechannel.yaml")


@pytest.fixture
def udsat():
    return almen.Case.load(data_dir() / "simulate" / "udsat.yaml")


def test_one_channel_matches_the_closed_form(onechannel):
    # Pool p = (6, 3, 1) / 10 from the types' waiting-list weights, initial shares
    # s0 = (200, 600, 200) / 1000, turnover t = 0.104 for every type:
    # E share_k(y) = p_k + (s0_k - p_k) (1 - t)^y.
    sim = onechannel.simulate(runs=1500, seed=99, policies=[ONE_CHANNEL])
    comp = sim.composition()
    p = {"working": 0.6, "benefits": 0.3, "pensioner": 0.1}
    s0 = {"working": 0.2, "benefits": 0.6, "pensioner": 0.2}
    years = comp["year"] - 2024
    expected = np.array([p[k] + (s0[k] - p[k]) * 0.896 ** y
                         for k, y in zip(comp["household_type"], years)])
    later = years > 0
    z = (comp["share_mean"][later] - expected[later]) / comp["share_se"][later]
    assert len(z) == 30
    assert np.all(np.abs(z) < 4), z.max()
    assert np.allclose(comp["share_mean"][~later], expected[~later])


def test_same_seed_same_tables_whatever_the_threads(udsat):
    def tables(threads, seed=5):
        sim = udsat.simulate(runs=40, years=5, threads=threads, seed=seed,
                             agreements=["all", "none"])
        return [sim.indicators(), sim.composition(), sim.status(), sim.leaving()]

    one, two, four = tables(1), tables(2), tables(4)
    for a, b, c in zip(one, two, four):
        pd.testing.assert_frame_equal(a, b)
        pd.testing.assert_frame_equal(a, c)
    other = tables(2, seed=6)
    assert not one[0].equals(other[0])


def test_interrupted_run_continues_to_the_same_result(udsat):
    full = udsat.simulate(runs=60, years=4, seed=3).indicators()
    sim = almen.Simulation(udsat, runs=60, years=4, seed=3)
    seen = []

    def stop_once(done, total):
        seen.append(done)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        sim.run(progress=stop_once, slices=10)
    assert seen == [6, 12] and sim.runs_done == 12
    assert sim.progress == pytest.approx(0.2)
    partial = sim.indicators()
    assert set(partial["runs"][partial["indicator"] == "residents"]) == {12}
    sim.run()
    pd.testing.assert_frame_equal(sim.indicators(), full)


def test_ban_removes_its_types_from_the_incoming_flow(onechannel):
    ban = {"name": "ban", "channels": {"municipal": 50, "internal": 0},
           "exclude": {"municipal": ["social_assistance_6m"]}}
    open_ = {"name": "open", "channels": {"municipal": 50, "internal": 0}}
    sim = onechannel.simulate(runs=100, years=3, policies=[ban, open_])
    flow = sim.inflow()
    banned = flow[(flow["channel"] == "municipal") & (flow["household_type"] == "benefits")]
    assert (banned[banned["variant"] == "ban"]["mean"] == 0).all()
    assert (banned[banned["variant"] == "open"]["mean"] > 1).all()
    waiting = flow[(flow["channel"] == "waiting_list") & (flow["variant"] == "ban")
                   & (flow["household_type"] == "benefits")]
    assert (waiting["mean"] > 1).all()
    pol = sim.policy()
    row = pol[(pol["variant"] == "ban") & (pol["channel"] == "municipal")].iloc[0]
    assert row["excluded"] == "benefits" and row["share_pct"] == 50


def test_run_array_agrees_with_the_summaries(udsat):
    sim = udsat.simulate(runs=50, years=3, agreements=["all", "none"], run_output=True)
    values, variants, units, years = sim.run_array("outside_labour_pct")
    assert values.shape == (2, 50, 1, 4)
    assert variants == ["all", "none"] and units == ["syd"] and years == [2024, 2025, 2026, 2027]
    ind = sim.indicators()
    for v, variant in enumerate(variants):
        rows = ind[(ind["variant"] == variant) & (ind["level"] == "area")
                   & (ind["indicator"] == "outside_labour_pct")].sort_values("year")
        assert np.allclose(rows["mean"], values[v, :, 0, :].mean(axis=0), rtol=1e-12)
        assert np.allclose(rows["q50"], np.quantile(values[v, :, 0, :], 0.5, axis=0),
                           rtol=1e-12)
        assert np.allclose(rows["sd"], values[v, :, 0, :].std(axis=0, ddof=1), rtol=1e-9)
    dept, _, dunits, _ = sim.run_array("move_outs", level="department")
    assert dunits == ["701-1"] and np.isnan(dept[:, :, 0, -1]).all()
    assert (dept[:, :, 0, :-1] >= 0).all()


def test_status_probabilities_add_up(udsat):
    sim = udsat.simulate(runs=80, years=4)
    st = sim.status()
    placements = ["p_none", "p_omdannelsesomraade", "p_parallelsamfund", "p_udsat",
                  "p_forebyggelsesomraade", "p_unknown"]
    assert np.allclose(st[placements].sum(axis=1), 1)
    assert np.allclose(st["p_list"], 1 - st["p_none"] - st["p_unknown"])
    # The base year comes from the case's figures: udsat for sure.
    assert st.loc[st["year"] == 2024, "p_udsat"].tolist() == [1.0]
    leave = sim.leaving()
    assert (leave["placement"] == "udsat").all()
    assert leave["p_off_by"].is_monotonic_increasing


def test_household_types_and_initial_in_the_options(onechannel):
    types = ("types:\n"
             "  - {id: a, persons: 2, applicants: {waiting_list: 1}}\n"
             "  - {id: b, persons: 3, applicants: {waiting_list: 3}}\n")
    sim = almen.Simulation(onechannel, runs=1, household_types=types,
                           initial={"501-1": {"a": 400, "b": 600}})
    init = sim.initial()
    assert init[["household_type", "households"]].values.tolist() == [["a", 400], ["b", 600]]
    assert set(init["source"]) == {"given"}


def test_errors_carry_positions(onechannel):
    with pytest.raises(almen.Error) as err:
        almen.Simulation(onechannel, household_types="types:\n  - {id: a, persons: -1}\n")
    assert err.value.line == 2 and err.value.field == "household_types.types[0].persons"
    with pytest.raises(almen.Error) as err:
        almen.Simulation(onechannel, policies=["name: p\nchannels: {municipal: 101}\n"])
    assert err.value.field == "channels.municipal"
    with pytest.raises(almen.Error) as err:
        almen.Simulation(onechannel, agreements=["nosuch"])
    assert "no agreement 'nosuch'" in str(err.value)
    with pytest.raises(almen.Error):
        almen.Simulation(onechannel, runs=0)
    with pytest.raises(TypeError):
        almen.Simulation("case.yaml")
    sim = almen.Simulation(onechannel, runs=2)
    with pytest.raises(ValueError):
        sim.table("nosuch")
    with pytest.raises(ValueError):
        sim.run_array("move_outs", level="department")


def test_parameters_table():
    params = almen.simulation_parameters()
    row = params.set_index("name").loc["turnover_family"]
    assert row["default"] == 0.104 and "Landsbyggefonden" in row["source"]
    assert {"turnover_youth", "internal_pct", "residual"} <= set(params["name"])


def test_the_example_simulates():
    # Eksempelby carries household types; its departments are decomposed from 2025's figures.
    case = almen.example()
    sim = case.simulate(years=3, runs=20, agreements=["all", "none"])
    init = sim.initial()
    assert set(init["source"]) == {"decomposed"}
    assert init.groupby("department")["households"].sum().min() > 0
    st = sim.status()
    assert len(st) == 2 * 5 * 4 and set(st["year"]) == {2025, 2026, 2027, 2028}
    fit = sim.fit()
    assert {"residents", "nonwestern"} <= set(fit["field"])
    # With the residual kept, the base year's indicators are the case's own figures.
    ind = sim.indicators()
    agg = case.aggregate("department")
    row = agg[(agg["department"] == "401-1") & (agg["year"] == 2025)].iloc[0]
    got = ind[(ind["unit"] == "401-1") & (ind["year"] == 2025)
              & (ind["indicator"] == "outside_labour_pct") & (ind["variant"] == "all")]
    assert got["mean"].iloc[0] == pytest.approx(row["outside_labour_pct"], rel=1e-12)


def test_renovation_scenario_changes_the_households(onechannel):
    # 100 of 1,000 dwellings demolished in 2025: 900 households from 1 January 2026.
    sim = onechannel.simulate(runs=20, years=3, scenario="demolish", policies=[ONE_CHANNEL])
    ind = sim.indicators()
    hh = ind[(ind["indicator"] == "households") & (ind["level"] == "department")]
    assert hh.set_index("year")["mean"].to_dict() == {2024: 1000, 2025: 1000, 2026: 900,
                                                      2027: 900}
    with pytest.raises(almen.Error):
        almen.Simulation(onechannel, scenario="nosuch")
