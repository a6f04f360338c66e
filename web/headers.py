"""Request headers as text, whatever bytes a client sent.

A WSGI server hands a header over as latin-1 text; Bottle's
``request.headers`` decodes it again as UTF-8 and raises
``UnicodeDecodeError`` for bytes that are not UTF-8, so a client sending
``If-None-Match: \\x80`` or ``Origin: \\xff`` made any route answer 500.
``header(name)`` is the header's text, or, when its bytes are not UTF-8,
those bytes as latin-1 characters: they match no entity tag, token or
origin, which is the right answer to them.

What can go wrong: nothing.
"""

import bottle


def header(name, default=None):
    """The request header ``name`` as text (``default`` when absent); never raises."""
    value = bottle.request.headers.raw(name)
    if value is None:
        return default
    if isinstance(value, bytes):
        value = value.decode("latin1")
    try:
        return value.encode("latin1").decode("utf-8")
    except UnicodeError:    # not UTF-8 (or not latin-1 to begin with): as the server gave it
        return value
