"""The segment writer's posting pool, kept by term (``TermPool``), through Whoosh's private names.

Whoosh's ``PostingPool`` keeps one tuple per posting, sorts every posting
when it spills a run, pickles each one, and merges the runs posting by
posting, first 128 of them into one when there are more. ``TermPool``
(below) keeps each term's postings in arrays, spills and merges a term at a
time, all runs in one pass. ``whoosh_write.choose_paths`` checks the names
it needs (``PATHS.pool``); without them the writer keeps Whoosh's pool.

What can go wrong: ``OSError`` writing or reading a run (a full disk), as
with Whoosh's pool.
"""

import heapq
import pickle
from array import array
from itertools import groupby, islice
from operator import itemgetter

from whoosh.writing import PostingPool


class TermPool(PostingPool):
    """Whoosh's posting pool, its postings kept by term: one record per term in memory and in each run.

    Whoosh's pool keeps one tuple ``(fieldname, term bytes, docnum, weight,
    value bytes)`` per posting, sorts every posting when it spills a run,
    pickles each one, and merges the runs posting by posting (at 1,000,000
    items a worker's spills were 18 % of its time, the flush 45 minutes).
    Here each field's terms map to ``(docnums, weights, values)`` (two arrays
    and a list): a spill sorts the terms only and pickles one record per term
    (``CHUNK_TERMS`` records a pickle), and the flush merges the runs a term
    at a time, all runs in one pass (no ``reduce_to``). Documents come in
    docnum order, so a term's postings in run order are in docnum order; a
    posting that arrives out of order (none does from ``add_document`` or
    ``add_reader``) makes the merge sort each term's postings.

    A record is ``(fieldname, term bytes, docnums array("I"), weights
    array("d"), values list)``; ``iter_terms`` gives them in Whoosh's order,
    ``iter_postings`` the postings as Whoosh's pool does.
    """

    def __init__(self, tempstore, segment, limitmb=128, **kwargs):
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        self._fields = {}           # fieldname -> {term bytes: (docnums, weights, values)}
        self._lastdoc = -1
        self._ordered = True

    def add(self, item):
        fieldname, tbytes, docnum, weight, vbytes = item
        terms = self._fields.get(fieldname)
        if terms is None:
            terms = self._fields[fieldname] = {}
        entry = terms.get(tbytes)
        if entry is None:
            entry = terms[tbytes] = (array("I"), array("d"), [])
            self.currentsize += TERM_BYTES + len(tbytes)
        entry[0].append(docnum)
        entry[1].append(weight)
        entry[2].append(vbytes)
        if docnum < self._lastdoc:
            self._ordered = False
        self._lastdoc = docnum
        self.currentsize += POSTING_BYTES + (len(vbytes) if vbytes else 0)
        if self.currentsize > self.limit:
            self.save()

    def add_field(self, fieldname, docnum, items, boost, scorable):
        """``add`` each ``(term bytes, freq, weight, value bytes)`` of one field of document ``docnum``.

        Returns the field's length (the sum of the freqs when ``scorable``),
        as Whoosh's ``add_document`` counts it.
        """
        terms = self._fields.get(fieldname)
        if terms is None:
            terms = self._fields[fieldname] = {}
        if docnum < self._lastdoc:
            self._ordered = False
        self._lastdoc = docnum
        length = 0
        size = 0
        for tbytes, freq, weight, vbytes in items:
            if scorable:
                length += freq
            entry = terms.get(tbytes)
            if entry is None:
                entry = terms[tbytes] = (array("I"), array("d"), [])
                size += TERM_BYTES + len(tbytes)
            entry[0].append(docnum)
            entry[1].append(weight * boost)
            entry[2].append(vbytes)
            size += POSTING_BYTES + (len(vbytes) if vbytes else 0)
        self.currentsize += size
        if self.currentsize > self.limit:
            self.save()
        return length

    @staticmethod
    def _records(fields):
        """The records of ``fields`` (the pool's memory), in Whoosh's order (field name, then term bytes)."""
        for fieldname in sorted(fields):
            terms = fields[fieldname]
            for tbytes in sorted(terms):
                yield (fieldname, tbytes) + terms[tbytes]

    def save(self):
        if self._fields:
            path, f = self._new_run()
            self._write_run(f, self._records(self._fields))
            self._add_run(path)
            self._fields = {}
        self.currentsize = 0

    def _write_run(self, f, records):
        # Arrays as their bytes: pickling an array object costs ~2 µs each way, its bytes a tenth.
        records = ((fieldname, tbytes, docnums.tobytes(), weights.tobytes(), values)
                   for fieldname, tbytes, docnums, weights, values in records)
        while chunk := list(islice(records, CHUNK_TERMS)):
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
                for fieldname, tbytes, docbytes, weightbytes, values in chunk:
                    docnums, weights = array("I"), array("d")
                    docnums.frombytes(docbytes)
                    weights.frombytes(weightbytes)
                    yield fieldname, tbytes, docnums, weights, values
        finally:
            f.close()
            self._remove_run(path)

    def iter_terms(self):
        """Every term's record, runs and memory merged, in Whoosh's order; the pool is empty after."""
        streams = [self._read_run(path) for path in self.runs]
        self.runs = []
        streams.append(self._records(self._fields))
        self._fields = {}
        self.currentsize = 0
        ordered = self._ordered
        if len(streams) == 1:
            merged = streams[0]
        else:
            merged = groupby(heapq.merge(*streams, key=_TERM), key=_TERM)
            merged = (_joined(list(group)) for _, group in merged)
        if ordered:
            return merged
        return (_sorted_by_doc(record) for record in merged)

    def iter_postings(self):
        for fieldname, tbytes, docnums, weights, values in self.iter_terms():
            for docnum, weight, value in zip(docnums, weights, values):
                yield fieldname, tbytes, docnum, weight, value

    def items(self, maxfiles=128):
        return self.iter_postings()


TERM_BYTES = 320        # the pool's memory estimate for a new term: key, two arrays, a list, the dict entry
POSTING_BYTES = 56      # and for a posting (and its value bytes): array items, a list slot, a bytes object
CHUNK_TERMS = 2048      # term records per pickle in a spilled run
_TERM = itemgetter(0, 1)


def _joined(records):
    """One record of a term from its records in several runs (in run order, so in docnum order)."""
    if len(records) == 1:
        return records[0]
    fieldname, tbytes, docnums, weights, values = records[0]
    docnums, weights, values = array("I", docnums), array("d", weights), list(values)
    for record in records[1:]:
        docnums.extend(record[2])
        weights.extend(record[3])
        values.extend(record[4])
    return fieldname, tbytes, docnums, weights, values


def _sorted_by_doc(record):
    fieldname, tbytes, docnums, weights, values = record
    order = sorted(range(len(docnums)), key=docnums.__getitem__)
    return (fieldname, tbytes, array("I", (docnums[i] for i in order)), array("d", (weights[i] for i in order)),
            [values[i] for i in order])
