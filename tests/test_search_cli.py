"""`catalogue search` and `catalogue reindex` on a real home."""

import json

import pytest

from index import layout, open_index
from search_fixtures import ITEMS, make_home, put_items


@pytest.fixture
def home(tmp_path):
    home = make_home(tmp_path / "home")
    with home.open_store() as store:
        put_items(store, ITEMS)
    return home


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
    assert status == 0 and out == f"indexed {len(ITEMS)} items in {home.index_dir}\n"
    assert layout.current(home.index_dir) != before
