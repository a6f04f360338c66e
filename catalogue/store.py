"""The store of record: items, the body registry and the revision log.

One interface, two databases: ``SQLiteStore`` (the default, one file) and
``PostgresStore`` (several servers sharing one catalogue). Callers only use
``catalogue.stores.open_store`` and the methods of ``Store``; dialect
details stay in the subclasses (``catalogue.sqlite_store``,
``catalogue.pgstore``), the tables in ``catalogue.schema``, the item's row
layout in ``catalogue.itemrows`` and the write operations in
``catalogue.transaction``. Accounts, sessions and the audit trail have their
own modules (``catalogue.accounts``, ``catalogue.sessions``,
``catalogue.audit``), which use this store's connection.

Every write happens inside ``with store.transaction() as tx:``. A
transaction that changes anything takes the next store-wide revision and logs
each change under it, so followers (the search index, another server) can
replay ``changes_since(revision)`` in order. Writers are serialised (SQLite
``BEGIN IMMEDIATE``, a PostgreSQL advisory lock), so revisions commit in
order and a follower never skips one.

What can go wrong: ``Conflict`` for a duplicate index number or a stale
write, ``NotFound`` for an unknown item or body, ``ValidationError`` for bad
bodies; a failed transaction rolls back whole.
"""

import threading
import uuid
from abc import ABC, abstractmethod
from contextlib import contextmanager, nullcontext

from . import integrity
from . import itemrows as _rows
from . import items as _items
from .bodynames import BodyNames
from .errors import Conflict, NotFound, disk_full, first_line
from .schema import SCHEMA_VERSION
from .sqlwhere import Where
from .transaction import Transaction
from .vocab import load_vocab

# By revision first: by seq alone SQLite scans the log instead of its revision index (80 ms at 1M items).
CHANGES_SINCE = "SELECT revision, item_id, index_no, action FROM changes WHERE revision > ? ORDER BY revision, seq"


class Store(ABC):
    """Shared SQL logic; subclasses supply connections and dialect."""

    placeholder = "?"
    driver_error = Exception    # the driver's base error class; each backend names its own

    def __init__(self, vocab=None):
        self._vocab = vocab
        self._listeners = []
        self._local = threading.local()
        self._bodies_cache = None
        self._bodies_cache_rev = None
        self._identity = None
        self._counts = {}           # status -> (revision, count)
        self._lock_all = threading.Lock()
        self._all_conns = []

    # -- dialect hooks ------------------------------------------------------
    @abstractmethod
    def _connect(self):
        """A new connection for the calling thread."""

    @abstractmethod
    def _begin_write(self, cur):
        """Start a write transaction that excludes other writers."""

    @abstractmethod
    def _migrations(self):
        """A list of schema steps, each a list of SQL statements."""

    @abstractmethod
    def _insert_returning_id(self, cur, sql, params):
        """Run an INSERT and return the new row's id."""

    @abstractmethod
    def has_schema(self):
        """True when the database already holds the catalogue's tables."""

    def _migrating(self, conn):
        """A context around a migration (SQLite turns foreign key enforcement off in it)."""
        return nullcontext()

    def _disk_full(self, exc):
        """Whether the driver's error ``exc`` says the database's disk is full."""
        return False

    def _database_checks(self):
        """The database's own consistency checks: ``[(what was checked, problem or None)]``."""
        return []

    def _check_migrated(self, cur):
        """Before a migration commits: refuse a schema left inconsistent (SQLite's foreign keys)."""

    def _sql(self, sql):
        return sql if self.placeholder == "?" else sql.replace("?", self.placeholder)

    # -- connections --------------------------------------------------------
    def _stale(self, conn):
        """Whether this thread's connection is broken (a PostgreSQL restart): a new one is made."""
        return False

    def _conn(self):
        conn = getattr(self._local, "conn", None)
        if conn is not None and getattr(self._local, "tx", None) is None and self._stale(conn):
            with self._lock_all:
                if conn in self._all_conns:
                    self._all_conns.remove(conn)
            conn.close()
            conn = None
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._lock_all:
                self._all_conns.append(conn)
        return conn

    def _query(self, sql, params=()):
        conn = self._conn()
        cur = conn.cursor()
        try:
            cur.execute(self._sql(sql), params)
            rows = cur.fetchall()
        finally:
            cur.close()
        # Inside this thread's write transaction a read must not end it.
        if getattr(self._local, "tx", None) is None:
            self._end_read(conn)
        return rows

    def _end_read(self, conn):
        """Close the implicit read transaction, if the driver opened one."""

    def close(self):
        """Close every connection this store opened (in any thread)."""
        with self._lock_all:
            for conn in self._all_conns:
                try:
                    conn.close()
                except Exception:  # a connection of a finished thread may already be gone
                    pass
            self._all_conns.clear()
        self._local = threading.local()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- schema -------------------------------------------------------------
    def migrate(self):
        """Bring the schema up to ``SCHEMA_VERSION``, one forward step at a time."""
        conn = self._conn()
        with self._migrating(conn):
            self._migrate(conn)

    def _migrate(self, conn):
        cur = conn.cursor()
        self._begin_write(cur)
        try:
            cur.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            cur.execute(self._sql("SELECT value FROM meta WHERE key = ?"), ("schema_version",))
            row = cur.fetchone()
            version = int(row[0]) if row else 0
            if version > SCHEMA_VERSION:
                raise Conflict(f"the store's schema is version {version}; this program knows "
                               f"up to {SCHEMA_VERSION}: upgrade the program")
            for step, statements in enumerate(self._migrations()[version:], version + 1):
                for statement in statements:
                    cur.execute(statement)
                cur.execute(self._sql("DELETE FROM meta WHERE key = ?"), ("schema_version",))
                cur.execute(self._sql("INSERT INTO meta (key, value) VALUES (?, ?)"),
                            ("schema_version", str(step)))
            # A store made before identities existed gets one the first time it is opened.
            cur.execute(self._sql("SELECT value FROM meta WHERE key = ?"), ("store_id",))
            if cur.fetchone() is None:
                cur.execute(self._sql("INSERT INTO meta (key, value) VALUES (?, ?)"),
                            ("store_id", uuid.uuid4().hex))
            if version < SCHEMA_VERSION:    # it reads every reference: 7 s of a cold start at 1M items
                self._check_migrated(cur)
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            cur.close()

    def identity(self):
        """A random id this store was given when first opened: tells one store from another.

        It survives copying the database (a backup restored is the same store)
        but not deleting it and starting again. The search index records it,
        so an index left beside a replaced store is rebuilt instead of
        following revision numbers that now mean other changes.
        """
        if self._identity is None:
            rows = self._query("SELECT value FROM meta WHERE key = ?", ("store_id",))
            self._identity = rows[0][0] if rows else None
        return self._identity

    def schema_version(self):
        rows = self._query("SELECT value FROM meta WHERE key = ?", ("schema_version",))
        return int(rows[0][0]) if rows else 0

    # -- vocab and validation ----------------------------------------------
    @property
    def vocab(self):
        if self._vocab is None:
            self._vocab = load_vocab()
        return self._vocab

    def context(self):
        """A validation context: issuers resolve through this store's registry."""
        def resolve(text):
            body = self.resolve_body(text)
            return body["name"] if body else None
        return _items.Context(resolve, self.vocab.topics, self.vocab.genres)

    # -- reads --------------------------------------------------------------
    def ping(self):
        """Ask the store something now; ``StoreUnavailable`` (PostgreSQL) when it does not answer."""
        self._query("SELECT 1")

    def revision(self):
        """The newest committed revision (0 for an empty store)."""
        rows = self._query("SELECT MAX(revision) FROM revisions")
        return rows[0][0] or 0

    def get(self, index_no):
        """The stored item with this index number (any status), or ``None``."""
        rows = self._query(_rows.SELECT + "WHERE i.index_no = ?", (index_no,))
        return _rows.from_row(rows[0]) if rows else None

    def get_many(self, ids):
        """Stored items by id, in the order asked; missing ids are left out."""
        ids = list(ids)
        found = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            for row in self._query(_rows.SELECT + f"WHERE i.id IN ({marks})", tuple(chunk)):
                found[row[0]] = _rows.from_row(row)
        return [found[i] for i in ids if i in found]

    def iter_items(self, status="published", batch=1000):
        """Every item with ``status`` (``None`` = all), by id, read in batches."""
        last = 0
        where = "WHERE i.id > ? " + ("AND i.status = ? " if status else "")
        while True:
            params = (last, status) if status else (last,)
            rows = self._query(_rows.SELECT + where + f"ORDER BY i.id LIMIT {int(batch)}", params)
            if not rows:
                return
            for row in rows:
                yield _rows.from_row(row)
            last = rows[-1][0]

    def find_items(self, *, bodies=None, statuses=None, year=None, limit=100, offset=0,
                   oldest_first=False):
        """Items for staff lists, newest change first (``oldest_first``: a queue's order).

        ``bodies`` (full names) and ``statuses`` limit the items when given
        (an empty set finds nothing); ``year`` is the publication year.
        """
        where = Where().one_of("b.name", bodies).one_of("i.status", statuses)
        where.add("i.year = ?", None if year is None else int(year))
        if where.nothing:
            return []
        order = "ASC" if oldest_first else "DESC"
        sql = (_rows.SELECT + where.sql()
               + f"ORDER BY i.updated {order}, i.id {order} LIMIT {int(limit)} OFFSET {int(offset)}")
        return [_rows.from_row(row) for row in self._query(sql, tuple(where.params))]

    def count(self, status="published"):
        """How many items have ``status`` (``None``: all).

        Counting scans an index of every item (~60 ms at 1,000,000 items,
        more when cold) and health probes and feeds ask often, so the answer
        is kept until the revision changes. The revision is read first: a
        commit in between leaves an entry that the next call replaces.
        """
        in_tx = getattr(self._local, "tx", None) is not None
        revision = None if in_tx else self.revision()
        cached = self._counts.get(status)
        if cached is not None and revision is not None and cached[0] == revision:
            return cached[1]
        if status is None:
            n = self._query("SELECT COUNT(*) FROM items")[0][0]
        else:
            n = self._query("SELECT COUNT(*) FROM items WHERE status = ?", (status,))[0][0]
        if revision is not None:
            self._counts[status] = (revision, n)
        return n

    def changes_since(self, revision, limit=None):
        """Changes committed after ``revision``, oldest first.

        Each is ``{"revision", "item_id", "index_no", "action"}``; ``action`` is
        add, update, withdraw or body (a registry change, ``item_id`` None).
        """
        sql = CHANGES_SINCE + (f" LIMIT {int(limit)}" if limit is not None else "")
        return [{"revision": r, "item_id": i, "index_no": n, "action": a}
                for r, i, n, a in self._query(sql, (revision,))]

    def revisions(self, since=0):
        """The revision log: ``{"revision", "at", "actor", "note", "changes"}`` after ``since``."""
        rows = self._query("SELECT r.revision, r.at, r.actor, r.note, "
                           "(SELECT COUNT(*) FROM changes c WHERE c.revision = r.revision) "
                           "FROM revisions r WHERE r.revision > ? ORDER BY r.revision", (since,))
        return [{"revision": r, "at": at, "actor": actor, "note": note, "changes": n}
                for r, at, actor, note, n in rows]

    def last_change(self):
        """When the store last changed (ISO timestamp) and its revision."""
        rows = self._query("SELECT revision, at FROM revisions ORDER BY revision DESC LIMIT 1")
        return (rows[0][0], rows[0][1]) if rows else (0, None)

    # -- the body registry --------------------------------------------------
    def _registry(self):
        """The cached bodies and their ``BodyNames``, read again when the revision changes."""
        rev = self.revision()
        cache = self._bodies_cache
        if cache is not None and self._bodies_cache_rev == rev:
            return cache
        rows = self._query("SELECT b.id, b.name, b.short, b.code, p.name, b.level, b.review "
                           "FROM bodies b LEFT JOIN bodies p ON p.id = b.parent_id ORDER BY b.id")
        bodies = [{"id": i, "name": n, "short": s, "code": c, "parent": p, "level": lv, "review": rv}
                  for i, n, s, c, p, lv, rv in rows]
        cache = (bodies, BodyNames(bodies))
        self._bodies_cache, self._bodies_cache_rev = cache, rev
        return cache

    def bodies(self):
        """Every body, parents before children: ``{"id","name","short","code","parent","level","review"}``.

        ``review`` is ``optional`` or ``required`` (four-eyes review before publishing).
        """
        return [dict(b) for b in self._registry()[0]]

    def resolve_body(self, text):
        """The body whose full name, short name or code is ``text``, or ``None``."""
        body = self._registry()[1].find(text)
        return dict(body) if body else None

    def body_ancestors(self, name):
        """``[name, parent, grandparent, …]``; ``NotFound`` for an unknown body."""
        by_name = {b["name"]: b for b in self.bodies()}
        if name not in by_name:
            raise NotFound(f'"{name}" is not in the body registry')
        chain = []
        while name and name not in chain:
            chain.append(name)
            name = by_name[name]["parent"]
        return chain

    def check(self):
        """Check the database and the catalogue's invariants: ``[(what was checked, problem or None)]``.

        Reads only. ``catalogue.integrity`` names the invariants (every item
        logged under a revision the log holds, the log numbered without
        gaps …); SQLite adds its integrity and foreign key checks. What can
        go wrong: nothing is raised for a damaged database; the damage is a
        problem in the list.
        """
        return integrity.check(self)

    def run_sql_for_tests(self, sql, params=()):
        """Run one SQL statement (``?`` placeholders) in its own write transaction; for tests only.

        It exists so a test can show what the database itself holds and
        refuses (tokens kept hashed; the audit trail's triggers refusing
        UPDATE and DELETE) without a driver connection of its own.
        Application code never calls it. Returns the rows a query gives
        (``[]`` for other statements). What can go wrong: whatever the
        database refuses, as ``Conflict`` with the database's message.
        """
        conn = self._conn()
        cur = conn.cursor()
        self._begin_write(cur)
        try:
            cur.execute(self._sql(sql), params)
            rows = cur.fetchall() if cur.description else []
            conn.commit()
            return rows
        except self.driver_error as exc:
            conn.rollback()
            raise Conflict(f"the database refused: {exc}") from None
        except BaseException:
            conn.rollback()
            raise
        finally:
            cur.close()

    # -- writes -------------------------------------------------------------
    # Other processes hear of commits through catalogue.watching; PostgreSQL
    # listens (``listening_connection``, ``notified``) and announces here.
    listens = False

    def _announce(self, cur, revision):
        """Inside a write transaction about to commit: tell other processes (PostgreSQL's NOTIFY)."""

    def on_commit(self, callback):
        """Call ``callback(revision)`` after each write transaction this process commits.

        Returns a function that stops the calls (an index closed before its
        store must not be kept alive, or woken, by it).
        """
        self._listeners.append(callback)

        def stop():
            if callback in self._listeners:
                self._listeners.remove(callback)
        return stop

    @contextmanager
    def transaction(self, actor=None, note=None):
        """A write transaction; commits on success, rolls back on any exception.

        Writers wait for each other (up to the busy timeout), so two
        processes importing at once never generate the same index number.
        """
        conn = self._conn()
        if getattr(self._local, "tx", None) is not None:
            raise RuntimeError("transactions do not nest")
        cur = conn.cursor()
        self._begin_write(cur)
        tx = Transaction(self, cur, actor, note)
        self._local.tx = tx
        try:
            yield tx
            if tx.revision is not None:
                self._announce(cur, tx.revision)
            conn.commit()
        except BaseException as exc:
            conn.rollback()
            if isinstance(exc, self.driver_error) and self._disk_full(exc):
                raise disk_full(self.where, first_line(exc)) from None
            raise
        finally:
            self._local.tx = None
            cur.close()
        if tx.revision is not None:
            for callback in list(self._listeners):
                callback(tx.revision)

