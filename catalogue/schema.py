"""The catalogue's tables: the SQL schema, one list of statements per version.

``Store.migrate`` applies the steps a store has not had yet, in order; each
backend fills in its key types. A new version appends a list here (never
edits an old one: stores made with it have already run it) and raises
``SCHEMA_VERSION``.

What can go wrong: nothing here; a store newer than ``SCHEMA_VERSION`` is
refused by ``Store.migrate`` (``Conflict``).
"""

SCHEMA_VERSION = 1

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
