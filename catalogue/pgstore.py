"""The PostgreSQL store, for several servers sharing one catalogue.

Same interface and SQL as the SQLite store. Writers serialise on a
transaction-level advisory lock, so revisions are committed in order and a
follower reading ``changes_since`` never sees revision N+1 before N.

What can go wrong: psycopg missing (install the ``postgres`` extra) or a
server that cannot be reached: both ``ConfigError`` naming the URL (with the
password hidden).
"""

from contextlib import contextmanager

from .errors import ConfigError, StoreUnavailable, first_line
from .outage import Remembered
from .schema import PG_AUDIT_V2, PG_ITEMS_V2, SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_VERSION
from .store import Store
from .targets import shown_target

# Any constant works; it only has to be the same for every writer.
_WRITER_LOCK = 7_202_012



class PostgresStore(Store):
    placeholder = "%s"

    def __init__(self, url, vocab=None):
        super().__init__(vocab)
        try:
            import psycopg
        except ImportError:
            raise ConfigError("PostgreSQL needs psycopg: pip install 'disclosure-catalogue[postgres]'") from None
        self._psycopg = psycopg
        self.driver_error = psycopg.Error
        self.url = url
        self._channel_name = None
        self._reached = False           # connected once: a failure since is an outage, not a bad URL
        self._remembered = Remembered()

    def __repr__(self):
        return f"PostgresStore({shown_target(self.url)!r})"

    @property
    def where(self):
        """The store as messages name it: its URL, the password hidden."""
        return shown_target(self.url)

    def _disk_full(self, exc):
        # SQLSTATE 53100 (disk_full); the server rolled the transaction back.
        return getattr(exc, "sqlstate", None) == "53100"

    def _connect(self):
        try:
            conn = self._psycopg.connect(self.url, connect_timeout=5)
        except self._psycopg.Error as exc:
            if self._reached:
                raise StoreUnavailable(self.where, first_line(exc)) from None
            raise ConfigError(f"{shown_target(self.url)}: cannot connect: {first_line(exc)}") from None
        self._reached = True
        return conn

    # -- an outage (a restart, a cut): StoreUnavailable, reads answered from what was last read --
    def _lost(self, exc):
        """Whether the driver's ``exc`` says the server went away (SQLSTATE class 08, 57P) rather than a bug."""
        state = getattr(exc, "sqlstate", None) or ""
        return isinstance(exc, self._psycopg.OperationalError) and (
            not state or state.startswith(("08", "57P")))

    @contextmanager
    def _reachable(self):
        try:
            yield
        except self._psycopg.Error as exc:
            if not self._lost(exc):
                raise
            raise StoreUnavailable(self.where, first_line(exc)) from None

    def _query(self, sql, params=()):
        with self._reachable():
            return super()._query(sql, params)

    @contextmanager
    def transaction(self, actor=None, note=None):
        # The server rolls back a transaction whose connection went: nothing is half-written.
        with self._reachable(), super().transaction(actor, note) as tx:
            yield tx

    def migrate(self):
        super().migrate()
        # Remembered from the start, so that an outage before the first request still has them
        # (a subclass stopping at an older schema, as the migration tests make, has no registry to read).
        if self.schema_version() == SCHEMA_VERSION:
            self.last_change()
            self.bodies()

    def revision(self):
        return self._remembered.value("revision", super().revision)

    def last_change(self):
        return self._remembered.value("last_change", super().last_change)

    def _registry(self):
        return self._remembered.value("registry", super()._registry)

    def get_many(self, ids):
        return self._remembered.items(list(ids), super().get_many)

    def _end_read(self, conn):
        # psycopg opens a transaction on the first statement; end it so the
        # next read sees commits made by other servers since.
        if conn.info.transaction_status != self._psycopg.pq.TransactionStatus.IDLE:
            conn.commit()

    def _begin_write(self, cur):
        self._end_read(cur.connection)
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITER_LOCK,))

    def _stale(self, conn):
        # psycopg marks a connection broken once the server went away (a
        # restart, a network cut); a new one is made on the next query.
        return conn.closed or conn.broken

    # -- other servers' commits: NOTIFY in each write, LISTEN in catalogue.watching --
    listens = True

    def _channel(self, conn):
        """The NOTIFY channel of this catalogue: one per schema, so catalogues in one database keep apart."""
        if self._channel_name is None:
            with conn.cursor() as cur:
                cur.execute("SELECT current_schema()")
                self._channel_name = "catalogue_" + (cur.fetchone()[0] or "public")
        return self._channel_name

    def _announce(self, cur, revision):
        # Delivered by PostgreSQL at commit, never for a transaction rolled back.
        cur.execute("SELECT pg_notify(%s, %s)", (self._channel(cur.connection), str(revision)))

    def listening_connection(self):
        """A new connection listening on this catalogue's channel (``catalogue.watching``)."""
        conn = self._psycopg.connect(self.url, autocommit=True, connect_timeout=5)
        try:
            channel = self._channel(conn)
            conn.execute(self._psycopg.sql.SQL("LISTEN {}").format(self._psycopg.sql.Identifier(channel)))
        except BaseException:
            conn.close()
            raise
        return conn

    def notified(self, conn, timeout):
        """Wait up to ``timeout`` s on a ``listening_connection``; True if a commit was announced."""
        # ``stop_after=1``: back as soon as one arrives; the others queued are read by the next call.
        return any(True for _ in conn.notifies(timeout=timeout, stop_after=1))

    def _insert_returning_id(self, cur, sql, params):
        cur.execute(sql + " RETURNING id", params)
        return cur.fetchone()[0]

    # -- catalogue.copying: a whole catalogue written with its ids --------------------
    def _after_copy(self, cur):
        # Rows came with their ids: each serial column goes on after the highest.
        for table, column in (("bodies", "id"), ("users", "id"), ("items", "id"), ("changes", "seq"),
                              ("tokens", "id"), ("login_failures", "id"), ("audit", "id"),
                              ("synonym_groups", "id")):
            cur.execute(f"SELECT setval(pg_get_serial_sequence(%s, %s), "
                        f"COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)", (table, column))

    def _empty_audit(self, cur):
        # Only a replacing copy may: the append-only trigger is off for this one statement.
        cur.execute("ALTER TABLE audit DISABLE TRIGGER audit_no_update_or_delete")
        cur.execute("DELETE FROM audit")
        cur.execute("ALTER TABLE audit ENABLE TRIGGER audit_no_update_or_delete")

    def has_schema(self):
        # to_regclass follows the search_path, so a schema chosen in the URL counts.
        return self._query("SELECT to_regclass('meta') IS NOT NULL")[0][0]

    def _migrations(self):
        steps = [SCHEMA_V1, PG_ITEMS_V2 + SCHEMA_V2 + PG_AUDIT_V2, SCHEMA_V3]
        return [[s.format(pk="BIGSERIAL PRIMARY KEY", ref="BIGINT") for s in step] for step in steps]
