"""What a store remembers of its last answers, to stand in while it cannot be reached.

With several servers on one PostgreSQL, a restart of the database must not
stop public searches, which each server answers from its own index: the
index still needs the store's revision, the body registry and the items of
a result page. ``Remembered`` keeps the last answer of each such read (and
the last items read, up to ``ITEMS``), and gives them back while the store
raises ``StoreUnavailable``; writes are never answered from it.

What can go wrong: a read never answered before the outage (an item not
read since the server started) still raises ``StoreUnavailable``, or, for
items, is left out of the page; what is remembered may be a few revisions
old (the index is no newer, so searches stay consistent with it).
"""

import logging
import threading
from collections import OrderedDict

from .errors import StoreUnavailable

log = logging.getLogger(__name__)

ITEMS = 20_000      # items remembered, the most recently read kept


class Remembered:
    """The last answers; ``value(key, read)`` and ``items(ids, read)``. Thread-safe."""

    def __init__(self, limit=ITEMS):
        self._lock = threading.Lock()
        self._values = {}
        self._items = OrderedDict()
        self._limit = limit
        self._down = False

    def value(self, key, read):
        """``read()``, remembered under ``key``; the remembered one while the store is unreachable."""
        try:
            value = read()
        except StoreUnavailable as exc:
            with self._lock:
                if key not in self._values:
                    raise
                self._said_down(exc)
                return self._values[key]
        with self._lock:
            self._values[key] = value
            self._down = False
        return value

    def items(self, ids, read):
        """``read(ids)`` (a list of items with ``id``); the remembered ones of ``ids`` while unreachable."""
        try:
            found = read(ids)
        except StoreUnavailable as exc:
            with self._lock:
                self._said_down(exc)
                return [self._items[i] for i in ids if i in self._items]
        with self._lock:
            for item in found:
                self._items[item["id"]] = item
                self._items.move_to_end(item["id"])
            while len(self._items) > self._limit:
                self._items.popitem(last=False)
        return found

    def _said_down(self, exc):
        if not self._down:
            log.warning("%s; searches are answered from the index and what was last read", exc.message)
            self._down = True
