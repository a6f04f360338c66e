"""A thread-safe cache bounded by the approximate bytes of what it holds (the index's caches).

What can go wrong: nothing raises; a value larger than the whole budget is
not kept (``put`` still returns it), and sizes are the caller's estimates.
"""

import threading
from collections import OrderedDict


class LRU:
    """A thread-safe cache bounded by the summed ``size`` (approximate bytes) of its values."""

    def __init__(self, budget):
        self.budget = budget
        self._data = OrderedDict()
        self._used = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            entry = self._data.get(key)
            if entry is None:
                return None
            self._data.move_to_end(key)
            return entry[0]

    def put(self, key, value, size=1):
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._used -= old[1]
            if size > self.budget:
                return value
            self._data[key] = (value, size)
            self._used += size
            while self._used > self.budget:
                _, (_, dropped) = self._data.popitem(last=False)
                self._used -= dropped
        return value

    def clear(self):
        with self._lock:
            self._data.clear()
            self._used = 0

    def usage(self):
        """``(size used, keys)``: a snapshot of what the cache holds, for reports."""
        with self._lock:
            return self._used, list(self._data)
