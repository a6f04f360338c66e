"""Domain exceptions: each says what is wrong and carries an HTTP status.

The web layer maps them to responses in one place; the command line prints
their message on one line and exits non-zero.
"""


class Problem:
    """One thing wrong with one field of one input record.

    ``source`` is a file name (or ``None``), ``line`` a 1-based line or row
    number (or ``None``), ``field`` the item field (or ``None`` for the whole
    record).
    """

    __slots__ = ("source", "line", "field", "message")

    def __init__(self, field, message, source=None, line=None):
        self.field = field
        self.message = message
        self.source = source
        self.line = line

    def located(self, source=None, line=None):
        """Return a copy placed at ``source``/``line`` (keeping any set already)."""
        return Problem(self.field, self.message,
                       self.source if self.source is not None else source,
                       self.line if self.line is not None else line)

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
        return {"source": self.source, "line": self.line,
                "field": self.field, "message": self.message}

    def __eq__(self, other):
        return isinstance(other, Problem) and self.to_dict() == other.to_dict()

    def __hash__(self):
        return hash(str(self))


class CatalogueError(Exception):
    """Base of every error a user can cause; ``status`` is its HTTP status."""

    status = 400

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.message = message
        self.problems = list(problems)

    def __str__(self):
        return self.message


class ValidationError(CatalogueError):
    """Input that breaks the item rules; ``problems`` lists every one."""

    status = 400

    def __init__(self, problems, message=None):
        problems = list(problems)
        if message is None:
            if len(problems) == 1:
                message = str(problems[0])
            else:
                message = f"{len(problems)} problems in the input"
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
        message = f'index_no: "{index_no}" has been withdrawn'
        if reason:
            message += f" ({reason})"
        super().__init__(message)
        self.index_no = index_no
        self.reason = reason


class Conflict(CatalogueError):
    status = 409


class Unavailable(CatalogueError):
    """The service works but is not ready yet (HTTP 503), e.g. while the index warms up."""

    status = 503


class ConfigError(CatalogueError):
    """A bad setting, home folder or data file."""

    status = 500


class NoCatalogue(ConfigError):
    """The store location holds no catalogue yet (``catalogue init`` makes one)."""


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
