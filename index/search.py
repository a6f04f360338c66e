"""One search: check the request, plan the query, match, filter, count facets, sort, page.

Facet counts are exact and disjunctive: each facet is counted under the
query and every other filter but not its own, so a person can widen a
selection. They come from per-segment arrays of value codes counted with
``collections.Counter`` over the matching document numbers (never Whoosh's
``groupedby``); filters are cached sets of document numbers per segment.

What can go wrong: bad parameters raise ``ValidationError`` with one
``Problem`` per parameter (query, filters' issuer/year/topic/genre/validity/
disclosure, sort, page, per_page). Malformed query syntax is never an error.
"""

import heapq
from collections import Counter
from dataclasses import dataclass

from catalogue.errors import Problem, ValidationError
from catalogue.items import DISCLOSURE, VALIDITY

from . import query as _query
from .matching import LeafEval, Plan, ValueIn, doc_no_word, text_word
from .schema import item_id_of

SORTS = ("relevance", "date", "-date")
PER_PAGE_MAX = 100
PAGE_MAX = 1000
QUERY_MAX = 500
FILTERS = ("issuer", "year", "topic", "genre", "validity", "disclosure")
FACETS = ("issuer", "year", "topic", "genre")
LARGE = 0.6     # a result holding more of a segment than this is counted by its complement
RANKED_MIN = 2000   # from this many matches a one-word query pages through the word's ranked list
# The index field behind each filter.
FILTER_FIELDS = {"issuer": "issuer_own", "year": "year", "topic": "topic_own", "genre": "genre",
                 "validity": "validity", "disclosure": "disclosure"}


@dataclass
class Request:
    """A checked search request; ``filters`` maps a filter name to a ``ValueIn``."""
    query: str
    filters: dict
    sort: str
    page: int
    per_page: int

    def cache_key(self):
        return (self.query, tuple(sorted((k, v) for k, v in self.filters.items())),
                self.sort, self.page, self.per_page)


# ------------------------------------------------------------ the request

def _as_list(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple, set, frozenset)) and not _is_range(value):
        return list(value)
    return [value]


def _is_range(value):
    return isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, int) for v in value)


def _year_bounds(value):
    """``(first, last)`` of one year filter value (2012, (2010, 2012), "2010..2012"), or ``None``."""
    if isinstance(value, bool):     # True is an int to Python, never a year to a person
        return None
    if isinstance(value, int):
        return value, value
    if isinstance(value, (list, tuple)) and len(value) == 2:
        try:
            return int(value[0]), int(value[1])
        except (TypeError, ValueError):
            return None
    if isinstance(value, str):
        return _query._year_range(value.replace("-", "..") if value.count("-") == 1 else value)
    return None


def _year_values(raw, problems):
    years = set()
    for value in _as_list(raw):
        bounds = _year_bounds(value)
        if bounds is None or not (_query.YEAR_MIN <= min(bounds) and max(bounds) <= _query.YEAR_MAX):
            problems.append(Problem("year", f'"{value}" is not a year or a range of years '
                                            '(2012, 2010..2012)'))
            continue
        years.update(range(min(bounds), max(bounds) + 1))
    return years


def _topic_values(raw, vocab, problems):
    allowed = set()
    for value in _as_list(raw):
        value = str(value).strip()
        if value not in vocab.topics:
            problems.append(Problem("topic", f'"{value}" is not a topic in data/topics.yaml'))
            continue
        # A first-level topic includes its second levels.
        allowed.add(value)
        allowed.update(t for t in vocab.topic_list if t.startswith(value + "/"))
    return allowed


def _choice_values(name, raw, allowed, problems, what=None):
    values = set()
    for value in _as_list(raw):
        value = str(value).strip()
        if value not in allowed:
            problems.append(Problem(name, f'"{value}" is not {what or "one of " + ", ".join(allowed)}'))
        else:
            values.add(value)
    return values


def _issuer_values(raw, tree, problems):
    names = set()
    for value in _as_list(raw):
        name = tree.resolve(str(value))
        if name is None:
            problems.append(Problem("issuer", f'"{value}" is not in the body registry'))
        else:
            names.update(tree.with_descendants(name))
    return names


def _int_param(name, value, lo, hi, problems):
    try:
        number = int(value)
        if isinstance(value, bool) or isinstance(value, float) and value != number:
            raise ValueError
    except (TypeError, ValueError):
        problems.append(Problem(name, f'"{value}" is not a whole number'))
        return lo
    if not lo <= number <= hi:
        problems.append(Problem(name, f"must be between {lo} and {hi}, not {number}"))
    return number


def check_request(query, filters, sort, page, per_page, tree, vocab):
    """A ``Request``, or ``ValidationError`` listing every bad parameter."""
    problems = []
    if query is None:
        query = ""
    if not isinstance(query, str):
        problems.append(Problem("query", "must be text"))
        query = ""
    elif len(query) > QUERY_MAX:
        problems.append(Problem("query", f"is {len(query)} characters; at most {QUERY_MAX}"))
    filters = filters or {}
    if not isinstance(filters, dict):
        problems.append(Problem("filters", "must be a mapping of filter names to values"))
        filters = {}
    clauses = {}
    for name, raw in filters.items():
        if name not in FILTERS:
            problems.append(Problem(name, f"is not a filter (use {', '.join(FILTERS)})"))
            continue
        if raw is None or raw == [] or raw == "":
            continue
        if name == "issuer":
            values = _issuer_values(raw, tree, problems)
        elif name == "year":
            values = _year_values(raw, problems)
        elif name == "topic":
            values = _topic_values(raw, vocab, problems)
        elif name == "genre":
            values = _choice_values(name, raw, vocab.genre_list, problems, "a genre in data/genres.yaml")
        elif name == "validity":
            values = _choice_values(name, raw, VALIDITY, problems)
        else:
            values = _choice_values(name, raw, DISCLOSURE, problems)
        if values:
            clauses[name] = ValueIn(FILTER_FIELDS[name], frozenset(values))
    if sort not in SORTS:
        problems.append(Problem("sort", f'"{sort}" is not one of {", ".join(SORTS)}'))
    page = _int_param("page", page, 1, PAGE_MAX, problems)
    per_page = _int_param("per_page", per_page, 1, PER_PAGE_MAX, problems)
    if problems:
        raise ValidationError(problems)
    return Request(_query.normalize(query), clauses, sort, page, per_page)


# ---------------------------------------------------------------- the plan

def plan(text, tree, synonyms):
    """The ``Plan`` of query ``text`` (already normalised)."""
    parsed = _query.parse(text)
    marks = []

    def compile_clause(clause):
        if clause.kind == "text":
            word, found = text_word(clause.value, clause.phrase, clause.field == "title", synonyms)
            marks.extend(found)
            return word
        if clause.kind == "year":
            first, last = clause.value
            return ValueIn("year", frozenset(range(first, last + 1)))
        if clause.kind == "doc_no":
            return doc_no_word(clause.value)
        # issuer: a registry body and its descendants; else bodies whose name
        # contains the text; else the text as plain words.
        name = tree.resolve(clause.value)
        names = tree.with_descendants(name) if name else []
        if not names:
            for found in tree.containing(clause.value):
                names.extend(tree.with_descendants(found))
        if names:
            return ValueIn("issuer_own", frozenset(names))
        return compile_clause(_query.Clause("text", clause.value))

    groups = []
    for group in parsed.groups:
        compiled = [c for c in map(compile_clause, group) if c is not None]
        if compiled:
            groups.append(compiled)
    excluded = []
    for clause in parsed.excluded:
        before = len(marks)
        compiled = compile_clause(clause)
        del marks[before:]          # excluded words are not highlighted
        if compiled is not None:
            excluded.append(compiled)
    return Plan(groups, excluded, tuple(dict.fromkeys(m for m in marks if m)))


# ------------------------------------------------------------ the matching

def _facet_codes(seg, facet):
    if facet == "year":
        return seg.years, None
    return seg.enums[FILTER_FIELDS[facet]]


def _count(seg, facet, docs, counter):
    """Add the facet values of ``docs`` to ``counter``."""
    codes, values = _facet_codes(seg, facet)
    counts = Counter(map(codes.__getitem__, docs))
    if values is None:
        counter.update(counts)
    else:
        for code, n in counts.items():
            counter[values[code]] += n


def _count_all(seg, facet, deleted, counter):
    """Add the facet values of every live document of the segment (from the value index)."""
    for value, members in seg.docs_by_value(FILTER_FIELDS[facet]).items():
        counter[value] += len(members) - (len(deleted & members) if deleted else 0)


def _count_facets(seg, names, docs, deleted, every_live, facets):
    """Add the values of ``docs`` for each facet of ``names`` to ``facets``.

    Every live document: from the value index. Most of the segment: every
    live document minus the few left out (a set difference in C instead of
    a Counter over nearly all documents). Otherwise a Counter over ``docs``.
    """
    if every_live:
        for name in names:
            _count_all(seg, name, deleted, facets[name])
        return
    if len(docs) <= seg.doccount * LARGE:
        for name in names:
            _count(seg, name, docs, facets[name])
        return
    rest = seg.all_docs().difference(docs)
    if deleted:
        rest = rest.difference(deleted)
    for name in names:
        everything, left_out = Counter(), Counter()
        _count_all(seg, name, deleted, everything)
        _count(seg, name, rest, left_out)
        for value, n in everything.items():
            facets[name][value] += n - left_out.get(value, 0)


def _first_in(ranked, docs, want):
    """The first ``want`` of ``ranked`` that are in ``docs``."""
    out = []
    for doc in ranked:
        if doc in docs:
            out.append(doc)
            if len(out) == want:
                break
    return out


def _intersect(docs, sets):
    for members in sorted(sets, key=len):
        docs = members.intersection(docs)
    return docs


def _top_by_score(want, docs, scores, keys):
    """The ``want`` best of ``docs`` by score, ties broken by sort key (date, then id).

    Ranking by score alone keeps the key function in C (a tuple key built
    per document costs ~0.5 µs each); only the documents tied with the last
    one kept are then ranked again with their sort keys.
    """
    top = heapq.nlargest(want, docs, key=scores.__getitem__)
    if len(top) < want or not top:
        return top
    floor = scores[top[-1]]
    # Everything scoring above the last one kept is in ``top`` already; those
    # equal to it may have been cut arbitrarily, so all of them are ranked again.
    tied = [d for d in docs if scores[d] >= floor]
    return sorted(tied, key=lambda d: (scores[d], keys[d]), reverse=True)[:want]


def run(generation, plan_, request, cache):
    """Match ``plan_`` under ``request``'s filters: ``(total, hits, facets)``.

    ``hits`` are ``(item id, score)`` of the requested page; ``facets`` maps
    each facet to a ``Counter`` of values.
    """
    facets = {name: Counter() for name in FACETS}
    total = 0
    candidates = []
    want = request.page * request.per_page
    by_date = request.sort != "relevance" or not plan_.scored
    for leaf_searcher, seg in generation.leaves:
        evaluator = LeafEval(leaf_searcher, seg, generation.stats, cache)
        scores, docs = evaluator.run(plan_)
        reader = leaf_searcher.reader()
        deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
        whole = docs is seg.all_docs()
        live = docs - deleted if deleted else docs
        sets = {name: evaluator.value_in(clause) for name, clause in request.filters.items()}
        final = _intersect(live, sets.values())
        total += len(final)
        # Facets sharing one document set (all but those with a filter of
        # their own) are counted together.
        by_subset = {}
        for facet in FACETS:
            subset = _intersect(live, [m for name, m in sets.items() if name != facet]) \
                if facet in sets else final
            by_subset.setdefault(id(subset), (subset, []))[1].append(facet)
        for subset, names in by_subset.values():
            _count_facets(seg, names, subset, deleted, whole and subset is live, facets)
        if not final:
            continue
        keys = seg.sortkeys
        if by_date:
            pick = heapq.nsmallest if request.sort == "-date" else heapq.nlargest
            for doc in pick(want, final, key=keys.__getitem__):
                candidates.append(((keys[doc],), keys[doc], scores[doc] if scores else 0.0))
        else:
            word = plan_.single_word()
            ranked = evaluator.ranked(word) if word is not None and len(final) > RANKED_MIN else None
            if ranked is not None:
                top = _first_in(ranked, final, want)
            else:
                top = _top_by_score(want, final, scores, keys)
            for doc in top:
                candidates.append(((scores[doc], keys[doc]), keys[doc], scores[doc]))
    candidates.sort(key=lambda c: c[0], reverse=not (by_date and request.sort == "-date"))
    start = (request.page - 1) * request.per_page
    hits = [(item_id_of(key), score) for _, key, score in candidates[start:want]]
    return total, hits, facets


def facet_lists(facets):
    """Facet counters as the result's lists: most items first (years newest first)."""
    out = {}
    for name, counter in facets.items():
        pairs = [(v, n) for v, n in counter.items() if n > 0 and v not in ("", None, 0)]
        if name == "year":
            pairs.sort(key=lambda p: -p[0])
        else:
            pairs.sort(key=lambda p: (-p[1], p[0]))
        out[name] = [{"value": v, "count": n} for v, n in pairs]
    return out
