"""Conditional requests: ETag and Last-Modified from the store revision.

Every page and API answer is a function of the URL, the interface language
and the store's contents; the store revision changes whenever the contents
do, and the day does (a scheduled item becomes public on its date). So
``W/"<salt>-<revision>-<lang>;<day>"`` identifies a response without
rendering it, and a client that already holds it gets ``304 Not Modified``
before any search runs. ``salt`` changes with the program version and
settings, so an upgrade or a new site title is never answered with 304.

What can go wrong: a malformed If-Modified-Since date is ignored (as HTTP
says), so the full response is sent.
"""

import datetime as _dt
import email.utils

from catalogue.clock import CHINA_TIME, stamp


def entity_tag(salt, revision, variant):
    """The weak validator for a response at ``revision`` in ``variant`` (a language or a format)."""
    return f'W/"{salt}-{revision}-{variant}"'


def http_date(iso_timestamp):
    """``2026-11-26T09:12:09Z`` as an HTTP date; ``None`` stays ``None``."""
    when = _parse_iso(iso_timestamp)
    return email.utils.format_datetime(when, usegmt=True) if when else None


def _parse_iso(text):
    if not text:
        return None
    when = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.timezone.utc)
    return when.astimezone(_dt.timezone.utc).replace(microsecond=0)


def _opaque(tag):
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def is_not_modified(if_none_match, if_modified_since, etag, last_modified_iso):
    """True when the client's copy is current (RFC 9110 13.1.2 and 13.1.3, weak comparison).

    If-None-Match wins when present: If-Modified-Since has one-second
    resolution, so two writes in one second could otherwise hide the second.
    """
    if if_none_match:
        if if_none_match.strip() == "*":
            return True
        wanted = _opaque(etag)
        return any(_opaque(tag) == wanted for tag in if_none_match.split(","))
    if if_modified_since and last_modified_iso:
        try:
            since = email.utils.parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since is None:
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=_dt.timezone.utc)
        return _parse_iso(last_modified_iso) <= since
    return False


def day_start(day):
    """The moment ``day`` begins in China Standard Time, as a UTC timestamp like the store's."""
    return stamp(_dt.datetime.combine(day, _dt.time(), tzinfo=CHINA_TIME))
