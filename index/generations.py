"""The index's generations: the live one, searched and written, and rebuilt ones swapped in for it.

An index folder holds generation folders (``index.layout``); one is live.
``LiveIndex.open`` opens it, or decides it cannot serve this store and
builds a new one from the store.

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

What can go wrong: ``ConfigError`` for an index folder that cannot be
written; a live generation whose files are missing or damaged (found when
it is opened: its table of contents, terms tables, columns) is logged and
rebuilt from the store; a failed build (``build.BuildError``, a full disk) discards the new
folder and leaves the live generation as it was; an item that cannot be made
a document is left out (logged).
"""

import logging
import os
import threading
from contextlib import contextmanager

from whoosh import index as _whoosh_index

from catalogue.errors import disk_full_reported

from . import build, columns, layout, schema
from .internals.whoosh_files import CheckedStorage
from .matching import Stats
from .segments import SegmentData

log = logging.getLogger(__name__)

# From this many items a rebuild runs two writer processes (see ``LiveIndex._build``).
PARALLEL_MIN = 5000
# Separate segment files, not Whoosh's default compound file: opening a
# compound segment copies its whole postings file into memory (BytesIO over
# the mmap), ~900 MB at 100k items, again for every searcher after a commit.
WRITER_OPTIONS = {"limitmb": 128, "compound": False}
# A full build gives each worker a bigger sorting pool: fewer runs spilled to
# disk and merged back (each posting pickled and unpickled once per spill).
BUILD_OPTIONS = dict(WRITER_OPTIONS, limitmb=256)


class Generation:
    """One open searcher with the per-segment data of its segments."""

    def __init__(self, searcher, segdata, key, cache):
        self.searcher = searcher
        self.key = key
        self.cache = cache
        self.stats = Stats(searcher)
        self.leaves = []
        self.columns = {}       # segment id -> its mapped posting columns (``None``: Whoosh's blocks)
        for leaf, _offset in searcher.leaf_searchers():
            reader = leaf.reader()
            segment = reader.segment()
            if segment is None:     # no segments yet (an empty catalogue): nothing to read
                continue
            segid = segment.segment_id()
            seg = segdata.get(segid)
            if seg is None or seg.doccount != reader.doc_count_all():
                seg = segdata[segid] = SegmentData(reader)
            if seg.columns is None and seg.doccount >= columns.MIN_DOCS:
                # Written since (``columns.ensure`` after a build or an opening).
                seg.columns = columns.open_columns(key[0], segid)
            self.columns[segid] = seg.columns
            self.leaves.append((leaf, seg))
        live = {seg.segid for _, seg in self.leaves}
        for segid in [s for s in segdata if s not in live]:
            del segdata[segid]

    def close(self):
        self.searcher.close()


class LiveIndex:
    """The live generation of the index folder ``index_dir`` for ``store``: opened, searched, swapped.

    ``cache`` (decoded postings, shared by the generations' searches) is
    emptied when another generation is made live; ``on_swap()`` is called
    after each (the first one opened included). ``ix``, ``folder`` and
    ``revision`` are the live generation's Whoosh index, folder and store
    revision.

    Locks, each owned here:

    * ``write_lock`` guards writing to the live index and swapping it: one
      catch-up (the follower's), a rebuild's last catch-up and swap, or the
      adoption of another process's swap at a time in this process (Whoosh's
      file lock orders the writers of several processes).
    * ``_search_lock`` guards the searcher generation and which index is
      searched: one search at a time reads the Whoosh searcher.
    * ``_rebuild_lock``: one rebuild at a time.
    """

    def __init__(self, index_dir, store, cache, on_swap):
        self.dir = layout.prepare(index_dir)
        self._store = store
        self._cache = cache
        self._on_swap = on_swap
        self.write_lock = threading.RLock()
        self._search_lock = threading.RLock()
        self._rebuild_lock = threading.Lock()
        self._segdata = {}
        self._columns_thread = None
        self._gen = None
        self._stale = True
        self._closed = False
        self.ix = self.folder = None
        self.revision = 0
        self._stamp = None

    def open(self, progress, catch_up, on_rebuild=None, stopping=None, columns_later=False):
        """Open the live generation, building one from the store when there is none or it cannot serve.

        Returns why it had to be built, or ``None`` when the live one was
        opened; ``on_rebuild(why)`` is called before a build; ``progress``,
        ``catch_up`` and ``stopping`` are those of ``rebuild``. Columns a
        segment lacks (an index of an earlier version, a segment merged
        while the last server stopped) are written before this returns, or
        with ``columns_later`` in a thread (``write_columns_later``): a
        server answers meanwhile from Whoosh's blocks instead of waiting
        (adding the word tables to a million items' columns took 104 s).
        """
        folder = layout.current(self.dir)
        why = self._unusable(folder)
        if why is None:
            why = self._open_checked(folder)
        if why is None and not columns_later:
            self.write_columns(stopping)
        if why is not None:
            if folder is not None:
                log.warning("index: %s; rebuilding it from the store", why)
            if on_rebuild is not None:
                on_rebuild(why)
            self.rebuild(progress, catch_up, stopping)
            return why
        return None

    def _open_checked(self, folder):
        """Open ``folder`` and its searcher, making it live; why it cannot be read, or ``None``.

        Opening reads the table of contents and each segment's terms table
        and columns, so a deleted or cut-short file is found here rather than
        by a visitor's search. A damaged file can fail in any way its decoder
        does (Whoosh's own errors, pickle, struct, an OS error), hence the
        broad catch; the index is rebuilt from the store, which holds every item.
        """
        segdata = {}
        storage = CheckedStorage(str(folder))
        try:
            ix = storage.open_index()
            searcher = ix.searcher()
            key = (str(folder), layout.read_revision(folder), searcher.reader().generation())
            gen = Generation(searcher, segdata, key, self._cache)
        except Exception as exc:    # noqa: BLE001 - any damage means the same: rebuild
            storage.close_opened()
            return f"the index in {folder.name} cannot be read ({type(exc).__name__}: {exc})"
        storage.opened = None
        self._use(ix, folder, gen, segdata)
        return None

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

    def _use(self, ix, folder, gen=None, segdata=None):
        """Make ``ix`` (in ``folder``) the index searched and written from now on.

        ``gen``: a searcher of it already open (with its ``segdata``), the first one searched.
        """
        with self._search_lock:
            self.ix, self.folder = ix, folder
            self.revision = layout.read_revision(folder)
            self._stamp = layout.stamp(self.dir)
            self._stale = gen is None
            self._cache.clear()
            self._segdata.clear()
            if gen is not None:
                if self._gen is not None:
                    self._gen.close()
                self._gen = gen
                self._segdata.update(segdata)
        self._on_swap()

    def moved(self, folder, revision):
        """``folder`` now holds ``revision``: when it is the live generation, the next search reopens."""
        if folder == self.folder and revision != self.revision:
            self.revision, self._stale = revision, True

    def segments_changed(self, folder):
        """``folder``'s segments changed at the same revision (a merge): when it is live, the next search reopens."""
        if folder == self.folder:
            self._stale = True

    def follow_swap(self):
        """Search the generation another process swapped in (its ``reindex``), if it did."""
        if layout.stamp(self.dir) != self._stamp:
            with self.write_lock:
                if layout.stamp(self.dir) != self._stamp:
                    folder = layout.current(self.dir)
                    if folder is not None and folder != self.folder:
                        self._use(_whoosh_index.open_dir(str(folder)), folder)
                    self._stamp = layout.stamp(self.dir)

    def write_columns(self, stopping=None):
        """Write the posting columns of the live generation's large segments that have none (``columns.ensure``).

        Searches go on meanwhile (from Whoosh's blocks); the next search's
        generation maps the new columns. Returns how many were written.
        A commit meanwhile may merge a segment away: its columns are then
        removed by the next ``ensure``.
        """
        with self.write_lock:
            ix, folder = self.ix, self.folder
        if ix is None:
            return 0
        written = columns.ensure(ix, folder, stopping=lambda: self._closed or (stopping is not None and stopping()))
        if written:
            with self._search_lock:
                if self.folder == folder:
                    self._stale = True
        return written

    def write_columns_later(self):
        """``write_columns`` in a thread of its own, unless one runs (after a catch-up made a large segment)."""
        with self.write_lock:
            if self._columns_thread is not None and self._columns_thread.is_alive():
                return
            if not columns.missing(self.ix, self.folder):
                return
            self._columns_thread = threading.Thread(target=self._write_columns_logged, name="index-columns",
                                                    daemon=True)
            self._columns_thread.start()

    def _write_columns_logged(self):
        try:
            self.write_columns()
        except Exception:   # searches read Whoosh's blocks meanwhile; the next catch-up tries again
            log.exception("index: writing posting columns failed")

    # -- searching -----------------------------------------------------------------
    @contextmanager
    def searcher(self):
        """The current searcher ``Generation``, for one search at a time (the block holds the search lock)."""
        with self._search_lock:
            yield self._generation()

    def _generation(self):
        """The current searcher generation (caller holds the search lock)."""
        if self._gen is None or self._stale:
            self._stale = False
            old = self._gen
            searcher = self.ix.searcher()
            key = (str(self.folder), self.revision, searcher.reader().generation())
            self._gen = Generation(searcher, self._segdata, key, self._cache)
            if old is not None:
                old.close()
        return self._gen

    def has_word_tables(self, segid):
        """Whether segment ``segid`` of the live generation has readable word tables (``Columns.vocabulary``)."""
        with self.searcher() as gen:
            mapped = gen.columns.get(segid)
            return mapped is not None and mapped.vocabulary() is not None

    def columns_status(self):
        """The current generation's segments, how many have posting columns, their size and reads."""
        with self.searcher() as gen:
            mapped = [c for c in gen.columns.values() if c is not None]
            return {"segments": len(gen.leaves), "segments_with_columns": len(mapped),
                    "columns_mib": round(sum(c.nbytes() for c in mapped) / 2**20, 1),
                    "postings_read": sum(c.reads for c in mapped)}

    def document_ids(self):
        """The stored ``id`` of every live (not deleted) document of the current generation."""
        with self.searcher() as gen:
            return [int(fields["id"]) for fields in gen.searcher.reader().all_stored_fields()]

    def prime(self):
        """Open the searcher and map the segments' columns before the first search asks; read them ahead."""
        mapped = []
        try:
            with self._search_lock:
                if not self._closed:
                    mapped = [c for c in self._generation().columns.values() if c is not None]
        except Exception:   # the first search will try again and report
            log.exception("index: warming the searcher failed")
            return
        if mapped and not self._closed:
            threading.Thread(target=columns.prefetch, args=(mapped,), name="index-prefetch", daemon=True).start()

    def close(self):
        """Close the searcher; a search after this opens a new one (the index front refuses them)."""
        with self._search_lock:
            self._closed = True
            if self._gen is not None:
                self._gen.close()
                self._gen = None

    # -- rebuilding --------------------------------------------------------------
    def rebuild(self, progress, catch_up, stopping=None):
        """Build a new generation from the store and swap it in; searches go on meanwhile.

        ``progress(done, total)`` is called as items are indexed; it may
        raise to stop the build, as ``stopping()`` returning true does
        (``build.Stopped``) while the writer processes finish.
        ``catch_up(ix, folder)`` applies the store's changes since the
        revision of ``folder`` (``follower.Follower.apply``): the changes
        committed during the build are applied before the swap. A full disk
        is ``DiskFull`` (the new folder discarded, the live one kept).
        """
        with self._rebuild_lock, disk_full_reported(self.dir):
            folder = layout.new_generation(self.dir)
            try:
                revision = self._store.revision()
                ix = self._build(folder, revision, progress, stopping)
                catch_up(ix, folder)
                with self.write_lock:
                    catch_up(ix, folder)
                    layout.make_live(self.dir, folder)
                    self._use(ix, folder)
            except BaseException:
                layout.discard(folder)
                raise

    def _build(self, folder, revision, progress, stopping):
        ix = _whoosh_index.create_in(str(folder), schema.build_schema())
        total = self._store.count(None)     # every item, in every state
        # Two writer processes (one on a one-core machine), each writing its
        # own segment (no final merge). Not one per core: one process reads
        # the store and feeds them, and at two they already wait for it a
        # fifth of the time; each holds ~800 MiB while adding
        # (benchmarks/RESULTS.md, 1,000,000 items).
        procs = min(2, os.cpu_count() or 1) if total >= PARALLEL_MIN else 1
        # Each worker writes its segment's posting columns, the two at once; ``ensure`` the rest.
        build.build(ix, self._documents(total, progress), procs=procs, stopping=stopping,
                    finished=columns.segment_writer(folder), **BUILD_OPTIONS)
        columns.ensure(ix, folder, stopping=stopping)
        layout.write_meta(folder, {"schema": schema.SCHEMA_VERSION, "store": self._store.identity()})
        layout.write_revision(folder, revision)
        return ix

    def _documents(self, total, progress):
        for done, item in enumerate(self._store.iter_items(status=None), 1):
            found = document(item)
            if found is not None:
                yield found
            if progress is not None:
                progress(done, total)


def document(item):
    """The index document of a stored item, or ``None`` (logged) when it cannot be made.

    One unusable stored item must not stop the index from following the rest.
    """
    try:
        return schema.document(item)
    except (KeyError, TypeError, ValueError) as exc:
        log.warning("index: item %s left out: %r", item.get("id"), exc)
        return None
