"""The audit trail: who did what, when and from where, append-only.

``record`` writes one entry inside the transaction that makes the change,
so the change and its entry commit (or roll back) together. ``entries``
reads the trail back, newest first. Nothing here updates or deletes an
entry, and the database refuses both with a trigger (``catalogue.schema``).

An entry is ``{"id", "at", "actor", "address", "action", "item_id",
"index_no", "body", "details"}``: ``at`` a UTC ISO timestamp, ``actor`` the
user name (or what a failed login typed), ``body`` the body's full name the
entry concerns (an item's issuer, a user's body), ``details`` a dict.

What can go wrong: ``ValueError`` for an action not in ``ACTIONS`` (a
programming error, not user input).
"""

import datetime as _dt
import json

from .clock import utcnow
from .sqlwhere import Where

ACTIONS = ("create", "edit", "submit", "approve", "reject", "withdraw", "restore", "import",
           "login", "login_failed", "login_refused", "logout", "token_create", "token_revoke",
           "user_add", "user_passwd", "user_disable", "user_role",
           "query_hide", "query_show", "synonyms_edit")


def _name(actor):
    if isinstance(actor, dict):
        return actor.get("name")
    return actor


def record(tx, actor, action, *, item=None, item_id=None, index_no=None, body=None,
           address=None, details=None):
    """Append one entry to the trail inside the transaction ``tx``; returns its id.

    ``actor`` is a user dict or a name; ``item`` (a stored item) fills
    ``item_id``, ``index_no`` and ``body`` unless they are given.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if item is not None:
        item_id = item_id if item_id is not None else item.get("id")
        index_no = index_no or item.get("index_no")
        body = body or item.get("issuer")
    return tx._insert(
        "INSERT INTO audit (at, actor, address, action, item_id, index_no, body, details) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (utcnow(), _name(actor), address, action, item_id, index_no, body,
         json.dumps(details, ensure_ascii=False, sort_keys=True) if details else None))


def _since(value):
    """An ISO text comparable with ``at``: dates as they are, datetimes in UTC."""
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        return value.isoformat(timespec="seconds") + "Z"
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def entries(store, since=None, user=None, bodies=None, limit=None, *, action=None, index_no=None,
            until=None, offset=0):
    """Entries newest first.

    ``since`` (a date, datetime or ISO text) keeps entries at or after it,
    ``until`` those before it; ``user`` those whose actor is that name;
    ``bodies`` (full names; an admin passes ``None``) those about one of
    them; ``action`` and ``index_no`` one action or one item's history;
    ``limit`` the newest n, after skipping the newest ``offset`` (pages).
    """
    where = (Where().add("at >= ?", None if since is None else _since(since))
             .add("at < ?", None if until is None else _since(until))
             .add("actor = ?", _name(user)).add("action = ?", action).add("index_no = ?", index_no)
             .one_of("body", bodies))
    if where.nothing:
        return []
    sql = ("SELECT id, at, actor, address, action, item_id, index_no, body, details FROM audit "
           + where.sql() + "ORDER BY id DESC")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
        if offset:
            sql += f" OFFSET {int(offset)}"
    return [{"id": id_, "at": at, "actor": actor, "address": address, "action": act,
             "item_id": item_id, "index_no": no, "body": body,
             "details": json.loads(details) if details else {}}
            for id_, at, actor, address, act, item_id, no, body, details
            in store._query(sql, tuple(where.params))]
