"""Domain exceptions: each says what is wrong and carries an HTTP status.

The web layer maps them to responses in one place; the command line prints
their message on one line and exits non-zero.

A ``Problem`` may carry a machine-readable ``code`` (one of
``PROBLEM_CODES``) and the ``params`` needed to word it again, so the web
layer can tell a visitor in their own language what is wrong and what to do
next, while ``message`` stays the English text for logs, the command line
and the JSON API. ``BadValue`` is the ``ValueError`` a value check raises
with its code; ``bad.problem(field)`` turns it into the ``Problem``.

What can go wrong: a ``code`` that is not in ``PROBLEM_CODES`` is a
programming error (``ValueError`` at once, so a test finds it).
"""

import errno
from contextlib import contextmanager

from .wording import counted

# Every problem code, with the params its wording may use. The web layer
# words each of them in every interface language (tests check that).
PROBLEM_CODES = {
    "not_a_number": ("value", "min", "max"),
    "too_small": ("value", "min", "max"),
    "too_large": ("value", "min", "max"),
    "not_a_choice": ("value", "choices"),
    "not_a_year": ("value", "min", "max"),
    # A range (date_from .. date_to) whose end, as typed, is before its start (value).
    "inverted_range": ("value", "end"),
    "not_text": (),
    "too_long": ("length", "max"),
    # A list (filter values, keywords, attachments) with more entries than allowed.
    "too_many": ("count", "max"),
    "unknown_body": ("value",),
    "unknown_topic": ("value",),
    "unknown_genre": ("value",),
    "not_a_filter": ("choices",),
    "not_a_mapping": (),
    "repeated": (),
    "not_utf8": (),
    "not_found": ("value",),
    "withdrawn": ("value", "reason"),
    "no_such_page": ("path",),
    "method_not_allowed": ("method",),
    # Entering items (staff forms, the write API): a field left empty.
    "required": (),
    "not_a_date": ("value",),
    "not_a_url": ("value",),
    # A control character (U+0007 …) in text: ``character`` is its code point, ``position`` 1-based.
    "control_character": ("character", "position"),
    # Who may do what (catalogue.access): ``value`` is the body the rule is about.
    "forbidden_scope": ("value",),
    "forbidden_role": (),
    "forbidden_withdraw": (),
    "forbidden_admin": (),
    "four_eyes": ("value",),
    "four_eyes_own": ("value",),
    "four_eyes_changed": ("value",),
    "four_eyes_published": ("value",),
    "account_disabled": (),
    "form_expired": (),
    # The search index is not ready yet (a server starting): ``state`` as ``index.opening`` says it.
    "index_building": ("state", "percent"),
}


class Problem:
    """One thing wrong with one field of one input record.

    ``source`` is a file name (or ``None``), ``line`` a 1-based line or row
    number (or ``None``), ``field`` the item field (or ``None`` for the whole
    record). ``code`` (a key of ``PROBLEM_CODES``, or ``None``) and
    ``params`` (a dict) say the same as ``message`` for a machine.
    """

    __slots__ = ("source", "line", "field", "message", "code", "params")

    def __init__(self, field, message, source=None, line=None, *, code=None, params=None):
        if code is not None and code not in PROBLEM_CODES:
            raise ValueError(f"unknown problem code {code!r}")
        self.field = field
        self.message = message
        self.source = source
        self.line = line
        self.code = code
        self.params = dict(params or {})

    def located(self, source=None, line=None):
        """Return a copy placed at ``source``/``line`` (keeping any set already)."""
        return Problem(self.field, self.message,
                       self.source if self.source is not None else source,
                       self.line if self.line is not None else line,
                       code=self.code, params=self.params)

    def __str__(self):
        where = ""
        if self.source is not None:
            where = str(self.source)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        elif self.line is not None:
            where = f"line {self.line}: "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.message}"

    def __repr__(self):
        return f"Problem({str(self)!r})"

    def to_dict(self):
        return {"source": self.source, "line": self.line, "field": self.field,
                "message": self.message, "code": self.code}

    def __eq__(self, other):
        return isinstance(other, Problem) and self.to_dict() == other.to_dict()

    def __hash__(self):
        return hash(str(self))


class CatalogueError(Exception):
    """Base of every error a user can cause; ``status`` is its HTTP status."""

    status = 400

    def __init__(self, message, problems=(), details=None):
        super().__init__(message)
        self.message = message
        self.problems = list(problems)
        self._details = None if details is None else list(details)

    def __str__(self):
        return self.message

    @property
    def details(self):
        """The lines to report under the message: each problem it does not already say.

        A message that is its only problem, or that quotes it, is not
        followed by the same words again.
        """
        if self._details is not None:
            return self._details
        return [str(p) for p in self.problems if str(p) not in self.message]


class ValidationError(CatalogueError):
    """Input that breaks the item rules; ``problems`` lists every one."""

    status = 400

    def __init__(self, problems, message=None):
        problems = list(problems)
        if message is None:
            if len(problems) == 1:
                message = str(problems[0])
            else:
                message = f"{counted(len(problems), 'problem')} in the input"
        super().__init__(message, problems)

    def report(self):
        """All problems, one per line, in the order found."""
        return "\n".join(str(p) for p in self.problems)


class NotFound(CatalogueError):
    status = 404


class Gone(CatalogueError):
    """The item existed and was withdrawn (HTTP 410)."""

    status = 410


class Withdrawn(Gone):
    """A withdrawn item (410); keeps the index number and reason for the explanation page."""

    def __init__(self, index_no, reason=None):
        said = f'"{index_no}" has been withdrawn' + (f" ({reason})" if reason else "")
        problem = Problem("index_no", said, code="withdrawn",
                          params={"value": index_no, "reason": reason})
        super().__init__(str(problem), [problem])
        self.index_no = index_no
        self.reason = reason


class Conflict(CatalogueError):
    status = 409


class TooLarge(CatalogueError):
    """A request body over its limit (HTTP 413)."""

    status = 413


class Unavailable(CatalogueError):
    """The service works but is not ready yet (HTTP 503), e.g. while the index warms up or is built.

    ``retry_after``: the seconds to wait before trying again (the answer's
    ``Retry-After``); ``extra``: fields the JSON answer carries beside the
    error shape's own (``/api/health``'s ``index`` progress).
    """

    status = 503

    def __init__(self, message, problems=(), *, retry_after=5, extra=None):
        super().__init__(message, problems)
        self.retry_after = retry_after
        self.extra = dict(extra or {})


class StoreUnavailable(Unavailable):
    """The store cannot be reached now (PostgreSQL restarting, the network cut): 503, ``Retry-After``.

    Nothing was written: PostgreSQL rolls back a transaction whose
    connection went. Reads the index can answer go on meanwhile; the store
    connects again by itself once the server is back.
    """

    def __init__(self, where, reason):
        super().__init__(f"{where}: the store cannot be reached ({reason}); nothing was written, "
                         "try again in a few seconds", [Problem("store", "cannot be reached now")],
                         retry_after=5)


class DiskFull(CatalogueError):
    """The disk holding the store or the index is full (HTTP 507 Insufficient Storage).

    Raised instead of the driver's or the system's error, so every interface
    says the same thing: what was being written is not written (the
    transaction rolled back, the index generation discarded), what was there
    is unharmed, and room must be made before writing again.
    """

    status = 507


# errno values of a write refused for want of room: no space left, a quota, a file size limit.
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def is_disk_full(exc):
    """Whether ``exc`` (an ``OSError``, or a database error wrapping one) says the disk is full."""
    return isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS


@contextmanager
def disk_full_reported(where):
    """Raise ``DiskFull`` naming ``where`` (a folder, a file) for a full-disk ``OSError`` in the block."""
    try:
        yield
    except OSError as exc:
        if not is_disk_full(exc):
            raise
        raise disk_full(where, exc.strerror) from None


def first_line(exc):
    """The first line of an exception's text (a driver's message may run on over several lines)."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def disk_full(where, reason):
    """The ``DiskFull`` of a write to ``where`` refused with ``reason`` (the system's words)."""
    return DiskFull(f"{where}: the disk is full ({reason}); this write was not made, what was "
                    "there before is unharmed: free some space and try again")


class ConfigError(CatalogueError):
    """A bad setting, home folder or data file."""

    status = 500


class NoCatalogue(ConfigError):
    """The store location holds no catalogue yet (``catalogue init`` makes one)."""


class BadValue(ValueError):
    """A value a check refuses: the English ``message`` and its ``code`` and ``params``.

    Raised by value checks that do not know which field they check (a
    search parameter, a setting); the caller names the field with
    ``problem(field)``.
    """

    def __init__(self, code, message, **params):
        if code not in PROBLEM_CODES:
            raise ValueError(f"unknown problem code {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params

    def problem(self, field, source=None, line=None):
        """This refusal as the ``Problem`` of ``field``."""
        return Problem(field, self.message, source, line, code=self.code, params=self.params)


def too_long(length, limit):
    """The refusal of a text of ``length`` characters where ``limit`` is the most (code ``too_long``)."""
    return BadValue("too_long", f"is {length} characters; at most {limit}", length=length, max=limit)


def too_many(count, limit):
    """The refusal of ``count`` entries where ``limit`` is the most (code ``too_many``)."""
    return BadValue("too_many", f"has {count} entries; at most {limit}", count=count, max=limit)


# -- staff: who may do what (catalogue.access, catalogue.accounts, catalogue.sessions) --

class Unauthorized(CatalogueError):
    """No valid credentials: not logged in, a wrong password, an unknown or revoked token (401)."""

    status = 401


class Forbidden(CatalogueError):
    """The user is known but a rule forbids the action; the message names the rule (403)."""

    status = 403


class TooManyAttempts(CatalogueError):
    """Logins refused for a while after repeated failures (429); ``retry_after`` in seconds."""

    status = 429

    def __init__(self, message, retry_after=None):
        super().__init__(message)
        self.retry_after = retry_after
