"""Opening an index with work to do: its progress, the lock file that lets one process build, stopping.

A server opens its index in a thread (``open_index(..., background=True)``)
so that it answers from its first second: item pages come from the store,
searches raise ``IndexNotReady`` (503, with ``Retry-After``) until the index
is ready. ``Opening`` holds what that thread is doing, for ``/api/health``
and the console (``said``), and the flag ``Index.close`` sets to stop it.

States: ``opening`` (reading the live generation), ``waiting`` (another
process holds the lock file and opens or builds; its progress is shown),
``building`` (from the store; ``reason`` says why), ``catching_up``
(applying the store's changes since the index's revision), ``failed``
(tried again after ``retry_in`` seconds; the error is in the log only, as
it may name the server's folders), ``ready``, ``stopped``.

Several processes (``serve --processes N``, or a ``catalogue search`` beside
a server) open one index folder: the one holding ``OPENING.lock``
(``fcntl.flock``, which the kernel releases however the process ends) opens,
builds and catches up, writing its progress to ``OPENING.json`` every
``SHARE_EVERY_S``; the others wait, reporting that progress, then open the
finished index.

What can go wrong: ``build.Stopped`` out of a progress callback or
``exclusive`` once the index is closed (the build stops, its worker
processes are stopped and its folder discarded); a lock file that cannot be
created is a ``ConfigError``.
"""

import fcntl
import json
import logging
import os
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path

from catalogue.errors import ConfigError, Problem, Unavailable

from .build import Stopped

LOCK_FILE = "OPENING.lock"
SHARED_FILE = "OPENING.json"
WAIT_POLL_S = 0.25      # how often a waiting process tries the lock again (and looks for a stop)
SHARE_EVERY_S = 0.5     # how often the process holding the lock writes its progress for the others
RETRY_AFTER = 5         # seconds a client is told to wait before asking again
RETRY_S = 60            # the longest wait before a failed background opening is tried again
log = logging.getLogger(__name__)

__all__ = ["IndexNotReady", "Opening", "Stopped", "keep_trying", "said"]


def said(progress):
    """One line of English for a ``progress`` snapshot, as the console and the 503 answers say it."""
    state = progress["state"]
    counts = f"{progress['done']:,} of {progress['total']:,}"
    percent = f"({progress['percent']}%)"
    if state in ("building", "catching_up") and not progress["total"]:
        # The first moments of a build read the store before the count is known.
        return ("starting to build the search index" if state == "building"
                else "starting to bring the search index up to date")
    if state == "building":
        return f"building the search index: {counts} items {percent}"
    if state == "catching_up":
        return f"bringing the search index up to date: {counts} changed items {percent}"
    if state == "waiting":
        holder = progress.get("process")
        if holder is None:
            return "waiting for another process to open the search index"
        doing = {"building": "builds", "catching_up": "updates"}.get(progress.get("holder_state"), "opens")
        return f"waiting for process {holder}, which {doing} the search index: {counts} items {percent}"
    if state == "failed":
        return f"the search index could not be opened (see the log); trying again in {progress['retry_in']} s"
    return {"opening": "opening the search index", "ready": "the search index is ready",
            "stopped": "the search index was closed"}.get(state, state)


class IndexNotReady(Unavailable):
    """A search (or anything else that needs the index) before it is ready: 503, ``Retry-After``."""

    def __init__(self, progress):
        problem = Problem("index", f"{said(progress)}; searches are answered once it is ready",
                          code="index_building", params={"state": progress["state"],
                                                         "percent": progress["percent"]})
        super().__init__(f"the search index is not ready yet: {problem.message}", [problem],
                         retry_after=RETRY_AFTER, extra={"index": progress})


class Opening:
    """What the opening of one index is doing; see the module docstring.

    Locks: ``_lock`` guards the state and counts (the opening thread writes,
    request threads read). ``stop`` (an event) is set by ``Index.close``;
    ``finished`` once the index is ready or the opening was stopped.
    """

    def __init__(self, index_dir):
        self._dir = Path(index_dir)
        self._lock = threading.Lock()
        self._started = time.monotonic()
        self._ended = None      # when it became ready (or stopped): ``seconds`` stays what it took
        self._state, self._done, self._total, self._extra = "opening", 0, 0, {}
        self._holding = False
        self._shared_at = 0.0
        self.stop = threading.Event()
        self.finished = threading.Event()

    def snapshot(self, reason=False):
        """``{"state", "done", "total", "percent", "seconds"}`` and, by state, ``process``, ``retry_in``.

        ``reason=True`` adds why it builds: the damage found may name the
        server's files, so only the console shows it.
        """
        with self._lock:
            done, total = self._done, self._total
            out = {"state": self._state, "done": done, "total": total,
                   "percent": 100 * done // total if total else (100 if self._state == "ready" else 0),
                   "seconds": round((self._ended or time.monotonic()) - self._started, 1)}
            out.update(self._extra)
        if not reason:
            out.pop("reason", None)
        return out

    def stopping(self):
        return self.stop.is_set()

    def _check_stop(self):
        if self.stop.is_set():
            raise Stopped("the index was closed while it was being opened")

    def set(self, state, **extra):
        """Enter ``state`` (counts back to 0); ``Stopped`` once the index is closed."""
        if state not in ("ready", "stopped"):
            self._check_stop()
        with self._lock:
            self._state, self._done, self._total, self._extra = state, 0, 0, extra
            if state in ("ready", "stopped"):
                self._ended = time.monotonic()
        if state in ("ready", "stopped"):
            self.finished.set()
        self._share(force=True)

    def progress(self, state):
        """A ``progress(done, total)`` callback reporting ``state``; it raises ``Stopped`` once the index is closed."""
        def report(done, total):
            self._check_stop()
            with self._lock:
                if self._state != state:
                    self._state, self._extra = state, {}
                self._done, self._total = done, total
            self._share()
        return report

    # -- across processes ----------------------------------------------------------
    @contextmanager
    def exclusive(self):
        """Hold the index folder's lock file for the block, waiting (state ``waiting``) while another holds it."""
        path = self._dir / LOCK_FILE
        try:
            handle = open(path, "a", encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot create the index's lock file: {exc.strerror}") from None
        with handle:
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    self._report_holder()
                    if self.stop.wait(WAIT_POLL_S):
                        self._check_stop()
            self._holding = True
            try:
                yield
            finally:
                self._holding = False
                with suppress(OSError):
                    (self._dir / SHARED_FILE).unlink()
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def _report_holder(self):
        """While waiting: the holder's progress, from the file it shares."""
        try:
            shared = json.loads((self._dir / SHARED_FILE).read_text(encoding="utf-8"))
            extra = {"process": int(shared["pid"]), "holder_state": str(shared["state"])}
            done, total = int(shared["done"]), int(shared["total"])
        except (OSError, ValueError, KeyError, TypeError):     # not written yet, or being replaced
            extra, done, total = {}, 0, 0
        with self._lock:
            self._state, self._done, self._total, self._extra = "waiting", done, total, extra

    def _share(self, force=False):
        """Write this process's progress for the processes waiting for the lock (at most every ``SHARE_EVERY_S``)."""
        now = time.monotonic()
        if not self._holding or (not force and now - self._shared_at < SHARE_EVERY_S):
            return
        self._shared_at = now
        with self._lock:
            shared = {"pid": os.getpid(), "state": self._state, "done": self._done, "total": self._total}
        path = self._dir / SHARED_FILE
        temporary = path.with_name(f"{SHARED_FILE}.{os.getpid()}")
        with suppress(OSError):     # only a courtesy to the others: they report less without it
            temporary.write_text(json.dumps(shared), encoding="utf-8")
            os.replace(temporary, path)


def keep_trying(open_, opening):
    """Run ``open_()`` (in the opening thread) until it succeeds or ``opening.stop`` is set.

    A failure is logged and tried again after a growing delay (up to
    ``RETRY_S``): the server goes on answering from the store meanwhile.
    """
    delay = 0
    while True:
        try:
            open_()
            return
        except Stopped:
            break
        except Exception:   # noqa: BLE001 - whatever it was, the server goes on and tries again
            log.exception("index: opening the search index failed")
            delay = min(RETRY_S, delay * 2 or 1)
            opening.set("failed", retry_in=delay)
            if opening.stop.wait(delay):
                break
    opening.set("stopped")
