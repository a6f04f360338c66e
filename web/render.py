"""Turning handler data into HTML (bottle SimpleTemplate) or JSON.

Templates escape every ``{{value}}``; the only raw output (``{{!…}}``) is
the search engine's highlight HTML, in which everything but ``<mark>`` is
already escaped. JSON escapes ``<``, ``>`` and ``&`` as ``\\u003c`` … so a
title like ``<script>`` cannot become markup even if a browser sniffs it,
and a lone surrogate as ``\\ud800``, so the answer is always UTF-8.

What can go wrong: a template that does not exist or does not compile
raises ``bottle.TemplateError`` (a programming error: the app answers 500).
"""

import json
import threading
from pathlib import Path

import bottle

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"

_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
# A lone surrogate (an unknown field "\\ud800" a write named, echoed in the problem) has no
# UTF-8: written raw, the answer could not be sent at all. Escaped, JSON carries it exactly.
_JSON_ESCAPES.update({code: f"\\u{code:04x}" for code in range(0xD800, 0xE000)})


def to_json(data):
    """``data`` as compact UTF-8 JSON text, safe to serve under any content type."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)


class Renderer:
    """Compiled templates of one app (no module-level cache shared between apps)."""

    def __init__(self, folder=TEMPLATES, defaults=None):
        self.folder = Path(folder)
        self.defaults = dict(defaults or {})
        self._templates = {}
        self._lock = threading.Lock()

    def _template(self, name):
        template = self._templates.get(name)
        if template is None:
            with self._lock:
                template = self._templates.get(name)
                if template is None:
                    template = bottle.SimpleTemplate(name=name, lookup=[str(self.folder)])
                    if template.filename is None:
                        raise bottle.TemplateError(f"no template {name!r} in {self.folder}")
                    self._templates[name] = template
        return template

    def render(self, name, **values):
        """The template ``name`` (without .tpl) rendered with the defaults and ``values``."""
        merged = dict(self.defaults)
        merged.update(values)
        return self._template(name).render(**merged)
