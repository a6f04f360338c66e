"""Whom a search is for: the public sees what is public today, staff their bodies' items in every state.

A real SQLite store and Whoosh index in a temporary folder; "today" is the
clock given to ``open_index``.
"""

import datetime as dt

import pytest

from catalogue.items import validate
from index import Scope, open_index
from search_fixtures import ITEMS, put_items, titles

HARBIN = frozenset({"哈尔滨市人民政府", "宾县人民政府"})      # a city and the county below it
FINANCE = frozenset({"黑龙江省财政厅"})
OFFICE = frozenset({"黑龙江省人民政府办公厅"})
EVERY_BODY = Scope()


class Clock:
    """Today's date for the index, moved by the test."""

    def __init__(self, today):
        self.today = today

    def __call__(self):
        return self.today


@pytest.fixture
def store(store):
    """The shared test store (tests/conftest.py) holding the search fixtures' items."""
    put_items(store, ITEMS)
    return store


@pytest.fixture
def clock():
    return Clock(dt.date(2015, 1, 5))


@pytest.fixture
def idx(home, store, clock):
    with open_index(home.index_dir, store, clock=clock) as idx:
        yield idx


def new_item(title, **extra):
    return dict({"title": title, "issuer": "省政府办公厅", "publish_date": "2015-01-05",
                 "topic": "综合政务/政务公开", "genre": "通知", "body": "测试正文。"}, **extra)


def withdrawn(store, raw):
    [item] = put_items(store, [raw])
    with store.transaction() as tx:
        tx.withdraw(item["index_no"], reason="内容已过时")
    return item


def closed(store, raw):
    """Store ``raw`` as a 不予公开 item (recorded, approved, never public)."""
    item = dict(validate(raw, store.context()), disclosure="不予公开")
    with store.transaction() as tx:
        return tx.put(item)


def facet(result, name):
    return {entry["value"]: entry["count"] for entry in result["facets"][name]}


def test_a_withdrawn_item_is_found_by_its_bodys_staff_but_not_by_the_public(idx, store):
    withdrawn(store, new_item("关于撤销临时交通管制的通知"))
    assert idx.search("临时交通管制")["total"] == 0
    staff = idx.search("临时交通管制", scope=Scope(bodies=OFFICE))
    assert titles(staff) == ["关于撤销临时交通管制的通知"]
    assert staff["items"][0]["status"] == "withdrawn"


def test_staff_of_harbin_and_bin_county_do_not_see_the_finance_departments_items(idx):
    harbin = Scope(bodies=HARBIN)
    assert idx.search("预算公开")["total"] == 1
    assert idx.search("预算公开", scope=harbin)["total"] == 0
    everything = idx.search("", scope=harbin, per_page=50)
    assert set(facet(everything, "issuer")) == HARBIN
    assert {item["issuer"] for item in everything["items"]} == HARBIN


def test_an_item_dated_tomorrow_is_public_from_its_day_on(idx, store, clock):
    put_items(store, [new_item("关于春运期间加开临客的通知", publish_date="2015-01-06")])
    assert idx.search("加开临客")["total"] == 0
    assert idx.search("加开临客", scope=Scope(bodies=OFFICE))["total"] == 1
    clock.today = dt.date(2015, 1, 6)
    assert titles(idx.search("加开临客")) == ["关于春运期间加开临客的通知"]


def test_a_closed_item_is_never_public_but_its_staff_see_it(idx, store, clock):
    office = {"issuer": ["省政府办公厅"]}
    before = idx.search("", filters=office)["total"]
    closed(store, new_item("关于内部安保部署的通知", publish_date="2014-12-01"))
    clock.today = dt.date(2030, 1, 1)
    assert idx.search("安保部署")["total"] == 0
    assert idx.search("", filters=office)["total"] == before
    staff = idx.search("安保部署", scope=Scope(bodies=OFFICE))
    assert titles(staff) == ["关于内部安保部署的通知"]


def test_facets_within_a_scope_count_only_that_scope(idx, store):
    withdrawn(store, new_item("宾县关于调整公交线路的通告", issuer="宾县政府", genre="通告"))
    public = idx.search("")
    harbin = idx.search("", scope=Scope(bodies=HARBIN))
    seen = facet(public, "issuer")
    assert facet(harbin, "issuer") == {"哈尔滨市人民政府": seen["哈尔滨市人民政府"],
                                       "宾县人民政府": seen["宾县人民政府"] + 1}
    assert harbin["total"] == sum(facet(harbin, "issuer").values())
    assert facet(harbin, "genre")["通告"] == 1 and "通告" not in facet(public, "genre")


def test_a_scope_of_states_lists_only_items_in_those_states(idx, store):
    withdrawn(store, new_item("关于撤销旧版办事指南的通知"))
    result = idx.search("", scope=Scope(states=frozenset({"withdrawn"})))
    assert titles(result) == ["关于撤销旧版办事指南的通知"]
    assert [item["status"] for item in result["items"]] == ["withdrawn"]


def test_staff_results_carry_the_status_and_public_ones_do_not(idx):
    assert all("status" not in item for item in idx.search("政务公开")["items"])
    staff = idx.search("政务公开", scope=EVERY_BODY)["items"]
    assert staff and {item["status"] for item in staff} == {"published"}


def test_the_public_results_are_what_they_were_for_public_items(idx):
    public = idx.search("信息公开", per_page=50)
    every = idx.search("信息公开", per_page=50, scope=EVERY_BODY)
    assert titles(public) == titles(every) and public["total"] == every["total"] > 0
    assert public["facets"] == every["facets"]


def test_type_ahead_never_offers_the_public_a_title_it_may_not_see(idx, store):
    withdrawn(store, new_item("森林防火紧急动员令"))
    assert "森林防火紧急动员令" not in idx.suggest("森林防火")
    assert "森林防火紧急动员令" in idx.suggest("森林防火", scope=Scope(bodies=OFFICE))


def test_wait_for_returns_true_right_after_a_commit_and_the_next_search_finds_it(idx, store):
    context = store.context()
    with store.transaction(actor="编辑") as tx:
        tx.put(validate(new_item("关于冬季供热保障工作的通知"), context))
    assert idx.wait_for(tx.revision) is True
    assert titles(idx.search("冬季供热")) == ["关于冬季供热保障工作的通知"]


def test_wait_for_gives_up_after_its_timeout_on_a_revision_the_store_has_not_made(idx, store):
    assert idx.wait_for(store.revision() + 1, timeout=0.2) is False


def test_a_rebuilt_index_holds_every_item_in_every_state(idx, store):
    withdrawn(store, new_item("关于停止执行旧收费标准的通知"))
    idx.rebuild()
    assert idx.search("旧收费标准")["total"] == 0
    assert idx.search("旧收费标准", scope=Scope(bodies=OFFICE))["total"] == 1


def test_a_scope_of_one_string_is_refused_rather_than_read_as_its_characters():
    with pytest.raises(TypeError):
        Scope(bodies="宾县人民政府")


def test_the_index_shows_the_public_exactly_the_items_the_catalogue_calls_public(idx, store, clock):
    from catalogue.workflow import is_public

    withdrawn(store, new_item("关于撤销旧标准的公告"))
    closed(store, dict(new_item("涉及国家秘密的批复"), closed_reason="属于国家秘密"))
    put_items(store, [new_item("关于下月施行新规定的通知", publish_date="2015-01-06")])
    with store.transaction() as tx:
        draft = validate(new_item("草稿：关于调整办公时间的通知"), store.context())
        tx.put(draft, status="draft")
    for today in (dt.date(2015, 1, 5), dt.date(2015, 1, 6)):
        clock.today = today
        found = idx.search("", per_page=100)
        public = sorted(item["index_no"] for item in store.iter_items(status=None)
                        if is_public(item, today))
        assert sorted(item["index_no"] for item in found["items"]) == public
        assert found["total"] == len(public)
