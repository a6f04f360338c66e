"""Type-ahead completions and "did you mean" from the words the index holds.

Completions are title and keyword terms that start with what was typed (the
most frequent first), then titles that contain it verbatim (the newest
first). A suggestion replaces each query word the index does not know by
the most frequent known word one character away (a wrong, missing or extra
character: the usual typing slips in Chinese, where pinyin input picks a
wrong homophone).

What can go wrong: nothing; no completion or correction gives ``[]`` or
``None``.
"""

import heapq
from collections import defaultdict

from . import analysis, schema
from .fold import HAN_RUN, fold
from .plan import Alt, Plan, Word, _bigrams
from .request import Request
from .search import run

VOCAB_FIELDS = ("title", "keywords")
TEXT_FIELDS = schema.TEXT_FIELDS
PREFIX_SCAN = 500       # terms looked at per segment and field for a completion


class Vocabulary:
    """The title and keyword terms of one segment, with a one-deletion index over them.

    Built once per segment (kept with its ``SegmentData``), from the term
    list only; document counts are asked for the few candidates.
    """

    def __init__(self, reader):
        self.terms = set()
        for fieldname in VOCAB_FIELDS:
            for term in reader.lexicon(fieldname):
                self.terms.add(term.decode("utf-8") if isinstance(term, bytes) else term)
        self._deletions = defaultdict(list)
        for term in self.terms:
            if 2 <= len(term) <= 12:
                for i in range(len(term)):
                    self._deletions[term[:i] + term[i + 1:]].append(term)

    def size(self):
        """Approximate bytes held."""
        return 200 * len(self.terms) + 100 * len(self._deletions) + 64

    def close_to(self, word):
        """Terms one edit away from ``word``: a wrong, missing or extra character."""
        found = set(self._deletions.get(word, ()))          # word is missing a character
        for i in range(len(word)):
            shorter = word[:i] + word[i + 1:]
            if len(shorter) > 1 and shorter in self.terms:  # word has an extra character
                found.add(shorter)
            for term in self._deletions.get(shorter, ()):  # a different character
                if len(term) == len(word):
                    found.add(term)
        found.discard(word)
        return found


def vocabulary(reader, segid, cache):
    """The segment's ``Vocabulary`` from ``cache``, built and cached on first use."""
    key = ("vocabulary", segid)
    found = cache.get(key)
    if found is None:
        found = Vocabulary(reader)
        cache.put(key, found, found.size())
    return found


class Suggester:
    """Completions and corrections over one searcher generation."""

    def __init__(self, generation, titles):
        self.gen = generation
        self.titles = titles            # item ids -> their titles

    def _correction(self, word):
        """The most frequent known term one edit away from ``word``, or ``None``."""
        found = set()
        for leaf, seg in self.gen.leaves:
            found |= vocabulary(leaf.reader(), seg.segid, self.gen.cache).close_to(word)
        if not found:
            return None
        searcher = self.gen.searcher

        def frequency(term):
            return sum(searcher.doc_frequency(f, term) for f in VOCAB_FIELDS)
        return max(found, key=lambda t: (frequency(t), t))

    def _known(self, word):
        searcher = self.gen.searcher
        return any(searcher.doc_frequency(f, word) for f in TEXT_FIELDS)

    def did_you_mean(self, query):
        """The query with unknown words replaced by known ones, or ``None``."""
        folded = fold(query)
        changed = False
        for word in dict.fromkeys(analysis.segment(query, "accurate")):
            if len(word) < 2 or word.isdigit() or self._known(word):
                continue
            better = self._correction(word)
            if better and better != word:
                folded = folded.replace(word, better)
                changed = True
        if not changed:
            # jieba may cut an unknown compound into known single characters:
            # try each Han run of the query as one word.
            for run in dict.fromkeys(HAN_RUN.findall(folded)):
                if len(run) >= 2 and not self._known(run):
                    better = self._correction(run)
                    if better and better != run:
                        folded = folded.replace(run, better)
                        changed = True
        return folded if changed else None

    def complete(self, prefix, limit):
        """Up to ``limit`` completions of ``prefix``: frequent terms first, then titles."""
        folded = fold(prefix).strip()
        if not folded:
            return []
        counts = defaultdict(int)
        for leaf, _seg in self.gen.leaves:
            # Segment by segment: a multi-segment reader would look every
            # term up again in each segment to add up its counts.
            reader = leaf.reader()
            for fieldname in VOCAB_FIELDS:
                for n, (term, info) in enumerate(reader.iter_prefix(fieldname, folded)):
                    if n >= PREFIX_SCAN:
                        break
                    text = term.decode("utf-8") if isinstance(term, bytes) else term
                    if text != folded:
                        counts[text] += info.doc_frequency()
        terms = heapq.nlargest(limit, counts, key=lambda t: (counts[t], t))
        first = max(1, limit - limit // 2)
        out = terms[:first]
        for text in self._titles_with(folded, limit) + terms[first:]:
            if len(out) >= limit:
                break
            if text not in out:
                out.append(text)
        return out

    def _titles_with(self, folded, limit):
        """The newest titles holding ``folded`` verbatim (a Han run of two characters or more)."""
        compact = "".join(folded.split())
        if not HAN_RUN.fullmatch(compact) or len(compact) < 2:
            return []
        word = Word((Alt("bigrams", ((schema.TITLE_BIGRAMS, 1.0),), _bigrams(compact)),))
        plan = Plan([[word]], [], ())
        request = Request("", {}, "date", 1, limit)
        _total, hits, _facets = run(self.gen, plan, request, self.gen.cache)
        return self.titles([item_id for item_id, _ in hits])
