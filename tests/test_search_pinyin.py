"""Searching in pinyin: full syllables, initials, half Han and half pinyin, polyphones, type-ahead."""

import pytest

from index import pinyin
from search_fixtures import make_home, open_test_index, put_items, titles

XXGK = "2012年全省政府信息公开工作要点"
XXGK_2 = "关于进一步做好信息公开工作的通知"
ZWGK = "關於做好政務公開工作的通知"
BANK = "关于规范银行业金融机构收费的通知"
XINGZHENG = "哈尔滨市人民政府关于公布行政审批事项目录的决定"
XINGZHENG_2 = "关于刑政与治安管理的历史研究"        # 刑政: xingzheng by the dictionary
CHANGQI = "关于建立长期护理保险制度的意见"
SHIZHANG = "市长接待日安排公告"
ZHONGYAO = "关于做好重要节日值班的通知"
CHONGQING = "黑龙江省与重庆市合作交流情况"
LATIN = "xxgk专栏改版说明"

ITEMS = [
    {"title": title, "issuer": issuer, "publish_date": date, "topic": "综合政务/政务公开",
     "genre": "通知", "body": "正文"}
    for title, issuer, date in [
        (XXGK, "省政府", "2012-02-27"), (XXGK_2, "省政府办公厅", "2012-03-28"),
        (ZWGK, "省政府办公厅", "2014-03-01"), (BANK, "省财政厅", "2013-01-05"),
        (XINGZHENG, "哈尔滨市政府", "2012-08-01"), (XINGZHENG_2, "省政府办公厅", "2011-05-05"),
        (CHANGQI, "省政府", "2016-06-01"), (SHIZHANG, "哈尔滨市政府", "2015-01-01"),
        (ZHONGYAO, "省政府办公厅", "2015-09-09"), (CHONGQING, "省政府", "2017-04-04"),
        (LATIN, "省政府办公厅", "2018-01-01"),
    ]
]


@pytest.fixture(scope="module")
def idx(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("pinyin") / "home")
    with home.open_store() as store:
        put_items(store, ITEMS)
        with open_test_index(home, store) as found:
            yield found


def found(idx, query):
    return set(titles(idx.search(query, per_page=50)))


def test_full_pinyin_run_together_finds_the_han_titles(idx):
    assert {XXGK, XXGK_2} <= found(idx, "xinxigongkai")


def test_full_pinyin_in_words_finds_the_han_titles(idx):
    assert {XXGK, XXGK_2} <= found(idx, "xinxi gongkai")


def test_initials_find_the_han_titles(idx):
    assert {XXGK, XXGK_2} <= found(idx, "xxgk")


def test_han_and_initials_mixed_find_the_title(idx):
    assert ZWGK in found(idx, "政务gk")


def test_traditional_titles_are_read_in_pinyin_too(idx):
    assert ZWGK in found(idx, "zhengwugongkai")


def test_pinyin_finds_no_title_without_those_readings(idx):
    assert found(idx, "xinxigongkai") & {BANK, CHANGQI, SHIZHANG, CHONGQING} == set()


def test_the_typed_latin_word_itself_ranks_above_its_pinyin_matches(idx):
    assert titles(idx.search("xxgk"))[0] == LATIN


def test_hang_in_yinhang_is_read_as_the_dictionary_reads_it(idx):
    assert BANK in found(idx, "yinhang")


def test_xing_in_xingzheng_finds_both_titles_read_so(idx):
    assert {XINGZHENG, XINGZHENG_2} <= found(idx, "xingzheng")


def test_hangzheng_finds_xingzheng_below_the_dictionary_reading(idx):
    # 行 read the other way still finds 行政; 刑 has no reading hang.
    assert XINGZHENG in found(idx, "hangzheng")
    assert XINGZHENG_2 not in found(idx, "hangzheng")


def test_a_dictionary_reading_ranks_above_another_reading_of_a_polyphone(idx):
    # 银行 is yinhang by the dictionary; yinxing reaches it only through 行's other reading.
    assert pinyin.word_readings("银行")[1][0] == "hang"
    yinhang = idx.search("yinhang")["items"][0]["title"]
    assert yinhang == BANK
    assert BANK in found(idx, "yinxing")


def test_chang_and_zhang_are_read_by_word(idx):
    assert CHANGQI in found(idx, "changqi")
    assert SHIZHANG in found(idx, "shizhang")
    assert [r for r, _ in pinyin.word_readings("长期")] == ["chang", "qi"]
    assert [r for r, _ in pinyin.word_readings("市长")] == ["shi", "zhang"]


def test_zhong_and_chong_are_read_by_word(idx):
    assert ZHONGYAO in found(idx, "zhongyao")
    assert CHONGQING in found(idx, "chongqing")
    assert [r for r, _ in pinyin.word_readings("重庆")] == ["chong", "qing"]


def test_a_body_named_in_pinyin_lists_its_items_first(idx):
    result = idx.search("haerbinshirenminzhengfu")
    assert {item["issuer"] for item in result["items"][:2]} == {"哈尔滨市人民政府"}


def test_a_body_named_by_its_initials_lists_its_items(idx):
    result = idx.search("hebsrmzf")
    assert result["items"][0]["issuer"] == "哈尔滨市人民政府"


def test_type_ahead_completes_a_pinyin_prefix_in_han(idx):
    assert "政府信息公开" in idx.suggest("xinxigong")


def test_type_ahead_completes_initials_in_han(idx):
    assert "政府信息公开" in idx.suggest("xxg")


def test_latin_runs_are_cut_every_way_with_fewest_pieces():
    assert pinyin.readings("fangan") == (("fan", "gan"), ("fang", "an"))
    assert pinyin.readings("xxgk") == (("_x", "_x", "_g", "_k"),)


def test_one_letter_or_punctuation_is_no_pinyin():
    assert pinyin.readings("x") == pinyin.readings("信息") == pinyin.readings("43号") == ()
