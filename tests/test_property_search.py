"""Property-based: whatever text the search side is given, it answers or refuses naming the parameter.

The query parser, the doc-number parser, the parameter table and the real
search engine (a Whoosh index over the search fixtures' Chinese items) are
given arbitrary Unicode (control characters, lone surrogates, zero-width
and bidi characters, full-width punctuation, the query operators, the
fixtures' own words), 100,000-character strings and brackets 10,000 deep.
The only exception allowed is ``ValidationError`` whose problems name the
parameter; each example stays within the profile's deadline (tests/conftest.py).
"""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalogue import docno
from catalogue.errors import BadValue, ValidationError
from index import query
from index.params import FILTERS, QUERY_MAX, SEARCH_PARAMS, SORTS, parse_years
from property_strategies import (VOCABULARY, deep_nesting, hostile_text, long_text, number_text,
                                 query_text)
from search_fixtures import ITEMS, indexed

PARAMETER_FIELDS = {"query", "filters", *FILTERS, "sort", "page", "per_page"}
# A generous bound for one search of a hostile 100,000-character query on a busy machine.
SECONDS = 5


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    with indexed(tmp_path_factory.mktemp("property"), ITEMS) as index:
        yield index


def _answer_or_problem(search, **arguments):
    """The engine's answer, or ``None`` when it refused with problems that each name a parameter.

    A filter name that is not one is named as given.
    """
    named = PARAMETER_FIELDS | set(arguments.get("filters") or ())
    try:
        return search(**arguments)
    except ValidationError as exc:
        assert exc.problems and all(p.field in named for p in exc.problems), exc.problems
        return None


@given(query_text)
def test_any_query_text_parses_into_clauses_without_raising(text):
    parsed = query.parse(text)
    assert isinstance(parsed, query.ParsedQuery)


@given(query_text)
def test_any_query_text_gives_results_or_a_named_problem(index, text):
    try:
        result = index.search(query=text)
    except ValidationError as exc:
        # Only too long a query, or one holding half a UTF-16 pair, is refused.
        [problem] = exc.problems
        assert (problem.field, problem.code) in {("query", "too_long"), ("query", "control_character")}
        assert problem.code == "control_character" or len(text) > QUERY_MAX
    else:
        assert result["total"] >= 0 and isinstance(result["items"], list)


@given(query_text)
def test_any_query_text_gives_suggestions_without_raising(index, text):
    assert isinstance(index.suggest(text), list)


@given(st.dictionaries(st.sampled_from([*FILTERS, *FILTERS, "作者", "", "\ud800"]),
                       st.one_of(hostile_text, st.lists(hostile_text, max_size=4), number_text),
                       max_size=4),
       st.one_of(st.sampled_from(SORTS), hostile_text), number_text, number_text)
def test_any_filter_sort_and_page_give_results_or_a_named_problem(index, filters, sort, page, per_page):
    _answer_or_problem(index.search, query="公开", filters=filters, sort=sort, page=page, per_page=per_page)


@given(st.sampled_from(SEARCH_PARAMS), st.one_of(hostile_text, number_text))
def test_any_parameter_value_is_checked_or_refused_with_a_code(param, value):
    try:
        param.check(value)
    except BadValue as exc:
        assert exc.code and exc.message


@given(st.one_of(number_text, hostile_text))
def test_any_year_text_is_a_range_or_refused_as_not_a_year(text):
    try:
        first, last = parse_years(text)
    except BadValue as exc:
        assert exc.code == "not_a_year"
    else:
        assert first <= last


@given(st.one_of(hostile_text, st.sampled_from(VOCABULARY)))
def test_any_doc_number_text_parses_or_is_kept_without_raising(text):
    parsed = docno.parse(text, allow_stem=True)
    docno.canonical(text), docno.parts(text), docno.fragment(text)
    if parsed is not None and parsed.number is not None:
        # The canonical spelling is a fixed point: it reads back as the same number.
        assert docno.parse(parsed.canonical) == parsed


@settings(max_examples=8)
@given(st.one_of(long_text(), deep_nesting()))
def test_a_huge_or_deeply_nested_query_is_refused_as_too_long_within_seconds(index, text):
    start = time.monotonic()
    with pytest.raises(ValidationError) as refused:
        index.search(query=text)
    assert [p.code for p in refused.value.problems] == ["too_long"]
    assert time.monotonic() - start < SECONDS


@settings(max_examples=8)
@given(st.one_of(long_text(), deep_nesting()))
def test_a_huge_or_deeply_nested_text_parses_and_suggests_within_seconds(index, text):
    start = time.monotonic()
    query.parse(text)
    docno.parse(text, allow_stem=True), docno.fragment(text)
    index.suggest(text)
    assert time.monotonic() - start < SECONDS


# Regressions the properties found: each of these queries once crashed the search.
@pytest.mark.parametrize("text", [",", "，", "\u200b", "\u202e", "\ufeff", "公开 ,", "-，"])
def test_a_query_of_only_punctuation_or_an_invisible_character_answers(index, text):
    # These fold to no series name (a comma is the doc-number field's separator).
    assert index.search(query=text)["total"] >= 0


@pytest.mark.parametrize("text", ["\ud800", "公开\udfff", "title:\ud83d"])
def test_a_query_with_a_lone_surrogate_is_refused_naming_the_query(index, text):
    with pytest.raises(ValidationError) as refused:
        index.search(query=text)
    assert [(p.field, p.code) for p in refused.value.problems] == [("query", "control_character")]


def test_a_lone_surrogate_completes_to_nothing(index):
    assert index.suggest("信息\ud800") == []
