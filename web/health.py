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
this says 200 serves visitors better. That is the Python search path's
warm-up (``engine=python``); the default numpy path reads its long lists
from mapped posting columns and is at full speed once the index is open,
so it reports no warming state.

``/healthz`` (the process is up: 200 always, even while the index is
built) and ``/readyz`` (send traffic here: the store answers, the index is
open, warm and at most ``ready_behind`` revisions behind the store; else 503
naming each thing missing) are the two probes a load balancer in front of
several servers needs.

What can go wrong: an unreadable store answers 500 on ``/api/health`` like
any other route; ``/readyz`` says 503 with ``store`` among what is missing.
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


def alive(app):
    """``/healthz``: 200 while the process answers at all; says nothing about the store or index."""
    bottle.response.set_header("Cache-Control", "no-store")
    return {"ok": True, "alive": True}


def readiness(app):
    """``/readyz``: 200 when this server should get traffic; ``Unavailable`` naming each thing missing."""
    bottle.response.set_header("Cache-Control", "no-store")
    missing = []
    index = app.index.status()
    try:
        app.store.ping()
        store_revision, _at = app.store.last_change()
    except Exception as exc:    # any driver or connection error: the store is what is missing
        store_revision = None
        missing.append(Problem("store", f"the store does not answer: {_first_line(exc)}"))
    if not index["ready"]:
        missing.append(IndexNotReady(app.index.progress()).problems[0])
    elif not index["warm"]:
        missing.append(Problem("index", "warm-up running: searches work, but slower"))
    behind = None if store_revision is None else max(0, store_revision - index["revision"])
    limit = app.settings.ready_behind
    if index["ready"] and behind is not None and behind > limit:
        missing.append(Problem("index", f"{behind} revisions behind the store (at most {limit})"))
    answer = {"store": {"reachable": store_revision is not None, "revision": store_revision},
              "index": {"ready": index["ready"], "warm": index["warm"], "revision": index["revision"],
                        "behind": behind}}
    if missing:
        raise Unavailable("not ready: " + "; ".join(p.message for p in missing), missing,
                          retry_after=RETRY_AFTER, extra=answer)
    return {"ok": True, "ready": True, **answer}


def _first_line(exc):
    text = str(getattr(exc, "message", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def add_routes(app):
    app.api("/api/health", health_data, cache=False)
    app.api("/healthz", alive, cache=False)
    app.api("/readyz", readiness, cache=False)
