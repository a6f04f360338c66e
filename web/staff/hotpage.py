"""``/staff/hot``: the most searched queries of the last 30 days, each with a button to hide or show it.

Admins only: a hidden query leaves the hot lists and related searches
(``catalogue.searchlog.hide``), and each change is in the audit trail.
GET lists; POST (``query``, ``action`` hide|show, the CSRF token) changes one
and sends the browser back to the list.

What can go wrong: anyone but an active admin is refused (403); an action
other than hide or show, or no query, is answered 400.
"""

import datetime as _dt

import bottle

from catalogue import access, searchlog
from catalogue.errors import Problem, ValidationError

from ..hot import PERIODS
from . import auth
from .routing import Redirect, staff_page

PATH = "/staff/hot"
LISTED = 100


def hot_page(app, user):
    access.can_manage_users(user)
    if bottle.request.method == "POST":
        form = bottle.request.forms
        query, action = form.getunicode("query", "").strip(), form.getunicode("action", "")
        if not query or action not in ("hide", "show"):
            raise ValidationError([Problem("action", "say hide or show, and which query")])
        change = searchlog.hide if action == "hide" else searchlog.show
        change(app.store, query, user, address=auth.client_address())
        raise Redirect(app.href(PATH))
    since = app.index.today() - _dt.timedelta(days=PERIODS[-1] - 1)
    rows = app.search_counter.top(since, LISTED, 1, hidden=True)
    listed = {row["query"] for row in rows}
    hidden = [{"query": q, "count": 0, "hidden": True} for q in searchlog.hidden(app.store) if q not in listed]
    return {"ok": True, "days": PERIODS[-1], "min_count": app.settings.hot_min_count, "queries": rows + hidden}


def add_routes(app):
    staff_page(app, PATH, "staff_hot", hot_page, methods=("GET", "POST"))
