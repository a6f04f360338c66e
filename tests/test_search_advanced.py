"""The advanced search (/search/advanced), fielded search, doc numbers by parts, grouped results, zero results."""

import json
import re

import pytest

from advanced_fixtures import api, home_with, titles
from search_fixtures import ADJACENT, ITEMS
from web_fixtures import app_fixture, client  # noqa: F401 (pytest fixtures)

search_home = home_with(ITEMS)



app = app_fixture(search_home)




def doc_nos(answer):
    return sorted(item["doc_no"] for item in answer.json["items"])


# -- doc numbers by parts -------------------------------------------------------------------

def test_series_year_and_number_find_that_doc_number(client):  # noqa: F811
    answer = api(client, doc_prefix="黑政办发", doc_year="2011", doc_number="43")
    assert doc_nos(answer) == ["黑政办发〔2011〕43号"]


def test_series_and_year_find_the_series_numbers_of_that_year(client):  # noqa: F811
    answer = api(client, doc_prefix="黑政办发", doc_year="2012")
    assert doc_nos(answer) == ["黑政办发〔2012〕12号", "黑政办发〔2012〕9号"]


def test_a_series_alone_finds_all_its_numbers_and_no_other_series(client):  # noqa: F811
    answer = api(client, doc_prefix="黑政办发")
    assert doc_nos(answer) == ["黑政办发〔2011〕43号", "黑政办发〔2012〕12号", "黑政办发〔2012〕9号"]


def test_a_traditional_series_finds_the_simplified_doc_numbers(client):  # noqa: F811
    assert api(client, doc_prefix="黑政辦發", doc_year="2011", doc_number="43").json["total"] == 1


def test_year_and_number_without_the_series_find_the_doc_number(client):  # noqa: F811
    assert doc_nos(api(client, doc_year="2011", doc_number="43")) == ["黑政办发〔2011〕43号"]


def test_a_doc_number_year_alone_finds_the_doc_numbers_of_that_year(client):  # noqa: F811
    assert set(doc_nos(api(client, doc_year="2012", doc_prefix=""))) == {
        "黑政办发〔2012〕9号", "黑政办发〔2012〕12号", "黑财预〔2012〕15号", "哈政发〔2012〕3号", "宾政发〔2012〕21号"}
    assert all("〔2013〕" in d for d in doc_nos(api(client, doc_year="2013")))


def test_doc_number_parts_combine_with_the_words(client):  # noqa: F811
    assert api(client, q="依申请公开", doc_prefix="黑政办发").json["total"] == 1


# -- title only ----------------------------------------------------------------------------

def test_title_only_leaves_out_items_that_hold_the_words_only_in_their_text(client):  # noqa: F811
    everywhere = titles(api(client, q="公开", per_page=50))
    in_titles = titles(api(client, q="公开", field="title", per_page=50))
    assert ADJACENT in everywhere and ADJACENT not in in_titles
    assert in_titles and all("公开" in t or "公開" in t for t in in_titles)


def test_an_unknown_field_is_a_400_naming_the_choices(client):  # noqa: F811
    answer = api(client, q="公开", field="summary")
    assert [(p["field"], p["code"]) for p in answer.json["errors"]] == [("field", "not_a_choice")]


# -- grouped results -----------------------------------------------------------------------

def test_grouped_by_genre_each_group_has_its_exact_count_and_at_most_three_items(client):  # noqa: F811
    answer = api(client, q="公开", group="genre")
    flat = {f["value"]: f["count"] for f in answer.json["facets"]["genre"]}
    groups = answer.json["groups"]
    assert [g["value"] for g in groups][0] == "通知" and groups[0]["count"] == flat["通知"]
    assert all(g["count"] == flat[g["value"]] and len(g["hits"]) == min(3, g["count"]) for g in groups)
    assert sum(g["count"] for g in groups) == answer.json["total"]


def test_grouped_by_issuer_groups_each_body_by_its_own_items(client):  # noqa: F811
    groups = api(client, group="issuer").json["groups"]
    assert all(hit["issuer"] == group["value"] for group in groups for hit in group["hits"])


def test_grouped_by_topic_keeps_the_genre_filter(client):  # noqa: F811
    groups = api(client, group="topic", genre="通知").json["groups"]
    assert groups and all(hit["genre"] == "通知" for group in groups for hit in group["hits"])


def test_the_openapi_document_describes_the_groups_as_answered(client):  # noqa: F811
    schema = client.get("/api/openapi.json").json["components"]["schemas"]["SearchResult"]
    documented = schema["properties"]["groups"]["items"]["properties"]
    answered = api(client, q="公开", group="topic").json["groups"]
    assert answered and all(set(group) == set(documented) for group in answered)


def test_without_group_the_result_has_no_groups(client):  # noqa: F811
    assert "groups" not in api(client, q="公开").json


def test_the_grouped_page_links_each_group_to_all_its_items(client):  # noqa: F811
    page = client.get("/search", {"q": "公开", "group": "genre", "per_page": "2"})
    assert "查看“通知”的全部" in page.text
    link = page.html.select_one(".groups section a[href*=genre]")["href"]
    assert "group=" not in link and "genre=%E9%80%9A%E7%9F%A5" in link
    assert page.html.select_one("nav.pages") is None        # groups are not paged


# -- the form --------------------------------------------------------------------------------

def test_the_advanced_form_sends_every_field_by_get_to_the_search_page(client):  # noqa: F811
    form = client.get("/search/advanced").forms[0]
    assert form.method.lower() == "get" and form.action.endswith("/search")
    form["q"] = "政务公开"
    form["field"] = "title"
    form["issuer"] = "黑龙江省人民政府"
    form["doc_prefix"] = "黑政办发"
    form["doc_year"] = "2011"
    form["doc_number"] = "43"
    form["date_from"] = "2011-09-01"
    form["date_to"] = "2011-09-30"
    page = form.submit()
    assert page.request.path == "/search"
    assert [hit.text for hit in page.html.select(".hit h3 a")] == [ITEMS[0]["title"]]


def test_every_field_of_the_advanced_form_has_a_label(client):  # noqa: F811
    html = client.get("/search/advanced").html
    labelled = {label["for"] for label in html.select("label[for]")}
    controls = html.select("form.advanced input, form.advanced select")
    assert controls and all(c["id"] in labelled for c in controls)


def test_the_advanced_form_is_filled_in_with_the_search_it_was_opened_from(client):  # noqa: F811
    html = client.get("/search/advanced", {"q": "低保", "genre": "通知", "date_from": "2013-01-01",
                                           "field": "title"}).html
    assert html.select_one("#a-q")["value"] == "低保"
    assert html.select_one("#a-genre option[selected]")["value"] == "通知"
    assert html.select_one("#a-date_from")["value"] == "2013-01-01"
    assert html.select_one("#a-field-title").has_attr("checked")


def test_the_advanced_form_lists_bodies_under_their_parents(client):  # noqa: F811
    options = [o.text for o in client.get("/search/advanced").html.select("#a-issuer option")]
    county = next(o for o in options if o.endswith("宾县人民政府"))
    assert county.startswith("\u3000\u3000")        # province > city > county


def test_the_advanced_form_explains_the_query_language_in_three_languages(client):  # noqa: F811
    assert "加英文引号检索完整短语" in client.get("/search/advanced").text
    assert "加英文引號檢索完整短語" in client.get("/search/advanced", {"lang": "zh-Hant"}).text
    assert "A minus sign leaves a word out" in client.get("/search/advanced", {"lang": "en"}).text


def test_the_search_page_links_to_the_advanced_form_with_its_search(client):  # noqa: F811
    link = client.get("/search", {"q": "低保"}).html.select_one(".advlink a")["href"]
    assert link.startswith("/search/advanced?") and "q=%E4%BD%8E%E4%BF%9D" in link


# -- zero results ----------------------------------------------------------------------------

def test_zero_results_offer_to_remove_each_filter_and_the_advanced_form(client):  # noqa: F811
    page = client.get("/search", {"q": "低保", "genre": "决定", "date_from": "2014-01-01"})
    empty = page.html.select_one(".empty")
    links = {a.text: a["href"] for a in empty.select("a")}
    assert "您检索的是：低保" in empty.text
    assert page.html.select_one(".results p.count").text == "共找到 0 条信息"
    assert "去掉“决定”" in links and "genre=" not in links["去掉“决定”"]
    assert "去掉“发布日期起：2014-01-01”" in links
    assert "去掉全部条件，只检索“低保”（2 条）" in links
    assert any(href.startswith("/search/advanced") for href in links.values())
    without_genre = client.get(links["去掉“决定”"])
    assert without_genre.html.select(".hit")      # 宾县低保对象名单公示, 2014-01-10


def test_submitting_the_search_page_again_keeps_its_date_range(client):  # noqa: F811
    page = client.get("/search", {"q": "通知", "date_from": "2013-01-01", "doc_prefix": "黑民发"})
    kept = {i["name"]: i["value"] for i in page.html.select("input[type=hidden][form=search]")}
    assert kept == {"date_from": "2013-01-01", "doc_prefix": "黑民发"}


# -- the command line --------------------------------------------------------------------------

@pytest.fixture
def home(tmp_path):
    return search_home(tmp_path / "home")


def test_the_command_line_takes_doc_number_parts_title_only_and_groups(run):
    status, out, _ = run("search", "--doc-prefix", "黑政办发", "--doc-year", "2011", "--doc-number", "43",
                         "--json")
    assert status == 0 and [i["doc_no"] for i in json.loads(out)["items"]] == ["黑政办发〔2011〕43号"]
    status, out, _ = run("search", "公开", "--field", "title", "--group", "genre", "--json")
    result = json.loads(out)
    assert status == 0 and ADJACENT not in [i["title"] for i in result["items"]]
    assert all(re.search("公[开開]", hit["title"]) for g in result["groups"] for hit in g["hits"])
