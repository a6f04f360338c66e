"""Following the store: its commits applied to the live index, by a thread and before searches.

``store.on_commit`` (this process's commits) and a ``catalogue.watching.Watcher`` (other
processes' and servers' commits, heard within a second through PostgreSQL's
NOTIFY or by polling) wake a follower thread that applies the new changes
(each changed item's document replaced, whatever its status; one no longer
in the store deleted). A catch-up of ``WORKER_MIN`` or more items (a bulk
import) is analysed and written by worker processes (``build.add_in_workers``,
each commit one new segment with its posting columns), so that the searches
this process answers meanwhile keep the interpreter to themselves; the old
documents are deleted here, in the same commit. A commit merges no segments
(``merging.for_commit``): the small ones the saves leave are merged by the
follower once it is idle (``merge_small``). Writes go through the live
index's write lock and one Whoosh writer at a time, in this process and
(through Whoosh's file lock, waited for) across processes, so no
``LockError`` reaches a user. Before a search, ``freshen`` follows a
generation another process swapped in, and waits up to ``FOLLOW_WAIT``
seconds for the follower to apply what the store already holds, so an item
saved a moment ago is found; a catch-up of more than ``WAIT_ITEMS`` items (a
bulk import) is not waited for, nor one already running for longer than
``FOLLOW_WAIT``.
``wait_for(revision, timeout)`` waits, bounded, until the index holds a
given store revision: a staff save calls it so that its next request finds
what it wrote.

What can go wrong: another process keeping the index's writer past
``WRITE_LOCK_TIMEOUT`` postpones a catch-up (logged, tried again at the next
commit or search); a catch-up that fails in the thread is logged and tried
again after a growing delay (a worker process that fails, ``BuildError``,
too: nothing of its commit is kept); an item that cannot be made a document
is left out (logged).
"""

import logging
import os
import threading
import time

from whoosh.index import LockError

from catalogue.errors import DiskFull, StoreUnavailable, disk_full_reported
from catalogue.watching import Watcher

from . import build, columns, layout, merging
from .generations import WRITER_OPTIONS, document
from .internals.whoosh_write import SegmentBuilder

log = logging.getLogger(__name__)

WRITE_LOCK_TIMEOUT = 60.0   # seconds to wait for another process's Whoosh writer
BATCH = 2000                # items per commit while catching up
# From this many changed items (a bulk import) a catch-up is analysed and
# written by a worker process, WORKER_BATCH items per commit: in this
# process the analysis held the interpreter lock against the searches (a
# 10,000-item import at a million items: searches p95 1.7 s, 15 over 2 s).
WORKER_MIN = 1000
WORKER_BATCH = 20000
WORKER_PROCS = max(1, min(2, (os.cpu_count() or 1) - 1))   # a core left to the searches
FOLLOW_WAIT = 2.0           # seconds a search waits for the follower to apply a new commit
WAIT_ITEMS = 50             # ... when it changes at most this many items (a larger one is not waited for)
WAIT_SLICE = 0.25           # ``wait_for`` looks again this often (a swap or another process may move it)


class Follower:
    """Keeps ``live`` (a ``generations.LiveIndex``) up with ``store``; see the module docstring.

    ``on_registry_change()`` is called when a change touches the body
    registry. Locks, each owned here: ``_wake`` (an event) wakes the follower
    thread: set by a commit, by a search waiting for one and by ``stop``;
    ``_followed`` (a condition) wakes the searches waiting in ``freshen``
    after each catch-up. The writes take the live index's ``write_lock``.
    """

    def __init__(self, live, store, on_registry_change, on_applied=None):
        self._live = live
        self._store = store
        self._on_registry_change = on_registry_change
        self._on_applied = on_applied or (lambda: None)     # after the thread applied commits
        self._followed = threading.Condition()
        self._wake = threading.Event()
        self._catching_since = None     # when the catch-up running began (monotonic seconds)
        self._catching_items = None     # how many items it changes, once known
        self._closed = False
        # The last catch-up that applied changes: {"items", "in_workers", "seconds"} (None before one).
        self.last_catch_up = None
        self.last_merge = None          # the last merge of small segments: {"segments", "items", "in_workers"}
        self._stop_listening = lambda: None
        self._thread = None

    def start(self):
        """Listen to the store's commits and start the follower thread."""
        self._stop_listening = self._store.on_commit(self._on_commit)
        # Commits through other servers: heard within a second, without waiting for a request.
        watcher = Watcher(self._store, lambda: self._on_commit(None)).start()
        stop_local = self._stop_listening

        def stop_listening():
            stop_local()
            watcher.close()
        self._stop_listening = stop_listening
        self._thread = threading.Thread(target=self._follow, name="index-follower", daemon=True)
        self._thread.start()

    def stop(self):
        """Stop listening and wait for the follower thread (at most ``WRITE_LOCK_TIMEOUT``)."""
        self._closed = True
        self._stop_listening()
        self._wake.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=WRITE_LOCK_TIMEOUT)

    def _on_commit(self, revision):
        if not self._closed:
            self._wake.set()

    def _follow(self):
        if not self._closed:
            self._live.prime()
        delay = 0.0
        while not self._closed:
            # Small segments gathered: merged once no commit comes for a while.
            woken = self._wake.wait(merging.IDLE_S if self._merge_wanted() else None)
            self._wake.clear()
            if self._closed:
                return
            try:
                if not woken:
                    if self.merge_small():
                        self._on_applied()
                elif self.catch_up():
                    self._live.write_columns_later()     # a bulk import may have made a large segment
                    self._on_applied()
                delay = 0.0
            except Exception as exc:   # keep following; the next commit or search retries
                if self._closed:
                    return
                if isinstance(exc, (DiskFull, StoreUnavailable)):   # not a bug: said in a line, tried again later
                    log.error("index: catching up with the store failed: %s", exc.message)
                else:
                    log.exception("index: catching up with the store failed")
                # A store back from an outage is followed within a second or so.
                delay = min(1.0 if isinstance(exc, StoreUnavailable) else 30.0, delay * 2 or 0.5)
                time.sleep(delay)
                self._wake.set()

    def catch_up(self, progress=None):
        """Apply the store's changes since the index's revision; returns how many were applied.

        Another process holding the index's writer is waited for; if it
        keeps it past ``WRITE_LOCK_TIMEOUT`` nothing is applied now (0) and
        the next commit or search tries again. ``progress`` is ``apply``'s.
        """
        live = self._live
        with live.write_lock:
            self._catching_since = time.monotonic()
            try:
                applied = self.apply(live.ix, live.folder, progress)
            except LockError:
                log.warning("index: another process holds the writer; catching up later")
                applied = 0
            finally:
                self._catching_since = self._catching_items = None
        with self._followed:
            self._followed.notify_all()
        return applied

    def apply(self, ix, folder, progress=None):
        """Apply the store's changes since the revision of ``folder`` to ``ix`` in it; returns how many.

        ``folder`` is the live generation or a rebuilt one not swapped in yet.
        ``progress(done, total)`` is called before each batch of changed items
        (``done`` of ``total`` written); what it raises stops the catch-up,
        the batches written so far kept (the revision is written at the end,
        so they are applied again next time). Raises Whoosh's ``LockError``
        when another process keeps the writer past ``WRITE_LOCK_TIMEOUT``,
        ``DiskFull`` when the disk is full (what was committed so far stays;
        the revision file says where to go on).
        """
        with disk_full_reported(folder):
            return self._apply(ix, folder, progress or (lambda done, total: None))

    def _apply(self, ix, folder, progress):
        on_disk = layout.read_revision(folder)
        # Another process may have moved this index on: the searcher must reopen.
        self._live.moved(folder, on_disk)
        if not self._store.changes_since(on_disk, limit=1):
            return 0
        writer = SegmentBuilder(ix, timeout=WRITE_LOCK_TIMEOUT, **WRITER_OPTIONS)
        try:
            # Holding the writer, read the revision again: another process may
            # have applied these changes while we waited for the lock.
            changes = self._store.changes_since(layout.read_revision(folder))
            ids = self._changed_items(changes)
        except BaseException:
            writer.cancel()
            raise
        if len(ids) > WAIT_ITEMS and self._catching_since is not None:     # ``catch_up`` resets it
            with self._followed:        # the searches waiting for it go on now (``freshen``)
                self._catching_items = len(ids)
                self._followed.notify_all()
        started = time.monotonic()
        by_workers = len(ids) >= WORKER_MIN and build.can_add_in_workers()
        size = WORKER_BATCH if by_workers else BATCH
        # A long catch-up commits in batches, so its work is saved as it goes.
        for start in range(0, max(len(ids), 1), size):
            if start:
                writer = SegmentBuilder(ix, timeout=WRITE_LOCK_TIMEOUT, **WRITER_OPTIONS)
            if by_workers:
                build.add_in_workers(writer, self._replacing(writer, ids, start, size, progress),
                                     procs=WORKER_PROCS, stopping=lambda: self._closed,
                                     finished=columns.segment_writer(folder), **WRITER_OPTIONS)
            else:
                writer.mergetype = merging.for_commit      # small segments: merged when idle
                with writer:
                    self._write(writer, ids[start:start + size], start, len(ids), progress)
        progress(len(ids), len(ids))
        if ids:
            self.last_catch_up = {"items": len(ids), "in_workers": by_workers,
                                  "seconds": round(time.monotonic() - started, 3)}
        if changes:
            layout.write_revision(folder, changes[-1]["revision"])
            self._live.moved(folder, changes[-1]["revision"])
        return len(changes)

    def _merge_wanted(self):
        try:
            return merging.wants_merge(self._live.ix)
        except Exception:   # noqa: BLE001 - a generation swapped away meanwhile: no merge now
            return False

    def merge_small(self):
        """Merge the live index's small segments in a commit of their own (``merging``); whether it did.

        Another process holding the writer past ``WRITE_LOCK_TIMEOUT``: not
        now (False), the next idle moment tries again.
        """
        live = self._live
        with live.write_lock:
            if not merging.wants_merge(live.ix):
                return False
            try:
                writer = SegmentBuilder(live.ix, timeout=WRITE_LOCK_TIMEOUT, **WRITER_OPTIONS)
            except LockError:
                return False
            if build.can_add_in_workers():
                try:
                    segids, ids = merging.small_documents(writer)
                except BaseException:
                    writer.cancel()
                    raise
                build.add_in_workers(writer, self._documents(ids), procs=1, stopping=lambda: self._closed,
                                     drop=segids, **WRITER_OPTIONS)
                self.last_merge = {"segments": len(segids), "items": len(ids), "in_workers": True}
            else:
                writer.commit(mergetype=merging.merge_small)     # adds nothing: the merge alone
                self.last_merge = {"segments": None, "items": None, "in_workers": False}
            live.segments_changed(live.folder)
        live.write_columns_later()      # the merged segment may be large enough for columns
        return True

    def _documents(self, ids):
        """The index documents of the stored items ``ids`` (those the store still has and can be made one)."""
        for first in range(0, len(ids), BATCH):
            for item in self._store.get_many(ids[first:first + BATCH]):
                found = document(item)
                if found is not None:
                    yield found

    def _changed_items(self, changes):
        """The ids of the items ``changes`` touch, once each; a registry change is reported."""
        ids = {}
        for change in changes:
            if change["action"] == "body":
                self._on_registry_change()
            elif change["item_id"] is not None:
                ids[change["item_id"]] = True
        return list(ids)

    def _write(self, writer, batch, start, total, progress):
        """Replace the index documents of the ids ``batch`` by their stored items, in every state.

        An id the store no longer has (or whose item cannot be made a
        document) loses its document. ``progress(done, total)`` before
        each, counting from ``start``.
        """
        stored = {item["id"]: item for item in self._store.get_many(batch)}
        for done, item_id in enumerate(batch, start):
            progress(done, total)
            item = stored.get(item_id)
            found = document(item) if item is not None else None
            if found is None:
                writer.delete_by_term("id", str(item_id))
            else:
                writer.update_document(**found)

    def _replacing(self, writer, ids, start, size, progress):
        """The documents of ``ids[start:start + size]`` for worker processes, each id's old one deleted by ``writer``.

        An id the store no longer has (or whose item cannot be made a
        document) is only deleted. ``progress(done, total)`` before each.
        """
        for first in range(start, min(start + size, len(ids)), BATCH):
            batch = ids[first:min(first + BATCH, start + size)]
            stored = {item["id"]: item for item in self._store.get_many(batch)}
            for done, item_id in enumerate(batch, first):
                progress(done, len(ids))
                writer.delete_by_term("id", str(item_id))
                item = stored.get(item_id)
                found = document(item) if item is not None else None
                if found is not None:
                    yield found

    def freshen(self):
        """Before a search: follow a generation swapped by another process and a store that moved."""
        self._live.follow_swap()
        revision = self._store.revision()
        if revision <= self._live.revision:
            return
        deadline = time.monotonic() + FOLLOW_WAIT
        with self._followed:
            while self._live.revision < revision and not self._closed:
                busy = self._catching_since
                now = time.monotonic()
                if now >= deadline or (busy is not None and now - busy > FOLLOW_WAIT) \
                        or (self._catching_items or 0) > WAIT_ITEMS:
                    break       # a long catch-up is running: search what is there
                self._wake.set()
                self._followed.wait(deadline - now)

    def wait_for(self, revision, timeout):
        """Wait until the index holds store revision ``revision``; True then, False after ``timeout`` s."""
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            self._live.follow_swap()
            if self._holds(revision):
                return True
            now = time.monotonic()
            if self._closed or now >= deadline:
                return False
            with self._followed:
                # Looked at again under the condition: a catch-up finishing
                # just now has notified already.
                if self._live.revision >= revision:
                    return True
                self._wake.set()
                self._followed.wait(min(deadline - now, WAIT_SLICE))

    def _holds(self, revision):
        """Whether the index holds ``revision``: it has applied it, or nothing up to it touched the index."""
        held = self._live.revision
        if held >= revision:
            return True
        if self._store.revision() < revision:
            return False
        pending = self._store.changes_since(held, limit=1)
        return not pending or pending[0]["revision"] > revision
