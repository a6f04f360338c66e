"""Staff accounts and their API tokens.

A user is ``{"id", "name", "role", "body", "created", "password_changed",
"disabled_at", "disabled"}``: ``role`` one of ``ROLES``, ``body`` the full
name of the body the account is scoped to (``None`` for an admin, who is
site-wide). Passwords are kept as scrypt hashes (``catalogue.passwords``),
tokens as sha256 hashes: the clear token is returned once, by
``create_token``, and never again. Every change is written with its audit
entry in one transaction; ``actor`` (a user dict or a name, e.g. the
command line's) and ``address`` say who made it and from where.

What can go wrong: ``ValidationError`` naming the field (a bad name, role
or body, a password under 12 characters), ``Conflict`` (a name taken, a user
already disabled, a token already revoked), ``NotFound`` (an unknown user or
token).
"""

import datetime as _dt
import hashlib
import secrets
import unicodedata

from . import audit, clock
from .errors import Conflict, NotFound, Problem, ValidationError
from .passwords import hash_password
from .clock import utcnow

ROLES = ("editor", "reviewer", "admin")
TOKEN_PREFIX = "dct_"
NAME_MAX = 64
# last_used is written at most this often, so an integration calling the
# API in a loop does not take the writer lock on every request.
LAST_USED_EVERY = _dt.timedelta(seconds=60)

_USER_SELECT = ("SELECT u.id, u.name, u.role, b.name, u.created, u.password_changed, u.disabled_at "
                "FROM users u LEFT JOIN bodies b ON b.id = u.body_id ")


def _user(row):
    id_, name, role, body, created, changed, disabled_at = row
    return {"id": id_, "name": name, "role": role, "body": body, "created": created,
            "password_changed": changed, "disabled_at": disabled_at, "disabled": disabled_at is not None}


def clean_name(name):
    """A user name as stored: NFKC, trimmed; ``ValidationError`` naming ``name`` if unusable."""
    text = unicodedata.normalize("NFKC", name if isinstance(name, str) else "").strip()
    if not text:
        raise ValidationError([Problem("name", "is required")])
    if len(text) > NAME_MAX or any(c.isspace() or not c.isprintable() for c in text):
        raise ValidationError([Problem("name", f'"{text}" must be 1-{NAME_MAX} characters '
                                               "without spaces")])
    return text


def get_user(store, name):
    """The user called ``name``, or ``None``."""
    if not isinstance(name, str) or not name.strip():
        return None
    rows = store._query(_USER_SELECT + "WHERE u.name = ?",
                        (unicodedata.normalize("NFKC", name).strip(),))
    return _user(rows[0]) if rows else None


def _require(store, name):
    user = get_user(store, name)
    if user is None:
        raise NotFound(f'user: "{name}" is not a user')
    return user


def list_users(store):
    """Every user, by name."""
    return [_user(row) for row in store._query(_USER_SELECT + "ORDER BY u.name")]


def password_hash(store, name):
    """``(user, stored hash)`` for checking a login, or ``(None, None)``; for ``catalogue.sessions``."""
    user = get_user(store, name)
    if user is None:
        return None, None
    return user, store._query("SELECT password FROM users WHERE id = ?", (user["id"],))[0][0]


def _role_and_body(store, role, body):
    """The role checked and the body as a full name (and its id), or ``ValidationError``."""
    problems = []
    if role not in ROLES:
        problems.append(Problem("role", f'"{role}" is not one of {"/".join(ROLES)}'))
    found = store.resolve_body(body) if body else None
    if role == "admin" and body:
        problems.append(Problem("body", "an admin is site-wide: give no body"))
    elif role in ROLES and role != "admin":
        if not body:
            problems.append(Problem("body", f"is required for an {role}"))
        elif found is None:
            problems.append(Problem("body", f'"{body}" is not in the body registry'))
    if problems:
        raise ValidationError(problems)
    return (found["name"], found["id"]) if found and role != "admin" else (None, None)


def add_user(store, name, password, *, role="editor", body=None, actor=None, address=None):
    """Make an account; ``body`` by full name, short name or code (none for an admin). Returns the user."""
    name = clean_name(name)
    body_name, body_id = _role_and_body(store, role, body)
    hashed = hash_password(password)
    with store.transaction(actor=audit._name(actor)) as tx:
        if tx._one("SELECT 1 FROM users WHERE name = ?", (name,)):
            raise Conflict(f'name: "{name}" is already a user', [Problem("name", "is already a user")])
        now = utcnow()
        tx._insert("INSERT INTO users (name, role, body_id, password, created, password_changed) "
                   "VALUES (?, ?, ?, ?, ?, ?)", (name, role, body_id, hashed, now, now))
        audit.record(tx, actor, "user_add", body=body_name, address=address,
                     details={"user": name, "role": role, "body": body_name})
    return get_user(store, name)


def set_password(store, name, password, *, actor=None, address=None):
    """Give ``name`` a new password; their open sessions end. Returns the user."""
    user = _require(store, name)
    hashed = hash_password(password)
    with store.transaction(actor=audit._name(actor)) as tx:
        tx._exec("UPDATE users SET password = ?, password_changed = ? WHERE id = ?",
                 (hashed, utcnow(), user["id"]))
        tx._exec("DELETE FROM sessions WHERE user_id = ?", (user["id"],))
        audit.record(tx, actor, "user_passwd", body=user["body"], address=address,
                     details={"user": user["name"]})
    return get_user(store, name)


def set_role(store, name, role, *, body=None, actor=None, address=None):
    """Change ``name``'s role and body (the old and new are audited). Returns the user."""
    user = _require(store, name)
    body_name, body_id = _role_and_body(store, role, body)
    with store.transaction(actor=audit._name(actor)) as tx:
        tx._exec("UPDATE users SET role = ?, body_id = ? WHERE id = ?", (role, body_id, user["id"]))
        audit.record(tx, actor, "user_role", body=body_name or user["body"], address=address,
                     details={"user": user["name"], "role": [user["role"], role],
                              "body": [user["body"], body_name]})
    return get_user(store, name)


def disable_user(store, name, *, actor=None, address=None):
    """Disable ``name``: no login, no token, sessions ended. Returns the user.

    The account stays (the audit trail names it). What can go wrong:
    ``NotFound``, ``Conflict`` when it is disabled already.
    """
    user = _require(store, name)
    if user["disabled"]:
        raise Conflict(f'user: "{user["name"]}" is already disabled')
    with store.transaction(actor=audit._name(actor)) as tx:
        tx._exec("UPDATE users SET disabled_at = ? WHERE id = ?", (utcnow(), user["id"]))
        tx._exec("DELETE FROM sessions WHERE user_id = ?", (user["id"],))
        audit.record(tx, actor, "user_disable", body=user["body"], address=address,
                     details={"user": user["name"]})
    return get_user(store, name)


# -- API tokens -----------------------------------------------------------------

def _token_hash(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _token(row):
    id_, label, created, last_used, revoked_at = row
    return {"id": id_, "label": label, "created": created, "last_used": last_used,
            "revoked_at": revoked_at, "revoked": revoked_at is not None}


def create_token(store, name, *, label=None, actor=None, address=None):
    """A new API token for ``name``: ``{"id", "label", "created", ..., "token"}``.

    ``token`` (``dct_`` and 43 URL-safe characters) is the only time the
    clear token is seen; the store keeps its sha256.
    """
    user = _require(store, name)
    if user["disabled"]:
        raise Conflict(f'user: "{user["name"]}" is disabled')
    label = (label or "").strip() or None
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with store.transaction(actor=audit._name(actor)) as tx:
        token_id = tx._insert("INSERT INTO tokens (user_id, hash, label, created) VALUES (?, ?, ?, ?)",
                              (user["id"], _token_hash(token), label, utcnow()))
        audit.record(tx, actor, "token_create", body=user["body"], address=address,
                     details={"user": user["name"], "token_id": token_id, "label": label})
    info = next(t for t in list_tokens(store, user["name"]) if t["id"] == token_id)
    return dict(info, user=user["name"], token=token)


def list_tokens(store, name):
    """``name``'s tokens, oldest first, without the tokens themselves."""
    user = _require(store, name)
    rows = store._query("SELECT id, label, created, last_used, revoked_at FROM tokens "
                        "WHERE user_id = ? ORDER BY id", (user["id"],))
    return [_token(row) for row in rows]


def revoke_token(store, name, token_id, *, actor=None, address=None):
    """Revoke one of ``name``'s tokens by its id; returns the token's record.

    What can go wrong: ``NotFound`` (no such token of that user),
    ``Conflict`` (revoked already).
    """
    user = _require(store, name)
    try:
        token_id = int(token_id)
    except (TypeError, ValueError):
        raise NotFound(f'token: "{token_id}" is not a token id of {user["name"]}') from None
    with store.transaction(actor=audit._name(actor)) as tx:
        row = tx._one("SELECT revoked_at FROM tokens WHERE id = ? AND user_id = ?", (token_id, user["id"]))
        if row is None:
            raise NotFound(f'token: {token_id} is not a token of {user["name"]}')
        if row[0] is not None:
            raise Conflict(f'token: {token_id} of {user["name"]} is already revoked')
        tx._exec("UPDATE tokens SET revoked_at = ? WHERE id = ?", (utcnow(), token_id))
        audit.record(tx, actor, "token_revoke", body=user["body"], address=address,
                     details={"user": user["name"], "token_id": token_id})
    return next(t for t in list_tokens(store, user["name"]) if t["id"] == token_id)


def authenticate_token(store, token, *, now=None):
    """The user a bearer ``token`` belongs to (with ``token_id``), or ``None``.

    ``None`` for an unknown, revoked or malformed token and for a disabled
    user. The token's ``last_used`` is brought up to date (at most once a
    minute).
    """
    if not isinstance(token, str) or not token.startswith(TOKEN_PREFIX):
        return None
    rows = store._query("SELECT t.id, t.last_used, u.name FROM tokens t JOIN users u ON u.id = t.user_id "
                        "WHERE t.hash = ? AND t.revoked_at IS NULL AND u.disabled_at IS NULL",
                        (_token_hash(token.strip()),))
    if not rows:
        return None
    token_id, last_used, name = rows[0]
    now = clock.stamp(now)
    if last_used is None or clock.parse(last_used) + LAST_USED_EVERY <= clock.parse(now):
        with store.transaction() as tx:
            tx._exec("UPDATE tokens SET last_used = ? WHERE id = ?", (now, token_id))
    return dict(get_user(store, name), token_id=token_id)

