"""``/staff/embed``: the search widget's snippet for one of the user's bodies, with the widget itself as preview.

The form (GET: it changes nothing, so it needs no CSRF token and each
choice is a bookmarkable URL) offers only the bodies in the user's scope
(``catalogue.access.scope_of``: their body and those under it; an admin's:
all), the pre-filter years and the widget's other options
(``web.widget.options``). The answer is the ``<script>`` snippet, the
``<iframe>`` alternative and, below them, the same widget live on the page,
loaded exactly as the snippet loads it, so what staff try is what their
visitors get.

What can go wrong: an issuing body outside the user's scope is refused
(403, ``forbidden_scope``); a year or a number per page that is not one
re-shows the form with the problem beside the field (400) and no code.
"""

import re
from html import escape
from urllib.parse import quote

import bottle

from catalogue import access
from index.params import BY_NAME as SEARCH_PARAM, parse_years, whole_number

from .. import i18n
from ..widget.options import WIDGET_LANGS
from .routing import staff_page

PATH = "/staff/embed"
TARGET = "disclosure-search"
FACET_CHOICES = ("true", "issuer", "year", "false")
OPEN_CHOICES = ("same", "new-tab")
PER_PAGE = SEARCH_PARAM["per_page"]
# What a query value must not hold as it is; Chinese stays readable (browsers send it as UTF-8).
_RESERVED = re.compile(r"[%&=+#?\s\"'<>]")


def _depths(bodies):
    depth = {}
    for body in bodies:     # parents come first
        depth[body["name"]] = depth.get(body.get("parent"), -1) + 1
    return depth


def _choices(lang, pairs, default_issuer):
    """The form as filled in (defaults when it was not sent), and the problems of each field."""
    given = {name: (value or "").strip() for name, value in pairs}
    chosen = {
        "issuer": given.get("issuer") or default_issuer,
        "year": given.get("year", ""),
        "lang": given.get("lang") if given.get("lang") in WIDGET_LANGS else "",
        "facets": given.get("facets") if given.get("facets") in FACET_CHOICES else "true",
        "per_page": given.get("per_page") or str(PER_PAGE.default),
        "open": given.get("open") if given.get("open") in OPEN_CHOICES else "same",
        "placeholder": given.get("placeholder", ""),
        "shortcut": given.get("shortcut", ""),
    }
    problems = {}
    if chosen["year"]:
        try:
            parse_years(chosen["year"])
        except ValueError:
            problems["year"] = i18n.text(lang, "embed_bad_year", value=chosen["year"])
    try:
        whole_number(chosen["per_page"], PER_PAGE.minimum, PER_PAGE.maximum)
    except ValueError:
        problems["per_page"] = i18n.text(lang, "embed_bad_per_page", min=PER_PAGE.minimum,
                                         max=PER_PAGE.maximum)
    return chosen, problems


def attributes(chosen):
    """The widget's ``data-`` attributes for the choices, defaults left out: ``[(name, value)]``."""
    pairs = [("data-issuer", chosen["issuer"]), ("data-year", chosen["year"]), ("data-lang", chosen["lang"])]
    if chosen["facets"] != "true":
        pairs.append(("data-facets", chosen["facets"]))
    if chosen["per_page"] != str(PER_PAGE.default):
        pairs.append(("data-per-page", chosen["per_page"]))
    if chosen["open"] != "same":
        pairs.append(("data-open", chosen["open"]))
    pairs += [("data-placeholder", chosen["placeholder"]), ("data-shortcut", chosen["shortcut"])]
    return [(name, value) for name, value in pairs if value]


def script_snippet(src, chosen):
    """The HTML a site owner pastes: the target element and the ``<script>``."""
    extra = "".join(f'\n        {name}="{escape(value)}"' for name, value in attributes(chosen))
    return (f'<div id="{TARGET}"></div>\n'
            f'<script src="{escape(src)}" data-target="#{TARGET}"{extra}\n        async></script>')


def iframe_snippet(embed, chosen, title):
    """The ``<iframe>`` alternative (no shortcut: a key only reaches a frame that has focus)."""
    params = [(name[len("data-"):].replace("-", "_"), value) for name, value in attributes(chosen)
              if name != "data-shortcut"]
    query = "&".join(f"{name}={_RESERVED.sub(lambda m: quote(m.group(), safe=''), value)}"
                     for name, value in params)
    src = embed + ("?" + query if query else "")
    return (f'<iframe src="{escape(src)}" title="{escape(title)}"\n'
            f'        width="100%" height="640" loading="lazy"></iframe>')


def embed_page(app, user):
    """The page's data: the user's bodies, the choices, their problems and, when there are none, the code."""
    access.require_active(user)
    lang = app.lang()
    scope = access.scope_of(app.store, user)
    registry = app.store.bodies()
    depth = _depths(registry)
    bodies = [{"name": b["name"], "depth": depth[b["name"]]} for b in registry if b["name"] in scope]
    default = user.get("body") if user.get("body") in scope else (bodies[0]["name"] if bodies else "")
    chosen, problems = _choices(lang, app.query_pairs(), default)
    found = app.store.resolve_body(chosen["issuer"]) if chosen["issuer"] else None
    if found:
        chosen["issuer"] = found["name"]
    access.in_scope(app.store, user, chosen["issuer"])
    if problems:
        bottle.response.status = 400
    title = i18n.text(lang, "widget_frame_title")
    ok = not problems
    return {
        "ok": ok, "bodies": bodies, "chosen": chosen, "problems": problems,
        "langs": list(WIDGET_LANGS), "facet_choices": FACET_CHOICES, "open_choices": OPEN_CHOICES,
        "per_page": {"min": PER_PAGE.minimum, "max": PER_PAGE.maximum},
        "script": script_snippet(app.absolute("/widget.js"), chosen) if ok else None,
        "iframe": iframe_snippet(app.absolute("/embed"), chosen, title) if ok else None,
        "preview": attributes(chosen) if ok else None,
        "target": TARGET,
    }


def add_routes(app):
    staff_page(app, PATH, "staff_embed", embed_page)
