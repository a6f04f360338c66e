"""Query plans: what the index looks up for a parsed query.

A parsed query (``query.ParsedQuery``) becomes a ``Plan``: groups of clauses
ANDed, the clauses of a group ORed, excluded clauses subtracted. A clause is
either a scored ``Word`` (the union of its alternatives: the jieba words in
the text fields, as one term or a phrase; synonyms; the Han bigrams of the
title; an exact doc number or index number; the items of a body or a
doc-number series the word names) or an unscored ``ValueIn`` (an issuer and
its descendants, a year range). ``index.matching`` evaluates plans on the
index's segments.

Ranking tiers, so what a word names comes before what merely mentions it:
an exact doc number or index number, or a series with its number
(黑政办发43号) or a year with a number (2011〕43), scores ``EXACT_SCORE``; the
items of a body the word names (黑龙江省财政厅, 住建厅, 黑龍江省財政廳) score
``NAMED_SCORE`` and those of the bodies below it ``BELOW_SCORE``; the items
of a series (黑政办发) or with the number (43号) ``NAMED_SCORE``. These are
floors (``Alt.floor``): a word's score is at least the tier's, so the items
of one tier keep the order of date, then id. Text scores stay far below
them. The words of a query are still ANDed, their scores summed.

What can go wrong: nothing; text with nothing searchable in it plans no
clause, and a word absent from the index simply matches nothing.
"""

from dataclasses import dataclass

from catalogue import docno as _docno

from . import analysis, pinyin, schema
from . import query as _query
from .fold import HAN_RUN, fold

EXACT_SCORE = 1000.0      # doc number / index number: above any text score
NAMED_SCORE = 500.0       # items of the body or the doc-number series a word names
BELOW_SCORE = 400.0       # items of the bodies below the one named
SYNONYM_WEIGHT = 0.8      # a synonym counts a little less than the word typed
BIGRAM_WEIGHT = 1.0       # per bigram of a verbatim title run
LOOSE_WEIGHT = 0.5        # every word of a typed run, not adjacent: below the phrase
PINYIN_WEIGHT = 0.3       # typed pinyin read as the dictionary reads the title (xingzheng: 行政)
PINYIN_ANY_WEIGHT = 0.15  # ... as any reading of its polyphones (hangzheng: 行政, below)
ALL_FIELDS = tuple(schema.FIELD_BOOSTS.items())
TITLE_ONLY = (("title", schema.FIELD_BOOSTS["title"]),)


@dataclass(frozen=True)
class Alt:
    """One way a word can match: ``kind`` terms|loose|bigrams|exact|prefix|values.

    ``terms`` with several words is a phrase; ``loose`` wants every word in
    the document, in any field and any order; ``values`` are the documents
    whose value column (the one field) holds one of ``words``. A ``floor``
    alternative does not add to the others: its documents score at least
    ``weight``.
    """
    kind: str
    fields: tuple          # ((fieldname, boost), ...)
    words: tuple           # the terms (a phrase when several)
    weight: float = 1.0
    floor: bool = False


@dataclass(frozen=True)
class Word:
    """A scored clause: the sum of its alternatives' scores."""
    alts: tuple


@dataclass(frozen=True)
class ValueIn:
    """An unscored clause: the document's ``field`` value is one of ``values``."""
    field: str
    values: frozenset


@dataclass(frozen=True)
class DaysIn:
    """An unscored clause: the document's day column ``field`` (date ordinals) from ``first`` to ``last``.

    ``None`` leaves that end open; a document without the date (0) never matches.
    """
    field: str
    first: int = None
    last: int = None


@dataclass
class Plan:
    groups: list            # [[Word | ValueIn, ...], ...] ANDed groups of ORed clauses
    excluded: list          # [Word | ValueIn, ...]
    marks: tuple            # folded strings to highlight
    bodies: tuple = ()      # (full name, ValueIn of it and the bodies below): bodies query words name

    def single_word(self):
        """The plan's only clause when it is one scored word (its cached ranking can be used)."""
        if len(self.groups) == 1 and len(self.groups[0]) == 1 and not self.excluded:
            clause = self.groups[0][0]
            return clause if isinstance(clause, Word) else None
        return None

    @property
    def scored(self):
        return any(isinstance(c, Word) for group in self.groups for c in group)


def _bigrams(run):
    return tuple(run[i:i + 2] for i in range(len(run) - 1))


def _verbatim(text, weight=1.0):
    """The title-bigram alternative of ``text`` when it is one run of 2+ Han characters.

    It finds the run verbatim in titles however jieba cut the title in
    context (a body name kept whole, a word split across two).
    """
    compact = "".join(fold(text).split())
    if len(compact) < 2 or not HAN_RUN.fullmatch(compact):
        return None
    return Alt("bigrams", ((schema.TITLE_BIGRAMS, 1.0),), _bigrams(compact), BIGRAM_WEIGHT * weight)


def _markable(words, typed):
    """The ``words`` worth highlighting: a lone character only when it was typed as the word.

    jieba leaves single characters from a longer run (黑 + 政办发); marked,
    they would light up every 黑 of 黑龙江.
    """
    alone = "".join(fold(typed).split())
    return [word for word in words if len(word) > 1 or word == alone]


def text_word(value, phrase=False, title_only=False, synonyms=None):
    """The ``Word`` for typed text, or ``None`` when nothing in it is searchable."""
    fields = TITLE_ONLY if title_only else ALL_FIELDS
    alts, marks = [], []
    words = tuple(analysis.segment(value, "accurate"))
    if words:
        alts.append(Alt("terms", fields, words))
        marks.extend(_markable(words, value))
        if len(words) > 2 and not phrase:
            # People type a whole run of Chinese without spaces (深化县乡政务公开):
            # its words need not be adjacent unless quoted. A two-word compound
            # (信息公开) stays a phrase: loosened, it would match almost anything.
            alts.append(Alt("loose", fields, words, LOOSE_WEIGHT))
    if not phrase:
        alts.extend(pinyin_alts(value))
    verbatim = _verbatim(value)
    if verbatim:
        alts.append(verbatim)
        marks.append(verbatim.words[0] + "".join(g[1] for g in verbatim.words[1:]))
    if synonyms is not None and not phrase:
        for term in synonyms.terms(value):
            other = tuple(analysis.segment(term, "accurate"))
            if other:
                alts.append(Alt("terms", fields, other, SYNONYM_WEIGHT))
                marks.extend(_markable(other, term))
            verbatim = _verbatim(term, SYNONYM_WEIGHT)
            if verbatim:
                alts.append(verbatim)
                marks.append("".join(fold(term).split()))
    if not phrase and not title_only:
        alts.extend(doc_no_alts(value))
        parsed = _docno.parse(value, allow_stem=True)
        if parsed is not None:
            marks = [fold(parsed.canonical)]    # the number whole, not its pieces
        if any(ch.isdigit() for ch in value) and not any(ch.isspace() for ch in value):
            # Index numbers always carry a year or a sequence number.
            alts.append(Alt("exact", (("index_no", 1.0),), (fold(value.strip()),), EXACT_SCORE))
    return (Word(tuple(alts)) if alts else None), marks


def pinyin_alts(value):
    """The title-pinyin alternatives of a word typed in pinyin (xxgk, xinxigongkai, 政务gk), maybe none.

    Each reading is a phrase in both pinyin fields: the dictionary's reading
    scores above any other reading, and both below the title's own words
    (a title boost times ``PINYIN_WEIGHT``).
    """
    boost = schema.FIELD_BOOSTS["title"]
    alts = []
    for pieces in pinyin.readings(value):
        terms = pinyin.pair_terms(pieces)
        alts.append(Alt("terms", ((schema.TITLE_PINYIN, boost),), terms, PINYIN_WEIGHT))
        alts.append(Alt("terms", ((schema.TITLE_PINYIN_ANY, boost),), terms, PINYIN_ANY_WEIGHT))
    return alts


def _doc_part(term, weight):
    return Alt("exact", ((schema.DOC_PARTS, 1.0),), (term,), weight, floor=True)


def doc_no_alts(value):
    """The doc-number alternatives of a typed word (maybe none).

    A whole doc number matches that number; a stem (黑政办发〔2012〕) the
    series' numbers of that year; series and number (黑政办发43号) or year
    and number (2011〕43) the numbers that have both; a number (43号) the
    doc numbers with it; any other word the series it may be (黑政办发:
    nothing when no doc number has that prefix).
    """
    text = value.strip()
    parsed = _docno.parse(text, allow_stem=True)
    if parsed is not None:
        # The index holds folded doc numbers (黑政辦發 -> 黑政办发); a stem lists its series.
        kind = "exact" if parsed.number is not None else "prefix"
        return [Alt(kind, (("doc_no", 1.0),), (fold(parsed.canonical),), EXACT_SCORE)]
    if not text or any(ch.isspace() for ch in text):
        return []
    piece = _docno.fragment(text)
    if piece is None:
        if any(ch.isdigit() for ch in text):
            return []
        # A word that folds to nothing a series can be (",", "，", U+200B) has no term.
        term = schema.doc_part_term(prefix=text)
        return [_doc_part(term, NAMED_SCORE)] if term else []
    term = schema.doc_part_term(*piece)
    weight = NAMED_SCORE if piece.prefix is None and piece.year is None else EXACT_SCORE
    return [_doc_part(term, weight)] if term else []


def doc_no_word(value):
    """``doc_no:`` — a doc number, a stem, a series, a piece of one (see ``doc_no_alts``)."""
    exact = Alt("exact", (("doc_no", 1.0),), (fold(_docno.canonical(value)),), EXACT_SCORE)
    alts = doc_no_alts(value)
    return Word(tuple(alts) if alts and alts[0].fields[0][0] == "doc_no" else (exact, *alts))


def doc_filter(prefix=None, year=None, number=None):
    """The ``Word`` of the doc numbers with the given parts (an unscored filter), or ``None``.

    Series, year and number: that doc number; series and year: the series'
    numbers of that year; a year alone the doc numbers of that year (with
    a number); two others or one: the ``doc_no_parts`` term.
    """
    prefix = prefix.strip() if prefix else None
    if prefix and year is not None:
        stem = _docno.DocNo(prefix, year, number).canonical
        kind = "prefix" if number is None else "exact"
        return Word((Alt(kind, (("doc_no", 1.0),), (fold(stem),), EXACT_SCORE),))
    if year is not None and number is None:
        every = schema.doc_part_term(year=year, number=0)[:-1]      # yn:2011/ begins each of them
        return Word((Alt("prefix", ((schema.DOC_PARTS, 1.0),), (every,), EXACT_SCORE),))
    term = schema.doc_part_term(prefix=prefix, year=year, number=number)
    return Word((_doc_part(term, EXACT_SCORE),)) if term else None


def body_alts(name, tree):
    """The body ``name``'s items (``NAMED_SCORE``) and those of the bodies below it (``BELOW_SCORE``)."""
    below = tuple(sorted(set(tree.with_descendants(name)) - {name}))
    alts = [Alt("values", (("issuer_own", 1.0),), (name,), NAMED_SCORE, floor=True)]
    if below:
        alts.append(Alt("values", (("issuer_own", 1.0),), below, BELOW_SCORE, floor=True))
    return alts


def _titled(clause):
    if clause.kind == "text" and not clause.field:
        return _query.Clause("text", clause.value, phrase=clause.phrase, field="title")
    return clause


def _whole_name(parsed, tree):
    """The body a query of several plain words names when read as one (黑龙江省 财政厅), or ``None``."""
    clauses = [group[0] for group in parsed.groups if len(group) == 1]
    if len(clauses) < 2 or len(clauses) != len(parsed.groups) or parsed.excluded:
        return None
    if any(c.kind != "text" or c.phrase or c.field for c in clauses):
        return None
    joined = "".join(c.value for c in clauses)
    return joined if tree.named(joined) else None


def plan(text, tree, synonyms, title_only=False):
    """The ``Plan`` of query ``text`` (already normalised); ``title_only``: its plain words in titles only."""
    parsed = _query.parse(text)
    if title_only:
        parsed = _query.ParsedQuery(parsed.text, [[_titled(c) for c in group] for group in parsed.groups],
                                    [_titled(c) for c in parsed.excluded])
    whole = _whole_name(parsed, tree)
    if whole is not None:
        parsed = _query.ParsedQuery(parsed.text, [[_query.Clause("text", whole)]])
    marks, bodies = [], []

    def compile_clause(clause):
        if clause.kind == "text":
            word, found = text_word(clause.value, clause.phrase, clause.field == "title", synonyms)
            marks.extend(found)
            name = None if clause.phrase or clause.field else tree.named(clause.value)
            if name is None:
                return word
            bodies.append(name)
            return Word(tuple(body_alts(name, tree)) + (word.alts if word else ()))
        if clause.kind == "year":
            first, last = clause.value
            return ValueIn("year", frozenset(range(first, last + 1)))
        if clause.kind == "doc_no":
            marks.append(fold(_docno.canonical(clause.value)))
            return doc_no_word(clause.value)
        # issuer: a registry body and its descendants; else bodies whose name
        # contains the text; else the text as plain words.
        name = tree.resolve(clause.value)
        found = [name] if name else tree.containing(clause.value)
        names = [n for f in found for n in tree.with_descendants(f)]
        if names:
            return ValueIn("issuer_own", frozenset(names))
        return compile_clause(_query.Clause("text", clause.value))

    groups = []
    for group in parsed.groups:
        compiled = [c for c in map(compile_clause, group) if c is not None]
        if compiled:
            groups.append(compiled)
    excluded = []
    for clause in parsed.excluded:
        before, named = len(marks), len(bodies)
        compiled = compile_clause(clause)
        del marks[before:]          # excluded words are not highlighted
        del bodies[named:]          # nor offered as a filter
        if compiled is not None:
            excluded.append(compiled)
    named = tuple((name, ValueIn("issuer_own", frozenset(tree.with_descendants(name))))
                  for name in dict.fromkeys(bodies))
    return Plan(groups, excluded, tuple(dict.fromkeys(m for m in marks if m)), named)
