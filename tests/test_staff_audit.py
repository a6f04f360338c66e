"""/staff/audit: the audit trail for staff, scoped to their bodies, filtered, paged, and never changed."""

import pytest

from catalogue import accounts, audit, workflow
from catalogue.errors import Conflict
from staff_fixtures import BINXIAN, finance_item, item
from staff_web_fixtures import login, staff_app  # noqa: F401 (fixture)
from web_fixtures import client_for

OLD_TITLE = "宾县2012年政府信息公开工作年度报告"
NEW_TITLE = "宾县2012年政府信息公开工作年度报告（修订稿）"


def _user(app, name):
    return accounts.get_user(app.store, name)


def _edited_item(app):
    """An item of 宾县 made and retitled by harbin_editor through the workflow; its index number."""
    editor = _user(app, "harbin_editor")
    made = workflow.create(app.store, editor, item(title=OLD_TITLE), status="draft")
    workflow.edit(app.store, editor, made["index_no"], item(title=NEW_TITLE))
    return made["index_no"]


def _entries(page):
    return page.html.select("ol.audit > li")


def _changes(entry):
    """An entry's changed fields as {label: (old, new)}."""
    rows = entry.select("table.audit-changes tbody tr")
    return {row.th.get_text(strip=True): tuple(td.get_text(strip=True) for td in row.select("td"))
            for row in rows}


def test_an_admin_sees_an_edits_old_and_new_title(staff_app):
    index_no = _edited_item(staff_app)
    page = login(staff_app, "admin").get("/staff/audit")
    edit = next(e for e in _entries(page) if e.select_one(".audit-action").get_text() == "修改")
    assert _changes(edit)["标题"] == (OLD_TITLE, NEW_TITLE)
    assert index_no in edit.select_one(".audit-meta").get_text()
    assert page.headers["Cache-Control"] == "no-store"


def test_the_edit_reads_in_english_too(staff_app):
    _edited_item(staff_app)
    page = login(staff_app, "admin").get("/staff/audit", {"lang": "en", "action": "edit"})
    (edit,) = _entries(page)
    assert edit.select_one(".audit-action").get_text() == "edited"
    assert _changes(edit)["Title"] == (OLD_TITLE, NEW_TITLE)


def test_a_city_editor_sees_only_their_bodies_entries(staff_app):
    binxian = _edited_item(staff_app)
    finance = workflow.create(staff_app.store, _user(staff_app, "finance_editor"), finance_item(),
                              status="draft")["index_no"]
    page = login(staff_app, "harbin_editor").get("/staff/audit")
    shown = {e.select_one(".audit-meta a").get_text() for e in _entries(page) if e.select_one(".audit-meta a")}
    assert shown == {binxian}
    assert finance not in page.text and "finance_editor" not in page.text
    assert "哈尔滨市人民政府及其下级机构" in page.html.select_one("main > p").get_text()


def test_an_admin_sees_every_bodys_entries(staff_app):
    binxian = _edited_item(staff_app)
    finance = workflow.create(staff_app.store, _user(staff_app, "finance_editor"), finance_item(),
                              status="draft")["index_no"]
    page = login(staff_app, "admin").get("/staff/audit", {"action": "create"})
    assert {e.select_one(".audit-meta a").get_text() for e in _entries(page)} == {binxian, finance}


def test_an_anonymous_visitor_is_sent_to_the_login_page_and_shown_nothing(staff_app):
    _edited_item(staff_app)
    answer = client_for(staff_app).get("/staff/audit?action=edit", status=303)
    assert "/staff/login?next=" in answer.location and "%2Fstaff%2Faudit" in answer.location
    assert OLD_TITLE not in answer.text


def test_filters_by_user_action_and_index_number(staff_app):
    index_no = _edited_item(staff_app)
    other = workflow.create(staff_app.store, _user(staff_app, "harbin_reviewer"),
                            item(title="宾县2012年财政预算公开说明"), status="draft")["index_no"]
    client = login(staff_app, "admin")
    by_user = client.get("/staff/audit", {"user": "harbin_reviewer"})
    assert [(e.select_one(".audit-head strong").get_text(), e.select_one(".audit-action").get_text())
            for e in _entries(by_user)] == [("harbin_reviewer", "新建")]
    history = client.get("/staff/audit", {"index_no": index_no})
    assert [e.select_one(".audit-action").get_text() for e in _entries(history)] == ["修改", "新建"]
    assert other not in history.text
    logins = client.get("/staff/audit", {"action": "login"})
    assert [e.select_one(".audit-head strong").get_text() for e in _entries(logins)] == ["admin"]


def test_the_dates_are_days_in_beijing_time_both_included(staff_app):
    _edited_item(staff_app)
    client = login(staff_app, "admin")
    day = client.get("/staff/audit", {"action": "edit"}).html.select_one("ol.audit time").get_text()[:10]
    assert len(_entries(client.get("/staff/audit", {"action": "edit", "since": day, "until": day}))) == 1
    later = client.get("/staff/audit", {"action": "edit", "since": "2099-01-01"})
    assert _entries(later) == [] and "没有符合条件的记录" in later.text


def test_a_date_that_is_no_date_is_shown_beside_its_field(staff_app):
    page = login(staff_app, "admin").get("/staff/audit", {"since": "去年"}, status=400)
    field = page.html.select_one("#audit-since")
    assert field["aria-invalid"] == "true"
    assert "“去年”不是日期" in page.html.select_one("#audit-since-error").get_text()
    assert _entries(page) == []


def test_the_trail_is_paged_newest_first(staff_app):
    for n in range(55):
        accounts.create_token(staff_app.store, "admin", label=f"接口{n}", actor="admin")
    client = login(staff_app, "admin")
    first = client.get("/staff/audit", {"action": "token_create"})
    labels = [e.select_one(".audit-meta").get_text() for e in _entries(first)]
    assert len(labels) == 50 and "接口54" in labels[0]
    older = first.html.select_one(".pages a[rel=next]")["href"]
    second = client.get(older)
    assert len(_entries(second)) == 5 and "接口0" in _entries(second)[-1].get_text()
    assert second.html.select_one(".pages a[rel=prev]") is not None
    assert second.html.select_one(".pages a[rel=next]") is None


@pytest.mark.parametrize("method", ["put", "post", "delete", "patch"])
def test_no_request_changes_the_trail(staff_app, method):
    _edited_item(staff_app)
    client = login(staff_app, "admin")
    before = audit.entries(staff_app.store)
    answer = getattr(client, method)("/staff/audit", {"id": before[0]["id"]}, expect_errors=True)
    assert answer.status_int in (404, 405)
    assert audit.entries(staff_app.store) == before


def test_the_store_refuses_to_rewrite_an_entry(staff_app):
    _edited_item(staff_app)
    with pytest.raises(Conflict, match="append-only"):
        staff_app.store.run_sql_for_tests("UPDATE audit SET details = NULL WHERE action = 'edit'")
    (edit,) = audit.entries(staff_app.store, action="edit")
    assert edit["details"]["changes"]["title"] == [OLD_TITLE, NEW_TITLE]


def test_a_long_changed_text_is_folded_away(staff_app):
    editor = _user(staff_app, "harbin_editor")
    made = workflow.create(staff_app.store, editor, item(body="旧的正文。" * 60), status="draft")
    workflow.edit(staff_app.store, editor, made["index_no"], item(body="新的正文。" * 60))
    page = login(staff_app, "admin").get("/staff/audit", {"action": "edit"})
    old, new = page.html.select("table.audit-changes td details")
    assert old.p.get_text() == "旧的正文。" * 60 and len(old.summary.get_text()) < 100
    assert new.p.get_text() == "新的正文。" * 60
    assert BINXIAN in page.text
