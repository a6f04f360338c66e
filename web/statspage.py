"""``/stats`` and its JSON twin ``/api/stats``; every table as CSV and JSON under ``/api/stats/``.

The handler returns ``catalogue.annual.statistics`` (with ``"ok": true``);
the page lays it out as tables, the report's sentence and a bar chart drawn
on the server as SVG (a ``figure`` whose ``svg`` has ``role="img"``, a
title and a description, with the same numbers in a table beside it), so
it reads without JavaScript and with a screen reader. ``?year=`` and
``?issuer=`` (any name of a body) choose the year and the body; each
download link keeps them.

Answers are not cached by validators: the holiday calendar of the home
(``holidays/``) may change with no new store revision. The app keeps the
last few results instead (``StatsCache``), keyed by everything they
depend on.

What can go wrong: a bad year (400, ``not_a_year``), an unknown issuer
(404), an unknown table (404).
"""

import threading
from collections import OrderedDict

import bottle

from catalogue.annual import statistics
from catalogue.calendar import HomeCalendar

from . import script
from .stats_tables import COLUMNS, TABLE_IDS, cell, csv_text, figure_sentence, heading, table, tables, title

PARAMS = ("year", "issuer")
CSV_TYPE = "text/csv; charset=utf-8"
CHART_W, CHART_H, CHART_TOP, CHART_BOTTOM, CHART_LEFT = 640, 260, 28, 36, 16


def _asked(app):
    pairs = dict(app.query_pairs())
    return {name: pairs.get(name) or None for name in PARAMS}


class StatsCache:
    """The last few answers, by store revision, day, calendar files and the year and body asked.

    Counting reads every published item; the answer changes only when one
    of those does, so pages, downloads and the API share one computation.
    """

    def __init__(self, home_path, size=32):
        self.calendar = HomeCalendar(home_path)
        self.size = size
        self._lock = threading.Lock()
        self._entries = OrderedDict()

    def get(self, app, year, issuer):
        shape, calendar = self.calendar.get()
        today = app.index.today()
        key = (app.store.revision(), today, shape, year, issuer)
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        result = dict(statistics(app.store, calendar, year=year, issuer=issuer, today=today), ok=True)
        with self._lock:
            self._entries[key] = result
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return result


def stats_data(app):
    asked = _asked(app)
    return app.stats_cache.get(app, asked["year"], asked["issuer"])


def _kept(data):
    """The query pairs that choose this year and body, for links."""
    pairs = [("year", str(data["year"]))]
    return pairs + ([("issuer", data["issuer"])] if data["issuer"] else [])


def chart(series):
    """Bars of ``[{"year", "count"}]`` in a ``CHART_W`` × ``CHART_H`` box: ``{"bars", "baseline", "width", "height"}``."""
    top = max([r["count"] for r in series] + [1])
    inner_w = CHART_W - 2 * CHART_LEFT
    slot = inner_w / max(len(series), 1)
    bar_w = min(slot * 0.6, 80)
    usable = CHART_H - CHART_TOP - CHART_BOTTOM
    baseline = CHART_H - CHART_BOTTOM
    bars = []
    for n, row in enumerate(series):
        h = usable * row["count"] / top
        x = CHART_LEFT + slot * n + (slot - bar_w) / 2
        bars.append({"x": round(x, 1), "y": round(baseline - h, 1), "w": round(bar_w, 1), "h": round(h, 1),
                     "cx": round(x + bar_w / 2, 1), "year": row["year"], "count": row["count"]})
    return {"bars": bars, "baseline": baseline, "width": CHART_W, "height": CHART_H,
            "left": CHART_LEFT, "right": CHART_W - CHART_LEFT}


def _body_options(app, data):
    bodies = app.store.bodies()
    children = {}
    for body in bodies:
        children.setdefault(body["parent"], []).append(body)
    options = []

    def walk(parent, depth):
        for body in children.get(parent, []):
            options.append({"value": body["name"], "depth": depth, "selected": body["name"] == data["issuer"]})
            walk(body["name"], depth + 1)
    walk(None, 0)
    return options


def stats_view(app, data):
    lang = app.lang()
    kept = _kept(data)
    downloads = {tid: {"csv": app.href(f"/api/stats/{tid}.csv", kept),
                       "json": app.href(f"/api/stats/{tid}.json", kept)} for tid in TABLE_IDS}
    years = sorted(set(data["years"]) | {data["year"]})
    return {
        "tables": {t["id"]: t for t in tables(data)},
        "title_of": lambda tid: title(lang, tid, data["year"]),
        "heading": lambda column: heading(lang, column),
        "cell": lambda column, value: cell(lang, column, value),
        "sentence": figure_sentence(lang, data["figure"]),
        "chart": chart(data["total"]),
        "downloads": downloads,
        "json_href": app.href("/api/stats", kept),
        "year_options": years,
        "body_options": _body_options(app, data),
        "issuer_term": script.in_script(lang, data["issuer"]) if data["issuer"] else None,
        "numeric": {c for cols in COLUMNS.values() for c in cols
                    if c not in ("group", "body", "level", "value", "kind", "index_no", "title",
                                 "issuer", "reason", "change_note", "identity_ok")},
        "calendar_first": min(data["calendar_years"]) if data["calendar_years"] else None,
        "calendar_last": max(data["calendar_years"]) if data["calendar_years"] else None,
    }


def table_json(app, table_id):
    return dict(table(stats_data(app), table_id), ok=True)


def table_csv(app, table_id):
    data = stats_data(app)
    tbl = table(data, table_id)
    name = f"stats-{table_id}-{data['year']}.csv"
    bottle.response.set_header("Content-Disposition", f'attachment; filename="{name}"')
    # The byte-order mark tells spreadsheet programs the file is UTF-8.
    return "\ufeff" + csv_text(app.lang(), tbl)


def add_routes(app):
    app.stats_cache = StatsCache(app.settings.catalogue_home().path)
    app.page("/stats", "stats", stats_data, view=stats_view, cache=False)
    app.api("/api/stats", stats_data, params=PARAMS, cache=False)
    app.api("/api/stats/<table_id>.json", table_json, params=PARAMS, cache=False)
    app.document("/api/stats/<table_id>.csv", CSV_TYPE, table_csv, cache=False)

