"""Pinyin: the readings of titles and body names, and reading what people type in pinyin.

People type 信息公开 as ``xinxigongkai``, ``xinxi gongkai``, by initials
(``xxgk``) or half and half (``政务gk``). The index reads each Han
character of a title as its toneless syllable (``xin``) and its initial
(``_x``, marked so a one-letter syllable such as ``a`` is not taken for an
initial) and holds the pairs of neighbouring characters' pieces
(``title_tokens``), in two fields:

* ``title_py``: the reading pypinyin gives the character in its word (jieba
  cuts the title into words; pypinyin reads each word with its phrase
  dictionary, so 银行 is yin hang, 行政 xing zheng, 长期 chang qi, 市长 shi
  zhang, 重要 zhong yao, 重庆 chong qing);
* ``title_pyx``: every reading of every character (行 also hang and heng),
  so a reader who reads a polyphone the other way (``hangzheng``) still
  finds 行政, ranked below the items read that way by the dictionary
  (``plan.PINYIN_WEIGHT`` above ``plan.PINYIN_ANY_WEIGHT``).

``readings(text)`` turns a typed token into the token sequences to look up:
a Latin run is cut into syllables and initials, fewest pieces first
(``fangan`` is fan gan or fang an: both are tried), Han characters become
their syllables.

What can go wrong: nothing; text without Han characters has no readings, a
Latin run that is not pinyin gives single-letter initials (a long one none).
"""

import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin, pinyin
from pypinyin.pinyin_dict import pinyin_dict

from .fold import HAN, HAN_RUN, fold
from .segmenter import current

INITIAL = "_"           # marks an initial (_x) apart from a syllable
PAIR = "-"              # joins the two pieces of a pair token
MAX_READINGS = 4        # cuts of a Latin run tried (the fewest pieces first)
MAX_PIECES = 12         # a longer typed run is no pinyin anyone types
TERM_LENGTH = (2, 8)    # title words a pinyin prefix completes to (not whole titles)
_LATIN = re.compile("[a-z]+")
_RUNS = re.compile(rf"(?P<han>[{HAN}]+)|(?P<latin>[a-z]+)|(?P<other>[^\s{HAN}a-z]+)")


def _toneless(reading):
    # lǜ -> lv, as pinyin keyboards type it.
    text = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    return "".join(ch for ch in text if ch.isascii())


# Every toneless syllable of the dictionary (~420; "m", "ng", "hm" included).
SYLLABLES = frozenset(_toneless(r) for value in pinyin_dict.values() for r in value.split(","))
_LONGEST = max(map(len, SYLLABLES))


@lru_cache(maxsize=100_000)
def word_readings(word):
    """``((reading, (every reading, ...)), ...)``: one pair per character of the Han ``word``.

    The first reading is the phrase dictionary's for the character in this word.
    """
    chosen = lazy_pinyin([word], style=Style.NORMAL)
    if len(chosen) != len(word):      # a character pypinyin cannot read: read it alone
        chosen = [lazy_pinyin(ch, style=Style.NORMAL)[0] for ch in word]
    return tuple((first, _every(ch, first)) for ch, first in zip(word, chosen))


@lru_cache(maxsize=50_000)
def _every(ch, first):
    found = pinyin(ch, style=Style.NORMAL, heteronym=True)
    others = [r for r in (found[0] if found else ()) if r != first and r.isascii()]
    return (first, *others)


def _initial(syllable):
    return INITIAL + syllable[0]


def pair(a, b):
    """The token of two neighbouring pieces (syllables or initials): ``xin-xi``, ``_x-_x``, ``zheng-_w``."""
    return a + PAIR + b


def title_tokens(text, every=False):
    """Yield ``(position, token)``: the ``pair`` of every two neighbouring Han characters' pieces.

    A character's pieces are its syllable and its initial (every reading's
    when ``every``); neighbours pair every piece of one with every piece of
    the other, at the first one's position. Pairs, not single pieces, so a
    typed run is a phrase of rare tokens (``xinxigongkai``: xin-xi xi-gong
    gong-kai), not of common ones (xi, _x): several times faster to match.
    Anything between two Han characters (a number, a Latin word) breaks
    the run, and takes a position, so pinyin never runs across it.
    """
    folded = fold(text)
    config = current()
    pos, before = 0, None
    for run in _RUNS.finditer(folded):
        if run.lastgroup != "han":
            pos, before = pos + 1, None
            continue
        for word in config.cut(run.group()):
            for first, alls in word_readings(word):
                syllables = alls if every else (first,)
                pieces = (*syllables, *dict.fromkeys(_initial(s) for s in syllables))
                if before is not None:
                    for a in before:
                        for b in pieces:
                            yield pos, pair(a, b)
                    pos += 1
                before = pieces


def _cuts(run):
    """The cuts of a Latin ``run`` into syllables and initials, fewest pieces first (``MAX_READINGS``)."""
    n = len(run)
    best = [None] * (n + 1)      # best[i]: fewest pieces for run[i:], then the cuts with that many
    best[n] = (0, [()])
    for i in range(n - 1, -1, -1):
        options = []
        for j in range(i + 2, min(n, i + _LONGEST) + 1):
            if run[i:j] in SYLLABLES and best[j] is not None:
                options.append((best[j][0] + 1, run[i:j], best[j][1]))
        if best[i + 1] is not None:
            options.append((best[i + 1][0] + 1, _initial(run[i]), best[i + 1][1]))
        fewest = min(o[0] for o in options)
        cuts = [(piece, *rest) for count, piece, tails in options if count == fewest for rest in tails]
        best[i] = (fewest, cuts[:MAX_READINGS])
    return best[0][1]


def is_typed_pinyin(text):
    """Whether ``text`` (one typed token) may be pinyin: Latin letters, maybe after Han characters."""
    folded = "".join(fold(text).split())
    return bool(folded) and bool(_LATIN.search(folded)) and all(
        m.lastgroup != "other" for m in _RUNS.finditer(folded))


def readings(text):
    """The piece sequences (tuples) ``text`` may be read as, best first; ``()`` when it is no pinyin.

    A Han run stands for its dictionary syllables; a Latin run for each of
    its cuts. Two pieces or more: one syllable or letter alone (``zheng``,
    ``x``) reads as too many characters to be worth looking up.
    """
    if not is_typed_pinyin(text):
        return ()
    folded = "".join(fold(text).split())
    if sum(len(m) for m in _LATIN.findall(folded)) < 2:
        return ()
    sequences = [()]
    for run in _RUNS.finditer(folded):
        if run.lastgroup == "han":
            options = [tuple(first for word in current().cut(run.group())
                             for first, _alls in word_readings(word))]
        else:
            options = _cuts(run.group())
        sequences = [s + o for s in sequences for o in options][:MAX_READINGS]
    return tuple(s for s in sequences if 2 <= len(s) <= MAX_PIECES)


def pair_terms(pieces):
    """The ``pair`` tokens a piece sequence is looked up by, in order (a phrase when several)."""
    return tuple(pair(a, b) for a, b in zip(pieces, pieces[1:]))


def _first_readings(folded):
    return [r for word in current().cut(folded) for r, _alls in word_readings(word)]


def keys(name):
    """The pinyin a Han ``name`` is typed as: its syllables run together and its initials (``()`` if none)."""
    folded = fold(name)
    if not HAN_RUN.fullmatch(folded):
        return ()
    first = _first_readings(folded)
    return ("".join(first), "".join(r[0] for r in first))


def suffix_keys(word, shortest=2):
    """The ``keys`` of ``word`` and of its tails of ``shortest`` characters or more (read in the whole word).

    A completion of ``xinxi`` then offers 政府信息公开 as well as 信息公开.
    """
    folded = fold(word)
    if not HAN_RUN.fullmatch(folded):
        return set()
    first = _first_readings(folded)
    out = set()
    for i in range(len(first) - shortest + 1):
        out.add("".join(first[i:]))
        out.add("".join(r[0] for r in first[i:]))
    return out


def title_entries(reader):
    """``(key, word, items)`` for every ``suffix_keys`` key of each Han title word of a segment (unsorted)."""
    low, high = TERM_LENGTH
    entries = []
    for term, info in reader.iter_field("title"):
        text = term.decode("utf-8") if isinstance(term, bytes) else term
        if low <= len(text) <= high and HAN_RUN.fullmatch(text):
            entries.extend((k, text, info.doc_frequency()) for k in suffix_keys(text))
    return entries


def pinyin_terms(reader, segid, cache, stored=None):
    """``(keys, words)`` of a segment's Han title words: sorted pinyin keys, each with ``(word, items)``.

    ``stored()``: the same read in place from the segment's word tables
    (``wordtables.open_pinyin``), or ``None``; otherwise built on first use
    (pypinyin reads each word once) and cached per segment.
    """
    key = ("pinyin-terms", segid)
    found = cache.get(key)
    if found is None and stored is not None:
        found = stored()
    if found is None:
        entries = sorted(title_entries(reader))
        found = ([k for k, _, _ in entries], [(t, n) for _, t, n in entries])
        cache.put(key, found, 150 * len(entries) + 64)
    return found
