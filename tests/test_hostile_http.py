"""Hostile HTTP: a real fault under the app answers 500 without details; no way out of the static folder.

The faults are real: the store's table dropped by another connection, the
store's file replaced by a folder. Traversal is tried through WebTest and
through a real ``catalogue serve`` with the raw bytes of the request line
(waitress decodes the path itself), encoded dots and slashes, backslashes,
absolute paths, overlong UTF-8 and NUL.
"""

import http.client
import logging
import os
import sqlite3
from urllib.parse import quote, urlsplit

import pytest

from processes import serving
from web.app import SECURITY_HEADERS
from web_fixtures import client_for, make_home, open_app

PAGES = ["/", "/search?q=公开", "/items/11230000001/2011-00043", "/bodies", "/feeds/atom", "/sitemap.xml",
         "/api/search?q=公开", "/api/items/11230000001/2011-00043", "/api/bodies", "/api/health"]
# What a stack trace or an error message of the server would show.
DETAILS = ("Traceback", 'File "', ".py", "sqlite3", "OperationalError", "catalogue.db", "/tmp/", "/work/")


@pytest.fixture
def home(tmp_path):
    return make_home(tmp_path / "home")


def drop_items_table(path):
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DROP TABLE items")


def folder_instead_of_the_store(app):
    app.store.close()
    path = str(app.store.path)
    os.rename(path, path + ".moved")
    for suffix in ("-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    os.mkdir(path)


def leaks(text):
    return [detail for detail in DETAILS if detail in text]


@pytest.mark.parametrize("fault", [drop_items_table, folder_instead_of_the_store], ids=["dropped", "folder"])
def test_a_store_broken_under_the_app_gives_500s_without_details(home, fault, caplog):
    app = open_app(home)
    try:
        fault(app.store.path) if fault is drop_items_table else fault(app)
        client = client_for(app)
        found = {}
        with caplog.at_level(logging.ERROR):
            for path in PAGES:
                where, _, query = path.partition("?")
                answer = client.get(where, [tuple(query.split("="))] if query else [], expect_errors=True)
                found[path] = (answer.status_int, leaks(answer.text))
            answer = client.post_json("/api/items", {"title": "通知"}, headers={"Authorization": "Bearer dct_x"},
                                      expect_errors=True)
        assert found == {path: (500, []) for path in found}
        assert answer.status_int >= 400 and leaks(answer.text) == []
        answer = client.get("/api/bodies", status=500)
        assert answer.json == {"ok": False, "status": 500, "error": "internal server error", "errors": []}
        assert "catalogue.db" in caplog.text or "items" in caplog.text     # the details went to the log
    finally:
        app.close()


def test_the_error_page_of_a_500_says_in_chinese_that_it_failed(home):
    app = open_app(home)
    try:
        drop_items_table(app.store.path)
        answer = client_for(app).get("/search", {"q": "公开"}, status=500)
        assert "服务器处理请求时出错" in answer.text
        assert [answer.headers.get(name) for name in SECURITY_HEADERS] == list(SECURITY_HEADERS.values())
    finally:
        app.close()


# -- the static folder -----------------------------------------------------------------------

# Each tries to read web/app.py (next to web/static) or a file of the system.
TRAVERSALS = [
    "/static/../app.py", "/static/%2e%2e/app.py", "/static/%2E%2E/app.py", "/static/..%2fapp.py",
    "/static/..%2Fapp.py", "/static/%2e%2e%2fapp.py", "/static/.%2e/app.py", "/static/..\\app.py",
    "/static/..%5capp.py", "/static/%5c..%5capp.py", "/static//etc/passwd", "/static/%2fetc%2fpasswd",
    "/static/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd", "/static/site.css%00.js", "/static/..%00/app.py",
    "/static/%00../app.py", "/static/%252e%252e/app.py", "/static/....//app.py", "/static/%c0%ae%c0%ae/app.py",
    "/static/..;/app.py", "/static/templates/../../web/app.py", "/static/site.css/../../app.py",
    "/static/C:\\Windows\\win.ini", "/static/file:///etc/passwd",
]
SECRETS = (b"def create_app", b"root:x:", b"SQLite format", b"[fonts]")


def test_every_traversal_out_of_the_static_folder_is_refused(home):
    app = open_app(home)
    try:
        client = client_for(app)
        got = {}
        for path in TRAVERSALS:
            answer = client.get(path, expect_errors=True)
            got[path] = (answer.status_int in (400, 403, 404), [s for s in SECRETS if s in answer.body])
        assert got == {path: (True, []) for path in TRAVERSALS}
    finally:
        app.close()


def raw_get(base, target):
    """``GET target`` with ``target`` sent byte for byte as the request line: (status, body)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.putrequest("GET", target, skip_accept_encoding=True)
        connection.endheaders()
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def test_a_real_server_refuses_every_traversal_as_sent(home):
    with serving(home.path) as server:
        got = {}
        for path in TRAVERSALS:
            status, body = raw_get(server.base, path.replace("\\", "%5c"))
            got[path] = (status in (400, 403, 404), [s for s in SECRETS if s in body])
        status, body = raw_get(server.base, "/static/site.css")
    assert got == {path: (True, []) for path in TRAVERSALS}
    assert status == 200 and b"def create_app" not in body


def test_a_real_server_answers_a_broken_store_with_500s_without_details(home):
    with serving(home.path) as server:
        assert raw_get(server.base, "/api/health")[0] == 200
        drop_items_table(home.path / "catalogue.db")
        answers = {path: raw_get(server.base, quote(path, safe="/?=&")) for path in PAGES}
    # /api/health may still answer from what the process knows; it must not say more.
    assert {path: (status, leaks(body.decode("utf-8"))) for path, (status, body) in answers.items()
            if path != "/api/health"} == {path: (500, []) for path in PAGES if path != "/api/health"}
    assert leaks(answers["/api/health"][1].decode("utf-8")) == []
