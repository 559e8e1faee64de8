"""Ownership: handles freed once, in any order, and the ABI check."""

import os
import subprocess
import sys
import textwrap

import pytest

import almen

HOSTILE = textwrap.dedent("""
    import gc
    import almen

    # A table outlives its case (results never refer to their parent).
    c = almen.Case.example()
    t = almen.case_figures(c._handle, None, None)
    del c
    gc.collect()
    assert len(almen.table_to_frame(t)) > 0
    del t

    # Explicit free, then free again, then collection.
    c = almen.Case.example()
    c.free(); c.free()
    assert c.closed
    del c
    gc.collect()

    # The raw free function consumes the handle: the collector does not free it again.
    h = almen.case_load_example()
    almen.case_free(h)
    assert not h
    almen.case_free(h)   # freeing a freed handle is a no-op
    h.free()
    del h
    t = almen.figure_fields()
    t.free()
    almen.table_free(t)
    almen.table_free(None)
    del t
    gc.collect()

    # Use after free raises instead of touching freed memory.
    c = almen.Case.example()
    h = c._handle
    c.free()
    for call in (lambda: c.to_yaml(), lambda: almen.case_department_count(h)):
        try:
            call()
        except ValueError:
            pass
        else:
            raise AssertionError("use after free did not raise")

    # Cases and tables in reference cycles, collected together in arbitrary order.
    for i in range(30):
        c = almen.Case.example()
        box = {"case": c, "tables": [almen.case_aggregate(c._handle, "area") for _ in range(3)]}
        box["self"] = box
        box["tables"].append(box)
        d = c.copy()
        box["copy"] = d
        del c, d, box
    gc.collect()

    # with-block, copies outliving their original.
    with almen.Case.example() as c:
        y = c.to_yaml()
        d = c.copy()
    assert c.closed and d.to_yaml() == y

    # Live handles at interpreter exit.
    keep = [almen.Case.example(), almen.figure_fields(), d]
    print("ok")
""")


# Garbage collection at every allocation while tables become DataFrames, while their
# columns are iterated and while handles die mid-iteration; children (a table, a copy,
# options holding a rule set, a Microdata holding its arrays, a simulation) outliving their
# parents.
HOSTILE_GC = textwrap.dedent("""
    import gc
    import numpy as np
    import pandas as pd
    import almen
    from almen import _core

    expected = almen.Case.example().aggregate("area")
    churn = []

    def collect_and_churn(phase, info):
        # Runs inside every collection: make and drop handles and cycles there too.
        if phase == "start" and len(churn) < 50:
            t = almen.figure_fields()
            box = [t]
            box.append(box)
            churn.append(box)
        elif phase == "stop" and churn:
            churn.pop()

    gc.callbacks.append(collect_and_churn)
    gc.set_threshold(1, 1, 1)   # a collection at (almost) every allocation

    # Conversions while the collector runs constantly, the parent dropped first.
    for i in range(3):
        c = almen.Case.example()
        t = almen.case_aggregate(c._handle, "area")
        del c
        frame = almen.table_to_frame(t)
        del t
        pd.testing.assert_frame_equal(frame, expected)

    # Iterating a table column by column while its case, then the table's last Python
    # reference besides the loop's, go away and are collected.
    c = almen.Case.example()
    t = almen.case_figures(c._handle, None, None)
    ncols = _core.almen_table_ncols(t)
    cols = []
    for j in range(ncols):
        cols.append(_core._table_column(t, j))
        if j == 1:
            del c
            gc.collect()
    assert len(cols) == ncols and all(len(col) == len(cols[0]) for col in cols)
    del t

    # A generator of frames whose tables are freed as it goes, consumed under collection.
    def frames(case):
        for level in ("department", "area", "district", "organisation", "municipality"):
            table = almen.case_aggregate(case._handle, level)
            try:
                yield almen.table_to_frame(table)
            finally:
                table.free()
    c = almen.Case.example()
    sizes = [len(f) for f in frames(c)]
    c.free()
    assert sizes[0] == 180 and sizes[-1] == 6, sizes   # 30 departments x 6 years; 6 years

    # Rows iterated from a frame whose table and case are long gone.
    rows = 0
    for row in almen.Case.example().figures().itertuples():
        rows += 1
        if rows % 50 == 0:
            gc.collect()
    assert rows == 180

    # Options hold their own reference to a rule set: the Rules object and its handle may
    # die first. The classification must equal one with a live rule set.
    c = almen.Case.example()
    want = c.classify(rules=almen.Rules.builtin("dk-2021"), years=(2021, 2025))
    opts = almen._classify.classify_options(rules=almen.Rules.builtin("dk-2021"),
                                            years=(2021, 2025))
    gc.collect()
    got = almen.table_to_frame(_core.almen_case_classify(c._handle, opts))
    pd.testing.assert_frame_equal(got, want)
    del opts

    # A Microdata object keeps the arrays it lends to C (read in place): the frame they
    # came from, and every other reference, die before it is used.
    n = 5000
    df = pd.DataFrame({"department": np.arange(n, dtype=np.int32) % 30,
                       "year": np.full(n, 2024, dtype=np.int32),
                       "age": (np.arange(n, dtype=np.int32) * 7) % 100})
    want = almen.microdata_counts(df, case=c)
    md = almen.Microdata(df, case=c)
    del df
    gc.collect()
    scribble = [np.full(n, -1, dtype=np.int32) for _ in range(20)]   # reuse freed memory
    pd.testing.assert_frame_equal(md.counts(), want)
    md.free()
    del scribble

    # A simulation keeps copies of what it needs: its case (and options) may die first;
    # collections run inside its progress callback between slices.
    want = almen.Simulation(almen.Case.example(), runs=6, years=2, threads=2, seed=5)
    want = want.run().indicators()
    c = almen.Case.example()
    sim = almen.Simulation(c, runs=6, years=2, threads=2, seed=5)
    c.free()
    del c
    gc.collect()
    seen = []
    sim.run(progress=lambda done, total: (seen.append(done), gc.collect()), slices=3)
    assert seen[-1] == 6, seen
    pd.testing.assert_frame_equal(sim.indicators(), want)
    del sim

    gc.set_threshold(700, 10, 10)
    gc.callbacks.remove(collect_and_churn)
    print("ok")
""")


def run_hostile(script):
    """Runs script in a fresh interpreter with every object allocated by malloc, glibc
    aborting on a double free and scribbling over freed memory. With ALMEN_VALGRIND=1
    (tools/test) it runs under valgrind memcheck too, which must report no error."""
    env = dict(os.environ)
    env.update(PYTHONMALLOC="malloc",     # every object through malloc/free ...
               MALLOC_CHECK_="3",          # ... so glibc aborts on a double free
               MALLOC_PERTURB_="165")      # and freed memory is scribbled over
    cmd = [sys.executable, "-c", script]
    timeout = 240
    if os.environ.get("ALMEN_VALGRIND") == "1":
        env.pop("MALLOC_CHECK_")   # valgrind brings its own allocator
        cmd = ["valgrind", "-q", "--error-exitcode=99", "--leak-check=no"] + cmd
        timeout = 1800
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "ok"


def test_hostile_free_orders():
    run_hostile(HOSTILE)


def test_collection_during_conversion_and_children_outliving_parents():
    run_hostile(HOSTILE_GC)


def test_handle_repr_and_free():
    t = almen.figure_fields()
    assert t.type == "almen_table" and t and t.address != 0
    assert repr(t).startswith("<almen._core.Handle: almen_table at 0x")
    t.free()
    assert not t and t.address == 0
    assert repr(t) == "<almen._core.Handle: freed almen_table>"


def test_abi_check():
    assert almen._core.COMPILED_ABI_VERSION == almen.abi_version() == almen.ABI_VERSION
    almen._check_abi(0, 0)
    with pytest.raises(ImportError, match="ABI 0.*ABI 1"):
        almen._check_abi(0, 1)
