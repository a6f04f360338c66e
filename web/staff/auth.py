"""Who is asking: the staff session cookie, a bearer token, the CSRF token of a form.

Pages use a session cookie (``COOKIE``: signed by being random and stored
hashed in the store, HttpOnly, SameSite=Lax, Secure over HTTPS, path of
the staff pages); the write API uses ``Authorization: Bearer TOKEN``. Both
end at a user of ``catalogue.accounts``; every rule about what the user may
do is ``catalogue.access``'s.

What can go wrong: ``Unauthorized`` (401) when nobody valid is logged in or
the token is unknown or revoked; ``Forbidden`` (403) for a form posted
without the session's CSRF token.
"""

import bottle

from catalogue import accounts, sessions
from catalogue.errors import Forbidden, Problem, Unauthorized

from ..headers import header

COOKIE = "catalogue_staff"
CSRF_FIELD = "csrf"
_ENV_USER = "catalogue.staff.user"
_ENV_SESSION = "catalogue.staff.session"


def client_address():
    """The address the request came from (the peer; proxies are not trusted)."""
    return bottle.request.environ.get("REMOTE_ADDR")


def is_https():
    return bottle.request.urlparts.scheme == "https"


def cookie_path(app):
    return app.prefix() + "/staff"


def _session_id():
    return bottle.request.get_cookie(COOKIE)


def session(app):
    """This request's live staff session, or ``None``; seen once per request, and kept alive."""
    environ = bottle.request.environ
    if _ENV_SESSION not in environ:
        found = None
        session_id = _session_id()
        if session_id:
            found = sessions.get_session(app.store, session_id)
            if found is not None:
                sessions.touch_session(app.store, session_id)
        environ[_ENV_SESSION] = found
    return environ[_ENV_SESSION]


def bearer_user(app):
    """The user of this request's ``Authorization: Bearer`` token, or ``None`` (no header).

    What can go wrong: ``Unauthorized`` for a header that is not a valid token.
    """
    sent = header("Authorization") or ""
    if not sent:
        return None
    scheme, _, token = sent.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Authorization: expected 'Bearer TOKEN'")
    user = accounts.authenticate_token(app.store, token.strip())
    if user is None:
        raise Unauthorized("the API token is not valid (unknown, revoked, or its user disabled)")
    return user


def current_user(app, *, token=False):
    """The logged-in user (a session; with ``token``, a bearer token first), or ``None``."""
    environ = bottle.request.environ
    if _ENV_USER not in environ:
        user = bearer_user(app) if token else None
        if user is None:
            found = session(app)
            user = found["user"] if found else None
        environ[_ENV_USER] = user
    return environ[_ENV_USER]


def require_user(app, *, token=False):
    """The user making this request; ``Unauthorized`` when there is none."""
    user = current_user(app, token=token)
    if user is None:
        raise Unauthorized("log in first")
    return user


def csrf_token(app):
    """The CSRF token forms of this session carry (``None`` when not logged in)."""
    found = session(app)
    return found["csrf"] if found else None


def check_csrf(app):
    """Refuse a form post that does not carry this session's CSRF token (``Forbidden``)."""
    found = session(app)
    given = bottle.request.forms.getunicode(CSRF_FIELD) or header("X-CSRF-Token")
    if found is None or not sessions.check_csrf(found, given):
        message = "the form has expired or did not come from this site: open it again"
        raise Forbidden(message, [Problem(None, message, code="form_expired")])


def log_in(app, name, password):
    """Check the password and start a new session (a new id every time); returns the user.

    What can go wrong: ``Unauthorized`` (wrong name or password, the same
    message for both) or ``TooManyAttempts`` (429) after repeated failures.
    """
    address = client_address()
    user = sessions.check_login(app.store, name, password, address)
    old = _session_id()
    if old:
        sessions.delete_session(app.store, old, address=address)
    session_id, _csrf = sessions.create_session(app.store, user, address=address)
    bottle.response.set_cookie(COOKIE, session_id, path=cookie_path(app), httponly=True,
                               samesite="lax", secure=is_https())
    environ = bottle.request.environ
    environ.pop(_ENV_SESSION, None)
    environ[_ENV_USER] = user
    return user


def log_out(app):
    """End this request's session (if any) and drop its cookie."""
    session_id = _session_id()
    if session_id:
        sessions.delete_session(app.store, session_id, address=client_address())
    bottle.response.delete_cookie(COOKIE, path=cookie_path(app))
    bottle.request.environ[_ENV_SESSION] = None
    bottle.request.environ[_ENV_USER] = None
