"""The item's life: draft → submitted → published, rejected, withdrawn and restored.

Each function takes the store, the acting user (an account from
``catalogue.accounts``) and the item's index number, checks the rules
(``catalogue.access``) and the item's state, and makes the change in one
transaction with its audit entry and a store revision, so the search index
follows. Each returns the stored item as staff see it (``items.staff_view``
of ``Store.get``).

States: ``draft``, ``submitted``, ``rejected`` (back to the editor with a
comment), ``published``, ``withdrawn`` (reason required). A published item
whose publish date is after today is *scheduled* (``state_of``): the status
stays ``published`` and it becomes public on that date with nobody acting.
Submitting or publishing needs who did the confidentiality check (保密审查,
``secrecy_checked_by``). 不予公开 items are recorded and approved like any
other and are never public (``is_public``, the one definition of public).

What can go wrong: ``ValidationError`` naming the field (bad item fields, a
missing comment, reason, change note or confidentiality check, or one
longer than ``NOTE_LIMITS``),
``Forbidden``/``Unauthorized`` from the rules, ``Conflict`` for a move the
item's state does not allow (approving a draft) or a duplicate index
number, ``NotFound`` for an unknown index number.
"""

import datetime as _dt

from . import access, audit
from .clock import china_today, utcnow
from .errors import Conflict, NotFound, Problem, ValidationError, too_long
from .items import CLOSED, FIELD_NAMES, staff_view, validate

DRAFT, SUBMITTED, REJECTED, PUBLISHED, WITHDRAWN = (
    "draft", "submitted", "rejected", "published", "withdrawn")
SCHEDULED = "scheduled"
# What ``create`` may be asked for; ``None`` means "as far as the user may".
CREATE_STATES = (DRAFT, SUBMITTED, PUBLISHED)
# Characters of the workflow's own texts: who did the confidentiality check,
# what changed, why an item was sent back or withdrawn. The write API's
# OpenAPI document and the staff forms' maxlength come from here.
NOTE_LIMITS = {"secrecy_checked_by": 100, "change_note": 1000, "comment": 2000, "reason": 1000}


def _today(today):
    if today is None:
        return china_today().isoformat()
    return today.isoformat() if isinstance(today, _dt.date) else str(today)


def state_of(item, today=None):
    """The item's state as staff see it: its status, or ``scheduled`` for a published item not yet due."""
    if item["status"] == PUBLISHED and item["publish_date"] > _today(today):
        return SCHEDULED
    return item["status"]


def is_public(item, today=None):
    """Published, not 不予公开, and its publish date reached: what visitors may see."""
    return (item["status"] == PUBLISHED and item.get("disclosure") != CLOSED
            and item["publish_date"] <= _today(today))


def _name(user):
    return user["name"] if user else None


def _problem(field, message, code=None):
    return ValidationError([Problem(field, message, code=code)])


def _text(value):
    return value.strip() if isinstance(value, str) and value.strip() else None


def note_text(value, field):
    """``value`` as stripped text (``None`` when blank); ``ValidationError`` when over ``NOTE_LIMITS[field]``."""
    text = _text(value)
    if text is not None and len(text) > NOTE_LIMITS[field]:
        raise ValidationError([too_long(len(text), NOTE_LIMITS[field]).problem(field)])
    return text


def _required(value, field, why):
    """``value`` as text; ``ValidationError`` naming ``field`` when it is empty or too long."""
    text = note_text(value, field)
    if not text:
        raise _problem(field, f"is required: {why}", code="required")
    return text


def secrecy_from(given, raw=None, stored=None):
    """Who did the confidentiality check (保密审查): ``given``, else ``raw``'s, else ``stored``."""
    return (note_text(given, "secrecy_checked_by")
            or note_text((raw or {}).get("secrecy_checked_by"), "secrecy_checked_by") or _text(stored))


def _need_secrecy(secrecy):
    if not secrecy:
        raise _problem("secrecy_checked_by", "is required to submit or publish: name who did the "
                                             "confidentiality review (保密审查)", code="required")


def _stored(store, index_no):
    item = store.get(index_no)
    if item is None:
        raise NotFound(f'index_no: "{index_no}" is not in the catalogue')
    return item


def _expect(item, *states, doing):
    if item["status"] not in states:
        raise Conflict(f'status: "{item["index_no"]}" is {item["status"]}; only a '
                       f'{" or ".join(states)} item can be {doing}')


def initial_status(store, user, body, status=None):
    """The status a new item of ``body`` gets: ``status`` if allowed, or by default the most allowed.

    ``None`` gives ``published`` where ``user`` may publish directly, else
    ``submitted``. Asking ``published`` where that is not allowed raises
    ``Forbidden``; a status other than draft/submitted/published
    ``ValidationError``.
    """
    if status is None:
        return PUBLISHED if access.allows(access.can_publish_directly, store, user, body) else SUBMITTED
    if status not in CREATE_STATES:
        raise _problem("status", f'"{status}" is not one of {", ".join(CREATE_STATES)}')
    if status == PUBLISHED:
        access.can_publish_directly(store, user, body)
    return status


def start_columns(user, status, secrecy):
    """The workflow columns of an item entering ``status`` now (who put it forward, who checked)."""
    columns = {"secrecy_checked_by": secrecy} if secrecy else {}
    if status in (SUBMITTED, PUBLISHED):
        _need_secrecy(secrecy)
        columns.update(submitted_by=_name(user), submitted_at=utcnow(),
                       reviewed_by=None, reviewed_at=None, review_comment=None)
    return columns


def create(store, user, raw, *, status=None, secrecy_checked_by=None, address=None):
    """Add an item from ``raw`` (the import format); returns the stored item.

    The index number is generated when blank. ``status``: ``draft``,
    ``submitted``, ``published`` or ``None`` (published where the user may
    publish directly, else submitted). ``secrecy_checked_by`` (or that key
    in ``raw``) is required unless the item stays a draft.
    """
    access.require_active(user)
    item = validate(raw, store.context())
    access.can_write(store, user, item["issuer"])
    status = initial_status(store, user, item["issuer"], status)
    secrecy = secrecy_from(secrecy_checked_by, raw)
    columns = start_columns(user, status, secrecy)
    with store.transaction(actor=_name(user), note=f"create {item['title']}") as tx:
        stored = tx.put(item, status=status, workflow=columns)
        details = {"status": status, "secrecy_checked_by": secrecy} if secrecy else {"status": status}
        audit.record(tx, user, "create", item=stored, address=address, details=details)
        if status == SUBMITTED:
            audit.record(tx, user, "submit", item=stored, address=address,
                         details={"secrecy_checked_by": secrecy})
        return staff_view(store.get(stored["index_no"]))


def edit(store, user, index_no, raw, *, change_note=None, minor=False, secrecy_checked_by=None,
         address=None):
    """Replace the fields of item ``index_no`` by ``raw``; returns the stored item.

    The item keeps its state and index number (``raw`` may repeat it, not
    change it). A published item needs a ``change_note`` unless ``minor``;
    the audit entry records each changed field as ``[old, new]``, and a
    change of validity sets ``validity_changed`` to today. An edit that
    changes nothing writes nothing.
    """
    access.require_active(user)
    typed = _text((raw or {}).get("index_no")) if isinstance(raw, dict) else None
    if typed and typed != index_no:
        raise _problem("index_no", f'"{typed}" differs from the item\'s "{index_no}": '
                                   "an index number cannot be changed")
    with store.transaction(actor=_name(user), note=f"edit {index_no}") as tx:
        old = _stored(store, index_no)
        if old["status"] == WITHDRAWN:
            raise Conflict(f'status: "{index_no}" is withdrawn; restore it before editing')
        item = validate(dict(raw, index_no=index_no) if isinstance(raw, dict) else raw, store.context())
        access.can_write(store, user, item["issuer"], old)
        changes = {f: [old.get(f), item.get(f)] for f in FIELD_NAMES if old.get(f) != item.get(f)}
        secrecy = secrecy_from(secrecy_checked_by, raw)
        if not changes and (not secrecy or secrecy == old.get("secrecy_checked_by")):
            return staff_view(old)
        note = note_text(change_note, "change_note")
        if old["status"] == PUBLISHED and not minor and not note:
            raise _problem("change_note", "is required when a published item changes "
                                          "(or mark the change minor)", code="required")
        columns = {}
        if old["status"] == PUBLISHED and not minor:
            columns["change_note"] = note
        if "validity" in changes:
            columns["validity_changed"] = china_today().isoformat()
        if secrecy:
            columns["secrecy_checked_by"] = secrecy
        tx.put(item, replace=True, status=old["status"], workflow=columns)
        details = {"changes": changes}
        if note:
            details["change_note"] = note
        if minor:
            details["minor"] = True
        if secrecy and secrecy != old.get("secrecy_checked_by"):
            details["secrecy_checked_by"] = secrecy
        audit.record(tx, user, "edit", item=dict(old, issuer=item["issuer"]), address=address,
                     details=details)
        return staff_view(store.get(index_no))


def _move(store, user, index_no, action, status, step, address):
    """One state change under the writer lock: ``step(item)`` checks and returns (columns, details)."""
    access.require_active(user)
    with store.transaction(actor=_name(user), note=f"{action} {index_no}") as tx:
        item = _stored(store, index_no)
        columns, details = step(item)
        tx.set_state(index_no, status, **columns)
        audit.record(tx, user, action, item=item, address=address, details=details)
        return staff_view(store.get(index_no))


def submit(store, user, index_no, *, secrecy_checked_by=None, address=None):
    """Put a draft or rejected item forward for review; the confidentiality check is required."""
    def step(item):
        _expect(item, DRAFT, REJECTED, doing="submitted")
        access.can_write(store, user, item["issuer"], item)
        secrecy = secrecy_from(secrecy_checked_by, stored=item.get("secrecy_checked_by"))
        return start_columns(user, SUBMITTED, secrecy), {"secrecy_checked_by": secrecy}
    return _move(store, user, index_no, "submit", SUBMITTED, step, address)


def publish(store, user, index_no, *, secrecy_checked_by=None, address=None):
    """Publish a draft, submitted or rejected item directly, where the body's review is optional.

    Audited as ``approve`` with ``{"direct": true}``.
    """
    def step(item):
        _expect(item, DRAFT, SUBMITTED, REJECTED, doing="published directly")
        access.can_write(store, user, item["issuer"], item)
        access.can_publish_directly(store, user, item["issuer"])
        secrecy = secrecy_from(secrecy_checked_by, stored=item.get("secrecy_checked_by"))
        return start_columns(user, PUBLISHED, secrecy), {"direct": True, "secrecy_checked_by": secrecy}
    return _move(store, user, index_no, "approve", PUBLISHED, step, address)


def approve(store, user, index_no, *, address=None):
    """Publish a submitted item; never by its submitter where review is required (four-eyes)."""
    def step(item):
        _expect(item, SUBMITTED, doing="approved")
        access.can_review(store, user, item)
        _need_secrecy(item.get("secrecy_checked_by"))
        return ({"reviewed_by": _name(user), "reviewed_at": utcnow(), "review_comment": None},
                {"submitted_by": item.get("submitted_by")})
    return _move(store, user, index_no, "approve", PUBLISHED, step, address)


def reject(store, user, index_no, comment, *, address=None):
    """Send a submitted item back to its editor with ``comment`` (required)."""
    comment = _required(comment, "comment", "say what must change")

    def step(item):
        _expect(item, SUBMITTED, doing="rejected")
        access.can_review(store, user, item)
        return ({"reviewed_by": _name(user), "reviewed_at": utcnow(), "review_comment": comment},
                {"comment": comment})
    return _move(store, user, index_no, "reject", REJECTED, step, address)


def withdraw(store, user, index_no, reason, *, address=None):
    """Withdraw (撤销) a published item with ``reason`` (required); its public page answers 410."""
    reason = _required(reason, "reason", "say why the item is withdrawn")

    def step(item):
        _expect(item, PUBLISHED, doing="withdrawn")
        access.can_withdraw(store, user, item)
        return {"withdrawn_reason": reason}, {"reason": reason}
    return _move(store, user, index_no, "withdraw", WITHDRAWN, step, address)


def restore(store, user, index_no, *, address=None):
    """Publish a withdrawn item again (admins)."""
    def step(item):
        _expect(item, WITHDRAWN, doing="restored")
        access.can_restore(store, user, item)
        return {}, {"reason": item.get("withdrawn_reason")}
    return _move(store, user, index_no, "restore", PUBLISHED, step, address)


def queue(store, user, limit=100):
    """Submitted items ``user`` may approve, oldest first: the "waiting for review" list."""
    if not access.allows(access.require_active, user) or user["role"] not in access.REVIEWERS:
        return []
    waiting = store.find_items(bodies=access.scope_of(store, user), statuses={SUBMITTED},
                               limit=limit, oldest_first=True)
    return [staff_view(i) for i in waiting if access.allows(access.can_review, store, user, i)]


def actions_for(store, user, item):
    """The workflow actions ``user`` may take on ``item`` now, for buttons and links."""
    checks = {
        "edit": (lambda: _expect(item, DRAFT, SUBMITTED, REJECTED, PUBLISHED, doing="edited"),
                 lambda: access.can_write(store, user, item["issuer"], item)),
        "submit": (lambda: _expect(item, DRAFT, REJECTED, doing="submitted"),
                   lambda: access.can_write(store, user, item["issuer"], item)),
        "publish": (lambda: _expect(item, DRAFT, SUBMITTED, REJECTED, doing="published"),
                    lambda: access.can_publish_directly(store, user, item["issuer"])),
        "approve": (lambda: _expect(item, SUBMITTED, doing="approved"),
                    lambda: access.can_review(store, user, item)),
        "reject": (lambda: _expect(item, SUBMITTED, doing="rejected"),
                   lambda: access.can_review(store, user, item)),
        "withdraw": (lambda: _expect(item, PUBLISHED, doing="withdrawn"),
                     lambda: access.can_withdraw(store, user, item)),
        "restore": (lambda: _expect(item, WITHDRAWN, doing="restored"),
                    lambda: access.can_restore(store, user, item)),
    }
    return [name for name, (state, rule) in checks.items()
            if access.allows(state) and access.allows(rule)]
