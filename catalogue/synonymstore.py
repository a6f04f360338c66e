"""The synonym groups searches apply, kept in the store so staff can edit them.

A group is a list of two or more equivalent terms (低保, 最低生活保障), the
same groups as ``data/synonyms.yaml``, which seeds a store once
(``seed``: the first index or command to ask copies the file's groups in).
``groups`` reads them in order; ``add``, ``remove`` and ``replace`` change
them, each in one transaction with an audit entry (``synonyms_edit``) and a
change in the revision log, so every search index following the store
(in every server process) picks the new groups up before its next search
(``index.engine``), with no reindex: synonyms are applied at query time.

The revision-log change is a registry change (action ``body``, index number
``SYNONYMS_CHANGE``): the log's actions are fixed by a CHECK, and what a
follower does for a registry change (reload what the query planner reads
from the store) is what a synonym change needs.

What can go wrong: ``ValidationError`` for a group of fewer than two
distinct terms, or a term empty, longer than ``TERM_MAX`` or holding a line
break; ``NotFound`` for a group id the store does not have.
"""

import json
import unicodedata

from . import audit
from .errors import NotFound, Problem, ValidationError

TERM_MAX = 50
SYNONYMS_CHANGE = "(synonyms)"     # the index number of a synonym change in the revision log
_SEEDED = "synonyms_seeded"         # the meta key saying the store has its groups


def _key(term):
    return "".join(unicodedata.normalize("NFKC", term).split()).lower()


def check_group(terms, where="terms"):
    """The group ``terms`` cleaned (stripped, repeats dropped); ``ValidationError`` when it is no group."""
    cleaned, seen = [], set()
    for term in terms:
        term = str(term).strip()
        if not term:
            continue
        if len(term) > TERM_MAX or "\n" in term or "\r" in term:
            raise ValidationError([Problem(where, f'"{term[:TERM_MAX]}…" is not a term: at most '
                                                  f'{TERM_MAX} characters on one line')])
        if _key(term) not in seen:
            seen.add(_key(term))
            cleaned.append(term)
    if len(cleaned) < 2:
        raise ValidationError([Problem(where, "a synonym group needs at least two different terms")])
    return cleaned


def seeded(store):
    """Whether the store holds its synonym groups (seeded from the file, or edited since)."""
    return bool(store._query("SELECT value FROM meta WHERE key = ?", (_SEEDED,)))


def groups(store):
    """``[{"id", "terms"}]`` in order."""
    return [{"id": int(id_), "terms": json.loads(terms)} for id_, terms in
            store._query("SELECT id, terms FROM synonym_groups ORDER BY position, id")]


def _mark_seeded(tx):
    if tx._one("SELECT value FROM meta WHERE key = ?", (_SEEDED,)) is None:
        tx._exec("INSERT INTO meta (key, value) VALUES (?, ?)", (_SEEDED, "1"))


def _insert(tx, terms):
    row = tx._one("SELECT MAX(position) FROM synonym_groups")
    return tx._insert("INSERT INTO synonym_groups (position, terms) VALUES (?, ?)",
                      ((row[0] or 0) + 1, json.dumps(terms, ensure_ascii=False)))


def _changed(tx, actor, address, details):
    _mark_seeded(tx)
    tx._log(None, SYNONYMS_CHANGE, "body")
    audit.record(tx, actor, "synonyms_edit", address=address, details=details)


def seed(store, file_groups):
    """Copy ``file_groups`` in unless the store holds its groups already; True when it did."""
    if seeded(store):
        return False
    with store.transaction(actor="synonyms.yaml") as tx:
        if tx._one("SELECT value FROM meta WHERE key = ?", (_SEEDED,)) is not None:
            return False        # another process seeded it meanwhile
        for terms in file_groups:
            _insert(tx, check_group(terms))
        _mark_seeded(tx)
    return True


def add(store, terms, actor, *, address=None):
    """Add the group ``terms``; returns its id."""
    terms = check_group(terms)
    with store.transaction(actor=audit._name(actor)) as tx:
        group_id = _insert(tx, terms)
        _changed(tx, actor, address, {"added": terms})
    return group_id


def remove(store, group_id, actor, *, address=None):
    """Remove the group ``group_id``."""
    with store.transaction(actor=audit._name(actor)) as tx:
        row = tx._one("SELECT terms FROM synonym_groups WHERE id = ?", (int(group_id),))
        if row is None:
            raise NotFound(f"synonym group {group_id} is not in the store")
        tx._exec("DELETE FROM synonym_groups WHERE id = ?", (int(group_id),))
        _changed(tx, actor, address, {"removed": json.loads(row[0])})


def replace(store, new_groups, actor, *, address=None):
    """Make ``new_groups`` the store's groups (an import); returns how many."""
    cleaned = [check_group(terms, where=f"group {n}") for n, terms in enumerate(new_groups, 1)]
    with store.transaction(actor=audit._name(actor)) as tx:
        tx._exec("DELETE FROM synonym_groups")
        for terms in cleaned:
            _insert(tx, terms)
        _changed(tx, actor, address, {"imported": len(cleaned)})
    return len(cleaned)
