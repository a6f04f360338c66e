"""The search index of one catalogue: built from the store, following it, answering searches.

``open_index(index_dir, store)`` opens the live generation (or builds one
from the store), catches up with the store's revisions, and follows later
commits; with ``background=True`` it does so in a thread and returns at once
(``index.opening``: searches raise ``IndexNotReady`` until it is ready).
``Index`` is the front its callers use; it composes the parts that do the work:

* ``generations.LiveIndex``: the live generation (opening it or deciding it
  must be rebuilt, one searcher per generation, rebuilding and swapping);
* ``follower.Follower``: the thread applying the store's commits, the wait for one before a search;
* ``opening.Opening``: the progress of opening, the lock file that lets
  one process of several build, and stopping a build when closed;
* here: searches, type-ahead and "did you mean", for the public or within
  a staff ``Scope`` (``index.scope``), the result cache, and the
  background warm-up of the postings cache (``warmup.Warmer``).

"Today", which decides what the public sees, is the ``clock()`` given to
``open_index`` (by default the date in China).

What can go wrong: ``ConfigError`` for an unusable folder or data file;
``ValidationError`` for bad search parameters; a closed index raises
``RuntimeError``; one not opened yet ``IndexNotReady`` (503).
"""

import logging
import threading
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from catalogue.paths import data_dir as _default_data_dir

from . import groups as _groups
from . import plan as _plan
from . import request as _request
from . import engines, segmenter
from . import search as _search
from .bodies import BodyTree
from .follower import Follower
from .generations import LiveIndex
from .lru import LRU
from .opening import IndexNotReady, Opening, keep_trying
from .params import BY_NAME as _PARAMS
from .plan import EXACT_SCORE
from .results import copy_result, page_items
from .scope import View, china_today
from .suggest import Suggester
from .synonyms import stored as stored_synonyms
from .warmup import Warmer

CACHE_MB = 400              # decoded postings, word scores, phrase and filter sets (approximate)
RESULTS_BUDGET = 512        # cached result pages
_DEFAULT = {name: _PARAMS[name].default for name in ("sort", "page", "per_page")}
FEW_RESULTS = 3             # below this many hits a "did you mean" is offered
CLOSE_WAIT_S = 30           # how long ``close`` waits for a background opening to stop
log = logging.getLogger(__name__)


class Index:
    """The catalogue's search index; see the module docstring. Use as a context manager.

    Locks: ``_searching_lock`` guards ``_searching``, the count of searches
    running or waiting (the warm-up pauses while it is above zero); the
    generations and the follower own theirs; the caches (``LRU``) lock
    themselves.
    """

    def __init__(self, index_dir, store, data_dir=None, cache_dir=None, progress=None, warm=True,
                 cache_mb=CACHE_MB, clock=None, background=False, engine=engines.ENGINE):
        self._run, self._finds_any = engines.engine(engine)
        self.engine = engine
        self._clock = clock or china_today
        self._cache = LRU(cache_mb * 2**20)
        self._results = LRU(RESULTS_BUDGET)
        self._live = LiveIndex(index_dir, store, self._cache, on_swap=self._swapped)
        self._store = store
        self._data_dir = Path(data_dir or _default_data_dir()).resolve()
        self._cache_dir = cache_dir
        self._synonyms = None
        self._synonyms_stale = False    # a synonym change was followed: read them again
        self._searching = 0     # searches running or waiting: the warm-up pauses for them
        self._searching_lock = threading.Lock()
        self._tree = None
        self._closed = False
        self._ready = False     # set once opened: from then on a new generation is warmed up
        self._warm = warm       # a long-running server warms caches; a one-shot command need not
        self._warmer = None
        self._follower = Follower(self._live, store, on_registry_change=self._forget_bodies,
                                  on_applied=self._swapped_segments)
        self._opening = Opening(self._live.dir)
        self.rebuilt_because = None     # why opening had to build it from the store (None: it did not)
        self.built = False
        self._opener = None
        if background:
            self._opener = threading.Thread(target=self._open_in_background, name="index-opening", daemon=True)
            self._opener.start()
        else:
            self._open(progress)

    def _open(self, progress=None):
        """Configure the analysis, open (or build) the live generation under the lock file, catch up, follow."""
        opening = self._opening
        segmenter.configure_once(self._data_dir, self._cache_dir, self._body_words(self._store.bodies()))
        self._synonyms = stored_synonyms(self._store, self._data_dir)
        building = opening.progress("building")

        def built(done, total):
            building(done, total)
            if progress is not None:
                progress(done, total)
        with opening.exclusive():
            opening.set("opening")
            self.rebuilt_because = self._live.open(
                built, self._follower.apply, stopping=opening.stopping, columns_later=self._warm,
                on_rebuild=lambda why: opening.set("building", reason=why))
            self.built = self.rebuilt_because is not None
            self._follower.catch_up(opening.progress("catching_up"))
        self._follower.start()
        self._live.write_columns_later()
        self._ready = True
        self._start_warmer()    # before "ready" wakes whoever waits, so they wait for this warm-up
        opening.set("ready")

    def _open_in_background(self):
        keep_trying(self._open, self._opening)

    # -- life cycle ------------------------------------------------------------
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        """Stop a background opening (and its build), stop following the store and close the searcher."""
        if self._closed:
            return
        self._closed = True
        self._opening.stop.set()
        if self._opener is not None and self._opener is not threading.current_thread():
            self._opener.join(CLOSE_WAIT_S)
            if self._opener.is_alive():
                log.warning("index: the opening thread did not stop within %s s", CLOSE_WAIT_S)
        self._follower.stop()
        if self._warmer is not None:
            self._warmer.stop()
        self._live.close()

    def _check_open(self):
        if self._closed:
            raise RuntimeError("the index is closed")

    def _check_ready(self):
        self._check_open()
        if not self._ready:
            raise IndexNotReady(self._opening.snapshot())

    @property
    def ready(self):
        """True once opened (built, caught up): searches are answered."""
        return self._ready

    def progress(self, reason=False):
        """What opening is doing (``index.opening``); ``reason=True`` adds why it is built (may name files)."""
        return self._opening.snapshot(reason)

    @staticmethod
    def _body_words(bodies):
        return [name for b in bodies for name in (b["name"], b.get("short")) if name]

    def _swapped(self):
        """Another generation is live: the old one's result pages go, the new one is warmed up."""
        self._results.clear()
        if self._ready:
            self._start_warmer()

    def _swapped_segments(self):
        """After commits were applied: warm the vocabulary of a new segment no search builds itself."""
        if self._ready and self._warm and self._warmer is not None and not self._warmer.is_alive() \
                and Warmer.wants(self._live.ix, self._cache, self._live.has_word_tables):
            self.start_warmup()

    # -- following the store and rebuilding ----------------------------------------
    def revision(self):
        """The store revision the index holds."""
        return self._live.revision

    def document_ids(self):
        """The item id of every document in the generation searched now, once per document.

        For checking the index against the store: an id there twice is a
        duplicated document, an item's id missing a document the index lacks.
        """
        self._check_open()
        return self._live.document_ids()

    def catch_up(self):
        """Apply the store's changes since the index's revision; returns how many were applied.

        Another process holding the index's writer is waited for; if it
        keeps it past ``follower.WRITE_LOCK_TIMEOUT`` nothing is applied now
        (0) and the next commit or search tries again. Before the index is
        ready: 0 (opening ends with a catch-up).
        """
        self._check_open()
        return self._follower.catch_up() if self._ready else 0

    def freshen(self):
        """Take in the store's newest commits as a search does (``follower.Follower.freshen``)."""
        if self._ready:
            self._follower.freshen()

    def wait_for(self, revision, timeout=5.0):
        """Wait until the index holds store revision ``revision``; True then, False after ``timeout`` s.

        Read your writes: after a commit at ``revision`` (``tx.revision``),
        the next search finds what it wrote once this returns True; False at
        once while the index is not ready.
        """
        self._check_open()
        return self._ready and self._follower.wait_for(int(revision), float(timeout))

    def rebuild(self, progress=None):
        """Build a new generation from the store and swap it in; searches go on meanwhile.

        ``progress(done, total)`` is called as items are indexed. Changes
        committed during the build are applied before the swap.
        ``IndexNotReady`` while it is being opened.
        """
        self._check_ready()
        self._live.rebuild(progress, self._follower.apply)

    def _forget_bodies(self):
        # A registry change: the bodies, or the synonym groups (catalogue.synonymstore).
        self._tree = None
        self._synonyms_stale = True

    def synonyms(self):
        """The synonym groups searches apply now (``index.synonyms.Synonyms``), read again after a change."""
        if self._synonyms_stale:
            self._synonyms_stale = False
            self._synonyms = stored_synonyms(self._store, self._data_dir)
        return self._synonyms

    # -- warming up and the caches -------------------------------------------------
    def status(self):
        """Whether the index is ready to answer at full speed, for health checks.

        ``ready`` is False while it is opened (``progress`` says how far); ``warm`` while the Python
        path's warm-up runs (the numpy path maps its long lists: always warm once ready); ``warmed_lists``
        counts the lists decoded; ``columns``: ``LiveIndex.columns_status``; ``last_*``: the follower's.
        """
        warmer = self._warmer
        return {"revision": self._live.revision, "ready": self._ready,
                "warm": self._ready and (self.engine == "numpy" or self.wait_until_warm(timeout=0)),
                "warmed_lists": warmer.lists if warmer is not None else 0, "engine": self.engine,
                "columns": self._live.columns_status() if self._ready else None,
                "last_catch_up": self._follower.last_catch_up, "last_merge": self._follower.last_merge}

    @contextmanager
    def _searching_turn(self):
        """Count this thread as searching (the warm-up waits) for the block."""
        with self._searching_lock:
            self._searching += 1
        try:
            yield
        finally:
            with self._searching_lock:
                self._searching -= 1

    def wait_until_warm(self, timeout=None):
        """Wait for the background warm-up of the postings cache; True once it is done.

        False after ``timeout``, or when the warm-up was stopped before its end
        (the index was closed or another generation swapped in). An index
        being opened is waited for first, within the same ``timeout``.
        """
        if not self._ready:
            self._opening.finished.wait(timeout)
            if not self._ready:
                return False
        warmer = self._warmer
        if warmer is not None:
            warmer.join(timeout)
            return not warmer.is_alive() and warmer.completed
        return True

    def _start_warmer(self):
        """Decode the longest posting lists of the live index in the background (if ``warm``)."""
        if self._warm:
            self.start_warmup()
        elif self._warmer is not None:
            self._warmer.stop()

    def start_warmup(self, busy=None):
        """Start a background warm-up of the live generation's caches; returns it (a ``warmup.Warmer``).

        One still running is stopped first; ``status`` and ``wait_until_warm``
        report on the new one. It pauses while ``busy()`` is true (by default
        while searches run or wait). Opening the index (unless ``warm=False``)
        and each swap start one already; this is for starting another, as
        after ``clear_caches``. Raises ``RuntimeError`` when closed,
        ``IndexNotReady`` before it is opened.
        """
        self._check_ready()
        if self._warmer is not None:
            self._warmer.stop()
        # The numpy path reads long lists from the mapped posting columns: nothing to decode ahead.
        warmer = Warmer(self._live.ix, self._cache, busy=busy or (lambda: self._searching > 0),
                        postings=self.engine == "python", has_tables=self._live.has_word_tables)
        warmer.start()      # before it is shown: another thread may join it at once
        self._warmer = warmer
        return warmer

    def clear_caches(self, postings=True, results=True):
        """Empty the postings cache (decoded lists, scores, phrase and filter sets) and the result pages.

        ``postings=False`` keeps the postings cache (only result pages go);
        ``results=False`` keeps the result pages. Searches give the same
        answers after, only slower until the caches fill again.
        """
        if postings:
            self._cache.clear()
        if results:
            self._results.clear()

    def cache_stats(self):
        """What the caches hold: ``budget`` and ``used`` bytes, ``entries`` by kind, ``result_pages``.

        Bytes are approximate; kinds (those with no entry left out): ``postings``, ``codes``, ``phrase``,
        ``word``, ``ranked``, ``values``, ``hidden`` (per segment and day), ``deleted``, ``vocabulary``.
        """
        used, keys = self._cache.usage()
        return {"budget": self._cache.budget, "used": used,
                "entries": dict(Counter(key[0] for key in keys)),
                "result_pages": len(self._results.usage()[1])}

    # -- searching -----------------------------------------------------------------
    def _body_tree(self):
        bodies = self._store.bodies()
        tree = self._tree
        if tree is None or len(tree.bodies) != len(bodies) or tree.bodies != bodies:
            tree = self._tree = BodyTree(bodies)
        return tree

    def today(self):
        """The day the public sees (the clock ``open_index`` was given; China's by default)."""
        return self._clock()

    def search(self, query="", filters=None, sort=_DEFAULT["sort"], page=_DEFAULT["page"],
               per_page=_DEFAULT["per_page"], scope=None, field=None, group=None):
        """Search the catalogue; returns the result dict (see the package docstring).

        ``scope`` ``None`` searches what the public may see today; a
        ``Scope`` searches staff's bodies' items in its states. ``field``
        ``title`` looks for the query's words in titles only; ``group``
        (genre, topic or issuer) adds ``groups``: the first items of each
        of the largest groups with its count. ``IndexNotReady``
        (503) while the index is being opened or built.
        """
        self._check_ready()
        view = View(scope, self._clock())
        with self._searching_turn():
            return self._search(query, filters, sort, page, per_page, view, field, group)

    def _search(self, query, filters, sort, page, per_page, view, field=None, group=None):
        tree = self._body_tree()
        request = _request.check_request(query, filters, sort, page, per_page, tree, self._store.vocab,
                                         field, group)
        self._follower.freshen()
        with self._live.searcher() as gen:
            key = (gen.key, request.cache_key(), view.key())
            cached = self._results.get(key)
            if cached is not None:
                return copy_result(cached)
            plan = _plan.plan(request.query, tree, self.synonyms(), request.field == "title")
            named = Counter()
            total, hits, facets = self._run(gen, plan, request, self._cache, named=named, view=view)
            groups = _groups.group_hits(gen, plan, request, facets, self._cache, view, run=self._run) \
                if request.group else None
            suggestion = None
            exact = any(score >= EXACT_SCORE for _, score in hits)   # a doc or index number
            if request.query and total < FEW_RESULTS and not exact:
                suggestion = self._did_you_mean(gen, request, total, tree, view)
        result = {
            "ok": True, "query": request.query, "total": total, "page": request.page,
            "per_page": request.per_page, "items": page_items(self._store, hits, plan.marks, view),
            "facets": _search.facet_lists(facets), "suggestion": suggestion,
            "bodies": _search.named_list(plan, named),
        }
        if groups is not None:
            result["groups"] = [{"value": value, "count": count,
                                 "hits": page_items(self._store, found, plan.marks, view)}
                                for value, count, found in groups]
        self._results.put(key, result)
        return copy_result(result)

    def _did_you_mean(self, gen, request, total, tree, view):
        """A corrected query that finds more than ``total`` items under the same filters, or ``None``.

        Each word is judged on its own, without the filters: a word that
        finds nothing is the one to correct (``Suggester.did_you_mean``).
        """
        def plan_of(text):
            return _plan.plan(text, tree, self.synonyms())
        better = self._suggester(gen, view).did_you_mean(request.query, plan_of, tree.bodies)
        if not better or better == request.query:
            return None
        found, _hits, _facets = self._run(gen, plan_of(better), _request.Request(
            better, request.filters, request.sort, 1, 1), self._cache, view=view)
        return better if found > total else None

    def suggest(self, prefix, limit=10, scope=None):
        """Type-ahead completions of ``prefix`` from the index's vocabulary and the titles ``scope`` sees."""
        self._check_ready()
        limit = max(1, min(int(limit), 50))
        view = View(scope, self._clock())
        self._follower.freshen()
        with self._searching_turn(), self._live.searcher() as gen:
            return self._suggester(gen, view).complete(prefix or "", limit)

    def _suggester(self, gen, view):
        return Suggester(gen, lambda ids: self._titles(ids, view), view,
                         finds_any=self._finds_any, run=self._run)

    def _titles(self, ids, view):
        return [item["title"] for item in self._store.get_many(ids) if view.admits(item)]


def open_index(index_dir, store, data_dir=None, cache_dir=None, progress=None, warm=True, cache_mb=CACHE_MB,
               clock=None, background=False, engine=engines.ENGINE):
    """Open the index in ``index_dir`` for ``store``; see ``Index``.

    When there is no index yet (or it has an older schema, or was built from
    another store, or holds revisions the store lacks) it is built from
    the store first, calling ``progress(done, total)`` as items are indexed.
    ``warm=False`` skips the background warm-up of the caches (one-shot
    commands that search once and exit). ``cache_mb`` bounds the decoded
    postings cache (the background warm-up fills up to half of it).
    ``clock()`` returns today's ``date`` for the public's view (by default
    the date in China, UTC+8): a scheduled item is public from its date on.
    ``background=True`` returns at once and opens (builds, catches up) in a
    thread; ``progress()`` and ``ready`` say how far it is. Either way one
    process at a time opens an index folder (its lock file), the others wait.
    ``engine`` ``numpy`` (default) or ``python`` says how searches are
    evaluated (``index.engines``); both give the same results.
    """
    return Index(index_dir, store, data_dir=data_dir, cache_dir=cache_dir, progress=progress, warm=warm,
                 cache_mb=cache_mb, clock=clock, background=background, engine=engine)
