"""The SQLite store: one file in the catalogue's home, WAL mode.

Each thread gets its own connection (the web server is multi-threaded).
Writers take the database lock up front with ``BEGIN IMMEDIATE`` so that
reading the index-number sequence and writing it happen under one lock, in
this process and across processes.

What can go wrong: a folder that cannot be written (``ConfigError``); a
writer that waits longer than the busy timeout (``sqlite3.OperationalError``
"database is locked", which the caller sees as a ``Conflict``).
"""

import sqlite3
from pathlib import Path

from .errors import ConfigError, Conflict
from .store import Store

BUSY_TIMEOUT_S = 30.0

_V1 = [
    """CREATE TABLE bodies (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        short TEXT UNIQUE,
        code TEXT UNIQUE,
        parent_id INTEGER REFERENCES bodies(id),
        level TEXT NOT NULL CHECK (level IN ('省', '市', '县', '乡')),
        created TEXT NOT NULL)""",
    """CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        index_no TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        issuer_id INTEGER NOT NULL REFERENCES bodies(id),
        doc_no TEXT,
        written_date TEXT,
        publish_date TEXT NOT NULL,
        year INTEGER NOT NULL,
        topic TEXT,
        genre TEXT,
        keywords TEXT NOT NULL DEFAULT '[]',
        summary TEXT,
        body TEXT,
        disclosure TEXT NOT NULL,
        validity TEXT NOT NULL,
        url TEXT,
        attachments TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL CHECK (status IN ('published', 'withdrawn')),
        withdrawn_reason TEXT,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        revision INTEGER NOT NULL)""",
    "CREATE INDEX items_status ON items (status, id)",
    "CREATE INDEX items_issuer ON items (issuer_id)",
    """CREATE TABLE sequences (
        body_id INTEGER NOT NULL REFERENCES bodies(id),
        year INTEGER NOT NULL,
        last INTEGER NOT NULL,
        PRIMARY KEY (body_id, year))""",
    """CREATE TABLE revisions (
        revision INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT,
        note TEXT)""",
    """CREATE TABLE changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        revision INTEGER NOT NULL REFERENCES revisions(revision),
        item_id INTEGER REFERENCES items(id),
        index_no TEXT,
        action TEXT NOT NULL CHECK (action IN ('add', 'update', 'withdraw', 'body')))""",
    "CREATE INDEX changes_revision ON changes (revision)",
]


class SQLiteStore(Store):
    def __init__(self, path, vocab=None, *, create=True):
        super().__init__(vocab)
        self.path = Path(path)
        if not create and not self.path.exists():
            raise ConfigError(f"{self.path}: no catalogue here (run `catalogue init`)")
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

    def _migrations(self):
        return [_V1]
