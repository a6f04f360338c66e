"""``/staff/late``: items of the staff member's bodies that are late, nearly late or due (Art. 26).

Listed, most urgent first (``catalogue.deadline.late_items``): unpublished
items (draft, submitted, rejected) already past their 20th working day or
with at most ``within`` working days left, items whose count needs a year
the holiday calendar lacks, and published items that took more than 20
working days or nearly so. ``?within=N`` (1–20, default 5) sets how far
ahead to warn. A person sees only their body and the bodies under it
(``catalogue.access.scope_of``; an admin every body).

The page only reads (GET).

What can go wrong: a ``within`` that is no number from 1 to 20 is answered
400 naming it; a disabled account is refused (403).
"""

from catalogue import access, deadline
from catalogue.calendar import HomeCalendar
from catalogue.statrows import stat_items
from catalogue.errors import BadValue, ValidationError

from .routing import staff_page

PATH = "/staff/late"
WITHIN_DEFAULT, WITHIN_MIN, WITHIN_MAX = 5, 1, deadline.LIMIT
_STATUSES = deadline.UNPUBLISHED + ("published",)


def _within(app):
    text = (dict(app.query_pairs()).get("within") or "").strip()
    if not text:
        return WITHIN_DEFAULT
    value = int(text) if text.isascii() and text.isdigit() else None
    if value is None or not WITHIN_MIN <= value <= WITHIN_MAX:
        bad = BadValue("not_a_number", f"must be a whole number from {WITHIN_MIN} to {WITHIN_MAX}",
                       value=text, min=WITHIN_MIN, max=WITHIN_MAX)
        raise ValidationError([bad.problem("within")])
    return value


def late_page(app, user):
    """The page's data: the warning window, the scope and the items found."""
    access.require_active(user)
    within = _within(app)
    scope = access.scope_of(app.store, user)
    items = (item for item in stat_items(app.store, _STATUSES) if item["issuer"] in scope)
    found = deadline.late_items(items, app.late_calendar.get()[1], app.index.today(), within=within)
    return {"ok": True, "within": within, "limit": deadline.LIMIT,
            "scope_body": None if user.get("role") == access.ADMIN else user.get("body"),
            "items": found}


def add_routes(app):
    app.late_calendar = HomeCalendar(app.settings.catalogue_home().path)
    staff_page(app, PATH, "staff_late", late_page)
