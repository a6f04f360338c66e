"""The write API: create, replace, withdraw, approve and reject items with ``Authorization: Bearer``.

Integrations send items as JSON in the import format (the field names of
``catalogue.items.FIELDS``, as ``catalogue export --format jsonl`` writes
them), plus what the write itself needs:

- ``POST /api/items`` adds an item (201). ``status`` may ask for ``draft``,
  ``submitted`` or ``published``; absent, the item is published where the
  user may publish directly, else submitted for review.
  ``secrecy_checked_by`` names who did the confidentiality review (保密审查),
  required unless the item stays a draft.
- ``PUT /api/items/<index_no>`` replaces an item's fields. It keeps its state
  unless ``status`` asks to submit it (a draft or rejected item) or publish
  it directly; a published item needs ``change_note`` unless ``minor`` is
  true. A read-back (``item`` of any answer) can be sent back as it is.
- ``DELETE /api/items/<index_no>`` with ``{"reason": …}`` withdraws (撤销) it
  (``?reason=`` serves clients that cannot send a body with DELETE).
- ``POST /api/items/<index_no>/approve`` publishes a submitted item;
  ``…/reject`` with ``{"comment": …}`` sends it back to its editor.

Every answer is ``{"ok": true, "item", "state", "public", "actions"}``: the
item as staff see it, its state (``scheduled`` for a published item not yet
due), whether visitors see it, and what the user may do to it next. Every
rule (scope, roles, four-eyes, states) is ``catalogue.access``'s and
``catalogue.workflow``'s; the audit trail records the user and the address.
Each write waits (a bounded time) until the search index holds it, so a
search in the very next request finds it.

What can go wrong: 401 without a valid token, 403 from a rule (the message
names it), 400 naming every bad field at once, 404 for an unknown index
number, 409 for a move the item's state does not allow; all in the API's
one error shape (``routing.staff_api``).
"""

import bottle

from catalogue import access, workflow
from catalogue.errors import Conflict, NotFound, Problem, ValidationError
from catalogue.items import FIELD_NAMES, STATUSES, normalize

from . import auth
from .routing import staff_api

READ_YOUR_WRITES_SECONDS = 5.0
# Keys of a body that are about the write, not fields of the item.
WRITE_KEYS = ("status", "secrecy_checked_by", "change_note", "minor")
REPLACE_ONLY = ("change_note", "minor")


# -- reading a request body -------------------------------------------------------

def _text_of(body, name, problems):
    """``body[name]`` as stripped text (``None`` when absent or blank); a problem when not text."""
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        problems.append(Problem(name, f"must be text, not {type(value).__name__}", code="not_text"))
        return None
    if name in workflow.NOTE_LIMITS:
        try:
            return workflow.note_text(value, name)
        except ValidationError as exc:
            problems += exc.problems
            return None
    return value.strip() or None


def _status_of(body, allowed, problems):
    status = _text_of(body, "status", problems)
    if status is not None and status not in allowed:
        problems.append(Problem("status", f'"{status}" is not one of {", ".join(allowed)}',
                                code="not_a_choice", params={"value": status,
                                                             "choices": ", ".join(allowed)}))
        return None
    return status


def _only(body, names):
    """Problems for keys of an action's body other than ``names``."""
    return [Problem(key, "unknown field") for key in body if key not in names]


def _action_text(body, name, why):
    """The one text an action's body carries (``reason``, ``comment``): required, nothing else."""
    problems = _only(body, (name,))
    value = _text_of(body, name, problems)
    if value is None and not any(p.field == name for p in problems):
        problems.append(Problem(name, f"is required: {why}"))
    _refuse(problems)
    return value


def _refuse(problems):
    if problems:
        raise ValidationError(problems)


# -- answers ------------------------------------------------------------------------

def _answer(app, user, item):
    """The common answer, once the index holds the write (read your writes)."""
    app.index.wait_for(app.store.revision(), READ_YOUR_WRITES_SECONDS)
    return {"ok": True, "item": item, "state": workflow.state_of(item),
            "public": workflow.is_public(item),
            "actions": workflow.actions_for(app.store, user, item)}


def _stored(app, user, index_no):
    """The stored item, 404 when absent, 403 when out of ``user``'s scope."""
    item = app.store.get(index_no)
    if item is None:
        raise NotFound(f'index_no: "{index_no}" is not in the catalogue',
                       [Problem("index_no", f'"{index_no}" is not in the catalogue', code="not_found",
                                params={"value": index_no})])
    access.can_read(app.store, user, item)
    return item


# -- the handlers ---------------------------------------------------------------------

def create(app, user, body):
    """``POST /api/items``: 201 with the new item."""
    problems = []
    status = _status_of(body, workflow.CREATE_STATES, problems)
    secrecy = _text_of(body, "secrecy_checked_by", problems)
    problems += [Problem(key, "is only for replacing a published item (PUT)") for key in REPLACE_ONLY
                 if key in body]
    raw = {k: v for k, v in body.items() if k not in WRITE_KEYS}
    _item, item_problems = normalize(raw, app.store.context())
    if status != workflow.DRAFT and not secrecy and not any(p.field == "status" for p in problems):
        problems.append(Problem("secrecy_checked_by", "is required unless the item stays a draft: "
                                                      "name who did the confidentiality review (保密审查)",
                                code="required"))
    _refuse(item_problems + problems)
    item = workflow.create(app.store, user, raw, status=status, secrecy_checked_by=secrecy,
                           address=auth.client_address())
    bottle.response.set_header("Location", app.absolute("/api/items/" + item["index_no"]))
    return 201, _answer(app, user, item)


def _move_for(old, target):
    """The workflow step that takes ``old`` to ``target`` after a replacement (``None``: stay)."""
    now = old["status"]
    if target is None or target == now:
        return None
    if target == workflow.SUBMITTED and now in (workflow.DRAFT, workflow.REJECTED):
        return workflow.submit
    if target == workflow.PUBLISHED and now in (workflow.DRAFT, workflow.SUBMITTED, workflow.REJECTED):
        return workflow.publish
    how = {workflow.WITHDRAWN: "DELETE it with a reason to withdraw it",
           workflow.REJECTED: "a reviewer POSTs …/reject with a comment"}.get(
        target, "leave status out, or send its own, to keep the state")
    raise Conflict(f'status: "{old["index_no"]}" is {now}; a replacement cannot make it {target} '
                   f"({how})")


def replace(app, user, body, index_no):
    """``PUT /api/items/<index_no>``: 200 with the replaced item."""
    old = _stored(app, user, index_no)
    problems = []
    target = _status_of(body, STATUSES, problems)
    secrecy = _text_of(body, "secrecy_checked_by", problems)
    note = _text_of(body, "change_note", problems)
    minor = body.get("minor", False)
    if not isinstance(minor, bool):
        problems.append(Problem("minor", "must be true or false"))
        minor = False
    raw = {k: v for k, v in body.items() if k not in WRITE_KEYS}
    typed = str(raw.get("index_no") or "").strip()
    if typed and typed != index_no:
        problems.append(Problem("index_no", f'"{typed}" differs from the item\'s "{index_no}": '
                                            "an index number cannot be changed"))
    item, item_problems = normalize(raw, app.store.context())
    changed = any(item.get(f) != old.get(f) for f in FIELD_NAMES if f != "index_no")
    if old["status"] == workflow.PUBLISHED and changed and not minor and not note and not any(
            p.field == "change_note" for p in problems):
        problems.append(Problem("change_note", "is required when a published item changes "
                                               "(or send \"minor\": true)"))
    moving = target not in (None, old["status"])
    if moving and not workflow.secrecy_from(secrecy, stored=old.get("secrecy_checked_by")):
        problems.append(Problem("secrecy_checked_by", f"is required to make the item {target}: name "
                                                      "who did the confidentiality review (保密审查)"))
    _refuse(item_problems + problems)
    move = _move_for(old, target)
    if move is workflow.publish:    # refused before the fields are written, not after
        access.can_publish_directly(app.store, user, item["issuer"])
    address = auth.client_address()
    stored = workflow.edit(app.store, user, index_no, raw, change_note=note, minor=minor,
                           secrecy_checked_by=secrecy, address=address)
    if move:
        stored = move(app.store, user, index_no, secrecy_checked_by=secrecy, address=address)
    return 200, _answer(app, user, stored)


def withdraw(app, user, body, index_no):
    """``DELETE /api/items/<index_no>`` with ``{"reason"}``: the public page answers 410 with it."""
    _stored(app, user, index_no)
    if "reason" not in body and bottle.request.query.get("reason") is not None:
        # Some HTTP clients and proxies drop the body of a DELETE.
        body = dict(body, reason=bottle.request.query.getunicode("reason"))
    reason = _action_text(body, "reason", "say why the item is withdrawn")
    item = workflow.withdraw(app.store, user, index_no, reason, address=auth.client_address())
    return 200, _answer(app, user, item)


def approve(app, user, body, index_no):
    """``POST /api/items/<index_no>/approve``: publish a submitted item (four-eyes where required)."""
    _stored(app, user, index_no)
    _refuse(_only(body, ()))
    item = workflow.approve(app.store, user, index_no, address=auth.client_address())
    return 200, _answer(app, user, item)


def reject(app, user, body, index_no):
    """``POST /api/items/<index_no>/reject`` with ``{"comment"}``: back to the editor."""
    _stored(app, user, index_no)
    comment = _action_text(body, "comment", "say what must change")
    item = workflow.reject(app.store, user, index_no, comment, address=auth.client_address())
    return 200, _answer(app, user, item)


# The write routes: (path, method, handler). The OpenAPI document is checked against them.
ROUTES = (
    ("/api/items", "POST", create),
    ("/api/items/<index_no:path>", "PUT", replace),
    ("/api/items/<index_no:path>", "DELETE", withdraw),
    ("/api/items/<index_no:path>/approve", "POST", approve),
    ("/api/items/<index_no:path>/reject", "POST", reject),
)


def add_routes(app):
    # Bottle matches by method first: a GET of /api/items/<no>/approve is the
    # public item route's (an item whose number ends in "approve"), never these.
    for path, method, handler in ROUTES:
        staff_api(app, path, handler, methods=(method,))
