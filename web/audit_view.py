"""How the audit trail reads, for ``catalogue audit`` and ``/staff/audit`` alike.

An entry's ``details`` (``catalogue.audit``) become an edit's changed fields
as ``(field, old, new)`` and the other facts as ``(key, value)``; values
become text (a list joined with "；", nothing as ""). Filter dates are days
in China Standard Time, as every date in the catalogue is (the trail's
``at`` is UTC): ``moment`` turns what was typed into an aware datetime, and
``day_after`` gives the end of an inclusive "until" day.

What can go wrong: ``moment`` raises ``ValueError`` for text that is
neither a date nor a time.
"""

import datetime as _dt
import json
import re

from catalogue.clock import CHINA_TIME, parse

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def moment(text):
    """A date (``YYYY-MM-DD``: its first second in China) or an ISO time (China's unless it says)."""
    text = (text or "").strip()
    if DATE.match(text):
        return _dt.datetime.combine(_dt.date.fromisoformat(text), _dt.time(), CHINA_TIME)
    try:
        when = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f'"{text}" is not a date (YYYY-MM-DD) or a time (YYYY-MM-DDTHH:MM)') from None
    return when if when.tzinfo else when.replace(tzinfo=CHINA_TIME)


def day_after(text):
    """The start of the day after the date ``text``: an "until" that includes that day."""
    return moment(text) + _dt.timedelta(days=1) if DATE.match((text or "").strip()) else moment(text)


def china_time(at):
    """A stored UTC stamp as China's wall-clock time, ``YYYY-MM-DD HH:MM:SS``."""
    return parse(at).astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M:%S")


def as_text(value):
    """A detail's value as text: lists joined with "；", nothing as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "；".join(as_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def changes(entry):
    """An edit's changed fields: ``[(field, old, new)]``, values as text."""
    found = (entry.get("details") or {}).get("changes") or {}
    return [(field, as_text(pair[0]), as_text(pair[1]))
            for field, pair in found.items() if isinstance(pair, list) and len(pair) == 2]


def _plain(key, value):
    return as_text(value)


def facts(entry, word=_plain):
    """The details other than an edit's changes and empty ones: ``[(key, text)]``, the user first.

    ``word(key, value)`` makes a value text (the page words some in the
    visitor's language). A role or body change (``[old, new]``) reads
    "old → new" (the one value when it stayed).
    """
    pairs = []
    for key, value in (entry.get("details") or {}).items():
        if key == "changes" or value is None:
            continue
        if key in ("role", "body") and isinstance(value, list) and len(value) == 2:
            old, new = (word(key, v) or "-" for v in value)
            text = new if old == new else f"{old} → {new}"
        else:
            text = word(key, value)
        pairs.append((key, text))
    return sorted(pairs, key=lambda pair: pair[0] != "user")


def one_line(entry, width=60):
    """The details on one line, each value cut to ``width`` characters, for a terminal."""
    def short(text):
        text = " ".join(text.split()) or "(empty)"
        return text if len(text) <= width else text[:width - 1] + "…"
    parts = [f"{field}: {short(old)} → {short(new)}" for field, old, new in changes(entry)]
    parts += [f"{key}={short(value)}" for key, value in facts(entry)]
    return "; ".join(parts)
