"""The web app on the real demo catalogue (data/demo): every item page answers and the counts add up."""

import xml.etree.ElementTree as ET
from urllib.parse import unquote, urlsplit

from web_fixtures import app_fixture, client, make_demo_home


app = app_fixture(make_demo_home)


def test_search_without_words_finds_every_demo_item(app, client):
    total = client.get("/api/search").json["total"]
    assert total == app.store.count() and total >= 70


def test_every_demo_item_page_shows_its_title(app, client):
    root = ET.fromstring(client.get("/sitemap.xml").body)
    paths = [urlsplit(loc.text).path for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
             if "/items/" in loc.text]
    titles = {item["index_no"]: item["title"] for item in app.store.iter_items()}
    wrong = [p for p in paths if client.get(p).html.h1.get_text() != titles[unquote(p[len("/items/"):])]]
    assert len(paths) == len(titles) and wrong == []


def test_issuer_tree_starts_at_the_province(client):
    tree = client.get("/").html.select_one(".facet ul.tree")
    top = [li.find("input")["value"] for li in tree.find_all("li", recursive=False)]
    assert top == ["黑龙江省人民政府"]


def test_province_roll_up_counts_every_item(app, client):
    bodies = {b["name"]: b for b in client.get("/api/bodies").json["bodies"]}
    assert bodies["黑龙江省人民政府"]["items_total"] == app.store.count()


def test_a_common_query_finds_items_with_snippets(client):
    page = client.get("/search", {"q": "政府信息公开"})
    assert page.html.select(".hit") and page.html.select(".hit .snippet")


def test_traditional_query_finds_simplified_items(client):
    assert client.get("/api/search", {"q": "政務公開"}).json["total"] > 0
