"""Reading a segment's posting lists and columns in bulk, through Whoosh's private names.

Whoosh reads a column value by value (~8 µs each) and a posting list
posting by posting through a matcher; the search wants whole arrays. Here
a column is read as one array from its file, and a posting list is decoded
a block at a time (the block's delta-coded ids undone in C).

``choose_paths`` (run at import) checks the private names each fast path
uses; the block decoder, a copy of Whoosh's block layout, also needs the
Whoosh release it was copied from (``internals.WHOOSH_OK``). Readers whose
objects lack an attribute the fast path reads are found when read.

What can go wrong: nothing raises for a missing name; the read takes
Whoosh's public path instead (a matcher's ``id``/``weight``/``value``, a
column reader's values one by one, ``doc_field_length``), which gives the
same values more slowly, and says so once (``internals.fallbacks()``).
"""

from array import array
from dataclasses import dataclass
from itertools import accumulate, repeat

from whoosh import columns
from whoosh.codec import whoosh3
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.filedb.structfile import StructFile
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length, length_to_byte

from . import WHOOSH_OK, fallback, has
from .whoosh_checks import can, path

# Whoosh's document length for each of its 256 quantised length bytes.
BYTE_LENGTHS = tuple(byte_to_length(code) for code in range(256))


@dataclass(frozen=True)
class Paths:
    """Which of the fast paths this Whoosh allows (False: Whoosh's public calls)."""

    blocks: bool        # posting lists decoded a block at a time
    columns: bool       # value columns read as one array
    lengths: bool       # length columns read through the segment's per-document reader


def choose_paths(report=fallback):
    """Check the private names of each fast path and set ``PATHS``; each path not taken is reported once.

    Run at import; a test runs it again after taking a name away (and once
    more after putting it back). ``report(what, why)`` is
    ``internals.fallback`` unless a test passes its own.
    """
    global PATHS
    blocks = WHOOSH_OK and has(W3LeafMatcher, "_read_data", "_read_values", "_next_block")
    blocks = path("whoosh block decoder", blocks, "not the Whoosh release or names whose block layout "
                  "posting_arrays decodes; lists are read posting by posting", report)
    cols = path("whoosh value columns", has(StructFile, "get_array"),
                "StructFile cannot read an array; columns are read value by value", report)
    lengths = path("whoosh length columns", has(whoosh3, "LENGTHS_COLUMN", "_lenfield"),
                   "the length columns are named otherwise; lengths are read document by document", report)
    PATHS = Paths(blocks, cols, lengths)
    return PATHS


def _matcher(reader, fieldname, text):
    """The term's matcher over every document of the segment, deleted ones included (None: no such term).

    Whoosh wraps a segment's matcher in a ``FilterMatcher`` that skips the
    deleted documents; the caller applies deletions per generation instead,
    since what is read here is cached per segment.
    """
    try:
        matcher = reader.postings(fieldname, text)
    except TermNotFound:
        return None
    if isinstance(matcher, FilterMatcher):
        # The filter has already moved its child past the deleted documents
        # the list starts with; back to the first posting, so they are read.
        matcher = matcher.child
        matcher.reset()
        return matcher
    if reader.has_deletions():
        fallback("whoosh deletion filter", f"{type(matcher).__name__} is not the FilterMatcher expected; "
                 "posting lists leave out deleted documents")
    return matcher


def posting_arrays(reader, fieldname, text, with_positions=False):
    """``(ids, weights, values)`` of a term in a segment, deleted documents included; None for no such term.

    ``ids`` an ``array("I")``, ``weights`` an ``array("f")``, ``values``
    each posting's encoded value (positions) when asked for, else None.
    One term lookup (~20 µs in Whoosh's hash file).
    """
    matcher = _matcher(reader, fieldname, text)
    if matcher is None:
        return None
    ids, weights = array("I"), array("f")
    values = [] if with_positions else None
    if isinstance(matcher, W3LeafMatcher) and PATHS.blocks \
            and can("whoosh block decoder", matcher, "_data", "_byteids", "_blocklength", "_values"):
        while matcher.is_active():
            # A block is a pickled (delta-coded ids, weights, values) tuple;
            # undoing the deltas with accumulate() runs in C, where Whoosh's
            # own _read_ids loops in Python.
            if matcher._data is None:
                matcher._read_data()
            block_ids, block_weights = matcher._data[0], matcher._data[1]
            ids.extend(block_ids if matcher._byteids else accumulate(block_ids))
            if block_weights is None or isinstance(block_weights, float):
                weights.extend(repeat(block_weights or 1.0, matcher._blocklength))
            else:
                weights.extend(block_weights)
            if with_positions:
                matcher._read_values()
                values.extend(matcher._values)
            matcher._next_block()
        return ids, weights, values
    if PATHS.blocks and not isinstance(matcher, W3LeafMatcher):
        fallback("whoosh postings matcher", f"{type(matcher).__name__} is not a W3LeafMatcher; "
                 "lists are read posting by posting")
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        if with_positions:
            values.append(matcher.value())
        matcher.next()
    return ids, weights, values


def values_for(reader, fieldname, text, docs):
    """``{doc: encoded positions}`` of a term for a few ``docs`` (sorted), skipping blocks between them.

    For a phrase whose rare word leaves a handful of candidates, this reads
    a few blocks of a common word's list instead of decoding all of it.
    Deleted documents are included, as in ``posting_arrays``.
    """
    out = {}
    matcher = _matcher(reader, fieldname, text)
    if matcher is None:
        return out
    for doc in docs:
        if not matcher.is_active():
            break
        matcher.skip_to(doc)
        if matcher.is_active() and matcher.id() == doc:
            out[doc] = matcher.value()
    return out


def enum_column(reader, fieldname):
    """``(codes, values)``: per-document codes into the segment's list of distinct values."""
    creader = reader.column_reader(fieldname, translate=False)
    doccount = reader.doc_count_all()
    # No column file in this segment (every value empty) is no fallback.
    if not isinstance(creader, columns.EmptyColumnReader) and PATHS.columns \
            and can("whoosh value columns", creader, "_dbfile", "_basepos", "_typecode", "_uniques"):
        raw = creader._dbfile.get_array(creader._basepos, creader._typecode, doccount)
        values = [v.decode("utf-8") for v in creader._uniques]
        return raw, values
    texts = [v.decode("utf-8") if isinstance(v, bytes) else (v or "") for v in creader]
    values = sorted(set(texts))
    code = {v: i for i, v in enumerate(values)}
    return array("H", (code[t] for t in texts)), values


def numeric_column(reader, fieldname, typecode):
    """A numeric column of a segment as an array (missing values are the column's default)."""
    return _numeric(reader.column_reader(fieldname, translate=False), reader.doc_count_all(), typecode)


def _numeric(creader, doccount, typecode):
    if not isinstance(creader, columns.EmptyColumnReader) and PATHS.columns \
            and can("whoosh value columns", creader, "_dbfile", "_basepos", "_typecode", "_count", "_default"):
        count = min(creader._count, doccount)
        values = creader._dbfile.get_array(creader._basepos, creader._typecode, count)
        if count < doccount:
            values.extend([creader._default] * (doccount - count))
        return values
    return array(typecode, (int(v) for v in creader))


def length_bytes(reader, fieldname):
    """Per-document length bytes of a text field in a segment (Whoosh's quantised lengths)."""
    doccount = reader.doc_count_all()
    if PATHS.lengths and can("whoosh length columns", reader, "_perdoc"):
        lenfield = whoosh3._lenfield(fieldname)
        if reader._perdoc.has_column(lenfield):
            return _numeric(reader._perdoc.column_reader(lenfield, whoosh3.LENGTHS_COLUMN), doccount, "B")
        return array("B", bytes(doccount))
    return array("B", (length_to_byte(reader.doc_field_length(d, fieldname, 0)) for d in range(doccount)))


PATHS = choose_paths()
