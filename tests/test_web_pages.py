"""The HTML pages against the real app: search, filters, item pages, bodies, errors, languages, escaping."""

from urllib.parse import quote

import pytest

from web_fixtures import KNOWN, WITHDRAWN, WITHDRAWN_REASON, XSS_TITLE, app_fixture, client


app = app_fixture()


def hit_titles(page):
    return [h.get_text() for h in page.html.select(".hit h3")]


def checked(page, name):
    return [box["value"] for box in page.html.select(f'input[name="{name}"][checked]')]


def text_of(page):
    return page.html.get_text(" ", strip=True)


# -- the search page ----------------------------------------------------------------

def test_home_page_has_a_labelled_search_box(client):
    page = client.get("/")
    assert page.html.find("label", attrs={"for": "q"}) and page.html.find("input", id="q")


def test_home_page_lists_published_items_but_not_withdrawn_ones(client):
    titles = hit_titles(client.get("/"))
    assert "宾县2013年政府信息公开工作年度报告" in titles and "关于已撤回信息的测试通知" not in titles


def test_search_marks_the_words_found_in_the_title(client):
    page = client.get("/search", {"q": "预算"})
    assert page.html.select(".hit h3 mark")


def test_result_shows_issuer_doc_number_and_publish_date(client):
    meta = client.get("/search", {"q": "预算"}).html.select_one(".hit .meta").get_text(" ", strip=True)
    assert all(part in meta for part in ("黑龙江省财政厅", "黑财预〔2012〕15号", "2012-05-10"))


def test_result_count_is_shown(client):
    assert "共找到 1 条信息" in text_of(client.get("/search", {"q": "预算"}))


def test_no_results_says_so_and_suggests_what_to_try(client):
    page = client.get("/search", {"q": "火星探测器发射"})
    assert "没有找到符合条件的信息" in text_of(page) and not hit_titles(page)


def test_misspelt_query_offers_a_did_you_mean_link_that_finds_items(client):
    page = client.get("/search", {"q": "行政审拢", "year": "2012"})
    link = page.html.select_one(".suggest a")
    assert link.get_text() == "行政审批" and "year=2012" in link["href"]
    assert hit_titles(client.get(link["href"])) == ["哈尔滨市人民政府关于公布行政审批事项目录的决定"]


def test_issuer_facet_nests_counties_under_their_city(client):
    city = client.get("/").html.find("input", attrs={"name": "issuer", "value": "哈尔滨市人民政府"})
    nested = city.find_parent("li").select(':scope > ul input[name="issuer"]')
    assert [box["value"] for box in nested] == ["宾县人民政府"]


def test_issuer_facet_shows_roll_up_and_own_count(client):
    city = client.get("/").html.find("input", attrs={"name": "issuer", "value": "哈尔滨市人民政府"})
    label = city.find_parent("li").find("label").get_text(" ", strip=True)
    assert "2 条" in label and "本级 1 条" in label


def test_ticking_a_city_finds_its_counties_items_too(client):
    page = client.get("/search", {"issuer": "哈尔滨市人民政府"})
    assert sorted(hit_titles(page)) == ["哈尔滨市人民政府关于公布行政审批事项目录的决定", "宾县2013年政府信息公开工作年度报告"]
    assert checked(page, "issuer") == ["哈尔滨市人民政府"]


def test_year_filter_is_ticked_and_narrows_the_results(client):
    page = client.get("/search", {"year": "2013"})
    assert hit_titles(page) == ["宾县2013年政府信息公开工作年度报告"] and checked(page, "year") == ["2013"]


def test_topic_and_genre_facets_offer_the_values_found(client):
    page = client.get("/search", {"q": "公开"})
    assert "综合政务/政务公开" in [b["value"] for b in page.html.select('input[name="topic"]')]
    assert "年度报告" in [b["value"] for b in page.html.select('input[name="genre"]')]


def test_removing_a_filter_keeps_the_query(client):
    page = client.get("/search", {"q": "公开", "genre": "年度报告"})
    chip = page.html.select_one(".chips a")["href"]
    assert "q=" in chip and "genre" not in chip


def test_filter_checkboxes_belong_to_the_search_form(client):
    boxes = client.get("/").html.select('input[type="checkbox"]')
    assert boxes and all(box["form"] == "search" for box in boxes)


def test_sort_by_date_puts_the_newest_first(client):
    page = client.get("/search", {"q": "公开", "sort": "date"})
    dates = [t["datetime"] for t in page.html.select(".hit time")]
    assert dates == sorted(dates, reverse=True) and len(dates) > 1


def test_pagination_links_keep_the_search_and_page_size(client):
    page = client.get("/search", {"q": "公开", "per_page": "2"})
    following = page.html.select_one('.pages a[rel="next"]')["href"]
    assert "page=2" in following and "per_page=2" in following and "q=" in following


def test_second_page_shows_the_next_results(client):
    first = hit_titles(client.get("/search", {"sort": "date", "per_page": "2"}))
    second = hit_titles(client.get("/search", {"sort": "date", "per_page": "2", "page": "2"}))
    assert len(second) == 2 and not set(first) & set(second)


def test_search_page_links_its_atom_feed_and_json(client):
    page = client.get("/search", {"q": "预算"})
    feed = page.html.find("link", attrs={"type": "application/atom+xml"})["href"]
    assert feed.startswith("/feeds/atom?q=") and page.html.find("a", href=lambda h: h and h.startswith("/api/search"))


def test_bad_page_number_answers_400_naming_it(client):
    page = client.get("/search", {"page": "abc"}, status=400)
    assert "页码" in text_of(page) and page.content_type == "text/html"


# -- item pages ------------------------------------------------------------------------

def test_item_page_shows_the_metadata_table_in_gov_cn_order(client):
    page = client.get(f"/items/{KNOWN}")
    labels = [th.get_text() for th in page.html.select("table.meta th")]
    assert labels[:9] == ["索引号", "主题分类", "发布机构", "成文日期", "标题", "发文字号", "发布日期", "有效性", "公开方式"]


def test_item_page_shows_values_summary_body_and_attachments(client):
    page = client.get(f"/items/{KNOWN}")
    text = text_of(page)
    assert all(part in text for part in (KNOWN, "黑政办发〔2011〕43号", "2011-09-20", "五级联动机制",
                                         "各地要全面梳理细化县乡政务公开内容"))
    assert page.html.find("a", href="https://www.hlj.gov.cn/files/mulu.xls").get_text() == "县乡政务公开目录.xls"


def test_item_with_a_chinese_index_number_is_reached_from_its_result_link(client):
    link = client.get("/search", {"q": "关于公开信息的通知"}).html.select_one(".hit h3 a")["href"]
    assert link.startswith("/items/%E7%9C%81") and client.get(link).html.h1.get_text() == XSS_TITLE


def test_item_page_links_the_issuer_to_a_filtered_search(client):
    page = client.get(f"/items/{KNOWN}")
    assert page.html.find("a", href="/search?issuer=%E9%BB%91%E9%BE%99%E6%B1%9F%E7%9C%81%E4%BA%BA%E6%B0%91"
                                     "%E6%94%BF%E5%BA%9C%E5%8A%9E%E5%85%AC%E5%8E%85")


def test_unknown_item_answers_404(client):
    assert client.get("/items/11230000001/1999-00001", status=404).content_type == "text/html"


def test_withdrawn_item_answers_410_with_the_reason(client):
    text = text_of(client.get(f"/items/{WITHDRAWN}", status=410))
    assert "已由发布机构撤回" in text and WITHDRAWN_REASON in text


# -- escaping --------------------------------------------------------------------------

def test_script_in_a_title_is_escaped_on_the_search_page(client):
    page = client.get("/search", {"q": "关于公开信息的通知"})
    assert "<script>alert(1)" not in page.text and "&lt;script&gt;alert(1)" in page.text


def test_script_in_a_title_is_escaped_without_a_query(client):
    page = client.get("/search", {"sort": "date", "per_page": "100"})
    assert XSS_TITLE in hit_titles(page) and "<script>alert(1)" not in page.text


def test_markup_in_an_item_is_escaped_on_its_page(client, app):
    index_no = next(i["index_no"] for i in app.store.iter_items() if i["title"] == XSS_TITLE)
    page = client.get(quote(f"/items/{index_no}"))
    assert "<script>" not in page.text and "<img src=x" not in page.text and "<b>不是粗体" not in page.text


def test_a_query_with_markup_is_escaped_when_shown(client):
    page = client.get("/search", {"q": '"><script>alert(3)</script>'})
    assert "<script>alert(3)" not in page.text


# -- bodies ----------------------------------------------------------------------------

def test_bodies_page_shows_the_tree_with_counts_and_links(client):
    page = client.get("/bodies")
    link = page.html.find("a", string="哈尔滨市人民政府")
    assert link["href"].startswith("/search?issuer=") and "2 条" in link.find_parent("li").get_text()


def test_bodies_page_lists_bodies_without_items_unlinked(app, client):
    page = client.get("/bodies")
    # Every registry body is listed; only the ones with items are links.
    names = [span.get_text() for span in page.html.select(".bodies li > span[lang]")]
    assert all(b["name"] in page.text for b in app.store.bodies()) and names == ["黑龙江省民政厅", "黑龙江省住房和城乡建设厅"]


# -- languages ---------------------------------------------------------------------------

def test_interface_is_simplified_chinese_by_default(client):
    page = client.get("/")
    assert page.html.html["lang"] == "zh-Hans" and page.html.find("label", attrs={"for": "q"}).get_text() == "检索词"


def test_english_interface_is_chosen_by_lang_and_remembered(client):
    client.get("/", {"lang": "en"})
    page = client.get("/bodies")
    assert page.html.html["lang"] == "en" and page.html.h1.get_text() == "Issuing bodies"


def test_traditional_interface_leaves_item_content_unconverted(client):
    page = client.get(f"/items/{KNOWN}", {"lang": "zh-Hant"})
    assert "發布機構" in text_of(page) and page.html.h1.get_text() == (
        "黑龙江省人民政府办公厅关于进一步深化全省县乡政务公开工作的意见")


def test_every_page_offers_every_language(client):
    links = client.get("/bodies").html.select(".langs a")
    assert [a["hreflang"] for a in links] == ["zh-Hans", "zh-Hant", "en"]


def test_language_choice_is_kept_in_a_cookie(client):
    client.get("/", {"lang": "zh-Hant"})
    assert client.cookies["lang"] == "zh-Hant"


def test_unknown_language_falls_back_to_the_default(client):
    assert client.get("/", {"lang": "fr"}).html.html["lang"] == "zh-Hans"


# -- structure and accessibility ------------------------------------------------------------

PAGES = ["/", "/search?q=%E5%85%AC%E5%BC%80&per_page=2", f"/items/{KNOWN}", "/bodies"]


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_headings_descend_one_level_at_a_time(client, path, lang):
    page = client.get(path, {"lang": lang})
    levels = [int(h.name[1]) for h in page.html.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:]))


@pytest.mark.parametrize("path", PAGES)
def test_every_form_control_has_a_label(client, path):
    page = client.get(path)
    controls = page.html.select("input:not([type=hidden]), select")
    labelled = {label["for"] for label in page.html.select("label[for]")}
    assert all(control["id"] in labelled for control in controls)


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_nothing_from_other_sites(client, path):
    page = client.get(path)
    sources = [tag.get("src") or tag.get("href") for tag in page.html.select("script, link")]
    assert sources and all(source.startswith("/") for source in sources)


def test_static_files_are_served_with_long_caching(client):
    css = client.get("/static/site.css")
    assert css.content_type == "text/css" and "max-age=31536000" in css.headers["Cache-Control"]


def test_pages_forbid_inline_scripts(client):
    assert "script-src 'self'" in client.get("/").headers["Content-Security-Policy"]


def test_unknown_page_answers_404_page(client):
    assert client.get("/nowhere", status=404).content_type == "text/html"


def test_head_request_answers_headers_without_a_body(client):
    answer = client.head("/search?q=%E5%85%AC%E5%BC%80")
    assert answer.status_int == 200 and answer.body == b"" and "ETag" in answer.headers


def test_post_is_not_allowed(client):
    client.post("/search", {"q": "公开"}, status=405)


# -- a catalogue with no items yet ---------------------------------------------------

@pytest.fixture(scope="module")
def empty_client(tmp_path_factory):
    from search_fixtures import make_home as make_empty_home
    from web_fixtures import client_for, open_app
    app = open_app(make_empty_home(tmp_path_factory.mktemp("empty") / "home"))
    yield client_for(app)
    app.close()


@pytest.mark.parametrize("path", ["/", "/search?q=通知", "/search?issuer=省政府&year=2012",
                                  "/api/search?q=政务公开", "/api/suggest?q=政务", "/feeds/atom",
                                  "/bodies", "/api/health"])
def test_catalogue_with_no_items_yet_answers_every_page(empty_client, path):
    page = empty_client.get(quote(path, safe="/?=&"))
    assert page.status_int == 200
    if path.startswith("/api/search"):
        assert page.json["total"] == 0 and page.json["items"] == []
