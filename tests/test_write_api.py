"""The write API: bearer tokens under the staff rules, every bad field named, read your writes,
no cross-origin answers, the audit trail, and the OpenAPI document matching the live routes."""

import re
from urllib.parse import quote

from staff_fixtures import BINXIAN, FINANCE, finance_item, item
from staff_web_fixtures import staff_app  # noqa: F401 (fixture)
from web_fixtures import KNOWN, client_for

from catalogue import accounts, audit

ADDRESS = "10.8.0.12"
SECRECY = "王丽（县政府办公室）"
FOREIGN = "https://evil.example"


def api(app):
    """A client whose requests come from ``ADDRESS``."""
    client = client_for(app)
    client.extra_environ = {"REMOTE_ADDR": ADDRESS}
    return client


def bearer(app, name):
    return {"Authorization": "Bearer " + accounts.create_token(app.store, name, actor="test")["token"]}


def checked(raw):
    """``raw`` with who did the confidentiality review, as submitting and publishing need."""
    return dict(raw, secrecy_checked_by=SECRECY)


def added(app, name, raw):
    """The index number of ``raw`` (confidentiality checked) added through the API by ``name``."""
    return create(app, name, checked(raw)).json["item"]["index_no"]


def create(app, name, raw, status=201):
    return api(app).post_json("/api/items", raw, headers=bearer(app, name), status=status)


def at(index_no, action=""):
    """The API address of item ``index_no`` (its / kept), or of one of its actions."""
    return "/api/items/" + quote(index_no) + (f"/{action}" if action else "")


def public_titles(app, query):
    return [hit["title"] for hit in client_for(app).get("/api/search", {"q": query}).json["items"]]


def error_fields(answer):
    return sorted(problem["field"] for problem in answer.json["errors"])


def no_cors(answer):
    return not [name for name, _ in answer.headerlist if name.lower().startswith("access-control-")]


# -- scope ------------------------------------------------------------------------------

def test_an_editor_of_harbin_cannot_add_an_item_of_the_finance_department(staff_app):
    answer = create(staff_app, "harbin_editor", checked(finance_item()), status=403)
    assert answer.json["ok"] is False and answer.json["error"].startswith("scope:")
    assert finance_item()["title"] not in [i["title"] for i in staff_app.store.find_items(bodies={FINANCE})]


def test_an_editor_of_harbin_cannot_replace_an_item_of_the_finance_department(staff_app):
    index_no = added(staff_app, "finance_editor", finance_item())
    changed = finance_item(title="哈尔滨改写的财政厅通知")
    api(staff_app).put_json(at(index_no), changed, headers=bearer(staff_app, "harbin_editor"),
                            status=403)
    assert staff_app.store.get(index_no)["title"] == finance_item()["title"]


def test_an_editor_of_harbin_adds_a_county_item_and_it_is_published_at_once(staff_app):
    answer = create(staff_app, "harbin_editor", checked(item()))
    body = answer.json
    assert body["ok"] is True and body["item"]["status"] == "published" and body["public"] is True
    assert body["item"]["issuer"] == BINXIAN and body["item"]["secrecy_checked_by"] == SECRECY
    assert answer.headers["Location"].endswith(at(body["item"]["index_no"]))
    assert item()["title"] in public_titles(staff_app, "宾县2012年政府信息公开工作年度报告")


def test_an_editor_of_harbin_replaces_a_county_item_with_a_change_note(staff_app):
    index_no = added(staff_app, "harbin_editor", item())
    revised = item(title="宾县2012年政府信息公开工作年度报告（修订）", change_note="标题补充")
    answer = api(staff_app).put_json(at(index_no), revised, headers=bearer(staff_app, "harbin_editor"))
    assert answer.json["item"]["title"] == "宾县2012年政府信息公开工作年度报告（修订）"
    assert answer.json["item"]["change_note"] == "标题补充" and answer.json["item"]["status"] == "published"
    assert "宾县2012年政府信息公开工作年度报告（修订）" in public_titles(staff_app, "年度报告 修订")


# -- review -----------------------------------------------------------------------------

def test_with_review_required_an_editors_item_waits_until_a_reviewer_approves_it(staff_app):
    raw = finance_item(title="黑龙江省财政厅关于公开2012年省级三公经费预算的通知")
    created = create(staff_app, "finance_editor", checked(raw)).json
    assert created["item"]["status"] == "submitted" and created["public"] is False
    assert raw["title"] not in public_titles(staff_app, "三公经费预算")
    index_no = created["item"]["index_no"]
    approved = api(staff_app).post_json(at(index_no, "approve"), {},
                                        headers=bearer(staff_app, "finance_reviewer_a")).json
    assert approved["item"]["status"] == "published" and approved["item"]["reviewed_by"] == "finance_reviewer_a"
    assert raw["title"] in public_titles(staff_app, "三公经费预算")     # the very next request


def test_nobody_approves_an_item_they_submitted_where_review_is_required(staff_app):
    created = create(staff_app, "finance_reviewer_b", checked(finance_item())).json
    assert created["item"]["status"] == "submitted"     # a reviewer cannot publish directly either
    index_no = created["item"]["index_no"]
    answer = api(staff_app).post(at(index_no, "approve"), headers=bearer(staff_app, "finance_reviewer_b"),
                                 status=403)
    assert answer.json["error"].startswith("four-eyes:")
    assert staff_app.store.get(index_no)["status"] == "submitted"


def test_an_editor_cannot_approve_even_where_review_is_optional(staff_app):
    index_no = added(staff_app, "harbin_editor", item(status="submitted"))
    answer = api(staff_app).post(at(index_no, "approve"), headers=bearer(staff_app, "harbin_editor"),
                                 status=403)
    assert answer.json["error"].startswith("role:")


def test_a_rejection_needs_a_comment_and_sends_the_item_back_to_its_editor(staff_app):
    index_no = added(staff_app, "finance_editor", finance_item())
    client, reviewer = api(staff_app), bearer(staff_app, "finance_reviewer_a")
    missing = client.post_json(at(index_no, "reject"), {"comment": "  "}, headers=reviewer, status=400)
    assert error_fields(missing) == ["comment"]
    rejected = client.post_json(at(index_no, "reject"), {"comment": "请补充成文日期"}, headers=reviewer).json
    assert rejected["item"]["status"] == "rejected" and rejected["item"]["review_comment"] == "请补充成文日期"


def test_a_replacement_can_put_a_rejected_item_forward_again(staff_app):
    index_no = added(staff_app, "finance_editor", finance_item())
    api(staff_app).post_json(at(index_no, "reject"), {"comment": "请补充成文日期"},
                             headers=bearer(staff_app, "finance_reviewer_a"))
    answer = api(staff_app).put_json(at(index_no),
                                     finance_item(written_date="2012-04-05", status="submitted"),
                                     headers=bearer(staff_app, "finance_editor"))
    assert answer.json["item"]["status"] == "submitted" and answer.json["item"]["written_date"] == "2012-04-05"


# -- credentials ------------------------------------------------------------------------

def test_a_request_without_a_valid_token_is_401_with_a_bearer_challenge(staff_app):
    token = accounts.create_token(staff_app.store, "harbin_editor", actor="test")
    accounts.revoke_token(staff_app.store, "harbin_editor", token["id"], actor="test")
    for headers in ({}, {"Authorization": "Bearer " + token["token"]}, {"Authorization": "Bearer dct_made-up"},
                    {"Authorization": "Basic aGFyYmluOnBhc3M="}):
        answer = api(staff_app).post_json("/api/items", checked(item()), headers=headers,
                                          status=401)
        assert answer.headers["WWW-Authenticate"].startswith("Bearer")
        assert answer.json["ok"] is False and answer.json["status"] == 401
    assert item()["title"] not in public_titles(staff_app, "宾县2012年政府信息公开工作年度报告")


# -- bad bodies and states --------------------------------------------------------------

def test_a_bad_body_is_400_naming_every_bad_field(staff_app):
    raw = {"title": "", "issuer": "不存在的机构", "publish_date": "2012年3月20日", "validity": "作废",
           "url": "ftp://example.org/x", "status": "scheduled", "colour": "红", "change_note": "无"}
    answer = create(staff_app, "harbin_editor", raw, status=400)
    assert error_fields(answer) == sorted(["title", "issuer", "publish_date", "validity", "url", "status",
                                           "colour", "change_note"])
    assert all(problem["message"] and "code" in problem for problem in answer.json["errors"])


def test_publishing_needs_the_confidentiality_check(staff_app):
    answer = create(staff_app, "harbin_editor", item(), status=400)
    assert error_fields(answer) == ["secrecy_checked_by"]


def test_a_body_that_is_not_a_json_object_is_400(staff_app):
    api(staff_app).post("/api/items", "[1, 2]", headers=dict(bearer(staff_app, "harbin_editor"),
                                                               **{"Content-Type": "application/json"}), status=400)


def test_a_changed_published_item_needs_a_change_note_unless_the_change_is_minor(staff_app):
    index_no = added(staff_app, "harbin_editor", item())
    client, editor = api(staff_app), bearer(staff_app, "harbin_editor")
    fixed = item(summary="宾县2012年政府信息公开工作情况。")
    assert error_fields(client.put_json(at(index_no), fixed, headers=editor, status=400)) == ["change_note"]
    answer = client.put_json(at(index_no), dict(fixed, minor=True), headers=editor)
    assert answer.json["item"]["summary"] == "宾县2012年政府信息公开工作情况。"


def test_a_read_back_sent_back_unchanged_changes_nothing(staff_app):
    created = create(staff_app, "harbin_editor", checked(item())).json["item"]
    answer = api(staff_app).put_json(at(created["index_no"]), created,
                                     headers=bearer(staff_app, "harbin_editor"))
    assert answer.json["item"] == created


def test_moves_the_items_state_does_not_allow_are_409(staff_app):
    index_no = added(staff_app, "harbin_reviewer", item())
    client, reviewer = api(staff_app), bearer(staff_app, "harbin_reviewer")
    client.post(at(index_no, "approve"), headers=reviewer, status=409)    # published already
    client.put_json(at(index_no), item(status="withdrawn"), headers=reviewer, status=409)
    draft = create(staff_app, "harbin_reviewer", item(title="宾县政务公开草稿", status="draft")).json["item"]
    client.delete_json(at(draft["index_no"]), {"reason": "不再需要"}, headers=reviewer, status=409)
    create(staff_app, "harbin_reviewer", checked(item(index_no=index_no)), status=409)


def test_an_unknown_index_number_is_404(staff_app):
    client, reviewer = api(staff_app), bearer(staff_app, "harbin_reviewer")
    client.put_json(at("宾县政府/2099-99999"), item(), headers=reviewer, status=404)
    client.post(at("宾县政府/2099-99999", "approve"), headers=reviewer, status=404)


def test_a_draft_stays_a_draft_and_is_not_public(staff_app):
    raw = item(title="宾县2012年政务公开工作草稿", status="draft")
    created = create(staff_app, "harbin_editor", raw).json
    assert created["item"]["status"] == "draft" and created["public"] is False
    assert raw["title"] not in public_titles(staff_app, "政务公开工作草稿")
    assert staff_app.store.get(created["item"]["index_no"])["status"] == "draft"


def test_withdrawing_needs_a_reason_and_then_the_public_item_answers_410_with_it(staff_app):
    index_no = added(staff_app, "harbin_editor", item())
    client, reviewer = api(staff_app), bearer(staff_app, "harbin_reviewer")
    assert error_fields(client.delete(at(index_no), headers=reviewer, status=400)) == ["reason"]
    answer = client.delete_json(at(index_no), {"reason": "已被2013年度报告替代"}, headers=reviewer)
    assert answer.json["item"]["status"] == "withdrawn" and answer.json["public"] is False
    gone = client_for(staff_app).get(at(index_no), status=410)
    assert "已被2013年度报告替代" in gone.json["error"]


def test_a_withdrawal_reason_may_come_in_the_query_for_clients_that_cannot_send_a_body(staff_app):
    index_no = added(staff_app, "harbin_editor", item())
    answer = api(staff_app).delete(at(index_no) + "?reason=" + quote("内容有误"),
                                   headers=bearer(staff_app, "harbin_reviewer"))
    assert answer.json["item"]["withdrawn_reason"] == "内容有误"


# -- routes -----------------------------------------------------------------------------

def test_an_item_numbered_like_an_action_is_read_replaced_and_approved_at_its_own_address(staff_app):
    index_no = "宾县政府/approve"
    added(staff_app, "harbin_reviewer", item(index_no=index_no))
    client, reviewer = api(staff_app), bearer(staff_app, "harbin_reviewer")
    assert client_for(staff_app).get(at(index_no)).json["item"]["index_no"] == index_no
    replaced = client.put_json(at(index_no), item(genre="通知", minor=True), headers=reviewer)
    assert replaced.json["item"]["index_no"] == index_no and replaced.json["item"]["genre"] == "通知"
    answer = client.post(at(index_no, "approve"), headers=reviewer, status=409)
    assert index_no in answer.json["error"]


def test_a_get_of_an_action_address_is_the_public_item_route(staff_app):
    answer = client_for(staff_app).get(at(KNOWN, "approve"), status=404)
    assert answer.json["errors"][0]["code"] == "not_found"


# -- other sites ------------------------------------------------------------------------

def test_another_sites_request_is_refused_and_no_cors_header_is_ever_sent(staff_app):
    client, editor = api(staff_app), bearer(staff_app, "harbin_editor")
    answers = [client.post_json("/api/items", checked(item()), headers=dict(editor, Origin=FOREIGN),
                                status=403)]
    for path in ("/api/items", at(KNOWN), at(KNOWN, "approve")):
        preflight = client.options(path, headers={"Origin": FOREIGN, "Access-Control-Request-Method": "POST",
                                                  "Access-Control-Request-Headers": "authorization"},
                                   expect_errors=True)
        assert preflight.status_int in (403, 405)
        answers.append(preflight)
    answers.append(client.post_json("/api/items", checked(item()), headers=editor, status=201))
    assert all(no_cors(answer) for answer in answers)
    # Only the same-site request wrote.
    assert public_titles(staff_app, "宾县2012年政府信息公开工作年度报告").count(item()["title"]) == 1


# -- the audit trail --------------------------------------------------------------------

def test_the_audit_trail_records_who_did_each_api_action_and_from_where(staff_app):
    index_no = added(staff_app, "finance_editor", finance_item())
    client = api(staff_app)
    client.post_json(at(index_no, "reject"), {"comment": "请补充成文日期"},
                     headers=bearer(staff_app, "finance_reviewer_a"))
    client.put_json(at(index_no), finance_item(written_date="2012-04-05", status="submitted"),
                    headers=bearer(staff_app, "finance_editor"))
    client.post(at(index_no, "approve"), headers=bearer(staff_app, "finance_reviewer_b"))
    client.delete_json(at(index_no), {"reason": "已废止"}, headers=bearer(staff_app, "finance_reviewer_a"))
    trail = [(e["action"], e["actor"], e["address"])
             for e in reversed(audit.entries(staff_app.store, index_no=index_no))]
    assert trail == [("create", "finance_editor", ADDRESS), ("submit", "finance_editor", ADDRESS),
                     ("reject", "finance_reviewer_a", ADDRESS), ("edit", "finance_editor", ADDRESS),
                     ("submit", "finance_editor", ADDRESS), ("approve", "finance_reviewer_b", ADDRESS),
                     ("withdraw", "finance_reviewer_a", ADDRESS)]
    edit = audit.entries(staff_app.store, index_no=index_no, action="edit")[0]
    assert edit["details"]["changes"]["written_date"] == [None, "2012-04-05"]


# -- the OpenAPI document ---------------------------------------------------------------

WRITE_METHODS = {"POST", "PUT", "DELETE", "PATCH"}


def openapi(app):
    return client_for(app).get("/api/openapi.json").json


def documented_writes(doc):
    return {(path, method.upper()) for path, operations in doc["paths"].items()
            for method in operations if method.upper() in WRITE_METHODS}


def test_the_document_describes_every_write_route_the_app_has_and_no_other(staff_app):
    routed = {(re.sub(r"<(\w+)(:[^>]*)?>", r"{\1}", route.rule), route.method) for route in staff_app.routes
              if route.rule.startswith("/api/") and route.method in WRITE_METHODS}
    assert routed and documented_writes(openapi(staff_app)) == routed


def test_every_write_operation_requires_the_bearer_scheme_and_documents_its_refusals(staff_app):
    doc = openapi(staff_app)
    scheme = doc["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    for path, method in documented_writes(doc):
        operation = doc["paths"][path][method.lower()]
        assert operation["security"] == [{"bearerAuth": []}]
        assert {"400", "401", "403"} <= set(operation["responses"])
    for operations in doc["paths"].values():
        assert "security" not in operations.get("get", {})     # reading stays open to all


def test_the_documented_example_is_accepted_and_answered_as_documented(staff_app):
    doc = openapi(staff_app)
    operation = doc["paths"]["/api/items"]["post"]
    example = operation["requestBody"]["content"]["application/json"]["example"]
    schemas = doc["components"]["schemas"]
    assert set(example) <= set(schemas["ItemCreate"]["properties"])
    answer = create(staff_app, "harbin_editor", example).json
    assert set(answer) == set(schemas["WriteResult"]["properties"])
    assert set(answer["item"]) <= set(schemas["StaffItem"]["properties"])
    assert set(answer["actions"]) <= set(schemas["WriteResult"]["properties"]["actions"]["items"]["enum"])
    assert answer["state"] in schemas["WriteResult"]["properties"]["state"]["enum"]
