"""The WHERE clause of a list query, built from optional filters.

``Store.find_items`` and ``audit.entries`` take filters that may each be
absent; ``Where`` collects the ones given, with their parameters (``?``
placeholders, as every store query writes them).

What can go wrong: nothing raises; a filter by an empty set matches nothing
(``nothing`` is then true and the caller returns no rows without asking).
"""


class Where:
    """AND-ed conditions and their parameters."""

    def __init__(self):
        self.parts = []
        self.params = []
        self.nothing = False

    def add(self, condition, value):
        """``condition`` (one ``?``) with ``value``, unless ``value`` is ``None``."""
        if value is not None:
            self.parts.append(condition)
            self.params.append(value)
        return self

    def one_of(self, column, values):
        """``column`` is one of ``values``, unless ``values`` is ``None``; an empty set matches nothing."""
        if values is not None:
            values = sorted(values)
            if not values:
                self.nothing = True
            else:
                self.parts.append(f"{column} IN ({', '.join('?' * len(values))})")
                self.params.extend(values)
        return self

    def sql(self):
        """``WHERE …`` with a trailing space, or nothing when no filter was given."""
        return "WHERE " + " AND ".join(self.parts) + " " if self.parts else ""
