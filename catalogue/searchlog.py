"""Searched queries counted per day, with nothing about who searched; the hot list reads them.

A row is (query, day, count): the query as the search index folds it (the
caller passes that form), the day in China, how many searches asked it. No
address, cookie, session or time of day is kept, so the table says what
was searched, never by whom.

``SearchCounter`` adds searches up in memory and writes them in one short
transaction at most every ``FLUSH_SECONDS`` (and before every read through
it), so searching does not wait for the store's writer lock each time.
``top`` gives the most searched queries of the days since a date, those
staff hid left out unless asked; ``hide``/``show`` change that, audited.

What can go wrong: the store's own errors on writing; a query longer than
``QUERY_MAX`` is not counted (no one searches the same long text twice).
"""

import datetime as _dt
import threading
import time
from collections import Counter

from . import audit
from .clock import utcnow

QUERY_MAX = 50          # characters of a query worth counting
FLUSH_SECONDS = 5.0     # counts kept in memory at most this long
KEEP_DAYS = 60          # rows older than this are deleted when counts are written

_UPSERT = ("INSERT INTO search_counts (query, day, count) VALUES (?, ?, ?) "
           "ON CONFLICT (query, day) DO UPDATE SET count = search_counts.count + excluded.count")


class SearchCounter:
    """Counts for ``store``, buffered; ``count`` and ``flush`` may be called from any thread.

    ``_lock`` guards ``_pending`` and ``_since`` (the buffer and when it was last written).
    """

    def __init__(self, store, flush_seconds=FLUSH_SECONDS):
        self.store = store
        self.flush_seconds = flush_seconds
        self._lock = threading.Lock()
        self._pending = Counter()
        self._since = time.monotonic()

    def count(self, query, day):
        """One search for ``query`` (already folded) on ``day`` (a date)."""
        query = " ".join(query.split())
        if not query or len(query) > QUERY_MAX:
            return
        with self._lock:
            self._pending[(query, day.isoformat())] += 1
            due = time.monotonic() - self._since >= self.flush_seconds
        if due:
            self.flush()

    def flush(self):
        """Write the counts held in memory (one transaction); old rows go at the same time."""
        with self._lock:
            pending, self._pending = self._pending, Counter()
            self._since = time.monotonic()
        if not pending:
            return
        try:
            with self.store.transaction() as tx:
                for (query, day), n in sorted(pending.items()):
                    tx._exec(_UPSERT, (query, day, n))
                newest = max(_dt.date.fromisoformat(day) for _, day in pending)
                tx._exec("DELETE FROM search_counts WHERE day < ?",
                         ((newest - _dt.timedelta(days=KEEP_DAYS)).isoformat(),))
        except BaseException:
            with self._lock:        # not lost: written with the next flush
                self._pending.update(pending)
            raise

    def top(self, since, limit, minimum=1, *, hidden=False):
        """See ``top``; the counts held in memory are written first."""
        self.flush()
        return top(self.store, since, limit, minimum, hidden=hidden)


def top(store, since, limit, minimum=1, *, hidden=False):
    """``[{"query", "count", "hidden"}]``: the most searched queries on ``since`` (a date) and after.

    Only queries searched at least ``minimum`` times; those staff hid are
    left out unless ``hidden``. Ties: the query's text.
    """
    rows = store._query(
        "SELECT c.query, SUM(c.count) AS n, MAX(h.query) FROM search_counts c "
        "LEFT JOIN hidden_queries h ON h.query = c.query WHERE c.day >= ? "
        "GROUP BY c.query HAVING SUM(c.count) >= ? ORDER BY n DESC, c.query LIMIT ?",
        (since.isoformat(), int(minimum), int(limit) * 2 + 50 if not hidden else int(limit)))
    found = [{"query": q, "count": int(n), "hidden": h is not None} for q, n, h in rows]
    if not hidden:
        found = [row for row in found if not row["hidden"]]
    return found[:limit]


def hidden(store):
    """The queries staff hid, ``{query: {"by", "at"}}``."""
    return {q: {"by": by, "at": at} for q, by, at in
            store._query("SELECT query, hidden_by, hidden_at FROM hidden_queries ORDER BY query")}


def hide(store, query, actor, *, address=None):
    """Leave ``query`` out of the hot and related lists (audited); hiding it again changes nothing."""
    with store.transaction(actor=audit._name(actor)) as tx:
        if tx._one("SELECT query FROM hidden_queries WHERE query = ?", (query,)) is None:
            tx._exec("INSERT INTO hidden_queries (query, hidden_by, hidden_at) VALUES (?, ?, ?)",
                     (query, audit._name(actor), utcnow()))
            audit.record(tx, actor, "query_hide", address=address, details={"query": query})


def show(store, query, actor, *, address=None):
    """Show a hidden ``query`` again (audited)."""
    with store.transaction(actor=audit._name(actor)) as tx:
        if tx._one("SELECT query FROM hidden_queries WHERE query = ?", (query,)) is not None:
            tx._exec("DELETE FROM hidden_queries WHERE query = ?", (query,))
            audit.record(tx, actor, "query_show", address=address, details={"query": query})
