"""The Bottle application: ``create_app(config)`` wires the store, the search index and the routes.

There are no module globals: each app holds its own settings, store, index
and compiled templates, so tests can run several side by side. Handlers
return plain data; ``page`` renders it through a template, ``api`` serves the
same data as JSON. Errors are mapped to responses in one place
(``error_response``): a ``catalogue.errors.CatalogueError`` carries its HTTP
status, JSON routes answer ``{"ok": false, "status", "error", "errors"}``
(the English message; each problem with its ``field`` and machine-readable
``code``) and pages answer an error page in the visitor's language that
says once what is wrong and what to do next (``web.messages``).

What can go wrong: ``ConfigError`` when the store cannot be opened;
anything unexpected in a handler is logged and answered with 500 without
details (those stay in the log).
"""

import hashlib
import logging
from contextlib import ExitStack
from urllib.parse import quote, urlencode

import bottle

from catalogue.errors import CatalogueError, Problem, Unavailable, ValidationError
from index import open_index
from index.params import BY_NAME as SEARCH_PARAM, QUERY_MAX

from . import advanced, caching, feeds, health, hosts, hot, i18n, messages, openapi, public, script, staff, statspage, unknown_params, widget
from .params import decode_pairs
from .headers import header
from .render import STATIC, TEMPLATES, Renderer, to_json
from .settings import SETTINGS

log = logging.getLogger(__name__)


def page_policy(frame_ancestors="'none'"):
    """The pages' Content-Security-Policy; ``frame_ancestors``: who may frame the page.

    Nobody may frame a page but ``/embed`` (the search widget's page, ``web.widget``).
    """
    return ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            f"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {frame_ancestors}")


# Pages and scripts come only from this site; nothing inline, nothing framed (but /embed).
SECURITY_HEADERS = {
    "Content-Security-Policy": page_policy(),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
JSON_TYPE = "application/json; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
LANG_COOKIE_AGE = 365 * 24 * 3600
# Pages whose parameters are a search: their error page offers the same search without the mistake.
SEARCH_PATHS = ("/", "/search", "/feeds/atom")
INTERNAL = "internal server error"      # all a visitor learns of a failure on the server


class CatalogueApp(bottle.Bottle):
    """A Bottle app holding one catalogue's settings, store and search index."""

    def __init__(self, config, store, index):
        super().__init__()
        self.settings = config
        self.store = store
        self.index = index
        self.renderer = Renderer(TEMPLATES)
        self.salt = _salt(config)
        self.allowed_hosts = hosts.allowed_hosts(config.allowed_hosts, config.host)
        # 403: static_file's answer to a path outside the static folder.
        for status in (400, 403, 404, 405, 500):
            self.error(status)(self._router_error)
        self.add_hook("after_request", secure)

    def close(self):
        """Close the index and the store (and bottle's plugins)."""
        super().close()
        try:
            self.index.close()
        finally:
            self.store.close()

    # -- per-request context --------------------------------------------------
    def query_pairs(self):
        """The request's query parameters as decoded text pairs (400 if not UTF-8)."""
        return decode_pairs(bottle.request.query.allitems())

    def lang(self):
        """The interface language of this request; remembers a ``?lang=`` choice in a cookie."""
        environ = bottle.request.environ
        if "catalogue.lang" not in environ:
            asked = bottle.request.query.get("lang")
            remembered = bottle.request.get_cookie(i18n.COOKIE)
            lang, remember = i18n.pick_lang(asked, remembered, self.settings.lang)
            if remember:
                bottle.response.set_cookie(i18n.COOKIE, lang, path=self.prefix() + "/",
                                           max_age=LANG_COOKIE_AGE, samesite="lax")
            environ["catalogue.lang"] = lang
        return environ["catalogue.lang"]

    def prefix(self):
        """Where the app is mounted ("" at the root of the site)."""
        return bottle.request.script_name.rstrip("/")

    def href(self, path, pairs=()):
        """A link inside the site: ``path`` below the mount point, with query ``pairs``."""
        url = self.prefix() + quote(path, safe="/:@!$&'()*+,;=-._~")
        return url + ("?" + urlencode(list(pairs)) if pairs else "")

    def absolute(self, path, pairs=()):
        """A full URL for feeds, sitemap and OpenSearch: the base_url setting, else this request's.

        The request's host counts only when ``allowed_hosts`` allows it (``web.hosts``).
        """
        base = self.settings.base_url
        if not base:
            # Bottle takes the host from X-Forwarded-Host or Host: both are the visitor's to forge.
            parts = bottle.request.urlparts
            server_port = bottle.request.environ.get("SERVER_PORT")
            base = hosts.base_for(self.allowed_hosts, parts.scheme, parts.netloc, server_port) + self.prefix()
        url = base + quote(path, safe="/:@!$&'()*+,;=-._~")
        return url + ("?" + urlencode(list(pairs)) if pairs else "")

    def item_path(self, index_no):
        return "/items/" + index_no

    def site_title(self, lang):
        return self.settings.title or i18n.text(lang, "site_title")

    # -- the index follows the store ------------------------------------------
    def fresh_revision(self):
        """``(revision, at, current)``: the revision the answer shows, the store's time, whether the index has it all.

        Another process (``catalogue import``) may have written to the
        store; the index's follower thread applies it. A request waits for
        that as a search does (``Index.freshen``: a save is there within a
        second or two), never for a bulk import: the request thread once caught up itself, so the
        first request after a 10,000-item import indexed all of it and every
        other request queued behind it for half a minute. While the index
        lags, the answer is tagged with the revision it holds, and carries
        no Last-Modified (the store's time would claim writes it lacks).
        """
        revision, at = self.store.last_change()
        if self.index.revision() < revision:
            self.index.freshen()
            if self.index.revision() < revision:
                return self.index.revision(), at, False
        return revision, at, True

    # -- responses --------------------------------------------------------------
    def _not_modified(self, variant):
        """Set the validators; True when the client's copy is current (answer 304)."""
        revision, at, current = self.fresh_revision()
        # What the public sees changes with the day too (a scheduled item becomes
        # public on its date), so the day is part of the tag and of the date.
        today = self.index.today()
        etag = caching.entity_tag(self.salt, revision, f"{variant};{today.isoformat()}")
        at = max(at or "", caching.day_start(today)) if current else None
        response = bottle.response
        response.set_header("ETag", etag)
        last_modified = caching.http_date(at) if at is not None else None
        if last_modified:
            response.set_header("Last-Modified", last_modified)
        max_age = self.settings.cache_max_age
        response.set_header("Cache-Control", f"public, max-age={max_age}" if max_age else "no-cache")
        return caching.is_not_modified(header("If-None-Match"), header("If-Modified-Since"), etag, at)

    def _answer(self, produce, *, as_json, variant, cache=True):
        """Run ``produce()`` with validators, 304s and error mapping; the body text."""
        response = bottle.response
        try:
            if not as_json:
                self.lang()
                response.add_header("Vary", "Cookie")
            if cache and self._not_modified(variant):
                response.status = 304
                return ""
            return produce()
        except CatalogueError as exc:
            return self.error_response(exc, as_json=as_json)
        except Exception:  # a bug: log it whole, tell the visitor only that it failed
            log.exception("error answering %s", bottle.request.url)
            return self.error_response(CatalogueError(INTERNAL), as_json=as_json, status=500)

    def page(self, path, template, handler, *, view=None, cache=True):
        """Serve ``handler(app, **url_args)``'s data as HTML through ``template``.

        ``view(app, data)`` may add what only the page needs (links, trees)
        as extra template values; the data itself stays what the API serves.
        """
        def callback(**url_args):
            def produce():
                data = handler(self, **url_args)
                extra = view(self, data) if view else {}
                bottle.response.content_type = HTML_TYPE
                return self.render(template, data, **extra)
            return self._answer(produce, as_json=False, variant=self.lang(), cache=cache)
        self.route(path, "GET", callback)

    def api(self, path, handler, *, params=(), cache=True, warn=True):
        """Serve ``handler(app, **url_args)``'s data as JSON.

        Query parameters other than ``params`` (and ``lang``) are ignored, as
        on the pages and feeds, and named in the answer's ``warnings`` with a
        did-you-mean for a near miss (``web.unknown_params``), so a typing
        mistake such as ``isuer=`` does not pass silently. The field is there
        only when there is something to say; ``warn=False`` leaves it out of
        answers that are documents of their own (the OpenAPI document).
        """
        def callback(**url_args):
            def produce():
                names = [key for key, _ in self.query_pairs()]
                data = handler(self, **url_args)
                notes = unknown_params.warnings(names, params) if warn else []
                if notes:
                    data = dict(data, warnings=notes)
                bottle.response.content_type = JSON_TYPE
                return to_json(data)
            return self._answer(produce, as_json=True, variant="json", cache=cache)
        self.route(path, "GET", callback)

    def document(self, path, content_type, handler, *, cache=True):
        """Serve the text ``handler(app, **url_args)`` returns (XML feeds and the like)."""
        def callback(**url_args):
            def produce():
                body = handler(self, **url_args)
                bottle.response.content_type = content_type
                return body
            return self._answer(produce, as_json=False, variant="doc", cache=cache)
        self.route(path, "GET", callback)

    def render(self, template, data, **extra):
        """``data`` through ``template`` with the page furniture every template uses."""
        lang = self.lang()
        return self.renderer.render(template, data=data, **self.page_context(lang), **extra)

    def page_context(self, lang):
        pairs = [(k, v) for k, v in self.query_pairs_lenient() if k != "lang"]
        return {
            "lang": lang,
            "t": lambda key, **values: i18n.text(lang, key, **values),
            "label": lambda name: i18n.field_label(lang, name),
            # A controlled value (body, topic, genre …) in the interface's script.
            "term": lambda value: script.in_script(lang, value),
            "site_title": self.site_title(lang),
            "href": self.href,
            "item_href": lambda index_no: self.href(self.item_path(index_no)),
            "static": lambda name: self.href("/static/" + name, [("v", self.salt)]),
            "lang_links": [{"lang": code, "name": i18n.LANG_NAMES[code], "current": code == lang,
                            "href": self.href(bottle.request.path, pairs + [("lang", code)])}
                           for code in i18n.LANGS],
            "path": bottle.request.path,
            "query_max": QUERY_MAX,
        }

    def query_pairs_lenient(self):
        try:
            return self.query_pairs()
        except ValidationError:
            return []

    def error_response(self, exc, *, as_json, status=None):
        """The one mapping from an error to a response (JSON shape or error page).

        A server-side failure (500: a store that cannot be opened, a bad
        setting found late) is logged with its message and answered with no
        details: its message may name files and folders of the server.
        """
        status = status or exc.status
        if status == 500 and exc.message != INTERNAL:
            log.error("error answering %s: %s", bottle.request.url, exc.message)
            exc = CatalogueError(INTERNAL)
        response = bottle.response
        response.status = status
        for validator in ("ETag", "Last-Modified"):
            if validator in response:
                del response[validator]
        response.set_header("Cache-Control", "no-store")
        extra = {}
        if isinstance(exc, Unavailable):
            response.set_header("Retry-After", str(exc.retry_after))
            extra = exc.extra
        if as_json:
            response.content_type = JSON_TYPE
            return to_json({"ok": False, "status": status, "error": exc.message,
                            "errors": [p.to_dict() for p in exc.problems], **extra})
        response.content_type = HTML_TYPE
        lang = self.lang()
        said = [messages.describe(lang, p) for p in exc.problems] or [messages.status_text(lang, status)]
        reasons = [p.params["reason"] for p in exc.problems if p.code == "withdrawn" and p.params.get("reason")]
        return self.render("error", {"ok": False, "status": status, "error": exc.message,
                                     "errors": [p.to_dict() for p in exc.problems]},
                           said=said, reasons=reasons, next_links=self._next_links(lang, exc.problems))

    def _next_links(self, lang, problems):
        """``[(href, text)]``: where to go from an error page, the most helpful first."""
        links = []
        if any(p.code == "index_building" for p in problems):
            # The same page again, in a moment: the search is being prepared.
            links.append((self.href(bottle.request.path, self.query_pairs_lenient()),
                          messages.link_text(lang, "again")))
        bad = {p.field for p in problems if p.field in SEARCH_PARAM}
        if bad and bottle.request.path in SEARCH_PATHS:
            kept = [(k, v) for k, v in self.query_pairs_lenient() if k not in bad and k != "lang"]
            if kept:
                links.append((self.href("/search", kept), messages.link_text(lang, "retry")))
        if any(p.code == "unknown_body" for p in problems):
            links.append((self.href("/bodies"), messages.link_text(lang, "bodies")))
        if bottle.request.path.startswith("/staff/"):
            links.append((self.href("/staff/items"), i18n.text(lang, "back_to_staff")))
        links.append((self.href("/search"), i18n.text(lang, "back_to_search")))
        return links

    def _router_error(self, http_error):
        """Errors bottle raises itself (no such route, wrong method) in the same shapes."""
        as_json = bottle.request.path.startswith("/api/")
        status = http_error.status_code
        path, method = bottle.request.path, bottle.request.method
        if status == 404:
            problem = Problem(None, f"no such page: {path}", code="no_such_page", params={"path": path})
        elif status == 405:
            allowed = (http_error.headers.get("Allow") or "GET").replace(",", " or ")
            problem = Problem(None, f"{method} is not allowed here; use {allowed}", code="method_not_allowed",
                              params={"method": method})
        else:
            problem = None
        if problem:
            error = CatalogueError(str(problem), [problem])
        else:
            error = CatalogueError(INTERNAL if status >= 500 else str(http_error.body))
        # Bottle answers a failure outside any route (a hook) after the hooks have run.
        secure()
        return self.error_response(error, as_json=as_json, status=status)

    # -- static files -------------------------------------------------------------
    def static(self, name):
        # The link carries ?v=<salt>, so a year of caching is safe: new files get new links.
        return bottle.static_file(name, root=str(STATIC),
                                  headers={"Cache-Control": "public, max-age=31536000, immutable"})


def secure():
    """Put ``SECURITY_HEADERS`` on this response: pages, static files and bottle's own errors alike.

    The app's ``after_request`` hook, so no answer goes without them. A
    header a route set itself (the staff pages' stricter policy) is kept.
    """
    response = bottle.response
    for name, value in SECURITY_HEADERS.items():
        if name not in response:
            response.set_header(name, value)


def _salt(config):
    """A short hash of the templates, static files and settings that shape responses."""
    digest = hashlib.sha256()
    for folder in (TEMPLATES, STATIC):
        for path in sorted(folder.iterdir()):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    for setting in SETTINGS:
        digest.update(f"{setting.name}={getattr(config, setting.name)!r};".encode())
    return digest.hexdigest()[:10]


def create_app(config, *, clock=None, background=False):
    """A ready app for ``config`` (a ``web.settings.Config``): store and index opened, routes added.

    ``clock`` (a function returning today's date; default: China's) says
    which day the public sees: scheduled items appear on theirs.
    ``background=True`` (``catalogue serve``) returns before the index is
    open: it is opened, built or brought up to date in a thread, and until
    then whatever needs it answers 503 (``index.opening``) while item pages
    are served from the store.

    What can go wrong: ``ConfigError`` when the store cannot be opened or the
    home was never initialised.
    """
    home = config.catalogue_home()
    with ExitStack() as undo:       # whatever fails (Ctrl-C included) closes what was opened
        store = undo.enter_context(home.open_store())
        index = undo.enter_context(open_index(home.index_dir, store, cache_dir=home.cache_dir,
                                              cache_mb=config.cache_mb, clock=clock, background=background,
                                              engine=config.search_engine))
        app = CatalogueApp(config, store, index)
        hot.add_routes(app)
        public.add_routes(app)
        advanced.add_routes(app)
        statspage.add_routes(app)
        feeds.add_routes(app)
        openapi.add_routes(app)
        health.add_routes(app)
        staff.add_routes(app)
        widget.add_routes(app, page_policy)
        app.route("/static/<name:path>", "GET", app.static)
        undo.pop_all()
    return app
