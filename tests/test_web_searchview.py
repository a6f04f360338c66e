"""The search page's issuer tree, pagination window and conditional-request checks."""

from web.caching import entity_tag, http_date, is_not_modified
from web.searchview import body_tree, page_numbers

BODIES = [
    {"name": "黑龙江省人民政府", "short": "省政府", "level": "省", "parent": None},
    {"name": "黑龙江省教育厅", "short": "省教育厅", "level": "省", "parent": "黑龙江省人民政府"},
    {"name": "哈尔滨市人民政府", "short": "哈尔滨市政府", "level": "市", "parent": "黑龙江省人民政府"},
    {"name": "宾县人民政府", "short": "宾县政府", "level": "县", "parent": "哈尔滨市人民政府"},
    {"name": "齐齐哈尔市人民政府", "short": "齐齐哈尔市政府", "level": "市", "parent": "黑龙江省人民政府"},
]


def names(nodes):
    return [(n["name"], names(n["children"])) if n["children"] else n["name"] for n in nodes]


def test_issuer_tree_nests_counties_under_cities_under_the_province():
    tree = body_tree(BODIES, {"宾县人民政府": 2, "黑龙江省教育厅": 1})
    assert names(tree) == [("黑龙江省人民政府", ["黑龙江省教育厅", ("哈尔滨市人民政府", ["宾县人民政府"])])]


def test_each_node_has_its_own_count_and_the_roll_up_below_it():
    province = body_tree(BODIES, {"黑龙江省人民政府": 3, "宾县人民政府": 2, "哈尔滨市人民政府": 1})[0]
    city = province["children"][0]
    assert (province["own"], province["total"], city["own"], city["total"]) == (3, 6, 1, 3)


def test_bodies_without_items_are_kept_when_asked():
    tree = body_tree(BODIES, {}, keep_empty=True)
    assert len(tree[0]["children"]) == 3


def test_a_chosen_body_stays_in_the_tree_with_no_results():
    tree = body_tree(BODIES, {"宾县人民政府": 1}, keep=["齐齐哈尔市人民政府"])
    assert "齐齐哈尔市人民政府" in [c["name"] for c in tree[0]["children"]]


def test_issuer_missing_from_the_registry_is_shown_at_the_top():
    tree = body_tree(BODIES, {"已撤销的机构": 4})
    assert [(n["name"], n["total"]) for n in tree] == [("已撤销的机构", 4)]


def test_page_window_shows_ends_and_neighbours_with_gaps():
    assert page_numbers(6, 20) == [1, None, 4, 5, 6, 7, 8, None, 20]


def test_no_pages_when_nothing_was_found():
    assert page_numbers(1, 0) == []


def test_matching_etag_means_not_modified():
    tag = entity_tag("abc", 7, "zh-Hans")
    assert is_not_modified('"x", ' + tag, None, tag, None)


def test_etag_of_an_older_revision_means_modified():
    assert not is_not_modified(entity_tag("abc", 6, "en"), None, entity_tag("abc", 7, "en"), None)


def test_if_modified_since_at_the_last_change_means_not_modified():
    assert is_not_modified(None, http_date("2012-03-01T08:00:00Z"), "W/\"t\"", "2012-03-01T08:00:00Z")


def test_if_modified_since_before_the_last_change_means_modified():
    assert not is_not_modified(None, http_date("2012-03-01T07:59:59Z"), "W/\"t\"", "2012-03-01T08:00:00Z")


def test_unparseable_if_modified_since_is_ignored():
    assert not is_not_modified(None, "yesterday", "W/\"t\"", "2012-03-01T08:00:00Z")
