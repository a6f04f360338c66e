"""The body registry as the search sees it: names, short names, codes and the tree.

Filters and ``issuer:`` clauses name a body by full name, short name or
code; they match the body and every body below it, resolved here at query
time from ``store.bodies()`` (so moving a body in the registry needs no
reindex). A query word names a body (``named``) the same ways, or by its
name without the place in front (财政厅 for 黑龙江省财政厅) when only one body
is called so.
"""

from collections import defaultdict

from catalogue.bodynames import BodyNames

from . import pinyin
from .fold import fold

# The last character of a place name (黑龙江省, 哈尔滨市, 宾县, 道里区, 渤海镇):
# what follows it in a body's name is the body's name within that place.
PLACE_ENDS = "省市县区镇乡旗州盟"
MIN_UNPLACED = 3        # 财政厅 names a body; 政府 or 厅 names none


class BodyTree:
    """Lookups over one snapshot of ``store.bodies()``."""

    def __init__(self, bodies):
        self.bodies = list(bodies)
        self._names = BodyNames(self.bodies, key=fold)
        self._folded = [(b["name"], fold(b["name"]), fold(b.get("short") or ""))
                        for b in self.bodies]
        self._unplaced = self._names_without_place()
        self._pinyin = self._pinyin_names()
        self._children = defaultdict(list)
        for body in self.bodies:
            if body.get("parent"):
                self._children[body["parent"]].append(body["name"])

    def resolve(self, text):
        """The full name of the body called ``text`` (name, short name or code, maybe folded), or ``None``."""
        return self._names.name(text)

    def _names_without_place(self):
        """``{folded name without its place: full name}``, for the names only one body has."""
        found = defaultdict(set)
        for name, folded, short in self._folded:
            for text in (folded, short):
                for i, ch in enumerate(text[:-MIN_UNPLACED], start=1):
                    if ch in PLACE_ENDS:
                        found[text[i:]].add(name)
        return {text: next(iter(names)) for text, names in found.items() if len(names) == 1}

    def _pinyin_names(self):
        """``{pinyin: full name}``: full and short names run together and by initials, names without place run together.

        Only pinyin one body has (two bodies read alike name none), and
        initials of ``MIN_UNPLACED`` letters or more (bx is no name of 宾县).
        """
        found = defaultdict(set)
        for name, folded, short in self._folded:
            for text in (folded, short):
                for key in pinyin.keys(text):
                    if len(key) >= MIN_UNPLACED:
                        found[key].add(name)
        for text, name in self._unplaced.items():
            for key in pinyin.keys(text)[:1]:
                found[key].add(name)
        return {key: next(iter(names)) for key, names in found.items() if len(names) == 1}

    def named(self, text):
        """The full name of the body a query word names, or ``None``.

        Its name, short name or code (as ``resolve``), or its name without
        the place in front when no other body's name ends so: 财政厅 and
        住房和城乡建设厅 name 黑龙江省财政厅 and 黑龙江省住房和城乡建设厅, 人民政府 none;
        or its pinyin (``_pinyin_names``: heilongjiangshengcaizhengting, hljsczt, caizhengting).
        """
        key = fold(text.strip())
        return self.resolve(text) or self._unplaced.get(key) or self._pinyin.get(key.replace(" ", ""))

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
