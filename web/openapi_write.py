"""The write API's part of the OpenAPI document: its operations, bodies, answers and security.

``add_to(doc)`` adds to the public document (``web.openapi.document``) the
write routes of ``web.staff.api`` (create, replace, withdraw, approve,
reject), the ``bearerAuth`` security scheme each of them requires, and the
schemas of their bodies and answers. The item fields come from the public
``Item`` schema (``catalogue.items.FIELDS``), the states from
``catalogue.items.STATUSES`` and ``catalogue.workflow``, so the document
follows the code; a test checks that it names every write route the app has,
and no other, and sends its example to the live app.

What can go wrong: nothing at request time; the document is plain data.
"""

import copy

from catalogue.items import FIELD_NAMES, STAFF_FIELDS, STATUSES
from catalogue.workflow import CREATE_STATES, NOTE_LIMITS, SCHEDULED

from .limits import API_BODY_MAX, MAX_BODY_BYTES

# What ``catalogue.workflow.actions_for`` may list.
ACTIONS = ("edit", "submit", "publish", "approve", "reject", "withdraw", "restore")
SECURITY = [{"bearerAuth": []}]
EXAMPLE = {"title": "宾县2012年政府信息公开工作年度报告", "issuer": "宾县人民政府",
           "publish_date": "2012-03-20", "genre": "年度报告", "topic": "综合政务/政务公开",
           "keywords": ["年度报告", "政务公开"], "summary": "宾县2012年政府信息公开工作情况。",
           "secrecy_checked_by": "王丽（县政府办公室）"}
DESCRIPTION = (
    " Staff write through `Authorization: Bearer TOKEN` (`catalogue user token NAME` prints one): "
    "the same rules as the staff pages (each user's bodies and those under them; where a body "
    "requires review, an editor cannot publish and nobody approves an item they submitted). "
    "Bodies are JSON in the import format. Write endpoints send no CORS headers and refuse "
    "requests whose `Origin` is another site (403). Every limit is in the schemas (`maxLength`, "
    f"`maxItems`) and refused past it with 400 naming the field; a write body over {API_BODY_MAX} "
    f"bytes is refused with 413, and the server refuses any request body over {MAX_BODY_BYTES} "
    "bytes (413) before reading it.")

_REF = "#/components/schemas/"


def _ref(name):
    return {"$ref": _REF + name}


def _json(description, schema):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses):
    said = {
        "400": "a bad body: errors names every bad field (field, message, code)",
        "401": "no valid token (missing, unknown, revoked, or its user disabled)",
        "403": "a rule forbids it (scope, role, four-eyes: error names the rule), or another site's Origin",
        "404": "no item has this index number",
        "409": "the item's state does not allow it (approving a draft, withdrawing a submitted "
               "item), or the index number is taken",
        "413": f"the body is over {API_BODY_MAX} bytes",
    }
    out = {code: _json(said[code], _ref("Error")) for code in statuses}
    if "401" in out:
        out["401"]["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"},
                                                      "description": 'Bearer realm="catalogue"'}}
    return out


def _body(schema, description, example=None, required=True):
    content = {"schema": schema}
    if example is not None:
        content["example"] = example
    return {"required": required, "description": description,
            "content": {"application/json": content}}


def _operation(summary, operation_id, *, body, ok_status, ok_said, path_param, statuses):
    return {"summary": summary, "operationId": operation_id, "security": SECURITY,
            "parameters": [path_param] if path_param else [], "requestBody": body,
            "responses": {ok_status: _json(ok_said, _ref("WriteResult")), **_errors(*statuses, "413")}}


def _one_text(name, description):
    return {"type": "object", "required": [name], "additionalProperties": False,
            "properties": {name: {"type": "string", "minLength": 1, "maxLength": NOTE_LIMITS[name],
                                  "description": description}}}


def _schemas(item):
    """The write API's schemas, given the public ``Item`` schema."""
    fields = {name: copy.deepcopy(item["properties"][name]) for name in FIELD_NAMES}
    secrecy = {"type": "string", "maxLength": NOTE_LIMITS["secrecy_checked_by"],
               "description": "who did the confidentiality review (保密审查); "
                              "required unless the item stays a draft"}
    create = {"type": "object", "required": ["title", "issuer", "publish_date"],
              "properties": dict(fields, secrecy_checked_by=secrecy, status={
                  "type": "string", "enum": list(CREATE_STATES),
                  "description": "absent: published where the user may publish directly, else "
                                 "submitted for review; draft keeps it a draft"})}
    replace = copy.deepcopy(create)
    replace["properties"].update(
        status={"type": "string", "enum": list(STATUSES),
                "description": "absent or the current state: the item keeps it; submitted puts a "
                               "draft or rejected item forward; published publishes a draft, "
                               "submitted or rejected one directly where the user may (403 if not); "
                               "any other move is 409"},
        change_note={"type": "string", "maxLength": NOTE_LIMITS["change_note"],
                     "description": "what changed: required when a published item changes, unless minor"},
        minor={"type": "boolean", "default": False,
               "description": "a correction readers need not be told about (no change note)"})
    replace["properties"]["index_no"]["description"] += "; if given, the same as in the path"
    staff_item = copy.deepcopy(item)
    staff_item["properties"]["status"] = {"type": "string", "enum": list(STATUSES)}
    for name in STAFF_FIELDS + ("withdrawn_reason",):
        staff_item["properties"][name] = {"type": "string", "nullable": True}
    for name in ("submitted_at", "reviewed_at"):
        staff_item["properties"][name]["format"] = "date-time"
    result = {"type": "object", "required": ["ok", "item", "state", "public", "actions"], "properties": {
        "ok": {"type": "boolean", "enum": [True]},
        "item": _ref("StaffItem"),
        "state": {"type": "string", "enum": [*STATUSES, SCHEDULED],
                  "description": "the status, or scheduled for a published item not yet due"},
        "public": {"type": "boolean", "description": "whether visitors see it now"},
        "actions": {"type": "array", "items": {"type": "string", "enum": list(ACTIONS)},
                    "description": "what this user may do to it next"}}}
    return {"ItemCreate": create, "ItemReplace": replace, "StaffItem": staff_item,
            "WriteResult": result}


def _withdraw(path_param):
    reason = "why; the public page answers 410 with it"
    operation = _operation(
        "Withdraw (撤销) a published item", "withdrawItem", ok_status="200",
        body=_body(_one_text("reason", reason), "the reason (or the query parameter reason)",
                   {"reason": "已被新文件替代"}, required=False),
        ok_said="withdrawn", path_param=path_param, statuses=("400", "401", "403", "404", "409"))
    operation["parameters"].append({
        "name": "reason", "in": "query", "required": False,
        "schema": {"type": "string", "maxLength": NOTE_LIMITS["reason"]},
        "description": reason + "; for clients that cannot send a body with DELETE"})
    return operation


def _paths(path_param):
    item_body = _body(_ref("ItemCreate"), "the item in the import format", EXAMPLE)
    replace_body = _body(_ref("ItemReplace"), "all the item's fields (a read-back may be sent "
                                              "back as it is)", dict(EXAMPLE, change_note="更正发布日期"))
    return {
        ("/api/items", "post"): _operation(
            "Add an item", "createItem", body=item_body, ok_status="201",
            ok_said="added; Location is its address", path_param=None,
            statuses=("400", "401", "403", "409")),
        ("/api/items/{index_no}", "put"): _operation(
            "Replace an item's fields", "replaceItem", body=replace_body, ok_status="200",
            ok_said="replaced", path_param=path_param, statuses=("400", "401", "403", "404", "409")),
        ("/api/items/{index_no}", "delete"): _withdraw(path_param),
        ("/api/items/{index_no}/approve", "post"): _operation(
            "Approve (publish) a submitted item", "approveItem", ok_status="200",
            body=_body({"type": "object", "additionalProperties": False}, "nothing", required=False),
            ok_said="published", path_param=path_param, statuses=("400", "401", "403", "404", "409")),
        ("/api/items/{index_no}/reject", "post"): _operation(
            "Send a submitted item back to its editor", "rejectItem", ok_status="200",
            body=_body(_one_text("comment", "what must change"), "the comment",
                       {"comment": "请补充发文字号"}),
            ok_said="rejected", path_param=path_param, statuses=("400", "401", "403", "404", "409")),
    }


def add_to(doc):
    """``doc`` (the public OpenAPI document) with the write API added."""
    schemas = doc["components"]["schemas"]
    schemas.update(_schemas(schemas["Item"]))
    doc["components"]["securitySchemes"] = {"bearerAuth": {
        "type": "http", "scheme": "bearer",
        "description": "an API token of a staff account (dct_…), shown once when made"}}
    path_param = copy.deepcopy(doc["paths"]["/api/items/{index_no}"]["get"]["parameters"][0])
    for (path, method), operation in _paths(path_param).items():
        doc["paths"].setdefault(path, {})[method] = operation
    doc["info"]["description"] += DESCRIPTION
    return doc
