"""Evaluation of query plans (``index.plan``) on one index segment.

Evaluation works on posting lists decoded once per segment and cached, then
intersected and summed with Python sets and dicts: for common words this is
several times faster than Whoosh's matchers, which score posting by posting.
Scores are BM25 with a boost per field; a doc number or index number match
scores far above any text match (``plan.EXACT_SCORE``), so it ranks first,
and a word's floor alternatives (the body or series it names) lift their
documents to their tier (see ``index.plan``).

What can go wrong: nothing user-visible; a word absent from the index simply
matches nothing.
"""

from bisect import bisect_left
from itertools import repeat
from operator import rshift, sub

import numpy as np

from .internals.whoosh_read import values_for
from .plan import DaysIn, ValueIn, Word
from .segments import K1, POSITION_BITS, idf, norm_table, occurrence_codes, positions, read_postings

# Approximate bytes per cached entry, for the cache's memory budget.
POSTING_BYTES = 8           # array ids + weights
DICT_BYTES = 100            # {doc: score}: int and float objects and the slot
SET_BYTES = 60              # frozenset of doc numbers
SPARSE = 64                 # a phrase reads only its candidates' blocks below 1 in this many postings
CODES_NOW = 5000            # a phrase codes lists shorter than this on the spot...
CODES_RATIO = 4             # ... or holding at most this many postings per candidate


class Stats:
    """Index-wide statistics for BM25, computed once per searcher generation."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.doc_count = max(1, searcher.doc_count_all())
        self._tables = {}
        self._norms = {}
        self._idf = {}

    def table(self, fieldname):
        table = self._tables.get(fieldname)
        if table is None:
            avgdl = self.searcher.field_length(fieldname) / self.doc_count
            table = self._tables[fieldname] = norm_table(avgdl)
        return table

    def norms(self, fieldname):
        """``table(fieldname)`` as a numpy array (for ``index.vector``)."""
        found = self._norms.get(fieldname)
        if found is None:
            found = self._norms[fieldname] = np.array(self.table(fieldname), dtype=np.float64)
        return found

    def idf(self, fieldname, text):
        key = (fieldname, text)
        value = self._idf.get(key)
        if value is None:
            value = self._idf[key] = idf(self.doc_count, self.searcher.doc_frequency(fieldname, text))
        return value


class LeafEval:
    """Evaluates plan clauses on one segment, caching per segment id in ``cache``."""

    def __init__(self, leaf_searcher, seg, stats, cache):
        self.searcher = leaf_searcher
        self.reader = leaf_searcher.reader()
        self.seg = seg
        self.stats = stats
        self.cache = cache

    # -- postings -----------------------------------------------------------
    def _postings(self, fieldname, text, positions=False):
        """The term's cached ``Postings`` (with positions when asked for)."""
        key = ("postings", self.seg.segid, fieldname, text)
        found = self.cache.get(key)
        if found is None or (positions and found.values is None):
            codes = found.codes if found is not None else None
            found = read_postings(self.reader, fieldname, text, positions)
            found.codes = codes
            self.cache.put(key, found, found.size())
        return found

    def _term_scores(self, fieldname, text, factor, only=None):
        """BM25 of one term in one field: ``{doc: score}`` (restricted to ``only`` if given)."""
        postings = self._postings(fieldname, text)
        if not postings:
            return {}
        table = self.stats.table(fieldname)
        lengths = self.seg.lengths(self.reader, fieldname)
        factor *= self.stats.idf(fieldname, text) * (K1 + 1)
        pairs = zip(postings.ids, postings.weights)
        if only is None:
            return {d: factor * tf / (tf + table[lengths[d]]) for d, tf in pairs}
        return {d: factor * tf / (tf + table[lengths[d]]) for d, tf in pairs if d in only}

    def _phrase_scores(self, fieldname, words, factor, docs):
        """BM25 of a phrase in ``docs``: the words' summed idf times the rarest word's tf part.

        One pass over the rarest word's postings instead of one per word; the
        rarest word's frequency stands for the phrase's.
        """
        rarest = min(words, key=lambda w: len(self._postings(fieldname, w)))
        idfs = sum(self.stats.idf(fieldname, w) for w in words)
        return self._term_scores(fieldname, rarest, factor * idfs / self.stats.idf(fieldname, rarest), docs)

    def _phrase_docs(self, fieldname, words):
        """Documents where ``words`` occur at consecutive positions of ``fieldname`` (cached).

        Candidates are the documents holding every word (a set intersection
        in C). When they are many, or the lists short or already coded, the
        words' occurrence codes (doc << POSITION_BITS | position; the
        background warm-up codes the common words) are matched whole: word
        i's codes shifted back by i, the codes all words share are the
        phrase's starts, with sets, map(), sub and rshift in C. For a few
        candidates in long lists, each candidate's positions are compared.
        """
        key = ("phrase", self.seg.segid, fieldname, words)
        found = self.cache.get(key)
        if found is not None:
            return found
        lists = [self._postings(fieldname, w) for w in words]
        found = frozenset()
        if all(lists):
            order = sorted(range(len(words)), key=lambda i: len(lists[i]))
            candidates = set(lists[order[0]].ids).intersection(*(lists[i].ids for i in order[1:]))
            if candidates and all(p.codes is not None or len(p) < CODES_NOW or
                                  len(candidates) * CODES_RATIO >= len(p) for p in lists):
                found = self._phrase_by_codes(fieldname, words, lists)
            elif candidates:
                found = self._phrase_by_candidates(fieldname, words, order, candidates)
        self.cache.put(key, found, len(found) * SET_BYTES + 64)
        return found

    def _phrase_by_codes(self, fieldname, words, lists):
        codes = [p.codes if p.codes is not None else self._codes(fieldname, w)
                 for p, w in zip(lists, words)]
        order = sorted(range(len(words)), key=lambda i: len(codes[i]))
        starts = set(map(sub, codes[order[0]], repeat(order[0])))
        for i in order[1:]:
            starts.intersection_update(map(sub, codes[i], repeat(i)))
        return frozenset(map(rshift, starts, repeat(POSITION_BITS)))

    def _phrase_by_candidates(self, fieldname, words, order, candidates):
        steps = [(i, self._positions_lookup(fieldname, words[i], candidates)) for i in order]
        matched = []
        for doc in candidates:
            starts = None
            for i, lookup in steps:
                shifted = {p - i for p in positions(lookup(doc))}
                starts = shifted if starts is None else starts & shifted
                if not starts:
                    break
            else:
                matched.append(doc)
        return frozenset(matched)

    def _codes(self, fieldname, word):
        """The occurrence codes of a (short) posting list, made and cached with it."""
        postings = self._postings(fieldname, word, positions=True)
        postings.codes = occurrence_codes(postings)
        self.cache.put(("postings", self.seg.segid, fieldname, word), postings, postings.size())
        return postings.codes

    def _positions_lookup(self, fieldname, word, candidates):
        """``doc -> encoded positions`` of ``word`` for the ``candidates`` of a phrase.

        Few candidates in a long list: read just their blocks. Otherwise the
        whole list with positions (cached); for many candidates a dict made
        in C pays, for some, bisecting the sorted doc numbers.
        """
        postings = self._postings(fieldname, word)
        if postings.values is None and len(candidates) * SPARSE < len(postings):
            return values_for(self.reader, fieldname, word, sorted(candidates)).__getitem__
        postings = self._postings(fieldname, word, positions=True)
        ids, values = postings.ids, postings.values
        if len(candidates) * 8 > len(ids):
            return dict(zip(ids, values)).__getitem__
        return lambda doc: values[bisect_left(ids, doc)]

    # -- alternatives -------------------------------------------------------
    def _alt(self, alt):
        out = {}
        if alt.kind == "terms":
            parts = []
            for fieldname, boost in alt.fields:
                factor = boost * alt.weight
                if len(alt.words) == 1:
                    parts.append(self._term_scores(fieldname, alt.words[0], factor))
                else:
                    docs = self._phrase_docs(fieldname, alt.words)
                    if docs:
                        parts.append(self._phrase_scores(fieldname, alt.words, factor, docs))
            out = summed(parts)
        elif alt.kind == "loose":
            per_word = sorted((summed([self._term_scores(f, w, b * alt.weight) for f, b in alt.fields])
                               for w in alt.words), key=len)
            if all(per_word):
                common = set(per_word[0]).intersection(*per_word[1:])
                out = {d: sum(p[d] for p in per_word) for d in common}
        elif alt.kind == "bigrams":
            fieldname = alt.fields[0][0]
            if len(alt.words) == 1:
                docs = self._postings(fieldname, alt.words[0]).ids
            else:
                docs = self._phrase_docs(fieldname, alt.words)
            if docs:
                score = alt.weight * sum(self.stats.idf(fieldname, g) for g in alt.words)
                out = dict.fromkeys(docs, score)
        elif alt.kind == "exact":
            out = dict.fromkeys(self._postings(alt.fields[0][0], alt.words[0]).ids, alt.weight)
        elif alt.kind == "prefix":
            fieldname = alt.fields[0][0]
            for term in self.reader.expand_prefix(fieldname, alt.words[0]):
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                out.update(dict.fromkeys(self._postings(fieldname, text).ids, alt.weight))
        elif alt.kind == "values":
            out = dict.fromkeys(self.value_in(ValueIn(alt.fields[0][0], frozenset(alt.words))), alt.weight)
        return out

    def word(self, word):
        """``{doc: score}`` of a ``Word`` (deleted documents included).

        The alternatives' scores are summed; then each floor alternative
        (lowest first) raises its documents to at least its weight.
        """
        key = ("word", self.seg.segid, word)
        found = self.cache.get(key)
        if found is None:
            found = summed([self._alt(alt) for alt in word.alts if not alt.floor])
            for alt in sorted((a for a in word.alts if a.floor), key=lambda a: a.weight):
                _raise_to(found, self._alt(alt), alt.weight)
            self.cache.put(key, found, len(found) * DICT_BYTES + 64)
        return found

    def ranked(self, word):
        """The documents of ``word`` best first, ties by date then id, or ``None`` the first time.

        Paging a common word then reads the head of this list instead of
        picking the best of tens of thousands of scores on every search.
        """
        key = ("ranked", self.seg.segid, word)
        found = self.cache.get(key)
        if found is None:
            # Sorting every match costs more than picking the best once: the
            # list is made only when the word comes back (another page, a
            # repeated search).
            seen = ("ranked-seen", self.seg.segid, word)
            if self.cache.get(seen) is None:
                self.cache.put(seen, True, 64)
                return None
            scores, keys = self.word(word), self.seg.sortkeys
            found = sorted(scores, key=keys.__getitem__, reverse=True)
            found.sort(key=scores.__getitem__, reverse=True)     # stable: ties keep date, id order
            self.cache.put(key, found, len(found) * 8 + 64)
        return found

    def value_in(self, clause):
        """The documents of a ``ValueIn``, ``DaysIn`` or (unscored) ``Word`` clause (a frozenset)."""
        key = ("values", self.seg.segid, clause)
        found = self.cache.get(key)
        if found is None:
            if isinstance(clause, DaysIn):
                found = self._days_in(clause)
            elif isinstance(clause, Word):     # a doc-number filter: its documents, unscored
                found = frozenset(self.word(clause))
            else:
                index = self.seg.docs_by_value(clause.field)
                sets = [index[v] for v in clause.values if v in index]
                found = frozenset().union(*sets) if len(sets) != 1 else sets[0]
            self.cache.put(key, found, len(found) * SET_BYTES + 64)
        return found

    def _days_in(self, clause):
        first = 1 if clause.first is None else max(clause.first, 1)    # 0 is "no date"
        last = clause.last
        days = self.seg.days(clause.field)
        if last is None:
            return frozenset(doc for doc, day in enumerate(days) if day >= first)
        return frozenset(doc for doc, day in enumerate(days) if first <= day <= last)

    # -- the plan -----------------------------------------------------------
    def _group(self, group):
        """An ORed group: ``(scores or None, docs)``; scores are summed over its words."""
        scored = [self.word(c) for c in group if isinstance(c, Word)]
        sets = [self.value_in(c) for c in group if isinstance(c, ValueIn)]
        if not scored:
            return None, (sets[0] if len(sets) == 1 else frozenset().union(*sets))
        if len(scored) == 1 and not sets:
            return scored[0], scored[0].keys()
        scores = summed(scored)         # cached dicts are shared: sum into a new one
        for docs in sets:
            for d in docs:
                scores.setdefault(d, 0.0)
        return scores, scores.keys()

    def run(self, plan):
        """``(scores or None, docs)`` of the plan on this segment, deletions not yet applied."""
        results = [self._group(g) for g in plan.groups]
        scored = [s for s, _ in results if s is not None]
        if results:
            ordered = sorted((d for _, d in results), key=len)
            docs = set(ordered[0]).intersection(*ordered[1:]) if len(ordered) > 1 else ordered[0]
        else:
            docs = self.seg.all_docs()
        if plan.excluded:
            drop = set()
            for clause in plan.excluded:
                drop.update(self.word(clause) if isinstance(clause, Word) else self.value_in(clause))
            docs = set(docs).difference(drop)
        if not scored:
            return None, docs
        if len(scored) == 1 and len(results) == 1 and not plan.excluded:
            return scored[0], docs
        if len(scored) == 1:
            only = scored[0]
            return {d: only[d] for d in docs}, docs
        return {d: sum(s[d] for s in scored) for d in docs}, docs


def _raise_to(into, docs, floor):
    """Raise the scores of ``docs`` in ``into`` to at least ``floor`` (adding the missing ones).

    The loop in Python runs over the smaller side: a body's items can be
    most of the index (a province names every item below it).
    """
    if len(docs) > len(into):
        above = {d: s for d, s in into.items() if s > floor}
        into.update(dict.fromkeys(docs, floor))
        into.update(above)
        return
    get = into.get
    for d in docs:
        if get(d, 0.0) < floor:
            into[d] = floor


def _add(into, part):
    """Sum ``part``'s scores into ``into``."""
    get = into.get
    for d, s in part.items():
        into[d] = get(d, 0.0) + s


def summed(parts):
    """One new ``{doc: score}`` summing ``parts``: the largest is copied (in C), the others added."""
    parts = sorted((p for p in parts if p), key=len, reverse=True)
    if not parts:
        return {}
    out = dict(parts[0])
    for part in parts[1:]:
        _add(out, part)
    return out
