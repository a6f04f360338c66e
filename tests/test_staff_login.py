"""Logging in to the staff pages: sessions, cookies, CSRF, throttling, and what anonymous visitors get."""

import re

from staff_fixtures import PASSWORD
from staff_web_fixtures import login, staff_app  # noqa: F401 (fixture)
from web_fixtures import client_for

from catalogue import audit


def _session_cookie(answer):
    return next(h for n, h in answer.headerlist if n == "Set-Cookie" and h.startswith("catalogue_staff="))


def test_a_clerk_logs_in_and_gets_a_strict_session_cookie(staff_app):
    client = client_for(staff_app)
    form = client.get("/staff/login").forms[0]
    form["name"], form["password"] = "harbin_editor", PASSWORD
    answer = form.submit()
    assert answer.status_int == 303 and answer.location.endswith("/staff/items")
    cookie = _session_cookie(answer)
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower() and "Path=/staff" in cookie
    assert "Max-Age" not in cookie      # ends with the browser; the server ends it sooner when idle


def test_every_login_gets_a_new_session_id(staff_app):
    # A session id planted before the login (session fixation) is never the one that is logged in.
    client = client_for(staff_app)
    client.get("/staff/login")
    ids = []
    for _ in range(2):
        answer = client.post("/staff/login", {"name": "harbin_editor", "password": PASSWORD,
                                              "login_csrf": client.cookies["catalogue_login_csrf"]},
                             status=303)
        ids.append(re.match(r"catalogue_staff=([^;]+)", _session_cookie(answer)).group(1))
    assert ids[0] != ids[1]


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(staff_app):
    answers = []
    for name, password in (("harbin_editor", "不是这个密码-wrong"), ("nobody", PASSWORD)):
        client = client_for(staff_app)
        form = client.get("/staff/login").forms[0]
        form["name"], form["password"] = name, password
        answer = form.submit(status=401)
        answers.append(answer.html.select_one(".problem").get_text())
    assert answers[0] == answers[1] == "用户名或密码不正确。"


def test_after_ten_wrong_passwords_in_a_minute_the_right_one_is_refused_too(staff_app, monkeypatch):
    monkeypatch.setattr("time.sleep", lambda seconds: None)   # the slow-down, not the rule, is skipped
    client = client_for(staff_app)
    for _ in range(10):
        form = client.get("/staff/login").forms[0]
        form["name"], form["password"] = "harbin_editor", "错误的密码-wrong-pass"
        form.submit(status=401)
    form = client.get("/staff/login").forms[0]
    form["name"], form["password"] = "harbin_editor", PASSWORD
    answer = form.submit(status=429)
    assert int(answer.headers["Retry-After"]) > 0
    assert "登录失败次数过多" in answer.text
    actions = [e["action"] for e in audit.entries(staff_app.store, user="harbin_editor")]
    assert actions.count("login_failed") == 10 and "login_refused" in actions


def test_a_login_form_from_another_site_is_refused(staff_app):
    client = client_for(staff_app)
    client.post("/staff/login", {"name": "harbin_editor", "password": PASSWORD, "login_csrf": "forged"},
                status=403)


def test_an_anonymous_visitor_is_sent_to_the_login_page(staff_app):
    answer = client_for(staff_app).get("/staff/?state=submitted", status=303)
    assert "/staff/login?next=" in answer.location and "%2Fstaff%2F%3Fstate%3Dsubmitted" in answer.location
    assert answer.headers["Cache-Control"] == "no-store"


def test_login_sends_the_person_back_where_they_were_going_but_never_off_site(staff_app):
    for target, expected in (("/staff/?state=submitted", "/staff/?state=submitted"), ("https://evil.example/", "/staff/items"),
                             ("//evil.example/staff/", "/staff/items")):
        client = client_for(staff_app)
        form = client.get("/staff/login", {"next": target}).forms[0]
        form["name"], form["password"] = "admin", PASSWORD
        assert form.submit(status=303).location.endswith(expected)


def test_logging_out_needs_the_forms_csrf_token(staff_app):
    client = login(staff_app, "harbin_editor")
    client.post("/staff/logout", {}, status=403)      # no CSRF token: refused, still logged in
    assert client.get("/staff/login", status=303).location.endswith("/staff/items")
