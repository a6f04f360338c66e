"""The search widget on another site, in headless Chromium: isolation, Chinese search, facets, paging, keyboard.

The demo catalogue runs on one loopback port (``serve``); a host site runs
on another (a different origin) from a tiny ``http.server`` thread, with CSS
that styles ``div``, ``input``, ``li``, ``mark`` and ``a`` aggressively. Its
pages carry the snippet exactly as a site owner pastes it. Screenshots go to
tests/screenshots/widget-*.png (gitignored) for a person to look at.
"""

import contextlib
import http.server
import re
import threading
from urllib.parse import quote, urlencode

import pytest

from browser_fixtures import axe_violations, browser, serve, severe_console_messages, shots, wait  # noqa: F401
from staff_fixtures import PASSWORD
from test_staff_browser import log_in
from web_fixtures import make_demo_home, open_app

pytestmark = pytest.mark.browser

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402

from catalogue import access, accounts  # noqa: E402

HARBIN = "哈尔滨市人民政府"
DAOLI = "哈尔滨市道里区人民政府"
QUERY = "政務公開"      # Traditional: the catalogue folds it to 政务公开
EDITOR = "harbin_editor"
HOSTILE_CSS = """
html { font-size: 9px; }
body { font: italic 21px/3.1 "Times New Roman", serif; color: #0c0; background: #333;
       letter-spacing: 4px; text-align: center; text-transform: uppercase; }
div { border: 5px dotted magenta !important; padding: 17px; margin: 9px; background: #ff0; color: #f00;
      font-size: 31px; line-height: 1; }
input { font-size: 41px; border: 7px solid lime; background: #000; color: #fff; padding: 23px;
        width: 60px; border-radius: 0; }
li { display: inline; list-style: square; color: #00f; font-weight: 900; margin: 31px; padding: 11px; }
mark { background: #000; color: #000; padding: 9px; }
a { color: orange !important; text-decoration: none; font-size: 7px; display: block; }
* { box-sizing: content-box; }
"""
# What the host's own elements look like; the widget must not change it.
HOST_ELEMENTS = """
<div id="own"><input id="own-input" value="本站"><ul><li id="own-li">本站栏目</li></ul>
<mark id="own-mark">本站</mark> <a id="own-a" href="#own">本站链接</a></div>
"""
PROPERTIES = ("color", "background-color", "font-size", "font-family", "font-weight", "font-style",
              "line-height", "letter-spacing", "text-transform", "text-align", "padding-top",
              "border-top-width", "border-top-style", "margin-top", "display", "list-style-type",
              "text-decoration-line", "box-sizing")
# Inside a widget: what is compared between a plain host page and a hostile one.
WIDGET_PARTS = ("div.ds", "input.q", "button.go", "li.hit", "a.title", "mark", ".facets input", ".meta",
                ".status")


def snippet(catalogue, target="disclosure-search", **data):
    attributes = "".join(f' data-{name.replace("_", "-")}="{value}"' for name, value in data.items())
    return (f'<div id="{target}"></div>\n<script src="{catalogue}/widget.js" data-target="#{target}"'
            f'{attributes} async></script>')


def page(body, *, css=HOSTILE_CSS, lang="zh-CN"):
    style = f"<style>{css}</style>" if css else ""
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<link rel="icon" href="data:,"><title>某市政府网站</title>'
            f"{style}</head><body><main><h1>某市人民政府</h1>{body}</main></body></html>")


class HostSite:
    """Another site: a ThreadingHTTPServer on its own port, answering the pages put in ``pages``."""

    def __init__(self):
        self.pages = {}
        pages = self.pages

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = pages.get(self.path.split("?")[0], "").encode("utf-8")
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def put(self, path, html):
        self.pages[path] = html
        return self.url + path


@contextlib.contextmanager
def host_site():
    site = HostSite()
    runner = threading.Thread(target=site.server.serve_forever, name="host-site", daemon=True)
    runner.start()
    try:
        yield site
    finally:
        site.server.shutdown()
        site.server.server_close()
        runner.join(timeout=10)


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    """The demo catalogue (with an editor of 哈尔滨市人民政府) served on 127.0.0.1: ``(url, app)``."""
    app = open_app(make_demo_home(tmp_path_factory.mktemp("widget-browser") / "home"))
    try:
        accounts.add_user(app.store, EDITOR, PASSWORD, role="editor", body=HARBIN, actor="test")
        with serve(app) as url:
            yield url, app
    finally:
        app.close()


@pytest.fixture(scope="module")
def host():
    with host_site() as site:
        yield site


# -- reading the widget ----------------------------------------------------------------------------
def root(driver, number=0):
    """The shadow root of the page's ``number``-th widget, once it is there."""
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "disclosure-search")) > number)
    return driver.find_elements(By.CSS_SELECTOR, "disclosure-search")[number].shadow_root


def results_for(driver, shadow, expected_status_part=None):
    """Wait until the widget shows results (and a status containing ``expected_status_part``)."""
    def shown(_):
        status = shadow.find_element(By.CSS_SELECTOR, ".status").text
        busy = shadow.find_element(By.CSS_SELECTOR, ".results").get_attribute("aria-busy")
        return status and not busy and (expected_status_part is None or expected_status_part in status)
    wait(driver, shown)
    return shadow.find_elements(By.CSS_SELECTOR, "li.hit")


def issuers(shadow):
    metas = [m.text for m in shadow.find_elements(By.CSS_SELECTOR, "li.hit .meta span:first-child")]
    return [re.split("：|: ", text, maxsplit=1)[1] for text in metas]


def offered_issuers(shadow):
    return [box.get_attribute("value") for box in shadow.find_elements(By.CSS_SELECTOR, "fieldset:first-child input")]


def styles(driver, script_target):
    """Computed ``PROPERTIES`` of the elements a script expression (returning a list) names."""
    return driver.execute_script(f"""
        const props = arguments[0];
        return ({script_target}).map(el => el ? props.map(p => getComputedStyle(el).getPropertyValue(p)) : null);
    """, PROPERTIES)


def widget_styles(driver):
    return styles(driver, "(() => { const r = document.querySelector('disclosure-search').shadowRoot;"
                          f" return {list(WIDGET_PARTS)!r}.map(s => r.querySelector(s)); }})()")


def host_styles(driver):
    return styles(driver, "['own', 'own-input', 'own-li', 'own-mark', 'own-a']"
                          ".map(id => document.getElementById(id))")


def search(driver, shadow, text):
    box = shadow.find_element(By.CSS_SELECTOR, "input.q")
    box.clear()
    box.send_keys(text, Keys.ENTER)


def window_names(driver):
    # Selenium itself leaves se_… on window when it reads a shadow root.
    names = driver.execute_script("return Object.getOwnPropertyNames(window)")
    return {name for name in names if not name.startswith("se_")}


# -- the visit -------------------------------------------------------------------------------------
def test_a_visitor_on_another_site_searches_in_traditional_filters_pages_and_opens_a_result(
        catalogue, host, browser, shots):
    url, app = catalogue
    scope = access.bodies_under(app.store, HARBIN)
    widget = snippet(url, issuer=HARBIN, per_page=2)
    bare = host.put("/bare.html", page(HOST_ELEMENTS))
    hostile = host.put("/hostile.html", page(HOST_ELEMENTS + widget))
    plain = host.put("/plain.html", page(widget, css=None))
    assert host.url.rsplit(":", 1)[1] != url.rsplit(":", 1)[1], "two origins"

    browser.get(bare)
    host_before, names_before = host_styles(browser), window_names(browser)

    # The plain page: what the widget looks like with no host CSS at all.
    browser.get(plain)
    search(browser, root(browser), QUERY)
    results_for(browser, root(browser))
    reference = widget_styles(browser)

    browser.get(hostile)
    shadow = root(browser)
    search(browser, shadow, QUERY)
    hits = results_for(browser, shadow, "共找到 3 条信息")
    assert len(hits) == 2 and set(issuers(shadow)) <= scope
    assert shadow.find_elements(By.CSS_SELECTOR, "li.hit a.title mark"), "the query is marked in titles"
    assert {m.text for m in shadow.find_elements(By.CSS_SELECTOR, "li.hit mark")} == {"政务公开"}
    meta = shadow.find_element(By.CSS_SELECTOR, "li.hit .meta").text
    assert all(label in meta for label in ("发布机构", "发文字号", "发布日期"))

    # Isolation both ways, and one global.
    assert widget_styles(browser) == reference, "the host's CSS reached into the widget"
    assert host_styles(browser) == host_before, "the widget's CSS reached the host's elements"
    assert window_names(browser) - names_before == {"DisclosureSearch"}
    hosts = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => new URL(e.name).origin)")
    assert set(hosts) <= {url}, "no request to any host but the catalogue"

    # Facets offer only the pre-filtered bodies; one narrows the search.
    offered = offered_issuers(shadow)
    assert offered and set(offered) <= scope and DAOLI in offered
    browser.save_screenshot(str(shots / "widget-host-page.png"))
    shadow.find_element(By.CSS_SELECTOR, f'input[value="{DAOLI}"]').click()
    results_for(browser, shadow, "共找到 1 条信息")
    assert issuers(shadow) == [DAOLI]
    assert shadow.find_element(By.CSS_SELECTOR, f'input[value="{DAOLI}"]').is_selected()
    more = shadow.find_element(By.CSS_SELECTOR, ".more a").get_attribute("href")
    assert quote(DAOLI) in more and "q=" + quote(QUERY) in more
    shadow.find_element(By.CSS_SELECTOR, f'input[value="{DAOLI}"]').click()
    results_for(browser, shadow, "共找到 3 条信息")

    # Paging: the third result on page 2.
    shadow.find_element(By.CSS_SELECTOR, 'button[data-key="next"]').click()
    hits = results_for(browser, shadow, "第 3 条")
    assert len(hits) == 1 and "第 2 页，共 2 页" in shadow.find_element(By.CSS_SELECTOR, ".pages").text
    assert shadow.find_element(By.CSS_SELECTOR, ".hits").get_attribute("start") == "3"

    # Following a result opens its page in the catalogue.
    link = shadow.find_element(By.CSS_SELECTOR, "li.hit a.title")
    title = link.text
    link.click()
    wait(browser, EC.url_contains(url + "/items/"))
    assert browser.find_element(By.TAG_NAME, "h1").text == title
    assert severe_console_messages(browser) == []


def test_two_widgets_on_one_page_work_independently(catalogue, host, browser, shots):
    url, _app = catalogue
    two = host.put("/two.html", page(
        HOST_ELEMENTS + snippet(url, "harbin", issuer=HARBIN) +
        snippet(url, "finance", issuer="黑龙江省财政厅", lang="zh-TW", facets="false",
                placeholder="輸入關鍵詞")))
    browser.get(two)
    first, second = root(browser, 0), root(browser, 1)
    assert browser.execute_script("return document.querySelectorAll('disclosure-search').length") == 2
    assert second.find_element(By.CSS_SELECTOR, "label").text == "檢索政府信息公開目錄"
    assert second.find_element(By.CSS_SELECTOR, "input.q").get_attribute("placeholder") == "輸入關鍵詞"

    search(browser, first, QUERY)
    results_for(browser, first, "共找到 3 条信息")
    assert not second.find_element(By.CSS_SELECTOR, ".status").text, "the second widget did not search"

    search(browser, second, "預算")
    results_for(browser, second, "條信息")
    assert set(issuers(second)) == {"黑龙江省财政厅"}
    assert not second.find_elements(By.CSS_SELECTOR, ".facets fieldset"), "facets off in the second"
    assert set(issuers(first)) <= access.bodies_under(_app.store, HARBIN), "the first kept its results"
    assert first.find_element(By.CSS_SELECTOR, "input.q").get_attribute("value") == QUERY
    browser.save_screenshot(str(shots / "widget-two-widgets.png"))
    assert severe_console_messages(browser) == []


def test_a_page_script_mounts_a_widget_with_options_and_it_fits_a_phone(catalogue, host, browser, shots):
    url, app = catalogue
    browser.get(host.put("/mount.html", page(
        f'<div id="third"></div><script src="{url}/widget.js"></script>', css=None, lang="en")))
    browser.execute_script("DisclosureSearch.mount(document.getElementById('third'),"
                           " {issuer: ['哈尔滨市政府'], year: '2012..2013', query: '政务公开', perPage: 2, open: 'new-tab'})")
    shadow = root(browser)
    hits = results_for(browser, shadow, "found")
    assert shadow.find_element(By.CSS_SELECTOR, "label").text == "Search the disclosure catalogue"
    scope = access.bodies_under(app.store, HARBIN)    # 哈尔滨市政府 is its short name
    assert len(hits) == 2 and set(issuers(shadow)) <= scope
    assert offered_issuers(shadow) and set(offered_issuers(shadow)) <= scope
    years = [box.get_attribute("value") for box in shadow.find_elements(By.CSS_SELECTOR, "fieldset:nth-child(2) input")]
    assert years and set(years) <= {"2012", "2013"}, "only years inside the pre-filter are offered"
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 320, "height": 640, "deviceScaleFactor": 1, "mobile": True})
    try:
        browser.save_screenshot(str(shots / "widget-320.png"))
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 320
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    link = shadow.find_element(By.CSS_SELECTOR, "a.title")
    assert link.get_attribute("target") == "_blank" and "(opens in a new tab)" in link.get_attribute("textContent")


def test_the_iframe_embed_works_on_another_site_and_opens_results_in_the_whole_window(
        catalogue, host, browser, shots):
    url, _app = catalogue
    src = url + "/embed?" + urlencode([("issuer", HARBIN), ("lang", "zh-TW"), ("q", QUERY)])
    framed = host.put("/iframe.html", page(
        f'<iframe src="{src}" title="政府信息公開目錄檢索" width="100%" height="640"></iframe>'))
    browser.get(framed)
    frame = browser.find_element(By.TAG_NAME, "iframe")
    browser.switch_to.frame(frame)
    try:
        shadow = root(browser)
        hits = results_for(browser, shadow, "共找到 3 條信息")
        assert len(hits) == 3 and set(issuers(shadow)) <= access.bodies_under(_app.store, HARBIN)
        assert shadow.find_element(By.CSS_SELECTOR, ".go").text == "檢索"
        link = shadow.find_element(By.CSS_SELECTOR, "li.hit a.title")
        assert link.get_attribute("target") == "_top"
        browser.switch_to.default_content()
        browser.save_screenshot(str(shots / "widget-iframe.png"))
        browser.switch_to.frame(frame)
        title = link.text
        link.click()
    finally:
        browser.switch_to.default_content()
    wait(browser, EC.url_contains(url + "/items/"))
    assert browser.find_element(By.TAG_NAME, "h1").text == title


def test_did_you_mean_and_the_whole_issuer_facet_are_one_click_away(catalogue, host, browser):
    url, _app = catalogue
    browser.get(host.put("/all.html", page(snippet(url), css=None)))
    shadow = root(browser)
    search(browser, shadow, "政务公并")
    results_for(browser, shadow, "共找到 0 条信息")
    suggestion = shadow.find_element(By.CSS_SELECTOR, ".dym button")
    assert "您是不是要找" in shadow.find_element(By.CSS_SELECTOR, ".dym").text and suggestion.text == "政务公开"
    suggestion.click()
    results_for(browser, shadow, "共找到 43 条信息")
    assert shadow.find_element(By.CSS_SELECTOR, "input.q").get_attribute("value") == "政务公开"
    few = len(offered_issuers(shadow))
    more = shadow.find_element(By.CSS_SELECTOR, 'button[data-key="all-issuer"]')
    assert more.get_attribute("aria-expanded") == "false"
    more.click()
    assert len(offered_issuers(shadow)) > few
    assert shadow.find_element(By.CSS_SELECTOR, 'button[data-key="all-issuer"]').get_attribute("aria-expanded") == "true"


def test_the_type_ahead_works_with_the_keyboard_alone(catalogue, host, browser):
    url, _app = catalogue
    browser.get(host.put("/keys.html", page(snippet(url, issuer=HARBIN, shortcut="/"), css=None)))
    shadow = root(browser)
    box = shadow.find_element(By.CSS_SELECTOR, "input.q")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-controls") == "list"
    assert shadow.find_element(By.CSS_SELECTOR, "#list").get_attribute("role") == "listbox"

    def focused():
        return browser.execute_script(
            "const a = document.activeElement; return a && a.shadowRoot ? a.shadowRoot.activeElement : a")

    def keys(*sequence):
        browser.switch_to.active_element.send_keys(*sequence)

    def state():
        return (box.get_attribute("aria-expanded"), box.get_attribute("aria-activedescendant"))

    # The shortcut "/" jumps to the box from the page.
    browser.find_element(By.TAG_NAME, "h1").click()
    keys("/")
    wait(browser, lambda d: focused() == box)
    keys("政务")
    wait(browser, lambda d: state() == ("true", None))
    options = shadow.find_elements(By.CSS_SELECTOR, "[role=option]")
    assert len(options) > 2 and all(o.get_attribute("aria-selected") == "false" for o in options)

    keys(Keys.ARROW_DOWN)
    assert state() == ("true", "option-0") and options[0].get_attribute("aria-selected") == "true"
    keys(Keys.ARROW_DOWN)
    assert state() == ("true", "option-1")
    keys(Keys.ARROW_UP)
    assert state() == ("true", "option-0") and options[1].get_attribute("aria-selected") == "false"
    keys(Keys.ARROW_UP)
    assert state() == ("true", f"option-{len(options) - 1}"), "ArrowUp from the first wraps to the last"
    keys(Keys.ESCAPE)
    assert state() == ("false", None) and box.get_attribute("value") == "政务"
    assert shadow.find_element(By.CSS_SELECTOR, "#list").get_attribute("hidden") is not None

    keys(Keys.ARROW_DOWN)
    assert state() == ("true", "option-0")
    chosen = options[0].text
    keys(Keys.ENTER)
    results_for(browser, shadow)
    assert box.get_attribute("value") == chosen and state() == ("false", None)
    assert focused() == box
    outline = browser.execute_script("return getComputedStyle(arguments[0]).outlineStyle", box)
    assert outline not in ("none", ""), "focus is visible"
    keys(Keys.ESCAPE)
    assert box.get_attribute("value") == "", "Escape on a closed list clears the box"


def test_time_from_script_load_to_first_results_is_measured(catalogue, host, browser):
    url, _app = catalogue
    browser.get(host.put("/timed.html", page(snippet(url, issuer=HARBIN, query=QUERY), css=None)))
    results_for(browser, root(browser))
    loaded, first = browser.execute_script(
        "return ['disclosure-search:loaded', 'disclosure-search:results']"
        ".map(n => performance.getEntriesByName(n)[0].startTime)")
    print(f"\nwidget: script load -> first results {first - loaded:.0f} ms "
          f"(page start -> script load {loaded:.0f} ms)")


# -- accessibility -----------------------------------------------------------------------------------
def test_the_embed_page_with_results_has_no_wcag_aa_violation(catalogue, browser, shots):
    url, _app = catalogue
    browser.get(url + "/embed?" + urlencode([("issuer", HARBIN), ("q", QUERY)]))
    results_for(browser, root(browser))
    browser.save_screenshot(str(shots / "widget-embed.png"))
    assert axe_violations(browser) == []


def test_a_host_page_with_the_widget_open_has_no_wcag_aa_violation(catalogue, host, browser):
    url, _app = catalogue
    browser.get(host.put("/a11y.html", page(snippet(url, issuer=HARBIN, per_page=2), css=None)))
    shadow = root(browser)
    search(browser, shadow, QUERY)
    results_for(browser, shadow)
    shadow.find_element(By.CSS_SELECTOR, "input.q").send_keys(Keys.BACKSPACE)
    wait(browser, lambda d: shadow.find_element(By.CSS_SELECTOR, "input.q").get_attribute("aria-expanded") == "true")
    assert axe_violations(browser) == []


def test_the_snippet_builder_has_no_wcag_aa_violation_and_previews_the_widget(catalogue, browser, shots):
    url, _app = catalogue
    log_in(browser, url, EDITOR)
    browser.get(url + "/staff/embed?" + urlencode([("issuer", DAOLI), ("lang", "zh-CN")]))
    code = browser.find_element(By.CSS_SELECTOR, "pre.snippet").text
    assert f'data-issuer="{DAOLI}"' in code and url + "/widget.js" in code
    shadow = root(browser)
    search(browser, shadow, QUERY)
    results_for(browser, shadow)
    assert set(issuers(shadow)) == {DAOLI}
    browser.save_screenshot(str(shots / "widget-staff-embed.png"))
    assert axe_violations(browser) == []
    assert severe_console_messages(browser) == []
