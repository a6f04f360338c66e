"""Word tables on disk: a segment's "did you mean" vocabulary and pinyin keys, read in place.

Built in memory, a large segment's vocabulary (its words and the index of
them with one character deleted) costs ~4 s and a few hundred MiB in every
server process, and the pinyin keys of its title words another ~0.3 s; the
server was not steady until a background warm-up had built them all. They
are derived from the segment alone, so the build worker writes them once,
beside the segment's posting columns (``index.columns``), as sorted string
tables that every process maps and searches by bisection: nothing to build
at start-up, and the pages are the operating system's, shared by every
process.

A table ``<name>`` is two or three files:

    <name>.str   the strings' UTF-8 bytes, one after another
    <name>.off   n + 1 offsets into .str (little-endian u64)
    <name>.val   optional: n unsigned 32-bit numbers, one per string

The vocabulary is ``words`` (sorted) and two hash indexes (``<name>.h64``:
sorted 64-bit ``key_hash`` values, ``<name>.num``: a number for each):
``words`` (each word's number by its own hash) and ``deletions`` (the
word's number under each of its forms with one character deleted); the
pinyin keys are ``pinyin`` (sorted keys; values: title-word frequency) and
``pinyin-words`` (the title word of each key, in the same order).

What can go wrong: ``write_*`` raise the OS error of a full disk;
``open_vocabulary``/``open_pinyin`` return ``None`` for a folder written
before these tables existed (the caller builds them in memory as before),
and raise ``ValueError`` for tables whose files disagree in length.
"""

import mmap
from bisect import bisect_left, bisect_right
from hashlib import blake2b
from pathlib import Path

import numpy as np

from .vocabulary import one_edit

WORDS, DELETIONS, PINYIN, PINYIN_WORDS = "words", "deletions", "pinyin", "pinyin-words"
TABLES = (WORDS, DELETIONS, PINYIN, PINYIN_WORDS)


def write_table(folder, name, strings, values=None):
    """Write ``strings`` (and one number per string, ``values``) as the table ``name`` in ``folder``."""
    folder = Path(folder)
    encoded = [s.encode("utf-8") for s in strings]
    offsets = [0] * (len(encoded) + 1)
    total = 0
    for i, data in enumerate(encoded):
        total += len(data)
        offsets[i + 1] = total
    (folder / f"{name}.str").write_bytes(b"".join(encoded))
    (folder / f"{name}.off").write_bytes(np.array(offsets, dtype="<u8").tobytes())
    if values is not None:
        (folder / f"{name}.val").write_bytes(np.array(values, dtype="<u4").tobytes())


def _map(path):
    """The file mapped read-only (``b""`` when empty: an empty file cannot be mapped)."""
    with open(path, "rb") as fh:
        if fh.seek(0, 2) == 0:
            return b""
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)


class Table:
    """A mapped string table: ``len``, ``table[i]`` (a str), ``value(i)``, and bisection when sorted."""

    def __init__(self, folder, name):
        folder = Path(folder)
        self._data = _map(folder / f"{name}.str")
        self._offsets = memoryview(_map(folder / f"{name}.off") or b"\0" * 8).cast("Q")
        self._count = len(self._offsets) - 1
        values = folder / f"{name}.val"
        self._values = memoryview(_map(values) or b"").cast("I") if values.exists() else None
        if self._values is not None and len(self._values) != self._count:
            raise ValueError(f"{folder}: {name} has {self._count} strings and {len(self._values)} values")
        if self._offsets[self._count] != len(self._data):
            raise ValueError(f"{folder}: {name}'s offsets end at {self._offsets[self._count]}, "
                             f"its strings at {len(self._data)}")

    def __len__(self):
        return self._count

    def __getitem__(self, i):
        if not 0 <= i < self._count:
            raise IndexError(i)
        return self._data[self._offsets[i]:self._offsets[i + 1]].decode("utf-8")

    def many(self, numbers):
        """The strings at ``numbers`` (valid positions), in their order: ``table[i]`` for each, in one loop."""
        data, offsets = self._data, self._offsets
        return [data[offsets[i]:offsets[i + 1]].decode("utf-8") for i in numbers]

    def value(self, i):
        return self._values[i]

    def __contains__(self, text):
        i = bisect_left(self, text)
        return i < self._count and self[i] == text

    def equal_range(self, text):
        """``range`` of the positions holding ``text`` (sorted tables)."""
        return range(bisect_left(self, text), bisect_right(self, text))


def key_hash(text):
    """A stable 64-bit hash of ``text`` (the same in every process, unlike ``hash``)."""
    return int.from_bytes(blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def write_hashed(folder, name, pairs):
    """Write ``(key, number)`` pairs as the hash index ``name``: ``.h64`` sorted hashes, ``.num`` their numbers."""
    keys, numbers = [], []
    for key, n in pairs:
        keys.append(key_hash(key))
        numbers.append(n)
    hashes = np.array(keys, dtype=np.uint64)
    order = np.argsort(hashes, kind="stable")
    (Path(folder) / f"{name}.h64").write_bytes(hashes[order].astype("<u8").tobytes())
    (Path(folder) / f"{name}.num").write_bytes(np.array(numbers, dtype=np.uint32)[order].astype("<u4").tobytes())


class HashIndex:
    """Numbers by key hash, read in place; a hash may stand for another key too: callers check what they get."""

    def __init__(self, folder, name):
        self._hashes = _array(Path(folder) / f"{name}.h64", "<u8")
        self._numbers = _array(Path(folder) / f"{name}.num", "<u4")
        if len(self._hashes) != len(self._numbers):
            raise ValueError(f"{folder}: {name} has {len(self._hashes)} hashes and {len(self._numbers)} numbers")

    def numbers(self, keys):
        """The numbers filed under any of ``keys`` (one look-up for them all)."""
        wanted = np.array([key_hash(k) for k in keys], dtype=np.uint64)
        lo = np.searchsorted(self._hashes, wanted, "left")
        hi = np.searchsorted(self._hashes, wanted, "right")
        out = set()
        for a, b in zip(lo.tolist(), hi.tolist()):
            if b > a:
                out.update(self._numbers[a:b].tolist())
        return out


def _array(path, dtype):
    # A plain array over the mapping: ``np.memmap``'s slicing costs several times more per call.
    mapped = _map(path)
    return np.frombuffer(mapped, dtype=dtype) if mapped else np.zeros(0, dtype=dtype)


def write_vocabulary(folder, words):
    """Write the vocabulary of ``words`` (``vocabulary.index_words``): its words, their hashes and deletions."""
    ordered = sorted(set(words))
    write_table(folder, WORDS, ordered)
    write_hashed(folder, WORDS, ((word, n) for n, word in enumerate(ordered)))
    write_hashed(folder, DELETIONS, ((word[:i] + word[i + 1:], n)
                                     for n, word in enumerate(ordered) for i in range(len(word))))


class _Words:
    """The vocabulary's words: ``in`` by hash, checked against the word itself; ``len`` and ``[i]``."""

    def __init__(self, folder):
        self._table = Table(folder, WORDS)
        self._index = HashIndex(folder, WORDS)

    def __len__(self):
        return len(self._table)

    def __getitem__(self, i):
        return self._table[i]

    def __contains__(self, text):
        return any(self._table[n] == text for n in self._index.numbers((text,)))


class MappedVocabulary:
    """``vocabulary.Vocabulary`` read in place: ``terms`` (supports ``in``) and ``close_to``."""

    def __init__(self, folder):
        self.terms = _Words(folder)
        self._words = self.terms._table
        self._by_word = self.terms._index
        self._deletions = HashIndex(folder, DELETIONS)

    def close_to(self, word):
        """The words one edit away from ``word`` (as ``Vocabulary.close_to``).

        A word one edit away has ``word`` itself or one of its deletions
        among its own deletions, or is one of them: two hash look-ups in
        all, each result checked by ``one_edit``.
        """
        shorter = [word[:i] + word[i + 1:] for i in range(len(word))]
        numbers = self._deletions.numbers([word, *shorter]) | self._by_word.numbers(shorter)
        return {term for term in self._words.many(numbers) if one_edit(word, term)}


def write_pinyin(folder, entries):
    """Write ``pinyin.pinyin_terms``' entries ``(key, word, items)`` (sorted here)."""
    ordered = sorted(entries)
    write_table(folder, PINYIN, [k for k, _w, _n in ordered], [n for _k, _w, n in ordered])
    write_table(folder, PINYIN_WORDS, [w for _k, w, _n in ordered])


class _PinyinWords:
    """``words[i]``: ``(title word, items)`` of the i-th key, as ``pinyin.pinyin_terms`` gives them."""

    def __init__(self, keys, words):
        self._keys, self._words = keys, words

    def __len__(self):
        return len(self._words)

    def __getitem__(self, i):
        return self._words[i], self._keys.value(i)


def open_vocabulary(folder):
    """The segment's ``MappedVocabulary``, or ``None`` when the folder has none."""
    if not (Path(folder) / f"{DELETIONS}.h64").exists():
        return None
    return MappedVocabulary(folder)


def open_pinyin(folder):
    """``(keys, words)`` as ``pinyin.pinyin_terms`` returns them, read in place; ``None`` when there are none."""
    if not (Path(folder) / f"{PINYIN_WORDS}.off").exists():
        return None
    keys = Table(folder, PINYIN)
    words = Table(folder, PINYIN_WORDS)
    if len(keys) != len(words):
        raise ValueError(f"{folder}: {len(keys)} pinyin keys for {len(words)} words")
    return keys, _PinyinWords(keys, words)
