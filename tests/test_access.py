"""Who may do what: scope by body and descendants, roles, four-eyes review, disabled accounts."""

import pytest

from catalogue import access, accounts, workflow
from catalogue.errors import Forbidden, Unauthorized
from staff_fixtures import BINXIAN, FINANCE, HARBIN, finance_item, item, staff  # noqa: F401


def test_a_users_scope_is_their_body_and_every_body_under_it(store, staff):
    assert access.scope_of(store, staff["harbin_editor"]) == {HARBIN, BINXIAN}


def test_an_admins_scope_is_every_body(store, staff):
    assert access.scope_of(store, staff["admin"]) == {b["name"] for b in store.bodies()}


def test_an_editor_of_harbin_cannot_create_an_item_of_the_finance_department(store, staff):
    with pytest.raises(Forbidden, match="scope: harbin_editor"):
        workflow.create(store, staff["harbin_editor"], finance_item(), secrecy_checked_by="李明")
    assert store.count(status=None) == 0


def test_an_editor_of_harbin_can_create_an_item_of_a_county_under_harbin(store, staff):
    created = workflow.create(store, staff["harbin_editor"], item(), secrecy_checked_by="李明")
    assert (created["issuer"], created["status"]) == (BINXIAN, "published")


def test_an_editor_of_harbin_cannot_edit_an_item_of_the_finance_department(store, staff):
    stored = workflow.create(store, staff["finance_editor"], finance_item(), secrecy_checked_by="王芳")
    with pytest.raises(Forbidden, match="scope"):
        workflow.edit(store, staff["harbin_editor"], stored["index_no"], finance_item(title="改过的标题"))
    assert store.get(stored["index_no"])["title"] == finance_item()["title"]


def test_an_editor_cannot_move_an_item_of_their_county_to_a_body_outside_their_scope(store, staff):
    stored = workflow.create(store, staff["harbin_editor"], item(), status="draft")
    with pytest.raises(Forbidden, match="scope"):
        workflow.edit(store, staff["harbin_editor"], stored["index_no"], item(issuer=FINANCE))


def test_an_editor_cannot_publish_directly_where_review_is_required(store, staff):
    with pytest.raises(Forbidden, match="four-eyes: 黑龙江省财政厅 requires review"):
        workflow.create(store, staff["finance_editor"], finance_item(), status="published",
                        secrecy_checked_by="王芳")


def test_an_editor_cannot_change_a_published_item_where_review_is_required(store, staff):
    stored = workflow.create(store, staff["finance_editor"], finance_item(), secrecy_checked_by="王芳")
    workflow.approve(store, staff["finance_reviewer_a"], stored["index_no"])
    with pytest.raises(Forbidden, match="only a reviewer may change"):
        workflow.edit(store, staff["finance_editor"], stored["index_no"], finance_item(title="新标题"),
                      change_note="更正标题")


def test_an_editor_may_not_approve_withdraw_or_restore(store, staff):
    editor = staff["harbin_editor"]
    stored = workflow.create(store, editor, item(), secrecy_checked_by="李明")
    for rule in (access.can_review, access.can_withdraw, access.can_restore):
        with pytest.raises(Forbidden, match="role: "):
            rule(store, editor, stored)


def test_only_an_admin_manages_users(staff):
    access.can_manage_users(staff["admin"])
    with pytest.raises(Forbidden, match="role: managing users"):
        access.can_manage_users(staff["harbin_reviewer"])


def test_a_disabled_user_can_do_nothing(store, staff):
    accounts.disable_user(store, "harbin_editor", actor="admin")
    disabled = accounts.get_user(store, "harbin_editor")
    with pytest.raises(Forbidden, match="disabled"):
        workflow.create(store, disabled, item(), secrecy_checked_by="李明")


def test_nobody_logged_in_is_unauthorized():
    with pytest.raises(Unauthorized):
        access.can_manage_users(None)


def test_allows_answers_yes_or_no_for_showing_an_action(store, staff):
    assert access.allows(access.can_write, store, staff["harbin_editor"], BINXIAN)
    assert not access.allows(access.can_write, store, staff["harbin_editor"], FINANCE)


def test_staff_see_only_their_bodies_audit_and_an_admin_all(store, staff):
    assert access.audit_scope(store, staff["harbin_reviewer"]) == {HARBIN, BINXIAN}
    assert access.audit_scope(store, staff["admin"]) is None
