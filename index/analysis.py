"""The Whoosh side of the analysis: tokenizers and analyzers over folded text.

Indexing and querying use the same analyzers, so they always fold (``fold``)
and segment (``segmenter``) the same way:

* ``chinese_analyzer``: jieba words whose positions count words (phrase
  queries work); at index time a long word also yields every dictionary word
  inside it (jieba's search-mode sub-words, any length) at its position.
* ``bigram_analyzer``: overlapping Han bigrams, so a verbatim run of Han
  characters is found as a phrase however jieba cut it in context.
* ``segment``: the folded words the index holds for a text.
* ``fast_index``: what Whoosh's ``field.index(value)`` gives for a field of
  these analyzers, without a ``Token`` per word (the segment writer's
  fast path at index time; the same terms, counts, weights and positions).

Whoosh pickles the tokenizer and filter classes into the schema of every
index under the name ``index.analysis.<Class>``: they must stay defined in
this module (or ``schema.SCHEMA_VERSION`` be bumped and indexes rebuilt).

What can go wrong: using the analyzers before ``segmenter.configure`` loads
the project's own ``data/`` folder, and raises ``ConfigError`` if its files
are missing or malformed.
"""

import re

from functools import partial

from whoosh.analysis import (CompositeAnalyzer, LowercaseFilter, StopFilter,
                             Token, Tokenizer)
from whoosh.formats import Positions

from .fold import HAN, fold, fold_with_map, original_span
from .pinyin import title_tokens
from .segmenter import configured_stopwords, current

MODES = ("search", "accurate")

# Runs of the folded text that become tokens: Han runs go to jieba; decimal
# numbers and other letter/digit runs stay whole; the rest (spaces,
# punctuation, symbols) separates tokens without taking a position.
_RUNS = re.compile(
    rf"(?P<han>[{HAN}]+)|(?P<number>\d+(?:\.\d+)+)|(?P<word>[^\W_{HAN}]+)")


# ---------------------------------------------------------------- tokens

def _segments(text, mode):
    """Yield ``(pos, word, start, end)`` over the original ``text``.

    ``pos`` counts accurate-mode words (and whole Latin/number tokens); in
    search mode jieba's sub-words of a long word come first with its ``pos``.
    Spaces and punctuation take no position.
    """
    folded, offsets = fold_with_map(text)
    config = current()
    search = mode == "search"
    pos = 0
    for run in _RUNS.finditer(folded):
        if run.lastgroup != "han":
            yield (pos,) + _span(run.group(), offsets, *run.span())
            pos += 1
            continue
        start = run.start()
        for word in config.cut(run.group()):
            if search:
                # jieba.cut_for_search yields the 2- and 3-grams of a word
                # that are in its dictionary; longer ones count too (人民政府
                # in 大庆市人民政府, a registry name kept whole).
                for i, gram in config.subwords(word):
                    yield (pos,) + _span(gram, offsets, start + i, start + i + len(gram))
            yield (pos,) + _span(word, offsets, start, start + len(word))
            start += len(word)
            pos += 1


def _span(text, offsets, start, end):
    return (text,) + original_span(offsets, start, end)


def _bigrams(text):
    """Yield ``(pos, term, start, end)``: Han bigrams, lone Han characters, whole Latin/number runs."""
    folded, offsets = fold_with_map(text)
    pos = 0
    for run in _RUNS.finditer(folded):
        start, end = run.span()
        if run.lastgroup == "han" and end - start > 1:
            for i in range(start, end - 1):
                yield (pos,) + _span(folded[i:i + 2], offsets, i, i + 2)
                pos += 1
        else:
            yield (pos,) + _span(run.group(), offsets, start, end)
            pos += 1


class _FoldingTokenizer(Tokenizer):
    """Whoosh plumbing shared by the tokenizers below.

    A subclass defines ``_terms(value, mode)`` yielding (pos, text, start, end)
    with offsets into ``value``.
    """

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True,
                 mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            # Whoosh asks for the whole value as one term (prefix, range, wildcard).
            terms = [(0, fold(value), 0, len(value))]
        else:
            terms = self._terms(value, mode)
        for pos, text, start, end in terms:
            t.text = text
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = value[start:end]
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


class ChineseTokenizer(_FoldingTokenizer):
    """Folded jieba words with word positions and offsets into the original text.

    ``mode="search"`` (indexing) adds jieba's search-mode sub-words at their
    word's position; ``mode="accurate"`` yields only the words. When Whoosh
    analyses a query (it calls with ``mode="query"``) the tokenizer always
    segments accurately, so a phrase query is a run of consecutive words.
    Holds nothing but its mode, so it pickles.
    """

    def __init__(self, mode="search"):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        self.mode = mode

    def __eq__(self, other):
        return self.__class__ is other.__class__ and self.mode == other.mode

    __hash__ = None

    def __repr__(self):
        return f"{self.__class__.__name__}(mode={self.mode!r})"

    def _terms(self, value, mode):
        return _segments(value, "accurate" if mode == "query" else self.mode)


class BigramTokenizer(_FoldingTokenizer):
    """Overlapping Han bigrams of the folded text, positions counting bigrams.

    A one-character Han run is a token of its own; Latin and number runs stay
    whole. Any verbatim run of two or more Han characters is then a phrase of
    consecutive bigrams.
    """

    def __eq__(self, other):
        return self.__class__ is other.__class__

    __hash__ = None

    def _terms(self, value, mode):
        return _bigrams(value)


class PinyinTokenizer(_FoldingTokenizer):
    """The pinyin of a title's Han characters (``pinyin.title_tokens``): pairs of syllables and initials.

    ``every``: every reading of a polyphone, not only the phrase dictionary's.
    Positions count characters, so a typed run of pinyin is a phrase.
    """

    def __init__(self, every=False):
        self.every = every

    def __eq__(self, other):
        return self.__class__ is other.__class__ and self.every == other.every

    __hash__ = None

    def _terms(self, value, mode):
        return ((pos, token, 0, 0) for pos, token in title_tokens(value, self.every))


class WordStopFilter(StopFilter):
    """``StopFilter`` whose renumbering keeps sub-words at their word's position.

    Whoosh's own renumbering gives every surviving token a new position, which
    would pull search-mode sub-words apart; here tokens sharing a position keep
    sharing one, and a position disappears only when all its tokens stopped.
    """

    def __call__(self, tokens):
        group = group_pos = next_pos = None
        for t in tokens:
            keep = (len(t.text) >= self.min
                    and (self.max is None or len(t.text) <= self.max)
                    and t.text not in self.stops)
            if self.renumber and t.positions:
                if t.pos != group:
                    group, group_pos = t.pos, None
                if keep:
                    if group_pos is None:
                        group_pos = group if next_pos is None else next_pos
                        next_pos = group_pos + 1
                    t.pos = group_pos
            if keep:
                t.stopped = False
                yield t
            elif not t.removestops:
                t.stopped = True
                yield t


def chinese_analyzer(mode="search", stoplist=None):
    """ChineseTokenizer(mode) | LowercaseFilter | stop words (``stoplist`` or the configured ones).

    ``minsize=1``: single Han characters (公, 开, 省) carry meaning and stay.
    """
    if stoplist is None:
        stoplist = configured_stopwords()
    return ChineseTokenizer(mode) | LowercaseFilter() | WordStopFilter(stoplist, minsize=1)


def bigram_analyzer():
    """Han bigrams for an extra title field; see ``BigramTokenizer``."""
    return CompositeAnalyzer(BigramTokenizer())


def pinyin_analyzer(every=False):
    """The pinyin of a title for the ``title_py`` fields; see ``PinyinTokenizer``."""
    return CompositeAnalyzer(PinyinTokenizer(every))


def segment(text, mode="accurate"):
    """The folded words the index holds for ``text``: no punctuation, no stop words.

    In search mode sub-words come before the word they belong to.
    """
    return [t.text for t in chinese_analyzer(mode)(text)]


# ---------------------------------------------------------------- index time, fast

def _words(text, mode):
    """``(pos, word)`` of ``_segments(text, mode)``, without the spans (index time needs none)."""
    folded = _last_fold(text)
    config = current()
    search = mode == "search"
    pos = 0
    for run in _RUNS.finditer(folded):
        if run.lastgroup != "han":
            yield pos, run.group()
            pos += 1
            continue
        for word in config.cut(run.group()):
            if search:
                for _, gram in config.subwords(word):
                    yield pos, gram
            yield pos, word
            pos += 1


_last = ("", "")        # the last text folded at index time and its fold: a title is folded for four fields


def _last_fold(text):
    global _last
    last, folded = _last        # one read and one write of the pair: other threads may fold too
    if last is not text:
        folded = fold(text)
        _last = (text, folded)
    return folded


def _word_positions(mode, stops, minsize, maxsize, value):
    """``{word: [positions]}`` as ``ChineseTokenizer(mode) | LowercaseFilter() | WordStopFilter`` gives them."""
    positions = {}
    group = group_pos = next_pos = None
    for pos, text in _words(value, mode):
        text = text.lower()
        # WordStopFilter's renumbering (renumber=True), token by token.
        if pos != group:
            group, group_pos = pos, None
        if len(text) < minsize or (maxsize is not None and len(text) > maxsize) or text in stops:
            continue
        if group_pos is None:
            group_pos = group if next_pos is None else next_pos
            next_pos = group_pos + 1
        found = positions.get(text)
        if found is None:
            positions[text] = [group_pos]
        else:
            found.append(group_pos)
    return positions


def _term_positions(tokenizer, value):
    """``{term: [positions]}`` of a tokenizer of this module used alone (bigrams, pinyin)."""
    positions = {}
    for pos, text, _, _ in tokenizer._terms(value, "index"):
        found = positions.get(text)
        if found is None:
            positions[text] = [pos]
        else:
            found.append(pos)
    return positions


_ONE_POSITION = {}      # position -> Positions.encode([position]) (most postings have one position)


def _index(find_positions, encode, boost, value):
    """``FieldType.index(value)`` of a Positions field: ``(term bytes, freq, weight, value bytes)``."""
    one = _ONE_POSITION
    for text, poslist in find_positions(value).items():
        count = len(poslist)
        if count == 1:
            pos = poslist[0]
            vbytes = one.get(pos)
            if vbytes is None:
                vbytes = one[pos] = encode(poslist)
        else:
            vbytes = encode(poslist)
        # Whoosh sums one boost of 1.0 per token, then scales by the field boost.
        yield text.encode("utf-8"), count, float(count) * boost, vbytes


def fast_index(field):
    """A function giving what ``field.index(value)`` gives for a text ``value``, or None for other fields.

    Only for a field whose format is Whoosh's ``Positions`` and whose
    analyzer is one of this module's: ``chinese_analyzer`` (any mode, any
    stop list), ``bigram_analyzer``, ``pinyin_analyzer``. Values that are
    not text (pre-tokenized lists) take Whoosh's way (the caller checks).
    """
    fmt = getattr(field, "format", None)
    analyzer = getattr(field, "analyzer", None)
    if type(fmt) is not Positions or "encode" in vars(fmt) or not isinstance(analyzer, CompositeAnalyzer):
        return None
    items = analyzer.items
    kinds = [type(item) for item in items]
    if kinds == [ChineseTokenizer, LowercaseFilter, WordStopFilter] and items[2].renumber:
        stop = items[2]
        positions = partial(_word_positions, items[0].mode, stop.stops, stop.min, stop.max)
    elif kinds in ([BigramTokenizer], [PinyinTokenizer]):
        positions = partial(_term_positions, items[0])
    else:
        return None
    return partial(_index, positions, fmt.encode, fmt.field_boost)
