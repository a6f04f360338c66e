"""The write side of the store: bodies, index numbers, items, their states and the revision log.

A ``Transaction`` exists only inside ``with store.transaction() as tx:``
(``catalogue.store``), which has already taken the writer lock. The first
change takes the next store-wide revision; every change is logged under it
in ``changes``, so followers replay them in order. Which state an item may
enter, and who may put it there, is ``catalogue.workflow``'s to decide;
this module only writes what it is told.

What can go wrong: ``Conflict`` for a duplicate index number or an item
already withdrawn, ``NotFound`` for an unknown item or issuer,
``ValidationError`` for a bad body; the caller's transaction then rolls back
whole.
"""

import json

from . import items as _items
from .bodynames import BodyNames
from .clock import china_today, utcnow
from .errors import Conflict, NotFound, Problem, ValidationError
from .itemrows import ITEM_COLUMNS as _ITEM_COLUMNS
from .itemrows import JSON_COLUMNS as _JSON_COLUMNS
from .itemrows import WORKFLOW_COLUMNS
from .schema import ITEM_STATUSES_V2
from .vocab import LEVELS, REVIEW


class Transaction:
    """The write operations; only valid inside ``Store.transaction()``."""

    def __init__(self, store, cur, actor, note):
        self.store = store
        self._cur = cur
        self.actor = actor
        self.note = note
        self.revision = None
        self._bodies = None

    def _exec(self, sql, params=()):
        self._cur.execute(self.store._sql(sql), params)
        return self._cur

    def _one(self, sql, params=()):
        return self._exec(sql, params).fetchone()

    def _insert(self, sql, params=()):
        """Run an INSERT and return the new row's id (for catalogue modules writing their tables)."""
        return self.store._insert_returning_id(self._cur, self.store._sql(sql), params)

    def _next_revision(self):
        if self.revision is None:
            row = self._one("SELECT MAX(revision) FROM revisions")
            self.revision = (row[0] or 0) + 1
            self._exec("INSERT INTO revisions (revision, at, actor, note) VALUES (?, ?, ?, ?)",
                       (self.revision, utcnow(), self.actor, self.note))
        return self.revision

    def _log(self, item_id, index_no, action):
        rev = self._next_revision()
        self._exec("INSERT INTO changes (revision, item_id, index_no, action) VALUES (?, ?, ?, ?)",
                   (rev, item_id, index_no, action))

    # -- bodies -------------------------------------------------------------
    def _body_rows(self):
        """The registry as this transaction sees it, looked up by name, short name or code.

        The same ``BodyNames`` precedence as every other lookup: a full name
        wins over another body's short name or code.
        """
        if self._bodies is None:
            rows = self._exec("SELECT id, name, short, code FROM bodies ORDER BY id").fetchall()
            self._bodies = BodyNames([{"id": id_, "name": name, "short": short, "code": code}
                                      for id_, name, short, code in rows])
        return self._bodies

    @staticmethod
    def _row(body):
        return (body["id"], body["name"], body["short"], body["code"]) if body else None

    def add_body(self, body, *, replace=False):
        """Add a body (``name``, ``short``, ``code``, ``parent``, ``level``, ``review``); returns its id.

        ``review`` is ``optional`` (the default for a new body; a replaced
        body without it keeps its setting) or ``required``. What can go
        wrong: a missing name, a bad level or review, an unknown parent, or
        a name/short/code already used (unless ``replace`` for the same name).
        """
        name = (body.get("name") or "").strip()
        problems = []
        if not name:
            problems.append(Problem("name", "is required"))
        level = body.get("level") or "省"
        if level not in LEVELS:
            problems.append(Problem("level", f'"{level}" is not one of {"/".join(LEVELS)}'))
        review = body.get("review") or None
        if review is not None and review not in REVIEW:
            problems.append(Problem("review", f'"{review}" is not one of {"/".join(REVIEW)}'))
        rows = self._body_rows()
        parent_id = None
        if body.get("parent"):
            parent = self._row(rows.find(body["parent"]))
            if parent is None:
                problems.append(Problem("parent", f'"{body["parent"]}" is not a known body'))
            else:
                parent_id = parent[0]
        existing = self._one("SELECT id, review FROM bodies WHERE name = ?", (name,)) if name else None
        for key in ("name", "short", "code"):
            value = name if key == "name" else body.get(key)
            other = self._row(rows.find(value)) if value else None
            if other and other[1] != name:
                problems.append(Problem(key, f'"{value}" already belongs to "{other[1]}"'))
        if existing and not replace:
            problems.append(Problem("name", f'"{name}" is already in the registry'))
        if problems:
            raise ValidationError([p.located(source=name or None) for p in problems])
        review = review or (existing[1] if existing else REVIEW[0])
        params = (body.get("short") or None, body.get("code") or None, parent_id, level, review)
        if existing:
            self._exec("UPDATE bodies SET short = ?, code = ?, parent_id = ?, level = ?, review = ? "
                       "WHERE id = ?", params + (existing[0],))
            body_id = existing[0]
        else:
            body_id = self._insert("INSERT INTO bodies (name, short, code, parent_id, level, review, "
                                   "created) VALUES (?, ?, ?, ?, ?, ?, ?)", (name,) + params + (utcnow(),))
        self._bodies = None
        self._log(None, name, "body")
        return body_id

    # -- items --------------------------------------------------------------
    def _issuer(self, name):
        row = self._row(self._body_rows().find(name))
        if row is None:
            raise NotFound(f'issuer: "{name}" is not in the body registry')
        return row

    def next_index_no(self, issuer, year):
        """A fresh ``{body code}/{year}-{5-digit sequence}``, unique per body and year."""
        body_id, name, short, code = self._issuer(issuer)
        prefix = code or short or name
        while True:
            row = self._one("SELECT last FROM sequences WHERE body_id = ? AND year = ?", (body_id, year))
            if row is None:
                seq = 1
                self._exec("INSERT INTO sequences (body_id, year, last) VALUES (?, ?, ?)",
                           (body_id, year, seq))
            else:
                seq = row[0] + 1
                self._exec("UPDATE sequences SET last = ? WHERE body_id = ? AND year = ?",
                           (seq, body_id, year))
            index_no = f"{prefix}/{year}-{seq:05d}"
            # A number typed in by hand may already hold this slot: skip it.
            if self._one("SELECT 1 FROM items WHERE index_no = ?", (index_no,)) is None:
                return index_no

    def put(self, item, *, replace=False, status="published", workflow=None):
        """Store a validated item in ``status``; returns it as ``items.public_view`` shows it.

        Without ``replace`` an existing index number is a ``Conflict``; with
        it the stored item is replaced (a withdrawn one loses its reason).
        ``workflow`` sets columns of ``itemrows.WORKFLOW_COLUMNS`` (who
        submitted, reviewed …); a replacement keeps the ones not given. A
        replacement that changes ``validity`` records today in
        ``validity_changed``.
        """
        _check_state(status, workflow)
        workflow = dict(workflow or {})
        issuer_id = self._issuer(item["issuer"])[0]
        year = int(item["publish_date"][:4])
        index_no = item.get("index_no") or self.next_index_no(item["issuer"], year)
        row = self._one("SELECT id, created, validity FROM items WHERE index_no = ?", (index_no,))
        if row and not replace:
            raise Conflict(f'index_no: "{index_no}" is already in the catalogue',
                           [Problem("index_no", f'"{index_no}" is already in the catalogue')])
        if row and row[2] != item.get("validity") and "validity_changed" not in workflow:
            workflow["validity_changed"] = china_today().isoformat()
        now = utcnow()
        rev = self._next_revision()
        values = []
        for col in _ITEM_COLUMNS:
            if col == "index_no":
                values.append(index_no)
            elif col == "year":
                values.append(year)
            elif col in _JSON_COLUMNS:
                values.append(json.dumps(item.get(col) or [], ensure_ascii=False))
            else:
                values.append(item.get(col))
        extra = tuple(workflow)
        if row:
            item_id = row[0]
            sets = ", ".join(f"{c} = ?" for c in _ITEM_COLUMNS + extra)
            reason = "withdrawn_reason" if status == "withdrawn" else "NULL"
            self._exec(f"UPDATE items SET {sets}, issuer_id = ?, status = ?, "
                       f"withdrawn_reason = {reason}, updated = ?, revision = ? WHERE id = ?",
                       tuple(values) + tuple(workflow.values()) + (issuer_id, status, now, rev, item_id))
            self._log(item_id, index_no, "update")
        else:
            cols = ", ".join(_ITEM_COLUMNS + extra)
            marks = ", ".join("?" * (len(_ITEM_COLUMNS) + len(extra) + 5))
            item_id = self._insert(
                f"INSERT INTO items ({cols}, issuer_id, status, created, updated, revision) "
                f"VALUES ({marks})",
                tuple(values) + tuple(workflow.values()) + (issuer_id, status, now, now, rev))
            self._log(item_id, index_no, "add")
        stored = dict(item)
        stored.update(index_no=index_no, id=item_id, status=status, year=year,
                      created=row[1] if row else now, updated=now, revision=rev)
        # No read back: a bulk import puts a million items through here.
        return _items.public_view(stored)

    def set_state(self, index_no, status, **columns):
        """Move a stored item to ``status``, setting workflow ``columns``; returns its id.

        ``withdrawn_reason`` may be given too (it is cleared when the item
        leaves ``withdrawn``). The caller checks the move is allowed
        (``catalogue.workflow``). What can go wrong: ``NotFound``.
        """
        reason = columns.pop("withdrawn_reason", None)
        _check_state(status, columns)
        row = self._one("SELECT id FROM items WHERE index_no = ?", (index_no,))
        if row is None:
            raise NotFound(f'index_no: "{index_no}" is not in the catalogue')
        rev = self._next_revision()
        sets = "".join(f", {c} = ?" for c in columns)
        self._exec(f"UPDATE items SET status = ?, withdrawn_reason = ?{sets}, updated = ?, revision = ? "
                   "WHERE id = ?", (status, reason if status == "withdrawn" else None)
                   + tuple(columns.values()) + (utcnow(), rev, row[0]))
        self._log(row[0], index_no, "withdraw" if status == "withdrawn" else "update")
        return row[0]

    def withdraw(self, index_no, reason=None):
        """Withdraw an item; the row stays, marked withdrawn. Returns its id.

        What can go wrong: ``NotFound`` for an unknown index number,
        ``Conflict`` if it is already withdrawn.
        """
        row = self._one("SELECT id, status FROM items WHERE index_no = ?", (index_no,))
        if row is None:
            raise NotFound(f'index_no: "{index_no}" is not in the catalogue')
        if row[1] == "withdrawn":
            raise Conflict(f'index_no: "{index_no}" is already withdrawn')
        return self.set_state(index_no, "withdrawn", withdrawn_reason=reason)


def _check_state(status, columns):
    # Programming errors, not user input: the workflow only passes known names.
    if status not in ITEM_STATUSES_V2:
        raise ValueError(f"unknown item status {status!r}")
    unknown = set(columns or ()) - set(WORKFLOW_COLUMNS)
    if unknown:
        raise ValueError(f"not workflow columns: {sorted(unknown)}")
