"""Staff tried from outside: a real ``catalogue serve`` on 127.0.0.1 and a client with nothing but HTTP.

``Browser`` speaks HTTP with ``http.client`` (no WebTest, no redirects
followed) and keeps the cookies a browser would; ``log_in`` goes through
the real login form, ``csrf_of`` reads a page's CSRF token as a browser's
form would carry it. ``outside_home`` makes a home with the staff accounts
of tests/staff_fixtures.py, API tokens for the Harbin staff, and provincial
items (黑龙江省财政厅, outside Harbin's scope) in every state, then reads
the app's routes (``app.routes``) before any server runs on it.
"""

import http.client
import json
import re
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import quote, urlencode, urlsplit

from catalogue import accounts, workflow
from staff_fixtures import ACCOUNTS, FINANCE, PASSWORD, finance_item, require_review
from web_fixtures import make_home, open_app

SECRECY = "赵敏（财政厅办公室）"
FOREIGN = "https://evil.example"
CITY_STAFF = ("harbin_editor", "harbin_reviewer")


@dataclass
class Answer:
    status: int
    headers: object
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


class Browser:
    """A client of a real server with its own cookies; every answer as sent (no redirect followed)."""

    def __init__(self, base):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = {}

    def request(self, method, path, *, form=None, body=None, content_type=None, headers=None):
        sent = {"Host": f"{self.host}:{self.port}"}
        if form is not None:
            body, content_type = urlencode(form).encode("utf-8"), "application/x-www-form-urlencoded"
        if content_type:
            sent["Content-Type"] = content_type
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        sent.update(headers or {})
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        try:
            connection.request(method, quote(path, safe="/?=&%:;+,"), body=body, headers=sent)
            answer = connection.getresponse()
            data = answer.read()
        finally:
            connection.close()
        for line in answer.headers.get_all("Set-Cookie") or []:
            self._keep(line)
        return Answer(answer.status, answer.headers, data)

    def _keep(self, line):
        cookie = SimpleCookie()
        cookie.load(line)
        for name, morsel in cookie.items():
            if morsel["max-age"] and int(morsel["max-age"]) <= 0:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, form, **kwargs):
        return self.request("POST", path, form=form, **kwargs)

    def send_json(self, method, path, data, **kwargs):
        return self.request(method, path, body=json.dumps(data).encode("utf-8"),
                            content_type="application/json", **kwargs)


def hidden(html, name):
    """The value of the hidden field ``name`` in ``html`` (``None`` if there is none)."""
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else None


def log_in(browser, name, password=PASSWORD, next_path=""):
    """The answer to the real login form posted with ``name`` and ``password``."""
    page = browser.get("/staff/login")
    return browser.post("/staff/login", {"login_csrf": hidden(page.text, "login_csrf"), "next": next_path,
                                         "name": name, "password": password})


def csrf_of(browser):
    """The CSRF token the staff pages' forms carry for this browser's session."""
    return hidden(browser.get("/staff/items").text, "csrf")


def _provincial_items(store):
    """Items of 黑龙江省财政厅 in every state: index number by state."""
    editor, reviewer = (accounts.get_user(store, n) for n in ("finance_editor", "finance_reviewer_a"))
    other = accounts.get_user(store, "finance_reviewer_b")
    made = {}
    for state in ("draft", "submitted"):
        made[state] = workflow.create(store, editor, finance_item(title=f"财政厅{state}状态的通知"),
                                      status=state, secrecy_checked_by=SECRECY)["index_no"]
    for state in ("published", "withdrawn"):
        number = workflow.create(store, editor, finance_item(title=f"财政厅{state}状态的通知"),
                                 status="submitted", secrecy_checked_by=SECRECY)["index_no"]
        workflow.approve(store, reviewer, number)
        if state == "withdrawn":
            workflow.withdraw(store, other, number, "已被新文件替代")
        made[state] = number
    return made


def outside_home(path):
    """``(home, provincial, tokens, routes)``: see the module docstring."""
    home = make_home(path)
    with home.open_store() as store:
        require_review(store)
        for name, (role, body) in ACCOUNTS.items():
            accounts.add_user(store, name, PASSWORD, role=role, body=body, actor="test")
        provincial = _provincial_items(store)
        tokens = {name: accounts.create_token(store, name, actor="test")["token"] for name in CITY_STAFF}
    app = open_app(home)
    try:
        routes = [(route.method, route.rule) for route in app.routes]
    finally:
        app.close()
    return home, provincial, tokens, routes


def item_path(index_no, tail=""):
    return "/staff/items/" + quote(index_no) + tail


def api_path(index_no, tail=""):
    return "/api/items/" + quote(index_no) + tail


def titles_of(store, numbers):
    return {number: store.get(number)["title"] for number in numbers}


def snapshot(store, numbers):
    """What must not change: each item's state, fields and revision."""
    return {number: (store.get(number)["status"], store.get(number)["title"], store.get(number)["revision"])
            for number in numbers}


FINANCE_BODY = FINANCE
