"""The Traditional interface on the demo catalogue: the catalogue's own values in Traditional, items as written."""

from urllib.parse import parse_qsl, urlsplit

import opencc
import pytest

from web import messages
from web.i18n import TEXT
from web_fixtures import app_fixture, client, make_demo_home

app = app_fixture(make_demo_home)

S2T = opencc.OpenCC("s2t")
HEALTH_REPORT = "黑龍江省衛生廳2011年度部門決算"          # written in Traditional in data/demo
BUDGET_NOTICE = "关于开展省本级部门决算信息公开的通知"     # written in Simplified, issued by 黑龙江省财政厅


def meta_rows(page):
    """The item page's metadata table as {label: value}."""
    cells = [c.get_text(strip=True) for c in page.html.select("table.meta th, table.meta td")]
    return dict(zip(cells[::2], cells[1::2]))


def item_page(client, title, lang):
    hit = next(a for a in client.get("/search", {"q": title}).html.select(".hit h3 a") if a.get_text() == title)
    # The language by cookie, not ?lang=: WebTest's cookie jar cannot take a cookie set on a
    # path with Chinese characters (these index numbers have them).
    return client.get(hit["href"], headers={"Cookie": f"lang={lang}"})


def test_traditional_item_page_shows_the_catalogues_values_in_traditional(client):
    rows = meta_rows(item_page(client, HEALTH_REPORT, "zh-Hant"))
    assert (rows["發布機構"], rows["主題分類"], rows["公開方式"], rows["有效性"]) == (
        "黑龍江省衛生廳", "衛生、體育/衛生", "主動公開", "有效")


def test_traditional_item_page_keeps_a_simplified_title_as_written(client):
    page = item_page(client, BUDGET_NOTICE, "zh-Hant")
    assert page.html.h1.get_text() == BUDGET_NOTICE and meta_rows(page)["發布機構"] == "黑龍江省財政廳"


def test_traditional_item_page_keeps_the_document_number_as_stored(client):
    assert meta_rows(item_page(client, BUDGET_NOTICE, "zh-Hant"))["發文字號"] == "黑财预〔2012〕35号"


def test_traditional_item_page_links_the_body_by_its_stored_name(client):
    link = item_page(client, HEALTH_REPORT, "zh-Hant").html.select_one(".crumbs a[lang]")
    assert link.get_text() == "黑龍江省衛生廳" and parse_qsl(urlsplit(link["href"]).query) == [
        ("issuer", "黑龙江省卫生厅")]


def test_simplified_item_page_shows_the_values_as_stored(client):
    rows = meta_rows(item_page(client, HEALTH_REPORT, "zh-Hans"))
    assert (rows["发布机构"], rows["主题分类"], rows["公开方式"]) == ("黑龙江省卫生厅", "卫生、体育/卫生", "主动公开")


def test_traditional_bodies_page_names_every_body_in_traditional(app, client):
    shown = [a.get_text() for a in client.get("/bodies", {"lang": "zh-Hant"}).html.select(".bodies [lang]")]
    assert sorted(shown) == sorted(S2T.convert(body["name"]) for body in app.store.bodies())
    assert "黑龍江省衛生廳" in shown


def test_traditional_bodies_page_links_keep_the_stored_names(app, client):
    links = client.get("/bodies", {"lang": "zh-Hant"}).html.select(".bodies a")
    issuers = {dict(parse_qsl(urlsplit(a["href"]).query))["issuer"] for a in links}
    assert issuers <= {body["name"] for body in app.store.bodies()} and "黑龙江省卫生厅" in issuers


def test_traditional_issuer_facet_shows_traditional_names_and_ticks_stored_values(client):
    page = client.get("/search", {"lang": "zh-Hant"})
    box = page.html.find("input", attrs={"name": "issuer", "value": "黑龙江省财政厅"})
    label = page.html.find("label", attrs={"for": box["id"]}).find("span", lang="zh").get_text()
    assert label == "黑龍江省財政廳"


@pytest.mark.parametrize("facet, stored", [("topic", "财政、金融、审计/财政"), ("genre", "工作要点")])
def test_traditional_topic_and_genre_facets_show_traditional_values(client, facet, stored):
    page = client.get("/search", {"lang": "zh-Hant"})
    box = page.html.find("input", attrs={"name": facet, "value": stored})
    assert page.html.find("label", attrs={"for": box["id"]}).find("span", lang="zh").get_text() == S2T.convert(stored)


def test_traditional_results_name_the_issuer_in_traditional(client):
    page = client.get("/search", {"q": BUDGET_NOTICE, "lang": "zh-Hant"})
    hit = next(h for h in page.html.select(".hit") if h.h3.get_text() == BUDGET_NOTICE)
    assert "黑龍江省財政廳" in hit.select_one(".meta").get_text()


def test_traditional_filter_chip_shows_the_body_in_traditional(client):
    chip = client.get("/search", {"issuer": "黑龙江省卫生厅", "lang": "zh-Hant"}).html.select_one(".chips a")
    assert chip.find("span", lang="zh").get_text() == "黑龍江省衛生廳" and chip["aria-label"] == "去掉條件：黑龍江省衛生廳"


def test_english_interface_shows_the_values_as_stored(client):
    rows = meta_rows(item_page(client, HEALTH_REPORT, "en"))
    assert (rows["Issuing body"], rows["Topic"]) == ("黑龙江省卫生厅", "卫生、体育/卫生")


def test_traditional_site_name_follows_mainland_usage(client):
    page = client.get("/", {"lang": "zh-Hant"})
    assert page.html.select_one(".brand").get_text() == "政府信息公開目錄" and page.html.title.get_text() == "政府信息公開目錄"


# Where two Traditional characters are both right for one Simplified one, the
# hand-written texts use the first (發布機構 as in catalogue/items.py, 核對, 只); OpenCC writes the second.
VARIANTS = str.maketrans({"佈": "布", "爲": "為", "覈": "核", "隻": "只"})


def traditional_pairs():
    """(Simplified, Traditional) of every hand-written interface text."""
    tables = [TEXT, messages.WORDING, messages.FIELD_WORDING, {"uncoded": messages.UNCODED},
              messages.STATUS_WORDING, messages.LABELS, messages.LINKS]
    return [(texts[0], texts[1]) for table in tables for texts in table.values()]


def test_traditional_interface_texts_use_the_simplified_texts_words():
    # Mainland Traditional usage: the same words in Traditional characters (信息, not Taiwan's 資訊).
    differ = [(s, t) for s, t in traditional_pairs() if S2T.convert(s).translate(VARIANTS) != t.translate(VARIANTS)]
    assert differ == []
