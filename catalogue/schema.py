"""The catalogue's tables: the SQL schema, one list of statements per version.

``Store.migrate`` applies the steps a store has not had yet, in order; each
backend fills in its key types. A new version appends a list here (never
edits an old one: stores made with it have already run it) and raises
``SCHEMA_VERSION``. A new store runs every step from version 1, so each
migration is exercised by every test that makes a store.

Version 2 changes the items table per dialect (``SQLITE_ITEMS_V2``,
``PG_ITEMS_V2``) and makes the audit trail append-only with triggers.
Version 3 (``SCHEMA_V3``) counts searched queries per day, the queries staff
hid from the hot list, and the synonym groups staff edit.

What can go wrong: nothing here; a store newer than ``SCHEMA_VERSION`` is
refused by ``Store.migrate`` (``Conflict``).
"""

SCHEMA_VERSION = 3

# The schema, one list of statements per version; each dialect fills in its
# key types ({pk}: an auto-numbered primary key, {ref}: a reference to one).
SCHEMA_V1 = [
    """CREATE TABLE bodies (
        id {pk},
        name TEXT NOT NULL UNIQUE,
        short TEXT UNIQUE,
        code TEXT UNIQUE,
        parent_id {ref} REFERENCES bodies(id),
        level TEXT NOT NULL CHECK (level IN ('省', '市', '县', '乡')),
        created TEXT NOT NULL)""",
    """CREATE TABLE items (
        id {pk},
        index_no TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        issuer_id {ref} NOT NULL REFERENCES bodies(id),
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
        revision {ref} NOT NULL)""",
    "CREATE INDEX items_status ON items (status, id)",
    "CREATE INDEX items_issuer ON items (issuer_id)",
    """CREATE TABLE sequences (
        body_id {ref} NOT NULL REFERENCES bodies(id),
        year INTEGER NOT NULL,
        last INTEGER NOT NULL,
        PRIMARY KEY (body_id, year))""",
    """CREATE TABLE revisions (
        revision {ref} PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT,
        note TEXT)""",
    """CREATE TABLE changes (
        seq {pk},
        revision {ref} NOT NULL REFERENCES revisions(revision),
        item_id {ref} REFERENCES items(id),
        index_no TEXT,
        action TEXT NOT NULL CHECK (action IN ('add', 'update', 'withdraw', 'body')))""",
    "CREATE INDEX changes_revision ON changes (revision)",
]

# Version 2 (staff): accounts, sessions, tokens, login failures, the audit
# trail, each body's review setting and the item's workflow columns. The
# statements both dialects share; the items table changes per dialect below.
SCHEMA_V2 = [
    """ALTER TABLE bodies ADD COLUMN review TEXT NOT NULL DEFAULT 'optional'
        CHECK (review IN ('optional', 'required'))""",
    """CREATE TABLE users (
        id {pk},
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('editor', 'reviewer', 'admin')),
        body_id {ref} REFERENCES bodies(id),
        password TEXT NOT NULL,
        created TEXT NOT NULL,
        password_changed TEXT NOT NULL,
        disabled_at TEXT,
        CHECK ((role = 'admin' AND body_id IS NULL) OR (role <> 'admin' AND body_id IS NOT NULL)))""",
    """CREATE TABLE tokens (
        id {pk},
        user_id {ref} NOT NULL REFERENCES users(id),
        hash TEXT NOT NULL UNIQUE,
        label TEXT,
        created TEXT NOT NULL,
        last_used TEXT,
        revoked_at TEXT)""",
    "CREATE INDEX tokens_user ON tokens (user_id)",
    """CREATE TABLE sessions (
        hash TEXT PRIMARY KEY,
        user_id {ref} NOT NULL REFERENCES users(id),
        csrf TEXT NOT NULL,
        created TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        expires TEXT NOT NULL,
        address TEXT)""",
    "CREATE INDEX sessions_user ON sessions (user_id)",
    """CREATE TABLE login_failures (
        id {pk},
        name TEXT,
        address TEXT,
        at TEXT NOT NULL)""",
    "CREATE INDEX login_failures_name ON login_failures (name, at)",
    "CREATE INDEX login_failures_address ON login_failures (address, at)",
    "CREATE INDEX login_failures_at ON login_failures (at)",
    # No foreign keys: the trail outlives whatever it names.
    """CREATE TABLE audit (
        id {pk},
        at TEXT NOT NULL,
        actor TEXT,
        address TEXT,
        action TEXT NOT NULL,
        item_id {ref},
        index_no TEXT,
        body TEXT,
        details TEXT)""",
    "CREATE INDEX audit_actor ON audit (actor, id)",
    "CREATE INDEX audit_body ON audit (body, id)",
    "CREATE INDEX audit_at ON audit (at)",
]

# Version 3 (search): searched queries per day (the query folded, nothing
# about who searched), queries hidden from the hot list, synonym groups
# (``terms`` a JSON list, ``position`` their order in the export).
SCHEMA_V3 = [
    """CREATE TABLE search_counts (
        query TEXT NOT NULL,
        day TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (query, day))""",
    "CREATE INDEX search_counts_day ON search_counts (day)",
    """CREATE TABLE hidden_queries (
        query TEXT PRIMARY KEY,
        hidden_by TEXT,
        hidden_at TEXT NOT NULL)""",
    """CREATE TABLE synonym_groups (
        id {pk},
        position INTEGER NOT NULL,
        terms TEXT NOT NULL)""",
]

ITEM_STATUSES_V2 = ("draft", "submitted", "rejected", "published", "withdrawn")
_STATUS_CHECK_V2 = "CHECK (status IN ({}))".format(", ".join(f"'{s}'" for s in ITEM_STATUSES_V2))
# The workflow columns version 2 adds to items (all nullable text).
ITEM_COLUMNS_V2 = ("submitted_by", "submitted_at", "reviewed_by", "reviewed_at", "review_comment",
                   "secrecy_checked_by", "closed_reason", "validity_changed", "change_note")
_V1_ITEM_COLUMNS = ("id, index_no, title, issuer_id, doc_no, written_date, publish_date, year, "
                    "topic, genre, keywords, summary, body, disclosure, validity, url, attachments, "
                    "status, withdrawn_reason, created, updated, revision")


def _items_v2_table():
    """Version 1's items table (never edited, so safe to start from) with the version 2 changes."""
    v1 = SCHEMA_V1[1]
    old_check = "CHECK (status IN ('published', 'withdrawn'))"
    if not (v1.startswith("CREATE TABLE items (") and old_check in v1 and v1.endswith(")")):
        raise RuntimeError("SCHEMA_V1's items table was edited; version 2 is built from it")
    columns = "".join(f",\n        {c} TEXT" for c in ITEM_COLUMNS_V2)
    return (v1.replace("CREATE TABLE items (", "CREATE TABLE items_v2 (", 1)
            .replace(old_check, _STATUS_CHECK_V2, 1)[:-1] + columns + ")")


# SQLite cannot change a CHECK in place: the table is rebuilt (the steps of
# SQLite's "making other kinds of table schema changes", with foreign key
# enforcement off around the migration and checked before it commits; see
# SQLiteStore). Ids are copied, and the AUTOINCREMENT counter with them, so no
# id a follower holds is ever given to another item.
SQLITE_ITEMS_V2 = [
    _items_v2_table(),
    f"INSERT INTO items_v2 ({_V1_ITEM_COLUMNS}) SELECT {_V1_ITEM_COLUMNS} FROM items",
    "DELETE FROM sqlite_sequence WHERE name = 'items_v2'",
    "INSERT INTO sqlite_sequence (name, seq) "
    "SELECT 'items_v2', seq FROM sqlite_sequence WHERE name = 'items'",
    "DROP TABLE items",
    "ALTER TABLE items_v2 RENAME TO items",
    "CREATE INDEX items_status ON items (status, id)",
    "CREATE INDEX items_issuer ON items (issuer_id)",
]
SQLITE_AUDIT_V2 = [
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""",
    """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""",
]

# PostgreSQL changes the table in place; the column CHECK of version 1 got
# PostgreSQL's default name, items_status_check.
PG_ITEMS_V2 = [
    "ALTER TABLE items " + ", ".join(f"ADD COLUMN {c} TEXT" for c in ITEM_COLUMNS_V2)
    + ", DROP CONSTRAINT items_status_check, ADD CONSTRAINT items_status_check " + _STATUS_CHECK_V2,
]
PG_AUDIT_V2 = [
    """CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$""",
    """CREATE TRIGGER audit_no_update_or_delete BEFORE UPDATE OR DELETE ON audit
        FOR EACH ROW EXECUTE FUNCTION audit_append_only()""",
    """CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
        FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()""",
]
