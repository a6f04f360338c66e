"""Writing a fresh index from many documents: worker processes, each writing its own segment.

Whoosh's ``MpWriter`` does the same job; this module replaces it for two
reasons, both measured on the benchmark corpus:

* A segment's final flush asks the length column file for each posting's
  document length, one seek and read per posting: about a fifth of the
  flush. ``SegmentBuilder`` reads each field's length column into memory
  once and answers from there.
* Once a writer's sorting pool outgrows its memory (``limitmb``), Whoosh
  spills every posting to disk and reads it back with one pickle call each,
  then merges the runs posting by posting: a fifth of a 5,000-item build.
  ``ChunkedPool`` pickles runs in chunks and merges them term by term.
* Whoosh's flush compresses every postings block with zlib, also the
  one-posting blocks of the many rare terms, and ``zlib.compress`` costs
  ~85 µs a call whatever the size (it sets up its tables each time):
  ~15 % of the flush, for blocks zlib cannot shrink anyway. Blocks under
  ``COMPRESS_FROM`` bytes are written uncompressed, which Whoosh's block
  header allows (its reader checks each block's compression level).
* Whoosh pickles a block's data with protocol 2, which has no opcode for
  bytes: each position value becomes a call of ``_codecs.encode`` on a
  text string, both when writing (~4.4 µs a one-posting block) and when
  reading. Protocol 5 writes bytes as bytes (~0.7 µs, half the size);
  Whoosh's reader unpickles either (``pickle.loads``). The block header
  stays protocol 2.
* The flush asks the postings and terms files for their position twice a
  term, a system call each (~12 % of the flush); here the position is
  counted from the bytes written.
* ``MpWriter`` waits one second for each worker's result and drops a result
  that does not come, so a worker that died leaves an index silently missing
  its documents. Here a worker's failure fails the build.

What can go wrong: an exception in a worker (a document Whoosh refuses, a
full disk) is raised in the caller as ``BuildError`` with the worker's
message; the index is left without the new segments (the caller discards
the folder).
"""

import heapq
import multiprocessing
import pickle
import queue
import zlib
from contextlib import closing, contextmanager, suppress
from itertools import groupby, islice
from operator import itemgetter

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3PostingsWriter
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import PostingPool, SegmentWriter

from catalogue.errors import CatalogueError

BATCH = 200             # documents per message to a worker
RESULT_POLL_S = 1.0     # how often the parent checks that workers are alive
CHUNK = 8192            # postings per pickle in a spilled run
COMPRESS_FROM = 128     # bytes: smaller postings blocks are written uncompressed (0: compress all, as Whoosh)
DATA_PROTOCOL = 5       # pickle protocol of a block's data (Whoosh: 2)


class BuildError(CatalogueError):
    """A worker process failed; the message is the worker's.

    A ``CatalogueError``, so ``catalogue reindex`` reports it in one line and
    exits 1 instead of printing a traceback; status 500, as it is not the
    request's fault.
    """

    status = 500


class _Lengths:
    """Document lengths per field, read from the segment's length columns in one go.

    Stands in for the per-document reader Whoosh's flush consults, which
    would otherwise read the column file once per posting.
    """

    def __init__(self, reader, fieldnames):
        self._lengths = {}
        for name in fieldnames:
            column = f"_{name}_len"
            if reader.has_column(column):
                self._lengths[name] = reader.column_reader(column, LENGTHS_COLUMN).load()

    def doc_field_length(self, docnum, fieldname, default=0):
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            return default
        code = lengths[docnum]
        # Whoosh's reader returns None for a zero length byte; the flush only
        # tests the value for truth, so 0 does the same.
        return byte_to_length(code) if code else 0


class ChunkedPool(PostingPool):
    """Whoosh's posting pool with cheaper spills: runs pickled in chunks, merged a term at a time.

    A posting is ``(fieldname, term bytes, docnum, weight, value bytes)``;
    within one run postings are sorted, so each (field, term) is one group.
    """

    def add(self, item):
        # Whoosh's add checks types and sums eight size terms per posting; the
        # estimate only decides when to spill, so a simpler one does.
        self.currentsize += 150 + 2 * len(item[1]) + len(item[4] or b"")
        if self.currentsize > self.limit:
            self.save()
        self.current.append(item)

    def _write_run(self, f, items):
        items = iter(items)
        while chunk := list(islice(items, CHUNK)):
            pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
        f.close()

    def _read_run(self, path):
        f = self._open_run(path)
        try:
            while True:
                try:
                    chunk = pickle.load(f)
                except EOFError:
                    return
                yield from chunk
        finally:
            f.close()
            self._remove_run(path)

    def _merge_runs(self, paths):
        def groups(number, path):
            for key, postings in groupby(self._read_run(path), key=_TERM):
                yield key, number, list(postings)

        streams = [groups(number, path) for number, path in enumerate(paths)]
        for _, same_term in groupby(heapq.merge(*streams), key=_TERM_OF_GROUP):
            same_term = list(same_term)
            if len(same_term) == 1:
                yield from same_term[0][2]
            else:
                # Runs merged by reduce_to() need not hold consecutive
                # documents, so the term's postings are put in order here.
                yield from sorted(p for _, _, postings in same_term for p in postings)


_TERM = itemgetter(0, 1)
_TERM_OF_GROUP = itemgetter(0)


class _PostingsWriter(W3PostingsWriter):
    """Whoosh's postings writer: small blocks uncompressed, data in pickle protocol 5 (module docstring)."""

    def _write_block(self, last=False):
        # Whoosh's _write_block but for the data pickle's protocol and the
        # compression of small blocks; the block layout (length, info pickle,
        # data pickle) is Whoosh's.
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = (self._mini_ids(), self._mini_weights(), self._mini_values())
        databytes = pickle.dumps(data, DATA_PROTOCOL)
        comp = self._compression if len(databytes) >= COMPRESS_FROM else 0
        if comp:
            databytes = zlib.compress(databytes, comp)
        ids = self._ids
        infobytes = pickle.dumps((len(ids), ids[-1], self._maxweight, comp, length_to_byte(self._minlength),
                                  length_to_byte(self._maxlength)), 2)
        blocklength = len(infobytes) + len(databytes)
        postfile = self._postfile
        postfile.write_int(-blocklength if last else blocklength)
        postfile.write(infobytes)
        postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


class _BuildCodec:
    """The segment's codec for one field writer, handing out ``_PostingsWriter``s.

    Only the field writer sees it; the segment keeps (and the table of
    contents pickles) Whoosh's own codec, so the index opens without this module.
    """

    def __init__(self, codec):
        self._codec = codec

    def __getattr__(self, name):
        return getattr(self._codec, name)

    def postings_writer(self, dbfile, byteids=False):
        codec = self._codec
        return _PostingsWriter(dbfile, blocklimit=codec._blocklimit, byteids=byteids,
                               compression=codec._compression, inlinelimit=codec._inlinelimit)


@contextmanager
def _counted_positions(*files):
    """Answer ``tell()`` of Whoosh ``StructFile``s from the bytes written, for the block.

    A buffered file's ``tell()`` is an ``lseek`` system call. Only writes
    through ``StructFile.write`` are counted (``write_pickle`` goes around
    it), so the counting ends before the files are closed.
    """
    for structfile in files:
        position = [structfile.tell()]
        write = structfile.file.write

        def counted_write(data, position=position, write=write):
            position[0] += len(data)
            return write(data)

        structfile.write = counted_write
        structfile.tell = lambda position=position: position[0]
    try:
        yield
    finally:
        for structfile in files:
            del structfile.write, structfile.tell


class SegmentBuilder(SegmentWriter):
    """A ``SegmentWriter`` with a ``ChunkedPool`` whose final flush takes document lengths from memory."""

    def __init__(self, ix, **options):
        super().__init__(ix, **options)
        self.pool = ChunkedPool(self._tempstorage, self.newsegment, limitmb=self.pool.limit // (1024 * 1024))
        fieldwriter = self.fieldwriter
        if hasattr(fieldwriter, "_codec") and hasattr(self.codec, "_blocklimit"):
            fieldwriter._codec = _BuildCodec(self.codec)

    def _flush_segment(self):
        self.perdocwriter.close()
        postings = self.pool.iter_postings()
        if self.codec.length_stats:
            with closing(self.per_document_reader()) as reader:
                lengths = _Lengths(reader, self.schema.names())
        else:
            lengths = None
        fieldwriter = self.fieldwriter
        files = [getattr(fieldwriter, "_postfile", None),
                 getattr(getattr(fieldwriter, "_tindex", None), "dbfile", None)]
        with _counted_positions(*[f for f in files if hasattr(f, "file")]):
            fieldwriter.add_postings(self.schema, lengths, postings)
        fieldwriter.close()


def _work(storage, indexname, jobs, results, options):
    """A worker process: add every batch from ``jobs`` to its own segment, put the segment on ``results``."""
    try:
        ix = storage.open_index(indexname)
        # The parent holds the index lock for the whole build.
        writer = SegmentBuilder(ix, _lk=False, **options)
        try:
            for batch in iter(jobs.get, None):
                for document in batch:
                    writer.add_document(**document)
            segment = writer._finalize_segment() if writer._added else None
        except BaseException:
            # Not writer.cancel(): that deletes the temporary folder the
            # parent and the other workers write into as well.
            with suppress(OSError):
                writer._close_segment()
            raise
        results.put(("ok", segment))
    except BaseException as error:      # reported to the parent, which raises it
        results.put(("error", f"{type(error).__name__}: {error}"))


def build(ix, documents, procs=1, batch=BATCH, **options):
    """Add ``documents`` (an iterable of field dicts) to the empty index ``ix``; returns the count.

    With ``procs`` > 1 each of that many worker processes writes one segment
    and the segments are committed together (no merge); ``options`` go to each
    segment writer (``limitmb``, ``compound``); workers take ``batch``
    documents at a time. What can go wrong: see the
    module docstring; ``ValueError`` if ``ix`` already holds documents.
    """
    if not ix.is_empty():
        raise ValueError("build() writes a fresh index; this one already holds documents")
    if procs <= 1:
        count = 0
        with SegmentBuilder(ix, **options) as writer:
            for document in documents:
                writer.add_document(**document)
                count += 1
        return count
    return _build_parallel(ix, documents, procs, batch, options)


def _build_parallel(ix, documents, procs, size, options):
    # fork: workers inherit the configured analysis (jieba's dictionary, the
    # user words), which would otherwise be loaded again in each of them.
    context = multiprocessing.get_context("fork")
    jobs = context.Queue(maxsize=procs * 4)
    results = context.Queue()
    parent = ix.writer(**options)          # holds the index lock, writes the TOC
    workers = [context.Process(target=_work, daemon=True,
                               args=(parent.storage, parent.indexname, jobs, results, options))
               for _ in range(procs)]
    try:
        for worker in workers:
            worker.start()
        count = 0
        batch = []
        for document in documents:
            batch.append(document)
            if len(batch) == size:
                _put(jobs, batch, workers, results)
                count += len(batch)
                batch = []
        if batch:
            _put(jobs, batch, workers, results)
            count += len(batch)
        for _ in workers:
            _put(jobs, None, workers, results)
        segments = _collect(results, workers)
    except BaseException:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
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
    parent._close_segment()
    parent._commit_toc(segments)
    parent._finish()
    return count


def _put(jobs, batch, workers, results):
    """Queue ``batch`` for the workers, failing early if one of them already failed."""
    while True:
        try:
            jobs.put(batch, timeout=RESULT_POLL_S)
            return
        except queue.Full:
            _check_workers(workers, results)


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


def _collect(results, workers):
    """Each worker's segment (workers that got no documents have none)."""
    segments = []
    for _ in workers:
        while True:
            try:
                status, value = results.get(timeout=RESULT_POLL_S)
                break
            except queue.Empty:
                _raise_if_dead(workers)
        if status == "error":
            raise BuildError(f"an index worker failed: {value}")
        if value is not None:
            segments.append(value)
    return segments
