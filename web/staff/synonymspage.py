"""``/staff/synonyms``: the synonym groups searches apply, with forms to add a group and remove one.

Admins only. A group is typed as its terms separated by spaces, commas or
、 (低保 最低生活保障); each change is audited (``synonyms_edit``) and applies
from the next search on, in every server following the store (no reindex).
GET lists; POST (``action`` add with ``terms``, or remove with ``group``,
and the CSRF token) changes and sends the browser back to the list.

What can go wrong: anyone but an active admin is refused (403); a group of
fewer than two terms, or an unknown action, is answered 400; an unknown
group 404.
"""

import re

import bottle

from catalogue import access, synonymstore
from catalogue.errors import Problem, ValidationError
from catalogue.paths import data_dir
from index.synonyms import stored

from . import auth
from .routing import Redirect, staff_page

PATH = "/staff/synonyms"
_SEPARATORS = re.compile(r"[\s,，、;；]+")


def synonyms_page(app, user):
    access.can_manage_users(user)
    stored(app.store, data_dir())       # a store that has no groups yet takes the file's
    if bottle.request.method == "POST":
        form = bottle.request.forms
        action = form.getunicode("action", "")
        if action == "add":
            terms = _SEPARATORS.split(form.getunicode("terms", ""))
            synonymstore.add(app.store, terms, user, address=auth.client_address())
        elif action == "remove" and (form.getunicode("group", "") or "").isdigit():
            synonymstore.remove(app.store, int(form.getunicode("group")), user, address=auth.client_address())
        else:
            raise ValidationError([Problem("action", "say add (with terms) or remove (with a group)")])
        raise Redirect(app.href(PATH))
    return {"ok": True, "groups": synonymstore.groups(app.store)}


def add_routes(app):
    staff_page(app, PATH, "staff_synonyms", synonyms_page, methods=("GET", "POST"))
