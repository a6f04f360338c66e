"""The catalogue's invariants, checked on a store (``Store.check``, ``catalogue check``).

Each invariant is a query for the rows that break it; none found means it
holds. They say what the write side (``catalogue.transaction``) always
leaves behind, so a store that breaks one was changed outside the
catalogue, damaged, or written by a bug:

* every item names a revision the log holds, and that revision is the last
  change logged for it (a follower replaying the log ends where the item is);
* every item has at least one change in the log (none was written unlogged);
* every revision logs at least one change, and revisions run 1, 2, 3 …
  without a gap (each transaction takes the next; a rolled-back one leaves
  nothing);
* the schema version is the one this program knows and the store has its identity.

The database's own checks come first (SQLite: ``PRAGMA integrity_check`` and
``foreign_key_check``; PostgreSQL enforces its constraints as it writes).

What can go wrong: nothing is raised for what is found; a database too
damaged to answer a query is a problem of that check, named in the list.
"""

from .errors import first_line
from .schema import SCHEMA_VERSION

# (what is checked, the query for rows that break it, how one such row is told)
INVARIANTS = [
    ("every item's revision is in the revision log",
     "SELECT i.index_no, i.revision FROM items i LEFT JOIN revisions r ON r.revision = i.revision "
     "WHERE r.revision IS NULL",
     "item {0} names revision {1}, which the log does not hold"),
    ("every item has its changes in the log",
     "SELECT i.index_no FROM items i WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.item_id = i.id)",
     "item {0} has no change in the log"),
    ("every item's revision is its last logged change",
     "SELECT i.index_no, i.revision, m.last FROM items i JOIN (SELECT item_id, MAX(revision) AS last "
     "FROM changes WHERE item_id IS NOT NULL GROUP BY item_id) m ON m.item_id = i.id "
     "WHERE m.last <> i.revision",
     "item {0} is at revision {1} but its last logged change is revision {2}"),
    ("every logged change names a stored item",
     "SELECT c.revision, c.index_no FROM changes c LEFT JOIN items i ON i.id = c.item_id "
     "WHERE c.item_id IS NOT NULL AND i.id IS NULL",
     "revision {0} logs a change of {1}, which is not stored"),
    ("every revision logs at least one change",
     "SELECT r.revision FROM revisions r WHERE NOT EXISTS (SELECT 1 FROM changes c "
     "WHERE c.revision = r.revision)",
     "revision {0} logs no change"),
    ("revisions are numbered 1, 2, 3 … without a gap",
     "SELECT COUNT(*), MAX(revision) FROM revisions HAVING COUNT(*) <> COALESCE(MAX(revision), 0)",
     "the log holds {0} revision(s), numbered up to {1}"),
]


def check(store):
    """``[(what was checked, problem or None)]`` for ``store``; see the module docstring."""
    checks = list(store._database_checks())
    for what, sql, told in INVARIANTS:
        try:
            rows = store._query(sql)
        except store.driver_error as exc:
            checks.append((what, f"the database cannot answer: {first_line(exc)}"))
            continue
        problem = None
        if rows:
            more = f" (and {len(rows) - 1} more)" if len(rows) > 1 else ""
            problem = told.format(*rows[0]) + more
        checks.append((what, problem))
    checks.append(("the schema is this program's and the store has its identity", _meta_problem(store)))
    return checks


def _meta_problem(store):
    try:
        version, identity = store.schema_version(), store.identity()
    except store.driver_error as exc:
        return f"the database cannot answer: {first_line(exc)}"
    if version != SCHEMA_VERSION:
        return f"the schema is version {version}; this program knows version {SCHEMA_VERSION}"
    if not identity:
        return "the store has no identity (meta store_id)"
    return None

