"""Folding: the one form of text that indexing, querying and highlighting compare.

* ``fold`` / ``fold_with_map``: NFKC (full-width to half-width), invisible
  characters dropped, Traditional to Simplified with OpenCC's t2s tables,
  lowercase; the map points every folded character back into the original
  text so highlights mark what the reader sees (possibly Traditional,
  full-width). ``original_span`` turns a folded span into the original one.
* ``HAN`` / ``HAN_RUN``: the one definition of a Han character (a character
  class body, and runs of it compiled).
* ``T2S_CHARACTERS``: OpenCC's Traditional to Simplified characters, one to
  one, as a ``str.translate`` table, and ``t2s_characters``, the same done
  with a numpy lookup (the fast path of ``fold``, and a rough fold where
  only positions matter).

OpenCC's two t2s tables are read once, at import.

What can go wrong: nothing at run time; an OpenCC install without its
dictionary files fails at import (``FileNotFoundError``).
"""

import re
import unicodedata
from pathlib import Path

import numpy as np
import opencc

# Han characters: CJK unified ideographs with extensions A-H, compatibility
# ideographs (NFKC maps most of them to unified ones) and 〇.
HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
HAN_RUN = re.compile(rf"[{HAN}]+")
_STABLE_RUN = re.compile("[\u0020-\u007e\u3400-\u4dbf\u4e00-\u9fff]+")
# Invisible characters that scraped pages put inside words (zero-width space,
# soft hyphen, byte-order mark, bidi marks, variation selectors): folding drops
# them so 信息\u200b公开 still reads 信息公开.
_IGNORABLE = re.compile(
    "[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ufe00-\ufe0f"
    "\U000e0100-\U000e01ef]")

# OpenCC's own converter, used only for the rare text holding one of its t2s
# phrases (see ``_traditional_to_simplified``).
_T2S = opencc.OpenCC("t2s")
_T2S_TABLES = Path(opencc.__file__).parent / "dictionary"


def _t2s_entries(name):
    """(source, first target) of one OpenCC table, as OpenCC reads it."""
    with open(_T2S_TABLES / name, encoding="utf-8") as f:
        entries = []
        for line in f:
            source, targets = line.strip().split("\t")
            entries.append((source, targets.split(" ")[0]))  # OpenCC takes the first target
        return entries


def _characters_t2s_changes(characters, phrases):
    """The characters without which OpenCC's t2s returns a text unchanged.

    Every character an entry (character or phrase) replaces: a text holding
    none of them matches no entry that changes anything. Most Simplified text
    has none and skips conversion altogether.
    """
    changes = set()
    for source, target in characters + phrases:
        if len(source) != len(target):
            changes.update(source)
        else:
            changes.update(s for s, t in zip(source, target) if s != t)
    return frozenset(changes)


def _t2s_fast_path(characters, phrases):
    """A ``str.translate`` table of OpenCC's t2s characters and a pattern of its phrases.

    OpenCC converts each stretch between its separators by trying phrases
    first (longest anywhere first), then characters one by one. A text where
    no phrase occurs is therefore converted character by character, which
    ``str.translate`` does in C, ~100 times faster than OpenCC's pure-Python
    search. OpenCC never converts its separators, so the table leaves them out.
    The table maps one character to one; a character that OpenCC would turn
    into another length (none in OpenCC 0.1.7) joins the phrases instead, so
    a text holding it goes through OpenCC itself.
    """
    table, slow = {}, []
    for source, target in characters:
        if len(source) != 1 or source == target or _T2S.split_chars_re.fullmatch(source):
            continue
        if len(target) == 1:
            table[ord(source)] = target
        else:
            slow.append(source)
    slow += (source for source, _ in phrases)
    return table, re.compile("|".join(map(re.escape, sorted(slow, key=len, reverse=True))))


def _read_t2s():
    characters = _t2s_entries("TSCharacters.txt")
    phrases = _t2s_entries("TSPhrases.txt")
    return (_characters_t2s_changes(characters, phrases),) + _t2s_fast_path(characters, phrases)


_T2S_CHANGES, T2S_CHARACTERS, _T2S_PHRASES = _read_t2s()

# ``T2S_CHARACTERS`` as an array indexed by code point: a whole text is translated
# with one numpy lookup, ~10 times faster than ``str.translate`` over a dict.
_T2S_LUT = np.arange(max(T2S_CHARACTERS) + 1, dtype=np.uint32)
_T2S_LUT[list(T2S_CHARACTERS)] = [ord(target) for target in T2S_CHARACTERS.values()]

# Full-width forms and the ideographic space, one character each under NFKC
# (，-> , Ａ-> a ...): replaced first, so a text of Han characters and full-width
# punctuation is normalized in one step instead of cluster by cluster.
_WIDE = {c: unicodedata.normalize("NFKC", chr(c)) for c in [0x3000, *range(0xFF01, 0xFFEF)]}
_WIDE = {chr(c): n for c, n in _WIDE.items() if len(n) == 1 and n != chr(c)}
_WIDE_RE = re.compile("[" + "".join(_WIDE) + "]")


def _narrowed(text):
    """``text`` with the ``_WIDE`` characters replaced (a few per text: one callback each)."""
    if _WIDE_RE.search(text) is None:
        return text
    return _WIDE_RE.sub(lambda m: _WIDE[m.group()], text)


def t2s_characters(text):
    """``text.translate(T2S_CHARACTERS)``: OpenCC's t2s characters one for one, without its phrases.

    Same length as ``text``, so positions stay: enough to find where
    matches are in a long text before folding a window of it properly.
    """
    if text.isascii():
        return text
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    inside = codes < len(_T2S_LUT)
    if inside.all():
        out = _T2S_LUT[codes]
    else:
        out = codes.copy()
        out[inside] = _T2S_LUT[codes[inside]]
    return out.astype("<u4", copy=False).tobytes().decode("utf-32-le", "surrogatepass")


def _clusters(text, start, end):
    """Yield (start, cluster) over ``text[start:end]``: a character with the combining marks after it.

    NFKC composes a base with its marks, so each cluster is normalized on its
    own and all of its output maps back to the cluster's start.
    """
    for i in range(start + 1, end + 1):
        if i == end or not unicodedata.combining(text[i]):
            yield start, text[start:i]
            start = i


def _fold_clusters(text, start, end, pieces, offsets):
    for at, cluster in _clusters(text, start, end):
        piece = unicodedata.normalize("NFKC", _IGNORABLE.sub("", cluster)).lower()
        pieces.append(piece)
        offsets.extend([at] * len(piece))


def _width_and_case(text, fast=True):
    """NFKC + lowercase + drop invisible characters, with the offset map.

    Fast path: with the full-width forms replaced one for one (``_WIDE``),
    a text that is then NFKC-normalized is its own NFKC form (NFKD of a
    character equals NFKD of its NFKC form, so the replacements change
    nothing NFKC would not), and maps to itself position by position.
    Otherwise printable ASCII and CJK ideographs are NFKC-stable and
    lowercase one to one, so runs of them are copied; only the rest
    (punctuation, marks) is normalized cluster by cluster.
    """
    if fast and not _IGNORABLE.search(text):
        narrowed = text if text.isascii() else _narrowed(text)
        if unicodedata.is_normalized("NFKC", narrowed):
            lowered = narrowed.lower()
            # lower() never shortens a character, so equal length means 1:1.
            if len(lowered) == len(text):
                return lowered, list(range(len(text) + 1))
    pieces, offsets = [], []
    done = 0
    for run in _STABLE_RUN.finditer(text):
        start, end = run.span()
        if end < len(text) and unicodedata.combining(text[end]):
            end -= 1  # the last character is the base of the marks after it
        if done < start:
            _fold_clusters(text, done, start, pieces, offsets)
        if start < end:
            pieces.append(text[start:end].lower())
            offsets.extend(range(start, end))
            done = end
    if done < len(text):
        _fold_clusters(text, done, len(text), pieces, offsets)
    offsets.append(len(text))
    return "".join(pieces), offsets


def _traditional_to_simplified(text, offsets):
    """t2s with OpenCC, keeping ``offsets`` aligned.

    Every entry of OpenCC 0.1.7's t2s tables (TSPhrases, TSCharacters) maps to
    a string of the same length, so conversion is character for character and
    the map is unchanged. Should a later table change a phrase's length, the
    text is converted one character at a time instead, which keeps the map
    exact at the cost of phrase context.
    """
    if _T2S_CHANGES.isdisjoint(text):
        return text, offsets
    if _T2S_PHRASES.search(text) is None:
        converted = t2s_characters(text)
    else:
        converted = _T2S.convert(text)
    if len(converted) == len(text):
        return converted, offsets
    return "".join(_T2S.convert(ch) for ch in text), offsets


def fold_with_map(text, fast=True):
    """Fold ``text`` and map it back: ``(folded, offsets)``.

    ``offsets[i]`` is the index in ``text`` of ``folded[i]``; one last entry
    is ``len(text)``. Use ``original_span`` to turn a folded span into the
    original one. ``fast=False`` normalizes every character that is not
    plain ASCII or a CJK ideograph cluster by cluster (the reference the
    fast path is tested against: the same answer, slower).
    """
    folded, offsets = _width_and_case(text, fast)
    return _traditional_to_simplified(folded, offsets)


def fold(text):
    """Full-width to half-width (NFKC), Traditional to Simplified, lowercase."""
    return fold_with_map(text)[0]


def original_span(offsets, start, end):
    """The span of the original text that ``folded[start:end]`` came from.

    One original character may fold into several (㈠ -> (一)); the span ends
    where the next original character begins, so it is never empty.
    """
    if end <= start:
        return offsets[start], offsets[start]
    last = offsets[end - 1]
    stop = end
    while offsets[stop] <= last:
        stop += 1
    return offsets[start], offsets[stop]
