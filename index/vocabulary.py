"""The words "did you mean" may offer, and which of them are one typing slip away.

A suggestion must be a word a person would type, never a piece of one. The
index's lexicon holds more than words: at index time a long word also
yields the dictionary words inside it (哈尔滨市 gives 哈尔滨 and 哈尔), so a
lexicon term may exist only as a fragment. The vocabulary is therefore:

* the terms of the text fields that stand as a whole word somewhere
  (``standing``: a term's occurrences minus those it had inside longer words);
* the words those are made of (``components``): a place without its
  administrative suffix (哈尔滨市 gives 哈尔滨, never 哈尔), the two common
  words of a compound (审批事项 gives 审批 and 事项);
* the body registry: full names, short names, and the places its
  governments are named after (哈尔滨市道里区人民政府: 哈尔滨市, 哈尔滨,
  道里区, 道里).

``Vocabulary.close_to`` finds the words one edit away (one character
replaced, added or dropped, or two neighbours swapped) through an index of
the words with one character deleted.

What can go wrong: nothing; a segment or registry without words gives an
empty vocabulary.
"""

import re
from collections import defaultdict

from . import schema
from .fold import HAN_RUN, fold
from .segmenter import current

MIN_LENGTH, MAX_LENGTH = 2, 24       # words offered (the longest are body names)
# Longest first, so 大兴安岭地区 ends in 地区 rather than 区.
ADMIN_SUFFIXES = ("自治州", "自治县", "自治区", "自治旗", "地区", "新区", "林区",
                  "省", "市", "县", "区", "旗", "镇", "乡", "盟")
GOVERNMENT_SUFFIXES = ("人民政府", "行政公署", "政府")
COMPONENT_FREQ = 100        # jieba count a word needs to be a part of a compound (see ``components``)
_PLACE = re.compile("(.+?)(" + "|".join(ADMIN_SUFFIXES) + ")")
_LATIN_WORD = re.compile("[a-z]+")


def wordlike(text):
    """Whether ``text`` can be offered: a Han run or Latin letters, of a useful length."""
    if not MIN_LENGTH <= len(text) <= MAX_LENGTH:
        return False
    return bool(HAN_RUN.fullmatch(text) or (len(text) > 2 and _LATIN_WORD.fullmatch(text)))


def one_edit(a, b):
    """Whether ``a`` and ``b`` differ by one character replaced, added or dropped, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1:]
    if a[i + 1:] == b[i + 1:]:
        return True
    return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]


class Vocabulary:
    """A set of words with a one-deletion index over them."""

    def __init__(self, words):
        self.terms = frozenset(words)
        self._deletions = defaultdict(list)
        for term in self.terms:
            for i in range(len(term)):
                self._deletions[term[:i] + term[i + 1:]].append(term)

    def size(self):
        """Approximate bytes held."""
        return 200 * len(self.terms) + 100 * len(self._deletions) + 64

    def close_to(self, word):
        """The words one edit away from ``word`` (see ``one_edit``)."""
        found = set(self._deletions.get(word, ()))           # word lacks a character
        for i in range(len(word)):
            shorter = word[:i] + word[i + 1:]
            if shorter in self.terms:                          # word has one too many
                found.add(shorter)
            found.update(self._deletions.get(shorter, ()))     # replaced or swapped
        return {term for term in found if one_edit(word, term)}


def standing(weights):
    """The terms of one field that occur as a whole word at least once.

    ``weights`` maps each term to its occurrences in the field. Each whole
    occurrence of a word also put every dictionary word inside it
    (``segmenter`` sub-words) into the index; going from the longest term
    down, what is left of a term's count once its occurrences inside longer
    whole words are taken off is how often it stood alone.
    """
    inside = defaultdict(float)
    subwords = current().subwords
    whole = set()
    for term in sorted(weights, key=len, reverse=True):
        alone = weights[term] - inside[term]
        if alone <= 0:
            continue
        whole.add(term)
        if len(term) > 2 and HAN_RUN.fullmatch(term):
            for _offset, gram in subwords(term):
                inside[gram] += alone
    return whole


def components(word, freq):
    """The words ``word`` is made of, at every level (审批事项: 审批, 事项).

    ``word`` splits in two: a place and its administrative suffix
    (哈尔滨市: 哈尔滨; 省政府: 政府), or two dictionary words that are common
    on their own (``freq``: jieba's counts, at least ``COMPONENT_FREQ``). So
    哈尔滨 is not 哈尔 + 滨, and 齐齐哈尔 is not 齐齐 + 哈尔.
    """
    out, todo = set(), [word]
    while todo:
        whole = todo.pop()
        for i in range(1, len(whole)):
            parts = [whole[:i], whole[i:]]
            kept = [p for p in parts if p not in ADMIN_SUFFIXES]
            least = 1 if len(kept) < len(parts) else COMPONENT_FREQ
            if kept and all(len(p) >= MIN_LENGTH and (freq.get(p) or 0) >= least for p in kept):
                for part in set(kept) - out:
                    out.add(part)
                    todo.append(part)
    return out


def index_words(reader):
    """The vocabulary words of one segment: whole words of its text fields and the words they are made of."""
    terms, whole = set(), set()
    for fieldname in schema.TEXT_FIELDS:
        weights = {}
        # The lexicon is sorted: starting at "a" skips the numbers, never offered.
        for text, info in reader.iter_field(fieldname, "a"):
            weights[text.decode("utf-8") if isinstance(text, bytes) else text] = info.weight()
        terms.update(weights)
        whole |= standing(weights)
    freq = current().tokenizer.FREQ
    parts = set()
    for word in whole:
        if len(word) > 2 and HAN_RUN.fullmatch(word):
            parts |= components(word, freq)
    return {word for word in whole | (parts & terms) if wordlike(word)}


def places_named_in(name):
    """The places a government's name holds, with and without their suffix.

    黑龙江省人民政府: 黑龙江省, 黑龙江; 哈尔滨市道里区人民政府: 哈尔滨市道里区,
    哈尔滨市, 哈尔滨, 道里区, 道里. Other bodies name no place of their own.
    """
    suffix = next((s for s in GOVERNMENT_SUFFIXES if name.endswith(s)), None)
    if suffix is None:
        return []
    place = name[:-len(suffix)]
    parts = _PLACE.findall(place)
    if "".join(stem + kind for stem, kind in parts) != place:
        return [place] if place else []
    out = [place]
    for stem, kind in parts:
        out.append(stem + kind)
        out.append(stem)
    return out


def registry_words(bodies):
    """The folded full names, short names and place names of the registry ``bodies``."""
    words = []
    for body in bodies:
        name = fold(body["name"])
        words.append(name)
        if body.get("short"):
            words.append(fold(body["short"]))
        words.extend(places_named_in(name))
    return tuple(dict.fromkeys(w for w in words if wordlike(w)))


# Larger segments' vocabularies are built by the warm-up, never by a search (~1 s per 1,000
# documents): a bulk import's new segment of 2,000 items would cost the next search with few results 2 s.
INLINE_DOCS = 500


def segment_vocabulary(reader, segid, cache, build=True):
    """The segment's ``Vocabulary`` from ``cache``, built and cached on first use.

    For a segment without word tables (``index.wordtables``, written with
    its posting columns: small segments, and indexes of an earlier
    version). ``build=False``: ``None`` unless it is cached already or the
    segment is small (under ``INLINE_DOCS``); a large segment's takes
    seconds, which the background warm-up spends instead of a visitor's
    search.
    """
    key = ("vocabulary", segid)
    found = cache.get(key)
    if found is None and not build and reader.doc_count_all() >= INLINE_DOCS:
        return None
    if found is None:
        found = Vocabulary(index_words(reader))
        cache.put(key, found, found.size())
    return found


def registry_vocabulary(bodies, cache):
    """The ``Vocabulary`` of the registry ``bodies`` (``registry_words``), cached while they stay the same."""
    key = ("vocabulary", tuple((body["name"], body.get("short") or "") for body in bodies))
    found = cache.get(key)
    if found is None:
        found = Vocabulary(registry_words(bodies))
        cache.put(key, found, found.size())
    return found
