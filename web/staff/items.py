"""The staff item pages: the list, the review queue, an item with its history and actions, the form.

Routes (each behind the staff login, POSTs CSRF-checked by ``routing``):

- ``GET /staff/items`` and ``GET /staff/review``: ``itemlist``.
- ``GET|POST /staff/items/new`` and ``/staff/items/<index_no>/edit``: the
  form (``itemform``); a POST saves through ``catalogue.workflow`` (create or
  edit, then submit or publish when that button was pressed).
- ``GET /staff/items/<index_no>``: the item as staff see it, its state, its
  history (``catalogue.audit.entries``) and a form for each action the user
  may take (``catalogue.workflow.actions_for``).
- ``POST /staff/items/<index_no>/<action>``: submit, publish, approve,
  reject (comment required), withdraw (reason required), restore.

Every rule (scope, roles, four-eyes, what each state allows) is
``catalogue.workflow``'s and ``catalogue.access``'s. After a change the
page waits (up to ``WAIT``) until the search index holds it, then sends the
browser to the item, so a search in the very next request finds it.

What can go wrong: ``NotFound`` for an unknown index number; ``Forbidden``
naming the rule (the error page says it in the visitor's language; on the
form it is said above the form, the typed values kept); ``Conflict`` for a
move the item's state does not allow; problems with the fields re-show the
form or the action with each problem next to its box (400).
"""

import bottle

from catalogue import access, audit, workflow
from catalogue.clock import china_today
from catalogue.errors import Conflict, Forbidden, NotFound, Problem, ValidationError
from catalogue.items import staff_view

from . import auth, itemform, itemlist
from .routing import Redirect, staff_page

WAIT = 5.0          # seconds a save waits for the index before showing the item anyway
ACTIONS = ("submit", "publish", "approve", "reject", "withdraw", "restore")
DONE = ("create", "save") + ACTIONS
HISTORY_MAX = 200
VALUE_MAX = 300     # characters of an old or new value shown in the history


def _stored(app, user, index_no):
    """The stored item, if ``user`` may see it (``NotFound``, ``Forbidden`` otherwise)."""
    item = app.store.get(index_no)
    if item is None:
        problem = Problem("index_no", f'"{index_no}" is not in the catalogue', code="not_found",
                          params={"value": index_no})
        raise NotFound(str(problem), [problem])
    access.can_read(app.store, user, item)
    return item


def _land(app, index_no, done):
    """Read your writes: wait for the index to hold the change, then show the item."""
    app.index.wait_for(app.store.revision(), WAIT)
    raise Redirect(app.href("/staff/items/" + index_no, [("done", done)]))


# -- the item page ----------------------------------------------------------------

def _value(value):
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        value = "；".join(v["name"] if isinstance(v, dict) else str(v) for v in value)
    value = str(value)
    return value if len(value) <= VALUE_MAX else value[:VALUE_MAX] + "…"


def history(app, index_no):
    """The item's audit entries, newest first, as the page shows them."""
    rows = []
    for entry in audit.entries(app.store, index_no=index_no, limit=HISTORY_MAX):
        details = entry["details"]
        rows.append({
            "at": itemlist.local_time(entry["at"]), "actor": entry["actor"], "action": entry["action"],
            "changes": [(field, _value(old), _value(new))
                        for field, (old, new) in sorted((details.get("changes") or {}).items())],
            "notes": [(key, str(details[key])) for key in ("comment", "reason", "change_note",
                                                           "secrecy_checked_by")
                      if details.get(key)],
            "direct": bool(details.get("direct")), "minor": bool(details.get("minor"))})
    return rows


def item_view(app, user, item):
    """What ``staff_item.tpl`` shows of a stored item."""
    today = china_today()
    done = bottle.request.query.get("done")
    shown = staff_view(item)
    for name in ("submitted_at", "reviewed_at"):
        if shown.get(name):
            shown[name] = itemlist.local_time(shown[name])
    return {"ok": True, "item": shown, "state": workflow.state_of(item, today),
            "public": workflow.is_public(item, today), "today": today.isoformat(),
            "actions": workflow.actions_for(app.store, user, item), "history": history(app, item["index_no"]),
            "done": done if done in DONE else None, "errors": {}, "general": [], "failed": None,
            "entered": {}}


def item_page(app, user, index_no):
    return item_view(app, user, _stored(app, user, index_no))


def perform(app, user, index_no, action, entered):
    """``catalogue.workflow``'s ``action`` on the item, with what its form ``entered``."""
    store, address = app.store, auth.client_address()
    if action in ("submit", "publish"):
        move = workflow.submit if action == "submit" else workflow.publish
        move(store, user, index_no, secrecy_checked_by=entered.get("secrecy_checked_by"), address=address)
    elif action in ("reject", "withdraw"):
        move = workflow.reject if action == "reject" else workflow.withdraw
        move(store, user, index_no, entered.get("comment" if action == "reject" else "reason"),
             address=address)
    else:
        getattr(workflow, action)(store, user, index_no, address=address)    # approve, restore


def action_page(app, user, index_no, action):
    """Carry out one workflow action on the item; its form again with the problem if a field is missing."""
    forms = bottle.request.forms
    entered = {name: (forms.getunicode(name) or "") for name in ("secrecy_checked_by", "comment", "reason")}
    try:
        perform(app, user, index_no, action, entered)
    except ValidationError as exc:
        data = item_view(app, user, _stored(app, user, index_no))
        data["errors"], data["general"] = itemform.by_field(app.lang(), exc.problems,
                                                            ("secrecy_checked_by", "comment", "reason"))
        data.update(failed=action, entered=entered)
        bottle.response.status = 400
        return data
    _land(app, index_no, action)


# -- the form -----------------------------------------------------------------------

def _form(app, user, values, *, item=None, problems=(), refused=None, status=None):
    """What ``staff_item_form.tpl`` shows: the boxes, the pick lists, the buttons, the problems."""
    store = app.store
    choices = itemform.choices(store, user)
    if item is None:
        buttons = ["draft", "submit"] + (["publish"] if itemform.may_publish(store, user, choices["issuer"])
                                         else [])
    else:
        actions = workflow.actions_for(store, user, item)
        buttons = ["save"] + [f"save_{a}" for a in ("submit", "publish") if a in actions]
        if item["issuer"] not in choices["issuer"]:
            choices["issuer"].insert(0, item["issuer"])
    errors, general = itemform.by_field(app.lang(), list(problems))
    if refused is not None:
        general = [itemform.said(app.lang(), p) for p in refused.problems] or [
            {"said": refused.message, "detail": None}]
    _raw, checked, _found = itemform.check(store, values, index_no=item and item["index_no"])
    if status:
        bottle.response.status = status
    return {"ok": not (problems or refused), "mode": "edit" if item else "new",
            "item": staff_view(item) if item else None, "values": values, "choices": choices,
            "buttons": buttons, "errors": errors, "general": general,
            "published": bool(item) and item["status"] == workflow.PUBLISHED,
            "doc_no_as": itemform.stored_doc_no(values, checked)}


def _failed(app, user, values, exc, item=None):
    """The form again after a refusal: the problems by field (400, 409) or the rule above it (403)."""
    if isinstance(exc, Forbidden):
        return _form(app, user, values, item=item, refused=exc, status=403)
    return _form(app, user, values, item=item, problems=exc.problems or [Problem(None, exc.message)],
                 status=exc.status)


def new_page(app, user):
    store = app.store
    if bottle.request.method == "GET":
        writable = itemform.choices(store, user)["issuer"]
        return _form(app, user, itemform.blank_values(writable, user))
    values = itemform.values_of(bottle.request.forms)
    button = bottle.request.forms.getunicode("action") or "draft"
    status = {"draft": workflow.DRAFT, "submit": workflow.SUBMITTED,
              "publish": workflow.PUBLISHED}.get(button, workflow.DRAFT)
    try:
        issuer = store.resolve_body(values["issuer"].strip()) if values["issuer"].strip() else None
        if issuer is not None:
            access.in_scope(store, user, issuer["name"])    # a forged body is refused before all else
        raw, _item, problems = itemform.check(store, values)
        if status != workflow.DRAFT:
            problems += itemform.need_secrecy(values)
        if problems:
            raise ValidationError(problems)
        created = workflow.create(store, user, raw, status=status,
                                  secrecy_checked_by=values["secrecy_checked_by"],
                                  address=auth.client_address())
    except (ValidationError, Forbidden, Conflict) as exc:
        return _failed(app, user, values, exc)
    _land(app, created["index_no"], {"draft": "create"}.get(button, button))


def _editable(app, user, index_no):
    item = _stored(app, user, index_no)
    if item["status"] == workflow.WITHDRAWN:
        raise Conflict(f'status: "{index_no}" is withdrawn; restore it before editing')
    access.can_write(app.store, user, item["issuer"], item)
    return item


def edit_page(app, user, index_no):
    store = app.store
    item = _editable(app, user, index_no)
    if bottle.request.method == "GET":
        return _form(app, user, itemform.values_from(item), item=item)
    values = itemform.values_of(bottle.request.forms)
    button = bottle.request.forms.getunicode("action") or "save"
    then = {"save_submit": "submit", "save_publish": "publish"}.get(button)
    try:
        raw, checked, problems = itemform.check(store, values, index_no=index_no)
        problems += itemform.need_change_note(values, item)
        if then:
            problems += itemform.need_secrecy(values, item)
        if problems:
            raise ValidationError(problems)
        if then == "publish":   # refused before the edit is written, not after
            access.can_publish_directly(store, user, checked["issuer"])
        workflow.edit(store, user, index_no, raw, change_note=values["change_note"],
                      minor=values["minor"], secrecy_checked_by=values["secrecy_checked_by"],
                      address=auth.client_address())
        if then:
            perform(app, user, index_no, then, values)
    except (ValidationError, Forbidden, Conflict) as exc:
        return _failed(app, user, values, exc, item=store.get(index_no) or item)
    _land(app, index_no, then or "save")


def review_page(app, user):
    return itemlist.queue_data(app, user)


def list_page(app, user):
    return itemlist.list_data(app, user)


def add_routes(app):
    # The most specific paths first: an index number may hold "/" (11230000001/2012-00001).
    staff_page(app, "/staff/items", "staff_items", list_page)
    staff_page(app, "/staff/review", "staff_items", review_page)
    staff_page(app, "/staff/items/new", "staff_item_form", new_page, methods=("GET", "POST"))
    staff_page(app, "/staff/items/<index_no:path>/edit", "staff_item_form", edit_page,
               methods=("GET", "POST"))
    staff_page(app, "/staff/items/<index_no:path>/<action:re:" + "|".join(ACTIONS) + ">", "staff_item",
               action_page, methods=("POST",))
    staff_page(app, "/staff/items/<index_no:path>", "staff_item", item_page)

