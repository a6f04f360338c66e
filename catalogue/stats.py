"""Statistics for the annual report (政府信息公开工作年度报告): items published per year, body and level.

Pure functions over the store's items and its body registry (``store.bodies()``);
``catalogue.table2`` has the Table 2 row (一) and ``catalogue.deadline`` the
Art. 26 check. Only what visitors may see is counted (``workflow.is_public``:
published, not 不予公开, its date reached), so the public page never tells
more than the catalogue shows.

The body tree is rolled up by the registry's levels, as the report groups
its figures: the provincial government itself (``province``, a body with no
parent), its departments (``departments``, level 省), cities (``cities``,
市), counties (``counties``, 县) and towns (``towns``, 乡). Each body's row
has its own items and the total of its subtree (a city with its counties).

Year-over-year change is ``(this − last) / last × 100``, rounded to one
decimal; a year with no items the year before (or no year before) has no
percentage, ``None``, and its ``before`` says which (``None``: no year before
in the range; ``0``: none that year).

What can go wrong: an ``issuer`` not in the registry is ``NotFound``;
nothing else raises.
"""

from collections import Counter

from .access import bodies_under
from .errors import NotFound, Problem
from .workflow import is_public

GROUPS = ("province", "departments", "cities", "counties", "towns")
_GROUP_OF_LEVEL = {"省": "departments", "市": "cities", "县": "counties", "乡": "towns"}
PROACTIVE = "主动公开"


def unknown_issuer(issuer):
    """The ``NotFound`` for an issuer the registry does not hold (code ``unknown_body``)."""
    problem = Problem("issuer", f'"{issuer}" is not in the body registry', code="unknown_body",
                      params={"value": str(issuer)})
    return NotFound(str(problem), [problem])


def public_items(items, today=None):
    """The items visitors may see (the ones statistics count)."""
    return [item for item in items if is_public(item, today)]


def group_of(body):
    """The report's group of a registry body: ``province`` for a root, else by its level."""
    if not body.get("parent"):
        return "province"
    return _GROUP_OF_LEVEL.get(body.get("level"), "departments")


def change_pct(before, now):
    """Percent change from ``before`` to ``now``, one decimal; ``None`` when ``before`` is 0 or None."""
    if not before:
        return None
    return round((now - before) * 100.0 / before, 1)


def year_range(items):
    """Every year from the first publication year to the last (years with none included)."""
    years = [int(item["publish_date"][:4]) for item in items]
    return list(range(min(years), max(years) + 1)) if years else []


def series(counts, years):
    """``[{"year", "count", "before", "change_pct"}]`` for ``years`` from ``{year: n}``."""
    rows, before = [], None
    for year in years:
        now = counts.get(year, 0)
        rows.append({"year": year, "count": now, "before": before, "change_pct": change_pct(before, now)})
        before = now
    return rows


def _year(item):
    return int(item["publish_date"][:4])


def tree(bodies, root=None):
    """Bodies in tree order (each after its parent, siblings in registry order) with their depth.

    ``root`` (a full name) limits the tree to that body and those under it.
    Returns ``[(body, depth)]``.
    """
    children = {}
    names = {b["name"] for b in bodies}
    for body in bodies:
        parent = body.get("parent") if body.get("parent") in names else None
        children.setdefault(parent, []).append(body)
    if root is not None:
        start = [b for b in bodies if b["name"] == root]
    else:
        start = children.get(None, [])
    out, seen = [], set()
    pending = [(b, 0) for b in reversed(start)]
    while pending:
        body, depth = pending.pop()
        if body["name"] in seen:
            continue
        seen.add(body["name"])
        out.append((body, depth))
        pending.extend((c, depth + 1) for c in reversed(children.get(body["name"], [])))
    return out


def scope(bodies, issuer):
    """The full names counted for ``issuer`` (it and every body under it); all bodies for ``None``."""
    if issuer is None:
        return frozenset(b["name"] for b in bodies)
    if issuer not in {b["name"] for b in bodies}:
        raise unknown_issuer(issuer)
    return bodies_under(None, issuer, bodies)


def per_year(items, bodies, *, issuer=None, proactive_only=False):
    """Items per publication year: in all, per report group and per body (own and subtree).

    ``items`` are the ones to count (``public_items`` of the store);
    ``issuer`` limits them to that body's subtree; ``proactive_only``
    counts only 主动公开 items (the report's "主动公开信息 N 条").
    Returns ``{"years", "total", "groups", "bodies"}``, each count a ``series``.
    """
    names = scope(bodies, issuer)
    chosen = [i for i in items if i["issuer"] in names
              and (not proactive_only or i.get("disclosure") == PROACTIVE)]
    years = year_range(chosen)
    by_body = {}
    for item in chosen:
        by_body.setdefault(item["issuer"], Counter())[_year(item)] += 1
    nodes = tree(bodies, issuer)
    groups = {g: Counter() for g in GROUPS}
    for body, _depth in nodes:
        groups[group_of(body)].update(by_body.get(body["name"], {}))
    subtotal = {b["name"]: Counter(by_body.get(b["name"], {})) for b, _ in nodes}
    for body, _depth in reversed(nodes):     # children before parents
        if body.get("parent") in subtotal and body["name"] != issuer:
            subtotal[body["parent"]].update(subtotal[body["name"]])
    body_rows = [{"name": b["name"], "short": b.get("short"), "level": b.get("level"),
                  "group": group_of(b), "depth": depth,
                  "own": series(by_body.get(b["name"], {}), years),
                  "total": series(subtotal[b["name"]], years)}
                 for b, depth in nodes]
    return {"years": years,
            "total": series(Counter(_year(i) for i in chosen), years),
            "groups": [{"group": g, "counts": series(groups[g], years)}
                       for g in GROUPS if sum(groups[g].values()) or _has_group(nodes, g)],
            "bodies": body_rows}


def _has_group(nodes, group):
    return any(group_of(b) == group for b, _ in nodes)


def breakdown(items, bodies, year, *, issuer=None):
    """Counts for one publication ``year`` by topic, genre and disclosure attribute.

    Each is ``[{"value", "count"}]``, most first, then by value; an item
    without a topic or genre counts under ``None``.
    """
    names = scope(bodies, issuer)
    chosen = [i for i in items if i["issuer"] in names and _year(i) == year]

    def counted(field):
        counts = Counter(i.get(field) or None for i in chosen)
        return [{"value": v, "count": n}
                for v, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] or ""))]
    return {"year": year, "items": len(chosen), "topic": counted("topic"),
            "genre": counted("genre"), "disclosure": counted("disclosure")}


def report_figure(total_series, year):
    """The report's own figure for ``year``: ``{"year", "count", "before", "change_pct"}`` or ``None``."""
    for row in total_series:
        if row["year"] == year:
            return dict(row)
    return None
