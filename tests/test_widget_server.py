"""The widget's server side through WebTest: CORS on the read API only, /widget.js, /embed, framing, /staff/embed."""

import gzip
import re
from pathlib import Path

import pytest

from catalogue import access
from catalogue.errors import ConfigError
from staff_fixtures import BINXIAN, FINANCE, HARBIN
from staff_web_fixtures import login, staff_app  # noqa: F401 (fixture)
from web.widget import cors, options, routes
from web_fixtures import KNOWN, app_fixture, client, client_for, make_home, open_app  # noqa: F401

REPO = Path(__file__).resolve().parent.parent
HARBIN_SITE = "https://www.harbin.gov.cn"
OTHER_SITE = "https://evil.example"
SIZE_LIMIT = 15 * 1024

app = app_fixture()


@pytest.fixture(scope="module")
def listed_app(tmp_path_factory):
    """The app with ``widget_origins`` naming two sites."""
    app = open_app(make_home(tmp_path_factory.mktemp("widget") / "home"),
                   widget_origins=f"{HARBIN_SITE}, HTTP://127.0.0.1:8000/")
    yield app
    app.close()


def preflight(client, path, method="GET", origin=HARBIN_SITE, **kwargs):
    return client.options(path, headers={"Origin": origin, "Access-Control-Request-Method": method},
                          expect_errors=True, **kwargs)


# -- CORS ------------------------------------------------------------------------------------------
def test_any_site_may_read_the_search_api_by_default_without_credentials(client):
    for path in ("/api/search?q=%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80", "/api/suggest?q=%E6%94%BF",
                 "/api/bodies", f"/api/items/{KNOWN}"):
        answer = client.get(path, headers={"Origin": OTHER_SITE})
        assert answer.headers["Access-Control-Allow-Origin"] == "*", path
        assert "Access-Control-Allow-Credentials" not in answer.headers


def test_a_listed_site_is_named_in_the_answer_and_another_site_is_not(listed_app):
    client = client_for(listed_app)
    allowed = client.get("/api/search?q=x", headers={"Origin": HARBIN_SITE})
    assert allowed.headers["Access-Control-Allow-Origin"] == HARBIN_SITE
    assert "Origin" in allowed.headers["Vary"]
    local = client.get("/api/search?q=x", headers={"Origin": "http://127.0.0.1:8000"})
    assert local.headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:8000"
    refused = client.get("/api/search?q=x", headers={"Origin": OTHER_SITE})
    assert "Access-Control-Allow-Origin" not in refused.headers and "Origin" in refused.headers["Vary"]
    assert "Access-Control-Allow-Origin" not in preflight(client, "/api/search", origin=OTHER_SITE).headers


def test_a_preflight_for_a_read_is_answered(client):
    answer = preflight(client, "/api/search")
    assert answer.status_int == 204
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert answer.headers["Access-Control-Allow-Methods"] == "GET, HEAD"
    assert "Authorization" not in answer.headers["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in answer.headers


@pytest.mark.parametrize("path, method", [
    (f"/api/items/{KNOWN}", "PUT"), (f"/api/items/{KNOWN}", "DELETE"), ("/api/items", "POST"),
    (f"/api/items/{KNOWN}/approve", "POST"), ("/api/no-such-thing", "GET"), ("/staff/items", "GET"),
    ("/search", "GET"),
])
def test_no_preflight_is_answered_for_a_write_a_staff_page_or_a_page(client, path, method):
    answer = preflight(client, path, method)
    assert answer.status_int in (404, 405)
    assert not [name for name in answer.headers if name.startswith("Access-Control-")]


def test_staff_pages_and_write_requests_never_allow_another_site(client):
    answers = [client.get("/staff/login", headers={"Origin": OTHER_SITE}, expect_errors=True),
               client.get("/staff/items", headers={"Origin": OTHER_SITE}, expect_errors=True),
               client.post_json("/api/items", {"title": "关于测试的通知"}, headers={"Origin": OTHER_SITE},
                                expect_errors=True),
               client.put_json(f"/api/items/{KNOWN}", {}, headers={"Origin": OTHER_SITE}, expect_errors=True),
               client.delete(f"/api/items/{KNOWN}", headers={"Origin": OTHER_SITE}, expect_errors=True)]
    assert [a.status_int for a in answers][2:] == [403, 403, 403]
    assert [a for a in answers if "Access-Control-Allow-Origin" in a.headers] == []


def test_origins_are_compared_as_browsers_send_them():
    assert cors.normalise("HTTPS://WWW.Harbin.gov.cn:443/") == "https://www.harbin.gov.cn"
    assert cors.normalise("http://[::1]:8080") == "http://[::1]:8080"
    assert cors.allowed_origins("*") is None and cors.allowed_origins("") is None
    assert cors.allowed_origins("https://a.gov.cn, http://b.gov.cn:81") == {"https://a.gov.cn", "http://b.gov.cn:81"}


@pytest.mark.parametrize("bad", ["www.harbin.gov.cn", "ftp://a.gov.cn", "https://a.gov.cn/zwgk", "*, https://a.cn"])
def test_a_widget_origins_entry_that_is_no_origin_stops_the_server_naming_it(bad):
    with pytest.raises(ConfigError, match="widget_origins"):
        cors.allowed_origins(bad)


# -- framing ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/", "/search?q=%E9%A2%84%E7%AE%97", "/bodies", f"/items/{KNOWN}",
                                  "/api/search", "/widget.js", "/static/site.css", "/staff/login",
                                  "/no-such-page"])
def test_every_page_but_embed_refuses_to_be_framed(client, path):
    answer = client.get(path, expect_errors=True)
    assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]


def test_the_embed_page_may_be_framed_by_any_site_or_by_the_listed_ones(client, listed_app):
    policy = client.get("/embed").headers["Content-Security-Policy"]
    assert policy.endswith("frame-ancestors *") and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    listed = client_for(listed_app).get("/embed").headers["Content-Security-Policy"]
    assert listed.endswith("frame-ancestors 'self' http://127.0.0.1:8000 https://www.harbin.gov.cn")


# -- /embed ----------------------------------------------------------------------------------------
def _attributes(page):
    return page.html.select_one("main#search").attrs


def test_the_embed_page_hands_its_pre_filter_to_the_widget(client):
    page = client.get("/embed", [("issuer", HARBIN), ("issuer", FINANCE), ("year", "2011..2012"),
                                 ("lang", "zh-TW"), ("q", "政務公開"), ("per_page", "5"), ("open", "new-tab"),
                                 ("facets", "year"), ("utm_source", "x")])
    attributes = _attributes(page)
    assert attributes["data-issuer"] == f"{HARBIN},{FINANCE}" and attributes["data-year"] == "2011..2012"
    assert attributes["data-lang"] == "zh-TW" and attributes["data-query"] == "政務公開"
    assert attributes["data-per-page"] == "5"
    assert (attributes["data-open"], attributes["data-facets"], attributes["data-frame"]) == ("new-tab", "year", "true")
    assert page.html.select_one("html")["lang"] == "zh-Hant"
    assert page.html.select_one("script")["src"] == "/widget.js"
    assert "Set-Cookie" not in page.headers, "a frame on another site sets no cookie"


def test_the_embed_page_escapes_what_it_is_given(client):
    page = client.get("/embed", [("issuer", '"><script>alert(1)</script>')])
    assert "<script>alert" not in page.text
    assert _attributes(page)["data-issuer"] == '"><script>alert(1)</script>'


def test_the_embed_page_refuses_what_the_search_refuses_and_can_still_be_framed(client):
    answer = client.get("/embed?year=%E5%8E%BB%E5%B9%B4", expect_errors=True)
    assert answer.status_int == 400 and "year" in answer.text
    assert answer.headers["Content-Security-Policy"].endswith("frame-ancestors *")


# -- /widget.js ------------------------------------------------------------------------------------
def test_widget_js_is_served_filled_in_and_under_15_kb_gzipped(client):
    answer = client.get("/widget.js")
    assert answer.content_type == "text/javascript"
    assert routes.MARKER not in answer.text and '"result_count"' in answer.text
    size = len(gzip.compress(answer.body, 9))
    print(f"\nwidget.js: {len(answer.body)} bytes, {size} gzipped")
    assert size < SIZE_LIMIT
    again = client.get("/widget.js", headers={"If-None-Match": answer.headers["ETag"]})
    assert again.status_int == 304


def test_every_text_the_widget_shows_comes_from_the_interface_table():
    source = routes.SCRIPT.read_text(encoding="utf-8")
    used = set(re.findall(r"\bt\(\"(\w+)\"", source))
    facets = re.findall(r"\"(\w+)\"", re.search(r"var FACETS = \[(.*?)\]", source).group(1))
    used = used - {"facet_"} | {f"facet_{name}" for name in facets}     # t("facet_" + name)
    assert used == set(routes.TEXT_KEYS)
    texts = routes.widget_text()
    assert texts["zh-Hant"]["label_issuer"] == "發布機構" and texts["en"]["result_count"][0] == "{total} item found"


def test_the_widget_reads_every_option_of_the_table_and_the_readme_lists_them():
    source = routes.SCRIPT.read_text(encoding="utf-8")
    read = re.search(r"\[(\"target\".*?)\]\.forEach", source, re.S).group(1)
    assert set(re.findall(r"\"(\w+)\"", read)) == {o.key for o in options.OPTIONS} | {"frame"}
    assert options.markdown_table() in (REPO / "README.md").read_text(encoding="utf-8")


# -- /staff/embed ----------------------------------------------------------------------------------
def _offered(page):
    return [o["value"] for o in page.html.select("#e-issuer option")]


def test_the_snippet_builder_needs_a_login(staff_app):  # noqa: F811
    answer = client_for(staff_app).get("/staff/embed")
    assert answer.status_int == 303 and "/staff/login" in answer.headers["Location"]


def test_the_snippet_builder_offers_only_the_users_bodies(staff_app):  # noqa: F811
    page = login(staff_app, "harbin_editor").get("/staff/embed")
    offered = _offered(page)
    assert set(offered) == access.bodies_under(staff_app.store, HARBIN) and FINANCE not in offered
    assert page.html.select_one("#e-issuer option[selected]")["value"] == HARBIN
    everything = _offered(login(staff_app, "admin").get("/staff/embed"))
    assert everything == [b["name"] for b in staff_app.store.bodies()]


def test_a_body_outside_the_users_scope_is_refused(staff_app):  # noqa: F811
    answer = login(staff_app, "harbin_editor").get("/staff/embed", {"issuer": FINANCE}, expect_errors=True)
    assert answer.status_int == 403 and "pre.snippet" not in answer.text


def test_the_snippet_carries_the_choices(staff_app):  # noqa: F811
    page = login(staff_app, "harbin_editor").get("/staff/embed", {
        "issuer": BINXIAN, "year": "2012", "lang": "zh-TW", "open": "new-tab", "per_page": "5",
        "facets": "issuer", "placeholder": "输入关键词", "shortcut": "/"})
    script, iframe = [pre.text for pre in page.html.select("pre.snippet")]
    for attribute in (f'data-issuer="{BINXIAN}"', 'data-year="2012"', 'data-lang="zh-TW"', 'data-open="new-tab"',
                      'data-per-page="5"', 'data-facets="issuer"', 'data-placeholder="输入关键词"',
                      'data-shortcut="/"', 'src="http://localhost/widget.js"'):
        assert attribute in script
    assert f'src="http://localhost/embed?issuer={BINXIAN}&amp;year=2012&amp;lang=zh-TW' in iframe
    assert "shortcut" not in iframe and 'title="' in iframe
    preview = page.html.select_one(".embed-preview script")
    assert preview["data-issuer"] == BINXIAN and preview["src"] == "/widget.js"


def test_a_bad_year_is_said_beside_the_field_and_no_code_is_made(staff_app):  # noqa: F811
    page = login(staff_app, "harbin_editor").get("/staff/embed", {"year": "去年"}, expect_errors=True)
    assert page.status_int == 400
    assert "去年" in page.html.select_one("#e-year-problem").text
    assert page.html.select_one("#e-year")["aria-invalid"] == "true" and not page.html.select("pre.snippet")
