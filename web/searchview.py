"""What the search page shows, built from the engine's result: facet groups, the issuer tree, pages.

The engine answers with flat facet counts; people think of issuing bodies as
a tree (province → departments and cities → counties), so ``body_tree``
hangs each body under its parent with its own count and the roll-up of
everything below it. Every link here is the current search with one thing
changed, so each state of the page is a shareable URL. When the query names
a body (黑龙江省财政厅, 住建厅), ``named_bodies`` offers the link that keeps only
that body's items ("只看 黑龙江省财政厅发布的信息").

What can go wrong: nothing raises; a facet value the registry does not know
(a body removed since indexing) is shown at the top level.
"""

import math

from catalogue.bodynames import BodyNames
from index.params import FACETS

from . import facetlists

FACET_GROUPS = FACETS


def body_tree(bodies, own_counts, *, keep_empty=False, keep=()):
    """Bodies as nested nodes ``{"name","short","level","own","total","children"}``.

    ``bodies`` come parents first (as ``store.bodies()`` returns them);
    ``own_counts`` maps a body's full name to its own item count. Branches
    with no items are dropped unless ``keep_empty`` or named in ``keep``.
    """
    nodes, roots = {}, []
    for body in bodies:
        node = {"name": body["name"], "short": body.get("short"), "level": body.get("level"),
                "own": own_counts.get(body["name"], 0), "total": 0, "children": []}
        nodes[body["name"]] = node
        parent = nodes.get(body.get("parent"))
        (parent["children"] if parent else roots).append(node)
    for name, count in own_counts.items():
        if name not in nodes:
            node = {"name": name, "short": None, "level": None, "own": count, "total": 0,
                    "children": []}
            nodes[name] = node
            roots.append(node)
    keep = set(keep)

    def settle(node):
        node["children"] = [c for c in node["children"] if settle(c)]
        node["total"] = node["own"] + sum(c["total"] for c in node["children"])
        return keep_empty or node["total"] > 0 or node["name"] in keep or node["children"]

    return [root for root in roots if settle(root)]


def page_numbers(page, last, width=2):
    """Page numbers to link around ``page`` (``None`` marks a gap): 1 … 4 5 [6] 7 8 … 20."""
    if last <= 1:
        return [1] if last == 1 else []
    shown = {1, last} | set(range(max(1, page - width), min(last, page + width) + 1))
    out, previous = [], 0
    for number in sorted(shown):
        if number - previous > 1:
            out.append(None)
        out.append(number)
        previous = number
    return out


class SearchView:
    """The search page's parts; ``href(pairs)`` turns query pairs into a link."""

    def __init__(self, result, request, bodies, href, expanded=()):
        self.result = result
        self.request = request
        self.href = href
        self.bodies = bodies
        self.expanded = set(expanded)       # facets shown whole (``facet_all=``)

    def toggle(self, name, value):
        return self.href(self.request.toggled(name, value))

    def _checked_values(self, name, listed):
        """Selected values the facet does not list (0 results now) still need a box to untick."""
        missing = [v for v in self.request.filters.get(name, []) if v not in listed]
        return [{"value": v, "count": 0} for v in missing]

    def _issuer_nodes(self, nodes):
        out = []
        for node in nodes:
            out.append(dict(node, checked=self.request.has("issuer", node["name"]),
                            children=self._issuer_nodes(node["children"])))
        return out

    def facet_groups(self):
        """``[{"name", "options" | "tree"}]`` in page order; empty groups are left out.

        Each value is a checkbox of the search form (ticking it submits the
        form), so no link per value is needed; chosen values also get a
        removal link in ``active_filters``.
        """
        facets = self.result.get("facets") or {}
        groups = []
        for name in FACET_GROUPS:
            listed = facets.get(name) or []
            extra = self._checked_values(name, {str(f["value"]) for f in listed})
            if name == "issuer":
                counts = {f["value"]: f["count"] for f in listed + extra}
                tree = body_tree(self.bodies, counts, keep=self.request.filters.get("issuer", ()))
                if tree:
                    nodes = self._issuer_nodes(tree)
                    size = facetlists.fold_tree(nodes)
                    if name in self.expanded:
                        facetlists.unfold_tree(nodes)
                    groups.append(self._folded({"name": name, "tree": nodes}, size))
                continue
            options = [{"value": f["value"], "count": f["count"],
                        "checked": self.request.has(name, f["value"])} for f in listed + extra]
            if options:
                size = facetlists.fold_options(options, len(options) if name in self.expanded else
                                               facetlists.FLAT_TOP)
                groups.append(self._folded({"name": name, "options": options}, size))
        return groups

    def _folded(self, group, size):
        """``group`` with its size, how many entries are hidden, and the links showing all or fewer."""
        name = group["name"]
        pairs = self.request.url_params()
        others = [v for v in self.expanded if v != name]
        group.update(size=size, hidden=facetlists.count_extra(group),
                     all_href=self.href(pairs + [(facetlists.ALL, v) for v in others + [name]])
                     + f"#facet-{name}",
                     fewer_href=self.href(pairs + [(facetlists.ALL, v) for v in others]) + f"#facet-{name}"
                     if name in self.expanded else None)
        return group

    # Parameters the search page's form carries unseen, so submitting it again keeps them.
    KEPT = ("date_from", "date_to", "written_from", "written_to", "validity", "disclosure",
            "doc_prefix", "doc_year", "doc_number", "field", "group")
    # Chips worded with their parameter (a bare date or number says nothing).
    LABELLED = ("date_from", "date_to", "written_from", "written_to", "doc_prefix", "doc_year",
                "doc_number", "field")

    def active_filters(self):
        """``[{"name", "value", "href"}]``: each chosen filter with the link that removes it."""
        chips = [{"name": name, "value": value, "href": self.toggle(name, value)}
                 for name, values in self.request.filters.items() for value in values]
        if self.request.options.get("field") == "title":
            chips.append({"name": "field", "value": "title",
                          "href": self.href(self.request.url_params(field=None, page=None))})
        return chips

    def groups(self):
        """``[{"value", "count", "hits", "href"}]``: the result's groups, each with the link to all its items."""
        name = self.request.options.get("group")
        out = []
        for group in self.result.get("groups") or ():
            href = self.href(self.request.url_params(**{name: [group["value"]], "group": None, "page": None}))
            out.append(dict(group, href=href))
        return out

    def unfiltered_href(self):
        """The same words without any filter (the zero-results page offers it)."""
        return self.href(self.request.url_params(**{name: None for name in self.request.filters},
                                                 field=None, page=None))

    def named_bodies(self):
        """``[{"name", "count", "href"}]``: each body the query names, with the link showing only its items.

        The link keeps the query and sets the issuer filter to that body
        alone. A body already the only issuer chosen, or with nothing among
        the results, is left out.
        """
        names = BodyNames(self.bodies)
        chosen = {names.name(v) or v for v in self.request.filters.get("issuer", [])}
        out = []
        for body in self.result.get("bodies") or ():
            if body["count"] and chosen != {body["name"]}:
                href = self.href(self.request.url_params(issuer=[body["name"]], page=None))
                out.append(dict(body, href=href))
        return out

    def pages(self):
        """``{"current", "last", "prev", "next", "links": [{"number", "href"} | None]}``."""
        total, per_page, page = self.result["total"], self.result["per_page"], self.result["page"]
        last = max(1, math.ceil(total / per_page)) if total else 0
        link = lambda n: self.href(self.request.url_params(page=n))  # noqa: E731
        return {
            "current": page, "last": last,
            "prev": link(page - 1) if 1 < page <= last + 1 else None,
            "next": link(page + 1) if page < last else None,
            "links": [None if n is None else {"number": n, "href": link(n)}
                      for n in page_numbers(page, last)],
        }

    def shown_range(self):
        """(first, last) result numbers on this page, or ``None`` when it is empty."""
        count = len(self.result["items"])
        if not count:
            return None
        first = (self.result["page"] - 1) * self.result["per_page"] + 1
        return first, first + count - 1

    def suggestion_href(self):
        suggestion = self.result.get("suggestion")
        return self.href(self.request.url_params(q=suggestion, page=None)) if suggestion else None
