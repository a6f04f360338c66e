"""Logging in: checking a password with throttling, and the sessions that follow.

``check_login`` verifies a name and password. Every wrong attempt is
recorded (name typed, address, time); after ``FAILURE_LIMIT`` wrong
passwords for one account or from one address within ``FAILURE_WINDOW``,
every attempt for ``LOCKOUT`` is refused, even with the right password
(``TooManyAttempts``, 429). Below that, ``login_delay`` says how long the
web layer should wait before answering. Logins, failures and refusals are
audited.

A session is made at each login (``create_session``: a new random id, never
reused) and stored as the id's sha256 with its CSRF token; it lapses after
``IDLE`` without use or ``ABSOLUTE`` after login, and ``delete_session`` ends
it (logout). Functions that depend on the time take ``now`` (an aware
datetime) so tests can move the clock.

What can go wrong: ``Unauthorized`` (a wrong password or unknown user: the
same message for both, so it does not tell which names exist),
``TooManyAttempts`` with ``retry_after`` seconds.
"""

import datetime as _dt
import hashlib
import hmac
import math
import secrets
import unicodedata

from . import accounts, audit, clock
from .errors import TooManyAttempts, Unauthorized
from .passwords import verify_password, waste_time

IDLE = _dt.timedelta(minutes=30)
ABSOLUTE = _dt.timedelta(hours=12)
FAILURE_LIMIT = 10
FAILURE_WINDOW = _dt.timedelta(seconds=60)
LOCKOUT = _dt.timedelta(minutes=5)
# Each recent failure slows the next answer by this much, up to the cap.
DELAY_PER_FAILURE_S = 0.25
DELAY_MAX_S = 2.0
# Failures older than this are forgotten (pruned when a new one is written).
KEEP_FAILURES = _dt.timedelta(days=1)
# last_seen is written at most this often: a page view need not take the writer lock.
TOUCH_EVERY = _dt.timedelta(seconds=60)
WRONG = "wrong user name or password"


def _failures(store, name, address, since):
    """Times of failures for ``name`` and from ``address`` since ``since``, each sorted."""
    found = []
    for column, value in (("name", name), ("address", address)):
        if value:
            rows = store._query(f"SELECT at FROM login_failures WHERE {column} = ? AND at >= ? ORDER BY at",
                                (value, clock.stamp(since)))
            found.append([clock.parse(at) for (at,) in rows])
    return found


def locked_until(store, name, address=None, *, now=None):
    """When logins for ``name`` or from ``address`` may be tried again, or ``None`` if they may now."""
    now = clock.now_utc(now)
    until = None
    for times in _failures(store, name, address, now - LOCKOUT - FAILURE_WINDOW):
        for last in range(FAILURE_LIMIT - 1, len(times)):
            if times[last] - times[last - FAILURE_LIMIT + 1] <= FAILURE_WINDOW:
                end = times[last] + LOCKOUT
                until = end if until is None or end > until else until
    return until if until is not None and until > now else None


def login_delay(store, name, address=None, *, now=None):
    """Seconds the web layer should wait before answering an attempt: grows with recent failures."""
    now = clock.now_utc(now)
    recent = max((len(t) for t in _failures(store, name, address, now - FAILURE_WINDOW)), default=0)
    return min(DELAY_MAX_S, DELAY_PER_FAILURE_S * recent)


def check_login(store, name, password, address=None, *, now=None):
    """The user ``name`` when ``password`` is theirs; else ``Unauthorized`` or ``TooManyAttempts``.

    The password is checked outside the writer lock (scrypt takes tens of
    milliseconds); the outcome is recorded in one short transaction.
    """
    now = clock.now_utc(now)
    # Normalised as account names are, so a full-width spelling of a name
    # counts against the same account's failures.
    typed = unicodedata.normalize("NFKC", name).strip()[:accounts.NAME_MAX] if isinstance(name, str) else ""
    until = locked_until(store, typed, address, now=now)
    if until is not None:
        wait = math.ceil((until - now).total_seconds())
        with store.transaction() as tx:
            audit.record(tx, typed or None, "login_refused", address=address,
                         details={"retry_after": wait})
        raise TooManyAttempts(f"too many failed logins: try again in {math.ceil(wait / 60)} "
                              f"minute{'s' if wait > 60 else ''}", retry_after=wait)
    user, stored = accounts.password_hash(store, typed)
    if user is None:
        ok, reason = waste_time(password), "unknown user"
    elif user["disabled"]:
        ok, reason = waste_time(password), "disabled"
    else:
        ok, reason = verify_password(password, stored), "wrong password"
    with store.transaction(actor=typed or None) as tx:
        if ok:
            # A good login forgets the account's failures (not the address's).
            tx._exec("DELETE FROM login_failures WHERE name = ?", (user["name"],))
            audit.record(tx, user, "login", body=user["body"], address=address)
        else:
            tx._exec("DELETE FROM login_failures WHERE at < ?", (clock.stamp(now - KEEP_FAILURES),))
            tx._insert("INSERT INTO login_failures (name, address, at) VALUES (?, ?, ?)",
                       (typed or None, address, clock.stamp(now)))
            audit.record(tx, typed or None, "login_failed", body=user["body"] if user else None,
                         address=address, details={"reason": reason})
    if not ok:
        raise Unauthorized(WRONG)
    return user


# -- sessions -------------------------------------------------------------------

def _hash(session_id):
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def create_session(store, user, *, address=None, now=None):
    """A new session for ``user`` (just logged in): returns ``(session_id, csrf_token)``.

    Only the id's hash is kept; lapsed sessions are cleared on the way.
    """
    now = clock.now_utc(now)
    session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with store.transaction(actor=user["name"]) as tx:
        tx._exec("DELETE FROM sessions WHERE expires <= ?", (clock.stamp(now),))
        tx._exec("INSERT INTO sessions (hash, user_id, csrf, created, last_seen, expires, address) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?)",
                 (_hash(session_id), user["id"], csrf, clock.stamp(now), clock.stamp(now),
                  clock.stamp(now + IDLE), address))
    return session_id, csrf


def get_session(store, session_id, *, now=None):
    """The live session ``session_id``, or ``None`` (unknown, lapsed, or the user disabled).

    A session is ``{"user", "csrf", "created", "last_seen", "expires", "address"}``.
    """
    if not isinstance(session_id, str) or not session_id:
        return None
    now = clock.stamp(now)
    rows = store._query("SELECT u.name, s.csrf, s.created, s.last_seen, s.expires, s.address "
                        "FROM sessions s JOIN users u ON u.id = s.user_id "
                        "WHERE s.hash = ? AND s.expires > ? AND u.disabled_at IS NULL",
                        (_hash(session_id), now))
    if not rows:
        return None
    name, csrf, created, last_seen, expires, address = rows[0]
    if clock.parse(created) + ABSOLUTE <= clock.parse(now):
        return None
    return {"user": accounts.get_user(store, name), "csrf": csrf, "created": created,
            "last_seen": last_seen, "expires": expires, "address": address}


def touch_session(store, session_id, *, now=None):
    """Mark the session used now (its idle time starts again); False when it is not live.

    The expiry never passes ``ABSOLUTE`` after login. Written at most once
    a minute per session.
    """
    session = get_session(store, session_id, now=now)
    if session is None:
        return False
    now = clock.now_utc(now)
    if clock.parse(session["last_seen"]) + TOUCH_EVERY > now:
        return True
    expires = min(now + IDLE, clock.parse(session["created"]) + ABSOLUTE)
    with store.transaction() as tx:
        tx._exec("UPDATE sessions SET last_seen = ?, expires = ? WHERE hash = ?",
                 (clock.stamp(now), clock.stamp(expires), _hash(session_id)))
    return True


def delete_session(store, session_id, *, address=None):
    """End a session (logout); audited when there was one. Returns whether there was."""
    if not isinstance(session_id, str) or not session_id:
        return False
    session = get_session(store, session_id)
    with store.transaction() as tx:
        tx._exec("DELETE FROM sessions WHERE hash = ?", (_hash(session_id),))
        if session is not None:
            user = session["user"]
            audit.record(tx, user, "logout", body=user["body"], address=address)
    return session is not None


def check_csrf(session, token):
    """True when ``token`` is the session's CSRF token (compared in constant time)."""
    if not session or not isinstance(token, str) or not token:
        return False
    return hmac.compare_digest(session["csrf"].encode("utf-8"), token.encode("utf-8"))
