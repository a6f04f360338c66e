"""Posting columns: a segment's long posting lists as flat arrays on disk, memory-mapped.

Whoosh keeps a posting list as pickled, delta-coded blocks; decoding them
costs ~1 µs a posting, so a word found in half of a million items costs a
quarter of a second each time it is decoded, and a cache of decoded lists is
each process's own and has to be warmed. For every term of a segment found
in at least ``MIN_DF`` documents, the segment's columns hold the list as
arrays a search reads in place: document numbers, weights (term
frequencies) and, in fields with positions, every occurrence as one integer
(doc << POSITION_BITS | position, what phrases match). The files are mapped,
not read: the pages are the operating system's page cache, shared by every
server process on the machine and still there after a restart.

Whoosh stays the index of record (terms, stored fields, the schema, rare
terms' postings); the columns are derived from a segment and written beside
it once, in ``<generation>/columns/<segment id>/``:

    ids.u32     document numbers, term after term, each list ascending
    tf.f32      each posting's weight
    codes.i64   occurrence codes of the terms of fields with positions
    terms.npy   per term: start and count in ids/tf, start and count in codes
    keys.txt    per term, in the same order: field NUL term, records separated by RS
    words.txt   the words "did you mean" may offer from the segment, one a line
    DONE        written last; a folder without it is unfinished and not used

What can go wrong: ``write`` raises the OS error of a full disk or an
unwritable folder (the partial folder is removed); ``open_columns`` returns
``None`` for a segment without finished columns (the search then decodes
Whoosh's blocks, the same postings more slowly), and for damaged ones
(logged).
"""

import logging
import os
import shutil
from contextlib import closing
from itertools import chain
from pathlib import Path

import numpy as np

from .internals.whoosh_files import segment_reader, segment_sizes
from .internals.whoosh_read import posting_arrays
from .segments import POSITION_BITS, positions, text_fields
from .vocabulary import index_words

log = logging.getLogger(__name__)

MIN_DF = 32             # shorter lists are read from Whoosh's blocks (fast enough, and most terms)
MIN_DOCS = 2000         # segments with fewer documents get no columns (the follower's small ones)
FOLDER = "columns"
DONE = "DONE"
WORDS = "words.txt"
_FS, _RS = "\x00", "\x1e"   # field/term and record separators of keys.txt
TERMS = np.dtype([("start", "<u8"), ("count", "<u4"), ("cstart", "<u8"), ("ccount", "<u8")])


def folder_of(generation_folder, segid):
    return Path(generation_folder) / FOLDER / segid


def write(reader, generation_folder, min_df=MIN_DF):
    """Write the columns of the segment ``reader`` reads (one segment's reader); returns the folder.

    Reads each long list once through ``internals.whoosh_read`` (its
    positions too where the field has them). ``OSError`` (a full disk)
    leaves no folder behind.
    """
    segid = reader.segment().segment_id()
    final = folder_of(generation_folder, segid)
    tmp = final.with_name(segid + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    keys, rows = [], []
    start = cstart = 0
    memo = _Positions()
    try:
        with open(tmp / "ids.u32", "wb") as fids, open(tmp / "tf.f32", "wb") as ftf, \
                open(tmp / "codes.i64", "wb") as fcodes:
            for fieldname, with_positions in text_fields(reader).items():
                for term, info in reader.iter_field(fieldname):
                    if info.doc_frequency() < min_df:
                        continue
                    text = term.decode("utf-8") if isinstance(term, bytes) else term
                    if _FS in text or _RS in text:
                        continue    # cannot be keyed; read from Whoosh's blocks
                    found = posting_arrays(reader, fieldname, text, with_positions)
                    if found is None:
                        continue
                    ids, weights, values = found
                    fids.write(ids.tobytes())
                    ftf.write(weights.tobytes())
                    ccount = 0
                    if with_positions:
                        codes = _codes(ids, values, memo)
                        fcodes.write(codes.tobytes())
                        ccount = len(codes)
                    keys.append(fieldname + _FS + text)
                    rows.append((start, len(ids), cstart, ccount))
                    start += len(ids)
                    cstart += ccount
            for fh in (fids, ftf, fcodes):
                fh.flush()
                os.fsync(fh.fileno())
        np.save(tmp / "terms.npy", np.array(rows, dtype=TERMS))
        # The words "did you mean" offers from this segment: derived once here, not by every process.
        (tmp / WORDS).write_text("\n".join(sorted(index_words(reader))), encoding="utf-8")
        (tmp / "keys.txt").write_text(_RS.join(keys), encoding="utf-8")
        (tmp / DONE).write_text(f"{len(keys)} terms, {start} postings, {cstart} occurrences\n", encoding="utf-8")
        shutil.rmtree(final, ignore_errors=True)
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


class _Positions(dict):
    """Encoded positions -> their tuple, decoded on the first miss (the same few values recur)."""

    def __missing__(self, value):
        found = self[value] = positions(value)
        return found


def _codes(ids, values, memo):
    """Every occurrence of a list's postings as doc << POSITION_BITS | position, sorted (loops in C)."""
    decoded = list(map(memo.__getitem__, values))
    counts = np.fromiter(map(len, decoded), dtype=np.int64, count=len(decoded))
    flat = np.fromiter(chain.from_iterable(decoded), dtype=np.int64, count=int(counts.sum()))
    docs = np.repeat(np.frombuffer(ids, dtype=np.uint32).astype(np.int64), counts)
    return (docs << POSITION_BITS) + flat


def _mapped(path, dtype):
    if path.stat().st_size == 0:
        return np.zeros(0, dtype=dtype)
    return np.memmap(path, dtype=dtype, mode="r")


class Columns:
    """The mapped columns of one segment: ``postings(field, term)`` and ``codes(field, term)``."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.ids = _mapped(self.folder / "ids.u32", "<u4")
        self.tf = _mapped(self.folder / "tf.f32", "<f4")
        self.occurrences = _mapped(self.folder / "codes.i64", "<i8")
        self.rows = np.load(self.folder / "terms.npy")
        text = (self.folder / "keys.txt").read_text(encoding="utf-8")
        keys = text.split(_RS) if text else []
        if len(keys) != len(self.rows):
            raise ValueError(f"{self.folder}: {len(keys)} keys for {len(self.rows)} terms")
        self._row = dict(zip(keys, range(len(keys))))
        self.reads = 0          # lists served from the columns (for status reports and tests)

    def __len__(self):
        return len(self._row)

    def postings(self, fieldname, text):
        """``(ids, weights)`` views of the term's list, or ``None`` when the columns do not hold it."""
        row = self._row.get(fieldname + _FS + text)
        if row is None:
            return None
        start, count, _cstart, _ccount = self.rows[row]
        self.reads += 1
        return self.ids[start:start + count], self.tf[start:start + count]

    def codes(self, fieldname, text):
        """The term's occurrence codes (sorted), or ``None`` when the columns do not hold them."""
        row = self._row.get(fieldname + _FS + text)
        if row is None:
            return None
        _start, count, cstart, ccount = self.rows[row]
        if ccount == 0 and count:
            return None         # a field without positions
        return self.occurrences[cstart:cstart + ccount]

    def words(self):
        """The segment's vocabulary words (``vocabulary.index_words``) as written with it, or ``None``."""
        return stored_words(self.folder.parent.parent, self.folder.name)

    def nbytes(self):
        return int(self.ids.nbytes + self.tf.nbytes + self.occurrences.nbytes)


def open_columns(generation_folder, segid):
    """The finished columns of segment ``segid``, or ``None`` (none written, unfinished, damaged: logged)."""
    folder = folder_of(generation_folder, segid)
    if not (folder / DONE).exists():
        return None
    try:
        return Columns(folder)
    except (OSError, ValueError) as exc:
        log.warning("index: the posting columns in %s cannot be read (%s); reading Whoosh's blocks", folder, exc)
        return None


def stored_words(generation_folder, segid):
    """The vocabulary words written with segment ``segid``'s finished columns, or ``None``."""
    folder = folder_of(generation_folder, segid)
    if not (folder / DONE).exists():
        return None
    try:
        text = (folder / WORDS).read_text(encoding="utf-8")
    except FileNotFoundError:     # columns written before the words were
        return None
    return text.split("\n") if text else []


def forget_others(generation_folder, segids):
    """Remove the columns of segments not in ``segids`` (merged away); a mapped file stays readable."""
    root = Path(generation_folder) / FOLDER
    if not root.is_dir():
        return
    for child in root.iterdir():
        if child.name not in segids:
            shutil.rmtree(child, ignore_errors=True)


def segment_writer(generation_folder, min_docs=MIN_DOCS, min_df=MIN_DF):
    """``finished(storage, schema, segment)`` for ``build.build``: a build worker writes its segment's columns."""
    def finished(storage, schema, segment):
        if segment.doc_count_all() < min_docs:
            return
        with closing(segment_reader(storage, schema, segment)) as reader:
            write(reader, generation_folder, min_df)
    return finished


def missing(ix, generation_folder, min_docs=MIN_DOCS):
    """Whether a segment of ``ix`` with ``min_docs`` or more documents has no finished columns."""
    if ix is None:
        return False
    return any(docs >= min_docs and not (folder_of(generation_folder, segid) / DONE).exists()
               for segid, docs in segment_sizes(ix))


def ensure(ix, generation_folder, min_docs=MIN_DOCS, min_df=MIN_DF, stopping=None):
    """Write the columns of every segment of ``ix`` with ``min_docs`` or more documents that has none.

    Returns how many were written. ``stopping()`` true stops between segments.
    """
    written = 0
    with ix.reader() as reader:
        leaves = [leaf for leaf, _offset in reader.leaf_readers()]
        live = {leaf.segment().segment_id() for leaf in leaves if leaf.segment() is not None}
        for leaf in leaves:
            segment = leaf.segment()
            if segment is None or leaf.doc_count_all() < min_docs:
                continue
            if (folder_of(generation_folder, segment.segment_id()) / DONE).exists():
                continue
            if stopping is not None and stopping():
                break
            write(leaf, generation_folder, min_df)
            written += 1
    forget_others(generation_folder, live)
    return written
