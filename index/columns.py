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
    lexicon.*   segments under ``segments.TERM_SET_DOCS`` documents: every term
                (field NUL term), sorted (``index.wordtables``), which says what
                the segment lacks without a look-up in Whoosh
    keys.txt    per term, in the same order: field NUL term, records separated by RS
    words.*, deletions.*, pinyin.*, pinyin-words.*
                the words "did you mean" may offer and the pinyin keys of the
                title words, as mapped tables (``index.wordtables``)
    WORDS       written after those tables (a folder of an earlier version
                may lack them: ``ensure`` adds them)
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

from . import wordtables
from .internals.whoosh_files import segment_reader, segment_sizes
from .internals.whoosh_read import posting_arrays
from .pinyin import title_entries
from .segments import POSITION_BITS, TERM_SET_DOCS, positions, term_keys, text_fields
from .vocabulary import index_words

log = logging.getLogger(__name__)

MIN_DF = 32             # shorter lists are read from Whoosh's blocks (fast enough, and most terms)
MIN_DOCS = 2000         # segments with fewer documents get no columns (the follower's small ones)
FOLDER = "columns"
DONE = "DONE"
WORDS = "WORDS"
LEXICON = "lexicon"         # the term table of a small segment (field NUL term, sorted)
OLD_WORDS = "words.txt"     # the vocabulary words alone, as an earlier version wrote them
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
                    text = term.decode("utf-8") if isinstance(term, bytes) else term
                    if info.doc_frequency() < min_df:
                        continue
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
        write_word_tables(reader, tmp)
        (tmp / "keys.txt").write_text(_RS.join(keys), encoding="utf-8")
        (tmp / DONE).write_text(f"{len(keys)} terms, {start} postings, {cstart} occurrences\n", encoding="utf-8")
        shutil.rmtree(final, ignore_errors=True)
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def write_word_tables(reader, folder):
    """Write the segment's "did you mean" words and title pinyin keys into ``folder`` (``index.wordtables``).

    Derived once here, by the build worker, instead of by every server
    process's warm-up. Files of an earlier version's ``words.txt`` are
    reused (reading the lexicon is most of the cost). ``OSError``: the
    marker is not written, so the tables count as missing.
    """
    folder = Path(folder)
    old = folder / OLD_WORDS
    if old.exists():
        text = old.read_text(encoding="utf-8")
        words = text.split("\n") if text else []
    else:
        words = index_words(reader)
    entries = title_entries(reader)
    lexicon = _lexicon(reader) if not (folder / f"{LEXICON}.off").exists() else None
    # Written aside and moved in, so a reader (or another server adding them too) never sees half a table.
    aside = folder / f".words-{os.getpid()}"
    shutil.rmtree(aside, ignore_errors=True)
    aside.mkdir()
    try:
        wordtables.write_vocabulary(aside, words)
        wordtables.write_pinyin(aside, entries)
        if lexicon is not None:
            wordtables.write_table(aside, LEXICON, lexicon)
        for path in aside.iterdir():
            with open(path, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(path, folder / path.name)
        (folder / WORDS).write_text(f"{len(words)} words, {len(entries)} pinyin keys\n", encoding="utf-8")
    finally:
        shutil.rmtree(aside, ignore_errors=True)
    old.unlink(missing_ok=True)


def _lexicon(reader):
    """Every ``field NUL term`` of a small segment, sorted, so a search knows what it lacks; else ``None``.

    ``None`` for segments of ``segments.TERM_SET_DOCS`` documents or more,
    and for one with a term that cannot be keyed (holding a separator).
    """
    if reader.doc_count_all() >= TERM_SET_DOCS:
        return None
    keys = []
    for field, term in term_keys(reader):
        if _FS in term or _RS in term:
            return None
        keys.append(field + _FS + term)
    keys.sort()
    return keys


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
        self._vocabulary = self._pinyin = None
        self._lexicon = wordtables.Table(self.folder, LEXICON) if (self.folder / f"{LEXICON}.off").exists() \
            else None
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

    def holds(self, fieldname, text):
        """Whether the segment has the term at all (its term table), or ``None`` when no table was written."""
        if self._lexicon is None:
            return None
        return fieldname + _FS + text in self._lexicon

    def vocabulary(self):
        """The segment's did-you-mean words read in place (``wordtables.MappedVocabulary``), or ``None``.

        ``None`` for columns of an earlier version, until ``ensure`` adds the
        tables, and for damaged tables (logged once; the caller builds the
        vocabulary in memory as for a segment without columns).
        """
        if self._vocabulary is None:
            self._vocabulary = self._tables(wordtables.open_vocabulary)
        return self._vocabulary or None

    def pinyin(self):
        """``(keys, words)`` of the title words' pinyin read in place (``wordtables.open_pinyin``), or ``None``.

        ``None`` as for ``vocabulary``: the caller builds them in memory.
        """
        if self._pinyin is None:
            self._pinyin = self._tables(wordtables.open_pinyin)
        return self._pinyin or None

    def _tables(self, opener):
        """``opener(folder)``; ``None`` while there are no tables, ``False`` for damaged ones (not tried again)."""
        if not has_word_tables(self.folder):
            return None
        try:
            return opener(self.folder)
        except (OSError, ValueError) as exc:
            log.warning("index: the word tables in %s cannot be read (%s); building them in memory", self.folder, exc)
            return False

    def nbytes(self):
        return int(self.ids.nbytes + self.tf.nbytes + self.occurrences.nbytes)


PREFETCH_FIRST = ("ids.u32", "tf.f32")     # every search reads them; then codes.i64 (phrases)


def prefetch(mapped, budget=None):
    """Ask the kernel to read the files of the columns ``mapped`` into the page cache, ahead of the searches.

    After a reboot the page cache is empty and each search's first touch
    of a list waits for the disk, page by page: at a million items the
    searches took ~30 s to reach full speed. Read ahead in large
    sequential reads (``posix_fadvise`` WILLNEED) they are there in
    seconds. Ids and weights of every segment first, then the occurrence
    codes; no more than ``budget`` bytes (default: half the machine's
    memory, so a page cache too small for them all is not churned).
    Returns the bytes asked for; 0 where the system has no
    ``posix_fadvise``. What can go wrong: nothing is raised (a file gone
    with a merged segment is skipped).
    """
    if not hasattr(os, "posix_fadvise"):
        return 0
    if budget is None:
        budget = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2
    paths = [c.folder / name for c in mapped for name in PREFETCH_FIRST]
    paths += [c.folder / "codes.i64" for c in mapped]
    asked = 0
    for path in paths:
        try:
            with open(path, "rb") as fh:
                size = os.fstat(fh.fileno()).st_size
                if asked + size > budget:
                    continue
                os.posix_fadvise(fh.fileno(), 0, size, os.POSIX_FADV_WILLNEED)
                asked += size
        except OSError:
            continue
    return asked


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


def has_word_tables(folder):
    """Whether the columns ``folder`` holds finished word tables (``write_word_tables``)."""
    return (Path(folder) / WORDS).exists()


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
    """Whether a segment of ``ix`` with ``min_docs`` or more documents has no finished columns (or word tables)."""
    if ix is None:
        return False
    def finished(folder):
        return (folder / DONE).exists() and has_word_tables(folder)
    return any(docs >= min_docs and not finished(folder_of(generation_folder, segid))
               for segid, docs in segment_sizes(ix))


def ensure(ix, generation_folder, min_docs=MIN_DOCS, min_df=MIN_DF, stopping=None):
    """Write the columns of every segment of ``ix`` with ``min_docs`` or more documents that has none.

    Columns of an earlier version get their word tables. Returns how many
    segments were written. ``stopping()`` true stops between segments.
    """
    written = 0
    with ix.reader() as reader:
        leaves = [leaf for leaf, _offset in reader.leaf_readers()]
        live = {leaf.segment().segment_id() for leaf in leaves if leaf.segment() is not None}
        for leaf in leaves:
            segment = leaf.segment()
            if segment is None or leaf.doc_count_all() < min_docs:
                continue
            folder = folder_of(generation_folder, segment.segment_id())
            if (folder / DONE).exists():
                if not has_word_tables(folder):     # columns of an earlier version
                    write_word_tables(leaf, folder)
                    written += 1
                continue
            if stopping is not None and stopping():
                break
            write(leaf, generation_folder, min_df)
            written += 1
    forget_others(generation_folder, live)
    return written
