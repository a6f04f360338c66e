"""Query parameters a route does not know: ignored on every route, named in JSON answers' warnings.

Links from elsewhere carry parameters of their own (``utm_source=…``, a
cache-buster ``_=1234``), so refusing unknown parameters breaks them; but
ignoring them in silence hides a typing mistake (``isuer=…``) that then
returns everything. So every route ignores them, and a JSON answer lists
each in its ``warnings``: ``{"field", "code": "unknown_parameter",
"message"}``, with a ``suggestion`` (and "did you mean" in the message) when
the name is close to one the route knows. Pages and feeds only ignore them:
a visitor following a link has nothing to fix. ``lang`` (the interface
language the pages' links carry) is known everywhere.

What can go wrong: nothing; any text is a name to look up.
"""

import difflib
import unicodedata

ALWAYS_KNOWN = ("lang",)
CODE = "unknown_parameter"
MESSAGE = "unknown parameter, ignored"
# difflib's similarity ratio from which a known name is offered: isuer/issuer
# (0.91), sorts/sort (0.89) and sort_by/sort (0.73) pass; format/sort (0.6)
# and start/sort (0.67) are different words and do not.
CLOSE = 0.7


def suggestion(name, known):
    """The known parameter ``name`` was probably meant to be, or ``None``.

    Case, full-width letters and ``-`` for ``_`` count as the same
    spelling (``per-page``: ``per_page``); otherwise the closest name by
    difflib's ratio, if close enough.
    """
    spelled = unicodedata.normalize("NFKC", name).strip().lower().replace("-", "_")
    if spelled in known:
        return spelled
    close = difflib.get_close_matches(spelled, list(known), n=1, cutoff=CLOSE)
    return close[0] if close else None


def warnings(names, known):
    """One warning per name (in order, each once) in ``names`` that is neither in ``known`` nor ``lang``."""
    known = tuple(known) + ALWAYS_KNOWN
    out, seen = [], set()
    for name in names:
        if name in known or name in seen:
            continue
        seen.add(name)
        warning = {"field": name, "code": CODE, "message": MESSAGE}
        meant = suggestion(name, known)
        if meant is not None:
            warning["message"] = f"{MESSAGE}; did you mean `{meant}`?"
            warning["suggestion"] = meant
        out.append(warning)
    return out
