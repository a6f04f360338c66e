"""The audit trail: written with each change, read newest first, refused any edit by the database."""

import datetime as dt

import pytest

from catalogue import audit
from catalogue.errors import Conflict
from catalogue.stores import open_store


@pytest.fixture(params=["sqlite", "postgres"])
def any_store(request, tmp_path):
    if request.param == "sqlite":
        target = str(tmp_path / "catalogue.db")
    else:
        target = request.getfixturevalue("pg_url")
    with open_store(target) as st:
        with st.transaction(actor="test") as tx:
            tx.add_body({"name": "黑龙江省人民政府", "short": "省政府", "level": "省"})
            tx.add_body({"name": "哈尔滨市人民政府", "level": "市", "parent": "黑龙江省人民政府"})
        yield st


def _record(store, actor, action, **fields):
    with store.transaction(actor=actor) as tx:
        return audit.record(tx, actor, action, **fields)


@pytest.mark.parametrize("statement", [
    "UPDATE audit SET actor = 'someone_else'",
    "DELETE FROM audit",
])
def test_an_audit_entry_cannot_be_changed_or_deleted_even_with_sql(any_store, statement):
    _record(any_store, "admin", "user_add", details={"user": "zhang_wei"})
    with pytest.raises(Conflict, match="append-only"):
        any_store.run_sql_for_tests(statement)
    assert [(e["actor"], e["details"]) for e in audit.entries(any_store)] == [
        ("admin", {"user": "zhang_wei"})]


def test_postgres_refuses_emptying_the_audit_trail_at_once(pg_url):
    with open_store(pg_url) as st:
        with pytest.raises(Conflict, match="append-only"):
            st.run_sql_for_tests("TRUNCATE audit")


def test_an_entry_rolls_back_with_the_change_it_belongs_to(any_store):
    with pytest.raises(RuntimeError):
        with any_store.transaction(actor="admin") as tx:
            audit.record(tx, "admin", "user_add")
            raise RuntimeError("the change failed")
    assert audit.entries(any_store) == []


def test_entries_come_newest_first_with_who_where_and_what(any_store):
    _record(any_store, "zhang_wei", "login", address="10.0.0.8", body="哈尔滨市人民政府")
    _record(any_store, "zhang_wei", "create", index_no="哈尔滨市政府/2012-00001", body="哈尔滨市人民政府",
            details={"status": "draft"})
    newest = audit.entries(any_store)[0]
    assert {k: newest[k] for k in ("actor", "action", "index_no", "body", "details")} == {
        "actor": "zhang_wei", "action": "create", "index_no": "哈尔滨市政府/2012-00001",
        "body": "哈尔滨市人民政府", "details": {"status": "draft"}}
    assert newest["at"].endswith("Z")
    assert [e["action"] for e in audit.entries(any_store)] == ["create", "login"]


def test_entries_filter_by_user_body_date_and_count(store):
    _record(store, "zhang_wei", "login", body="哈尔滨市人民政府")
    _record(store, "li_na", "login", body="黑龙江省财政厅")
    _record(store, "admin", "user_add", body="黑龙江省财政厅")
    assert [e["actor"] for e in audit.entries(store, user="zhang_wei")] == ["zhang_wei"]
    assert [e["actor"] for e in audit.entries(store, bodies={"黑龙江省财政厅"})] == ["admin", "li_na"]
    assert audit.entries(store, bodies=set()) == []
    assert [e["actor"] for e in audit.entries(store, limit=1)] == ["admin"]
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    assert audit.entries(store, since=tomorrow) == []
    assert len(audit.entries(store, since=dt.date.today() - dt.timedelta(days=1))) == 3


def test_an_unknown_action_is_a_programming_error(store):
    with pytest.raises(ValueError):
        _record(store, "admin", "delete_everything")
