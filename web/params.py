"""Search parameters from a URL: one table, used to parse requests, build links and the OpenAPI document.

``SEARCH_PARAMS`` lists what ``/search``, ``/api/search`` and ``/feeds/atom``
accept. ``parse_search`` turns a query string into a ``SearchRequest`` (the
engine's arguments); ``SearchRequest.url_params`` turns it back into the
canonical query string, so every page state is a shareable URL.

What can go wrong: a value that is not a whole number, out of range, not one
of the choices, or a year range that does not parse. All problems are reported together as a
``ValidationError`` naming each parameter.
"""

import re
from dataclasses import dataclass, field

from catalogue.errors import Problem, ValidationError
from catalogue.items import DISCLOSURE, VALIDITY

SORTS = ("relevance", "date", "-date")
PER_PAGE_MAX = 100
Q_MAX = 200
PAGE_MAX = 1000
_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_YEAR_RANGE = re.compile(r"^\s*(\d{4})\s*\.\.\s*(\d{4})\s*$")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str            # text | int | year | choice
    repeat: bool
    help: str
    example: str
    choices: tuple = ()
    minimum: int = None
    maximum: int = None
    default: object = None
    filter: bool = False  # passed to the engine in ``filters``


SEARCH_PARAMS = (
    Param("q", "text", False,
          f"words to search for, Simplified or Traditional; a document number finds its item "
          f"(at most {Q_MAX} characters)", "信息公开"),
    Param("issuer", "text", True,
          "issuing body (full name); repeat for several; a body includes the bodies under it",
          "黑龙江省人民政府办公厅", filter=True),
    Param("year", "year", True,
          "year published, or a range Y1..Y2 (both ends included); repeat for several",
          "2010..2012", filter=True),
    Param("topic", "text", True, "topic (主题分类); repeat for several", "综合政务", filter=True),
    Param("genre", "text", True, "genre (体裁); repeat for several", "通知", filter=True),
    Param("validity", "choice", True, "validity (有效性); repeat for several", VALIDITY[0],
          choices=VALIDITY, filter=True),
    Param("disclosure", "choice", True, "disclosure (公开方式); repeat for several", DISCLOSURE[0],
          choices=DISCLOSURE, filter=True),
    Param("sort", "choice", False, "relevance, date (newest first) or -date (oldest first)", "date",
          choices=SORTS, default="relevance"),
    Param("page", "int", False, "page of results, from 1", "2", minimum=1, maximum=PAGE_MAX, default=1),
    Param("per_page", "int", False, f"results per page, 1-{PER_PAGE_MAX}", "20",
          minimum=1, maximum=PER_PAGE_MAX, default=10),
)
BY_NAME = {p.name: p for p in SEARCH_PARAMS}
FILTERS = tuple(p.name for p in SEARCH_PARAMS if p.filter)


@dataclass
class SearchRequest:
    """A parsed search: the engine's arguments, and the URL that asks for them."""
    query: str = ""
    filters: dict = field(default_factory=dict)   # name -> list of raw values as given
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    per_page_given: bool = False

    def engine_filters(self):
        """``filters`` for ``index.search``: years as ints or (from, to) pairs."""
        out = {}
        for name, values in self.filters.items():
            out[name] = [parse_year(v) for v in values] if name == "year" else list(values)
        return out

    def url_params(self, **changes):
        """The canonical query parameters, as a list of pairs, with ``changes`` applied.

        ``changes`` may set ``q``, ``sort``, ``page`` (1 is left out) or a filter
        (a list of values); ``None`` removes a parameter.
        """
        state = {"q": self.query, "sort": self.sort, "page": self.page,
                 "per_page": self.per_page if self.per_page_given else None}
        state.update({name: list(values) for name, values in self.filters.items()})
        state.update(changes)
        pairs = []
        for param in SEARCH_PARAMS:
            value = state.get(param.name)
            if value in (None, "", []) or value == param.default:
                continue
            for one in (value if isinstance(value, list) else [value]):
                pairs.append((param.name, str(one)))
        return pairs

    def toggled(self, name, value):
        """The parameters with filter value ``value`` added, or removed if present (back to page 1)."""
        values = list(self.filters.get(name, []))
        value = str(value)
        if value in values:
            values.remove(value)
        else:
            values.append(value)
        return self.url_params(**{name: values, "page": None})

    def has(self, name, value):
        return str(value) in self.filters.get(name, [])

    @property
    def is_filtered(self):
        return any(self.filters.values())


def parse_year(text):
    """``2012`` -> 2012, ``2010..2012`` -> (2010, 2012); ``ValueError`` for anything else."""
    m = _YEAR.match(text)
    if m:
        return int(m.group(1))
    m = _YEAR_RANGE.match(text)
    if m:
        start, end = int(m.group(1)), int(m.group(2))
        if start > end:
            raise ValueError(f'"{text}": the range runs backwards')
        return (start, end)
    raise ValueError(f'"{text}" is not a year (2012) or a range (2010..2012)')


def _one_value(param, raw):
    """One checked value of ``param``; ``ValueError`` says what is wrong with ``raw``."""
    text = raw.strip()
    if param.kind == "int":
        if not re.fullmatch(r"\d{1,9}", text):
            raise ValueError(f'"{raw}" is not a whole number')
        number = int(text)
        if number < param.minimum or number > param.maximum:
            raise ValueError(f"{number} is outside {param.minimum}-{param.maximum}")
        return number
    if param.kind == "choice":
        if text not in param.choices:
            raise ValueError(f'"{raw}" is not one of {", ".join(param.choices)}')
        return text
    if param.kind == "year":
        parse_year(text)
        return text.replace(" ", "")
    if param.name == "q" and len(text) > Q_MAX:
        raise ValueError(f"is {len(text)} characters; at most {Q_MAX}")
    return text


def decode_pairs(pairs):
    """Query pairs from a WSGI server (latin-1 strings) as real text.

    What can go wrong: bytes that are not UTF-8 (``ValidationError``).
    """
    out, problems = [], []
    for key, value in pairs:
        try:
            out.append((key.encode("latin1").decode("utf8"), value.encode("latin1").decode("utf8")))
        except UnicodeError:
            problems.append(Problem(None, "the query string is not valid UTF-8"))
            break
    if problems:
        raise ValidationError(problems)
    return out


def parse_search(pairs, *, per_page_default=10):
    """A ``SearchRequest`` from decoded query ``pairs``; parameters not in ``SEARCH_PARAMS`` are ignored.

    (Pages ignore them because links from elsewhere add their own; the JSON
    API refuses them before it gets here.) What can go wrong: ``ValidationError`` with one problem per bad parameter.
    """
    problems = []
    values = {}
    for key, value in pairs:
        param = BY_NAME.get(key)
        if param is None:
            continue
        if value.strip() == "" and param.kind in ("text", "year"):
            continue  # an empty box in a form means "no filter"
        if not param.repeat and key in values:
            problems.append(Problem(key, "may be given only once"))
            continue
        try:
            checked = _one_value(param, value)
        except ValueError as exc:
            problems.append(Problem(key, str(exc)))
            continue
        values.setdefault(key, []).append(checked)
    if problems:
        raise ValidationError(problems)

    def single(name, default):
        return values[name][0] if name in values else default

    filters = {}
    for name in FILTERS:
        unique = []
        for value in values.get(name, []):
            if value not in unique:
                unique.append(value)
        if unique:
            filters[name] = unique
    return SearchRequest(query=single("q", ""), filters=filters, sort=single("sort", "relevance"),
                         page=single("page", 1), per_page=single("per_page", per_page_default),
                         per_page_given="per_page" in values)
