"""Every limit defined once, published in the OpenAPI document, and enforced where it is published.

The write API is checked against its own document in both directions: each
documented ``maxLength`` and ``maxItems`` is accepted at the limit and
refused one past it with 400 naming the field. The filters take at most
``FILTER_VALUES_MAX`` values each, alike in the URL, the engine and the
command line; the staff form's boxes carry the same limits as ``maxlength``;
a body over the write API's limit is refused with 413 in the API's shape.
"""

from html.parser import HTMLParser
from urllib.parse import quote

import pytest

from catalogue import accounts
from catalogue.errors import ValidationError
from catalogue.importer import check_file
from catalogue.items import BODY_MAX, FIELDS, KEYWORDS_MAX, TITLE_MAX, normalize
from catalogue.workflow import NOTE_LIMITS
from index.params import BY_NAME, FILTER_VALUES_MAX, FILTERS
from staff_fixtures import item, staff  # noqa: F401 (fixture)
from staff_web_fixtures import login, staff_app  # noqa: F401 (fixture)
from web.limits import API_BODY_MAX, MAX_BODY_BYTES
from web.params import parse_search
from web.staff.itemform import BOX_LIMITS
from web_fixtures import client_for

SECRECY = "王丽（县政府办公室）"
LENGTH_CODES = {"too_long", "too_many"}


def bearer(app, name="harbin_editor"):
    return {"Authorization": "Bearer " + accounts.create_token(app.store, name, actor="test")["token"]}


def document(app):
    return client_for(app).get("/api/openapi.json").json


def text_of(length, schema):
    """A text of exactly ``length`` characters that is otherwise a good value for ``schema``."""
    if schema.get("format") == "uri":
        lead = "https://www.hlj.gov.cn/"
        return lead + "a" * (length - len(lead))
    return "字" * length


def entries(count, schema):
    """``count`` distinct good entries of the list ``schema`` (keywords are kept once each)."""
    if schema["items"]["type"] == "object":
        return [{"name": f"附件{n}", "url": f"https://www.hlj.gov.cn/f/{n}.pdf"} for n in range(count)]
    return [f"主题词{n}" for n in range(count)]


def variants(properties):
    """``(field, at_limit, past_limit)`` for every documented limit of an item's ``properties``."""
    out = []
    for name, schema in properties.items():
        if "maxLength" in schema:
            most = schema["maxLength"]
            out.append((name, text_of(most, schema), text_of(most + 1, schema)))
        if schema.get("type") != "array":
            continue
        if "maxItems" in schema:
            most = schema["maxItems"]
            out.append((name, entries(most, schema), entries(most + 1, schema)))
        inner = schema["items"]
        if "maxLength" in inner:
            out.append((name, [text_of(inner["maxLength"], inner)], [text_of(inner["maxLength"] + 1, inner)]))
        for part, sub in inner.get("properties", {}).items():
            if "maxLength" in sub:
                good = entries(1, schema)[0]
                out.append((name, [dict(good, **{part: text_of(sub["maxLength"], sub)})],
                            [dict(good, **{part: text_of(sub["maxLength"] + 1, sub)})]))
    return out


def refused_for_length(answer, field):
    return answer.status_int == 400 and any(
        p["field"] == field and p["code"] in LENGTH_CODES for p in answer.json["errors"])


def within_limits(answer, field):
    """Stored, or refused for something other than a limit (a 100-character name no registry holds)."""
    return answer.status_int in (200, 201) or (
        answer.status_int == 400 and not refused_for_length(answer, field))


# -- the write API against its OpenAPI document --------------------------------------------

def test_each_write_api_field_is_accepted_at_its_documented_limit_and_refused_past_it(staff_app):
    properties = document(staff_app)["components"]["schemas"]["ItemCreate"]["properties"]
    client, headers = client_for(staff_app), bearer(staff_app)
    cases = variants(properties)
    assert {name for name, _, _ in cases} >= {"title", "summary", "body", "doc_no", "keywords",
                                              "attachments", "secrecy_checked_by", "url"}
    wrong = []
    for name, at_limit, past in cases:
        base = dict(item(title=f"宾县限值测试{name}"), secrecy_checked_by=SECRECY, status="draft")
        if not within_limits(client.post_json("/api/items", dict(base, **{name: at_limit}), headers=headers,
                                              expect_errors=True), name):
            wrong.append(("refused at the limit", name))
        if not refused_for_length(client.post_json("/api/items", dict(base, **{name: past}), headers=headers,
                                                   expect_errors=True), name):
            wrong.append(("accepted past the limit", name))
    assert wrong == []


@pytest.mark.parametrize("action, field, method", [("reject", "comment", "post"), ("", "reason", "delete")])
def test_an_actions_text_is_refused_one_past_its_documented_limit(staff_app, action, field, method):
    client, headers = client_for(staff_app), bearer(staff_app, "harbin_reviewer")
    status = "submitted" if action == "reject" else "published"
    created = client.post_json("/api/items", dict(item(), secrecy_checked_by=SECRECY, status=status),
                               headers=headers).json["item"]["index_no"]
    path = "/api/items/" + quote(created) + (f"/{action}" if action else "")
    operation = document(staff_app)["paths"]["/api/items/{index_no}" + (f"/{action}" if action else "")][method]
    most = operation["requestBody"]["content"]["application/json"]["schema"]["properties"][field]["maxLength"]
    send = getattr(client, f"{method}_json")
    answer = send(path, {field: "字" * (most + 1)}, headers=headers, status=400)
    assert [(p["field"], p["code"]) for p in answer.json["errors"]] == [(field, "too_long")]
    assert send(path, {field: "字" * most}, headers=headers, status=200).json["ok"] is True


def test_a_change_note_is_accepted_at_its_documented_limit_and_refused_past_it(staff_app):
    client, headers = client_for(staff_app), bearer(staff_app)
    created = client.post_json("/api/items", dict(item(), secrecy_checked_by=SECRECY), headers=headers).json
    assert created["item"]["status"] == "published"
    schema = document(staff_app)["components"]["schemas"]["ItemReplace"]["properties"]["change_note"]
    path = "/api/items/" + quote(created["item"]["index_no"])
    changed = dict(item(title="宾县2012年政府信息公开工作年度报告（更正）"), secrecy_checked_by=SECRECY)
    answer = client.put_json(path, dict(changed, change_note="字" * (schema["maxLength"] + 1)), headers=headers,
                             status=400)
    assert [(p["field"], p["code"]) for p in answer.json["errors"]] == [("change_note", "too_long")]
    client.put_json(path, dict(changed, change_note="字" * schema["maxLength"]), headers=headers, status=200)


def test_the_documented_limits_are_the_tables(staff_app):
    schemas = document(staff_app)["components"]["schemas"]
    create = schemas["ItemCreate"]["properties"]
    assert {f.name: f.max_length for f in FIELDS if f.max_length and not f.max_items} == {
        name: schema["maxLength"] for name, schema in create.items()
        if "maxLength" in schema and name not in NOTE_LIMITS}
    assert (create["title"]["maxLength"], create["body"]["maxLength"]) == (TITLE_MAX, BODY_MAX)
    assert create["keywords"]["maxItems"] == KEYWORDS_MAX
    assert create["secrecy_checked_by"]["maxLength"] == NOTE_LIMITS["secrecy_checked_by"]
    assert schemas["ItemReplace"]["properties"]["change_note"]["maxLength"] == NOTE_LIMITS["change_note"]


def test_every_write_operation_documents_the_413_of_a_body_over_the_limit(staff_app):
    doc = document(staff_app)
    operations = [op for methods in doc["paths"].values() for op in methods.values() if "security" in op]
    assert operations and all("413" in op["responses"] for op in operations)
    assert str(API_BODY_MAX) in doc["info"]["description"] and str(MAX_BODY_BYTES) in doc["info"]["description"]


def test_a_write_body_over_the_limit_is_refused_with_413_in_the_apis_shape(staff_app):
    padding = "字" * (API_BODY_MAX // 3 + 10)      # three bytes each in UTF-8
    before = staff_app.store.count(status=None)
    answer = client_for(staff_app).post_json("/api/items", dict(item(), summary=padding),
                                             headers=bearer(staff_app), status=413)
    assert answer.json["ok"] is False and answer.json["status"] == 413
    assert str(API_BODY_MAX) in answer.json["error"]
    assert staff_app.store.count(status=None) == before


# -- the item rules, wherever items come from ----------------------------------------------

@pytest.mark.parametrize("field", [f for f in FIELDS if f.max_length and not f.max_items], ids=lambda f: f.name)
def test_the_item_rules_refuse_each_overlong_text_naming_the_field(store, field):
    value = "https://www.hlj.gov.cn/" + "a" * field.max_length if field.name == "url" else "字" * (field.max_length + 1)
    _item, problems = normalize(dict(item(), **{field.name: value}), store.context())
    assert [(p.field, p.code) for p in problems] == [(field.name, "too_long")]


def test_a_too_long_title_is_said_in_the_clerks_language(store):
    _item, [problem] = normalize(item(title="字" * (TITLE_MAX + 1)), store.context())
    assert problem.params == {"length": TITLE_MAX + 1, "max": TITLE_MAX}


# -- filters -----------------------------------------------------------------------------

def _years(count):
    return [str(1900 + n) for n in range(count)]


@pytest.mark.parametrize("count, accepted", [(FILTER_VALUES_MAX, True), (FILTER_VALUES_MAX + 1, False)])
def test_the_url_the_engine_and_the_command_line_take_up_to_20_values_of_a_filter(staff_app, cli, count,
                                                                                   accepted):
    years = _years(count)

    def refusal(call):
        try:
            call()
        except ValidationError as exc:
            return [(p.field, p.code) for p in exc.problems]
        return None
    url = refusal(lambda: parse_search([("year", y) for y in years]))
    engine = refusal(lambda: staff_app.index.search(filters={"year": years}))
    assert url == engine == (None if accepted else [("year", "too_many")])
    arguments = [part for year in years for part in ("--year", year)]
    status, _out, err = cli(staff_app.settings.home, "search", *arguments, "--json")
    assert (status == 0) == accepted
    assert accepted or f"at most {FILTER_VALUES_MAX}" in err


@pytest.mark.parametrize("name", [name for name in FILTERS if BY_NAME[name].repeat])
def test_the_api_names_the_filter_given_too_many_values(staff_app, name):
    values = [f"值{n}" for n in range(FILTER_VALUES_MAX + 1)]
    answer = client_for(staff_app).get("/api/search", [(name, v) for v in values], status=400)
    assert [(p["field"], p["code"]) for p in answer.json["errors"]] == [(name, "too_many")]


def test_the_search_page_says_in_chinese_that_there_are_too_many_values(staff_app):
    answer = client_for(staff_app).get("/search", [("year", y) for y in _years(FILTER_VALUES_MAX + 1)],
                                       status=400)
    assert f"最多只能给 {FILTER_VALUES_MAX} 个" in answer.text


# -- the staff form ------------------------------------------------------------------------

class _Boxes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.maxlength = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "textarea") and attrs.get("type") not in ("hidden", "radio", "checkbox"):
            self.maxlength[attrs["name"]] = attrs.get("maxlength")


def test_every_text_box_of_the_item_form_carries_the_rules_limit(staff_app):
    boxes = _Boxes()
    boxes.feed(login(staff_app, "harbin_editor").get("/staff/items/new").text)
    dates = {"written_date", "publish_date"}     # their format is their limit
    assert {name: int(limit) for name, limit in boxes.maxlength.items() if name not in dates} == {
        name: BOX_LIMITS[name] for name in boxes.maxlength if name not in dates}
    assert int(boxes.maxlength["title"]) == TITLE_MAX and set(boxes.maxlength) - dates <= set(BOX_LIMITS)


def test_a_form_posted_past_the_limit_shows_the_problem_at_the_box_and_keeps_the_text(staff_app):
    client = login(staff_app, "harbin_editor")
    form = client.get("/staff/items/new").forms["item-form"]
    form["title"] = "字" * (TITLE_MAX + 1)
    form["issuer"] = "宾县人民政府"
    page = form.submit("action", value="draft", status=400)
    problem = page.html.select_one("#f-title-problem").get_text()
    assert f"{TITLE_MAX + 1} 个字" in problem and f"最多只能有 {TITLE_MAX} 个字" in problem
    assert page.html.select_one("#f-title")["value"] == "字" * (TITLE_MAX + 1)


@pytest.mark.parametrize("where", ["form", "record"])
def test_a_staff_import_refuses_an_over_long_confidentiality_name_naming_it(staff, store, tmp_path, where):
    # staff: the accounts of tests/staff_fixtures.py in this store.
    too_long = "字" * (NOTE_LIMITS["secrecy_checked_by"] + 1)
    path = tmp_path / "目录.yaml"     # a YAML record may carry its own secrecy_checked_by
    path.write_text("- title: 宾县政务公开通知\n  issuer: 宾县人民政府\n  publish_date: 2012-03-01\n"
                    + (f"  secrecy_checked_by: {too_long}\n" if where == "record" else ""), encoding="utf-8")
    checked = check_file(store, path, user=staff["harbin_editor"],
                         secrecy_checked_by=None if where == "record" else too_long)
    assert [p.field for p in checked["problems"]] == ["secrecy_checked_by"]


def test_the_action_forms_of_an_item_page_carry_the_workflows_limits(staff_app):
    client = login(staff_app, "harbin_reviewer")
    created = client_for(staff_app).post_json("/api/items", dict(item(), secrecy_checked_by=SECRECY, status="submitted"),
                                              headers=bearer(staff_app, "harbin_editor")).json["item"]
    boxes = _Boxes()
    boxes.feed(client.get("/staff/items/" + quote(created["index_no"])).text)
    assert {name: int(limit) for name, limit in boxes.maxlength.items()} == {
        name: NOTE_LIMITS[name] for name in boxes.maxlength}
    assert "comment" in boxes.maxlength
