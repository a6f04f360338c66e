"""Hot and related searches: what the public searches is counted, and shown back.

A search from the public pages or ``/api/search`` with words, on its first
page, that finds something, counts once for its query (``index.related.query_key``)
on today's date (``catalogue.searchlog``: no address, cookie or session is
kept). ``/api/hot`` and the home page list the most searched queries of the
last 7 and 30 days that were searched at least ``hot_min_count`` times
(a setting) and that staff did not hide (``/staff/hot``); the results page
lists related searches: counted queries sharing a word with the one shown.

What can go wrong: a failure to write the counts is logged and the search
answered all the same (they are written with the next flush).
"""

import datetime as _dt
import logging

from catalogue.searchlog import SearchCounter
from index.related import query_key, related

log = logging.getLogger(__name__)

PERIODS = (7, 30)       # days the hot lists look back
HOT_SIZE = 10           # queries in each hot list
RELATED_SIZE = 8        # related searches on a results page
CANDIDATES = 300        # counted queries looked through for related ones


def count_search(app, request, result):
    """Count the public search ``request`` that answered ``result`` (see the module docstring)."""
    if not request.query or request.page != 1 or not result.get("total"):
        return
    try:
        app.search_counter.count(query_key(request.query), app.index.today())
    except Exception:   # counting must never cost a visitor their answer
        log.exception("search counts could not be written")


def hot_lists(app):
    """``{"7": [...], "30": [...]}``: each ``[{"query", "count"}]``, most searched first."""
    today = app.index.today()
    minimum = app.settings.hot_min_count
    return {str(days): [{"query": row["query"], "count": row["count"]}
                        for row in app.search_counter.top(today - _dt.timedelta(days=days - 1), HOT_SIZE, minimum)]
            for days in PERIODS}


def related_searches(app, query):
    """The related searches of ``query``: ``[{"query", "count"}]`` (empty without a query)."""
    if not query:
        return []
    since = app.index.today() - _dt.timedelta(days=PERIODS[-1] - 1)
    counted = app.search_counter.top(since, CANDIDATES, app.settings.hot_min_count)
    return [{"query": row["query"], "count": row["count"]} for row in related(query, counted, RELATED_SIZE)]


def hot_data(app):
    """``/api/hot``: the hot lists, and with ``q`` the related searches of ``q``."""
    query = dict(app.query_pairs()).get("q", "").strip()
    data = {"ok": True, "min_count": app.settings.hot_min_count, "days": hot_lists(app)}
    if query:
        data["related"] = related_searches(app, query)
    return data


def add_routes(app):
    app.search_counter = SearchCounter(app.store)
    # Counts change with every search, not with the store's revision: never a 304.
    app.api("/api/hot", hot_data, params=["q"], cache=False)
