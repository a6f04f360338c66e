"""The public routes: search, item and body pages, each with its JSON twin.

Every handler returns data; ``app.page`` renders it through a template and
``app.api`` serves the very same data as JSON, so the page and the API never
disagree. ``/api/search`` returns exactly the search engine's dict.

What can go wrong: bad parameters (400, naming each one), an unknown index
number or an item the public may not see yet (404), a withdrawn item
(410 with the reason).
"""

import threading

import bottle

from catalogue.errors import NotFound, Problem, Withdrawn
from catalogue.items import public_view
from catalogue.workflow import WITHDRAWN, is_public
from index.params import SEARCH_PARAMS, SORTS

from . import facetlists
from .hot import count_search, hot_lists, related_searches
from .params import parse_search
from .searchview import SearchView, body_tree


def search_request(app):
    """This request's search, parsed once: the data and the page's view both need it."""
    environ = bottle.request.environ
    if "catalogue.search" not in environ:
        environ["catalogue.search"] = parse_search(app.query_pairs(),
                                                   per_page_default=app.settings.per_page)
    return environ["catalogue.search"]


def run_search(app, request):
    """The engine's result dict for a parsed request."""
    return app.index.search(query=request.query, filters=request.engine_filters(),
                            sort=request.sort, page=request.page, per_page=request.per_page,
                            **request.options)


def search_data(app):
    request = search_request(app)
    result = run_search(app, request)
    count_search(app, request, result)
    return result


def search_view(app, data):
    """The page's facet tree, filters and pagination around the engine's result."""
    request = search_request(app)
    expanded = [v for k, v in app.query_pairs_lenient() if k == facetlists.ALL]
    view = SearchView(data, request, app.store.bodies(), lambda pairs: app.href("/search", pairs),
                      expanded=expanded)
    # A search finding nothing under filters says how many its words find without them.
    unfiltered = None
    if not data["total"] and request.query and (request.is_filtered or request.options):
        unfiltered = app.index.search(query=request.query, per_page=1)["total"]
    searched = request.query or request.is_filtered
    return {"request": request, "view": view, "sorts": SORTS, "unfiltered": unfiltered,
            "hot": None if searched else hot_lists(app),
            "related": related_searches(app, request.query) if request.query else []}


def item_data(app, index_no):
    """``{"ok": true, "item": {...}}``; 404 for an unknown or not public item, 410 for a withdrawn one.

    A draft, submitted, rejected, scheduled or 不予公开 item answers exactly
    as an absent one (``catalogue.workflow.is_public``), so the public
    cannot tell that it exists.
    """
    item = app.store.get(index_no)
    if item is not None and item["status"] == WITHDRAWN:
        raise Withdrawn(index_no, item.get("withdrawn_reason"))
    if item is None or not is_public(item):
        problem = Problem("index_no", f'"{index_no}" is not in the catalogue', code="not_found",
                          params={"value": index_no})
        raise NotFound(str(problem), [problem])
    return {"ok": True, "item": public_view(item)}


class IssuerCounts:
    """Items per issuing body (each body's own), recomputed only when the store changes."""

    def __init__(self):
        self._lock = threading.Lock()
        self._revision = None
        self._counts = {}

    def get(self, app):
        revision = app.store.revision()
        with self._lock:
            if self._revision != revision:
                result = app.index.search(query="", per_page=1)
                self._counts = {f["value"]: f["count"] for f in result["facets"].get("issuer", [])}
                self._revision = revision
            return dict(self._counts)


def bodies_data(app):
    """The registry, parents first, each body with its own item count and the roll-up below it."""
    counts = app.issuer_counts.get(app)
    bodies = app.store.bodies()
    totals = {}

    def walk(nodes):
        for node in nodes:
            totals[node["name"]] = node["total"]
            walk(node["children"])

    walk(body_tree(bodies, counts, keep_empty=True))
    return {"ok": True, "bodies": [dict(b, items=counts.get(b["name"], 0), items_total=totals[b["name"]])
                                   for b in bodies]}


def bodies_view(app, data):
    own = {b["name"]: b["items"] for b in data["bodies"]}
    return {"tree": body_tree(data["bodies"], own, keep_empty=True)}


def suggest_data(app):
    """``{"ok", "query", "suggestions"}``: completions of ``q`` from the index."""
    request = parse_search(app.query_pairs())
    suggestions = app.index.suggest(request.query, limit=10) if request.query else []
    return {"ok": True, "query": request.query, "suggestions": suggestions}


def add_routes(app):
    app.issuer_counts = IssuerCounts()
    for path in ("/", "/search"):
        app.page(path, "search", search_data, view=search_view)
    app.page("/items/<index_no:path>", "item", item_data)
    app.page("/bodies", "bodies", bodies_data, view=bodies_view)
    app.api("/api/search", search_data, params=[p.name for p in SEARCH_PARAMS])
    app.api("/api/items/<index_no:path>", item_data)
    app.api("/api/bodies", bodies_data)
    app.api("/api/suggest", suggest_data, params=["q"])

