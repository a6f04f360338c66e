"""Writing a fresh index from many documents: worker processes, each writing its own segment.

Whoosh's ``MpWriter`` does the same job; this module replaces it because
``MpWriter`` waits one second for each worker's result and drops a result
that does not come, so a worker that died leaves an index silently missing
its documents. Here a worker's failure fails the build. Each worker writes
with ``internals.whoosh_write.SegmentBuilder``, which is faster than
Whoosh's own segment writer (that module says where and why).

What can go wrong: an exception in a worker (a document Whoosh refuses, a
full disk) is raised in the caller as ``BuildError`` with the worker's
message; the index is left without the new segments (the caller discards
the folder). A Whoosh without the private names a worker needs
(``whoosh_write.PATHS.parallel``) builds in one process, logged once.
SIGTERM during a build (when nothing else handles it) raises ``SystemExit``
(status 143) after the workers are stopped; a worker whose parent died
another way exits by itself within ``PARENT_POLL_S``. ``stopping()``, when
given, is asked while the workers finish: once true the build raises
``Stopped`` within ``RESULT_POLL_S``, its workers stopped (a server closing
its index during a background build).
"""

import multiprocessing
import os
import queue
import signal
import threading
import time
from contextlib import contextmanager, suppress

from catalogue.errors import CatalogueError

from .internals import whoosh_write
from .internals.whoosh_write import SegmentBuilder

BATCH = 200             # documents per message to a worker
RESULT_POLL_S = 1.0     # how often the parent checks that workers are alive
PARENT_POLL_S = 1.0     # how often a worker checks that its parent is alive
STOPPED_STATUS = 128 + signal.SIGTERM   # the exit status of a build stopped by SIGTERM, as a shell reports it


class Stopped(Exception):
    """The build (or the opening of an index) was stopped from outside: the index was closed."""


class BuildError(CatalogueError):
    """A worker process failed; the message is the worker's.

    A ``CatalogueError``, so ``catalogue reindex`` reports it in one line and
    exits 1 instead of printing a traceback; status 500, as it is not the
    request's fault.
    """

    status = 500


def _exit_with(parent):
    """In a worker: end this process as soon as process ``parent`` is gone.

    A forked worker holds both ends of the queue's pipe, so a parent killed
    outright (SIGKILL, out of memory) never makes ``get`` fail, and one killed
    while writing a batch leaves a worker waiting forever for the rest of it,
    holding its memory. An orphan's parent id changes (it is adopted), which
    this thread checks; ``os._exit`` because the main thread may be stuck in
    a read that no exception reaches.
    """
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_S)
    os._exit(1)


def _work(storage, indexname, jobs, results, options, parent, finished=None):
    """A worker process: add every batch from ``jobs`` to its own segment, put the segment on ``results``.

    ``finished(storage, schema, segment)``, when given, runs in the worker on
    its finished segment before it is reported (the posting columns).
    """
    # The parent's SIGTERM handling stops the workers; SIGINT (Ctrl-C, sent to the whole
    # terminal's group) is the parent's to handle, which terminates them.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(parent,), name="exit-with-parent", daemon=True).start()
    try:
        ix = storage.open_index(indexname)
        # The parent holds the index lock for the whole build.
        writer = SegmentBuilder.for_worker(ix, **options)
        try:
            added = False
            for batch in iter(jobs.get, None):
                for document in batch:
                    writer.add_document(**document)
                added = True
            segment = writer.finish_segment() if added else None
            if segment is not None and finished is not None:
                finished(storage, ix.schema, segment)
        except BaseException:
            # Not writer.cancel(): that deletes the temporary folder the
            # parent and the other workers write into as well.
            with suppress(OSError):
                writer.abandon_segment()
            raise
        results.put(("ok", segment))
    except BaseException as error:      # reported to the parent, which raises it
        results.put(("error", f"{type(error).__name__}: {error}"))


def build(ix, documents, procs=1, batch=BATCH, stopping=None, finished=None, **options):
    """Add ``documents`` (an iterable of field dicts) to the empty index ``ix``; returns the count.

    With ``procs`` > 1 each of that many worker processes writes one segment
    and the segments are committed together (no merge); ``options`` go to each
    segment writer (``limitmb``, ``compound``); workers take ``batch``
    documents at a time; ``stopping()`` says when to give up (``Stopped``);
    ``finished(storage, schema, segment)`` runs in each worker on its
    finished segment (in one process: not called).
    What can go wrong: see the module docstring; ``ValueError`` if ``ix``
    already holds documents.
    """
    if not ix.is_empty():
        raise ValueError("build() writes a fresh index; this one already holds documents")
    if procs <= 1 or not whoosh_write.PATHS.parallel:
        count = 0
        with SegmentBuilder(ix, **options) as writer:
            for document in documents:
                writer.add_document(**document)
                count += 1
        return count
    return _build_parallel(ix, documents, procs, batch, options, stopping or (lambda: False), finished)


def can_add_in_workers():
    """Whether ``add_in_workers`` can use worker processes with the installed Whoosh."""
    return whoosh_write.PATHS.parallel


def add_in_workers(parent, documents, procs=1, batch=BATCH, stopping=None, finished=None, drop=(), **options):
    """Add ``documents`` to the index of ``parent`` (an open writer) through ``procs`` worker processes; commits it.

    The documents are analysed and written in the workers, so the calling
    process (a server answering searches) spends no time on them; ``parent``
    holds the index's lock, may have deleted documents (they are committed
    with it) and must have added none. The workers' segments join the
    index's segments, none merged; the segments whose ids are in ``drop``
    are left out of the commit (their documents given again in
    ``documents``: a merge). ``stopping``, ``finished`` and ``options`` as
    for ``build``. What can go wrong: as for ``build``; ``parent`` is
    cancelled on any failure (its deletions are not kept).
    """
    return _run_in_workers(parent, documents, procs, batch, options, stopping or (lambda: False), finished,
                           frozenset(drop))


def _build_parallel(ix, documents, procs, size, options, stopping, finished=None):
    # Holds the index lock, writes the TOC.
    return _run_in_workers(ix.writer(**options), documents, procs, size, options, stopping, finished)


def _run_in_workers(parent, documents, procs, size, options, stopping, finished, drop=frozenset()):
    # fork: workers inherit the configured analysis (jieba's dictionary, the
    # user words), which would otherwise be loaded again in each of them.
    context = multiprocessing.get_context("fork")
    jobs = context.Queue(maxsize=procs * 4)
    results = context.Queue()
    workers = [context.Process(target=_work, daemon=True,
                               args=(parent.storage, parent.indexname, jobs, results, options, os.getpid(),
                                     finished))
               for _ in range(procs)]
    with _sigterm_stops():
        return _run_workers(parent, documents, workers, (jobs, results), size, stopping, drop)


@contextmanager
def _sigterm_stops():
    """While the workers run, SIGTERM raises ``SystemExit`` so that they are stopped before this process ends.

    By default SIGTERM ends a process at once, leaving its workers behind.
    Only when nothing else handles SIGTERM (a server installs its own) and
    only in the main thread, where Python runs signal handlers.
    """
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL):
        yield
        return

    def stop(*_):
        raise SystemExit(STOPPED_STATUS)
    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _run_workers(parent, documents, workers, channels, size, stopping, drop=frozenset()):
    jobs, results = channels
    try:
        for worker in workers:
            worker.start()
        count = 0
        batch = []
        for document in documents:
            batch.append(document)
            if len(batch) == size:
                _put(jobs, batch, workers, results, stopping)
                count += len(batch)
                batch = []
        if batch:
            _put(jobs, batch, workers, results, stopping)
            count += len(batch)
        for _ in workers:
            _put(jobs, None, workers, results, stopping)
        segments = _collect(results, workers, stopping)
    except BaseException:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
        for worker in (w for w in workers if w.pid is not None):     # started ones only
            worker.join(RESULT_POLL_S * 5)
            if worker.is_alive():
                worker.kill()
                worker.join()
        # Batches still buffered for the stopped workers can never be read:
        # without this the queue's exit handler waits for its feeder thread
        # to write them, and the process never exits.
        for channel in (jobs, results):
            channel.cancel_join_thread()
            channel.close()
        parent.cancel()
        raise
    for worker in workers:
        worker.join()
    for channel in (jobs, results):
        channel.close()
        channel.join_thread()
    # The parent added nothing: its commit closes its empty segment, writes
    # the table of contents with the index's segments (none in a fresh
    # build; with the parent's deletions) and the workers', and unlocks.
    parent.commit(mergetype=lambda _writer, existing: [s for s in existing if s.segment_id() not in drop]
                  + segments)
    return count


def _put(jobs, batch, workers, results, stopping):
    """Queue ``batch`` for the workers, failing early if one of them already failed."""
    while True:
        try:
            jobs.put(batch, timeout=RESULT_POLL_S)
            return
        except queue.Full:
            _check_workers(workers, results)
            _raise_if_stopped(stopping)


def _raise_if_stopped(stopping):
    if stopping():
        raise Stopped("the index was closed during its build")


def _check_workers(workers, results):
    try:
        status, value = results.get_nowait()
    except queue.Empty:
        status, value = None, None
    if status == "error":
        raise BuildError(f"an index worker failed: {value}")
    if status == "ok":
        results.put((status, value))        # a finished worker's segment: keep it for _collect
    _raise_if_dead(workers)


def _raise_if_dead(workers):
    # A worker killed from outside (out of memory) puts nothing on the queue.
    dead = [w for w in workers if w.exitcode not in (None, 0)]
    if dead:
        raise BuildError(f"an index worker exited with code {dead[0].exitcode}")


def _collect(results, workers, stopping):
    """Each worker's segment (workers that got no documents have none)."""
    segments = []
    for _ in workers:
        while True:
            try:
                status, value = results.get(timeout=RESULT_POLL_S)
                break
            except queue.Empty:
                _raise_if_dead(workers)
                _raise_if_stopped(stopping)
        if status == "error":
            raise BuildError(f"an index worker failed: {value}")
        if value is not None:
            segments.append(value)
    return segments
