"""Search side of the catalogue: Chinese text analysis, the Whoosh index and queries.

The only package that imports whoosh or jieba; nothing Whoosh-specific leaves it.

    from index import Scope, open_index
    with open_index(home.index_dir, store, cache_dir=home.cache_dir) as idx:
        result = idx.search("信息公开", {"issuer": ["哈尔滨市政府"], "year": [(2010, 2012)]},
                            sort="relevance", page=1, per_page=10)
        idx.suggest("政务")                  # type-ahead: ["政务公开", "政务公开办公室…", …]
        staff = idx.search("低保", scope=Scope(bodies=frozenset({"哈尔滨市人民政府", "宾县人民政府"})))
        idx.wait_for(tx.revision)            # read your writes: True once the index holds it
        idx.catch_up(); idx.rebuild(progress); idx.revision()

The index holds every item in every state. A search (and ``suggest``) is
for the public unless given a ``scope``: the public sees items that are
published, not 不予公开, and dated today or earlier in China (UTC+8; the
``clock`` given to ``open_index`` says what today is), so a scheduled item
appears on its date with no one acting. ``Scope(bodies=frozenset(names) or
None, states=frozenset(statuses) or None)`` is a staff search: those bodies'
items (the caller includes the bodies below them) in those states
(``None``: all), whatever their date or disclosure; its result items also
carry ``status``. Totals and facets count within the scope.

``search`` returns plain data (the JSON of the HTTP API)::

    {"ok": True, "query": "信息公开", "total": 123, "page": 1, "per_page": 10,
     "items": [{"id": 7, "index_no": "…", "title": "…", "issuer": "…", "doc_no": "…",
                "publish_date": "2012-03-01", "year": 2012, "topic": "…", "genre": "…",
                "validity": "有效",
                "highlights": {"title": "…<mark>信息</mark>…", "snippet": "…"}}],
     "facets": {"issuer": [{"value": "…", "count": 12}], "year": [{"value": 2012, "count": 40}],
                "topic": [...], "genre": [...]},
     "suggestion": None,
     "bodies": [{"name": "黑龙江省财政厅", "count": 5}]}

``bodies`` lists the registry bodies the query names, in the query's order
(a word that is a body's full name, short name or code, in Simplified or
Traditional, or its name without the place in front, such as 财政厅): their
items, and those of the bodies below them, rank before items that merely
mention the name; ``count`` is how many of the results they issued (what
the filter ``issuer=<name>`` keeps). ``[]`` when the query names none.
Likewise a doc-number series (黑政办发) lists its numbers, newest first,
before mentions, and a piece of a number (黑政办发43号, 43号, 2011〕43)
finds the doc numbers that have it.

Filters: issuer (names, short names or codes; several are ORed; a body
includes the bodies below it), year (years or ``(first, last)`` pairs),
topic (a first level includes its second levels), genre, validity,
disclosure. Facets are exact and disjunctive (each counted under every
filter but its own); the issuer facet counts each item under its own
issuer. Sorts: ``relevance`` (BM25, title above keywords above summary
above body), ``date`` (newest first), ``-date`` (oldest first); ties go by
date, then id. The query language is described in ``index.query``.
Highlights are HTML-safe: everything but ``<mark>`` is escaped.
"""

from .engine import Index, open_index
from .scope import Scope

__all__ = ["Index", "Scope", "open_index"]
