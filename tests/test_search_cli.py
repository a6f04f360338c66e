"""`catalogue search` and `catalogue reindex` on a real home."""

import json

import pytest

from index import layout, open_index
from search_fixtures import ITEMS, make_home, put_items


# Two notices on compensation, one for land requisition (征地): `-征地` must leave that one out.
LAND = [{"title": "哈尔滨市征地补偿标准公告", "issuer": "哈尔滨市政府", "publish_date": "2012-05-18",
         "body": "征地补偿标准按本公告执行。"},
        {"title": "哈尔滨市房屋拆迁补偿标准公告", "issuer": "哈尔滨市政府", "publish_date": "2012-05-20",
         "body": "房屋拆迁补偿标准按本公告执行。"}]


@pytest.fixture
def home(tmp_path):
    home = make_home(tmp_path / "home")
    with home.open_store() as store:
        put_items(store, ITEMS + LAND)
    return home


def found(out):
    return [item["title"] for item in json.loads(out)["items"]]


def test_search_prints_numbered_results_with_issuer_doc_no_and_date(run):
    status, out, _ = run("search", "黑政办发〔2011〕43号")
    lines = out.splitlines()
    assert status == 0
    assert lines[1] == "   1. 黑龙江省人民政府办公厅关于进一步深化全省县乡政务公开工作的意见"
    assert lines[2].split()[:3] == ["黑龙江省人民政府办公厅", "黑政办发〔2011〕43号", "2011-09-28"]


def test_search_json_prints_exactly_the_result_of_the_engine(run, home):
    status, out, _ = run("search", "公开", "--issuer", "哈尔滨市政府", "--year", "2012..2013", "--json")
    with home.open_store() as store, open_index(home.index_dir, store) as idx:
        expected = idx.search("公开", {"issuer": ["哈尔滨市政府"], "year": ["2012..2013"]})
    assert status == 0 and json.loads(out) == expected


def test_search_oldest_first_with_paging(run):
    status, out, _ = run("search", "--sort=-date", "--per-page", "2", "--page", "2", "--json")
    result = json.loads(out)
    assert status == 0 and result["page"] == 2 and len(result["items"]) == 2
    assert result["items"][0]["publish_date"] <= result["items"][1]["publish_date"]


def test_search_with_a_bad_filter_exits_1_naming_the_filter(run):
    status, out, err = run("search", "公开", "--genre", "小说")
    assert status == 1 and out == "" and 'genre: "小说" is not a genre' in err


def test_reindex_builds_a_new_generation_and_reports_the_count(run, home):
    run("search", "公开")
    before = layout.current(home.index_dir)
    status, out, _ = run("reindex")
    assert status == 0 and out == f"indexed {len(ITEMS) + len(LAND)} items in {home.index_dir}\n"
    assert layout.current(home.index_dir) != before


def test_search_for_minus_a_word_leaves_out_the_items_with_it(run):
    status, out, err = run("search", "补偿", "-征地", "--json")
    assert (status, err) == (0, "") and found(out) == ["哈尔滨市房屋拆迁补偿标准公告"]


def test_a_query_that_starts_with_minus_a_word_is_the_query_not_an_option(run):
    status, out, err = run("search", "-征地", "补偿", "--json")
    assert (status, err) == (0, "") and found(out) == ["哈尔滨市房屋拆迁补偿标准公告"]


def test_search_minus_a_word_alone_lists_every_item_but_those_with_it(run):
    status, out, err = run("search", "-征地", "--json", "--per-page", "100")
    assert (status, err) == (0, "") and len(found(out)) == len(ITEMS) + len(LAND) - 1
    assert not any("征地" in title for title in found(out))


def test_everything_after_double_dash_is_the_query(run):
    assert run("search", "--json", "--", "补偿", "-征地")[1] == run("search", "补偿 -征地", "--json")[1]


def test_a_minus_word_that_looks_like_help_is_still_a_word(run):
    status, out, _ = run("search", "补偿", "-house", "--json")
    assert status == 0 and len(found(out)) == 2


def test_a_sort_value_with_a_dash_may_follow_its_option_after_a_space(run):
    status, out, _ = run("search", "补偿", "--sort", "-date", "--json")
    assert status == 0 and found(out) == ["哈尔滨市征地补偿标准公告", "哈尔滨市房屋拆迁补偿标准公告"]


def test_an_unknown_long_option_is_still_a_usage_error(run):
    assert run("search", "补偿", "--issuers", "省政府")[0] == 2
