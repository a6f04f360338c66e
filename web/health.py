"""``/api/health``: whether this server is ready to answer searches at full speed.

For load balancers and readiness probes: 200 with the store's and the
index's revisions once the index is open and its background warm-up done;
503 (the usual error shape, with ``Retry-After`` and an ``index`` field)
before. While the index is opened, built or brought up to date after a
start with work to do, ``index`` is its progress, ``{"state": "building",
"done": 12000, "total": 30000, "percent": 40, "seconds": 31.5}``
(``index.opening`` lists the states), and searches answer 503 too. During
the warm-up that follows, ``index`` is ``{"state": "warming", …}``: searches
are answered, only slower: at 100,000 items a server under load from its
first second answered 6-7 new queries a second until its cache was warm, 17
after (benchmarks/RESULTS.md), so a proxy that holds traffic back until
this says 200 serves visitors better.

What can go wrong: an unreadable store answers 500 like any other route.
"""

import bottle

from catalogue.errors import Problem, Unavailable
from index.opening import IndexNotReady

RETRY_AFTER = 5     # seconds; a warm-up takes tens of seconds at 100,000 items


def health_data(app):
    """``{"ok", "ready", "store", "index"}``; ``Unavailable`` (503) until the index is open and warm."""
    store_revision, _at = app.store.last_change()
    index = app.index.status()
    bottle.response.set_header("Cache-Control", "no-store")
    if not index["ready"]:
        raise IndexNotReady(app.index.progress())
    if not index["warm"]:
        raise Unavailable("the search index is warming up: searches work, but slower", [
            Problem("index", f"warm-up running, {index['warmed_lists']} posting lists decoded so far")],
            retry_after=RETRY_AFTER,
            extra={"index": {"state": "warming", "warmed_lists": index["warmed_lists"]}})
    return {"ok": True, "ready": True,
            "store": {"revision": store_revision, "items": app.store.count()},
            "index": {"state": "ready", "revision": index["revision"],
                      "behind": max(0, store_revision - index["revision"]), "warm": True}}


def add_routes(app):
    app.api("/api/health", health_data, cache=False)
