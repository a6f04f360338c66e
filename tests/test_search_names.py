"""Queries that name a body or a doc-number series: what is named ranks before what mentions it.

A real index (SQLite store, Whoosh index, the web app through WebTest) on
Chinese fixtures: 黑龙江省财政厅 has items that never write its name, other
bodies' items mention it; the 黑政办发 series has three documents, other
items quote them in their text. The issue's own examples are checked on the
shipped demo catalogue too.
"""

import pytest

from catalogue import docno
from search_fixtures import make_home as make_search_home
from search_fixtures import put_items
from web_fixtures import app_fixture, client, client_for, make_demo_home, open_app  # noqa: F401

FINANCE = "黑龙江省财政厅"
# 黑龙江省财政厅's own items: none but the Traditional title writes its name.
BUDGET = "2012年省直部门预算公开情况"
ACCOUNTS = "关于开展部门决算信息公开的通知"
EXPENSES = "黑龍江省財政廳關於規範三公經費管理的通知"
OWN = {BUDGET, ACCOUNTS, EXPENSES}
# Other bodies' items that mention 财政厅.
MENTION_SHORT = "关于做好预算公开工作的通知"          # 省财政厅 in its text; 黑政办发〔2012〕12号
MENTION_FULL = "哈尔滨市财政预算执行情况"              # 黑龙江省财政厅 in its text
# The 黑政办发 series, oldest first, and items that quote it.
SERIES = ["关于进一步深化全省县乡政务公开工作的意见", MENTION_SHORT, "关于贯彻落实政府信息公开工作会议精神的通知"]
QUOTES_43 = "宾县县乡政务公开实施方案"                # quotes 黑政办发〔2011〕43号
QUOTES_12 = "关于2012年度全省政务公开工作任务分解的通知"
OTHER_43 = "哈尔滨市人民政府关于公布行政审批事项目录的决定"   # 哈政发〔2012〕43号
HARBIN_OWN = {MENTION_FULL, OTHER_43}
BINXIAN_OWN = {QUOTES_43}

ITEMS = [
    {"title": BUDGET, "issuer": "省财政厅", "publish_date": "2012-06-01", "topic": "财政、金融、审计/财政",
     "genre": "公告", "body": "省直各部门预算向社会公开，接受监督。"},
    {"title": ACCOUNTS, "issuer": FINANCE, "doc_no": "黑财预〔2012〕35号", "publish_date": "2012-09-01",
     "topic": "财政、金融、审计/财政", "genre": "通知", "body": "各部门决算向社会公开。"},
    {"title": EXPENSES, "issuer": FINANCE, "publish_date": "2012-03-01", "topic": "财政、金融、审计/财政",
     "genre": "通知", "body": "各單位要嚴格控制三公經費。"},
    {"title": SERIES[0], "issuer": "省政府办公厅", "doc_no": "黑政办发[2011]43号", "publish_date": "2011-09-28",
     "topic": "综合政务/政务公开", "genre": "意见", "body": "将政务公开工作向基层延伸。"},
    {"title": MENTION_SHORT, "issuer": "省政府办公厅", "doc_no": "黑政办发（2012）12号",
     "publish_date": "2012-03-28", "topic": "综合政务/政务公开", "genre": "通知",
     "body": "省财政厅要会同各部门做好预算公开。"},
    {"title": SERIES[2], "issuer": "省政府办公厅", "doc_no": "黑政办发〔2012〕31号", "publish_date": "2012-05-02",
     "topic": "综合政务/政务公开", "genre": "通知", "body": "各地要认真贯彻会议精神。"},
    {"title": QUOTES_43, "issuer": "宾县政府", "doc_no": "宾政办发〔2012〕8号", "publish_date": "2012-04-16",
     "topic": "综合政务/政务公开", "genre": "方案", "body": "根据黑政办发〔2011〕43号文件精神，制定本方案。"},
    {"title": QUOTES_12, "issuer": "省政府", "doc_no": "黑政发〔2012〕2号", "publish_date": "2012-02-10",
     "topic": "综合政务/政务公开", "genre": "通知", "body": "贯彻黑政办发〔2012〕12号的要求。"},
    {"title": MENTION_FULL, "issuer": "哈尔滨市政府", "publish_date": "2012-07-01",
     "topic": "财政、金融、审计/财政", "genre": "报告", "body": "按照黑龙江省财政厅的部署，全市预算执行平稳。"},
    {"title": OTHER_43, "issuer": "哈尔滨市政府", "doc_no": "哈政发〔2012〕43号", "publish_date": "2012-08-01",
     "topic": "综合政务/行政审批", "genre": "决定", "body": "公布市本级保留的行政审批事项。"},
]


def make_home(path):
    home = make_search_home(path)
    with home.open_store() as store:
        put_items(store, ITEMS, actor="name tests")
    return home


app = app_fixture(make_home)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A client of the web app on the shipped demo catalogue."""
    demo_app = open_app(make_demo_home(tmp_path_factory.mktemp("demo") / "home"))
    try:
        yield client_for(demo_app)
    finally:
        demo_app.close()


def search(client, q, **params):
    return client.get("/api/search", dict(params, q=q)).json


def titles(result):
    return [item["title"] for item in result["items"]]


# -- a query that names a body --------------------------------------------------------

@pytest.mark.parametrize("query", ["黑龙江省财政厅", "省财政厅", "财政厅", "黑龍江省財政廳", "財政廳"])
def test_a_body_named_any_way_lists_that_bodys_items_first(client, query):
    assert set(titles(search(client, query))[:3]) == OWN


def test_a_full_body_name_lists_that_bodys_items_first(client):
    found = titles(search(client, "黑龙江省财政厅"))
    assert set(found[:3]) == OWN and found[3:] == [MENTION_FULL]


def test_a_short_name_lists_that_bodys_items_first_then_the_items_that_write_it(client):
    found = titles(search(client, "省财政厅"))
    assert set(found[:3]) == OWN and MENTION_SHORT in found[3:]


def test_a_traditional_spelling_lists_that_bodys_items_first(client):
    assert titles(search(client, "黑龍江省財政廳")) == titles(search(client, "黑龙江省财政厅"))


def test_a_bodys_own_items_come_newest_first(client):
    assert titles(search(client, "黑龙江省财政厅"))[:3] == [ACCOUNTS, BUDGET, EXPENSES]


def test_a_body_lists_its_own_items_then_those_of_the_bodies_below_it(client):
    found = titles(search(client, "哈尔滨市人民政府"))
    assert set(found[:2]) == HARBIN_OWN and set(found[2:3]) == BINXIAN_OWN


def test_a_name_typed_in_two_words_still_names_the_body(client):
    assert set(titles(search(client, "黑龙江省 财政厅"))[:3]) == OWN


def test_other_words_are_still_anded_with_a_body_name(client):
    found = titles(search(client, "财政厅 预算"))
    assert found[0] == BUDGET and set(found[1:]) == {MENTION_SHORT, MENTION_FULL}


def test_the_result_names_the_body_the_query_named_with_its_count(client):
    assert search(client, "财政厅")["bodies"] == [{"name": FINANCE, "count": 3}]


def test_the_named_bodys_count_is_what_its_filter_keeps(client):
    named = search(client, "财政厅 预算")["bodies"][0]
    assert named["count"] == search(client, "财政厅 预算", issuer=named["name"])["total"] == 1


@pytest.mark.parametrize("query", ["人民政府", "预算", "-财政厅 公开"])
def test_a_query_naming_no_single_body_names_none(client, query):
    assert search(client, query)["bodies"] == []


def test_an_excluded_body_name_leaves_out_its_items_and_mentions(client):
    found = set(titles(search(client, "-财政厅 公开")))
    assert found and not found & (OWN | {MENTION_SHORT, MENTION_FULL})


def test_the_results_page_offers_the_named_body_as_a_filter(client):
    link = client.get("/search", {"q": "财政厅"}).html.select_one(".named a")
    assert link.get_text() == "只看 黑龙江省财政厅发布的信息"
    page = client.get(link["href"])
    assert {hit.h3.get_text() for hit in page.html.select(".hit")} == OWN


def test_the_filtered_page_offers_the_body_no_more(client):
    assert client.get("/search", {"q": "财政厅", "issuer": "省财政厅"}).html.select(".named") == []


def test_the_body_filter_link_is_offered_in_traditional(client):
    text = client.get("/search", {"q": "财政厅", "lang": "zh-Hant"}).html.select_one(".named a").get_text()
    assert text.startswith("只看 ") and text.endswith("發布的信息")


def test_the_body_filter_link_is_offered_in_english(client):
    text = client.get("/search", {"q": "财政厅", "lang": "en"}).html.select_one(".named a").get_text()
    assert text == "Only items issued by 黑龙江省财政厅"


def test_an_issuer_clause_is_a_filter_already_and_offers_no_link(client):
    assert search(client, "issuer:省财政厅")["bodies"] == []


# -- a doc-number series without a year ------------------------------------------------

def test_a_series_lists_its_documents_newest_first_before_mentions(client):
    found = titles(search(client, "黑政办发"))
    assert found[:3] == SERIES[::-1] and set(found[3:]) == {QUOTES_43, QUOTES_12}


def test_a_series_in_traditional_lists_the_same_documents(client):
    assert titles(search(client, "黑政辦發"))[:3] == SERIES[::-1]


def test_doc_no_clause_lists_a_series(client):
    assert titles(search(client, "doc_no:黑政办发")) == SERIES[::-1]


def test_a_series_and_number_without_the_year_finds_that_number(client):
    found = titles(search(client, "黑政办发43号"))
    assert found[0] == SERIES[0] and OTHER_43 not in found


@pytest.mark.parametrize("query", ["43号", "第43号"])
def test_a_number_finds_the_doc_numbers_holding_it(client, query):
    assert set(titles(search(client, query))[:2]) == {SERIES[0], OTHER_43}


def test_a_number_lists_the_items_quoting_it_after_the_doc_numbers(client):
    assert titles(search(client, "43号"))[2:] == [QUOTES_43]


def test_a_year_and_number_finds_that_doc_number(client):
    assert titles(search(client, "2011〕43"))[0] == SERIES[0]


def test_an_exact_full_doc_number_still_ranks_its_item_first(client):
    assert titles(search(client, "黑政办发〔2011〕43号"))[:2] == [SERIES[0], QUOTES_43]


def test_a_doc_number_piece_parses_into_series_year_and_number():
    assert [docno.fragment(t) for t in ("黑政办发43号", "第43号", "〔2011〕43号", "黑政办发", "43")] == [
        ("黑政办发", None, 43), (None, None, 43), (None, 2011, 43), None, None]


def test_a_stored_doc_number_without_a_year_still_has_its_series_and_number():
    assert docno.parts("国务院令第492号") == ("国务院令", None, 492)


# -- the examples on the demo catalogue ----------------------------------------

@pytest.mark.parametrize("query, body, count", [("黑龙江省财政厅", "黑龙江省财政厅", 5),
                                                ("黑龙江省住房和城乡建设厅", "黑龙江省住房和城乡建设厅", 3),
                                                ("住建厅", "黑龙江省住房和城乡建设厅", 3)])
def test_the_demo_bodies_are_found_by_name(demo, query, body, count):
    result = search(demo, query)
    assert {i["issuer"] for i in result["items"][:count]} == {body}
    assert result["bodies"] == [{"name": body, "count": count}]


def test_the_demo_series_comes_before_its_mentions(demo):
    numbers = [i["doc_no"] or "" for i in search(demo, "黑政办发")["items"]]
    assert sorted(numbers[:4]) == ["黑政办发〔2011〕43号", "黑政办发〔2012〕12号", "黑政办发〔2012〕31号",
                                   "黑政办发〔2012〕58号"]
    assert not any(n.startswith("黑政办发") for n in numbers[4:])


@pytest.mark.parametrize("query", ["doc_no:黑政办发", "黑政办发43号", "43号", "2011〕43"])
def test_the_demo_doc_number_pieces_find_the_2011_opinion(demo, query):
    assert "黑政办发〔2011〕43号" in [i["doc_no"] for i in search(demo, query)["items"][:4]]
