"""One search: match a plan, filter, count facets, sort, page.

The request comes checked (``index.request``) and the query planned
(``index.plan``); ``run`` evaluates the plan on each segment
(``index.matching``) under the request's filters, within the view's scope
(``index.scope``): what the public may not see counts as deleted, a staff
scope keeps its bodies' items in its states. Totals, facets and the named
bodies' counts are all within the scope.

Facet counts are exact and disjunctive: each facet is counted under the
query and every other filter but not its own, so a person can widen a
selection. They come from per-segment arrays of value codes counted with
``collections.Counter`` over the matching document numbers (never Whoosh's
``groupedby``); filters are cached sets of document numbers per segment.

What can go wrong: nothing user-visible; a request is checked before it
gets here.
"""

import heapq
from collections import Counter

from .matching import LeafEval
from .params import FACETS, FILTER_FIELDS
from .schema import item_id_of
from .scope import View, china_today

LARGE = 0.6     # a result holding more of a segment than this is counted by its complement
RANKED_MIN = 2000   # from this many matches a one-word query pages through the word's ranked list


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


def run(generation, plan_, request, cache, named=None, view=None):
    """Match ``plan_`` under ``request``'s filters: ``(total, hits, facets)``.

    ``hits`` are ``(item id, score)`` of the requested page; ``facets`` maps
    each facet to a ``Counter`` of values. A ``named`` Counter, if given,
    receives for each body the query names (``plan_.bodies``) how many of
    the matches it and the bodies below it issued. ``view``
    (``scope.View``) is whom the search is for: by default the public today.
    """
    view = view if view is not None else View(None, china_today())
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
        deleted, keep = view.restrict(evaluator, seg, deleted, cache)
        whole = docs is seg.all_docs()
        live = docs - deleted if deleted else docs
        if keep is not None:
            live = keep.intersection(live)
            whole = False       # the facets cannot be read off the whole segment's value index
        sets = {name: evaluator.value_in(clause) for name, clause in request.filters.items()}
        final = _intersect(live, sets.values())
        total += len(final)
        if named is not None:
            for name, clause in plan_.bodies:
                named[name] += len(evaluator.value_in(clause).intersection(final))
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


def named_list(plan_, named):
    """The result's ``bodies``: each body the query names with its count, in the query's order."""
    return [{"name": name, "count": named[name]} for name, _clause in plan_.bodies]


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
