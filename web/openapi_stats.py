"""The statistics endpoint's part of the OpenAPI document (``/api/stats``).

``add_to(doc)`` adds the path and its answer's schema to the reading API's document
(``web.openapi``) before that document's ``warnings`` field is added to
every answer, so the statistics answer describes it too.

What can go wrong: nothing at request time; the document is plain data.
"""

import copy

from catalogue.annual import YEAR_MAX, YEAR_MIN

from .stats_tables import TABLE_IDS

_SERIES = {"type": "array", "items": {"type": "object", "properties": {
    "year": {"type": "integer"}, "count": {"type": "integer"},
    "before": {"type": "integer", "nullable": True,
               "description": "the year before's count; null when the range has no year before"},
    "change_pct": {"type": "number", "nullable": True,
                   "description": "percent change on the year before, one decimal; null when there "
                                  "is no year before or it had none"}}}}
STATS = {"type": "object", "required": ["ok", "year", "total", "proactive", "figure", "table2", "deadline"],
         "properties": {
             "ok": {"type": "boolean"},
             "year": {"type": "integer", "description": "the year counted (default: the last with items)"},
             "issuer": {"type": "string", "nullable": True,
                        "description": "the body counted with those under it; null for all"},
             "years": {"type": "array", "items": {"type": "integer"}},
             "total": _SERIES,
             "proactive": dict(_SERIES, description="主动公开 items only"),
             "figure": {"type": "object", "description": "the report's figure for the year (主动公开)"},
             "groups": {"type": "array", "items": {"type": "object"},
                        "description": "per report group (province, departments, cities, counties, towns)"},
             "bodies": {"type": "array", "items": {"type": "object"},
                        "description": "per body in tree order: own and subtree series"},
             "breakdown": {"type": "object", "description": "the year's counts by topic, genre, disclosure"},
             "table2": {"type": "object",
                        "description": "Table 2 row (一): rows for 规章 and 行政规范性文件, identity_ok, breaks"},
             "deadline": {"type": "object", "description": "Art. 26: on-time shares per body and year"},
             "calendar_years": {"type": "array", "items": {"type": "integer"}}}}


def add_to(doc):
    """``doc`` with ``/api/stats`` added (its answer's schema inline, as the other reading routes')."""
    doc["paths"]["/api/stats"] = {"get": {
        "summary": "Statistics for the annual report (what /stats shows)", "operationId": "stats",
        "description": "Every table also downloads alone: /api/stats/ID.json and /api/stats/ID.csv "
                       "(UTF-8 with a byte-order mark), with the same year and issuer, ID one of "
                       + ", ".join(TABLE_IDS) + ".",
        "parameters": [
            {"name": "year", "in": "query", "required": False, "description": "the report's year",
             "schema": {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX}, "example": 2012},
            {"name": "issuer", "in": "query", "required": False,
             "description": "a body (full name, short name or code), counted with those under it",
             "schema": {"type": "string"}, "example": "省政府"}],
        "responses": {"200": {"description": "the statistics",
                              "content": {"application/json": {"schema": copy.deepcopy(STATS)}}},
                      "400": {"description": "a bad year", "content": {"application/json": {
                          "schema": {"$ref": "#/components/schemas/Error"}}}},
                      "404": {"description": "an issuer not in the registry", "content": {"application/json": {
                          "schema": {"$ref": "#/components/schemas/Error"}}}}}}}
    return doc
