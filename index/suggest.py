"""Type-ahead completions and "did you mean" from the words the index holds.

Completions are title and keyword terms that start with what was typed (the
most frequent first), then titles that contain it verbatim (the newest
first). Letters typed as pinyin (``xinxigong``, ``xxg``) also complete to
the Han title words read so, whole or from one of their characters on
(``pinyin.pinyin_terms``: 政府信息公开 for both). The terms come from every item the index holds; the titles only
from the items the search's view may see (``index.scope``), so a draft's
title is never offered to the public.

"Did you mean" corrects each word of the query that finds nothing on its
own: a stretch of it (the whole word, or a few of the words jieba cut it
into) is replaced by a word of the vocabulary (``index.vocabulary``: whole
words of the index, body and place names, never a fragment) one edit away,
the usual typing slips in Chinese, where pinyin input picks a wrong
homophone. The longest stretch wins, then the word found in the most
items; a correction that still finds nothing (within the view) is not offered. Words that
find something, excluded words and field clauses other than ``title:``
are left as typed.

What can go wrong: nothing; no completion or correction gives ``[]`` or
``None``.
"""

import heapq
import re
from bisect import bisect_left
from collections import defaultdict

from catalogue import docno as _docno

from . import pinyin, schema
from .fold import HAN, HAN_RUN, fold, fold_with_map, original_span
from .matching import LeafEval
from .params import SURROGATE
from .plan import Alt, Plan, Word, _bigrams
from .query import FIELD_ALIASES, OR_WORDS
from .request import Request
from .search import run
from .segmenter import current
from .vocabulary import MAX_LENGTH, MIN_LENGTH, registry_vocabulary, segment_vocabulary

VOCAB_FIELDS = ("title", "keywords")
TEXT_FIELDS = schema.TEXT_FIELDS
PREFIX_SCAN = 500       # terms looked at per segment and field for a completion
PINYIN_SCAN = 5000      # pinyin keys looked at per segment for a completion
MAX_PIECES = 4          # jieba words joined into one stretch to correct
MAX_TRIES = 6           # corrected words checked against the index, best first
_TOKEN = re.compile(r"\S+")
_FIELD_NAME = re.compile(r'([^\s":]+):')
_RUN = re.compile(rf"(?P<han>[{HAN}]+)|(?P<latin>[a-z]{{3,}})")


def _typed_words(query):
    """``(start, end)`` in ``query`` of each word a correction may change.

    Excluded words (``-word``), ``OR``, doc numbers and field clauses other
    than ``title:`` are left alone; quotes around a word are not part of it.
    """
    for token in _TOKEN.finditer(query):
        start, end = token.span()
        if token.group().startswith("-") or token.group() in OR_WORDS:
            continue
        field = _FIELD_NAME.match(token.group())
        if field and field.group(1).lower() in FIELD_ALIASES:
            if FIELD_ALIASES[field.group(1).lower()] != "title":
                continue
            start += field.end()
        while start < end and query[start] == '"':
            start += 1
        while end > start and query[end - 1] == '"':
            end -= 1
        if end - start >= MIN_LENGTH and _docno.parse(query[start:end], allow_stem=True) is None:
            yield start, end


def _stretches(folded):
    """``(start, end)`` of the parts of ``folded`` a correction may replace.

    A Latin word whole; in a Han run, every stretch of up to ``MAX_PIECES``
    consecutive jieba words (a typo often splits a word into pieces:
    哈尔宾 is cut 哈尔 + 宾).
    """
    config = current()
    for found in _RUN.finditer(folded):
        if found.lastgroup == "latin":
            yield found.span()
            continue
        bounds = [found.start()]
        for word in config.cut(found.group()):
            bounds.append(bounds[-1] + len(word))
        for i in range(len(bounds) - 1):
            for j in range(i + 1, min(i + MAX_PIECES, len(bounds) - 1) + 1):
                if MIN_LENGTH <= bounds[j] - bounds[i] <= MAX_LENGTH:
                    yield bounds[i], bounds[j]


class Suggester:
    """Completions and corrections over one searcher generation."""

    def __init__(self, generation, titles, view, finds_any=None, run=run):
        self.gen = generation
        self._finds = finds_any     # ``(generation, plan, cache, view) -> bool``; None: the Python path's
        self._run = run             # ``search.run`` or ``vector_search.run``: the index's engine
        # The Python path waits for its warm-up anyway; the numpy path answers at once, and offers
        # corrections from a large segment once the warm-up has read its vocabulary.
        self._build_vocabulary = finds_any is None
        self.titles = titles            # item ids -> their titles (those ``view`` may see)
        self.view = view                # ``scope.View``: whom the suggestions are for

    def _frequency(self, word):
        """How many items hold ``word`` (in the text field holding it most often)."""
        searcher = self.gen.searcher
        return max(searcher.doc_frequency(f, word) for f in TEXT_FIELDS)

    def _finds_any(self, plan):
        """Whether ``plan`` matches a live item in the view (no filters, nothing counted or ranked)."""
        if self._finds is not None:
            return self._finds(self.gen, plan, self.gen.cache, self.view)
        for leaf, seg in self.gen.leaves:
            evaluator = LeafEval(leaf, seg, self.gen.stats, self.gen.cache)
            _scores, docs = evaluator.run(plan)
            reader = leaf.reader()
            deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
            deleted, keep = self.view.restrict(evaluator, seg, deleted, self.gen.cache)
            if deleted:
                docs = set(docs).difference(deleted)
            if keep is not None:
                docs = keep.intersection(docs)
            if docs:
                return True
        return False

    def did_you_mean(self, query, plan_of, bodies=()):
        """``query`` with each word that finds nothing corrected, or ``None`` when none could be.

        ``plan_of(text)`` is the ``Plan`` of a query text; the names of the
        registry ``bodies`` (``vocabulary.registry_words``) may be offered too.
        """
        if _docno.parse(query, allow_stem=True):
            return None
        cache = self.gen.cache
        vocabularies = [(seg.columns.vocabulary() if seg.columns is not None else None)
                        or segment_vocabulary(leaf.reader(), seg.segid, cache, build=self._build_vocabulary)
                        for leaf, seg in self.gen.leaves]
        vocabularies = [v for v in vocabularies if v is not None]    # still being built by the warm-up
        if bodies:
            vocabularies.append(registry_vocabulary(bodies, cache))
        seen = {}

        def finds(text):
            if text not in seen:
                seen[text] = self._finds_any(plan_of(text))
            return seen[text]

        out, at = [], 0
        for start, end in _typed_words(query):
            word = query[start:end]
            if finds(word):
                continue
            better = self._corrected(word, vocabularies, finds)
            if better is not None:
                out += [query[at:start], better]
                at = end
        return "".join(out) + query[at:] if out else None

    def _corrected(self, word, vocabularies, finds):
        """``word`` with one stretch replaced by a vocabulary word, so that it finds items; or ``None``.

        The replacement is the index's (folded) spelling; the rest of
        ``word`` stays as typed.
        """
        folded, offsets = fold_with_map(word)
        options = {}
        for start, end in _stretches(folded):
            typed = folded[start:end]
            if any(typed in v.terms for v in vocabularies):
                continue            # a word of its own: not the slip
            lo, hi = original_span(offsets, start, end)
            for better in set().union(*(v.close_to(typed) for v in vocabularies)):
                # A body name may be found through its items rather than its
                # text (count 0): it is tried last, and kept only if it finds any.
                text = word[:lo] + better + word[hi:]
                key = (end - start, self._frequency(better), better)
                options[text] = max(options.get(text, key), key)
        for text in sorted(options, key=options.get, reverse=True)[:MAX_TRIES]:
            if finds(text):
                return text
        return None

    def complete(self, prefix, limit):
        """Up to ``limit`` completions of ``prefix``: frequent terms first, then titles."""
        folded = fold(prefix).strip()
        if not folded or SURROGATE.search(folded):
            return []       # no term (valid UTF-8, all of them) starts with a lone surrogate
        counts = defaultdict(int)
        if len(folded) >= 2 and pinyin.is_typed_pinyin(folded) and folded.isascii():
            self._complete_pinyin("".join(folded.split()), counts)
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

    def _complete_pinyin(self, prefix, counts):
        """Count into ``counts`` the title words whose pinyin (run together or initials) starts with ``prefix``."""
        for leaf, seg in self.gen.leaves:
            keys, words = pinyin.pinyin_terms(leaf.reader(), seg.segid, self.gen.cache,
                                              stored=seg.columns.pinyin if seg.columns is not None else None)
            i = bisect_left(keys, prefix)
            stop = min(len(keys), i + PINYIN_SCAN)
            while i < stop and keys[i].startswith(prefix):
                term, frequency = words[i]
                counts[term] = max(counts[term], 0) + frequency
                i += 1

    def _titles_with(self, folded, limit):
        """The newest titles holding ``folded`` verbatim (a Han run of two characters or more)."""
        compact = "".join(folded.split())
        if not HAN_RUN.fullmatch(compact) or len(compact) < 2:
            return []
        word = Word((Alt("bigrams", ((schema.TITLE_BIGRAMS, 1.0),), _bigrams(compact)),))
        plan = Plan([[word]], [], ())
        request = Request("", {}, "date", 1, limit)
        _total, hits, _facets = self._run(self.gen, plan, request, self.gen.cache, view=self.view)
        return self.titles([item_id for item_id, _ in hits])

