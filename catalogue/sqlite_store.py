"""The SQLite store: one file in the catalogue's home, WAL mode.

Each thread gets its own connection (the web server is multi-threaded).
Writers take the database lock up front with ``BEGIN IMMEDIATE`` so that
reading the index-number sequence and writing it happen under one lock, in
this process and across processes.

What can go wrong: a folder that cannot be written (``ConfigError``); a
writer that waits longer than the busy timeout (``sqlite3.OperationalError``
"database is locked", which the caller sees as a ``Conflict``); a migration
that would leave a dangling reference (``ConfigError``, nothing changed).
"""

import sqlite3
from contextlib import contextmanager
from pathlib import Path

from .errors import ConfigError, Conflict, NoCatalogue
from .schema import SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SQLITE_AUDIT_V2, SQLITE_ITEMS_V2
from .store import Store

BUSY_TIMEOUT_S = 30.0



class SQLiteStore(Store):
    driver_error = sqlite3.Error

    def __init__(self, path, vocab=None, *, create=True):
        super().__init__(vocab)
        self.path = Path(path)
        if not create and not self.path.exists():
            raise NoCatalogue(f"{self.path}: no catalogue here (run `catalogue init`)")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"{self.path.parent}: cannot create the folder: {exc.strerror}") from None

    def __repr__(self):
        return f"SQLiteStore({str(self.path)!r})"

    def _connect(self):
        try:
            # isolation_level=None: we issue BEGIN ourselves, so reads outside
            # a transaction see the newest commit (WAL snapshot per statement).
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                   check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            raise ConfigError(f"{self.path}: cannot open the catalogue: {exc}") from None
        return conn

    def _begin_write(self, cur):
        try:
            cur.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise Conflict(f"the catalogue is busy ({exc}); try again") from None

    def _insert_returning_id(self, cur, sql, params):
        cur.execute(sql, params)
        return cur.lastrowid

    def has_schema(self):
        return bool(self._query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"))

    def _migrations(self):
        # AUTOINCREMENT on every key: SQLite must never reuse the id of a
        # deleted row, as a follower may still hold it.
        steps = [SCHEMA_V1, SQLITE_ITEMS_V2 + SCHEMA_V2 + SQLITE_AUDIT_V2, SCHEMA_V3]
        return [[s.format(pk="INTEGER PRIMARY KEY AUTOINCREMENT", ref="INTEGER") for s in step]
                for step in steps]

    @contextmanager
    def _migrating(self, conn):
        # Rebuilding a table that others reference needs foreign key
        # enforcement off (DROP TABLE would otherwise delete through them);
        # the pragma only takes effect outside a transaction.
        conn.execute("PRAGMA foreign_keys = OFF")
        try:
            yield
        finally:
            conn.execute("PRAGMA foreign_keys = ON")

    def _check_migrated(self, cur):
        cur.execute("PRAGMA foreign_key_check")
        dangling = cur.fetchall()
        if dangling:
            table, rowid, parent, _ = dangling[0]
            raise ConfigError(f"{self.path}: the schema migration would leave {len(dangling)} "
                              f"dangling reference(s), e.g. {table} row {rowid} to {parent}; "
                              "nothing was changed")
