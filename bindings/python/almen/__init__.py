"""libalmen for Python: analysis of Danish social housing (almene boliger).

The natural API::

    import almen
    case = almen.Case.load("vejle.yaml")        # or Case.from_yaml(text), Case.example()
    case.aggregate("area")                       # pandas DataFrame
    case.set_figure("401-12", 2025, "residents", 405)

Every C function of libalmen is also here under its name without the ``almen_`` prefix
(``almen.case_load_file``, ``almen.table_nrows``, ...) and in :mod:`almen._core` under
its full name; C status codes become :class:`almen.Error`, ``T **out`` results are
owned :class:`almen.Handle` objects, ``char **out`` results are str. Raw ``almen_table``
handles convert with :func:`table_to_frame`.
"""

from . import _core

Error = _core.Error
Handle = _core.Handle


def _check_abi(compiled, loaded):
    """Raise ImportError unless the ABI generation the binding was compiled against
    equals that of the loaded libalmen."""
    if compiled != loaded:
        raise ImportError(
            f"almen: this binding was compiled for libalmen ABI {compiled}, but the "
            f"loaded library has ABI {loaded}; reinstall the binding for this library")


_check_abi(_core.COMPILED_ABI_VERSION, _core.almen_abi_version())

#: The version of the loaded libalmen.
__version__ = _core.almen_version()


def _export_raw():
    """almen_<name> -> almen.<name>, ALMEN_<NAME> -> almen.<NAME> (ALMEN_EIO -> EIO)."""
    names = []
    g = globals()
    for name in dir(_core):
        if name.startswith("almen_"):
            short = name[len("almen_"):]
        elif name.startswith("ALMEN_"):
            short = name[len("ALMEN_"):]
        else:
            continue
        if short not in g:
            g[short] = getattr(_core, name)
            names.append(short)
    return names


_raw_names = _export_raw()

from ._table import NA_INT, table_to_frame  # noqa: E402
from ._case import Case, example, fields, from_yaml, load  # noqa: E402
from ._classify import Rules, builtin_rules, classify_published, rules_for_year  # noqa: E402
from ._microdata import Microdata, microdata_counts  # noqa: E402
from ._privacy import suppress_small_cells  # noqa: E402
from . import finance  # noqa: E402
from ._agreements import (agreement_parameters, agreement_template_yaml,  # noqa: E402
                          agreement_templates)  # (also adds the Case agreement methods)
from . import _renovation  # noqa: E402,F401  (adds Case.scenarios, Case.renovate)
from . import mix  # noqa: E402  (also adds Case.mix)
from ._simulate import Simulation, simulation_parameters  # noqa: E402  (adds Case.simulate)
from ._report import report_sections  # noqa: E402  (adds Case.report_html, Case.report_text)

__all__ = ["Case", "Error", "Handle", "NA_INT", "example", "fields", "from_yaml", "load",
           "table_to_frame", "__version__", "Microdata", "microdata_counts",
           "suppress_small_cells", "finance"] + _raw_names
__all__ += ["Rules", "builtin_rules", "classify_published", "rules_for_year"]
__all__ += ["mix"]
__all__ += ["agreement_parameters", "agreement_template_yaml", "agreement_templates"]
__all__ += ["Simulation", "simulation_parameters"]
__all__ += ["report_sections"]
