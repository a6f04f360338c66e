"""How searches are evaluated: the numpy path over the posting columns, or the Python path.

``numpy`` (the default, ``index.vector_search``) evaluates plans with arrays
over the segments' mapped posting columns; ``python`` (``index.search``)
with Python sets and dicts over decoded lists: the reference the numpy path
is tested against (tests/test_vector_search.py), giving the same answers.
Each engine is ``(run, finds_any)``: the search, and the did-you-mean check
(``None``: the Suggester's own, on the Python path).
"""

from . import search as _search
from . import vector_search as _vector_search

ENGINES = {"numpy": (_vector_search.run, _vector_search.finds_any), "python": (_search.run, None)}
ENGINE = "numpy"


def engine(name):
    """``(run, finds_any)`` of the engine ``name``; ``ValueError`` naming the engines for another name."""
    if name not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {name!r}")
    return ENGINES[name]
