"""Hot and related searches, the index's side: the counted form of a query, and queries that share words.

``query_key`` is the form a searched query is counted under (NFKC, folded:
Traditional to Simplified, lowercase; spaces collapsed), so 政務公開 and
政务公开 count as one query. ``related`` picks, from counted queries, those
sharing a word with the one searched (the index's words of two characters
or more), the most searched first. Queries are not
linked by who searched them (no session or cookie is kept), so "searched
together" is not used.

What can go wrong: nothing; a query without words has no related ones.
"""

from functools import lru_cache

from .analysis import segment
from .fold import fold
from .query import normalize

MIN_WORD = 2        # a shared single character (的, 省) relates nothing


def query_key(text):
    """The counted form of ``text`` (see the module docstring); ``""`` for nothing searchable."""
    return " ".join(fold(normalize(text)).split())


@lru_cache(maxsize=4096)     # the same counted queries are looked through for every results page
def _words(text):
    return frozenset(word for word in segment(text, "accurate") if len(word) >= MIN_WORD)


def related(query, counted, limit):
    """Up to ``limit`` queries of ``counted`` (``[{"query", "count"}]``, most searched first) sharing a word with ``query``."""
    key = query_key(query)
    words = _words(key)
    if not words:
        return []
    out = []
    for row in counted:
        if row["query"] != key and words & _words(row["query"]):
            out.append(row)
            if len(out) >= limit:
                break
    return out
