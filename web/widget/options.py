"""The widget's options: one table for the ``data-`` attributes, ``mount()``, ``/embed`` and the snippet builder.

Each option is a ``data-`` attribute of the ``<script>`` (or of the target
element), a key of ``DisclosureSearch.mount(element, options)`` and, where
it makes sense in a frame, a query parameter of ``/embed``. widget.js reads
the same names (its ``fromData``); README's option table lists them.

What can go wrong: nothing raises here; the values are judged where they
are used (the search parameters by ``web.params``, the rest by widget.js,
which falls back to the default for a value it does not know).
"""

from dataclasses import dataclass

from ..i18n import LANGS

# The widget's language codes (those of the issue and of <html lang>) and the catalogue's.
WIDGET_LANGS = {"zh-CN": "zh-Hans", "zh-TW": "zh-Hant", "en": "en"}
TAG_OF = {app: tag for tag, app in WIDGET_LANGS.items()}


@dataclass(frozen=True)
class Option:
    key: str            # the mount() option
    param: str          # the /embed query parameter; None: not in a frame
    default: str
    help: str

    @property
    def attribute(self):
        """The ``data-`` attribute: ``perPage`` -> ``data-per-page``."""
        return "data-" + "".join("-" + c.lower() if c.isupper() else c for c in self.key)


OPTIONS = (
    Option("target", None, "(none)", "CSS selector of the element the widget goes into (the script tag only)"),
    Option("issuer", "issuer", "(every body)",
           "pre-filter: issuing bodies (full or short names as on /bodies, separated by commas); "
           "a body includes the bodies under it"),
    Option("year", "year", "(every year)", "pre-filter: years, 2012 or 2010..2012, separated by commas"),
    Option("facets", "facets", "true",
           "facets shown: true (issuer and year), false, issuer or year; values outside the pre-filter "
           "are never offered"),
    Option("perPage", "per_page", "10", "results per page, 1-100"),
    Option("lang", "lang", "the host page's <html lang>",
           "interface language: zh-CN, zh-TW or en (zh-Hans and zh-Hant work too); anything else Chinese "
           "is zh-CN"),
    Option("open", "open", "same",
           "where results open: same (the catalogue, in the same tab; from /embed the whole window) or "
           "new-tab"),
    Option("placeholder", "placeholder", "(none)", "placeholder text of the search box (it has a label of its own)"),
    Option("shortcut", None, "(off)",
           "a key that focuses the search box from anywhere on the page: / or ctrl+k …; a key without "
           "ctrl, alt or meta is ignored while typing in a field"),
    Option("query", "q", "(none)", "a search run at once when the widget appears"),
    Option("catalogue", None, "where widget.js came from",
           "the catalogue's address, for mount() from a script that did not load widget.js itself"),
)
BY_PARAM = {o.param: o for o in OPTIONS if o.param}
OPTIONS_BY_KEY = {o.key: o for o in OPTIONS}
# The /embed parameters the public search judges (so /embed refuses what /api/search would).
SEARCH_CHECKED = ("q", "issuer", "year", "per_page")
# Options given as lists: several query parameters, one attribute with commas.
LISTS = ("issuer", "year")


def app_lang(asked, default):
    """The catalogue's language for a widget's ``lang`` (zh-CN, zh-TW, en or the catalogue's own codes)."""
    if asked:
        for code in (*WIDGET_LANGS, *LANGS):
            if asked.strip().lower() == code.lower():
                return WIDGET_LANGS.get(code, code)
    return default


def embed_attributes(pairs):
    """The ``data-`` attributes of /embed's widget, from its query ``pairs`` (unknown ones left out)."""
    values = {}
    for name, value in pairs:
        option = BY_PARAM.get(name)
        if option is None or not value.strip():
            continue
        if option.key in LISTS:
            values.setdefault(option.key, []).append(value.strip())
        elif option.key == "lang":
            values["lang"] = TAG_OF.get(app_lang(value, None), value.strip())
        else:
            values[option.key] = value.strip()
    return {OPTIONS_BY_KEY[key].attribute: ",".join(v) if isinstance(v, list) else v
            for key, v in values.items()}



def markdown_table():
    """The options as a Markdown table, for README's "Embedding the search"."""
    rows = ["| `data-` attribute | `mount()` option | `/embed` parameter | Default | Meaning |",
            "|---|---|---|---|---|"]
    for o in OPTIONS:
        param = f"`{o.param}`" if o.param else "–"
        rows.append(f"| `{o.attribute}` | `{o.key}` | {param} | {o.default.replace('<', '&lt;')} | "
                    f"{o.help.replace('<', '&lt;')} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
