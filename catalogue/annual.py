"""The whole statistics report of a store: what ``catalogue stats``, ``/stats`` and ``/api/stats`` show.

``statistics(store, calendar, year=…, issuer=…)`` reads the published items
once and returns one JSON-ready dict: counts per year (in all, per report
group and per body, rolled up the tree), the 主动公开 figure the report
prints, the year's counts by topic, genre and disclosure attribute, Table 2
row (一) and the Art. 26 on-time shares. The CLI and the web pages only lay
it out.

What can go wrong: ``NotFound`` for an issuer not in the registry (full
name, short name or code); ``ValidationError`` (code ``not_a_year``) for a
year outside 1949–9999.
"""

from . import deadline, stats, table2
from .statrows import stat_items
from .stats import unknown_issuer
from .clock import china_today
from .errors import BadValue, ValidationError

YEAR_MIN, YEAR_MAX = 1949, 9999


def check_year(year):
    """``year`` as an int, or ``None``; ``BadValue`` (``not_a_year``) for anything else."""
    if year is None or year == "":
        return None
    try:
        value = int(str(year).strip())
    except ValueError:
        value = None
    if value is None or not YEAR_MIN <= value <= YEAR_MAX:
        bad = BadValue("not_a_year", f"must be a year from {YEAR_MIN} to {YEAR_MAX}",
                       value=str(year), min=YEAR_MIN, max=YEAR_MAX)
        raise ValidationError([bad.problem("year")])
    return value


def resolve_issuer(store, issuer):
    """The full name of ``issuer`` (any of its names), ``None`` for none; ``NotFound`` otherwise."""
    if issuer is None or not str(issuer).strip():
        return None
    body = store.resolve_body(str(issuer).strip())
    if body is None:
        raise unknown_issuer(issuer)
    return body["name"]


def statistics(store, calendar, *, year=None, issuer=None, today=None):
    """The statistics of ``store`` for ``year`` (default: the last year with items) and ``issuer``."""
    today = today or china_today()
    issuer = resolve_issuer(store, issuer)
    year = check_year(year)
    bodies = store.bodies()
    items = stats.public_items(stat_items(store), today)
    counts = stats.per_year(items, bodies, issuer=issuer)
    proactive = stats.per_year(items, bodies, issuer=issuer, proactive_only=True)["total"]
    if year is None:
        year = counts["years"][-1] if counts["years"] else today.year
    return {
        "year": year,
        "issuer": issuer,
        "years": counts["years"],
        "total": counts["total"],
        "proactive": proactive,
        "figure": stats.report_figure(proactive, year) or {"year": year, "count": 0, "before": None,
                                                           "change_pct": None},
        "groups": counts["groups"],
        "bodies": counts["bodies"],
        "breakdown": stats.breakdown(items, bodies, year, issuer=issuer),
        "table2": table2.row_one(items, bodies, year, issuer=issuer),
        "deadline": deadline.on_time(items, bodies, calendar, issuer=issuer),
        "calendar_years": sorted(calendar.years),
    }
