"""The PostgreSQL store, for several servers sharing one catalogue.

Same interface and SQL as the SQLite store. Writers serialise on a
transaction-level advisory lock, so revisions are committed in order and a
follower reading ``changes_since`` never sees revision N+1 before N.

What can go wrong: psycopg missing (install the ``postgres`` extra) or a
server that cannot be reached: both ``ConfigError`` naming the URL (with the
password hidden).
"""

import re

from .errors import ConfigError
from .store import Store

# Any constant works; it only has to be the same for every writer.
_WRITER_LOCK = 7_202_012

_V1 = [
    """CREATE TABLE bodies (
        id BIGSERIAL PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        short TEXT UNIQUE,
        code TEXT UNIQUE,
        parent_id BIGINT REFERENCES bodies(id),
        level TEXT NOT NULL CHECK (level IN ('省', '市', '县', '乡')),
        created TEXT NOT NULL)""",
    """CREATE TABLE items (
        id BIGSERIAL PRIMARY KEY,
        index_no TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        issuer_id BIGINT NOT NULL REFERENCES bodies(id),
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
        revision BIGINT NOT NULL)""",
    "CREATE INDEX items_status ON items (status, id)",
    "CREATE INDEX items_issuer ON items (issuer_id)",
    """CREATE TABLE sequences (
        body_id BIGINT NOT NULL REFERENCES bodies(id),
        year INTEGER NOT NULL,
        last INTEGER NOT NULL,
        PRIMARY KEY (body_id, year))""",
    """CREATE TABLE revisions (
        revision BIGINT PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT,
        note TEXT)""",
    """CREATE TABLE changes (
        seq BIGSERIAL PRIMARY KEY,
        revision BIGINT NOT NULL REFERENCES revisions(revision),
        item_id BIGINT REFERENCES items(id),
        index_no TEXT,
        action TEXT NOT NULL CHECK (action IN ('add', 'update', 'withdraw', 'body')))""",
    "CREATE INDEX changes_revision ON changes (revision)",
]


def _redact(url):
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


class PostgresStore(Store):
    placeholder = "%s"

    def __init__(self, url, vocab=None):
        super().__init__(vocab)
        try:
            import psycopg
        except ImportError:
            raise ConfigError("PostgreSQL needs psycopg: pip install 'disclosure-catalogue[postgres]'") from None
        self._psycopg = psycopg
        self.url = url

    def __repr__(self):
        return f"PostgresStore({_redact(self.url)!r})"

    def _connect(self):
        try:
            return self._psycopg.connect(self.url)
        except self._psycopg.Error as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ConfigError(f"{_redact(self.url)}: cannot connect: {reason}") from None

    def _end_read(self, conn):
        # psycopg opens a transaction on the first statement; end it so the
        # next read sees commits made by other servers since.
        if conn.info.transaction_status != self._psycopg.pq.TransactionStatus.IDLE:
            conn.commit()

    def _begin_write(self, cur):
        self._end_read(cur.connection)
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITER_LOCK,))

    def _insert_returning_id(self, cur, sql, params):
        cur.execute(sql + " RETURNING id", params)
        return cur.fetchone()[0]

    def _migrations(self):
        return [_V1]
