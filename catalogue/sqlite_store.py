"""The SQLite store: one file in the catalogue's home, WAL mode.

Each thread gets its own connection (the web server is multi-threaded).
Writers take the database lock up front with ``BEGIN IMMEDIATE`` so that
reading the index-number sequence and writing it happen under one lock, in
this process and across processes.

What can go wrong: a folder that cannot be written (``ConfigError``); a
disk with no room left to open or write the store (``DiskFull``); a
writer that waits longer than the busy timeout (``sqlite3.OperationalError``
"database is locked", which the caller sees as a ``Conflict``); a migration
that would leave a dangling reference (``ConfigError``, nothing changed).
"""

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from .errors import ConfigError, Conflict, NoCatalogue, disk_full
from .schema import SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SQLITE_AUDIT_V2, SQLITE_ITEMS_V2
from .store import Store

BUSY_TIMEOUT_S = 30.0
NO_ROOM_BYTES = 64 * 1024   # less free than this, and an I/O error is taken for a full disk



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

    @property
    def where(self):
        """The store as messages name it: its file."""
        return str(self.path)

    def _disk_full(self, exc):
        # SQLITE_FULL: a write found no room. Opening a store whose write-ahead log must be
        # made again, SQLite says no more than SQLITE_IOERR ("disk I/O error"): then the
        # file system is asked whether room is what is missing.
        code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
        return code == sqlite3.SQLITE_FULL or (code == sqlite3.SQLITE_IOERR and self._no_room())

    def _no_room(self):
        try:
            disk = os.statvfs(self.path.parent)
        except OSError:
            return False
        return disk.f_bavail * disk.f_frsize < NO_ROOM_BYTES

    def _database_checks(self):
        checks = []
        for pragma, what in (("integrity_check", "SQLite integrity check"),
                             ("foreign_key_check", "SQLite foreign key check")):
            try:
                rows = self._query(f"PRAGMA {pragma}")
            except sqlite3.Error as exc:
                checks.append((what, f"the database cannot be read: {exc}"))
                continue
            if pragma == "integrity_check":
                found = [row[0] for row in rows if row[0] != "ok"]
            else:
                found = [f"{table} row {rowid} refers to a missing row of {parent}"
                         for table, rowid, parent, _ in rows]
            problem = None
            if found:
                more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
                problem = found[0] + more
            checks.append((what, problem))
        return checks

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
            if self._disk_full(exc):
                raise disk_full(self.where, f"cannot open the catalogue: {exc}") from None
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

    # -- catalogue.copying: a whole catalogue written with its ids --------------------
    def _after_copy(self, cur):
        """Nothing: AUTOINCREMENT follows the highest id inserted."""

    def _empty_audit(self, cur):
        # Only a replacing copy may: the append-only trigger goes for one statement, in its transaction.
        cur.execute("DROP TRIGGER audit_no_delete")
        cur.execute("DELETE FROM audit")
        cur.execute(SQLITE_AUDIT_V2[1])

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
