"""Search parameters from a URL, judged by the one table of ``index.params``, and back to a URL.

``index.params.SEARCH_PARAMS`` lists what ``/search``, ``/api/search`` and
``/feeds/atom`` accept. ``parse_search`` turns a query string into a
``SearchRequest`` (the engine's arguments), checking each value with the
table, so a URL, the engine and the command line accept the same values;
``SearchRequest.url_params`` turns it back into the canonical query string
(years written ``2012``, ``2010..2012``, ``2010..`` or ``..2012``, dates
``2012-05-18``), so every page state is a shareable URL. ``field`` and
``group`` are not filters but ``Index.search``'s keyword arguments
(``SearchRequest.options``). Only what is the web's lives here: UTF-8 decoding, empty form
fields, parameters given twice, and the URL round trip.

What can go wrong: bytes that are not UTF-8; a value the table refuses (not
a whole number, out of range, not one of the choices, too long, a year range
that does not parse), a single parameter given twice or a filter given more
values than ``index.params.FILTER_VALUES_MAX``. All problems are
reported together as a ``ValidationError`` naming each parameter, each
problem with its code (``not_utf8``, ``repeated`` and ``index.params``').
"""

from dataclasses import dataclass, field

from catalogue.errors import BadValue, Problem, ValidationError
from index.params import BY_NAME, FILTERS, OPTIONS, SEARCH_PARAMS, format_years, parse_years


@dataclass
class SearchRequest:
    """A parsed search: the engine's arguments, and the URL that asks for them."""
    query: str = ""
    filters: dict = field(default_factory=dict)   # name -> values as given; years as canonical text
    sort: str = BY_NAME["sort"].default
    page: int = BY_NAME["page"].default
    per_page: int = BY_NAME["per_page"].default
    per_page_given: bool = False
    options: dict = field(default_factory=dict)   # field, group: ``Index.search``'s keyword arguments

    def engine_filters(self):
        """``filters`` for ``Index.search``: years as ints or (from, to) pairs."""
        out = {}
        for name, values in self.filters.items():
            out[name] = [_year_value(v) for v in values] if name == "year" else list(values)
        return out

    def url_params(self, **changes):
        """The canonical query parameters, as a list of pairs, with ``changes`` applied.

        ``changes`` may set ``q``, ``sort``, ``page`` (1 is left out) or a filter
        (a list of values); ``None`` removes a parameter.
        """
        state = {"q": self.query, "sort": self.sort, "page": self.page,
                 "per_page": self.per_page if self.per_page_given else None}
        state.update({name: list(values) for name, values in self.filters.items()})
        state.update(self.options)
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
        return any(self.filters.values()) or self.options.get("field") == "title"


def decode_pairs(pairs):
    """Query pairs from a WSGI server (latin-1 strings) as real text.

    What can go wrong: bytes that are not UTF-8 (``ValidationError``).
    """
    out, problems = [], []
    for key, value in pairs:
        try:
            out.append((key.encode("latin1").decode("utf8"), value.encode("latin1").decode("utf8")))
        except UnicodeError:
            problems.append(Problem(None, "the query string is not valid UTF-8", code="not_utf8"))
            break
    if problems:
        raise ValidationError(problems)
    return out


def _year_value(text):
    first, last = parse_years(text)
    return first if first == last else (first, last)


def parse_search(pairs, *, per_page_default=BY_NAME["per_page"].default):
    """A ``SearchRequest`` from decoded query ``pairs``; parameters not in ``SEARCH_PARAMS`` are ignored.

    (Links from elsewhere add their own; the JSON API names them in its
    ``warnings``, ``web.unknown_params``.) What can go wrong: ``ValidationError`` with one problem per bad parameter.
    """
    problems = []
    values = {}
    counted = {}
    for key, _value in pairs:
        counted[key] = counted.get(key, 0) + 1
    over = set()
    for key, count in counted.items():
        try:
            if key in BY_NAME:
                BY_NAME[key].check_count(count)
        except BadValue as exc:
            problems.append(exc.problem(key))
            over.add(key)   # refused as a whole: one problem, not one per value
    for key, value in pairs:
        param = BY_NAME.get(key)
        if param is None or key in over:
            continue
        if value.strip() == "" and (param.kind in ("text", "year", "date") or param.filter
                                    or param.name in OPTIONS):
            continue  # an empty box in a form means "no filter"
        if not param.repeat and key in values:
            problems.append(Problem(key, "may be given only once", code="repeated"))
            continue
        try:
            checked = param.check(value)
        except BadValue as exc:
            problems.append(exc.problem(key))
            continue
        if param.kind == "date":
            checked = checked.isoformat()
        elif param.kind == "int" and param.filter:     # filters hold text, as typed in the form
            checked = str(checked)
        values.setdefault(key, []).append(format_years(*checked) if param.kind == "year" else checked)
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
    return SearchRequest(query=single("q", ""), filters=filters,
                         sort=single("sort", BY_NAME["sort"].default),
                         page=single("page", BY_NAME["page"].default),
                         per_page=single("per_page", per_page_default),
                         per_page_given="per_page" in values,
                         options={name: values[name][0] for name in OPTIONS if name in values})
