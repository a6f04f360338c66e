"""Query plans: what the index looks up for a parsed query.

A parsed query (``query.ParsedQuery``) becomes a ``Plan``: groups of clauses
ANDed, the clauses of a group ORed, excluded clauses subtracted. A clause is
either a scored ``Word`` (the union of its alternatives: the jieba words in
the text fields, as one term or a phrase; synonyms; the Han bigrams of the
title; an exact doc number or index number) or an unscored ``ValueIn`` (an
issuer and its descendants, a year range). ``index.matching`` evaluates
plans on the index's segments. A doc number or index number match scores
far above any text match, so it ranks first.

What can go wrong: nothing; text with nothing searchable in it plans no
clause, and a word absent from the index simply matches nothing.
"""

from dataclasses import dataclass

from catalogue import docno as _docno

from . import analysis, schema
from . import query as _query
from .fold import HAN_RUN, fold

EXACT_SCORE = 1000.0      # doc number / index number: above any text score
SYNONYM_WEIGHT = 0.8      # a synonym counts a little less than the word typed
BIGRAM_WEIGHT = 1.0       # per bigram of a verbatim title run
LOOSE_WEIGHT = 0.5        # every word of a typed run, not adjacent: below the phrase
ALL_FIELDS = tuple(schema.FIELD_BOOSTS.items())
TITLE_ONLY = (("title", schema.FIELD_BOOSTS["title"]),)


@dataclass(frozen=True)
class Alt:
    """One way a word can match: ``kind`` terms|loose|bigrams|exact|prefix.

    ``terms`` with several words is a phrase; ``loose`` wants every word in
    the document, in any field and any order.
    """
    kind: str
    fields: tuple          # ((fieldname, boost), ...)
    words: tuple           # the terms (a phrase when several)
    weight: float = 1.0


@dataclass(frozen=True)
class Word:
    """A scored clause: the sum of its alternatives' scores."""
    alts: tuple


@dataclass(frozen=True)
class ValueIn:
    """An unscored clause: the document's ``field`` value is one of ``values``."""
    field: str
    values: frozenset


@dataclass
class Plan:
    groups: list            # [[Word | ValueIn, ...], ...] ANDed groups of ORed clauses
    excluded: list          # [Word | ValueIn, ...]
    marks: tuple            # folded strings to highlight

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
        parsed = _docno.parse(value, allow_stem=True)
        if parsed is not None:
            alts.append(_doc_no_alt(parsed))
            marks = [fold(parsed.canonical)]    # the number whole, not its pieces
        if any(ch.isdigit() for ch in value) and not any(ch.isspace() for ch in value):
            # Index numbers always carry a year or a sequence number.
            alts.append(Alt("exact", (("index_no", 1.0),), (fold(value.strip()),), EXACT_SCORE))
    return (Word(tuple(alts)) if alts else None), marks


def _doc_no_alt(parsed):
    # The index holds folded doc numbers (黑政辦發 -> 黑政办发); a stem lists its series.
    kind = "exact" if parsed.number is not None else "prefix"
    return Alt(kind, (("doc_no", 1.0),), (fold(parsed.canonical),), EXACT_SCORE)


def doc_no_word(value):
    """``doc_no:`` — the canonical doc number, or every number of a prefix-year stem."""
    parsed = _docno.parse(value, allow_stem=True)
    if parsed is None:
        return Word((Alt("exact", (("doc_no", 1.0),), (fold(_docno.canonical(value)),),
                         EXACT_SCORE),))
    return Word((_doc_no_alt(parsed),))


def plan(text, tree, synonyms):
    """The ``Plan`` of query ``text`` (already normalised)."""
    parsed = _query.parse(text)
    marks = []

    def compile_clause(clause):
        if clause.kind == "text":
            word, found = text_word(clause.value, clause.phrase, clause.field == "title", synonyms)
            marks.extend(found)
            return word
        if clause.kind == "year":
            first, last = clause.value
            return ValueIn("year", frozenset(range(first, last + 1)))
        if clause.kind == "doc_no":
            marks.append(fold(_docno.canonical(clause.value)))
            return doc_no_word(clause.value)
        # issuer: a registry body and its descendants; else bodies whose name
        # contains the text; else the text as plain words.
        name = tree.resolve(clause.value)
        names = tree.with_descendants(name) if name else []
        if not names:
            for found in tree.containing(clause.value):
                names.extend(tree.with_descendants(found))
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
        before = len(marks)
        compiled = compile_clause(clause)
        del marks[before:]          # excluded words are not highlighted
        if compiled is not None:
            excluded.append(compiled)
    return Plan(groups, excluded, tuple(dict.fromkeys(m for m in marks if m)))
