"""The store contract, run against SQLite and (when reachable) PostgreSQL."""

import multiprocessing
import sqlite3

import pytest

from catalogue import items
from catalogue.errors import Conflict, NoCatalogue, NotFound, ValidationError
from catalogue.schema import SCHEMA_VERSION
from catalogue.stores import open_store

BODIES = [
    {"name": "黑龙江省人民政府", "short": "省政府", "level": "省"},
    {"name": "黑龙江省人民政府办公厅", "short": "省政府办公厅", "level": "省", "parent": "黑龙江省人民政府"},
    {"name": "哈尔滨市人民政府", "short": "哈尔滨市政府", "level": "市", "parent": "黑龙江省人民政府"},
    {"name": "哈尔滨市道里区人民政府", "short": "道里区政府", "level": "县", "parent": "哈尔滨市人民政府"},
]


@pytest.fixture(params=["sqlite", "postgres"])
def target(request, tmp_path):
    """A fresh, empty store location for each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "catalogue.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(target):
    with open_store(target) as st:
        with st.transaction(actor="test") as tx:
            for body in BODIES:
                tx.add_body(body)
        yield st


def _item(store, **fields):
    raw = {"title": "关于做好2012年政务公开工作的通知", "issuer": "省政府办公厅",
           "publish_date": "2012-03-01"}
    raw.update(fields)
    return items.validate(raw, items.Context(lambda t: (store.resolve_body(t) or {}).get("name")))


def test_new_store_is_at_revision_zero_with_current_schema(target):
    with open_store(target) as st:
        assert st.revision() == 0
        assert st.schema_version() == SCHEMA_VERSION


def test_opening_only_an_existing_catalogue_refuses_an_empty_place(target):
    with pytest.raises(NoCatalogue, match="catalogue init"):
        open_store(target, create=False)


def test_opening_only_an_existing_catalogue_opens_one_made_before(target):
    open_store(target).close()
    with open_store(target, create=False) as st:
        assert st.schema_version() == SCHEMA_VERSION


def test_store_keeps_its_identity_when_reopened(target):
    with open_store(target) as st:
        first = st.identity()
    with open_store(target) as st:
        assert st.identity() == first and len(first) == 32


def test_store_made_again_in_the_same_place_has_another_identity(tmp_path):
    path = tmp_path / "catalogue.db"
    with open_store(str(path)) as st:
        first = st.identity()
    path.unlink()
    with open_store(str(path)) as st:
        assert st.identity() != first


def test_store_from_before_identities_gets_one_when_opened(tmp_path):
    path = tmp_path / "catalogue.db"
    open_store(str(path)).close()
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM meta WHERE key = 'store_id'")
    conn.close()
    with open_store(str(path)) as st:
        assert st.identity() and st.schema_version() == SCHEMA_VERSION


def test_reopening_a_store_keeps_its_items(target):
    with open_store(target) as st:
        with st.transaction() as tx:
            tx.add_body(BODIES[0])
            tx.put(_item(st, issuer="省政府", index_no="X/1"))
    with open_store(target) as st:
        assert st.get("X/1")["title"] == "关于做好2012年政务公开工作的通知"


def test_put_generates_index_numbers_per_body_and_year(store):
    with store.transaction() as tx:
        a = tx.put(_item(store))
        b = tx.put(_item(store))
        c = tx.put(_item(store, publish_date="2013-01-05"))
    assert (a["index_no"], b["index_no"], c["index_no"]) == (
        "省政府办公厅/2012-00001", "省政府办公厅/2012-00002", "省政府办公厅/2013-00001")


def test_generated_number_skips_one_typed_in_by_hand(store):
    with store.transaction() as tx:
        tx.put(_item(store, index_no="省政府办公厅/2012-00001"))
        generated = tx.put(_item(store))
    assert generated["index_no"] == "省政府办公厅/2012-00002"


def test_stored_item_reads_back_field_for_field(store):
    raw = _item(store, doc_no="黑政办发[2011]43号", keywords=["政务公开", "工作要点"],
                attachments=[{"name": "附件1", "url": "https://example.org/a.pdf"}],
                written_date="2012-02-20", topic=None, summary="概述", body="正文内容")
    with store.transaction() as tx:
        stored = tx.put(raw)
    got = store.get(stored["index_no"])
    for name in items.FIELD_NAMES:
        expected = stored["index_no"] if name == "index_no" else raw[name]
        assert got[name] == expected, name
    assert got["doc_no"] == "黑政办发〔2011〕43号"
    assert (got["status"], got["year"], got["revision"]) == ("published", 2012, store.revision())


def test_duplicate_index_no_is_a_conflict_and_rolls_back(store):
    with store.transaction() as tx:
        tx.put(_item(store, index_no="A/1"))
    before = (store.revision(), store.count())
    with pytest.raises(Conflict, match="A/1"):
        with store.transaction() as tx:
            tx.put(_item(store, index_no="A/2"))
            tx.put(_item(store, index_no="A/1"))
    assert (store.revision(), store.count()) == before
    assert store.get("A/2") is None


def test_replace_updates_in_place(store):
    with store.transaction() as tx:
        first = tx.put(_item(store, index_no="A/1"))
    with store.transaction() as tx:
        tx.put(_item(store, index_no="A/1", title="新标题"), replace=True)
    got = store.get("A/1")
    assert (got["id"], got["title"], got["created"]) == (first["id"], "新标题", first["created"])


def test_withdrawal_keeps_the_row_and_hides_it_from_published(store):
    with store.transaction() as tx:
        tx.put(_item(store, index_no="A/1"))
        tx.put(_item(store, index_no="A/2"))
    with store.transaction() as tx:
        tx.withdraw("A/1", reason="内容已失效")
    assert store.get("A/1")["status"] == "withdrawn"
    assert store.get("A/1")["withdrawn_reason"] == "内容已失效"
    assert [i["index_no"] for i in store.iter_items()] == ["A/2"]
    assert store.count() == 1 and store.count(None) == 2


def test_count_follows_each_commit_and_sees_its_own_transaction(store):
    assert (store.count(), store.count(None)) == (0, 0)
    with store.transaction() as tx:
        tx.put(_item(store, index_no="A/1"))
        assert store.count() == 1
    assert store.count() == 1
    with store.transaction() as tx:
        tx.put(_item(store, index_no="A/2"))
        tx.withdraw("A/1", reason="内容已失效")
    assert (store.count(), store.count(None), store.count("withdrawn")) == (1, 2, 1)


def test_withdrawing_twice_or_unknown_is_an_error(store):
    with store.transaction() as tx:
        tx.put(_item(store, index_no="A/1"))
        tx.withdraw("A/1")
    with pytest.raises(Conflict):
        with store.transaction() as tx:
            tx.withdraw("A/1")
    with pytest.raises(NotFound):
        with store.transaction() as tx:
            tx.withdraw("无此编号")


def test_revision_log_records_every_change_in_order(store):
    start = store.revision()
    with store.transaction(actor="张三", note="批量导入") as tx:
        tx.put(_item(store, index_no="A/1"))
        tx.put(_item(store, index_no="A/2"))
    with store.transaction() as tx:
        tx.put(_item(store, index_no="A/1", title="改"), replace=True)
    with store.transaction() as tx:
        tx.withdraw("A/2")
    changes = store.changes_since(start)
    assert [(c["revision"] - start, c["index_no"], c["action"]) for c in changes] == [
        (1, "A/1", "add"), (1, "A/2", "add"), (2, "A/1", "update"), (3, "A/2", "withdraw")]
    log = store.revisions(since=start)
    assert [(r["actor"], r["note"], r["changes"]) for r in log] == [
        ("张三", "批量导入", 2), (None, None, 1), (None, None, 1)]
    assert store.changes_since(start + 2) == changes[3:]


def test_transaction_without_changes_takes_no_revision(store):
    before = store.revision()
    with store.transaction():
        pass
    assert store.revision() == before


def test_on_commit_reports_the_new_revision_only_after_commit(store):
    seen = []
    store.on_commit(seen.append)
    with store.transaction() as tx:
        tx.put(_item(store))
    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            tx.put(_item(store))
            raise RuntimeError("abandon")
    assert seen == [store.revision()]


def test_on_commit_listener_stops_hearing_once_it_stops(store):
    seen = []
    stop = store.on_commit(seen.append)
    with store.transaction() as tx:
        tx.put(_item(store))
    stop()
    with store.transaction() as tx:
        tx.put(_item(store))
    assert seen == [store.revision() - 1]


def test_body_ancestors_and_resolution_by_short_name(store):
    assert store.body_ancestors("哈尔滨市道里区人民政府") == [
        "哈尔滨市道里区人民政府", "哈尔滨市人民政府", "黑龙江省人民政府"]
    assert store.resolve_body("哈尔滨市政府")["name"] == "哈尔滨市人民政府"
    assert store.resolve_body("不存在的机关") is None


def test_body_resolution_follows_registry_changes_and_hands_out_copies(store):
    store.resolve_body("道里区政府")["name"] = "改过的名字"
    assert store.resolve_body("道里区政府")["name"] == "哈尔滨市道里区人民政府"
    with store.transaction() as tx:
        tx.add_body({"name": "哈尔滨市道里区人民政府", "short": "道里区", "level": "县",
                     "parent": "哈尔滨市人民政府"}, replace=True)
    assert store.resolve_body("道里区")["name"] == "哈尔滨市道里区人民政府"
    assert store.resolve_body("道里区政府") is None


def test_body_with_unknown_parent_or_bad_level_is_rejected(store):
    with pytest.raises(ValidationError) as err:
        with store.transaction() as tx:
            tx.add_body({"name": "某县人民政府", "level": "区", "parent": "某市人民政府"})
    assert {p.field for p in err.value.problems} == {"level", "parent"}


def test_a_new_body_cannot_take_a_name_that_is_another_bodys_short_name(store):
    # 省政府 is 黑龙江省人民政府's short name: a body of that full name would
    # make every lookup of 省政府 ambiguous.
    with pytest.raises(ValidationError) as err:
        with store.transaction() as tx:
            tx.add_body({"name": "省政府", "level": "省"})
    assert [(p.field, p.message) for p in err.value.problems] == [
        ("name", '"省政府" already belongs to "黑龙江省人民政府"')]


def _import_worker(target, n, queue):
    with open_store(target) as st:
        made = []
        for _ in range(n):
            with st.transaction() as tx:
                made.append(tx.put(_item(st))["index_no"])
        queue.put(made)


def test_two_processes_generate_index_numbers_without_collision(store, target):
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_import_worker, args=(target, 25, queue)) for _ in range(2)]
    for p in procs:
        p.start()
    numbers = queue.get(timeout=120) + queue.get(timeout=120)
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert len(numbers) == 50 and len(set(numbers)) == 50
    assert store.count() == 50


# -- searched queries (catalogue.searchlog) -------------------------------------------------

def test_searched_queries_add_up_per_query_over_the_days_asked(store):
    import datetime as dt
    from catalogue.searchlog import SearchCounter
    counter = SearchCounter(store, flush_seconds=3600)
    day = dt.date(2024, 5, 10)
    for query, back in [("政务公开", 0), ("政务公开", 1), ("政务公开", 9), ("低保", 0), ("低保", 0)]:
        counter.count(query, day - dt.timedelta(days=back))
    week = counter.top(day - dt.timedelta(days=6), 10)
    month = counter.top(day - dt.timedelta(days=29), 10)
    assert [(r["query"], r["count"]) for r in week] == [("低保", 2), ("政务公开", 2)]
    assert [(r["query"], r["count"]) for r in month] == [("政务公开", 3), ("低保", 2)]


def test_a_hidden_query_leaves_the_top_list_and_comes_back_when_shown(store):
    import datetime as dt
    from catalogue import audit, searchlog
    counter = searchlog.SearchCounter(store)
    day = dt.date(2024, 5, 10)
    for _ in range(3):
        counter.count("政务公开", day)
    searchlog.hide(store, "政务公开", "admin")
    assert counter.top(day, 10) == []
    assert counter.top(day, 10, hidden=True) == [{"query": "政务公开", "count": 3, "hidden": True}]
    searchlog.show(store, "政务公开", "admin")
    assert [r["query"] for r in counter.top(day, 10)] == ["政务公开"]
    assert [e["action"] for e in audit.entries(store, limit=2)] == ["query_show", "query_hide"]


def test_the_search_counts_hold_only_query_day_and_count(store):
    import datetime as dt
    from catalogue.searchlog import SearchCounter
    counter = SearchCounter(store)
    counter.count("政务公开", dt.date(2024, 5, 10))
    counter.flush()
    assert store.run_sql_for_tests("SELECT * FROM search_counts") == [("政务公开", "2024-05-10", 1)]


# -- synonym groups (catalogue.synonymstore) -------------------------------------------------

def test_synonym_groups_are_seeded_once_then_edited_with_a_revision_and_an_audit_entry(store):
    from catalogue import audit, synonymstore
    assert synonymstore.seed(store, [["低保", "最低生活保障"]]) is True
    assert synonymstore.seed(store, [["网络", "网路"]]) is False
    revision = store.revision()
    group = synonymstore.add(store, ["收支计划", "预算", "预算"], "admin")
    assert [g["terms"] for g in synonymstore.groups(store)] == [["低保", "最低生活保障"], ["收支计划", "预算"]]
    assert store.revision() == revision + 1
    synonymstore.remove(store, group, "admin")
    assert synonymstore.replace(store, [["住建厅", "住房和城乡建设厅"]], "admin") == 1
    assert [g["terms"] for g in synonymstore.groups(store)] == [["住建厅", "住房和城乡建设厅"]]
    assert [e["details"] for e in audit.entries(store, action="synonyms_edit")] == [
        {"imported": 1}, {"removed": ["收支计划", "预算"]}, {"added": ["收支计划", "预算"]}]


def test_the_change_log_after_a_revision_is_read_through_its_revision_index(tmp_path):
    # Read in seq order instead, SQLite scanned the whole log: 80 ms a call at a million items.
    from catalogue.store import CHANGES_SINCE

    with open_store(str(tmp_path / "catalogue.db")) as st:
        plan = " ".join(str(row) for row in st.run_sql_for_tests("EXPLAIN QUERY PLAN " + CHANGES_SINCE, (0,)))
    assert "changes_revision" in plan and "SCAN changes" not in plan, plan
