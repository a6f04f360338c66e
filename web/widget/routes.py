"""``/widget.js`` (the script other sites include) and ``/embed`` (the same search as a framable page).

``/widget.js`` is ``web/static/widget.js`` with ``SERVER`` filled in: the
widget's interface text in the three languages, taken from ``web.i18n``
(so it is reviewed, and checked against OpenCC, with the rest) and the
search limits of ``index.params``. Its address carries no version (site
owners paste it once), so browsers keep it ``cache_max_age`` seconds and
then ask again with its ``ETag``.

``/embed?issuer=…&year=…&lang=…&q=…`` is a page holding nothing but the
widget, for sites that forbid third-party scripts. It is the only page
other sites may frame: its ``Content-Security-Policy`` has
``frame-ancestors`` with the ``widget_origins`` setting's sites (``*``: any),
every other page keeps ``frame-ancestors 'none'``. It sets no cookie: in a
frame on another site it is a third party.

What can go wrong: a ``year``, ``q`` or ``per_page`` the search refuses
answers the error page (400) naming it; ``RuntimeError`` at start if
widget.js has lost the line the server fills in.
"""

import bottle

from catalogue.errors import CatalogueError
from index.params import PAGE_MAX, PER_PAGE_MAX, QUERY_MAX

from .. import i18n
from ..headers import header
from ..params import parse_search
from ..render import STATIC, to_json
from . import options

SCRIPT = STATIC / "widget.js"
SCRIPT_TYPE = "text/javascript; charset=utf-8"
MARKER = "var SERVER = {};"
# The interface text widget.js shows (its calls of t("…")); tests check the two agree.
TEXT_KEYS = ("widget_label", "widget_suggestions", "widget_failed", "widget_page_of", "widget_more",
             "widget_new_tab", "widget_all", "widget_fewer", "search_button", "pagination",
             "result_count", "result_range", "result_single", "did_you_mean", "count_items",
             "facet_issuer", "facet_year", "no_results", "no_results_hint", "prev_page", "next_page")
# Item fields each result shows, labelled (发布机构, 发文字号, 发布日期).
FIELDS = ("issuer", "doc_no", "publish_date")


def widget_text():
    """``{lang: {key: text or [one, other]}}`` for every interface language."""
    out = {}
    for lang in i18n.LANGS:
        column = i18n.column(lang)
        texts = {key: i18n.TEXT[key][column] for key in TEXT_KEYS}
        texts.update({f"label_{name}": i18n.field_label(lang, name) for name in FIELDS})
        out[lang] = texts
    return out


def script_text():
    """widget.js as served: the file with ``SERVER`` filled in.

    What can go wrong: ``RuntimeError`` when the file lacks ``MARKER``.
    """
    source = SCRIPT.read_text(encoding="utf-8")
    if source.count(MARKER) != 1:
        raise RuntimeError(f"{SCRIPT} must hold the line {MARKER!r} once: the server fills it in")
    server = {"text": widget_text(), "query_max": QUERY_MAX, "per_page_max": PER_PAGE_MAX,
              "page_max": PAGE_MAX}
    return source.replace(MARKER, f"var SERVER = {to_json(server)};")


def _cache_headers(app):
    max_age = app.settings.cache_max_age
    bottle.response.set_header("Cache-Control", f"public, max-age={max_age}" if max_age else "no-cache")


def add_routes(app, page_policy, origins):
    """``/widget.js`` and ``/embed``; ``page_policy(frame_ancestors)`` is the pages' CSP (``web.app``)."""
    body = script_text().encode("utf-8")
    etag = f'"widget-{app.salt}"'
    ancestors = "*" if origins is None else " ".join(["'self'", *sorted(origins)])
    embed_policy = page_policy(ancestors)

    def widget_js():
        _cache_headers(app)
        bottle.response.set_header("ETag", etag)
        bottle.response.content_type = SCRIPT_TYPE
        if etag in (header("If-None-Match") or ""):
            bottle.response.status = 304
            return b""
        return body

    def embed():
        response = bottle.response
        response.set_header("Content-Security-Policy", embed_policy)
        try:
            pairs = app.query_pairs()
            lang = options.app_lang(dict(pairs).get("lang"), app.settings.lang)
            # No ?lang= cookie here (a third party in a frame); app.lang() reads this.
            bottle.request.environ["catalogue.lang"] = lang
            parse_search([(k, v) for k, v in pairs if k in options.SEARCH_CHECKED])
            data = options.embed_attributes(pairs)
        except CatalogueError as exc:
            return app.error_response(exc, as_json=False)
        _cache_headers(app)
        response.content_type = "text/html; charset=utf-8"
        return app.renderer.render(
            "embed", lang=lang, title=i18n.text(lang, "widget_frame_title"), attributes=data,
            widget_src=app.href("/widget.js"), search_href=app.href("/search", [("lang", lang)]),
            favicon=app.href("/static/favicon.svg", [("v", app.salt)]))

    app.route("/widget.js", "GET", widget_js)
    app.route("/embed", "GET", embed)
