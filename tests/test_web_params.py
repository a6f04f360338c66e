"""Search parameters from URLs: parsing, the 400 problems, and the canonical shareable URL."""

import pytest

from catalogue.errors import ValidationError
from web.params import parse_search


def problems_of(pairs, **options):
    with pytest.raises(ValidationError) as caught:
        parse_search(pairs, **options)
    return {p.field for p in caught.value.problems}


def test_repeated_issuer_becomes_a_list_filter():
    request = parse_search([("issuer", "黑龙江省人民政府"), ("issuer", "哈尔滨市人民政府")])
    assert request.engine_filters() == {"issuer": ["黑龙江省人民政府", "哈尔滨市人民政府"]}


def test_year_range_becomes_a_pair():
    assert parse_search([("year", "2010..2012"), ("year", "2015")]).engine_filters() == {
        "year": [(2010, 2012), 2015]}


def test_an_open_ended_year_range_keeps_its_open_end_in_the_url():
    request = parse_search([("year", " .. 2011"), ("year", "2015..")])
    assert request.filters == {"year": ["..2011", "2015.."]}
    assert request.url_params() == [("year", "..2011"), ("year", "2015..")]


def test_a_year_range_needs_at_least_one_end():
    assert problems_of([("year", "..")]) == {"year"}


def test_backwards_year_range_is_the_same_range_written_forwards():
    request = parse_search([("year", "2013..2011")])
    assert (request.filters, request.engine_filters()) == ({"year": ["2011..2013"]}, {"year": [(2011, 2013)]})


def test_page_that_is_not_a_number_is_refused():
    assert problems_of([("page", "abc")]) == {"page"}


def test_per_page_above_one_hundred_is_refused():
    assert problems_of([("per_page", "10000")]) == {"per_page"}


def test_every_bad_parameter_is_reported_at_once():
    assert problems_of([("page", "0"), ("sort", "title"), ("validity", "有时")]) == {
        "page", "sort", "validity"}


def test_unknown_parameters_are_ignored():
    assert parse_search([("utm_source", "weibo")]).filters == {}


def test_empty_form_fields_mean_no_filter():
    request = parse_search([("q", ""), ("issuer", ""), ("year", " ")])
    assert (request.query, request.filters) == ("", {})


def test_page_size_defaults_to_the_setting():
    assert parse_search([], per_page_default=25).per_page == 25


def test_url_params_leave_out_defaults():
    request = parse_search([("q", "信息公开"), ("sort", "relevance"), ("page", "1"), ("year", "2012")])
    assert request.url_params() == [("q", "信息公开"), ("year", "2012")]


def test_toggling_a_filter_adds_it_and_returns_to_page_one():
    request = parse_search([("q", "公开"), ("page", "3")])
    assert request.toggled("issuer", "宾县人民政府") == [("q", "公开"), ("issuer", "宾县人民政府")]


def test_toggling_a_chosen_filter_removes_it():
    request = parse_search([("year", "2011"), ("year", "2012")])
    assert request.toggled("year", "2011") == [("year", "2012")]
