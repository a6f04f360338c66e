"""``/staff/audit``: the audit trail for staff, newest first, filtered and paged.

An admin sees every entry; anyone else the entries about their bodies
(``catalogue.access.audit_scope``: their body and those under it). Filters,
all in the query string so a view can be bookmarked: ``user`` (the actor),
``action``, ``since`` and ``until`` (days in Beijing time, both included),
``index_no`` (one item's history) and ``page``. Each entry shows its time,
actor, action, item, body and address, an edit's changed fields with their
old and new values, and its other details, labelled in the visitor's
language.

The page only reads: it answers GET alone (other methods get 405), and
nothing in the application changes or deletes an entry (the store refuses
both with a trigger).

What can go wrong: a date that is no date re-shows the form with the error
beside the field (400) and no entries; a disabled user is refused (403).
"""

import bottle

from catalogue import access, audit
from catalogue.items import FIELD_NAMES

from .. import i18n
from ..audit_view import as_text, changes, china_time, day_after, facts, moment
from .routing import staff_page

PATH = "/staff/audit"
PER_PAGE = 50
FILTERS = ("user", "action", "since", "until", "index_no")
# A value longer than this is folded away (a changed full text), its start shown.
LONG = 120


def _filters(app):
    """The filters as typed, and a problem (an interface-text key and value) per bad date."""
    pairs = dict(app.query_pairs())
    given = {name: (pairs.get(name) or "").strip() for name in FILTERS}
    if given["action"] not in audit.ACTIONS:
        given["action"] = ""
    problems = {}
    for name in ("since", "until"):
        if given[name]:
            try:
                moment(given[name])
            except ValueError:
                problems[name] = given[name]
    try:
        page = max(1, int(pairs.get("page") or 1))
    except ValueError:
        page = 1
    return given, problems, page


def _folded(text, limit=LONG):
    """A value to show: its text, and its first part when it is long enough to fold away."""
    return {"text": text, "short": text[:limit // 2] + "…" if len(text) > limit else None}


def _label(lang, prefix, name, default):
    key = f"{prefix}{name}"
    return i18n.text(lang, key) if key in i18n.TEXT else default


def _word(lang):
    """How the page words a detail's value: yes/no, states and roles in the visitor's language."""
    def word(key, value):
        if isinstance(value, bool):
            return i18n.text(lang, "audit_yes" if value else "audit_no")
        if key in ("status", "role") and isinstance(value, str):
            return _label(lang, f"audit_{key}_", value, value)
        return as_text(value)
    return word


def _entry(lang, entry):
    return {
        "at": entry["at"], "when": china_time(entry["at"]), "actor": entry["actor"],
        "address": entry["address"], "action": entry["action"],
        "action_label": i18n.text(lang, f"audit_action_{entry['action']}"),
        "index_no": entry["index_no"], "body": entry["body"],
        "changes": [{"label": i18n.field_label(lang, field) if field in FIELD_NAMES else field,
                     "old": _folded(old), "new": _folded(new)}
                    for field, old, new in changes(entry)],
        "facts": [{"label": _label(lang, "audit_key_", key, key), **_folded(text)}
                  for key, text in facts(entry, _word(lang))],
    }


def audit_page(app, user):
    """The page's data: the filters, the entries of this page, links to newer and older ones."""
    lang = app.lang()
    bodies = access.audit_scope(app.store, user)
    given, problems, page = _filters(app)
    found = []
    if problems:
        bottle.response.status = 400
    else:
        found = audit.entries(
            app.store, bodies=bodies, user=given["user"] or None, action=given["action"] or None,
            index_no=given["index_no"] or None,
            since=moment(given["since"]) if given["since"] else None,
            until=day_after(given["until"]) if given["until"] else None,
            limit=PER_PAGE + 1, offset=(page - 1) * PER_PAGE)
    kept = [(name, given[name]) for name in FILTERS if given[name]]

    def page_href(number):
        return app.href(PATH, kept + ([("page", number)] if number > 1 else []))
    return {
        "ok": not problems, "filters": given, "problems": problems, "page": page,
        "scope_body": None if bodies is None else user["body"],
        "actions": [(name, i18n.text(lang, f"audit_action_{name}")) for name in audit.ACTIONS],
        "entries": [_entry(lang, e) for e in found[:PER_PAGE]],
        "newer": page_href(page - 1) if page > 1 else None,
        "older": page_href(page + 1) if len(found) > PER_PAGE else None,
    }


def add_routes(app):
    staff_page(app, PATH, "staff_audit", audit_page)
