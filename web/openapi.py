"""The OpenAPI 3 description of the JSON API, built from the same tables the API uses.

Parameters come from ``index.params.SEARCH_PARAMS`` (types, ranges, the
length limits, how many values a filter takes, choices and the year pattern
``parse_years`` uses) and item fields from ``catalogue.items.FIELDS`` (with
their ``maxLength`` and ``maxItems``), so the document cannot drift
from what the endpoints accept and return; a test sends every documented
parameter to the live app, at its limits and just past them.

What can go wrong: nothing at request time; the document is plain data.
"""

from catalogue.errors import PROBLEM_CODES
from catalogue.items import BY_NAME as FIELD_BY_NAME, DISCLOSURE, FIELDS, TITLE_MAX, URL_MAX, VALIDITY
from catalogue.vocab import LEVELS
from index.params import DATE_PATTERN, FACETS, SEARCH_PARAMS, YEAR_PATTERN

from . import openapi_hot, openapi_stats, openapi_write

_DATE_FIELDS = ("written_date", "publish_date")


def _param_schema(param):
    if param.kind == "int":
        schema = {"type": "integer", "minimum": param.minimum, "maximum": param.maximum}
    elif param.kind == "choice":
        schema = {"type": "string", "enum": list(param.choices)}
    elif param.kind == "year":
        schema = {"type": "string", "pattern": YEAR_PATTERN}
    elif param.kind == "date":
        schema = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    else:
        schema = {"type": "string"}
        if param.max_length is not None:
            schema["maxLength"] = param.max_length
    if param.default is not None and not param.repeat:
        schema["default"] = param.default
    if param.repeat:
        return {"type": "array", "items": schema, "maxItems": param.max_items}
    return schema


def parameters(params):
    """OpenAPI parameter objects for query ``params`` (repeatable ones as exploded arrays)."""
    out = []
    for param in params:
        entry = {"name": param.name, "in": "query", "required": False,
                 "description": param.help, "schema": _param_schema(param)}
        if param.repeat:
            entry.update(style="form", explode=True, example=[param.example])
        else:
            entry["example"] = param.example
        out.append(entry)
    return out


def _field_schema(name):
    field = FIELD_BY_NAME[name]
    if name == "keywords":
        return {"type": "array", "items": {"type": "string", "maxLength": field.max_length},
                "maxItems": field.max_items}
    if name == "attachments":
        return {"type": "array", "maxItems": field.max_items, "items": {
            "type": "object", "required": ["name", "url"],
            "properties": {"name": {"type": "string", "maxLength": TITLE_MAX},
                           "url": {"type": "string", "format": "uri", "maxLength": URL_MAX}}}}
    if name in _DATE_FIELDS:
        return {"type": "string", "format": "date", "nullable": name != "publish_date"}
    if name == "validity":
        return {"type": "string", "enum": list(VALIDITY)}
    if name == "disclosure":
        return {"type": "string", "enum": list(DISCLOSURE)}
    nullable = name not in ("index_no", "title", "issuer")
    return {"type": "string", "nullable": nullable, "maxLength": field.max_length}


def _schemas():
    item_properties = {f.name: dict(_field_schema(f.name), description=f"{f.label} ({f.label_en}): {f.help}")
                       for f in FIELDS}
    item_properties.update({
        "id": {"type": "integer"},
        "status": {"type": "string", "enum": ["published"]},
        "created": {"type": "string", "format": "date-time"},
        "updated": {"type": "string", "format": "date-time"},
        "revision": {"type": "integer", "description": "store revision of the last change"},
        "year": {"type": "integer"},
        "validity_changed": {"type": "string", "format": "date", "nullable": True,
                             "description": "the date validity last changed"},
        "change_note": {"type": "string", "nullable": True,
                        "description": "what the last change of the published item was"},
    })
    hit_names = ("id", "index_no", "title", "issuer", "doc_no", "publish_date", "year", "topic",
                 "genre", "validity")
    hit_properties = {name: item_properties[name] for name in hit_names}
    hit_properties["highlights"] = {
        "type": "object", "description": "HTML: everything but <mark> is escaped",
        "properties": {"title": {"type": "string"}, "snippet": {"type": "string"}}}
    facet = {"type": "array", "items": {"type": "object", "required": ["value", "count"],
                                        "properties": {"value": {"oneOf": [{"type": "string"},
                                                                           {"type": "integer"}]},
                                                       "count": {"type": "integer"}}}}
    return {
        "Problem": {"type": "object", "properties": {
            "source": {"type": "string", "nullable": True},
            "line": {"type": "integer", "nullable": True},
            "field": {"type": "string", "nullable": True, "description": "the parameter or field at fault"},
            "message": {"type": "string", "description": "what is wrong, in English"},
            "code": {"type": "string", "nullable": True, "enum": [*PROBLEM_CODES, None],
                     "description": "what is wrong, for programs (null: no code)"}}},
        "Error": {"type": "object", "required": ["ok", "status", "error", "errors"], "properties": {
            "ok": {"type": "boolean", "enum": [False]},
            "status": {"type": "integer"},
            "error": {"type": "string"},
            "errors": {"type": "array", "items": {"$ref": "#/components/schemas/Problem"}}}},
        "Item": {"type": "object", "required": ["index_no", "title", "issuer", "publish_date"],
                 "properties": item_properties},
        "Hit": {"type": "object", "properties": hit_properties},
        "SearchResult": {"type": "object", "required": ["ok", "query", "total", "page", "per_page",
                                                        "items", "facets", "suggestion", "bodies"],
                         "properties": {
                             "ok": {"type": "boolean"},
                             "query": {"type": "string"},
                             "total": {"type": "integer"},
                             "page": {"type": "integer"},
                             "per_page": {"type": "integer"},
                             "items": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                             "facets": {"type": "object", "properties": {
                                 name: facet for name in FACETS}},
                             "suggestion": {"type": "string", "nullable": True,
                                            "description": "a query with more results, if any"},
                             "bodies": {"type": "array", "description": (
                                 "the registry bodies the query names (full name, short name, code, "
                                 "Traditional spelling, or the name without its place, such as 财政厅), "
                                 "in the query's order; their items rank first. count: the results "
                                 "issued by the body or the bodies below it, what the filter "
                                 "issuer=<name> would keep"),
                                 "items": {"type": "object", "required": ["name", "count"], "properties": {
                                     "name": {"type": "string", "description": "the body's full name"},
                                     "count": {"type": "integer"}}}},
                             "groups": {"type": "array", "description": (
                                 "only with group=genre|topic|issuer: the largest groups under the query "
                                 "and filters, each with its exact count and first items (a body's "
                                 "group: its own items)"),
                                 "items": {"type": "object", "required": ["value", "count", "hits"],
                                           "properties": {
                                               "value": {"type": "string"},
                                               "count": {"type": "integer"},
                                               "hits": {"type": "array",
                                                        "items": {"$ref": "#/components/schemas/Hit"}}}}}}},
        "Body": {"type": "object", "required": ["id", "name", "level"], "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "short": {"type": "string", "nullable": True},
            "code": {"type": "string", "nullable": True},
            "parent": {"type": "string", "nullable": True},
            "level": {"type": "string", "enum": list(LEVELS)},
            "items": {"type": "integer", "description": "published items issued by this body itself"},
            "items_total": {"type": "integer", "description": "this body's and all bodies' below it"}}},
    }


def _ok(description, schema):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description):
    return _ok(description, {"$ref": "#/components/schemas/Error"})


NOT_READY = _error("the search index is being prepared (a server starting with work to do): "
                   "error code index_building; see Retry-After and /api/health")


def document(app):
    """The OpenAPI 3.0 document for this app's JSON API and feed, the write API included."""
    ref = lambda name: {"$ref": f"#/components/schemas/{name}"}  # noqa: E731
    search_params = parameters(SEARCH_PARAMS)
    q_only = [p for p in search_params if p["name"] == "q"]
    return openapi_write.add_to(_with_warnings(openapi_hot.add_to(openapi_stats.add_to({
        "openapi": "3.0.3",
        "info": {"title": app.site_title(app.settings.lang) + " API", "version": "1",
                 "description": "Search the catalogue of government information-disclosure items "
                                "(政府信息公开目录) and read items and issuing bodies. Query "
                                "parameters a route does not know are ignored, never refused (links "
                                "from elsewhere add their own, such as utm_source or a cache-buster "
                                "_=1234): every JSON answer lists each in `warnings`, code "
                                "`unknown_parameter`, with a `suggestion` when the name is close to a "
                                "known one (`isuer`: did you mean `issuer`), so typing mistakes do not "
                                "pass silently. `lang` is known everywhere. Web pages of other sites "
                                "may read every GET route from the browser (CORS: "
                                "`Access-Control-Allow-Origin` for the origins of the `widget_origins` "
                                "setting, any by default; preflights for GET answered; never with "
                                "credentials); the write routes never answer other sites."},
        "servers": [{"url": app.absolute("")}],
        "paths": {
            "/api/search": {"get": {
                "summary": "Search items, with facet counts", "operationId": "search",
                "parameters": search_params,
                "responses": {"200": _ok("one page of results", ref("SearchResult")),
                              "400": _error("a bad parameter; errors name each one"),
                              "503": NOT_READY}}},
            "/api/items/{index_no}": {"get": {
                "summary": "One item by its index number", "operationId": "item",
                "parameters": [{"name": "index_no", "in": "path", "required": True,
                                "description": "the index number (索引号); its / are sent as they are",
                                "schema": {"type": "string"}, "example": "11230000001/2012-00001"}],
                "responses": {"200": _ok("the item", {"type": "object", "properties": {
                                  "ok": {"type": "boolean"}, "item": ref("Item")}}),
                              "404": _error("no item has this index number"),
                              "410": _error("the item was withdrawn; error gives the reason")}}},
            "/api/bodies": {"get": {
                "summary": "The issuing-body registry with item counts", "operationId": "bodies",
                "parameters": [],
                "responses": {"200": _ok("every body, parents before children", {
                    "type": "object", "properties": {"ok": {"type": "boolean"},
                                                     "bodies": {"type": "array", "items": ref("Body")}}}),
                              "503": NOT_READY}}},
            "/api/suggest": {"get": {
                "summary": "Completions for what has been typed", "operationId": "suggest",
                "parameters": q_only,
                "responses": {"200": _ok("up to 10 suggestions", {
                    "type": "object", "properties": {"ok": {"type": "boolean"}, "query": {"type": "string"},
                                                     "suggestions": {"type": "array",
                                                                     "items": {"type": "string"}}}}),
                              "400": _error("a bad parameter"), "503": NOT_READY}}},
            "/api/health": {"get": {
                "summary": "Whether this server is ready to answer searches at full speed",
                "operationId": "health", "parameters": [],
                "responses": {"200": _ok("ready: the store's and the index's revisions", {
                    "type": "object", "required": ["ok", "ready", "store", "index"],
                    "properties": {"ok": {"type": "boolean"}, "ready": {"type": "boolean"},
                                   "store": {"type": "object", "properties": {
                                       "revision": {"type": "integer"}, "items": {"type": "integer"}}},
                                   "index": {"type": "object", "properties": {
                                       "state": {"type": "string"},
                                       "revision": {"type": "integer"}, "behind": {"type": "integer"},
                                       "warm": {"type": "boolean"}}}}}),
                              "503": _error("the search index is being opened, built or brought up to date "
                                            "(the answer's index field: state, done, total, percent, "
                                            "seconds), or warming up; see Retry-After")}}},
            "/healthz": {"get": {
                "summary": "Whether this server process is up (liveness; 200 even while the index is built)",
                "operationId": "healthz", "parameters": [],
                "responses": {"200": _ok("the process answers", {
                    "type": "object", "properties": {"ok": {"type": "boolean"}, "alive": {"type": "boolean"}}})}}},
            "/readyz": {"get": {
                "summary": "Whether a load balancer should send this server traffic (readiness)",
                "operationId": "readyz", "parameters": [],
                "responses": {"200": _ok("the store answers; the index is open, warm and at most the "
                                         "ready_behind setting's revisions behind the store", {
                    "type": "object", "required": ["ok", "ready", "store", "index"],
                    "properties": {"ok": {"type": "boolean"}, "ready": {"type": "boolean"},
                                   "store": {"type": "object", "properties": {
                                       "reachable": {"type": "boolean"}, "revision": {"type": "integer"}}},
                                   "index": {"type": "object", "properties": {
                                       "ready": {"type": "boolean"}, "warm": {"type": "boolean"},
                                       "revision": {"type": "integer"}, "behind": {"type": "integer"}}}}}),
                              "503": _error("something is missing, each named in errors (field store or "
                                            "index) beside the store and index fields; see Retry-After")}}},
            "/feeds/atom": {"get": {
                "summary": "Atom feed of the newest items matching a search", "operationId": "feed",
                "parameters": [p for p in search_params if p["name"] not in ("sort", "page", "per_page")],
                "responses": {"200": {"description": "an Atom 1.0 feed, newest first",
                                      "content": {"application/atom+xml": {"schema": {"type": "string"}}}},
                              "400": {"description": "a bad parameter",
                                      "content": {"text/html": {"schema": {"type": "string"}}}}}}},
        },
        "components": {"schemas": _schemas()},
    }))))


WARNING = {"type": "object", "required": ["field", "code", "message"], "properties": {
    "field": {"type": "string", "description": "the query parameter, as given"},
    "code": {"type": "string", "enum": ["unknown_parameter"]},
    "message": {"type": "string"},
    "suggestion": {"type": "string", "description": "the known parameter it is close to, if any"}}}


def _with_warnings(doc):
    """``doc`` with the ``warnings`` field in the schema of every JSON answer of the API."""
    schemas = doc["components"]["schemas"]
    schemas["Warning"] = WARNING
    warnings = {"type": "array", "items": {"$ref": "#/components/schemas/Warning"},
                "description": "present only when the request had query parameters this route "
                               "does not know; they were ignored"}
    for path, methods in doc["paths"].items():
        content = methods["get"]["responses"]["200"]["content"].get("application/json")
        if not path.startswith("/api/") or content is None:
            continue
        schema = content["schema"]
        if "$ref" in schema:
            schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
        schema["properties"]["warnings"] = warnings
    return doc


def add_routes(app):
    app.api("/api/openapi.json", document, warn=False)
