"""Checking a search request against the parameter table (``index.params``).

``check_request`` takes what Python callers pass (ints, ``(first, last)``
year pairs, lists of values) and the text the web layer and the command
line pass, and returns a ``Request`` whose filters are ``plan.ValueIn``
clauses: an issuer with the bodies under it, a first-level topic with its
second levels, a year range as its years, one end of a date range
(``date_from`` …) as a ``plan.DaysIn``.

What can go wrong: bad parameters raise ``ValidationError`` with one
``Problem`` per parameter (query, filters' issuer/year/topic/genre/validity/
disclosure, sort, page, per_page); a filter name not in the table is a
problem too. Each problem has a code (``index.params``' codes, and
``unknown_body``, ``unknown_topic``, ``unknown_genre``, ``not_a_filter``,
``not_a_mapping``; ``too_many`` for more values of one filter than the
table allows; ``inverted_range`` for a date range ending before it starts,
named by its start, both ends echoed as typed) so the web layer can word it for a visitor. Malformed query
syntax is never an error.
"""

from dataclasses import dataclass

from catalogue.errors import BadValue, Problem, ValidationError

from . import query as _query
from .params import BY_NAME, DATE_RANGES, DOC_PARAMS, FILTER_FIELDS, FILTERS
from .plan import DaysIn, ValueIn, doc_filter


@dataclass
class Request:
    """A checked search request; ``filters`` maps a filter name to a ``ValueIn`` (a date one to a ``DaysIn``)."""
    query: str
    filters: dict
    sort: str
    page: int
    per_page: int
    field: str = "text"
    group: str = None

    def cache_key(self):
        return (self.query, tuple(sorted((k, v) for k, v in self.filters.items())),
                self.sort, self.page, self.per_page, self.field, self.group)


def _as_list(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple, set, frozenset)) and not _is_range(value):
        return list(value)
    return [value]


def _is_range(value):
    return isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, int) for v in value)


def _checked(name, value, problems, field=None):
    """``value`` checked by the table's parameter ``name``, or ``None`` with a problem added."""
    try:
        return BY_NAME[name].check(value)
    except BadValue as exc:
        problems.append(exc.problem(field or name))
        return None


def _year_values(raw, problems):
    years = set()
    for value in _as_list(raw):
        bounds = _checked("year", value, problems)
        if bounds is not None:
            years.update(range(bounds[0], bounds[1] + 1))
    return years


def _listed_values(name, raw, listed, what, code, problems):
    """The values of ``raw`` that are in ``listed``; a problem for each one that is not."""
    values = set()
    for value in _as_list(raw):
        value = str(value).strip()
        if value in listed:
            values.add(value)
        else:
            problems.append(Problem(name, f'"{value}" is not {what}', code=code,
                                    params={"value": value}))
    return values


def _topic_values(raw, vocab, problems):
    allowed = _listed_values("topic", raw, vocab.topics, "a topic in data/topics.yaml",
                             "unknown_topic", problems)
    # A first-level topic includes its second levels.
    for value in list(allowed):
        allowed.update(t for t in vocab.topic_list if t.startswith(value + "/"))
    return allowed


def _choice_values(name, raw, problems):
    checked = (_checked(name, value, problems) for value in _as_list(raw))
    return {value for value in checked if value is not None}


def _issuer_values(raw, tree, problems):
    names = set()
    for value in _as_list(raw):
        name = tree.resolve(str(value))
        if name is None:
            problems.append(Problem("issuer", f'"{value}" is not in the body registry',
                                    code="unknown_body", params={"value": str(value)}))
        else:
            names.update(tree.with_descendants(name))
    return names


def _filter_values(name, raw, tree, vocab, problems):
    if name == "issuer":
        return _issuer_values(raw, tree, problems)
    if name == "year":
        return _year_values(raw, problems)
    if name == "topic":
        return _topic_values(raw, vocab, problems)
    if name == "genre":
        return _listed_values(name, raw, vocab.genre_list, "a genre in data/genres.yaml",
                              "unknown_genre", problems)
    return _choice_values(name, raw, problems)


def _date_clause(name, raw, problems):
    """The ``DaysIn`` of one end of a date range (``date_from`` …), or ``None`` with a problem added."""
    values = _as_list(raw)
    if len(values) != 1:
        problems.append(Problem(name, "may be given only once", code="repeated"))
        return None
    day = _checked(name, values[0], problems)
    if day is None:
        return None
    day = day.toordinal()
    if name.endswith("_from"):
        return DaysIn(FILTER_FIELDS[name], first=day)
    return DaysIn(FILTER_FIELDS[name], last=day)


def _inverted_ranges(filters, clauses, problems):
    """A problem for each date range whose end is before its start, naming the start and echoing both."""
    for start, end in DATE_RANGES:
        if start in clauses and end in clauses and clauses[start].first > clauses[end].last:
            typed = [str(_as_list(filters[name])[0]).strip() for name in (start, end)]
            problems.append(Problem(start, f'"{typed[0]}" is after {end} "{typed[1]}": '
                                           "the range ends before it starts",
                                    code="inverted_range", params={"value": typed[0], "end": typed[1]}))


def _doc_clause(filters, problems):
    """The doc-number filter of ``doc_prefix``/``doc_year``/``doc_number`` (a ``Word``), or ``None``."""
    parts = {}
    for name in DOC_PARAMS:
        values = _as_list(filters.get(name))
        if len(values) > 1:
            problems.append(Problem(name, "may be given only once", code="repeated"))
        elif values and values[0] not in (None, ""):
            parts[name] = _checked(name, values[0], problems)
    if not parts or None in parts.values():
        return None
    return doc_filter(parts.get("doc_prefix"), parts.get("doc_year"), parts.get("doc_number"))


def check_request(query, filters, sort, page, per_page, tree, vocab, field=None, group=None):
    """A ``Request``, or ``ValidationError`` listing every bad parameter."""
    problems = []
    query = _checked("q", "" if query is None else query, problems, "query")
    filters = filters or {}
    if not isinstance(filters, dict):
        problems.append(Problem("filters", "must be a mapping of filter names to values",
                                code="not_a_mapping"))
        filters = {}
    clauses = {}
    for name, raw in filters.items():
        if name not in FILTERS:
            problems.append(Problem(name, f"is not a filter (use {', '.join(FILTERS)})",
                                    code="not_a_filter", params={"choices": list(FILTERS)}))
            continue
        if raw is None or raw == [] or raw == "" or name in DOC_PARAMS:
            continue
        if BY_NAME[name].kind == "date":
            clause = _date_clause(name, raw, problems)
            if clause is not None:
                clauses[name] = clause
            continue
        try:
            BY_NAME[name].check_count(len(_as_list(raw)))
        except BadValue as exc:
            problems.append(exc.problem(name))
            continue
        if BY_NAME[name].max_length and any(
                _checked(name, v, problems) is None for v in _as_list(raw) if isinstance(v, str)):
            continue    # too long to look up
        values = _filter_values(name, raw, tree, vocab, problems)
        if values:
            clauses[name] = ValueIn(FILTER_FIELDS[name], frozenset(values))
    _inverted_ranges(filters, clauses, problems)
    doc = _doc_clause(filters, problems)
    if doc is not None:
        clauses["doc_no"] = doc
    field = _checked("field", BY_NAME["field"].default if field is None else field, problems)
    group = None if group in (None, "") else _checked("group", group, problems)
    sort = _checked("sort", sort, problems)
    page = _checked("page", page, problems)
    per_page = _checked("per_page", per_page, problems)
    if problems:
        raise ValidationError(problems)
    return Request(_query.normalize(query), clauses, sort, page, per_page, field, group)
