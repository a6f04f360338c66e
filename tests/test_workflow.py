"""The item's life: states, four-eyes review, change notes, scheduling, 不予公开, staff imports."""

import datetime as dt

import pytest

from catalogue import audit, workflow
from catalogue.clock import china_today
from catalogue.errors import Conflict, Forbidden, ValidationError
from catalogue.importer import ImportRefused, import_files
from catalogue.items import STAFF_FIELDS, public_view
from staff_fixtures import BINXIAN, FINANCE, finance_item, item, staff  # noqa: F401


def _fields(exc):
    return [p.field for p in exc.value.problems]


def test_with_review_required_an_editors_item_waits_for_a_reviewer(store, staff):
    stored = workflow.create(store, staff["finance_editor"], finance_item(), secrecy_checked_by="王芳")
    assert (stored["status"], stored["submitted_by"]) == ("submitted", "finance_editor")
    assert [i["index_no"] for i in workflow.queue(store, staff["finance_reviewer_a"])] == [stored["index_no"]]


def test_with_review_required_its_own_submitter_cannot_approve_it(store, staff):
    reviewer = staff["finance_reviewer_a"]
    stored = workflow.create(store, reviewer, finance_item(), secrecy_checked_by="王芳")
    with pytest.raises(Forbidden, match="nobody approves an item they submitted"):
        workflow.approve(store, reviewer, stored["index_no"])
    assert store.get(stored["index_no"])["status"] == "submitted"


def test_with_review_required_another_reviewer_approves_it(store, staff):
    stored = workflow.create(store, staff["finance_reviewer_a"], finance_item(), secrecy_checked_by="王芳")
    approved = workflow.approve(store, staff["finance_reviewer_b"], stored["index_no"])
    assert (approved["status"], approved["reviewed_by"]) == ("published", "finance_reviewer_b")


def test_a_reviewer_does_not_see_their_own_submission_in_the_queue_where_review_is_required(store, staff):
    workflow.create(store, staff["finance_reviewer_a"], finance_item(), secrecy_checked_by="王芳")
    assert workflow.queue(store, staff["finance_reviewer_a"]) == []


def test_where_review_is_optional_an_editors_item_is_published_at_once(store, staff):
    stored = workflow.create(store, staff["harbin_editor"], item(), secrecy_checked_by="李明")
    assert stored["status"] == "published"


def test_a_draft_stays_a_draft_and_needs_no_confidentiality_check(store, staff):
    stored = workflow.create(store, staff["harbin_editor"], item(), status="draft")
    assert stored["status"] == "draft" and stored["index_no"] == "宾县政府/2012-00001"


def test_submitting_or_publishing_needs_who_did_the_confidentiality_check(store, staff):
    with pytest.raises(ValidationError) as exc:
        workflow.create(store, staff["harbin_editor"], item())
    assert _fields(exc) == ["secrecy_checked_by"]


def test_the_audit_shows_the_old_and_new_title_after_an_edit(store, staff):
    editor = staff["harbin_editor"]
    stored = workflow.create(store, editor, item(), status="draft")
    workflow.edit(store, editor, stored["index_no"], item(title="宾县2012年政府信息公开工作年度报告（修订）"))
    entry = audit.entries(store, action="edit")[0]
    assert entry["details"]["changes"] == {
        "title": ["宾县2012年政府信息公开工作年度报告", "宾县2012年政府信息公开工作年度报告（修订）"]}
    assert (entry["actor"], entry["index_no"], entry["body"]) == (
        "harbin_editor", stored["index_no"], BINXIAN)


def test_a_published_item_changes_only_with_a_change_note_unless_minor(store, staff):
    editor = staff["harbin_editor"]
    no = workflow.create(store, editor, item(), secrecy_checked_by="李明")["index_no"]
    with pytest.raises(ValidationError) as exc:
        workflow.edit(store, editor, no, item(summary="新增概述"))
    assert _fields(exc) == ["change_note"]
    noted = workflow.edit(store, editor, no, item(summary="新增概述"), change_note="补充内容概述")
    assert noted["change_note"] == "补充内容概述"
    assert workflow.edit(store, editor, no, item(summary="新增概述。"), minor=True)["summary"] == "新增概述。"


def test_changing_validity_records_the_date_it_changed(store, staff):
    editor = staff["harbin_editor"]
    no = workflow.create(store, editor, item(), secrecy_checked_by="李明")["index_no"]
    edited = workflow.edit(store, editor, no, item(validity="废止"), change_note="该文件已废止")
    assert edited["validity_changed"] == china_today().isoformat()   # the bodies' own day


def test_an_edit_cannot_change_the_index_number(store, staff):
    editor = staff["harbin_editor"]
    no = workflow.create(store, editor, item(), status="draft")["index_no"]
    with pytest.raises(ValidationError) as exc:
        workflow.edit(store, editor, no, item(index_no="宾县政府/2012-09999"))
    assert _fields(exc) == ["index_no"]


def test_a_rejected_item_goes_back_with_a_comment_and_can_be_submitted_again(store, staff):
    no = workflow.create(store, staff["finance_editor"], finance_item(), secrecy_checked_by="王芳")["index_no"]
    with pytest.raises(ValidationError):
        workflow.reject(store, staff["finance_reviewer_a"], no, " ")
    rejected = workflow.reject(store, staff["finance_reviewer_a"], no, "请补充发文字号的依据")
    assert (rejected["status"], rejected["review_comment"]) == ("rejected", "请补充发文字号的依据")
    workflow.edit(store, staff["finance_editor"], no, finance_item(summary="补充了依据"))
    assert workflow.submit(store, staff["finance_editor"], no)["status"] == "submitted"
    assert workflow.approve(store, staff["finance_reviewer_a"], no)["status"] == "published"


def test_approving_an_item_that_is_not_submitted_is_a_conflict(store, staff):
    no = workflow.create(store, staff["finance_editor"], finance_item(), status="draft")["index_no"]
    with pytest.raises(Conflict, match="only a submitted item can be approved"):
        workflow.approve(store, staff["finance_reviewer_a"], no)


def test_withdrawing_needs_a_reason_and_an_admin_restores(store, staff):
    no = workflow.create(store, staff["harbin_reviewer"], item(), secrecy_checked_by="李明")["index_no"]
    with pytest.raises(ValidationError):
        workflow.withdraw(store, staff["harbin_reviewer"], no, "")
    withdrawn = workflow.withdraw(store, staff["harbin_reviewer"], no, "内容已过时")
    assert (withdrawn["status"], withdrawn["withdrawn_reason"]) == ("withdrawn", "内容已过时")
    with pytest.raises(Forbidden, match="for admins"):
        workflow.restore(store, staff["harbin_reviewer"], no)
    assert workflow.restore(store, staff["admin"], no)["status"] == "published"


def test_a_scheduled_item_is_not_public_before_its_date_and_is_on_it(store, staff):
    stored = workflow.create(store, staff["harbin_editor"], item(publish_date="2030-06-01"),
                             secrecy_checked_by="李明")
    assert workflow.state_of(stored, dt.date(2030, 5, 31)) == "scheduled"
    assert not workflow.is_public(stored, dt.date(2030, 5, 31))
    assert workflow.is_public(stored, dt.date(2030, 6, 1))
    assert workflow.state_of(stored, dt.date(2030, 6, 1)) == "published"


def test_an_item_not_to_be_disclosed_needs_a_reason(store, staff):
    with pytest.raises(ValidationError) as exc:
        workflow.create(store, staff["harbin_editor"], item(disclosure="不予公开"), status="draft")
    assert _fields(exc) == ["closed_reason"]


def test_an_item_not_to_be_disclosed_is_never_public(store, staff):
    stored = workflow.create(store, staff["harbin_editor"], item(disclosure="不予公开", closed_reason="涉及国家秘密"),
                             secrecy_checked_by="李明")
    assert stored["status"] == "published"
    assert not workflow.is_public(stored, dt.date(2099, 1, 1))


def test_drafts_submitted_and_withdrawn_items_are_not_public(store, staff):
    draft = workflow.create(store, staff["harbin_editor"], item(), status="draft")
    submitted = workflow.create(store, staff["finance_editor"], finance_item(), secrecy_checked_by="王芳")
    assert not workflow.is_public(draft) and not workflow.is_public(submitted)


def test_the_public_view_leaves_out_the_staff_workflow_fields(store, staff):
    no = workflow.create(store, staff["finance_editor"], finance_item(), secrecy_checked_by="王芳")["index_no"]
    workflow.approve(store, staff["finance_reviewer_a"], no)
    shown = public_view(store.get(no))
    assert set(STAFF_FIELDS) & set(shown) == set()
    assert {"change_note", "validity_changed"} <= set(shown)


def test_every_change_takes_a_revision_the_index_follows(store, staff):
    no = workflow.create(store, staff["finance_editor"], finance_item(), secrecy_checked_by="王芳")["index_no"]
    before = store.revision()
    workflow.approve(store, staff["finance_reviewer_a"], no)
    assert [(c["index_no"], c["action"]) for c in store.changes_since(before)] == [(no, "update")]


def test_the_actions_offered_follow_the_rules(store, staff):
    stored = workflow.create(store, staff["finance_editor"], finance_item(), secrecy_checked_by="王芳")
    assert workflow.actions_for(store, staff["finance_editor"], stored) == ["edit"]
    assert workflow.actions_for(store, staff["finance_reviewer_a"], stored) == ["edit", "approve", "reject"]


# -- imports ----------------------------------------------------------------------

def _csv(tmp_path, *rows):
    path = tmp_path / "upload.csv"
    path.write_text("标题,发布机构,发布日期\n" + "".join(f"{t},{i},{d}\n" for t, i, d in rows),
                    encoding="utf-8")
    return path


def test_a_staff_import_gives_each_item_the_state_the_role_allows(store, staff, tmp_path):
    path = _csv(tmp_path, ("财政厅预算公开通知", "省财政厅", "2012-04-10"))
    import_files(store, [path], progress=False, user=staff["finance_editor"], secrecy_checked_by="王芳")
    stored = store.find_items(bodies={FINANCE})[0]
    assert (stored["status"], stored["secrecy_checked_by"]) == ("submitted", "王芳")
    assert [(e["actor"], e["index_no"]) for e in audit.entries(store, action="import")] == [
        ("finance_editor", stored["index_no"])]


def test_a_staff_import_refuses_rows_outside_the_users_scope_naming_the_line(store, staff, tmp_path):
    path = _csv(tmp_path, ("宾县通知", "宾县政府", "2012-04-10"), ("财政厅通知", "省财政厅", "2012-04-11"))
    with pytest.raises(ImportRefused) as exc:
        import_files(store, [path], progress=False, user=staff["harbin_editor"], secrecy_checked_by="李明")
    assert [(p.line, p.field) for p in exc.value.problems] == [(3, "issuer")]
    assert store.count(status=None) == 0


def test_the_shell_import_publishes_and_leaves_one_audit_entry_per_file(store, tmp_path):
    path = _csv(tmp_path, ("财政厅通知", "省财政厅", "2012-04-11"), ("宾县通知", "宾县政府", "2012-04-10"))
    import_files(store, [path], progress=False)
    assert store.count() == 2
    assert [(e["action"], e["actor"], e["details"]["added"]) for e in audit.entries(store)] == [
        ("import", "catalogue import", 2)]


def test_with_review_required_a_reviewer_who_changed_a_submitted_item_cannot_approve_it(store, staff):
    no = workflow.create(store, staff["finance_editor"], finance_item(), secrecy_checked_by="王芳")["index_no"]
    workflow.edit(store, staff["finance_reviewer_a"], no, finance_item(title="黑龙江省财政厅关于2012年部门预算公开的通知"))
    with pytest.raises(Forbidden, match="changed after it was submitted"):
        workflow.approve(store, staff["finance_reviewer_a"], no)
    assert workflow.approve(store, staff["finance_reviewer_b"], no)["status"] == "published"
