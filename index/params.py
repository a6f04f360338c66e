"""The one definition of every search parameter: name, kind, range, choices, limit, syntax, help.

``SEARCH_PARAMS`` is read by everything that takes a search: the engine
checks its arguments with it (``index.request``), the web layer decodes URLs
with it, the command line builds the ``search`` options from it and the
OpenAPI document its parameter schemas. ``Param.check`` is the one place a
value is judged, so the API, the engine and the command line accept the
same values and word their refusals the same way.

The year syntax is defined here too: ``2012`` or ``2010..2012`` (spaces
allowed around the years and the dots; full-width digits count), open-ended
``2010..`` and ``..2012``, years ``YEAR_MIN`` to ``YEAR_MAX``, a range
written backwards is the same range. Date ranges (``DATE_PARAMS``) are two
parameters each (``date_from``/``date_to`` publish date,
``written_from``/``written_to`` written date), ISO days, both ends
included; a range whose end is before its start is refused
(``inverted_range``), not turned round.
``YEAR_PATTERN`` is the regular expression ``parse_years`` uses, anchored,
as the OpenAPI document publishes it; the query language's ``year:`` clause
reads its years with ``parse_years`` as well.

What can go wrong: ``Param.check`` and ``parse_years`` raise
``catalogue.errors.BadValue`` (a ``ValueError``) saying in English what is
wrong with the value, with a code (``not_a_number``, ``too_small``,
``too_large``, ``not_a_choice``, ``not_a_year``, ``not_a_date``, ``too_long``,
``not_text``, ``control_character`` for a lone surrogate in text) and the values to word it in another language; callers turn
it into a ``Problem`` naming the parameter (``bad.problem(name)``).
``Param.check_count`` raises ``BadValue`` ``too_many`` for more than
``FILTER_VALUES_MAX`` values of one filter.
"""

import datetime as _dt
import re
from dataclasses import dataclass

from catalogue.errors import BadValue, too_long, too_many
from catalogue.items import DISCLOSURE, NAME_MAX, VALIDITY, parse_date, refuse_characters

QUERY_MAX = 200         # characters; the search box's maxlength too
PAGE_MAX = 1000
PER_PAGE_MAX = 100
# Values one request may give each filter (issuer=…&issuer=…): a person ticks a few;
# thousands would make one request expand into a huge query.
FILTER_VALUES_MAX = 20
YEAR_MIN, YEAR_MAX = 1900, 2200
# Sort names with what each puts first; ties go by date, then id.
SORT_ORDERS = {"relevance": "best matches first", "date": "newest first", "-date": "oldest first"}
SORTS = tuple(SORT_ORDERS)
# ASCII or full-width digits, spelled out: ``\d`` means every script's digits
# to Python but ASCII only to the JavaScript regular expressions of OpenAPI.
_YEAR_DIGITS = "[0-9０-９]{4}"
# ``2012``, ``2010..2012``, open-ended ``2010..`` (to YEAR_MAX) and ``..2012`` (from YEAR_MIN).
YEAR_SYNTAX = (rf"\s*(?:({_YEAR_DIGITS})\s*(?:\.\.\s*({_YEAR_DIGITS})?\s*)?"
               rf"|\.\.\s*({_YEAR_DIGITS})\s*)")
YEAR_PATTERN = f"^{YEAR_SYNTAX}$"
_YEARS = re.compile(YEAR_SYNTAX)
# What ``catalogue.items.parse_date`` reads, as the OpenAPI document publishes it (ASCII digits).
DATE_PATTERN = "^([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{8})$"
# A sign is allowed so that "-1" is refused as too small, not as "not a number".
_WHOLE = re.compile(r"[+-]?\d+")
# Half of a UTF-16 pair alone: Python text may hold one (a JSON "\ud800"), no
# UTF-8 can, so neither can the index; a URL never brings one (not UTF-8).
SURROGATE = re.compile("[\ud800-\udfff]")
_DIGITS_MAX = 30


def _not_years(value):
    return BadValue("not_a_year", f'"{value}" is not a year (2012) or a range of years '
                                  f'(2010..2012) from {YEAR_MIN} to {YEAR_MAX}',
                    value=str(value), min=YEAR_MIN, max=YEAR_MAX)


def _bounded(first, last, value):
    if first > last:
        first, last = last, first
    if first < YEAR_MIN or last > YEAR_MAX:
        raise _not_years(value)
    return first, last


def parse_years(text):
    """``(first, last)`` of ``2012``, ``2010..2012`` (either order), ``2010..`` or ``..2012``.

    An open end is ``YEAR_MAX`` or ``YEAR_MIN``. What can go wrong:
    ``ValueError`` for anything else (``2010-2012``, ``12``, ``..``) and
    for years outside ``YEAR_MIN``-``YEAR_MAX``.
    """
    m = _YEARS.fullmatch(text)
    if m is None:
        raise _not_years(text)
    if m.group(3) is not None:
        return _bounded(YEAR_MIN, int(m.group(3)), text)
    if m.group(2) is None and ".." in text:
        return _bounded(int(m.group(1)), YEAR_MAX, text)
    return _bounded(int(m.group(1)), int(m.group(2) or m.group(1)), text)


def format_years(first, last):
    """The canonical text of a year range: ``2012``, ``2010..2012``, ``2010..`` or ``..2012``."""
    if first == last:
        return str(first)
    if last == YEAR_MAX and first != YEAR_MIN:
        return f"{first}.."
    if first == YEAR_MIN and last != YEAR_MAX:
        return f"..{last}"
    return f"{first}..{last}"


def year_bounds(value):
    """``(first, last)`` of one year value: text ``parse_years`` reads, an int, or a (first, last) pair.

    What can go wrong: ``ValueError`` as for ``parse_years``.
    """
    if isinstance(value, str):
        return parse_years(value)
    if isinstance(value, bool):     # True is an int to Python, never a year to a person
        raise _not_years(value)
    if isinstance(value, int):
        return _bounded(value, value, value)
    if isinstance(value, (list, tuple)) and len(value) == 2:
        try:
            return _bounded(int(value[0]), int(value[1]), value)
        except (TypeError, ValueError, OverflowError):
            raise _not_years(value) from None
    raise _not_years(value)


def whole_number(value, lo, hi):
    """``value`` (text or a Python number) as an int from ``lo`` to ``hi`` (``None``: unbounded).

    What can go wrong: ``BadValue`` ``not_a_number``, ``too_small`` or
    ``too_large``, with ``value``, ``min`` and ``max``.
    """
    shown = str(value).strip() if isinstance(value, str) else str(value)
    if len(shown) > _DIGITS_MAX:
        shown = shown[:_DIGITS_MAX] + "…"
    limits = {"value": shown, "min": lo, "max": hi}
    if isinstance(value, str):
        text = value.strip()
        if not _WHOLE.fullmatch(text):
            raise BadValue("not_a_number", f'"{value}" is not a whole number', **limits)
        if len(text) > _DIGITS_MAX:     # past every range; reading thousands of digits is slow
            text = text[0] * (text[0] in "+-") + "9" * _DIGITS_MAX
        number = int(text)
    else:
        try:
            number = int(value)
            if isinstance(value, bool) or isinstance(value, float) and value != number:
                raise ValueError
        except (TypeError, ValueError, OverflowError):
            raise BadValue("not_a_number", f'"{value}" is not a whole number', **limits) from None
    if lo is not None and number < lo:
        raise BadValue("too_small", f"must be at least {lo}, not {shown}", **limits)
    if hi is not None and number > hi:
        raise BadValue("too_large", f"must be at most {hi}, not {shown}", **limits)
    return number


@dataclass(frozen=True)
class Param:
    """One search parameter. ``kind``: text | int | year | date | choice.

    ``filter`` is the index field a filter matches (``None``: not a filter).
    A repeatable parameter takes at most ``max_items`` values (``check_count``).
    """
    name: str
    kind: str
    repeat: bool
    help: str
    example: str
    choices: tuple = ()
    minimum: int = None
    maximum: int = None
    max_length: int = None
    default: object = None
    filter: str = None

    @property
    def max_items(self):
        return FILTER_VALUES_MAX if self.repeat else None

    def check_count(self, count):
        """Refuse ``count`` values of this parameter when that is more than ``max_items`` (``too_many``)."""
        if self.repeat and count > FILTER_VALUES_MAX:
            raise too_many(count, FILTER_VALUES_MAX)

    def check(self, value):
        """``value`` checked: an int, a year's ``(first, last)``, a choice or text, stripped.

        Takes text (from a URL or the command line) or a Python value (an
        int, a year pair). What can go wrong: ``BadValue`` saying why.
        """
        if self.kind == "int":
            return whole_number(value, self.minimum, self.maximum)
        if self.kind == "year":
            return year_bounds(value)
        if self.kind == "date":
            if not isinstance(value, (str, _dt.date)):
                raise BadValue("not_a_date", f'"{value}" is not a date (expected YYYY-MM-DD)',
                               value=str(value))
            return parse_date(value)
        if self.kind == "choice":
            text = str(value).strip()
            if text not in self.choices:
                raise BadValue("not_a_choice", f'"{value}" is not one of {", ".join(self.choices)}',
                               value=str(value), choices=list(self.choices))
            return text
        if not isinstance(value, str):
            raise BadValue("not_text", "must be text")
        if self.max_length is not None and len(value) > self.max_length:
            raise too_long(len(value), self.max_length)
        refuse_characters(value, SURROGATE)
        return value.strip()


_SEVERAL = f"repeat for several (at most {FILTER_VALUES_MAX})"
SEARCH_PARAMS = (
    Param("q", "text", False,
          'words to search for (ANDed; OR, -word, "phrase", title:, issuer:, doc_no:, '
          "year:2010..2012), Simplified or Traditional; a document number finds its item "
          f"(at most {QUERY_MAX} characters)", "信息公开", max_length=QUERY_MAX),
    Param("issuer", "text", True,
          f"issuing body (full name); {_SEVERAL}; a body includes the bodies under it",
          "黑龙江省人民政府办公厅", max_length=NAME_MAX, filter="issuer_own"),
    Param("year", "year", True,
          f"year published, or a range Y1..Y2 (both ends included), open-ended Y1.. or ..Y2, "
          f"{YEAR_MIN}-{YEAR_MAX}; {_SEVERAL}",
          "2010..2012", filter="year"),
    Param("topic", "text", True, f"topic (主题分类); a first level includes its second levels; {_SEVERAL}",
          "综合政务", max_length=NAME_MAX, filter="topic_own"),
    Param("genre", "text", True, f"genre (体裁); {_SEVERAL}", "通知", max_length=NAME_MAX,
          filter="genre"),
    Param("validity", "choice", True, f"validity (有效性); {_SEVERAL}", VALIDITY[0],
          choices=VALIDITY, filter="validity"),
    Param("disclosure", "choice", True, f"disclosure (公开方式); {_SEVERAL}", DISCLOSURE[0],
          choices=DISCLOSURE, filter="disclosure"),
    Param("sort", "choice", False, ", ".join(f"{name} ({order})" for name, order in SORT_ORDERS.items()),
          "date", choices=SORTS, default="relevance"),
    Param("page", "int", False, f"page of results, 1-{PAGE_MAX}", "2",
          minimum=1, maximum=PAGE_MAX, default=1),
    Param("per_page", "int", False, f"results per page, 1-{PER_PAGE_MAX}", "20",
          minimum=1, maximum=PER_PAGE_MAX, default=10),
)
# Date ranges (the day both ends included; a range is both of a pair, or one of them open-ended).
_DAY = "YYYY-MM-DD (or YYYYMMDD), the day included"
DATE_PARAMS = (
    Param("date_from", "date", False, f"published on or after this date, {_DAY}", "2011-12-01",
          filter="publish_day"),
    Param("date_to", "date", False, f"published on or before this date, {_DAY}", "2012-01-31",
          filter="publish_day"),
    Param("written_from", "date", False, f"written (成文日期) on or after this date, {_DAY}",
          "2011-12-01", filter="written_day"),
    Param("written_to", "date", False, f"written (成文日期) on or before this date, {_DAY}",
          "2012-01-31", filter="written_day"),
)
# Each pair of one range: (from, to).
DATE_RANGES = (("date_from", "date_to"), ("written_from", "written_to"))
SEARCH_PARAMS = SEARCH_PARAMS + DATE_PARAMS
# The advanced search: where the words are looked for, and a doc number by its parts
# (黑政办发 + 2011 + 43 -> 黑政办发〔2011〕43号; any of them may be left out).
FIELDS_SEARCHED = {"text": "title, keywords, summary and text", "title": "the title only"}
GROUPS = ("genre", "topic", "issuer")
ADVANCED_PARAMS = (
    Param("field", "choice", False, "where the words are looked for: "
          + ", ".join(f"{name} ({what})" for name, what in FIELDS_SEARCHED.items()),
          "title", choices=tuple(FIELDS_SEARCHED), default="text"),
    Param("doc_prefix", "text", False, "doc-number series (机关代字), e.g. 黑政办发; with doc_year "
          "and doc_number, or either", "黑政办发", max_length=NAME_MAX, filter="doc_no"),
    Param("doc_year", "int", False, f"doc-number year ({YEAR_MIN}-{YEAR_MAX}), alone or with "
          "doc_prefix or doc_number", "2011", minimum=YEAR_MIN, maximum=YEAR_MAX, filter="doc_no"),
    Param("doc_number", "int", False, "doc-number sequence number (43 of 黑政办发〔2011〕43号)", "43",
          minimum=1, maximum=10 ** 6, filter="doc_no"),
    Param("group", "choice", False, "group the results by genre, topic or issuer: the first "
          "items of each group with its count (in ``groups``)", "genre", choices=GROUPS),
)
DOC_PARAMS = ("doc_prefix", "doc_year", "doc_number")
# Parameters given to ``Index.search`` as keyword arguments (not filters).
OPTIONS = ("field", "group")
SEARCH_PARAMS = SEARCH_PARAMS + ADVANCED_PARAMS
BY_NAME = {p.name: p for p in SEARCH_PARAMS}
# Filters whose values are counted in every result (most items first, years newest first).
FACETS = ("issuer", "year", "topic", "genre")
FILTERS = tuple(p.name for p in SEARCH_PARAMS if p.filter)
# The index field behind each filter.
FILTER_FIELDS = {p.name: p.filter for p in SEARCH_PARAMS if p.filter}
