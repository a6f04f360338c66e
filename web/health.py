"""``/api/health``: whether this server is ready to answer searches at full speed.

For load balancers and readiness probes: 200 with the store's and the
index's revisions once the index's background warm-up is done, 503 (the
usual error shape, with ``Retry-After``) while it runs. Searches are
answered during the warm-up too, only slower: at 100,000 items a server
under load from its first second answered 6-7 new queries a second until
its cache was warm, 17 after (benchmarks/RESULTS.md), so a proxy that
holds traffic back until this says 200 serves visitors better.

What can go wrong: an unreadable store answers 500 like any other route.
"""

import bottle

from catalogue.errors import Problem, Unavailable

RETRY_AFTER = 5     # seconds; a warm-up takes tens of seconds at 100,000 items


def health_data(app):
    """``{"ok", "ready", "store", "index"}``; ``Unavailable`` (503) while the index warms up."""
    store_revision, _at = app.store.last_change()
    index = app.index.status()
    bottle.response.set_header("Cache-Control", "no-store")
    if not index["warm"]:
        bottle.response.set_header("Retry-After", str(RETRY_AFTER))
        raise Unavailable("the search index is warming up: searches work, but slower", [
            Problem("index", f"warm-up running, {index['warmed_lists']} posting lists decoded so far")])
    return {"ok": True, "ready": True,
            "store": {"revision": store_revision, "items": app.store.count()},
            "index": {"revision": index["revision"], "behind": max(0, store_revision - index["revision"]),
                      "warm": True}}


def add_routes(app):
    app.api("/api/health", health_data, cache=False)
