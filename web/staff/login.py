"""Logging in and out: ``/staff/login``, ``/staff/logout``, and ``/staff`` itself.

The login form carries a CSRF token too (a random value in a short-lived
cookie and in the form, compared on POST), so no other site can log a
visitor in as someone else. Each failed attempt slows the next answer
(``catalogue.sessions.login_delay``); after repeated failures logins are
refused for a while (429 with ``Retry-After``), even with the right password.

What can go wrong: a wrong name or password re-shows the form with one
message (the same for both); a refused login shows how long to wait.
"""

import hmac
import math
import secrets
import time

import bottle

from catalogue import sessions
from catalogue.errors import Forbidden, TooManyAttempts, Unauthorized

from . import auth
from .routing import Redirect, staff_page

LOGIN_CSRF_COOKIE = "catalogue_login_csrf"
HOME = "/staff/items"


def _safe_next(app, target):
    """Where to go after logging in: a staff page of this site, never another site."""
    if target and target.startswith(app.prefix() + "/staff/") and "//" not in target and "\\" not in target:
        return target
    return app.href(HOME)


def _login_csrf(app):
    token = bottle.request.get_cookie(LOGIN_CSRF_COOKIE)
    if not token:
        token = secrets.token_urlsafe(24)
        bottle.response.set_cookie(LOGIN_CSRF_COOKIE, token, path=auth.cookie_path(app), httponly=True,
                                   samesite="strict", secure=auth.is_https(), max_age=3600)
    return token


def login_page(app, user):
    """GET shows the form; POST checks the password and starts a session."""
    request = bottle.request
    form = {"name": "", "next": request.params.getunicode("next") or ""}
    data = {"ok": True, "form": form, "error": None, "retry_minutes": None,
            "login_csrf": _login_csrf(app), "logged_out": request.query.get("out") == "1"}
    if request.method == "GET":
        if user is not None:
            raise Redirect(_safe_next(app, form["next"]))
        return data
    given = request.forms.getunicode("login_csrf") or ""
    if not hmac.compare_digest(given.encode(), data["login_csrf"].encode()):
        raise Forbidden("the login form has expired: open it again")
    name = request.forms.getunicode("name") or ""
    password = request.forms.getunicode("password") or ""
    form["name"] = name
    delay = sessions.login_delay(app.store, name, auth.client_address())
    if delay:
        time.sleep(delay)   # slows guessing down; the lockout stops it
    try:
        auth.log_in(app, name, password)
    except Unauthorized:
        bottle.response.status = 401
        data["error"] = "login_failed"
        return data
    except TooManyAttempts as exc:
        bottle.response.status = 429
        bottle.response.set_header("Retry-After", str(exc.retry_after or 300))
        data["error"] = "login_refused"
        data["retry_minutes"] = max(1, math.ceil((exc.retry_after or 300) / 60))
        return data
    raise Redirect(_safe_next(app, form["next"]))


def logout_page(app, user):
    auth.log_out(app)
    raise Redirect(app.href("/staff/login", [("out", "1")]))


def staff_home(app, user):
    raise Redirect(app.href(HOME))


def add_routes(app):
    staff_page(app, "/staff/login", "staff_login", login_page, methods=("GET", "POST"), login=False)
    staff_page(app, "/staff/logout", "staff_login", logout_page, methods=("POST",))
    staff_page(app, "/staff", "staff_login", staff_home)
    staff_page(app, "/staff/", "staff_login", staff_home)
