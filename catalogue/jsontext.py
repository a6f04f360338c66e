"""Reading JSON from outside (a request body, a JSON Lines file, an attachments cell) safely.

``loads`` is ``json.loads`` for text nobody here wrote: ``NaN``,
``Infinity`` and ``-Infinity`` are refused (they are not JSON, and a title
would become the text "nan"), and so is nesting deeper than Python's
recursion allows (``[[[[…`` a hundred thousand deep), which ``json.loads``
answers with ``RecursionError``, a crash rather than a refusal.

What can go wrong: ``ValueError`` (``json.JSONDecodeError`` for text that is
not JSON, with its ``msg`` and ``colno``) saying what is wrong.
"""

import json


class NotJson(ValueError):
    """Text that parses only as Python would read it, never as JSON."""

    def __init__(self, msg):
        super().__init__(msg)
        self.msg = msg
        self.colno = 1


def _constant(name):
    raise NotJson(f"{name} is not a JSON value")


def loads(text):
    """The data of JSON ``text``; ``ValueError`` for bad JSON, NaN/Infinity or too deep a nesting."""
    try:
        return json.loads(text, parse_constant=_constant)
    except RecursionError:
        raise NotJson("nested too deeply") from None
