"""What the search keeps in memory per index segment: value columns, length norms, postings.

A Whoosh segment never changes once written, except for its deletions, so
everything here is cached by segment id and outlives searcher generations;
deletions are applied per generation by the caller. Columns are read in one
go as arrays (microseconds for 100,000 documents) where Whoosh would read
them value by value (~8 µs each); posting lists are decoded block by block,
with their positions when a phrase needs them.

Whoosh file objects seek before they read, so none of this is thread-safe:
callers hold the index's search lock.

What can go wrong: a Whoosh release that renames the column or matcher
internals used here falls back to Whoosh's public, slower calls.
"""

import math
import threading
from array import array
from collections import OrderedDict, defaultdict
from itertools import accumulate, repeat
from pickle import loads

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from . import schema

# BM25 parameters (Whoosh's defaults).
K1 = 1.2
B = 0.75


class LRU:
    """A thread-safe cache bounded by the summed ``size`` (approximate bytes) of its values."""

    def __init__(self, budget):
        self.budget = budget
        self._data = OrderedDict()
        self._used = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            entry = self._data.get(key)
            if entry is None:
                return None
            self._data.move_to_end(key)
            return entry[0]

    def put(self, key, value, size=1):
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._used -= old[1]
            if size > self.budget:
                return value
            self._data[key] = (value, size)
            self._used += size
            while self._used > self.budget:
                _, (_, dropped) = self._data.popitem(last=False)
                self._used -= dropped
        return value

    def clear(self):
        with self._lock:
            self._data.clear()
            self._used = 0

    def usage(self):
        """``(size used, keys)``: a snapshot of what the cache holds, for reports."""
        with self._lock:
            return self._used, list(self._data)


def _enum_column(reader, fieldname):
    """``(codes, values)``: per-document codes into the segment's list of distinct values."""
    creader = reader.column_reader(fieldname, translate=False)
    doccount = reader.doc_count_all()
    try:
        raw = creader._dbfile.get_array(creader._basepos, creader._typecode, doccount)
        values = [v.decode("utf-8") for v in creader._uniques]
        return raw, values
    except AttributeError:
        # No column file in this segment (every value empty), or other internals.
        texts = [v.decode("utf-8") if isinstance(v, bytes) else (v or "") for v in creader]
        values = sorted(set(texts))
        code = {v: i for i, v in enumerate(values)}
        return array("H", (code[t] for t in texts)), values


def _numeric_column(creader, doccount, typecode):
    """A numeric column of a segment as an array (missing values are the column's default)."""
    try:
        count = min(creader._count, doccount)
        values = creader._dbfile.get_array(creader._basepos, creader._typecode, count)
        if count < doccount:
            values.extend([creader._default] * (doccount - count))
        return values
    except AttributeError:
        return array(typecode, (int(v) for v in creader))


# An occurrence as one integer: doc number << POSITION_BITS | position. Fields
# hold far fewer than 2**24 words, so shifting a position never crosses docs.
POSITION_BITS = 24


class Postings:
    """One term's whole posting list in one segment: doc numbers and weights (term frequencies).

    For phrases it may also hold ``values`` (each posting's encoded
    positions, see ``positions``) and/or ``codes`` (every occurrence as
    doc << POSITION_BITS | position, see ``occurrence_codes``).
    """

    __slots__ = ("ids", "weights", "values", "codes")

    def __init__(self, ids, weights, values=None, codes=None):
        self.ids, self.weights, self.values, self.codes = ids, weights, values, codes

    def __len__(self):
        return len(self.ids)

    def size(self):
        """Approximate bytes held: 8 a posting, ~60 a positions value, 8 an occurrence code."""
        values = 60 * len(self.ids) if self.values is not None else 0
        codes = 8 * len(self.codes) if self.codes is not None else 0
        return 8 * len(self.ids) + values + codes + 64


EMPTY = Postings(array("I"), array("f"), ())


def positions(value):
    """The word positions in a posting of Whoosh's ``Positions`` format.

    The value is a 4-byte count then a pickled list of position deltas.
    The same few thousand values recur across documents (a word at position
    5), so decoded ones are remembered; Whoosh's own decoder would also undo
    the deltas in a Python loop, accumulate() does it in C.
    """
    found = _POSITIONS.get(value)
    if found is None:
        raw = value if value.endswith(b".") else value + b"."   # Whoosh may strip pickle's STOP
        found = tuple(accumulate(loads(raw[4:])))
        if len(_POSITIONS) >= POSITIONS_MEMO:
            _POSITIONS.clear()
        _POSITIONS[value] = found
    return found


_POSITIONS = {}
POSITIONS_MEMO = 200_000


def occurrence_codes(postings):
    """Every occurrence of a term with positions, as sorted doc << POSITION_BITS | position."""
    return array("q", [(doc << POSITION_BITS) + p
                       for doc, value in zip(postings.ids, postings.values) for p in positions(value)])


def read_postings(reader, fieldname, text, with_positions=False):
    """The term's ``Postings`` in a segment (deleted documents included; the caller drops them).

    One term lookup (~20 µs in Whoosh's hash file); the list is decoded a
    block at a time where Whoosh's matcher allows it.
    """
    try:
        matcher = reader.postings(fieldname, text)
    except TermNotFound:
        return EMPTY
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child     # deletions are applied per generation, not per cached list
    ids, weights = array("I"), array("f")
    values = [] if with_positions else None
    if isinstance(matcher, W3LeafMatcher):
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
    else:
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            if with_positions:
                values.append(matcher.value())
            matcher.next()
    return Postings(ids, weights, values)


def values_for(reader, fieldname, text, docs):
    """``{doc: encoded positions}`` of a term for a few ``docs`` (sorted), skipping blocks between them.

    For a phrase whose rare word leaves a handful of candidates, this reads
    a few blocks of a common word's list instead of decoding all of it.
    """
    out = {}
    try:
        matcher = reader.postings(fieldname, text)
    except TermNotFound:
        return out
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    for doc in docs:
        if not matcher.is_active():
            break
        matcher.skip_to(doc)
        if matcher.is_active() and matcher.id() == doc:
            out[doc] = matcher.value()
    return out


class SegmentData:
    """The in-memory columns of one segment; built once per segment id."""

    def __init__(self, reader):
        self.segid = reader.segment().segment_id()
        self.doccount = reader.doc_count_all()
        self.sortkeys = _numeric_column(
            reader.column_reader(schema.SORTKEY, translate=False), self.doccount, "q")
        self.years = _numeric_column(reader.column_reader("year", translate=False), self.doccount, "H")
        self.enums = {name: _enum_column(reader, name) for name in schema.VALUE_FIELDS}
        self._lengths = {}
        self._by_value = {}
        for fieldname in ("year",) + schema.VALUE_FIELDS:
            # Built now (~30 ms a field at 50,000 documents), not by the first search that filters.
            self._by_value[fieldname] = self._build_index(fieldname)
        self._all = None

    def all_docs(self):
        """Every document number of the segment (deleted ones included)."""
        if self._all is None:
            self._all = frozenset(range(self.doccount))
        return self._all

    def lengths(self, reader, fieldname):
        """Per-document length bytes of a text field (Whoosh's quantised lengths)."""
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            lenfield = f"_{fieldname}_len"
            try:
                if reader._perdoc.has_column(lenfield):
                    lengths = _numeric_column(reader._perdoc.column_reader(lenfield, LENGTHS_COLUMN),
                                              self.doccount, "B")
                else:
                    lengths = array("B", bytes(self.doccount))
            except AttributeError:
                from whoosh.util.numeric import length_to_byte
                lengths = array("B", (length_to_byte(reader.doc_field_length(d, fieldname, 0))
                                      for d in range(self.doccount)))
            self._lengths[fieldname] = lengths
        return lengths

    def docs_by_value(self, fieldname):
        """``{value: frozenset of docnums}`` for an enum field or ``year``."""
        return self._by_value[fieldname]

    def _build_index(self, fieldname):
        groups = defaultdict(list)
        if fieldname == "year":
            for doc, year in enumerate(self.years):
                groups[year].append(doc)
            return {year: frozenset(docs) for year, docs in groups.items()}
        codes, values = self.enums[fieldname]
        for doc, code in enumerate(codes):
            groups[code].append(doc)
        return {values[code]: frozenset(docs) for code, docs in groups.items()}


def norm_table(avgdl):
    """BM25's length normalisation for each of Whoosh's 256 quantised lengths."""
    avgdl = avgdl or 1.0
    return [K1 * ((1 - B) + B * byte_to_length(b) / avgdl) for b in range(256)]


def idf(doc_count, doc_freq):
    """BM25's inverse document frequency (never negative)."""
    return math.log(1 + (doc_count - doc_freq + 0.5) / (doc_freq + 0.5))
