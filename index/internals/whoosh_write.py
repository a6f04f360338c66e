"""A faster Whoosh segment writer (``SegmentBuilder``), through Whoosh's private names.

Each worker of a build (``index.build``) and each save of the index writes
with ``SegmentBuilder``, a ``SegmentWriter`` made faster where Whoosh's is
slow, each point measured on the benchmark corpus:

* A segment's final flush asks the length column file for each posting's
  document length, one seek and read per posting: about a fifth of the
  flush. ``SegmentBuilder`` reads each field's length column into memory
  once and answers from there.
* Once a writer's sorting pool outgrows its memory (``limitmb``), Whoosh
  sorts every posting, spills each to disk and reads it back with one
  pickle call each, then merges the runs posting by posting (first 128 of
  them into one when there are more): a fifth of a 5,000-item build, and at
  1,000,000 items a 45-minute flush. ``TermPool`` keeps postings by term
  (arrays), spills and merges a term at a time, all runs in one pass, and
  the flush hands each term's postings to the block writer a block at a
  time (``_PostingsWriter.add_many``) instead of one ``add_posting`` call each.
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

It also gives the parallel build what Whoosh keeps private: a writer that
does not take the index lock, and a segment finished without a commit. And
it names new segments from ``secrets``: Whoosh draws the names from the
process's shared ``random``, which anything may seed (Hypothesis does, for
each example it tries), and a segment named again overwrites the files of
the one the index already lists under that name ("Unknown file header").

``choose_paths`` (run at import) checks each private name these need; the
postings block writer, a copy of Whoosh's block layout, also needs the
Whoosh release it was copied from (``internals.WHOOSH_OK``).

What can go wrong: nothing raises here for a missing name; each point
above whose names are missing is left to Whoosh's own writer (logged once,
listed by ``internals.fallbacks()``), and without the parallel names
``PATHS.parallel`` is False and a build runs in one process.
"""

import inspect
import pickle
import secrets
import zlib
from contextlib import closing, contextmanager
from array import array
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter, sub

from whoosh.codec import whoosh3
from whoosh.codec.base import Segment
from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter
from whoosh.util import IDCHARS
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import PostingPool, SegmentWriter

from ..analysis import fast_index
from . import WHOOSH_OK, fallback, has
from .whoosh_checks import can, path
from .whoosh_pool import TermPool

COMPRESS_FROM = 128     # bytes: smaller postings blocks are written uncompressed (0: compress all, as Whoosh)
DATA_PROTOCOL = 5       # pickle protocol of a block's data (Whoosh: 2)


@dataclass(frozen=True)
class Paths:
    """Which of the fast paths this Whoosh allows (False: Whoosh's own way)."""

    pool: bool          # TermPool for the writer's postings
    blocks: bool        # _PostingsWriter for the postings blocks
    flush: bool         # the final flush with lengths from memory and counted file positions
    parallel: bool      # workers writing segments that the build commits together
    documents: bool     # add_document with analysis.fast_index and TermPool.add_field


def _postings_writer_probe():
    """A ``W3PostingsWriter`` with an empty block, to check its instance attributes (None if it cannot be made)."""
    if not has(W3PostingsWriter, "_new_block"):
        return None
    probe = W3PostingsWriter(None, blocklimit=128)
    probe._new_block()
    return probe


def choose_paths(report=fallback):
    """Check the private names of each fast path and set ``PATHS``; each path not taken is reported once.

    Run at import; a test runs it again after taking a name away (and once
    more after putting it back). ``report(what, why)`` is
    ``internals.fallback`` unless a test passes its own.
    """
    global PATHS
    probe = _postings_writer_probe()
    pool = has(PostingPool, "_write_run", "_read_run", "_open_run", "_remove_run", "_new_run", "_add_run", "save",
               "items", "iter_postings", "cleanup")
    blocks = (WHOOSH_OK and probe is not None and has(whoosh3, "WHOOSH3_HEADER_MAGIC")
              and has(W3PostingsWriter, "_write_block", "_mini_ids", "_mini_weights", "_mini_values")
              and has(probe, "_blockcount", "_terminfo", "_compression", "_postfile", "_ids", "_maxweight",
                      "_minlength", "_maxlength")
              and has(W3Codec(), "_blocklimit", "_compression", "_inlinelimit"))
    flush = has(SegmentWriter, "_flush_segment", "_finalize_segment") and has(whoosh3, "LENGTHS_COLUMN", "_lenfield")
    parallel = (has(SegmentWriter, "_finalize_segment", "_close_segment")
                and "_lk" in inspect.signature(SegmentWriter.__init__).parameters)
    pool = path("whoosh postings pool", pool, "PostingPool lacks a run method TermPool overrides or calls; "
                "runs are spilled posting by posting", report)
    blocks = path("whoosh block writer", blocks, "not the Whoosh release or names whose block layout "
                  "_PostingsWriter copies; every block is compressed, its data pickled with protocol 2", report)
    flush = path("whoosh segment flush", flush, "SegmentWriter's flush or the length columns are named otherwise; "
                 "lengths are read from the column file per posting", report)
    parallel = path("whoosh parallel build", parallel, "SegmentWriter cannot write a segment without the lock "
                    "and leave its commit to another writer; one process builds", report)
    documents = has(SegmentWriter, "_check_state", "_doc_boost", "_field_boost", "_check_fields")
    documents = path("whoosh add_document", documents, "SegmentWriter lacks a name its add_document copy calls; "
                     "documents are analysed token by token", report)
    PATHS = Paths(pool, blocks, flush, parallel, documents)
    return PATHS


class _Lengths:
    """Document lengths per field, read from the segment's length columns in one go.

    Stands in for the per-document reader Whoosh's flush consults, which
    would otherwise read the column file once per posting.
    """

    def __init__(self, reader, fieldnames):
        self._lengths = {}
        for name in fieldnames:
            column = whoosh3._lenfield(name)
            if reader.has_column(column):
                self._lengths[name] = reader.column_reader(column, whoosh3.LENGTHS_COLUMN).load()

    def codes(self, fieldname):
        """The field's length byte per document (None: the field has no lengths)."""
        return self._lengths.get(fieldname)

    def doc_field_length(self, docnum, fieldname, default=0):
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            return default
        code = lengths[docnum]
        # Whoosh's reader returns None for a zero length byte; the flush only
        # tests the value for truth, so 0 does the same.
        return byte_to_length(code) if code else 0


class _PostingsWriter(W3PostingsWriter):
    """Whoosh's postings writer: small blocks uncompressed, data in pickle protocol 5 (module docstring).

    ``add_many`` adds a term's postings a block at a time, with the block
    statistics ``add_posting`` would have kept; ``_mini_ids`` and
    ``_mini_weights`` give Whoosh's values without a Python loop.
    """

    def add_many(self, docnums, weights, values, codes):
        """``add_posting`` for every posting of a term; ``codes``: each document's length byte (or None).

        ``docnums`` array("I"), ``weights`` array("d"), ``values`` bytes
        (or None); the last block stays buffered for ``finish_postings``.
        """
        limit = self._blocklimit
        for start in range(0, len(docnums), limit):
            if self._ids:
                self._write_block()
            stop = start + limit
            self._ids = docnums[start:stop]
            raw = weights[start:stop]
            self._weights = array("f", raw)
            top = max(raw)
            self._maxweight = top if top > 0 else 0
            block_values = values[start:stop]
            self._values = block_values if all(block_values) else [v for v in block_values if v]
            if codes is None:
                self._minlength, self._maxlength = None, 0
                continue
            lengths = _gather(self._ids, codes)
            low, high = min(lengths), max(lengths)
            if not low and high:
                low = min(code for code in lengths if code)
            self._minlength = byte_to_length(low) if low else None
            self._maxlength = byte_to_length(high) if high else 0

    def _mini_ids(self):
        ids = self._ids
        if self._byteids:
            return tuple(ids)
        return tuple(map(sub, ids, _shifted(ids)))

    def _mini_weights(self):
        weights = self._weights
        if weights.count(1.0) == len(weights):
            return None
        if weights.count(weights[0]) == len(weights):
            return weights[0]
        return tuple(weights)

    def _write_block(self, last=False):
        # Whoosh's _write_block but for the data pickle's protocol and the
        # compression of small blocks; the block layout (length, info pickle,
        # data pickle) is Whoosh's.
        if not self._blockcount:
            self._postfile.write(whoosh3.WHOOSH3_HEADER_MAGIC)
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


def _gather(docnums, codes):
    """``codes[d]`` for each ``d`` of ``docnums`` (one or more), as a tuple."""
    got = itemgetter(*docnums)(codes)
    return got if len(docnums) > 1 else (got,)


def _shifted(ids):
    """0, then ``ids`` (for the deltas of ``_mini_ids``)."""
    yield 0
    yield from ids


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
def _counted_positions(fieldwriter):
    """Answer ``tell()`` of the field writer's postings and terms files from the bytes written.

    A buffered file's ``tell()`` is an ``lseek`` system call. Only writes
    through ``StructFile.write`` are counted (``write_pickle`` goes around
    it), so the counting ends before the files are closed.
    """
    files = [getattr(fieldwriter, "_postfile", None),
             getattr(getattr(fieldwriter, "_tindex", None), "dbfile", None)]
    files = [f for f in files if hasattr(f, "file")]
    if len(files) < 2:
        fallback("whoosh file positions", f"{type(fieldwriter).__name__} has no _postfile or _tindex.dbfile "
                 "StructFile; their positions are asked of the file")
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
    """A ``SegmentWriter`` with a ``TermPool`` whose final flush takes document lengths from memory.

    The flush writes each term's postings a block at a time when the pool
    is a ``TermPool`` and the block writer is ours; otherwise it hands
    Whoosh's ``add_postings`` one posting at a time.
    """

    def __init__(self, ix, **options):
        super().__init__(ix, **options)
        if PATHS.pool and can("whoosh postings pool", self, "_tempstorage", "newsegment") \
                and can("whoosh postings pool", self.pool, "limit"):
            self.pool = TermPool(self._tempstorage, self.newsegment, limitmb=self.pool.limit // (1024 * 1024))
        self._fast = None
        if PATHS.documents and can("whoosh add_document", self, "perdocwriter", "docnum", "_added", "schema") \
                and not any(f.separate_spelling() or f.vector for _, f in self.schema.items()):
            self._fast = {name: index for name, field in self.schema.items() if (index := fast_index(field))}
        self._bulk = False
        if PATHS.blocks and can("whoosh block writer", self.fieldwriter, "_codec") \
                and can("whoosh block writer", self.codec, "_blocklimit", "_compression", "_inlinelimit"):
            self.fieldwriter._codec = _BuildCodec(self.codec)
            self._bulk = isinstance(self.pool, TermPool) and can("whoosh block writer", self.fieldwriter,
                                                                 "_postwriter", "start_term", "finish_term")

    def add_document(self, **fields):
        """Whoosh's ``add_document``, with ``analysis.fast_index`` for our text fields and ``TermPool.add_field``.

        The same postings, lengths, stored values and columns (tests compare
        the index with Whoosh's writer's); Whoosh's own when the schema has a
        field with a spelling or vector part, or the names are missing.
        """
        fast = self._fast
        if fast is None:
            super().add_document(**fields)
            return
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        pool = self.pool
        by_field = isinstance(pool, TermPool)
        docboost = self._doc_boost(fields)
        fieldnames = sorted([name for name in fields.keys() if not name.startswith("_")])
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    fieldboost = self._field_boost(fields, fieldname, docboost)
                    index = fast.get(fieldname)
                    items = index(value) if index is not None and isinstance(value, str) else field.index(value)
                    scorable = field.scorable
                    if by_field:
                        length = pool.add_field(fieldname, docnum, items, fieldboost, scorable)
                    else:
                        for tbytes, freq, weight, vbytes in items:
                            weight *= fieldboost
                            if scorable:
                                length += freq
                            pool.add((fieldname, tbytes, docnum, weight, vbytes))
                customval = fields.get("_stored_%s" % fieldname, value)
                perdocwriter.add_field(fieldname, field, customval if field.stored else None, length)
                column = field.column_type
                if column and customval is not None:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(customval))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        if not PATHS.flush:
            super()._flush_segment()
            return
        self.perdocwriter.close()
        if self.codec.length_stats:
            with closing(self.per_document_reader()) as reader:
                lengths = _Lengths(reader, self.schema.names())
        else:
            lengths = None
        fieldwriter = self.fieldwriter
        with _counted_positions(fieldwriter):
            if self._bulk:
                _add_terms(fieldwriter, self.schema, lengths, self.pool.iter_terms())
            else:
                fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        fieldwriter.close()

    @classmethod
    def for_worker(cls, ix, **options):
        """A builder that does not take the index lock, for a worker of a build whose parent holds it.

        Only where ``PATHS.parallel``; elsewhere ``TypeError`` (no ``_lk``).
        """
        return cls(ix, _lk=False, **options)

    def finish_segment(self):
        """Flush and close the segment without committing it; returns it for the parent's commit."""
        return self._finalize_segment()

    def abandon_segment(self):
        """Close the segment's files after a failure, leaving the temporary folder to the parent.

        What can go wrong: ``OSError`` from closing a file.
        """
        self._close_segment()


def _add_terms(fieldwriter, schema, lengths, records):
    """Whoosh's ``FieldWriter.add_postings`` for term records (``TermPool.iter_terms``), a block at a time."""
    start_term, finish_term = fieldwriter.start_term, fieldwriter.finish_term
    for fieldname, field_records in groupby(records, key=itemgetter(0)):
        fieldwriter.start_field(fieldname, schema[fieldname])
        postwriter = fieldwriter._postwriter
        codes = lengths.codes(fieldname) if lengths is not None else None
        for _, tbytes, docnums, weights, values in field_records:
            start_term(tbytes)
            postwriter.add_many(docnums, weights, values, codes)
            finish_term()
        fieldwriter.finish_field()


def _segment_id(cls, size=16):
    """A new segment's name, as Whoosh's (16 of ``IDCHARS``), from a generator nobody seeds."""
    return "".join(secrets.choice(IDCHARS) for _ in range(size))


PATHS = choose_paths()
if path("whoosh segment names", has(Segment, "_random_id"), "Segment names its segments otherwise; "
        "a process that seeds random may write two segments of one name"):
    Segment._random_id = classmethod(_segment_id)
