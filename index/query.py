"""The query language people type into the search box, parsed into clauses.

    信息公开 条例            words are ANDed
    低保 OR 救助             either word (OR binds tighter than AND)
    公开 -依申请             NOT
    "政府信息公开"           a phrase: adjacent words only
    title:年度报告           field clauses: title: issuer: doc_no: year:
    year:2012  year:2010..2012     (the years syntax of ``params.parse_years``)
    黑龙江省财政厅  住建厅       a body's name: its items first, then mentions
    黑政办发  黑政办发43号  43号    a doc-number series, or a piece of a doc number

Parsing never fails: unbalanced quotes, a lone OR, stray colons, unknown
field names and bad years all fall back to plain words. Chinese
punctuation works as its ASCII twin (full-width colon, curly quotes).
This module only reads the syntax; ``plan`` turns clauses into what the
index looks up (segmented words, phrases, doc numbers, the body or series
a word names).
"""

import re
import unicodedata
from dataclasses import dataclass, field

from catalogue import docno as _docno

from .params import parse_years

# Field names accepted before a colon, with their Chinese labels.
FIELD_ALIASES = {
    "title": "title", "标题": "title",
    "issuer": "issuer", "发布机构": "issuer", "机构": "issuer",
    "doc_no": "doc_no", "docno": "doc_no", "发文字号": "doc_no", "文号": "doc_no",
    "year": "year", "年份": "year",
}
OR_WORDS = ("OR", "|")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "「": '"', "」": '"', "『": '"', "』": '"'})
_FIELD = re.compile(r"([^\s\":]+):(?=[^\s])")


@dataclass(frozen=True)
class Clause:
    """One searchable unit.

    ``kind``: ``text`` (a word or, with ``phrase``, a quoted phrase, in
    ``field`` or every text field when ``field`` is None), ``issuer``,
    ``doc_no`` or ``year`` (``value`` is a ``(first, last)`` pair).
    """
    kind: str
    value: object
    phrase: bool = False
    field: str = None


@dataclass
class ParsedQuery:
    """``groups`` are ANDed, the clauses of a group ORed; ``excluded`` are NOTs."""
    text: str
    groups: list = field(default_factory=list)
    excluded: list = field(default_factory=list)

    @property
    def empty(self):
        return not self.groups and not self.excluded


def normalize(text):
    """NFKC (full-width colon, minus, letters) and curly quotes to straight ones."""
    return unicodedata.normalize("NFKC", text or "").translate(_QUOTES).strip()


def _balance_quotes(text):
    # An odd number of quotes: the last one opens nothing, so it is dropped
    # and what followed it is read as plain words.
    if text.count('"') % 2:
        cut = text.rfind('"')
        text = text[:cut] + " " + text[cut + 1:]
    return text


def _tokens(text):
    """Yield ``(negated, field, value, quoted)`` for each whitespace-separated token."""
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = False
        if text[i] == "-" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] != "-":
            negated = True
            i += 1
        name = None
        m = _FIELD.match(text, i)
        if m and m.group(1).lower() in FIELD_ALIASES:
            name = FIELD_ALIASES[m.group(1).lower()]
            i = m.end()
        if text[i] == '"':
            close = text.find('"', i + 1)
            yield negated, name, text[i + 1:close], True
            i = close + 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] != '"':
                j += 1
            yield negated, name, text[i:j], False
            i = j


def _clause(name, value, quoted):
    """The clause of one token; a field clause that makes no sense is plain text."""
    value = value.strip()
    if not value:
        return None
    if name == "year":
        try:
            return Clause("year", parse_years(value))
        except ValueError:
            return Clause("text", value)
    if name in ("issuer", "doc_no"):
        return Clause(name, value)
    return Clause("text", value, phrase=quoted, field=name)


def parse(text):
    """Parse ``text`` into a ``ParsedQuery``; never raises."""
    text = normalize(text)
    if text and _docno.parse(text, allow_stem=True) and not _FIELD.search(text):
        # A doc number typed with spaces inside (黑政办发 〔2012〕 43号) is one clause.
        return ParsedQuery(text, [[Clause("text", text)]])
    text = _balance_quotes(text)
    parsed = ParsedQuery(text)
    pending_or = False
    for negated, name, value, quoted in _tokens(text):
        if not quoted and name is None and not negated and value in OR_WORDS:
            # OR joins the next clause to the previous group; a lone OR at
            # the start, the end or twice in a row is simply dropped.
            pending_or = bool(parsed.groups)
            continue
        clause = _clause(name, value, quoted)
        if clause is None:
            continue
        if negated:
            parsed.excluded.append(clause)
            pending_or = False
        elif pending_or:
            parsed.groups[-1].append(clause)
            pending_or = False
        else:
            parsed.groups.append([clause])
    return parsed
