"""Atom feeds, OpenSearch, the sitemap and conditional requests (304) against the real app."""

import xml.etree.ElementTree as ET

import feedparser
import pytest

from catalogue.items import validate
from web_fixtures import KNOWN, WITHDRAWN, app_fixture, client, client_for

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


app = app_fixture()
fresh_app = app_fixture(scope="function")  # for tests that write to the store


def add_item(app, title):
    with app.store.transaction(actor="web tests") as tx:
        return tx.put(validate({"title": title, "issuer": "宾县政府", "publish_date": "2014-01-02",
                                "topic": "综合政务/政务公开", "genre": "通知"}, app.store.context()))


# -- Atom ---------------------------------------------------------------------------------

def test_atom_feed_parses_cleanly_in_a_feed_reader(client):
    answer = client.get("/feeds/atom")
    feed = feedparser.parse(answer.body)
    assert feed.bozo == 0 and answer.content_type == "application/atom+xml"


def test_atom_feed_lists_the_newest_items_first(client):
    entries = feedparser.parse(client.get("/feeds/atom").body).entries
    published = [e.published for e in entries]
    assert published == sorted(published, reverse=True) and len(entries) == 7


def test_atom_feed_follows_the_search_filters(client):
    entries = feedparser.parse(client.get("/feeds/atom", {"issuer": "哈尔滨市人民政府"}).body).entries
    assert sorted(e.title for e in entries) == ["哈尔滨市人民政府关于公布行政审批事项目录的决定",
                                                "宾县2013年政府信息公开工作年度报告"]


def test_atom_entries_link_to_absolute_item_pages(client):
    entries = feedparser.parse(client.get("/feeds/atom", {"q": "县乡政务公开"}).body).entries
    assert f"http://localhost/items/{KNOWN}" in [e.link for e in entries]


def test_atom_entry_names_the_issuer_as_author(client):
    entry = feedparser.parse(client.get("/feeds/atom", {"genre": "规定"}).body).entries[0]
    assert entry.author == "齐齐哈尔市人民政府"


def test_atom_feed_with_a_bad_parameter_answers_400(client):
    client.get("/feeds/atom", {"year": "去年"}, status=400)


def test_feed_links_use_the_base_url_setting(app, monkeypatch):
    monkeypatch.setattr(app.settings, "base_url", "https://gk.example.org/mulu")
    feed = feedparser.parse(client_for(app).get("/feeds/atom").body)
    assert feed.entries[0].link.startswith("https://gk.example.org/mulu/items/")


# -- OpenSearch, sitemap, robots ---------------------------------------------------------------

def test_opensearch_description_offers_the_search_page(client):
    root = ET.fromstring(client.get("/opensearch.xml").body)
    templates = {u.get("type"): u.get("template") for u in root.iter(OPENSEARCH + "Url")}
    assert templates["text/html"] == "http://localhost/search?q={searchTerms}"


def test_pages_point_browsers_to_the_opensearch_description(client):
    link = client.get("/").html.find("link", rel="search")
    assert link["href"] == "/opensearch.xml"


def test_sitemap_lists_published_item_pages_only(client, app):
    root = ET.fromstring(client.get("/sitemap.xml").body)
    locs = [loc.text for loc in root.iter(SITEMAP + "loc")]
    items = [loc for loc in locs if "/items/" in loc]
    assert len(items) == 7 and f"http://localhost/items/{WITHDRAWN}" not in locs


def test_large_sitemap_becomes_an_index_of_numbered_files(app, monkeypatch):
    monkeypatch.setattr(app.settings, "sitemap_size", 3)
    client = client_for(app)
    index = ET.fromstring(client.get("/sitemap.xml").body)
    parts = [loc.text for loc in index.iter(SITEMAP + "loc")]
    last = ET.fromstring(client.get("/sitemaps/3.xml").body)
    assert parts[-1] == "http://localhost/sitemaps/3.xml" and len(list(last.iter(SITEMAP + "url"))) == 1


def test_sitemap_file_past_the_last_answers_404(client, app, monkeypatch):
    monkeypatch.setattr(app.settings, "sitemap_size", 3)
    client.get("/sitemaps/4.xml", status=404)


def test_robots_txt_points_to_the_sitemap(client):
    assert "Sitemap: http://localhost/sitemap.xml" in client.get("/robots.txt").text


# -- conditional requests -------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/search?q=%E5%85%AC%E5%BC%80", f"/items/{KNOWN}", "/bodies",
                                  "/api/search", f"/api/items/{KNOWN}", "/api/bodies", "/feeds/atom",
                                  "/sitemap.xml", "/api/openapi.json"])
def test_unchanged_response_answers_304_to_its_etag(client, path):
    etag = client.get(path).headers["ETag"]
    assert client.get(path, headers={"If-None-Match": etag}, status=304).body == b""


def test_unchanged_page_answers_304_to_if_modified_since(client):
    modified = client.get("/bodies").headers["Last-Modified"]
    client.get("/bodies", headers={"If-Modified-Since": modified}, status=304)


def test_a_new_item_changes_the_etag(fresh_app):
    client = client_for(fresh_app)
    etag = client.get("/").headers["ETag"]
    add_item(fresh_app, "宾县关于新增公开事项的通知")
    page = client.get("/", headers={"If-None-Match": etag}, status=200)
    assert page.headers["ETag"] != etag and "宾县关于新增公开事项的通知" in page.text


def test_each_interface_language_has_its_own_etag(client):
    assert client.get("/", {"lang": "en"}).headers["ETag"] != client.get("/", {"lang": "zh-Hans"}).headers["ETag"]


def test_errors_carry_no_validators(client):
    answer = client.get("/api/items/none/1", status=404)
    assert "ETag" not in answer.headers and answer.headers["Cache-Control"] == "no-store"


def test_index_catches_up_with_writes_from_another_process(fresh_app):
    # A second store object on the same file stands for `catalogue import` in another process:
    # its commits do not reach this app's index through on_commit.
    from catalogue.stores import open_store
    with open_store(fresh_app.store.path) as other:
        with other.transaction(actor="other process") as tx:
            tx.put(validate({"title": "另一进程写入的通知", "issuer": "省政府", "publish_date": "2014-05-05"},
                            other.context()))
    assert client_for(fresh_app).get("/api/search", {"q": "另一进程写入的通知"}).json["total"] == 1
