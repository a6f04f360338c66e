"""The search index of one catalogue: built from the store, following it, answering searches.

``open_index(index_dir, store)`` opens the live generation (or builds one
from the store), catches up with the store's revisions, and follows later
commits: ``store.on_commit`` wakes a follower thread that applies the new
changes (withdrawn items deleted, others replaced). Writes go through one
lock and one Whoosh writer at a time, in this process and (through Whoosh's
file lock, waited for) across processes, so no ``LockError`` reaches a user.

Searches reuse one searcher per index generation, serialised by a lock
(Whoosh's files seek then read, so a searcher is not thread-safe; the GIL
serialises the Python work anyway). After a commit the next search opens a
fresh searcher: Whoosh-Reloaded 2.7's ``Searcher.refresh()`` keeps deleted
documents and merged-away segments, so it is not used. What is expensive to
rebuild lives outside the searcher, per segment (``segments.SegmentData``)
and per segment and word (decoded postings), so a new searcher starts warm.

``rebuild()`` builds a new generation folder beside the live one, applies
what was committed meanwhile, and swaps it in (``layout.make_live``); searches
keep using the old one until then.

What can go wrong: ``ConfigError`` for an unusable folder or data file;
``ValidationError`` for bad search parameters; a closed index raises
``RuntimeError``.
"""

import logging
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as _whoosh_index
from whoosh.index import LockError

from catalogue.paths import data_dir as _default_data_dir

from . import analysis, build, layout, schema
from . import search as _search
from .bodies import BodyTree
from .highlight import mark, prepare, snippet
from .matching import EXACT_SCORE, Stats, SynonymTerms
from .internals.whoosh_write import SegmentBuilder
from .lru import LRU
from .segments import SegmentData
from .suggest import Suggester
from .warmup import Warmer

log = logging.getLogger(__name__)

WRITE_LOCK_TIMEOUT = 60.0   # seconds to wait for another process's Whoosh writer
BATCH = 2000                # items per commit while catching up
FOLLOW_WAIT = 2.0           # seconds a search waits for the follower to apply a new commit
PARALLEL_MIN = 5000         # items from which a rebuild uses one writer process per core
CACHE_MB = 400              # decoded postings, word scores, phrase and filter sets (approximate)
RESULTS_BUDGET = 512        # cached result pages
# Separate segment files, not Whoosh's default compound file: opening a
# compound segment copies its whole postings file into memory (BytesIO over
# the mmap), ~900 MB at 100k items, again for every searcher after a commit.
WRITER_OPTIONS = {"limitmb": 128, "compound": False}
# A full build gives each worker a bigger sorting pool: fewer runs spilled to
# disk and merged back (each posting pickled and unpickled once per spill).
BUILD_OPTIONS = dict(WRITER_OPTIONS, limitmb=256)
FEW_RESULTS = 3             # below this many hits a "did you mean" is offered
RESULT_FIELDS = ("id", "index_no", "title", "issuer", "doc_no", "publish_date", "year", "topic",
                 "genre", "validity")

_configure_lock = threading.Lock()
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
        analysis.configure(data_dir, first, extra_words=words)


class Generation:
    """One open searcher with the per-segment data of its segments."""

    def __init__(self, searcher, segdata, key, cache):
        self.searcher = searcher
        self.key = key
        self.cache = cache
        self.stats = Stats(searcher)
        self.leaves = []
        for leaf, _offset in searcher.leaf_searchers():
            reader = leaf.reader()
            segment = reader.segment()
            if segment is None:     # no segments yet (an empty catalogue): nothing to read
                continue
            segid = segment.segment_id()
            seg = segdata.get(segid)
            if seg is None or seg.doccount != reader.doc_count_all():
                seg = segdata[segid] = SegmentData(reader)
            self.leaves.append((leaf, seg))
        live = {seg.segid for _, seg in self.leaves}
        for segid in [s for s in segdata if s not in live]:
            del segdata[segid]

    def close(self):
        self.searcher.close()


class Index:
    """The catalogue's search index; see the module docstring. Use as a context manager."""

    def __init__(self, index_dir, store, data_dir=None, cache_dir=None, progress=None, warm=True,
                 cache_mb=CACHE_MB):
        self._dir = layout.prepare(index_dir)
        self._store = store
        self._data_dir = Path(data_dir or _default_data_dir()).resolve()
        _configure(self._data_dir, cache_dir, self._body_words(store.bodies()))
        synonyms = self._data_dir / analysis.SYNONYMS
        self._synonyms = SynonymTerms(
            analysis.Synonyms.load(synonyms) if synonyms.exists() else analysis.Synonyms())
        self._write_lock = threading.RLock()
        self._search_lock = threading.RLock()
        self._rebuild_lock = threading.Lock()
        self._searching = 0     # searches running or waiting: the warm-up pauses for them
        self._searching_lock = threading.Lock()
        self._followed = threading.Condition()
        self._wake = threading.Event()
        self._cache = LRU(cache_mb * 2**20)
        self._results = LRU(RESULTS_BUDGET)
        self._segdata = {}
        self._tree = None
        self._gen = None
        self._stale = True
        self._closed = False
        self._catching_since = None
        self._ix = self._folder = None
        self._rev = 0
        self.built = False      # True when opening had to build the index from the store
        self.rebuilt_because = None     # and why
        self._ready = False     # set once opened: from then on a new generation is warmed up
        self._warm = warm       # a long-running server warms caches; a one-shot command need not
        self._warmer = None
        self._stop_listening = lambda: None
        self._open_live(progress)
        self.catch_up()
        prepare()
        self._stop_listening = store.on_commit(self._on_commit)
        self._follower = threading.Thread(target=self._follow, name="index-follower", daemon=True)
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
        self._stop_listening()
        self._wake.set()
        if self._follower is not threading.current_thread():
            self._follower.join(timeout=WRITE_LOCK_TIMEOUT)
        if self._warmer is not None:
            self._warmer.stop()
        with self._search_lock:
            if self._gen is not None:
                self._gen.close()
                self._gen = None

    def _check_open(self):
        if self._closed:
            raise RuntimeError("the index is closed")

    @staticmethod
    def _body_words(bodies):
        return [name for b in bodies for name in (b["name"], b.get("short")) if name]

    def _open_live(self, progress):
        """Open the live generation, building one from the store when there is none or it cannot serve."""
        folder = layout.current(self._dir)
        why = self._unusable(folder)
        if why is not None:
            if folder is not None:
                log.warning("index: %s; rebuilding it from the store", why)
            self.rebuild(progress)
            self.built = True
            self.rebuilt_because = why
            return
        self._use(_whoosh_index.open_dir(str(folder)), folder)

    def _unusable(self, folder):
        """Why the live generation cannot follow this store, or ``None`` when it can.

        Revision numbers only mean something in the store that made them: an
        index kept while its store was deleted and made again (or restored
        from an older copy) would skip the new store's first revisions and
        keep items the store no longer has.
        """
        if folder is None:
            return "there is no index yet"
        meta = layout.read_meta(folder)
        if meta.get("schema") != schema.SCHEMA_VERSION:
            return "the index has another schema version"
        store_id = self._store.identity()
        if meta.get("store", store_id) != store_id:
            return "the index was built from another store"
        if layout.read_revision(folder) > self._store.revision():
            return ("the index holds revisions the store does not have "
                    "(the store was replaced or restored from an older copy)")
        if "store" not in meta:     # built before stores had identities: it is this store's now
            layout.write_meta(folder, dict(meta, store=store_id))
        return None

    def _use(self, ix, folder):
        """Make ``ix`` (in ``folder``) the index searched and written from now on."""
        with self._search_lock:
            self._ix, self._folder = ix, folder
            self._rev = layout.read_revision(folder)
            self._stamp = layout.stamp(self._dir)
            self._stale = True
            self._cache.clear()
            self._results.clear()
            self._segdata.clear()
        if self._ready:
            self._start_warmer()

    # -- following the store -----------------------------------------------------
    def revision(self):
        """The store revision the index holds."""
        return self._rev

    def _on_commit(self, revision):
        if not self._closed:
            self._wake.set()

    def _follow(self):
        self._prime_searcher()
        delay = 0.0
        while not self._closed:
            self._wake.wait()
            self._wake.clear()
            if self._closed:
                return
            try:
                self.catch_up()
                delay = 0.0
            except Exception:   # keep following; the next commit or search retries
                if self._closed:
                    return
                log.exception("index: catching up with the store failed")
                delay = min(30.0, delay * 2 or 0.5)
                time.sleep(delay)
                self._wake.set()

    def status(self):
        """Whether the index is ready to answer at full speed, for health checks.

        ``warm`` is False while the background warm-up of the postings cache
        runs (searches work, but decode common lists themselves);
        ``warmed_lists`` counts the lists it has decoded.
        """
        warmer = self._warmer
        return {"revision": self._rev, "warm": self.wait_until_warm(timeout=0),
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
        """Decode the longest posting lists of the live index in the background."""
        if self._warmer is not None:
            self._warmer.stop()
        if not self._warm:
            return
        self._warmer = Warmer(self._ix, self._cache, busy=lambda: self._searching > 0)
        self._warmer.start()

    def _prime_searcher(self):
        """Open the searcher and read the segments' columns before the first search asks."""
        try:
            with self._search_lock:
                if not self._closed:
                    self._generation()
        except Exception:   # the first search will try again and report
            log.exception("index: warming the searcher failed")

    def catch_up(self):
        """Apply the store's changes since the index's revision; returns how many were applied.

        Another process holding the index's writer is waited for; if it
        keeps it past ``WRITE_LOCK_TIMEOUT`` nothing is applied now (0) and
        the next commit or search tries again.
        """
        self._check_open()
        with self._write_lock:
            self._catching_since = time.monotonic()
            try:
                applied = self._catch_up(self._ix, self._folder)
            except LockError:
                log.warning("index: another process holds the writer; catching up later")
                applied = 0
            finally:
                self._catching_since = None
        with self._followed:
            self._followed.notify_all()
        return applied

    def _catch_up(self, ix, folder):
        on_disk = layout.read_revision(folder)
        if on_disk != self._rev and folder == self._folder:
            # Another process moved this index on: the searcher must reopen.
            self._rev, self._stale = on_disk, True
        if not self._store.changes_since(on_disk, limit=1):
            return 0
        with SegmentBuilder(ix, timeout=WRITE_LOCK_TIMEOUT, **WRITER_OPTIONS) as writer:
            # Holding the writer, read the revision again: another process may
            # have applied these changes while we waited for the lock.
            changes = self._store.changes_since(layout.read_revision(folder))
            ids = self._changed_items(changes)
            self._write(writer, ids[:BATCH])
        # A long catch-up commits in batches, so its work is saved as it goes.
        for start in range(BATCH, len(ids), BATCH):
            with SegmentBuilder(ix, timeout=WRITE_LOCK_TIMEOUT, **WRITER_OPTIONS) as writer:
                self._write(writer, ids[start:start + BATCH])
        if changes:
            layout.write_revision(folder, changes[-1]["revision"])
            if folder == self._folder:
                self._rev = changes[-1]["revision"]
                self._stale = True
        return len(changes)

    def _changed_items(self, changes):
        """The ids of the items ``changes`` touch, once each; a registry change resets the body tree."""
        ids = {}
        for change in changes:
            if change["action"] == "body":
                self._tree = None
            elif change["item_id"] is not None:
                ids[change["item_id"]] = True
        return list(ids)

    def _write(self, writer, ids):
        """Replace the index documents of ``ids`` by their stored items; withdrawn ones go."""
        for item in self._store.get_many(ids):
            document = _document(item) if item["status"] == "published" else None
            if document is None:
                writer.delete_by_term("id", str(item["id"]))
            else:
                writer.update_document(**document)

    def _freshen(self):
        """Before a search: follow a store that moved and a generation swapped by another process."""
        if layout.stamp(self._dir) != self._stamp:
            with self._write_lock:
                if layout.stamp(self._dir) != self._stamp:
                    folder = layout.current(self._dir)
                    if folder is not None and folder != self._folder:
                        self._use(_whoosh_index.open_dir(str(folder)), folder)
                    self._stamp = layout.stamp(self._dir)
        revision = self._store.revision()
        if revision <= self._rev:
            return
        deadline = time.monotonic() + FOLLOW_WAIT
        with self._followed:
            while self._rev < revision and not self._closed:
                busy = self._catching_since
                now = time.monotonic()
                if now >= deadline or (busy is not None and now - busy > FOLLOW_WAIT):
                    break       # a long catch-up is running: search what is there
                self._wake.set()
                self._followed.wait(deadline - now)

    # -- rebuilding --------------------------------------------------------------
    def rebuild(self, progress=None):
        """Build a new generation from the store and swap it in; searches go on meanwhile.

        ``progress(done, total)`` is called as items are indexed. Changes
        committed during the build are applied before the swap.
        """
        with self._rebuild_lock:
            folder = layout.new_generation(self._dir)
            try:
                revision = self._store.revision()
                ix = self._build(folder, revision, progress)
                self._catch_up(ix, folder)
                with self._write_lock:
                    self._catch_up(ix, folder)
                    layout.make_live(self._dir, folder)
                    self._use(ix, folder)
            except BaseException:
                layout.discard(folder)
                raise

    def _build(self, folder, revision, progress):
        ix = _whoosh_index.create_in(str(folder), schema.build_schema())
        total = self._store.count()
        # One writer process per core, each writing its own segment (no final merge).
        procs = min(2, os.cpu_count() or 1) if total >= PARALLEL_MIN else 1
        build.build(ix, self._documents(total, progress), procs=procs, **BUILD_OPTIONS)
        layout.write_meta(folder, {"schema": schema.SCHEMA_VERSION, "store": self._store.identity()})
        layout.write_revision(folder, revision)
        return ix

    def _documents(self, total, progress):
        for done, item in enumerate(self._store.iter_items(), 1):
            document = _document(item)
            if document is not None:
                yield document
            if progress is not None:
                progress(done, total)

    # -- searching -----------------------------------------------------------------
    def _body_tree(self):
        bodies = self._store.bodies()
        tree = self._tree
        if tree is None or len(tree.bodies) != len(bodies) or tree.bodies != bodies:
            tree = self._tree = BodyTree(bodies)
        return tree

    def _generation(self):
        """The current searcher generation (caller holds the search lock)."""
        if self._gen is None or self._stale:
            self._stale = False
            old = self._gen
            searcher = self._ix.searcher()
            key = (str(self._folder), self._rev, searcher.reader().generation())
            self._gen = Generation(searcher, self._segdata, key, self._cache)
            if old is not None:
                old.close()
        return self._gen

    def search(self, query="", filters=None, sort="relevance", page=1, per_page=10):
        """Search the catalogue; returns the result dict (see the package docstring)."""
        self._check_open()
        with self._searching_turn():
            return self._search(query, filters, sort, page, per_page)

    def _search(self, query, filters, sort, page, per_page):
        tree = self._body_tree()
        request = _search.check_request(query, filters, sort, page, per_page, tree, self._store.vocab)
        self._freshen()
        with self._search_lock:
            gen = self._generation()
            key = (gen.key, request.cache_key())
            cached = self._results.get(key)
            if cached is not None:
                return _copy(cached)
            plan = _search.plan(request.query, tree, self._synonyms)
            total, hits, facets = _search.run(gen, plan, request, self._cache)
            suggestion = None
            exact = any(score >= EXACT_SCORE for _, score in hits)   # a doc or index number
            if request.query and total < FEW_RESULTS and not exact:
                suggestion = self._did_you_mean(gen, request, total, tree)
        result = {
            "ok": True, "query": request.query, "total": total, "page": request.page,
            "per_page": request.per_page, "items": self._items(hits, plan.marks),
            "facets": _search.facet_lists(facets), "suggestion": suggestion,
        }
        self._results.put(key, result)
        return _copy(result)

    def _did_you_mean(self, gen, request, total, tree):
        """A corrected query that finds more than ``total`` items under the same filters, or ``None``."""
        better = self._suggester(gen).did_you_mean(request.query)
        if not better or better == request.query:
            return None
        plan = _search.plan(better, tree, self._synonyms)
        found, _hits, _facets = _search.run(gen, plan, _search.Request(
            better, request.filters, request.sort, 1, 1), self._cache)
        return better if found > total else None

    def _items(self, hits, marks):
        """The page's items, read back from the store, with highlights."""
        stored = {item["id"]: item for item in self._store.get_many([i for i, _ in hits])}
        items = []
        for item_id, _score in hits:
            item = stored.get(item_id)
            if item is None or item["status"] != "published":
                continue
            out = {name: item.get(name) for name in RESULT_FIELDS}
            out["highlights"] = {"title": mark(item["title"], marks),
                                 "snippet": snippet(item.get("body") or item.get("summary") or "", marks)}
            items.append(out)
        return items

    def suggest(self, prefix, limit=10):
        """Type-ahead completions of ``prefix`` from the index's titles and vocabulary."""
        self._check_open()
        limit = max(1, min(int(limit), 50))
        self._freshen()
        with self._searching_turn(), self._search_lock:
            return self._suggester(self._generation()).complete(prefix or "", limit)

    def _suggester(self, gen):
        return Suggester(gen, self._titles)

    def _titles(self, ids):
        return [item["title"] for item in self._store.get_many(ids) if item["status"] == "published"]


def _document(item):
    """The index document of a stored item, or ``None`` (logged) when it cannot be made.

    One unusable stored item must not stop the index from following the rest.
    """
    try:
        return schema.document(item)
    except (KeyError, TypeError, ValueError) as exc:
        log.warning("index: item %s left out: %r", item.get("id"), exc)
        return None


def _copy(result):
    out = dict(result)
    out["items"] = [dict(i, highlights=dict(i["highlights"])) for i in result["items"]]
    out["facets"] = {k: [dict(e) for e in v] for k, v in result["facets"].items()}
    return out


def open_index(index_dir, store, data_dir=None, cache_dir=None, progress=None, warm=True, cache_mb=CACHE_MB):
    """Open the index in ``index_dir`` for ``store``; see ``Index``.

    When there is no index yet (or it has an older schema, or was built from
    another store, or holds revisions the store lacks) it is built from
    the store first, calling ``progress(done, total)`` as items are indexed.
    ``warm=False`` skips the background warm-up of the caches (one-shot
    commands that search once and exit). ``cache_mb`` bounds the decoded
    postings cache (the background warm-up fills up to half of it).
    """
    return Index(index_dir, store, data_dir=data_dir, cache_dir=cache_dir, progress=progress, warm=warm,
                 cache_mb=cache_mb)
