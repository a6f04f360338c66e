"""Hostile structure, not just hostile text: JSON and YAML nested past what a parser can follow,
JSON that only Python reads (NaN), over-long filter values. Each is refused naming what is wrong,
never answered with a crash.

Real components: the write API and the staff import through WebTest on a
real app and SQLite store, the importer on real files, the search engine.
"""

import pytest

from catalogue.errors import ValidationError
from catalogue.importer import import_files
from catalogue.items import NAME_MAX, normalize
from staff_fixtures import item
from staff_web_fixtures import login, staff_app  # noqa: F401 (fixture)
from test_limits import bearer
from web.params import parse_search
from web_fixtures import client_for

DEEP = 100_000      # far past Python's recursion limit


@pytest.mark.parametrize("body", [b"[" * DEEP, b'{"a":' * DEEP, b'{"title": "' + b"x" * 10 + b'", "b": ' + b"[" * DEEP])
def test_a_write_body_nested_past_any_parser_is_refused_with_400(staff_app, body):
    answer = client_for(staff_app).post("/api/items", body, headers=dict(
        bearer(staff_app), **{"Content-Type": "application/json"}), status=400)
    assert "nested too deeply" in answer.json["error"]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_a_write_body_with_a_number_json_does_not_have_is_refused(staff_app, constant):
    answer = client_for(staff_app).post("/api/items", f'{{"title": {constant}}}'.encode(), headers=dict(
        bearer(staff_app), **{"Content-Type": "application/json"}), status=400)
    assert f"{constant} is not a JSON value" in answer.json["error"]


def test_an_attachments_cell_nested_past_any_parser_names_the_field(store):
    _item, problems = normalize(item(attachments="[" * DEEP), store.context())
    assert [p.field for p in problems] == ["attachments"]


@pytest.mark.parametrize("name, text, line", [
    ("deep.jsonl", '{"title": "宾县通知", "issuer": "宾县政府", "publish_date": "2012-03-01"}\n' + "[" * DEEP + "\n", 2),
    ("nan.jsonl", '{"title": NaN, "issuer": "宾县政府", "publish_date": "2012-03-01"}\n', 1),
    ("deep.yaml", "- title: 宾县通知\n  body: " + "[" * DEEP + "]" * DEEP + "\n", 2),
])
def test_an_import_file_nested_past_any_parser_is_refused_and_nothing_stored(store, tmp_path, name, text, line):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    before = store.count(status=None)
    with pytest.raises(ValidationError) as caught:
        import_files(store, [path], progress=False)
    assert [p.line for p in caught.value.problems if p.field is None][:1] == [line]
    assert store.count(status=None) == before


def test_a_staff_upload_nested_past_any_parser_is_shown_as_a_problem_not_a_crash(staff_app):
    client = login(staff_app, "harbin_editor")
    form = client.get("/staff/import").forms["import-upload"]
    form["file"] = ("目录.jsonl", ("[" * DEEP + "]" * DEEP + "\n").encode("utf-8"))
    form["secrecy_checked_by"] = "李明"
    answer = form.submit("action", value="check", expect_errors=True)
    assert answer.status_int == 400 and "Traceback" not in answer.text


@pytest.mark.parametrize("name", ["issuer", "topic", "genre"])
def test_the_url_and_the_engine_refuse_an_over_long_filter_value_alike(staff_app, name):
    value = "局" * (NAME_MAX + 1)
    refusals = []
    for call in (lambda: parse_search([(name, value)]),
                 lambda: staff_app.index.search(filters={name: [value]})):
        with pytest.raises(ValidationError) as caught:
            call()
        refusals.append([(p.field, p.code) for p in caught.value.problems])
    assert refusals == [[(name, "too_long")]] * 2


@pytest.mark.parametrize("index_no", ["11230000001/../../staff/logout", "./2012-00001", "11230000001/..",
                                      "11230000001/./2012-00001"])
def test_an_index_number_that_a_browser_would_resolve_elsewhere_is_refused(store, index_no):
    _item, problems = normalize(item(index_no=index_no), store.context())
    assert [p.field for p in problems] == ["index_no"]


def test_an_index_number_with_dots_inside_its_parts_is_kept(store):
    found, problems = normalize(item(index_no="11230000001/2012.05-00001..a"), store.context())
    assert problems == [] and found["index_no"] == "11230000001/2012.05-00001..a"
