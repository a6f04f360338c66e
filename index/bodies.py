"""The body registry as the search sees it: names, short names, codes and the tree.

Filters and ``issuer:`` clauses name a body by full name, short name or
code; they match the body and every body below it, resolved here at query
time from ``store.bodies()`` (so moving a body in the registry needs no
reindex).
"""

from collections import defaultdict

from catalogue.bodynames import BodyNames

from .fold import fold


class BodyTree:
    """Lookups over one snapshot of ``store.bodies()``."""

    def __init__(self, bodies):
        self.bodies = list(bodies)
        self._names = BodyNames(self.bodies, key=fold)
        self._folded = [(b["name"], fold(b["name"]), fold(b.get("short") or ""))
                        for b in self.bodies]
        self._children = defaultdict(list)
        for body in self.bodies:
            if body.get("parent"):
                self._children[body["parent"]].append(body["name"])

    def resolve(self, text):
        """The full name of the body called ``text`` (name, short name or code, maybe folded), or ``None``."""
        return self._names.name(text)

    def with_descendants(self, name):
        """``name`` and every body below it."""
        out, todo = [], [name]
        while todo:
            current = todo.pop()
            if current in out:
                continue
            out.append(current)
            todo.extend(self._children.get(current, ()))
        return out

    def containing(self, text):
        """Full names of bodies whose name or short name contains ``text`` (folded)."""
        needle = fold(text.strip())
        if not needle:
            return []
        return [name for name, folded, short in self._folded if needle in folded or needle in short]
