"""The query language: what each piece of syntax parses to, and that bad syntax never fails."""

import pytest

from index.params import YEAR_MAX, YEAR_MIN
from index.query import Clause, parse


def words(parsed):
    return [[c.value for c in group] for group in parsed.groups]


def test_words_are_separate_anded_groups():
    assert words(parse("信息公开 条例")) == [["信息公开"], ["条例"]]


def test_or_joins_the_neighbouring_clauses():
    assert words(parse("低保 OR 救助 标准")) == [["低保", "救助"], ["标准"]]


def test_bar_works_as_or():
    assert words(parse("低保 | 救助")) == [["低保", "救助"]]


@pytest.mark.parametrize("text", ["OR 低保", "低保 OR", "低保 OR OR"])
def test_lone_or_is_dropped(text):
    assert words(parse(text)) == [["低保"]]


def test_minus_marks_an_excluded_clause():
    parsed = parse("公开 -依申请")
    assert words(parsed) == [["公开"]] and [c.value for c in parsed.excluded] == ["依申请"]


def test_quotes_make_a_phrase():
    assert parse('"政府信息公开" 条例').groups[0] == [Clause("text", "政府信息公开", phrase=True)]


def test_curly_and_corner_quotes_make_a_phrase():
    assert parse("“政府信息公开”").groups[0][0].phrase
    assert parse("「政府信息公开」").groups[0][0].phrase


def test_unbalanced_quote_falls_back_to_plain_words():
    assert words(parse('"政府信息 公开')) == [["政府信息"], ["公开"]]
    assert not any(c.phrase for g in parse('"政府信息 公开').groups for c in g)


def test_field_clauses():
    parsed = parse("title:年度报告 issuer:宾县政府 doc_no:黑政办发〔2012〕")
    assert [g[0] for g in parsed.groups] == [Clause("text", "年度报告", field="title"),
                                            Clause("issuer", "宾县政府"),
                                            Clause("doc_no", "黑政办发〔2012〕")]


def test_chinese_field_names_and_full_width_colon():
    assert parse("标题：年度报告").groups[0][0] == Clause("text", "年度报告", field="title")


@pytest.mark.parametrize("text,years", [("year:2012", (2012, 2012)), ("year:2010..2012", (2010, 2012)),
                                        ("year:2012..2010", (2010, 2012)),
                                        ("year:2012..", (2012, YEAR_MAX)), ("year:..2012", (YEAR_MIN, 2012))])
def test_year_clause_is_a_range(text, years):
    assert parse(text).groups[0][0] == Clause("year", years)


@pytest.mark.parametrize("text", ["year:12", "year:abcd", "year:..", "year:9999"])
def test_bad_year_is_a_plain_word(text):
    assert parse(text).groups[0][0].kind == "text"


@pytest.mark.parametrize("text,expected", [(":条例", [[":条例"]]), ("title:", [["title:"]]),
                                           ("colour:红", [["colour:红"]]), ("a:b:c", [["a:b:c"]])])
def test_stray_colons_and_unknown_fields_are_plain_words(text, expected):
    parsed = parse(text)
    assert words(parsed) == expected and all(c.kind == "text" and c.field is None
                                             for g in parsed.groups for c in g)


def test_doc_number_with_spaces_is_one_clause():
    assert words(parse("黑政办发 〔2012〕 9号")) == [["黑政办发 〔2012〕 9号"]]


def test_a_lone_minus_is_a_plain_word():
    assert words(parse("- 条例")) == [["-"], ["条例"]]


def test_empty_and_blank_queries_parse_to_nothing():
    assert parse("").empty and parse("   ").empty and parse('""').empty
