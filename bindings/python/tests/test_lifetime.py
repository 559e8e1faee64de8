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


def test_hostile_free_orders():
    env = dict(os.environ)
    env.update(PYTHONMALLOC="malloc",     # every object through malloc/free ...
               MALLOC_CHECK_="3",          # ... so glibc aborts on a double free
               MALLOC_PERTURB_="165")      # and freed memory is scribbled over
    r = subprocess.run([sys.executable, "-c", HOSTILE], env=env, capture_output=True,
                       text=True, timeout=240)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "ok"


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
