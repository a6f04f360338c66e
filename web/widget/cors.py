"""Cross-origin reads of the public JSON API, for the search widget on other sites (CORS).

Other sites' pages may *read* the API from the browser: a ``GET`` or
``HEAD`` of ``/api/…`` answers ``Access-Control-Allow-Origin`` (``*``, or
the asking origin when the ``widget_origins`` setting lists it), and a
preflight (``OPTIONS`` asking for ``GET``/``HEAD`` of a path that has a
``GET`` route) is answered 204. Nothing else is ever shared: no
``Access-Control-Allow-Credentials`` (so no cookie or session crosses), no
write method (a preflight for ``PUT``/``POST``/``DELETE`` falls through to
the router's 405, without CORS headers), nothing under ``/staff/``, and the
staff API refuses another site's ``Origin`` on its own
(``web.staff.routing``).

What can go wrong: ``ConfigError`` at start when ``widget_origins`` names
something that is not an origin (``scheme://host[:port]``).
"""

from urllib.parse import urlsplit

import bottle

from catalogue.errors import ConfigError, Problem

from ..headers import header

API = "/api/"
READS = ("GET", "HEAD")
# Request headers a reader may send: what fetch() sends by itself and conditional requests.
ALLOWED_HEADERS = "Accept, Accept-Language, Content-Language, If-None-Match, If-Modified-Since"
PREFLIGHT_MAX_AGE = 3600   # seconds a browser may reuse a preflight answer (Chromium caps it at 7200)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise(origin):
    """``origin`` as browsers send it (lower case, default port left out); ``None`` if it is not one."""
    parts = urlsplit(origin.strip())
    try:
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname or parts.path not in ("", "/") \
            or parts.query or parts.fragment or parts.username or parts.password:
        return None
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    shown_port = "" if port in (None, _DEFAULT_PORTS[parts.scheme]) else f":{port}"
    return f"{parts.scheme}://{host}{shown_port}"


def allowed_origins(text):
    """``None`` for any origin (``*``), else the frozenset of origins ``text`` lists (commas between).

    What can go wrong: ``ConfigError`` naming each entry that is not an origin.
    """
    entries = [part.strip() for part in (text or "").split(",") if part.strip()]
    if not entries or entries == ["*"]:
        return None
    found, problems = set(), []
    for entry in entries:
        origin = normalise(entry)
        if origin is None:
            problems.append(Problem("widget_origins", f'"{entry}" is not an origin such as '
                                    "https://www.example.gov.cn (or * alone for any)"))
        else:
            found.add(origin)
    if problems:
        raise ConfigError(f"bad setting widget_origins: {problems[0].message}", problems)
    return frozenset(found)


class Cors:
    """The CORS rules of one app: ``after_request`` adds the headers, ``before_request`` answers preflights."""

    def __init__(self, app, origins):
        self.app = app
        self.origins = origins     # None: any origin

    def allow_origin(self, origin):
        """The ``Access-Control-Allow-Origin`` value for a request from ``origin``, or ``None``."""
        if self.origins is None:
            return "*"
        origin = normalise(origin) if origin else None
        return origin if origin in self.origins else None

    def _has_get_route(self, environ):
        probe = dict(environ, REQUEST_METHOD="GET")
        try:
            self.app.router.match(probe)
        except bottle.HTTPError:
            return False
        return True

    def preflight(self):
        """Answer a preflight for a read of the API (204); anything else goes on to the router."""
        request = bottle.request
        if request.method != "OPTIONS" or not request.path.startswith(API):
            return
        asked = (header("Access-Control-Request-Method") or "").upper()
        allowed = self.allow_origin(header("Origin"))
        if asked not in READS or allowed is None or not self._has_get_route(request.environ):
            return
        headers = {"Access-Control-Allow-Origin": allowed,
                   "Access-Control-Allow-Methods": ", ".join(READS),
                   "Access-Control-Allow-Headers": ALLOWED_HEADERS,
                   "Access-Control-Max-Age": str(PREFLIGHT_MAX_AGE)}
        if self.origins is not None:
            headers["Vary"] = "Origin"
        raise bottle.HTTPResponse(status=204, headers=headers)

    def add_headers(self):
        """On a read of the API: who may read the answer. Never credentials, never a write."""
        request, response = bottle.request, bottle.response
        if request.method not in READS or not request.path.startswith(API):
            return
        if self.origins is not None:
            # The answer differs by origin: a shared cache must not hand one site's to another.
            response.add_header("Vary", "Origin")
        allowed = self.allow_origin(header("Origin"))
        if allowed is not None:
            response.set_header("Access-Control-Allow-Origin", allowed)


def install(app):
    """Add the CORS hooks to ``app`` (its ``widget_origins`` setting says who may read)."""
    cors = Cors(app, allowed_origins(app.settings.widget_origins))
    app.add_hook("before_request", cors.preflight)
    app.add_hook("after_request", cors.add_headers)
    return cors
