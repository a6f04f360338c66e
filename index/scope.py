"""Whom a search is for: the public, or staff of some bodies; what each may see, per segment.

The index holds every item in every state. A search takes a scope:

* ``None``, the public: items whose status is ``published``, whose
  disclosure is not 不予公开, and whose publish date is today or earlier
  in China time (UTC+8), so a scheduled item appears on its date with no
  one acting: ``catalogue.workflow.is_public``, the one definition, which
  ``View.admits`` calls and ``_hidden`` applies to a segment's columns (a
  test checks that the two agree).
* ``Scope(bodies=..., states=...)``, staff: the items of those bodies (the
  caller expands a body to its descendants) in those states, whatever
  their date or disclosure; ``None`` for either means all.

``View`` is a scope on a given day. For the public it names, per segment,
the documents the public may not see (``hidden``): the search treats them
as deleted, so results, totals and facet counts leave them out. The set is
cached per segment and day; most segments have none, and finding that out
costs a few dictionary lookups and one pass over the segment's dates. For
staff it names the documents to keep (``keep``), from the value columns.

What can go wrong: a ``Scope`` given a single string instead of a set of
names raises ``TypeError`` (it would otherwise mean its characters).
"""

from dataclasses import dataclass

from catalogue.clock import china_today
from catalogue.items import CLOSED
from catalogue.workflow import PUBLISHED, is_public

from .plan import ValueIn

__all__ = ["Scope", "View", "china_today"]
HIDDEN_BYTES = 60           # per document of a cached hidden set (for the cache budget)


def _names(value, what):
    if value is None:
        return None
    if isinstance(value, str):
        raise TypeError(f"Scope({what}=...) takes a set of names, not one string")
    return frozenset(str(v) for v in value)


@dataclass(frozen=True)
class Scope:
    """A staff search's scope: ``bodies`` (issuer names) and ``states`` (statuses); ``None`` = all."""
    bodies: frozenset = None
    states: frozenset = None

    def __post_init__(self):
        object.__setattr__(self, "bodies", _names(self.bodies, "bodies"))
        object.__setattr__(self, "states", _names(self.states, "states"))


class View:
    """``scope`` (``None`` = the public) on ``today``: what a search may see."""

    def __init__(self, scope, today):
        if scope is not None and not isinstance(scope, Scope):
            raise TypeError("scope must be None (the public) or an index.Scope")
        self.scope = scope
        self.today = today
        self.public = scope is None
        clauses = []
        if scope is not None and scope.bodies is not None:
            clauses.append(ValueIn("issuer_own", scope.bodies))
        if scope is not None and scope.states is not None:
            clauses.append(ValueIn("status", scope.states))
        self._clauses = clauses

    @property
    def clauses(self):
        """The ``ValueIn`` clauses a staff scope limits a search to (none for the public)."""
        return tuple(self._clauses)

    def key(self):
        """What the result cache tells views apart by (the day included: the public's changes with it)."""
        if self.public:
            return ("public", self.today.isoformat())
        return ("staff", self.today.isoformat(),
                None if self.scope.bodies is None else tuple(sorted(self.scope.bodies)),
                None if self.scope.states is None else tuple(sorted(self.scope.states)))

    def admits(self, item):
        """Whether a stored item read back for a hit may be shown (a second guard on the index)."""
        if self.public:
            return is_public(item, self.today)
        scope = self.scope
        return ((scope.bodies is None or item.get("issuer") in scope.bodies)
                and (scope.states is None or item.get("status") in scope.states))

    def hidden(self, seg, cache):
        """The documents of segment ``seg`` this view may not see, to treat as deleted (a frozenset)."""
        if not self.public:
            return frozenset()
        key = ("hidden", seg.segid, self.today.toordinal())
        found = cache.get(key)
        if found is None:
            found = _hidden(seg, self.today)
            cache.put(key, found, len(found) * HIDDEN_BYTES + 64)
        return found

    def keep(self, evaluator):
        """The documents of the evaluator's segment this view is limited to, or ``None`` for all."""
        if not self._clauses:
            return None
        sets = sorted((evaluator.value_in(c) for c in self._clauses), key=len)
        return sets[0].intersection(*sets[1:]) if len(sets) > 1 else sets[0]

    def restrict(self, evaluator, seg, deleted, cache):
        """``(deleted, keep)`` for a segment: deletions plus what is hidden, and the set to keep or ``None``."""
        hidden = self.hidden(seg, cache)
        if hidden:
            deleted = hidden.union(deleted) if deleted else hidden
        return deleted, self.keep(evaluator)


def _hidden(seg, today):
    """The documents of ``seg`` not public on ``today``: not published, 不予公开, or dated later."""
    parts = [docs for status, docs in seg.docs_by_value("status").items() if status != PUBLISHED]
    closed = seg.docs_by_value("disclosure").get(CLOSED)
    if closed:
        parts.append(closed)
    # The sort key holds the publish date's day number in its high bits.
    after = (today.toordinal() + 1) << 32
    keys = seg.sortkeys
    if keys and max(keys) >= after:
        parts.append(frozenset(doc for doc, key in enumerate(keys) if key >= after))
    return frozenset().union(*parts) if parts else frozenset()
