"""One search with arrays: match a plan, filter, count facets, sort, page (the numpy path).

The same contract and the same answers as ``index.search.run`` (the Python
path, kept as the reference): ``(total, hits, facets)``. Per segment the
plan is evaluated by ``index.vector.VectorEval`` into a score array and a
mask; deletions, what the view may not see, the request's filters and the
staff scope are boolean masks; facets are ``np.bincount`` over the value
codes of the matching documents (disjunctive: each facet under every filter
but its own); the page is picked with ``np.argpartition`` and ordered by
score, then sort key (date, then id), as the Python path orders it.

What can go wrong: nothing user-visible; a request is checked before it
gets here.
"""

from collections import Counter

import numpy as np

from catalogue.clock import china_today
from catalogue.items import CLOSED
from catalogue.workflow import PUBLISHED

from .params import FACETS, FILTER_FIELDS
from .schema import item_id_of
from .scope import View
from .vector import VectorEval


def _deleted(generation, leaf_searcher, seg, cache):
    """The segment's deleted documents in this searcher generation, as a mask (``None``: none)."""
    reader = leaf_searcher.reader()
    if not reader.has_deletions():
        return None
    key = ("deleted", generation.key, seg.segid)
    found = cache.get(key)
    if found is None:
        found = np.zeros(seg.doccount, dtype=bool)
        deleted = reader.deleted_docs_set
        if deleted:
            found[np.fromiter(deleted, dtype=np.int64, count=len(deleted))] = True
        cache.put(key, found, found.nbytes + 64)
    return found


def _hidden(view, seg, cache):
    """What the public may not see in ``seg`` on the view's day (not published, 不予公开, dated later)."""
    if not view.public:
        return None
    key = ("hidden", seg.segid, view.today.toordinal())
    found = cache.get(key)
    if found is None:
        vec = seg.vector()
        found = ~vec.value_mask("status", (PUBLISHED,))
        found |= vec.value_mask("disclosure", (CLOSED,))
        found |= vec.sortkeys >= (view.today.toordinal() + 1) << 32
        cache.put(key, found, found.nbytes + 64)
    return found


def _keep(view, evaluator):
    """The staff scope's mask, or ``None`` for the public (and a scope of all)."""
    masks = [evaluator.value_in(c) for c in view.clauses]
    if not masks:
        return None
    out = masks[0].copy()
    for mask in masks[1:]:
        out &= mask
    return out


def _count(vec, facet, subset, counter):
    codes, values = vec.codes(FILTER_FIELDS[facet] if facet != "year" else "year")
    counts = np.bincount(codes[subset])
    for code in np.flatnonzero(counts):
        counter[int(code) if values is None else values[code]] += int(counts[code])


def _top(want, idx, primary, keys, ascending=False):
    """The ``want`` best of documents ``idx`` by ``primary`` then ``keys`` (both descending unless ``ascending``)."""
    if len(idx) > want:
        values = primary if not ascending else -primary
        kth = np.partition(values, len(values) - want)[len(values) - want]
        chosen = values >= kth      # the ties at the cut are all kept, then ordered by key
        idx, primary, keys = idx[chosen], primary[chosen], keys[chosen]
    order = np.lexsort((keys, primary))
    if not ascending:
        order = order[::-1]
    return idx[order[:want]]


def _visible(generation, leaf_searcher, seg, evaluator, docs, cache, view):
    """``docs`` (a mask) less deleted documents and what ``view`` may not see: a new mask."""
    live = docs.copy()
    for mask in (_deleted(generation, leaf_searcher, seg, cache), _hidden(view, seg, cache)):
        if mask is not None:
            live &= ~mask
    keep = _keep(view, evaluator)
    if keep is not None:
        live &= keep
    return live


def _evaluator(generation, leaf_searcher, seg, cache):
    return VectorEval(leaf_searcher, seg, generation.stats, cache, generation.columns.get(seg.segid))


def finds_any(generation, plan_, cache, view):
    """Whether ``plan_`` matches an item ``view`` may see (no filters, nothing counted or ranked)."""
    for leaf_searcher, seg in generation.leaves:
        evaluator = _evaluator(generation, leaf_searcher, seg, cache)
        _scores, docs = evaluator.run(plan_)
        if docs.any() and _visible(generation, leaf_searcher, seg, evaluator, docs, cache, view).any():
            return True
    return False


def run(generation, plan_, request, cache, named=None, view=None):
    """Match ``plan_`` under ``request``'s filters: ``(total, hits, facets)``, as ``search.run``."""
    view = view if view is not None else View(None, china_today())
    facets = {name: Counter() for name in FACETS}
    total = 0
    candidates = []
    want = request.page * request.per_page
    by_date = request.sort != "relevance" or not plan_.scored
    for leaf_searcher, seg in generation.leaves:
        evaluator = _evaluator(generation, leaf_searcher, seg, cache)
        vec = evaluator.vec
        scores, docs = evaluator.run(plan_)
        live = _visible(generation, leaf_searcher, seg, evaluator, docs, cache, view)
        sets = {name: evaluator.value_in(clause) for name, clause in request.filters.items()}
        final = live
        if sets:
            final = live.copy()
            for mask in sets.values():
                final &= mask
        found = int(np.count_nonzero(final))
        total += found
        if named is not None:
            for name, clause in plan_.bodies:
                named[name] += int(np.count_nonzero(evaluator.value_in(clause) & final))
        for facet in FACETS:
            subset = final
            if facet in sets:
                subset = live.copy()
                for name, mask in sets.items():
                    if name != facet:
                        subset &= mask
            _count(vec, facet, subset, facets[facet])
        if not found:
            continue
        idx = np.flatnonzero(final)
        keys = vec.sortkeys[idx]
        if by_date:
            top = _top(want, idx, keys, keys, ascending=request.sort == "-date")
            for doc in top.tolist():
                key = int(vec.sortkeys[doc])
                candidates.append(((key,), key, float(scores[doc]) if scores is not None else 0.0))
        else:
            top = _top(want, idx, scores[idx], keys)
            for doc in top.tolist():
                key, score = int(vec.sortkeys[doc]), float(scores[doc])
                candidates.append(((score, key), key, score))
    candidates.sort(key=lambda c: c[0], reverse=not (by_date and request.sort == "-date"))
    start = (request.page - 1) * request.per_page
    hits = [(item_id_of(key), score) for _, key, score in candidates[start:want]]
    return total, hits, facets
