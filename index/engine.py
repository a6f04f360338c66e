"""The search index of one catalogue: built from the store, following it, answering searches.

``open_index(index_dir, store)`` opens the live generation (or builds one
from the store), catches up with the store's revisions, and follows later
commits. ``Index`` is the front its callers use; it composes the parts that
do the work:

* ``generations.LiveIndex``: the live generation (opening it or deciding it
  must be rebuilt, one searcher per generation, rebuilding and swapping);
* ``follower.Follower``: the thread that applies the store's commits, and
  the wait before a search for a commit not applied yet;
* here: searches, type-ahead and "did you mean", for the public or within
  a staff ``Scope`` (``index.scope``), the result cache, and the
  background warm-up of the postings cache (``warmup.Warmer``).

"Today", which decides what the public sees, is the ``clock()`` given to
``open_index`` (by default the date in China).

What can go wrong: ``ConfigError`` for an unusable folder or data file;
``ValidationError`` for bad search parameters; a closed index raises
``RuntimeError``.
"""

import threading
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from catalogue.paths import data_dir as _default_data_dir

from . import plan as _plan
from . import request as _request
from . import search as _search
from . import segmenter
from .bodies import BodyTree
from .follower import Follower
from .generations import LiveIndex
from .highlight import mark, snippet
from .lru import LRU
from .params import BY_NAME as _PARAMS
from .plan import EXACT_SCORE
from .scope import View, china_today
from .suggest import Suggester
from .synonyms import stored as stored_synonyms
from .warmup import Warmer

CACHE_MB = 400              # decoded postings, word scores, phrase and filter sets (approximate)
RESULTS_BUDGET = 512        # cached result pages
_DEFAULT = {name: _PARAMS[name].default for name in ("sort", "page", "per_page")}
FEW_RESULTS = 3             # below this many hits a "did you mean" is offered
RESULT_FIELDS = ("id", "index_no", "title", "issuer", "doc_no", "publish_date", "year", "topic",
                 "genre", "validity")

_configure_lock = threading.Lock()     # guards ``_configured``: one configuration at a time
_configured = {}


def _configure(data_dir, cache_dir, words):
    """Configure analysis once per process; later indexes only add their body names.

    jieba's dictionary takes ~0.5 s to load, so a second catalogue opened in
    the same process (tests, a server with several homes) reuses the first
    configuration when the data folder is the same.
    """
    with _configure_lock:
        first = _configured.get(data_dir)
        if first is None:
            _configured.clear()
            _configured[data_dir] = cache_dir
            first = cache_dir
        segmenter.configure(data_dir, first, extra_words=words)


class Index:
    """The catalogue's search index; see the module docstring. Use as a context manager.

    Locks: ``_searching_lock`` guards ``_searching``, the count of searches
    running or waiting (the warm-up pauses while it is above zero); the
    generations and the follower own theirs; the caches (``LRU``) lock
    themselves.
    """

    def __init__(self, index_dir, store, data_dir=None, cache_dir=None, progress=None, warm=True,
                 cache_mb=CACHE_MB, clock=None):
        self._clock = clock or china_today
        self._cache = LRU(cache_mb * 2**20)
        self._results = LRU(RESULTS_BUDGET)
        self._live = LiveIndex(index_dir, store, self._cache, on_swap=self._swapped)
        self._store = store
        self._data_dir = Path(data_dir or _default_data_dir()).resolve()
        _configure(self._data_dir, cache_dir, self._body_words(store.bodies()))
        self._synonyms = stored_synonyms(store, self._data_dir)
        self._synonyms_stale = False    # a synonym change was followed: read them again
        self._searching = 0     # searches running or waiting: the warm-up pauses for them
        self._searching_lock = threading.Lock()
        self._tree = None
        self._closed = False
        self._ready = False     # set once opened: from then on a new generation is warmed up
        self._warm = warm       # a long-running server warms caches; a one-shot command need not
        self._warmer = None
        self._follower = Follower(self._live, store, on_registry_change=self._forget_bodies)
        self.rebuilt_because = self._live.open(progress, self._follower.apply)   # why it was built
        self.built = self.rebuilt_because is not None   # True when opening had to build it from the store
        self.catch_up()
        self._follower.start()
        self._ready = True
        self._start_warmer()

    # -- life cycle ------------------------------------------------------------
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        """Stop following the store and close the searcher."""
        if self._closed:
            return
        self._closed = True
        self._follower.stop()
        if self._warmer is not None:
            self._warmer.stop()
        self._live.close()

    def _check_open(self):
        if self._closed:
            raise RuntimeError("the index is closed")

    @staticmethod
    def _body_words(bodies):
        return [name for b in bodies for name in (b["name"], b.get("short")) if name]

    def _swapped(self):
        """Another generation is live: the old one's result pages go, the new one is warmed up."""
        self._results.clear()
        if self._ready:
            self._start_warmer()

    # -- following the store and rebuilding ----------------------------------------
    def revision(self):
        """The store revision the index holds."""
        return self._live.revision

    def catch_up(self):
        """Apply the store's changes since the index's revision; returns how many were applied.

        Another process holding the index's writer is waited for; if it
        keeps it past ``follower.WRITE_LOCK_TIMEOUT`` nothing is applied now
        (0) and the next commit or search tries again.
        """
        self._check_open()
        return self._follower.catch_up()

    def wait_for(self, revision, timeout=5.0):
        """Wait until the index holds store revision ``revision``; True then, False after ``timeout`` s.

        Read your writes: after a commit at ``revision`` (``tx.revision``),
        the next search finds what it wrote once this returns True.
        """
        self._check_open()
        return self._follower.wait_for(int(revision), float(timeout))

    def rebuild(self, progress=None):
        """Build a new generation from the store and swap it in; searches go on meanwhile.

        ``progress(done, total)`` is called as items are indexed. Changes
        committed during the build are applied before the swap.
        """
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

        ``warm`` is False while the background warm-up of the postings cache
        runs (searches work, but decode common lists themselves);
        ``warmed_lists`` counts the lists it has decoded.
        """
        warmer = self._warmer
        return {"revision": self._live.revision, "warm": self.wait_until_warm(timeout=0),
                "warmed_lists": warmer.lists if warmer is not None else 0}

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
        (the index was closed or another generation swapped in).
        """
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
        after ``clear_caches``. Raises ``RuntimeError`` when closed.
        """
        self._check_open()
        if self._warmer is not None:
            self._warmer.stop()
        self._warmer = Warmer(self._live.ix, self._cache, busy=busy or (lambda: self._searching > 0))
        self._warmer.start()
        return self._warmer

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

        The postings cache's budget and use are approximate bytes; its kinds
        are ``postings`` (decoded lists), ``phrase``, ``word`` (scores),
        ``ranked`` (and ``ranked-seen``), ``values`` (filter sets),
        ``hidden`` (what the public may not see, per segment and day) and
        ``vocabulary`` ("did you mean"); kinds with no entry are left out.
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
               per_page=_DEFAULT["per_page"], scope=None):
        """Search the catalogue; returns the result dict (see the package docstring).

        ``scope`` ``None`` searches what the public may see today; a
        ``Scope`` searches staff's bodies' items in its states.
        """
        self._check_open()
        view = View(scope, self._clock())
        with self._searching_turn():
            return self._search(query, filters, sort, page, per_page, view)

    def _search(self, query, filters, sort, page, per_page, view):
        tree = self._body_tree()
        request = _request.check_request(query, filters, sort, page, per_page, tree, self._store.vocab)
        self._follower.freshen()
        with self._live.searcher() as gen:
            key = (gen.key, request.cache_key(), view.key())
            cached = self._results.get(key)
            if cached is not None:
                return _copy(cached)
            plan = _plan.plan(request.query, tree, self.synonyms())
            named = Counter()
            total, hits, facets = _search.run(gen, plan, request, self._cache, named=named, view=view)
            suggestion = None
            exact = any(score >= EXACT_SCORE for _, score in hits)   # a doc or index number
            if request.query and total < FEW_RESULTS and not exact:
                suggestion = self._did_you_mean(gen, request, total, tree, view)
        result = {
            "ok": True, "query": request.query, "total": total, "page": request.page,
            "per_page": request.per_page, "items": self._items(hits, plan.marks, view),
            "facets": _search.facet_lists(facets), "suggestion": suggestion,
            "bodies": _search.named_list(plan, named),
        }
        self._results.put(key, result)
        return _copy(result)

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
        found, _hits, _facets = _search.run(gen, plan_of(better), _request.Request(
            better, request.filters, request.sort, 1, 1), self._cache, view=view)
        return better if found > total else None

    def _items(self, hits, marks, view):
        """The page's items, read back from the store, with highlights; staff's carry ``status``.

        An item the view may not see (changed since the index was written)
        is left out.
        """
        stored = {item["id"]: item for item in self._store.get_many([i for i, _ in hits])}
        items = []
        for item_id, _score in hits:
            item = stored.get(item_id)
            if item is None or not view.admits(item):
                continue
            out = {name: item.get(name) for name in RESULT_FIELDS}
            if not view.public:
                out["status"] = item["status"]
            out["highlights"] = {"title": mark(item["title"], marks),
                                 "snippet": snippet(item.get("body") or item.get("summary") or "", marks)}
            items.append(out)
        return items

    def suggest(self, prefix, limit=10, scope=None):
        """Type-ahead completions of ``prefix`` from the index's vocabulary and the titles ``scope`` sees."""
        self._check_open()
        limit = max(1, min(int(limit), 50))
        view = View(scope, self._clock())
        self._follower.freshen()
        with self._searching_turn(), self._live.searcher() as gen:
            return self._suggester(gen, view).complete(prefix or "", limit)

    def _suggester(self, gen, view):
        return Suggester(gen, lambda ids: self._titles(ids, view), view)

    def _titles(self, ids, view):
        return [item["title"] for item in self._store.get_many(ids) if view.admits(item)]


def _copy(result):
    out = dict(result)
    out["items"] = [dict(i, highlights=dict(i["highlights"])) for i in result["items"]]
    out["facets"] = {k: [dict(e) for e in v] for k, v in result["facets"].items()}
    out["bodies"] = [dict(b) for b in result["bodies"]]
    return out


def open_index(index_dir, store, data_dir=None, cache_dir=None, progress=None, warm=True, cache_mb=CACHE_MB,
               clock=None):
    """Open the index in ``index_dir`` for ``store``; see ``Index``.

    When there is no index yet (or it has an older schema, or was built from
    another store, or holds revisions the store lacks) it is built from
    the store first, calling ``progress(done, total)`` as items are indexed.
    ``warm=False`` skips the background warm-up of the caches (one-shot
    commands that search once and exit). ``cache_mb`` bounds the decoded
    postings cache (the background warm-up fills up to half of it).
    ``clock()`` returns today's ``date`` for the public's view (by default
    the date in China, UTC+8): a scheduled item is public from its date on.
    """
    return Index(index_dir, store, data_dir=data_dir, cache_dir=cache_dir, progress=progress, warm=warm,
                 cache_mb=cache_mb, clock=clock)
