"""Hostile text on the way out: control characters, spreadsheet formulas, forged Host headers, headers on every response.

Everything real: imports through the importer, items in a SQLite store,
the Bottle app through WebTest.
"""

import csv
import io
import textwrap
import xml.etree.ElementTree as ET

import feedparser
import pytest

from catalogue.errors import ValidationError
from catalogue.formats import write_items
from catalogue.home import Home
from catalogue.importer import import_files
from catalogue.items import validate
from web.app import SECURITY_HEADERS
from web_fixtures import app_fixture, client_for, make_home, open_app

fresh_app = app_fixture(scope="function")  # for tests that write to the store

BELL_TITLE = "黑龙江省\x07关于政务公开的通知"


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _put_raw(app, title, **fields):
    """Store an item whose ``title`` skipped validation, as one stored before import checked it."""
    item = validate({"title": "占位标题", "issuer": "宾县政府", "publish_date": "2014-01-02",
                     "topic": "综合政务/政务公开", "genre": "通知", **fields}, app.store.context())
    item["title"] = title
    with app.store.transaction(actor="web tests") as tx:
        return tx.put(item)


# -- control characters -------------------------------------------------------------------

def test_an_import_with_a_bell_in_a_title_is_refused_naming_field_and_line(store, tmp_path):
    text = textwrap.dedent("""\
        - title: 宾县政务公开通知
          issuer: 宾县政府
          publish_date: 2012-03-01
        - title: "黑龙江省\\a关于政务公开的通知"
          issuer: 省政府
          publish_date: 2012-03-02
    """)
    before = store.count(status=None)
    with pytest.raises(ValidationError) as caught:
        import_files(store, [_write(tmp_path, "bell.yaml", text)], progress=False)
    [problem] = caught.value.problems
    assert (problem.field, problem.line, problem.code, problem.params["character"]) == \
        ("title", 4, "control_character", "U+0007")
    assert store.count(status=None) == before


def test_tab_newline_and_carriage_return_are_kept_in_text(store):
    item = validate({"title": "宾县通知", "issuer": "宾县政府", "publish_date": "2012-03-01",
                     "body": "第一段\t说明\r\n第二段"}, store.context())
    assert item["body"] == "第一段\t说明\r\n第二段"


def test_an_item_stored_with_a_control_character_still_gives_a_feed_that_parses(fresh_app):
    _put_raw(fresh_app, BELL_TITLE, summary="概述")
    body = client_for(fresh_app).get("/feeds/atom").body
    ET.fromstring(body)
    feed = feedparser.parse(body)
    assert feed.bozo == 0 and "黑龙江省关于政务公开的通知" in [e.title for e in feed.entries]


# -- CSV export and spreadsheet formulas --------------------------------------------------

FORMULA_TITLES = ["=cmd|' /C calc'!A0", "-1+2", "+86 哈尔滨热线", "@SUM(A1:A9)", "'=已带引号的标题"]


def _csv_export(items):
    out = io.StringIO(newline="")
    write_items(items, out, "csv")
    return out.getvalue()


def _formula_items(store):
    items = [validate({"title": title, "issuer": "宾县政府", "publish_date": f"2012-03-0{n}",
                       "keywords": ["=HYPERLINK(\"http://evil.example\")"]}, store.context())
             for n, title in enumerate(FORMULA_TITLES, 1)]
    with store.transaction(actor="tests") as tx:
        for item in items:
            tx.put(item)
    return list(store.iter_items())


def test_csv_export_writes_no_cell_a_spreadsheet_would_run_as_a_formula(store):
    rows = list(csv.reader(io.StringIO(_csv_export(_formula_items(store)))))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells and "'-1+2" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_a_csv_export_with_formula_titles_imports_back_as_the_same_text(store, tmp_path, bodies_file):
    path = tmp_path / "export.csv"
    path.write_text(_csv_export(_formula_items(store)), encoding="utf-8", newline="")
    copy_home = Home(tmp_path / "copy")
    copy_home.init(bodies=bodies_file)
    with copy_home.open_store() as copy:
        import_files(copy, [path], progress=False)
        assert sorted(item["title"] for item in copy.iter_items()) == sorted(FORMULA_TITLES)
        assert {tuple(item["keywords"]) for item in copy.iter_items()} == {('=HYPERLINK("http://evil.example")',)}


# -- forged Host headers ------------------------------------------------------------------

FORGED = "evil.example"
LINKED_DOCUMENTS = ["/feeds/atom", "/sitemap.xml", "/opensearch.xml", "/robots.txt", "/api/openapi.json"]


@pytest.fixture
def forged_app(tmp_path):
    app = open_app(make_home(tmp_path / "home"), allowed_hosts="gk.hlj.example, .mulu.example")
    yield app
    app.close()


@pytest.mark.parametrize("path", LINKED_DOCUMENTS)
@pytest.mark.parametrize("header", ["Host", "X-Forwarded-Host"])
def test_a_forged_host_does_not_reach_the_absolute_links(fresh_app, path, header):
    body = client_for(fresh_app).get(path, headers={header: FORGED}).text
    assert FORGED not in body and "http://127.0.0.1" in body


@pytest.mark.parametrize("path", LINKED_DOCUMENTS)
def test_links_fall_back_on_the_first_allowed_host(forged_app, path):
    body = client_for(forged_app).get(path, headers={"Host": f"{FORGED}:8080"}).text
    assert FORGED not in body and "http://gk.hlj.example" in body


@pytest.mark.parametrize("host", ["gk.hlj.example:8080", "www.mulu.example", "mulu.example"])
def test_an_allowed_host_is_used_for_the_links_as_sent(forged_app, host):
    body = client_for(forged_app).get("/robots.txt", headers={"Host": host}).text
    assert f"Sitemap: http://{host}/sitemap.xml" in body


@pytest.mark.parametrize("host", ["gk.hlj.example/evil", "evil@gk.hlj.example", "gk.hlj.example.evil"])
def test_a_host_header_that_only_looks_allowed_is_not_used(forged_app, host):
    body = client_for(forged_app).get("/robots.txt", headers={"Host": host}).text
    assert body.endswith("Sitemap: http://gk.hlj.example/sitemap.xml\n")


# -- security headers on every response ---------------------------------------------------

HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy")


@pytest.mark.parametrize("method, path, status", [
    ("GET", "/static/site.css", 200),
    ("GET", "/static/none.css", 404),
    ("GET", "/nowhere", 404),
    ("GET", "/api/nowhere", 404),
    ("POST", "/search", 405),
    ("GET", "/static/../catalogue.db", 403),
    ("GET", "/static/%2e%2e/catalogue.db", 403),
])
def test_static_files_and_bottles_own_errors_carry_the_security_headers(fresh_app, method, path, status):
    answer = client_for(fresh_app).request(path, method=method, status=status, expect_errors=True)
    assert [answer.headers.get(name) for name in HEADERS] == [SECURITY_HEADERS[name] for name in HEADERS]
    assert "Traceback" not in answer.text and "SQLite" not in answer.text


def test_a_traversal_out_of_the_static_folder_gives_nothing_of_the_store(fresh_app):
    answer = client_for(fresh_app).get("/static/../catalogue.db", status=403)
    assert answer.content_type == "text/html" and b"SQLite format" not in answer.body


def test_the_staff_pages_keep_their_own_stricter_policy(fresh_app):
    answer = client_for(fresh_app).get("/staff/login")
    assert answer.headers["Referrer-Policy"] == "same-origin"
