"""Evaluation of query plans (``index.plan``) on one segment with arrays: the numpy path.

The same plans, the same scores and the same documents as ``index.matching``
(which works with Python sets and dicts and stays as the reference a test
compares this with), computed over whole arrays: a word's result is a dense
``Hits`` (a float64 score and a match flag per document of the segment), a
filter a boolean mask, a phrase the intersection of sorted occurrence
codes. Posting lists come from the segment's mapped columns
(``index.columns``) when it has them, else from Whoosh's blocks, decoded
once and cached; either way they are the same arrays.

Scores are bit-for-bit those of ``index.matching``: every sum adds the same
terms in the same order (``np.bincount`` adds its weights in input order,
starting from 0.0, as the dict code does), so ties break the same way.

What can go wrong: nothing user-visible; a word absent from the index
matches nothing.
"""

import numpy as np

from .plan import DaysIn, ValueIn, Word
from .segments import K1, POSITION_BITS, occurrence_codes, read_postings

EMPTY_IDS = np.zeros(0, dtype=np.uint32)
EMPTY_TF = np.zeros(0, dtype=np.float32)


class Hits:
    """Per-document scores (float64) and match flags (bool) of one segment."""

    __slots__ = ("scores", "present", "_count")

    def __init__(self, scores, present):
        self.scores, self.present, self._count = scores, present, None

    def __len__(self):
        if self._count is None:
            self._count = int(np.count_nonzero(self.present))
        return self._count

    def nbytes(self):
        return self.scores.nbytes + self.present.nbytes + 64


def _nbytes(*arrays):
    return sum(a.nbytes for a in arrays) + 64


class VectorEval:
    """Evaluates plan clauses on one segment with arrays, caching per segment id in ``cache``."""

    def __init__(self, leaf_searcher, seg, stats, cache, columns=None):
        self.reader = leaf_searcher.reader()
        self.seg = seg
        self.n = seg.doccount
        self.vec = seg.vector()
        self.stats = stats
        self.cache = cache
        self.columns = columns

    # -- postings -----------------------------------------------------------
    def postings(self, fieldname, text):
        """``(ids uint32, weights float32)`` of a term in this segment (deleted documents included)."""
        if self.columns is not None:
            found = self.columns.postings(fieldname, text)
            if found is not None:
                return found
        if not self.vec.may_hold(self.reader, fieldname, text, self.cache):
            return EMPTY_IDS, EMPTY_TF     # a small segment's term table says: not there
        key = ("postings", self.seg.segid, fieldname, text)
        found = self.cache.get(key)
        if found is None:
            postings = read_postings(self.reader, fieldname, text)
            if len(postings):
                found = (np.frombuffer(postings.ids, dtype=np.uint32),
                         np.frombuffer(postings.weights, dtype=np.float32))
            else:
                found = (EMPTY_IDS, EMPTY_TF)
            self.cache.put(key, found, _nbytes(*found))
        return found

    def codes(self, fieldname, text):
        """The term's occurrence codes, sorted (doc << POSITION_BITS | position)."""
        if self.columns is not None:
            found = self.columns.codes(fieldname, text)
            if found is not None:
                return found
        key = ("codes", self.seg.segid, fieldname, text)
        found = self.cache.get(key)
        if found is None:
            postings = read_postings(self.reader, fieldname, text, with_positions=True)
            found = np.frombuffer(occurrence_codes(postings), dtype=np.int64) if len(postings) \
                else np.zeros(0, dtype=np.int64)
            self.cache.put(key, found, _nbytes(found))
        return found

    def _empty(self):
        return Hits(np.zeros(self.n), np.zeros(self.n, dtype=bool))

    def _term_scores(self, fieldname, text, factor, only=None):
        """BM25 of one term in one field: sparse ``(ids, scores)`` (restricted to mask ``only``), or None."""
        ids, tf = self.postings(fieldname, text)
        if not len(ids):
            return None
        if only is not None:
            keep = only[ids]
            ids, tf = ids[keep], tf[keep]
        table = self.stats.norms(fieldname)
        lengths = self.vec.lengths(self.reader, fieldname)
        factor *= self.stats.idf(fieldname, text) * (K1 + 1)
        tf = tf.astype(np.float64)
        return ids, factor * tf / (tf + table[lengths[ids]])

    def _sum(self, parts):
        """One ``Hits`` summing sparse ``(ids, scores)`` parts and ``Hits``, largest first (as ``matching.summed``)."""
        parts = [p for p in parts if p is not None and _size(p)]
        parts.sort(key=_size, reverse=True)
        if not parts:
            return self._empty()
        if len(parts) == 1 and isinstance(parts[0], Hits):
            return parts[0]
        scores = np.zeros(self.n)
        present = np.zeros(self.n, dtype=bool)
        for part in parts:
            if isinstance(part, Hits):
                scores += part.scores
                present |= part.present
            else:
                ids, values = part
                scores[ids] += values   # a term's ids are distinct
                present[ids] = True
        return Hits(scores, present)

    # -- phrases ------------------------------------------------------------
    def phrase_docs(self, fieldname, words):
        """Sorted document numbers where ``words`` occur at consecutive positions of ``fieldname`` (cached)."""
        key = ("phrase", self.seg.segid, fieldname, words)
        found = self.cache.get(key)
        if found is not None:
            return found
        lists = [self.postings(fieldname, w)[0] for w in words]
        found = EMPTY_IDS
        if all(len(ids) for ids in lists):
            count = np.zeros(self.n, dtype=np.uint16)
            for ids in {id(ids): ids for ids in lists}.values():
                count[ids] += 1
            candidates = count == len({id(ids) for ids in lists})
            if candidates.any():
                found = self._phrase_starts(fieldname, words, candidates)
        self.cache.put(key, found, _nbytes(found))
        return found

    def _phrase_starts(self, fieldname, words, candidates):
        shifted = []
        for i, word in enumerate(words):
            codes = self.codes(fieldname, word)
            codes = codes[candidates[codes >> POSITION_BITS]]
            shifted.append(codes - i if i else codes)
        shifted.sort(key=len)
        starts = shifted[0]
        for other in shifted[1:]:
            if not len(starts):
                break
            starts = _sorted_intersection(starts, other)
        return np.unique((starts >> POSITION_BITS).astype(np.uint32))

    def _phrase_scores(self, fieldname, words, factor, docs):
        rarest = min(words, key=lambda w: len(self.postings(fieldname, w)[0]))
        idfs = sum(self.stats.idf(fieldname, w) for w in words)
        only = np.zeros(self.n, dtype=bool)
        only[docs] = True
        return self._term_scores(fieldname, rarest, factor * idfs / self.stats.idf(fieldname, rarest), only)

    # -- alternatives -------------------------------------------------------
    def _flag(self, ids, weight):
        present = np.zeros(self.n, dtype=bool)
        present[ids] = True
        return Hits(np.where(present, weight, 0.0), present)

    def _alt(self, alt):
        if alt.kind == "terms":
            parts = []
            for fieldname, boost in alt.fields:
                factor = boost * alt.weight
                if len(alt.words) == 1:
                    parts.append(self._term_scores(fieldname, alt.words[0], factor))
                else:
                    docs = self.phrase_docs(fieldname, alt.words)
                    if len(docs):
                        parts.append(self._phrase_scores(fieldname, alt.words, factor, docs))
            return self._sum(parts)
        if alt.kind == "loose":
            per_word = sorted((self._sum([self._term_scores(f, w, b * alt.weight) for f, b in alt.fields])
                               for w in alt.words), key=len)
            if not all(len(p) for p in per_word):
                return self._empty()
            common = per_word[0].present.copy()
            scores = np.zeros(self.n)
            for part in per_word:
                common &= part.present
                scores += part.scores
            return Hits(np.where(common, scores, 0.0), common)
        if alt.kind == "bigrams":
            fieldname = alt.fields[0][0]
            if len(alt.words) == 1:
                docs = self.postings(fieldname, alt.words[0])[0]
            else:
                docs = self.phrase_docs(fieldname, alt.words)
            if not len(docs):
                return self._empty()
            return self._flag(docs, alt.weight * sum(self.stats.idf(fieldname, g) for g in alt.words))
        if alt.kind == "exact":
            return self._flag(self.postings(alt.fields[0][0], alt.words[0])[0], alt.weight)
        if alt.kind == "prefix":
            fieldname = alt.fields[0][0]
            present = np.zeros(self.n, dtype=bool)
            for term in self.reader.expand_prefix(fieldname, alt.words[0]):
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                present[self.postings(fieldname, text)[0]] = True
            return Hits(np.where(present, alt.weight, 0.0), present)
        if alt.kind == "values":
            present = self.value_in(ValueIn(alt.fields[0][0], frozenset(alt.words)))
            return Hits(np.where(present, alt.weight, 0.0), present)
        return self._empty()

    def word(self, word):
        """The ``Hits`` of a ``Word`` (deleted documents included): alternatives summed, then floors raised."""
        key = ("word", self.seg.segid, word)
        found = self.cache.get(key)
        if found is None:
            found = self._sum([self._alt(alt) for alt in word.alts if not alt.floor])
            floors = sorted((a for a in word.alts if a.floor), key=lambda a: a.weight)
            if floors:
                found = Hits(found.scores.copy(), found.present.copy())
            for alt in floors:
                docs = self._alt(alt).present
                found.present |= docs
                found.scores[docs] = np.maximum(found.scores[docs], alt.weight)
                found._count = None
            self.cache.put(key, found, found.nbytes())
        return found

    def value_in(self, clause):
        """The boolean mask of a ``ValueIn``, ``DaysIn`` or (unscored) ``Word`` clause (cached)."""
        key = ("values", self.seg.segid, clause)
        found = self.cache.get(key)
        if found is None:
            if isinstance(clause, DaysIn):
                days = self.vec.days(clause.field)
                first = 1 if clause.first is None else max(clause.first, 1)    # 0 is "no date"
                found = days >= first
                if clause.last is not None:
                    found &= days <= clause.last
            elif isinstance(clause, Word):
                found = self.word(clause).present
            else:
                found = self.vec.value_mask(clause.field, clause.values)
            self.cache.put(key, found, found.nbytes + 64)
        return found

    # -- the plan -----------------------------------------------------------
    def _group(self, group):
        """An ORed group: ``(Hits or None, mask)``."""
        scored = [self.word(c) for c in group if isinstance(c, Word)]
        sets = [self.value_in(c) for c in group if isinstance(c, ValueIn)]
        if not scored:
            if not sets:
                return None, np.zeros(self.n, dtype=bool)
            return None, _any(sets)
        if len(scored) == 1 and not sets:
            return scored[0], scored[0].present
        hits = self._sum(scored)
        if hits is scored[0]:
            hits = Hits(hits.scores, hits.present.copy())
        for mask in sets:
            hits.present |= mask
        hits._count = None
        return hits, hits.present

    def run(self, plan):
        """``(scores float64 array or None, mask)`` of the plan on this segment, deletions not yet applied."""
        results = [self._group(g) for g in plan.groups]
        scored = [h for h, _ in results if h is not None]
        if results:
            docs = results[0][1].copy()
            for _, mask in results[1:]:
                docs &= mask
        else:
            docs = np.ones(self.n, dtype=bool)
        for clause in plan.excluded:
            docs &= ~(self.word(clause).present if isinstance(clause, Word) else self.value_in(clause))
        if not scored:
            return None, docs
        if len(scored) == 1:
            return scored[0].scores, docs
        total = np.zeros(self.n)
        for hits in scored:
            total += hits.scores
        return total, docs


def _size(part):
    return len(part) if isinstance(part, Hits) else len(part[0])


def _any(masks):
    out = masks[0].copy()
    for mask in masks[1:]:
        out |= mask
    return out


def _sorted_intersection(small, large):
    """The values of sorted ``small`` also in sorted ``large`` (both without repeats)."""
    if len(small) > len(large):
        small, large = large, small
    at = np.searchsorted(large, small)
    at[at == len(large)] = 0
    return small[large[at] == small]
