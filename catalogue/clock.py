"""Times as the store writes them: UTC, ISO 8601 to the second, with ``Z``.

Text of this one shape sorts as the times do, so SQL compares stamps as
strings. Functions that depend on the time take ``now`` (an aware
datetime) so tests can move the clock instead of sleeping.

What can go wrong: ``ValueError`` from ``parse`` for text that is not a stamp.
"""

import datetime as _dt


def utcnow():
    """The current time as a stamp."""
    return stamp()


def stamp(now=None):
    """``now`` (an aware datetime; default: the clock) as a stamp."""
    now = now or _dt.datetime.now(_dt.timezone.utc)
    return now.astimezone(_dt.timezone.utc).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def parse(text):
    """A stamp back as an aware UTC datetime."""
    return _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


# The bodies' own clock: a publish date "today" is today in China Standard Time.
CHINA_TIME = _dt.timezone(_dt.timedelta(hours=8), "CST")


def china_today(now=None):
    """Today's date in China Standard Time (``now``: an aware datetime; default: the clock)."""
    return (now or _dt.datetime.now(_dt.timezone.utc)).astimezone(CHINA_TIME).date()


def now_utc(now=None):
    """``now`` if given, else the clock, as an aware UTC datetime."""
    return (now or _dt.datetime.now(_dt.timezone.utc)).astimezone(_dt.timezone.utc)
