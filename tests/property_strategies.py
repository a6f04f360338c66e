"""Hypothesis strategies for hostile input, shared by tests/test_property_*.py.

Text a visitor, a clerk or an import file may send: any Unicode (control
characters, lone surrogates as ``str``, zero-width and bidi characters,
full-width punctuation, Simplified and Traditional Chinese), the query
language's operators, the fixtures' real vocabulary (titles, body names,
doc numbers, topics, genres), brackets and quotes nested thousands deep, and
strings of 100,000 characters. ``hostile_text`` mixes all of it; the long and
deep ones are separate strategies (``long_text``, ``deep_nesting``), for tests
that try a few examples, since each is slow to run through a parser.
"""

import csv
import io
import json

import yaml
from hypothesis import strategies as st

from catalogue.items import FIELD_NAMES
from registry_fixture import BODIES_YAML
from search_fixtures import ITEMS
from staff_fixtures import item

LONG = 100_000          # characters: far past every limit the catalogue has
DEEP = 10_000           # levels of nesting: far past Python's recursion limit

CONTROL = [chr(c) for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))]
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d"]     # lone halves of a pair
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"]
BIDI = ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
        "\u2068", "\u2069", "\u061c"]
FULL_WIDTH = list("，。、；：？！“”‘’（）【】〔〕［］｛｝《》〈〉「」『』＂＇＋－＊？｜～　．…—·") + ["\u3000"]
SIMPLIFIED = list("黑龙江省人民政府办公厅关于进一步深化全省县乡政务公开工作的意见财政预算通知发号")
TRADITIONAL = list("黑龍江省人民政府辦公廳關於進一步深化全省縣鄉政務公開工作的意見財政預算通知發號")
OPERATORS = ["AND", "OR", "NOT", "|", "-", "--", '"', '""', "*", "?", "..", ":", "title:", "issuer:",
             "doc_no:", "docno:", "year:", "标题:", "文号:", "年份:", "机构:", "(", ")", "[", "]", "{", "}",
             "\\", "~", "^", "+", "&&", "||", "!", "/", "%", "'", ",", ";", "#", "<", ">"]
BRACKETS = [("(", ")"), ("[", "]"), ("{", "}"), ('"', '"'), ("“", "”"), ("〔", "〕"), ("（", "）"),
            ("【", "】"), ("「", "」"), ("《", "》"), ("<", ">"), ("'", "'")]


def _vocabulary():
    words = set()
    for raw in ITEMS:
        for name in ("title", "issuer", "doc_no", "topic", "genre", "publish_date"):
            if raw.get(name):
                words.add(raw[name])
        words.update(raw.get("keywords", ()))
    for line in BODIES_YAML.splitlines():
        if ":" in line:
            words.add(line.split(":", 1)[1].strip().strip('"'))
    words.update(["信息公开", "政务公开", "黑政办发", "43号", "2011〕43", "黑政办发43号", "2010..2012",
                  "2012", "低保", "住建厅", "黑龍江省財政廳"])
    return sorted(w for w in words if w)


VOCABULARY = _vocabulary()
SPECIAL = CONTROL + SURROGATES + ZERO_WIDTH + BIDI + FULL_WIDTH + SIMPLIFIED + TRADITIONAL

# Any code point at all, surrogates included (st.characters leaves them out unless asked).
any_character = st.characters(codec=None, exclude_categories=())
special_character = st.sampled_from(SPECIAL)
character = st.one_of(any_character, special_character)
token = st.one_of(st.sampled_from(VOCABULARY), st.sampled_from(OPERATORS),
                  st.text(character, min_size=1, max_size=8))
separator = st.sampled_from([" ", "", "  ", "\u3000", "\t", "\n", ",", "，"])


@st.composite
def _soup(draw, max_tokens=12):
    """Tokens of the query language, real words and odd characters, joined by odd separators."""
    tokens = draw(st.lists(token, max_size=max_tokens))
    out = []
    for piece in tokens:
        out.append(piece)
        out.append(draw(separator))
    return "".join(out)


@st.composite
def _nested(draw, max_depth=60):
    """A word inside brackets or quotes a few dozen deep, balanced or not."""
    opener, closer = draw(st.sampled_from(BRACKETS))
    depth = draw(st.integers(1, max_depth))
    inner = draw(st.sampled_from(VOCABULARY))
    closed = draw(st.integers(0, depth))
    return opener * depth + inner + closer * closed


# Short hostile text: what any one field or parameter is tried with.
hostile_text = st.one_of(st.text(character, max_size=40), _soup(), _nested(),
                         st.sampled_from(VOCABULARY), st.sampled_from(SPECIAL + OPERATORS))
# Text a query box gets: mostly the query language's own pieces.
query_text = st.one_of(_soup(), hostile_text)


@st.composite
def long_text(draw, size=LONG):
    """A string of ``size`` characters: one character, a word or a soup of both, repeated."""
    piece = draw(st.one_of(special_character, st.sampled_from(VOCABULARY), _soup(max_tokens=6),
                           st.text(character, min_size=1, max_size=20)).filter(bool))
    return (piece * (size // len(piece) + 1))[:size]


@st.composite
def deep_nesting(draw, depth=DEEP):
    """Brackets, quotes or parentheses ``depth`` levels deep (balanced or not) around a word."""
    opener, closer = draw(st.sampled_from(BRACKETS))
    inner = draw(st.sampled_from(VOCABULARY))
    return opener * depth + inner + closer * draw(st.sampled_from([depth, 0, depth // 2]))


# A year, a page number: what a number parameter may be sent instead.
number_text = st.one_of(st.integers(-10**40, 10**40).map(str), st.sampled_from(
    ["", " ", "0", "-0", "+1", "1e3", "1.5", "٣", "１２", "2012..", "..2012", "2010..2012", "2012-2013",
     "NaN", "inf", "9" * 5000, "\u200b1", "1\x00"]), hostile_text)


# -- import files --------------------------------------------------------------

field_value = st.one_of(hostile_text, st.sampled_from(VOCABULARY), st.none(), st.booleans(),
                        st.integers(-10**20, 10**20), st.floats(allow_nan=False), number_text,
                        st.lists(hostile_text, max_size=4),
                        st.dictionaries(hostile_text, hostile_text, max_size=3))
# A valid item of 宾县人民政府 with some of its fields, or fields of no item, made hostile.
record = st.builds(lambda changes: item(**changes),
                   st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), hostile_text), field_value,
                                   max_size=4))
# The syntax of the formats read: YAML tags, anchors and documents, JSON and CSV punctuation.
FILE_SYNTAX = ["!!int 2012", "!!int " + "9" * 5000, "!!float abc", "!!timestamp 2012-13-45", "!!binary aGk=",
               "!!set {a, b}", "!!str", "&a [*a]", "*a", "? [a]", ": ", "<<: 5", "---", "...", "%YAML 1.1",
               "- ", "  ", "title: ", "{", "}", "[", "]", '"', "'", ",", "\\u0000", "\\ud800", "NaN", "1e999"]
# What a file of any format may hold that no writer made: lines of hostile text and syntax.
file_text = st.one_of(hostile_text, st.lists(st.one_of(hostile_text, st.sampled_from(OPERATORS + FILE_SYNTAX)),
                                             max_size=8).map("\n".join),
                      st.lists(st.sampled_from(FILE_SYNTAX + VOCABULARY), max_size=10).map("".join))


def records_text(fmt, records, ascii_only):
    """``records`` as a file of ``fmt`` (jsonl, yaml, csv) holds them; ``None`` when that format cannot.

    ``ascii_only`` escapes what is not ASCII (JSON ``\\ud800``, YAML ``\\uD800``),
    so a lone surrogate reaches the importer as text rather than as bytes that are not UTF-8.
    """
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=ascii_only) + "\n" for r in records)
    if fmt == "yaml":
        try:
            return yaml.safe_dump(records, allow_unicode=not ascii_only)
        except yaml.YAMLError:
            return None
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(FIELD_NAMES)
    for one in records:
        writer.writerow(["" if one.get(name) is None else str(one.get(name)) for name in FIELD_NAMES])
    return out.getvalue()
