""""Did you mean" on a real index: whole words and names one slip away, only for the word that finds nothing."""

import pytest

from search_fixtures import ITEMS, make_home, open_test_index, put_items

# 哈尔滨 is written only inside 哈尔滨市 (and the body name 哈尔滨市人民政府), so
# the index also holds the fragment 哈尔 it contains, more often than 哈尔滨.
MORE_ITEMS = [
    {"title": "哈尔滨市征地拆迁补偿标准公告", "issuer": "哈尔滨市政府", "publish_date": "2012-09-03",
     "topic": "城乡建设、环境保护/城乡建设", "genre": "公告",
     "body": "哈尔滨市范围内征地拆迁补偿按本标准执行。"},
    {"title": "哈尔滨市2012年政府信息公开工作年度报告", "issuer": "哈尔滨市政府",
     "publish_date": "2013-03-20", "topic": "综合政务/政务公开", "genre": "年度报告",
     "body": "哈尔滨市全年主动公开政府信息。"},
]


@pytest.fixture(scope="module")
def idx(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("did-you-mean") / "home")
    with home.open_store() as store:
        put_items(store, ITEMS + MORE_ITEMS)
        with open_test_index(home, store) as index:
            yield index


def suggestion(idx, query):
    result = idx.search(query)
    assert result["total"] < 3       # "did you mean" is only offered for few results
    return result["suggestion"]


def test_a_typo_in_a_place_name_suggests_the_place(idx):
    assert suggestion(idx, "哈尔宾") == "哈尔滨"


def test_the_suggestion_finds_items(idx):
    assert idx.search(suggestion(idx, "哈尔宾"))["total"] > 0


def test_a_word_found_only_inside_longer_words_is_never_offered(idx):
    # 哈尔 is one slip from 哈耳 and in the index, but only as a piece of 哈尔滨.
    assert suggestion(idx, "哈耳") is None


def test_a_query_that_finds_enough_gets_no_suggestion(idx):
    assert idx.search("哈尔滨")["suggestion"] is None


def test_a_correct_query_that_finds_little_gets_no_suggestion(idx):
    result = idx.search("征地拆迁")
    assert result["total"] == 1 and result["suggestion"] is None


def test_a_traditional_typo_is_corrected_to_the_index_spelling(idx):
    assert suggestion(idx, "哈爾賓") == "哈尔滨"


def test_only_the_word_that_finds_nothing_is_corrected(idx):
    assert suggestion(idx, "征地拆遷 哈尔宾") == "征地拆遷 哈尔滨"


def test_a_typo_inside_a_longer_run_is_corrected_in_place(idx):
    assert suggestion(idx, "哈尔宾市征地拆迁") == "哈尔滨市征地拆迁"


def test_two_swapped_characters_are_put_back(idx):
    assert suggestion(idx, "征地迁拆") == "征地拆迁"


def test_a_dropped_character_is_put_back(idx):
    assert suggestion(idx, "征拆迁") == "征地拆迁"


def test_a_misspelt_body_name_suggests_the_name(idx):
    assert suggestion(idx, "黑龙江省人民政俯办公厅") == "黑龙江省人民政府办公厅"


def test_a_misspelt_city_suggests_the_city_not_a_part_of_it(idx):
    assert suggestion(idx, "齐齐哈耳") == "齐齐哈尔"


def test_excluded_words_and_field_clauses_are_left_as_typed(idx):
    assert suggestion(idx, "title:哈尔宾 -哈耳") == "title:哈尔滨 -哈耳"
