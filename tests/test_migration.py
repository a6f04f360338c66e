"""A version-1 store (made with only the version-1 statements) migrates in place to version 2."""

import pytest

from catalogue import accounts, audit, workflow
from catalogue.errors import Conflict
from catalogue.pgstore import PostgresStore
from catalogue.schema import SCHEMA_VERSION
from catalogue.sqlite_store import SQLiteStore
from catalogue.stores import open_store
from staff_fixtures import PASSWORD

V1_BODIES = [
    (1, "黑龙江省人民政府", "省政府", "11230000001", None, "省"),
    (2, "哈尔滨市人民政府", "哈尔滨市政府", None, 1, "市"),
    (3, "宾县人民政府", "宾县政府", None, 2, "县"),
]
# (id, index_no, title, issuer_id, publish_date, status, withdrawn_reason, revision)
V1_ITEMS = [
    (1, "11230000001/2012-00001", "关于做好2012年政务公开工作的通知", 1, "2012-03-01", "published", None, 1),
    (2, "哈尔滨市政府/2012-00001", "哈尔滨市食品安全信息公开工作任务分解", 2, "2012-05-10", "withdrawn", "内容已过时", 2),
    (5, "宾县政府/2012-00001", "宾县2012年政府信息公开工作年度报告", 3, "2013-03-20", "published", None, 1),
]


# Every column version 1 had, read the same way before and after the migration.
ITEM_ROWS = ("SELECT id, index_no, title, issuer_id, doc_no, written_date, publish_date, year, topic, genre, "
             "keywords, summary, body, disclosure, validity, url, attachments, status, withdrawn_reason, "
             "created, updated, revision FROM items ORDER BY id")


def _v1_class(cls):
    class VersionOne(cls):
        def _migrations(self):
            return super()._migrations()[:1]
    return VersionOne


def _make_v1(target):
    """A store at schema version 1 holding bodies, items (one withdrawn), sequences and revisions."""
    store = (_v1_class(SQLiteStore)(target) if not target.startswith("postgresql")
             else _v1_class(PostgresStore)(target))
    store.migrate()
    sql = store.run_sql_for_tests
    for body in V1_BODIES:
        sql("INSERT INTO bodies (id, name, short, code, parent_id, level, created) "
            "VALUES (?, ?, ?, ?, ?, ?, '2012-01-01T00:00:00Z')", body)
    for rev in (1, 2):
        sql("INSERT INTO revisions (revision, at, actor, note) "
            "VALUES (?, '2012-06-01T00:00:00Z', 'import', ?)", (rev, f"import {rev}"))
    for id_, no, title, issuer, date, status, reason, rev in V1_ITEMS:
        sql("INSERT INTO items (id, index_no, title, issuer_id, publish_date, year, keywords, disclosure, "
            "validity, attachments, status, withdrawn_reason, created, updated, revision) "
            "VALUES (?, ?, ?, ?, ?, ?, '[\"政务公开\"]', '主动公开', '有效', '[]', ?, ?, "
            "'2012-06-01T00:00:00Z', '2012-06-01T00:00:00Z', ?)",
            (id_, no, title, issuer, date, int(date[:4]), status, reason, rev))
        sql("INSERT INTO changes (revision, item_id, index_no, action) VALUES (?, ?, ?, 'add')",
            (rev, id_, no))
    sql("INSERT INTO sequences (body_id, year, last) VALUES (3, 2012, 1)")
    if isinstance(store, SQLiteStore):
        # Ids up to 7 were handed out once (rows since rolled back elsewhere): never reuse them.
        sql("UPDATE sqlite_sequence SET seq = 7 WHERE name = 'items'")
    else:
        sql("SELECT setval('items_id_seq', 7)")
    try:
        assert store.schema_version() == 1
        return {"identity": store.identity(), "revisions": store.revisions(),
                "changes": store.changes_since(0), "items": sql(ITEM_ROWS)}
    finally:
        store.close()


@pytest.fixture(params=["sqlite", "postgres"])
def v1_target(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "catalogue.db")
    return request.getfixturevalue("pg_url")


def test_a_version_1_store_is_migrated_to_the_current_version_when_opened(v1_target):
    _make_v1(v1_target)
    with open_store(v1_target) as st:
        assert st.schema_version() == SCHEMA_VERSION == 3


def test_migrating_keeps_every_item_revision_change_and_the_stores_identity(v1_target):
    before = _make_v1(v1_target)
    with open_store(v1_target) as st:
        assert st.identity() == before["identity"]
        assert st.revisions() == before["revisions"] and st.changes_since(0) == before["changes"]
        assert st.run_sql_for_tests(ITEM_ROWS) == before["items"]
        withdrawn = st.get(V1_ITEMS[1][1])
        assert (withdrawn["status"], withdrawn["withdrawn_reason"], withdrawn["keywords"]) == (
            "withdrawn", "内容已过时", ["政务公开"])
        assert (withdrawn["submitted_by"], withdrawn["closed_reason"]) == (None, None)


def test_migrated_bodies_keep_their_tree_and_publish_without_review(v1_target):
    _make_v1(v1_target)
    with open_store(v1_target) as st:
        assert [(b["name"], b["parent"], b["review"]) for b in st.bodies()] == [
            ("黑龙江省人民政府", None, "optional"), ("哈尔滨市人民政府", "黑龙江省人民政府", "optional"),
            ("宾县人民政府", "哈尔滨市人民政府", "optional")]


def test_a_migrated_store_takes_drafts_and_keeps_numbering_and_ids_going(v1_target):
    _make_v1(v1_target)
    with open_store(v1_target) as st:
        editor = accounts.add_user(st, "binxian_editor", PASSWORD, body="宾县政府")
        draft = workflow.create(st, editor, {"title": "宾县2012年财政预算公开", "issuer": "宾县政府",
                                             "publish_date": "2012-08-01"}, status="draft")
        assert (draft["index_no"], draft["status"]) == ("宾县政府/2012-00002", "draft")
        assert draft["id"] == 8
        assert audit.entries(st, action="create")[0]["index_no"] == "宾县政府/2012-00002"


def test_a_migrated_store_has_an_append_only_audit_trail(v1_target):
    _make_v1(v1_target)
    with open_store(v1_target) as st:
        with st.transaction() as tx:
            audit.record(tx, "admin", "user_add")
        with pytest.raises(Conflict, match="append-only"):
            st.run_sql_for_tests("DELETE FROM audit")


def test_migrating_twice_changes_nothing(v1_target):
    _make_v1(v1_target)
    open_store(v1_target).close()
    with open_store(v1_target) as st:
        assert st.schema_version() == SCHEMA_VERSION and st.get(V1_ITEMS[1][1])["withdrawn_reason"] == "内容已过时"


def test_sqlite_enforces_foreign_keys_again_after_the_rebuild(tmp_path):
    target = str(tmp_path / "catalogue.db")
    _make_v1(target)
    with open_store(target) as st:
        with pytest.raises(Conflict, match="FOREIGN KEY"):
            st.run_sql_for_tests("INSERT INTO changes (revision, item_id, index_no, action) "
                                 "VALUES (99, 1, 'x', 'add')")


def test_a_migration_that_would_leave_a_dangling_reference_is_refused_and_changes_nothing(tmp_path):
    import sqlite3

    from catalogue.errors import ConfigError

    target = str(tmp_path / "catalogue.db")
    _make_v1(target)
    # The store refuses such a row itself; an older program or a hand edit may have left one.
    with sqlite3.connect(target) as raw:
        raw.execute("INSERT INTO changes (revision, item_id, index_no, action) VALUES (2, 99, '不存在/2012-1', 'add')")
    raw.close()
    with pytest.raises(ConfigError, match="dangling reference"):
        open_store(target)
    with sqlite3.connect(target) as raw:
        version = raw.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
    raw.close()
    assert version == "1"
