"""almen.mix: segregation and mix indices over unit x group count tables.

:class:`Mix` holds the table (a DataFrame or 2-D array, optionally with a higher level);
:func:`indices` returns every index table at once; :func:`change` splits the change of
an index between two tables into composition and structure; ``Case.mix(...)`` builds the
department x group table of a case. Definitions and sources: docs/mix.md.
"""

from ._mix import Mix, change, indices

__all__ = ["Mix", "change", "indices"]
