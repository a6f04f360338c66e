"""What the search keeps in memory per index segment: value columns, length norms, postings.

A Whoosh segment never changes once written, except for its deletions, so
everything here is cached by segment id and outlives searcher generations;
deletions are applied per generation by the caller. Columns are read in one
go as arrays (microseconds for 100,000 documents) where Whoosh would read
them value by value (~8 µs each); posting lists are decoded block by block,
with their positions when a phrase needs them.

Whoosh file objects seek before they read, so none of this is thread-safe:
callers hold the index's search lock.

What can go wrong: the reading is done by ``internals.whoosh_read``; on a
Whoosh release that renames the column or matcher internals it uses, it
falls back to Whoosh's public, slower calls (logged once).
"""

import math
from array import array
from collections import defaultdict
from itertools import accumulate
from pickle import loads

import numpy as np
from whoosh import fields

from . import schema
from .internals.whoosh_read import BYTE_LENGTHS, enum_column, length_bytes, numeric_column, posting_arrays

# BM25 parameters (Whoosh's defaults).
K1 = 1.2
B = 0.75


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

    Read by ``internals.whoosh_read.posting_arrays``: one term lookup, the
    list decoded a block at a time where Whoosh's matcher allows it.
    """
    found = posting_arrays(reader, fieldname, text, with_positions)
    return EMPTY if found is None else Postings(*found)


class SegmentData:
    """The in-memory columns of one segment; built once per segment id."""

    def __init__(self, reader):
        self.segid = reader.segment().segment_id()
        self.doccount = reader.doc_count_all()
        self.sortkeys = numeric_column(reader, schema.SORTKEY, "q")
        self.years = numeric_column(reader, "year", "H")
        self._days = {"written_day": numeric_column(reader, schema.WRITTEN_DAY, "I")}
        self.enums = {name: enum_column(reader, name) for name in schema.VALUE_FIELDS}
        self._lengths = {}
        self._by_value = {}     # made when the Python path (index.matching) first filters on a field
        self._all = None
        self._vector = None
        self.columns = None     # its posting columns (``index.columns``), set by the generation

    def all_docs(self):
        """Every document number of the segment (deleted ones included)."""
        if self._all is None:
            self._all = frozenset(range(self.doccount))
        return self._all

    def lengths(self, reader, fieldname):
        """Per-document length bytes of a text field (Whoosh's quantised lengths)."""
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            lengths = self._lengths[fieldname] = length_bytes(reader, fieldname)
        return lengths

    def days(self, fieldname):
        """Per-document day ordinals of ``publish_day`` (from the sort keys) or ``written_day`` (0: none)."""
        if fieldname not in self._days:     # publish_day: read off the sort keys when first asked
            self._days[fieldname] = array("I", (schema.day_of(k) for k in self.sortkeys))
        return self._days[fieldname]

    def docs_by_value(self, fieldname):
        """``{value: frozenset of docnums}`` for an enum field or ``year``."""
        found = self._by_value.get(fieldname)
        if found is None:
            found = self._by_value[fieldname] = self._build_index(fieldname)
        return found

    def vector(self):
        """The segment's columns as numpy arrays (``VectorColumns``, for ``index.vector``)."""
        if self._vector is None:
            self._vector = VectorColumns(self)
        return self._vector

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


def _np(values):
    """A numpy view of an ``array.array`` (no copy)."""
    return np.frombuffer(values, dtype=np.dtype(values.typecode)) if len(values) else \
        np.zeros(0, dtype=np.dtype(values.typecode))


# Segments below this many documents keep their term table as a set (~175,000 terms at 2,500
# documents, read off Whoosh's lexicon in ~0.5 s once per segment); a bulk import's segments of
# 2,000 are under it. Those with posting columns have it on disk instead (``Columns.holds``).
TERM_SET_DOCS = 5000
# Smaller segments' sets are read by the search that first needs one (under ~0.1 s); larger ones
# by the background warm-up (``index.warmup``), the search looking terms up in Whoosh meanwhile.
INLINE_TERM_DOCS = 500


def term_set(reader, segid, cache, build=True):
    """The ``(field, term)`` set of a segment's text terms, from ``cache``, read and cached on first use.

    ``build=False``: ``None`` unless cached already or the segment is under ``INLINE_TERM_DOCS``.
    """
    key = ("terms", segid)
    found = cache.get(key)
    if found is None and (build or reader.doc_count_all() < INLINE_TERM_DOCS):
        found = frozenset(term_keys(reader))
        cache.put(key, found, 120 * len(found) + 64)
    return found


def text_fields(reader):
    """``{field name: whether it has positions}`` of the segment's fields with text terms."""
    out = {}
    for name in reader.indexed_field_names():
        field = reader.schema[name] if name in reader.schema else None
        if field is None or field.format is None or isinstance(field, (fields.NUMERIC, fields.BOOLEAN)):
            continue    # numbers' terms are encoded values no search looks up one by one
        out[name] = bool(field.format.supports("positions"))
    return out


def term_keys(reader):
    """``(field, term)`` of every term of the text fields of the segment ``reader`` reads."""
    for fieldname in text_fields(reader):
        for term in reader.lexicon(fieldname):
            yield fieldname, term.decode("utf-8") if isinstance(term, bytes) else term


class VectorColumns:
    """Numpy views of one segment's columns, and the masks made from them."""

    def __init__(self, seg):
        self.seg = seg
        self.sortkeys = _np(seg.sortkeys).astype(np.int64, copy=False)
        self.years = _np(seg.years)
        self.enums = {}
        for name, (codes, values) in seg.enums.items():
            self.enums[name] = (_np(codes), values, {v: i for i, v in enumerate(values)})
        self._lengths = {}
        self._days = {}

    def may_hold(self, reader, fieldname, text, cache):
        """False when a small segment has no such term (its whole term table is kept as a set).

        A term looked up in Whoosh's hash file costs ~100 µs, and most words of
        a query are in none of the small segments a day of saves leaves; a
        set of a few thousand terms, read once per segment, answers for them
        (``term_set``), or the term table written with its posting columns.
        """
        if self.seg.doccount >= TERM_SET_DOCS:
            return True
        if self.seg.columns is not None:
            held = self.seg.columns.holds(fieldname, text)
            if held is not None:
                return held
        terms = term_set(reader, self.seg.segid, cache, build=False)
        return True if terms is None else (fieldname, text) in terms

    def lengths(self, reader, fieldname):
        found = self._lengths.get(fieldname)
        if found is None:
            found = self._lengths[fieldname] = _np(self.seg.lengths(reader, fieldname))
        return found

    def days(self, fieldname):
        found = self._days.get(fieldname)
        if found is None:
            found = self._days[fieldname] = _np(self.seg.days(fieldname))
        return found

    def codes(self, fieldname):
        """``(per-document codes, values)`` of a facet field: ``year`` codes are the years (values ``None``)."""
        if fieldname == "year":
            return self.years, None
        codes, values, _index = self.enums[fieldname]
        return codes, values

    def value_mask(self, fieldname, wanted):
        """The documents whose ``fieldname`` value is one of ``wanted`` (a new boolean array)."""
        if fieldname == "year":
            years = [y for y in wanted if isinstance(y, int) and 0 <= y < 65536]
            return np.isin(self.years, np.array(years, dtype=self.years.dtype))
        codes, values, index = self.enums[fieldname]
        table = np.zeros(len(values) + 1, dtype=bool)
        table[[index[v] for v in wanted if v in index]] = True
        return table[codes]


def norm_table(avgdl):
    """BM25's length normalisation for each of Whoosh's 256 quantised lengths."""
    avgdl = avgdl or 1.0
    return [K1 * ((1 - B) + B * length / avgdl) for length in BYTE_LENGTHS]


def idf(doc_count, doc_freq):
    """BM25's inverse document frequency (never negative)."""
    return math.log(1 + (doc_count - doc_freq + 0.5) / (doc_freq + 0.5))
