"""The Art. 26 check: proactive items are published within 20 working days of being written.

For each item with a written date (成文日期), the working days from that date
to its publish date by ``catalogue.calendar`` (days after the written date
up to and including the publish date). On time is at most ``LIMIT``. A
count that needs a year the calendar has no file for is ``unknown``, never
a guess; an item without a written date cannot be checked and is counted
apart.

``late_items`` serves the staff's list: published items that were late or
nearly so, and unpublished ones (draft, submitted, rejected) that will be
late unless published within a few working days.

What can go wrong: nothing raises for item data; ``UnknownCalendar`` is
caught and reported as ``unknown``.
"""

import datetime as _dt
from collections import Counter

from .calendar import UnknownCalendar
from .stats import scope

LIMIT = 20
UNPUBLISHED = ("draft", "submitted", "rejected")


def _date(text):
    return _dt.date.fromisoformat(str(text)[:10])


def working_days(item, calendar):
    """``(days, None)``, or ``(None, reason)``: ``no_written_date`` or ``unknown`` (calendar years missing)."""
    if not item.get("written_date"):
        return None, "no_written_date"
    try:
        return calendar.working_days_between(_date(item["written_date"]), _date(item["publish_date"])), None
    except UnknownCalendar:
        return None, "unknown"


def on_time(items, bodies, calendar, *, issuer=None, limit=LIMIT):
    """The share published on time per issuing body and publication year, and in all per year.

    Returns ``{"limit", "rows": [{"issuer", "year", "items", "checked",
    "on_time", "late", "unknown", "no_written_date", "on_time_pct"}],
    "years": [same without issuer]}``; ``on_time_pct`` is of the checked
    items (one decimal), ``None`` when none could be checked.
    """
    names = scope(bodies, issuer)
    per_body, per_year = {}, {}
    for item in items:
        if item["issuer"] not in names:
            continue
        days, reason = working_days(item, calendar)
        outcome = reason or ("on_time" if days <= limit else "late")
        year = int(item["publish_date"][:4])
        per_body.setdefault((item["issuer"], year), Counter())[outcome] += 1
        per_year.setdefault(year, Counter())[outcome] += 1
    order = {b["name"]: n for n, b in enumerate(bodies)}
    rows = [dict(_shares(c), issuer=name, year=year)
            for (name, year), c in sorted(per_body.items(), key=lambda kv: (kv[0][1], order[kv[0][0]]))]
    years = [dict(_shares(c), year=year) for year, c in sorted(per_year.items())]
    return {"limit": limit, "rows": rows, "years": years}


def _shares(counts):
    checked = counts["on_time"] + counts["late"]
    return {"items": sum(counts.values()), "checked": checked, "on_time": counts["on_time"],
            "late": counts["late"], "unknown": counts["unknown"],
            "no_written_date": counts["no_written_date"],
            "on_time_pct": round(counts["on_time"] * 100.0 / checked, 1) if checked else None}


def late_items(items, calendar, today, *, within=5, limit=LIMIT):
    """Items late or nearly late, most urgent first.

    Published items: ``late`` past ``limit`` working days, ``nearly`` within
    ``within`` days of it. Unpublished items with a written date: the last
    day to publish on time (``deadline``) and the working days left from
    ``today`` (negative once past): ``overdue`` when past, ``due_soon``
    when at most ``within`` remain. Where the calendar lacks a year the
    count needs, the item is listed as ``unknown``. Returns ``[{"index_no",
    "title", "issuer", "status", "written_date", "publish_date", "days",
    "deadline", "days_left", "state"}]``.
    """
    found = []
    for item in items:
        if not item.get("written_date"):
            continue
        entry = {k: item.get(k) for k in ("index_no", "title", "issuer", "status",
                                          "written_date", "publish_date")}
        entry.update(days=None, deadline=None, days_left=None)
        if item["status"] in UNPUBLISHED:
            state = _unpublished(entry, item, calendar, today, within, limit)
        elif item["status"] == "published":
            days, reason = working_days(item, calendar)
            entry["days"] = days
            state = reason if reason == "unknown" else (
                "late" if days > limit else "nearly" if days > limit - within else None)
        else:
            state = None
        if state:
            entry["state"] = state
            found.append(entry)
    urgency = {"overdue": 0, "due_soon": 1, "unknown": 2, "late": 3, "nearly": 4}
    found.sort(key=lambda e: (urgency[e["state"]], e["days_left"] if e["days_left"] is not None
                              else -(e["days"] or 0), e["index_no"]))
    return found


def _unpublished(entry, item, calendar, today, within, limit):
    try:
        deadline = calendar.add_working_days(_date(item["written_date"]), limit)
        left = (calendar.working_days_between(today, deadline) if deadline >= today
                else -calendar.working_days_between(deadline, today))
    except UnknownCalendar:
        return "unknown"
    entry.update(deadline=deadline.isoformat(), days_left=left)
    if deadline < today:
        return "overdue"
    return "due_soon" if left <= within else None
