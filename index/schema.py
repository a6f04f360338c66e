"""The Whoosh schema of the catalogue index and the index document of a stored item.

The index holds what searching, filtering, facets and sorting need; the
store of record holds the rest (the result list and its snippets are read
back from the store for the hits shown, so they are never stale).

Text fields (analysis.chinese_analyzer, word positions, so phrases work):
  title (also stored), summary, body, keywords
  title_bigrams  Han bigrams of the title: any verbatim run is a phrase
  title_py, title_pyx  the title's pinyin: pairs of neighbouring Han characters'
                 syllables and initials (the dictionary's reading; every reading): ``index.pinyin``
Exact fields: id (unique, stored), index_no and doc_no (the canonical
黑政办发〔2011〕43号), both folded like text, publish_date (ISO, stored), year.
doc_no_parts: what a doc number is searched by besides its whole spelling,
one term per part or pair of parts (``doc_part_term``): the series
(``s:黑政办发``), the number (``n:43``), series and number
(``sn:黑政办发/43``), year and number (``yn:2011/43``).
Value columns, read per segment into memory in one go (facets, filters,
sorting): issuer_own, topic_own, genre, validity, disclosure, status (enum
columns), year, sortkey = publish date (days) << 32 | item id, and
written_day = the written date's day ordinal (0: none).

Every stored item has a document, whatever its status (draft, published,
withdrawn …): staff search them all. What the public may see is decided at
search time from status, disclosure and the date (``index.scope``), so a
scheduled item needs no reindex on its day.

Filters by issuer include the issuer's descendants and filters by a
first-level topic include its second levels; both are resolved at query time
from the body registry and the topic list, so a body moved in the registry
needs no reindex.

What can go wrong: nothing at build time; a changed schema needs
``catalogue reindex`` (``SCHEMA_VERSION`` tells an old index apart).
"""

import datetime as _dt

from whoosh import columns
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, TEXT, Schema

from catalogue import docno as _docno

from . import analysis
from .fold import fold

# Bump when the fields or their analysis change: an index built by another
# version is rebuilt instead of being followed.
# 2: separate segment files (see generations.WRITER_OPTIONS); 3: doc_no_parts; 4: every item, status;
# 5: written_day; 6: title pinyin
SCHEMA_VERSION = 6

# Query-time boosts: a word in the title counts above the keywords, above the
# summary, above the body (BM25F with per-field weights).
FIELD_BOOSTS = {"title": 4.0, "keywords": 2.5, "summary": 1.5, "body": 1.0}
TEXT_FIELDS = tuple(FIELD_BOOSTS)
TITLE_BIGRAMS = "title_bigrams"
TITLE_PINYIN = "title_py"          # the dictionary's reading of each character
TITLE_PINYIN_ANY = "title_pyx"     # every reading of each character

# Per-document values kept as enum columns (see the module docstring).
VALUE_FIELDS = ("issuer_own", "topic_own", "genre", "validity", "disclosure", "status")
SORTKEY = "sortkey"
WRITTEN_DAY = "written_day"
DOC_PARTS = "doc_no_parts"


def _value_field():
    # An enum column: one small integer per document plus the list of values;
    # also indexed, one term per document, for exact lookups.
    return ID(stored=False, sortable=columns.RefBytesColumn())


def build_schema():
    """A fresh schema; the analyzers pickle into the index's table of contents."""
    words = analysis.chinese_analyzer("search")
    fields = dict(
        id=ID(stored=True, unique=True),
        index_no=ID(),
        doc_no=ID(),
        doc_no_parts=KEYWORD(commas=True),
        title=TEXT(analyzer=words, stored=True, phrase=True),
        title_bigrams=TEXT(analyzer=analysis.bigram_analyzer(), phrase=True),
        title_py=TEXT(analyzer=analysis.pinyin_analyzer(), phrase=True),
        title_pyx=TEXT(analyzer=analysis.pinyin_analyzer(every=True), phrase=True),
        summary=TEXT(analyzer=words, phrase=True),
        body=TEXT(analyzer=words, phrase=True),
        keywords=TEXT(analyzer=words, phrase=True),
        publish_date=ID(stored=True),
        year=NUMERIC(int, bits=16, signed=False, stored=True, sortable=True, shift_step=16),
        sortkey=COLUMN(columns.NumericColumn("q")),
        written_day=COLUMN(columns.NumericColumn("I")),
    )
    fields.update((name, _value_field()) for name in VALUE_FIELDS)
    return Schema(**fields)


def sort_key(publish_date, item_id):
    """The ``sortkey`` column value: publish date, then id, in one integer."""
    return _dt.date.fromisoformat(publish_date).toordinal() << 32 | int(item_id)


def _day(iso):
    return _dt.date.fromisoformat(iso).toordinal() if iso else ""


def day_of(key):
    """The publish date's day ordinal inside a ``sortkey`` value."""
    return key >> 32


def item_id_of(key):
    """The item id inside a ``sortkey`` value."""
    return key & 0xFFFFFFFF


def doc_part_term(prefix=None, year=None, number=None):
    """The ``doc_no_parts`` term of a series, a number, or series or year with a number.

    ``prefix`` is folded here; a combination the field does not hold (a
    year alone, all three: that is ``doc_no`` itself) gives ``None``.
    """
    # A comma would split the term (the field's separator).
    prefix = fold(prefix).replace(",", "") if prefix else None
    if number is None:
        return f"s:{prefix}" if prefix and year is None else None
    if prefix and year is None:
        return f"sn:{prefix}/{number}"
    if year is not None and not prefix:
        return f"yn:{year}/{number}"
    return None if prefix else f"n:{number}"


def _doc_parts(doc_no):
    parts = _docno.parts(doc_no)
    if parts is None:
        return ""
    prefix, year, number = parts
    terms = [doc_part_term(prefix=prefix), doc_part_term(number=number),
             doc_part_term(prefix=prefix, number=number)]
    if year is not None:
        terms.append(doc_part_term(year=year, number=number))
    return ",".join(terms)


def document(item):
    """The index document (field -> value) of a stored ``item``.

    What can go wrong: a stored item always has id, index_no, title, issuer
    and publish_date; a missing one raises ``KeyError``.
    """
    doc = {
        "id": str(item["id"]),
        # Exact fields hold the folded form, so 黑政辦發 finds 黑政办发 and full-width
        # digits find half-width ones; the store keeps the spelling shown.
        "index_no": fold(item["index_no"]),
        "doc_no": fold(item.get("doc_no") or ""),
        "doc_no_parts": _doc_parts(item.get("doc_no")),
        "title": item["title"],
        "title_bigrams": item["title"],
        "title_py": item["title"],
        "title_pyx": item["title"],
        "summary": item.get("summary") or "",
        "body": item.get("body") or "",
        "keywords": "；".join(item.get("keywords") or ()),
        "publish_date": item["publish_date"],
        "year": int(item.get("year") or item["publish_date"][:4]),
        "sortkey": sort_key(item["publish_date"], item["id"]),
        "written_day": _day(item.get("written_date")),
        "issuer_own": item["issuer"],
        "topic_own": item.get("topic") or "",
        "genre": item.get("genre") or "",
        "validity": item.get("validity") or "",
        "disclosure": item.get("disclosure") or "",
        # A stored item always has one; a validated item not stored yet is published.
        "status": item.get("status") or "published",
    }
    # An empty value would index the empty term; leave the field out (its
    # column then holds the empty default).
    return {name: value for name, value in doc.items() if value != ""}
