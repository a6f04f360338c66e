"""The hot-searches endpoint's part of the OpenAPI document (``/api/hot``).

``add_to(doc)`` adds the path to the reading API's document (``web.openapi``)
before the ``warnings`` field is added to every answer.

What can go wrong: nothing at request time; the document is plain data.
"""

from .hot import PERIODS

_QUERIES = {"type": "array", "items": {"type": "object", "required": ["query", "count"], "properties": {
    "query": {"type": "string", "description": "the query as counted (folded: Simplified, lowercase)"},
    "count": {"type": "integer", "description": "searches in the period"}}}}
HOT = {"type": "object", "required": ["ok", "min_count", "days"], "properties": {
    "ok": {"type": "boolean"},
    "min_count": {"type": "integer", "description": "searches a query needs before it is listed (hot_min_count)"},
    "days": {"type": "object", "description": "the most searched queries of the last N days, N one of "
                                              + ", ".join(map(str, PERIODS)),
             "properties": {str(days): _QUERIES for days in PERIODS}},
    "related": dict(_QUERIES, description="with q: counted queries sharing a word with q, most searched first")}}


def add_to(doc):
    """``doc`` with ``/api/hot`` added."""
    doc["paths"]["/api/hot"] = {"get": {
        "summary": "The most searched queries, and the searches related to one",
        "operationId": "hot",
        "description": "Counted from the public searches that found something (first page only), per "
                       "day in China, without any personal data: no address, cookie or session is kept. "
                       "Queries staff hid are left out.",
        "parameters": [{"name": "q", "in": "query", "required": False, "schema": {"type": "string"},
                        "description": "a query whose related searches to list", "example": "政务公开"}],
        "responses": {"200": {"description": "the hot lists",
                              "content": {"application/json": {"schema": HOT}}}}}}
    return doc
