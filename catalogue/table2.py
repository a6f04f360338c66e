"""Table 2 row (一) of the annual report (国办公开办函〔2021〕30号): rules and normative documents.

For 规章 and 行政规范性文件 (Art. 20(1)) and a year: 本年制发件数 (published
that year), 本年废止件数 (validity changed to 失效 or 废止 that year, from the
``validity_changed`` date the store records when validity changes) and
现行有效件数 (published by the year's end and not repealed by then). The
checkers' identity, this year's 现行有效 = last year's + 制发 − 废止, is
checked item by item: each item's part in the three numbers either balances
or the item is listed with the reason it does not (a repealed item with no
date recorded, a repeal dated before publication).

In force means not 失效 or 废止: 有效 and 已修订 (amended, still in force in
its amended text) both count. The catalogue's genre 规范性文件 is the
table's 行政规范性文件.

What can go wrong: nothing raises; an item with a validity_changed date that
is not a date counts as repealed with no date.
"""

import datetime as _dt

from .stats import scope

ROWS = (("规章", ("规章",)), ("行政规范性文件", ("规范性文件", "行政规范性文件")))
REPEALED = ("失效", "废止")


def _date(text):
    try:
        return _dt.date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def _state(item, year_end):
    """``(published_by, repealed_by)`` of ``item`` at ``year_end``: booleans."""
    published = _date(item["publish_date"]) <= year_end
    if item.get("validity") not in REPEALED:
        return published, False
    changed = _date(item.get("validity_changed"))
    # No date recorded: repealed at some unknown time, so never counted in force.
    return published, changed is None or changed <= year_end


def _in_force(item, year):
    published, repealed = _state(item, _dt.date(year, 12, 31))
    return published and not repealed


def _repealed_in(item, year):
    changed = _date(item.get("validity_changed"))
    return item.get("validity") in REPEALED and changed is not None and changed.year == year


def _issued_in(item, year):
    return int(item["publish_date"][:4]) == year


def _break_reason(item, year):
    if item.get("validity") in REPEALED and _date(item.get("validity_changed")) is None:
        return "repealed_undated"
    return "repealed_before_published"


def row_one(items, bodies, year, *, issuer=None):
    """Table 2 row (一) for ``year`` (and ``issuer``'s subtree): the two rows, the identity, the breaks.

    ``items`` are the published items (``stats.public_items``). Returns
    ``{"year", "rows": [{"kind", "issued", "repealed", "in_force",
    "in_force_before", "identity_ok"}], "identity_ok", "breaks": [{"kind",
    "index_no", "title", "issuer", "reason"}]}``.
    """
    names = scope(bodies, issuer)
    rows, breaks = [], []
    for kind, genres in ROWS:
        chosen = [i for i in items if i["issuer"] in names and i.get("genre") in genres]
        issued = sum(_issued_in(i, year) for i in chosen)
        repealed = sum(_repealed_in(i, year) for i in chosen)
        now = sum(_in_force(i, year) for i in chosen)
        before = sum(_in_force(i, year - 1) for i in chosen)
        for item in chosen:
            part = (_in_force(item, year) - _in_force(item, year - 1)
                    - _issued_in(item, year) + _repealed_in(item, year))
            if part:
                breaks.append({"kind": kind, "index_no": item["index_no"], "title": item["title"],
                               "issuer": item["issuer"], "reason": _break_reason(item, year)})
        rows.append({"kind": kind, "issued": issued, "repealed": repealed, "in_force": now,
                     "in_force_before": before, "identity_ok": now == before + issued - repealed})
    return {"year": year, "rows": rows, "identity_ok": not breaks, "breaks": breaks}
