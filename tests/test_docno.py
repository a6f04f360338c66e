"""Doc numbers (发文字号): every bracket style parses to one canonical spelling."""

import pytest

from catalogue import docno, items

SPELLINGS = [
    "黑政办发〔2011〕43号",
    "黑政办发[2011]43号",
    "黑政办发(2011)43号",
    "黑政办发（2011）43号",
    "黑政办发【2011】43号",
    "黑政办发［２０１１］４３号",
    "黑政办发〔2011〕43",
    " 黑政办发 [2011] 第43号 ",
    "黑政办发2011年43号",
    "黑政办发〔2011〕43號",
]


@pytest.mark.parametrize("text", SPELLINGS)
def test_every_bracket_style_gives_the_canonical_doc_number(text):
    assert docno.canonical(text) == "黑政办发〔2011〕43号"


@pytest.mark.parametrize("text", SPELLINGS)
def test_every_bracket_style_parses_to_prefix_year_and_number(text):
    assert docno.parse(text) == ("黑政办发", 2011, 43)


def test_a_doc_number_outside_the_pattern_is_kept_as_typed():
    assert docno.canonical("国务院令第492号") == "国务院令第492号"


def test_a_series_stem_parses_only_when_asked():
    assert docno.parse("黑政公开办发〔2012〕") is None
    assert docno.parse("黑政公开办发〔2012〕", allow_stem=True).canonical == "黑政公开办发〔2012〕"


def test_item_validation_stores_the_canonical_doc_number():
    item = items.validate({"title": "通知", "issuer": "省政府", "publish_date": "2012-01-01",
                           "doc_no": "黑政公开办发(2012)2号"}, items.Context(lambda t: t))
    assert item["doc_no"] == "黑政公开办发〔2012〕2号"
