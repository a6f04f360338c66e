"""Warm the caches in the background: the longest posting lists and the suggestion vocabularies.

Decoding a posting list costs ~1 µs a posting, so the first search for a
word found in most items (通知, 工作) pays a few hundred milliseconds at
100,000 items. After an index is opened, a background thread decodes the
longest lists of each large segment into the shared cache, so steady-state
searches start from decoded lists, then builds the vocabulary "did you
mean" corrects words from. It reads through its own Whoosh reader
(own file handles), so it never touches the searcher's files.

Searches come first: the thread pauses between posting lists while a
search is running or waiting (``busy()``). Under load it would otherwise
take half the interpreter lock from every search (measured at 100,000
items: 6-7 new queries/s during the warm-up, 17 after it), while the
searches fill the cache with the lists they read anyway.

What can go wrong: nothing user-visible; a failure is logged and the cache
simply stays cold.
"""

import heapq
import logging
import threading
import time

from .matching import POSTING_BYTES
from .pinyin import pinyin_terms
from .segments import TERM_SET_DOCS, occurrence_codes, read_postings, term_set
from .internals.whoosh_files import segment_sizes
from .vocabulary import INLINE_DOCS, segment_vocabulary

log = logging.getLogger(__name__)

FIELDS = ("title", "title_bigrams", "summary", "body", "keywords")
TERMS_PER_FIELD = 300       # the longest lists of each field of each large segment
MIN_DOCS = 5000             # smaller segments decode quickly enough on demand
SHARE = 0.5                 # of the cache budget, at most
PHRASE_FIELDS = ("title", "summary", "body")
PHRASE_TERMS = 60           # the longest lists of each phrase field get occurrence codes
PAUSE = 0.005               # seconds between looks at ``busy()`` while searches run


class Warmer(threading.Thread):
    """Decodes the longest posting lists of ``ix``'s large segments into ``cache``."""

    def __init__(self, ix, cache, busy=None, postings=True, has_tables=None):
        super().__init__(name="index-warmup", daemon=True)
        self.ix = ix
        # Whether a segment has its word tables on disk (``index.wordtables``): nothing to build for it.
        self.has_tables = has_tables or (lambda segid: False)
        self.postings = postings    # False: only the vocabularies (the numpy path maps its long lists)
        self.cache = cache
        self.busy = busy or (lambda: False)
        self.stopped = threading.Event()
        self.lists = 0          # posting lists decoded so far (for status reports)
        self.paused = 0.0       # seconds spent waiting for searches
        self.seconds = None     # how long the warm-up took, once done
        self.completed = False

    @staticmethod
    def wants(ix, cache, has_tables=None):
        """Whether ``ix`` has a segment whose vocabulary a warm-up builds and ``cache`` lacks."""
        has_tables = has_tables or (lambda segid: False)
        return any(docs >= INLINE_DOCS and cache.get(("vocabulary", segid)) is None and not has_tables(segid)
                   for segid, docs in segment_sizes(ix))

    def stop(self):
        self.stopped.set()

    def run(self):
        start = time.perf_counter()
        try:
            self._warm()
        except Exception:   # the cache stays cold; searches decode on demand
            log.exception("index: warming the postings cache failed")
        self.seconds = time.perf_counter() - start
        self.completed = not self.stopped.is_set()     # False when stopped early (index closed, swapped)
        if self.completed:
            log.info("index: warm-up done in %.1f s (%d posting lists, %.1f s paused for searches)",
                     self.seconds, self.lists, self.paused)

    def _yield(self):
        """Wait while searches run; False when the warm-up was stopped meanwhile."""
        if self.busy():
            start = time.perf_counter()
            while self.busy() and not self.stopped.is_set():
                self.stopped.wait(PAUSE)
            self.paused += time.perf_counter() - start
        return not self.stopped.is_set()

    def _warm(self):
        with self.ix.reader() as reader:
            leaves = [leaf for leaf, _offset in reader.leaf_readers()]
            large = [leaf for leaf in leaves if leaf.doc_count_all() >= MIN_DOCS]
            if self.postings:
                self._postings(large)
            # Every segment whose vocabulary a search would not build itself (``INLINE_DOCS``)
            # and that has no word tables written with its posting columns.
            for leaf in [leaf for leaf in leaves if leaf.doc_count_all() >= INLINE_DOCS]:
                segid = leaf.segment().segment_id()
                if self.has_tables(segid):
                    continue
                if not self._yield():
                    return
                # The vocabulary "did you mean" looks words up in (~15 s a 50,000-item segment).
                segment_vocabulary(leaf, segid, self.cache)
                # And the title words type-ahead finds by pinyin (~0.3 s a large segment).
                pinyin_terms(leaf, segid, self.cache)
                if leaf.doc_count_all() < TERM_SET_DOCS:
                    term_set(leaf, segid, self.cache)    # what it lacks (~0.5 s at 2,500 documents)
            if self.postings:
                self._codes(large)

    def _longest(self, leaves, fields, count):
        """Yield ``(leaf, field, term, postings count, cache key)``, longest lists first."""
        for leaf in leaves:
            segid = leaf.segment().segment_id()
            for fieldname in fields:
                longest = heapq.nlargest(count, (
                    (info.doc_frequency(), term) for term, info in leaf.iter_field(fieldname)))
                for postings, term in longest:
                    if not self._yield():
                        return
                    text = term.decode("utf-8") if isinstance(term, bytes) else term
                    yield leaf, fieldname, text, postings, ("postings", segid, fieldname, text)

    def _postings(self, leaves):
        """Decode the longest lists of each field of ``leaves``, within the budget."""
        budget = self.cache.budget * SHARE
        used = 0
        for leaf, fieldname, text, count, key in self._longest(leaves, FIELDS, TERMS_PER_FIELD):
            used += count * POSTING_BYTES
            if used > budget:
                return
            if self.cache.get(key) is None:
                postings = read_postings(leaf, fieldname, text)
                self.cache.put(key, postings, postings.size())
                self.lists += 1

    def _codes(self, leaves):
        """Occurrence codes of the longest lists of the phrase fields (phrases of common words)."""
        for leaf, fieldname, text, _count, key in self._longest(leaves, PHRASE_FIELDS, PHRASE_TERMS):
            found = self.cache.get(key)
            if found is None or found.codes is None:
                postings = read_postings(leaf, fieldname, text, with_positions=True)
                postings.codes = occurrence_codes(postings)
                postings.values = None      # the codes say it all, in a seventh of the memory
                self.cache.put(key, postings, postings.size())
                self.lists += 1
