"""How staff pages and the write API are served: login required, no caching, CSRF on forms.

``staff_page(app, path, template, handler, methods=("GET",))`` serves a
page for logged-in staff. ``handler(app, user, **url_args)`` returns the
template's data, or a ``Redirect`` (after a successful POST: the browser is
sent on, so reloading does not post again). A POST must carry the session's
CSRF token (``auth.CSRF_FIELD``) before the handler runs. An anonymous GET
is sent to the login page with ``next`` set; other failures render the
error page. Every answer carries ``STAFF_HEADERS``.

``staff_api(app, path, handler, methods)`` serves JSON for a bearer token
(or a session, for the pages' own scripts; then state-changing methods need
the ``X-CSRF-Token`` header). ``handler(app, user, body, **url_args)``
returns ``(status, data)``; errors take the API's one shape. Cross-origin
requests are refused: no CORS header is ever sent, and a request whose
``Origin`` is not this site is answered 403.

What can go wrong: nothing at import; each request's errors are mapped by
``CatalogueApp.error_response``.
"""

import logging
from urllib.parse import urlsplit

import bottle

from catalogue import jsontext
from catalogue.errors import CatalogueError, Forbidden, Problem, TooLarge, Unauthorized, ValidationError

from ..headers import header
from ..limits import API_BODY_MAX
from ..render import to_json
from . import auth, itemform

log = logging.getLogger(__name__)

STAFF_HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "Content-Security-Policy": ("default-src 'none'; img-src 'self' data:; style-src 'self'; "
                                "script-src 'self'; connect-src 'self'; form-action 'self'; "
                                "base-uri 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
JSON_TYPE = "application/json; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"


class Redirect(Exception):
    """A handler's answer that sends the browser to ``url`` (303 See Other)."""

    def __init__(self, url):
        super().__init__(url)
        self.url = url


def _headers():
    response = bottle.response
    for name, value in STAFF_HEADERS.items():
        response.set_header(name, value)


def _same_origin(app):
    """False when the request says it comes from another site (``Origin``)."""
    origin = header("Origin")
    if not origin:
        return True
    here = urlsplit(app.absolute("/"))
    there = urlsplit(origin)
    return (there.scheme, there.netloc) == (here.scheme, here.netloc)


def login_url(app, next_path=None):
    pairs = [("next", next_path)] if next_path else []
    return app.href("/staff/login", pairs)


def staff_page(app, path, template, handler, *, methods=("GET",), login=True):
    """Serve a staff page; see the module docstring. ``login=False`` for the login page itself."""
    def callback(**url_args):
        _headers()
        request = bottle.request
        try:
            app.lang()
            if not _same_origin(app):
                raise Forbidden("requests from other sites are refused")
            user = auth.current_user(app)
            if login and user is None:
                if request.method == "GET":
                    here = request.fullpath + (f"?{request.query_string}" if request.query_string else "")
                    return bottle.redirect(login_url(app, here), 303)
                raise Unauthorized("log in first")
            _read_form()    # a GET reads its query through request.params, which parses a body too
            if request.method == "POST" and login:
                auth.check_csrf(app)    # the login form has a token of its own (login.py)
            data = handler(app, user, **url_args)
            bottle.response.content_type = HTML_TYPE
            return app.render(template, data, user=user, csrf=auth.csrf_token(app),
                              csrf_field=auth.CSRF_FIELD, maxlength=itemform.maxlength)
        except Redirect as go:
            return bottle.redirect(go.url, 303)
        except CatalogueError as exc:
            _headers()
            return app.error_response(exc, as_json=False)
        except bottle.HTTPResponse:
            raise
        except Exception:   # a bug: log it whole, tell the person only that it failed
            log.exception("error answering %s", request.url)
            return app.error_response(CatalogueError("internal server error"), as_json=False, status=500)
    app.route(path, list(methods), callback)


def _read_form():
    """Parse the request's form before anything reads it, so a malformed one is refused (400), not a crash.

    Bottle raises ``ValueError`` for a ``Content-Type`` it cannot split
    (``;``) and for a multipart part whose header holds a control character
    (a file name with a raw newline, which no browser sends but any client can).
    """
    try:
        bottle.request.POST
    except ValueError:
        raise ValidationError([Problem(None, "the form could not be read: its Content-Type or a part's "
                                             "header is malformed")]) from None


def request_json():
    """The request's JSON body as a mapping (``{}`` when there is none).

    What can go wrong: ``ValidationError`` for a body that is not JSON or not
    an object; ``TooLarge`` (413) for one over ``API_BODY_MAX`` bytes.
    """
    request = bottle.request
    if request.content_length > API_BODY_MAX:
        raise _too_large(request.content_length)
    # Bottle spools a body over its MEMFILE_MAX to a temporary file it never closes.
    with request.body as body:
        raw = body.read(API_BODY_MAX + 1)
    if len(raw) > API_BODY_MAX:     # sent without a Content-Length (chunked)
        raise _too_large(len(raw))
    if not raw.strip():
        return {}
    try:
        data = jsontext.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValidationError([Problem(None, f"the request body is not UTF-8 JSON: {exc}")]) from None
    if not isinstance(data, dict):
        raise ValidationError([Problem(None, "the request body must be a JSON object")])
    return data


def _too_large(size):
    message = f"the request body is {size} bytes; at most {API_BODY_MAX}"
    return TooLarge(message, [Problem(None, message, code="too_large",
                                      params={"value": size, "min": 0, "max": API_BODY_MAX})])


def staff_api(app, path, handler, *, methods=("GET",)):
    """Serve a staff JSON endpoint; see the module docstring."""
    def callback(**url_args):
        _headers()
        request = bottle.request
        try:
            if not _same_origin(app):
                raise Forbidden("requests from other sites are refused")
            has_token = bool(header("Authorization"))
            user = auth.current_user(app, token=True)
            if user is None:
                raise Unauthorized("send 'Authorization: Bearer TOKEN' with a staff account's API token")
            if request.method not in ("GET", "HEAD") and not has_token:
                auth.check_csrf(app)    # a session's script must send X-CSRF-Token
            body = request_json() if request.method in ("POST", "PUT", "DELETE", "PATCH") else {}
            status, data = handler(app, user, body, **url_args)
            bottle.response.status = status
            bottle.response.content_type = JSON_TYPE
            return to_json(data)
        except CatalogueError as exc:
            _headers()
            if isinstance(exc, Unauthorized):
                bottle.response.set_header("WWW-Authenticate", 'Bearer realm="catalogue"')
            return app.error_response(exc, as_json=True)
        except Exception:   # a bug: log it whole, tell the caller only that it failed
            log.exception("error answering %s", request.url)
            return app.error_response(CatalogueError("internal server error"), as_json=True, status=500)
    app.route(path, list(methods), callback)
