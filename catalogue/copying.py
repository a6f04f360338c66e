"""Copying a whole catalogue from one store to another: SQLite to PostgreSQL and back.

``copy_catalogue(source, target)`` copies every table of the catalogue,
rows and ids as they are: items in every state with the revision log
(their history, so a home's index can follow the copy), the body registry
and index-number sequences, staff accounts, sessions and API tokens
(hashed), login throttling and the audit trail; the target keeps its own
identity (an index built from the source is rebuilt when pointed at it).
All of it is written in one transaction, so a copy that fails leaves the
target as it was. At the end each table's row count and a SHA-256 of its
rows (in key order, each value as text) are compared between the two
stores; ``copy_catalogue`` returns them.

What can go wrong: a target already holding a catalogue (any row in any
table): ``Conflict`` unless ``replace=True``, which empties it first (in
the same transaction); counts or checksums that differ after the copy:
``Conflict`` naming the tables (the copy is rolled back).
"""

import hashlib

from .errors import Conflict

# Every table, parents before the tables referring to them, with the key to
# order rows by (for the checksum, and so that ids come in order).
TABLES = (("bodies", "id"), ("users", "id"), ("revisions", "revision"), ("items", "id"),
          ("sequences", "body_id, year"), ("changes", "seq"), ("tokens", "id"), ("sessions", "hash"),
          ("login_failures", "id"), ("audit", "id"),
          ("search_counts", "query, day"), ("hidden_queries", "query"), ("synonym_groups", "id"))
BATCH = 1000        # rows read and written at a time


def counts(store):
    """``{table: rows}`` for every catalogue table of ``store``."""
    return {table: store._query(f"SELECT COUNT(*) FROM {table}")[0][0] for table, _key in TABLES}


def checksums(store):
    """``{table: sha256 hex}`` of each table's rows in key order, columns by name, values as text (None as NUL)."""
    sums = {}
    for table, key in TABLES:
        digest = hashlib.sha256()
        # By name: a column added by a migration may stand elsewhere in another backend's table.
        for row in _rows(store, table, key, sorted(_columns(store, table))):
            digest.update("\x1f".join("\x00" if v is None else str(v) for v in row).encode("utf-8"))
            digest.update(b"\x1e")
        sums[table] = digest.hexdigest()
    return sums


def _columns(store, table):
    cur = store._conn().cursor()
    try:
        cur.execute(f"SELECT * FROM {table} WHERE 1 = 0")
        return [d[0] for d in cur.description]
    finally:
        cur.close()
        store._end_read(store._conn())


def _rows(store, table, key, columns=None):
    """Every row of ``table`` ordered by ``key``, read in batches (``columns`` or all of them)."""
    names = ", ".join(columns) if columns else "*"
    offset = 0
    while True:
        rows = store._query(f"SELECT {names} FROM {table} ORDER BY {key} LIMIT {BATCH} OFFSET {offset}")
        yield from rows
        if len(rows) < BATCH:
            return
        offset += BATCH


def copy_catalogue(source, target, *, replace=False, progress=lambda n: None):
    """Copy ``source``'s catalogue into ``target`` (both ``Store``); returns ``{"counts", "checksums"}``.

    ``progress(n)`` is called after each batch with the rows written in it.
    See the module docstring for what can go wrong.
    """
    held = {table: n for table, n in counts(target).items() if n}
    if held and not replace:
        raise Conflict(f"{target.where} already holds a catalogue ("
                       + ", ".join(f"{table}: {n} rows" for table, n in held.items())
                       + "); copy into an empty store, or replace what it holds with --replace-target")
    expected = counts(source)
    with target.transaction(actor="catalogue migrate") as tx:
        cur = tx._cur
        if held:
            _empty(target, cur)
        for table, key in TABLES:
            columns = _columns(source, table)
            insert = target._sql(f"INSERT INTO {table} ({', '.join(columns)}) "
                                 f"VALUES ({', '.join('?' * len(columns))})")
            rows = _rows(source, table, key, columns)
            if table == "bodies":
                rows = _parents_first(list(rows), columns)
            batch = []
            for row in rows:
                batch.append(tuple(row))
                if len(batch) >= BATCH:
                    cur.executemany(insert, batch)
                    progress(len(batch))
                    batch = []
            if batch:
                cur.executemany(insert, batch)
                progress(len(batch))
        target._after_copy(cur)
        copied = {table: cur.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table, _k in TABLES}
        if copied != expected:
            raise Conflict("the copy does not hold what the source does: " + ", ".join(
                f"{t}: {copied[t]} of {n}" for t, n in expected.items() if copied[t] != n))
    sums, copied_sums = checksums(source), checksums(target)
    differ = [table for table in sums if sums[table] != copied_sums[table]]
    if differ:
        raise Conflict(f"copied, but the checksums of {', '.join(differ)} differ from the source's; "
                       f"{target.where} holds the copy: compare them before using it")
    return {"counts": expected, "checksums": sums}


def _parents_first(rows, columns):
    """The bodies' rows ordered so that each comes after its parent (one may have moved under a newer one)."""
    at_id, at_parent = columns.index("id"), columns.index("parent_id")
    placed, ordered, waiting = set(), [], rows
    while waiting:
        ready = [r for r in waiting if r[at_parent] is None or r[at_parent] in placed]
        if not ready:       # a cycle cannot be stored; keep the rest as they are and let the database say
            return ordered + waiting
        ordered += ready
        placed.update(r[at_id] for r in ready)
        waiting = [r for r in waiting if r[at_id] not in placed]
    return ordered


def _empty(target, cur):
    """Delete every row of the catalogue tables in ``target`` (children first), in ``cur``'s transaction."""
    for table, _key in reversed(TABLES):
        if table == "audit":
            target._empty_audit(cur)
        else:
            cur.execute(f"DELETE FROM {table}")
