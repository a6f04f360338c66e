"""Finding a body by what people call it: its full name, short name or code.

The store (``Store.resolve_body``), the importer (issuers of a file) and the
search (``issuer:`` clauses and filters) all name bodies this way, through
``BodyNames``. When two bodies could answer, a full name wins over a short
name and a short name over a code (then the earlier body), so
``哈尔滨市`` finds the body of that name even if it is another body's short
name.

What can go wrong: nothing raises; a text no body is called gives ``None``.
"""


class BodyNames:
    """Lookups over one snapshot of bodies (mappings with ``name`` and maybe ``short``, ``code``).

    ``key``, if given, normalises text that is not found as typed (the
    search passes its folding, so Traditional or full-width spellings find
    the Simplified name); the bodies' own names are looked up as they are.
    """

    def __init__(self, bodies, key=None):
        self._key = key
        self._by_text = {}
        for field in ("name", "short", "code"):
            for body in bodies:
                if body.get(field):
                    self._by_text.setdefault(body[field], body)

    def find(self, text):
        """The body whose full name, short name or code is ``text`` (spaces around ignored), or ``None``."""
        if not text:
            return None
        text = str(text).strip()
        body = self._by_text.get(text)
        if body is None and self._key is not None:
            body = self._by_text.get(self._key(text))
        return body

    def name(self, text):
        """The full name of the body ``text`` names, or ``None``."""
        body = self.find(text)
        return body["name"] if body else None
