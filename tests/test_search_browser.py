"""The advanced form and a zero-results page in headless Chromium, with screenshots to look at.

tests/screenshots/advanced.png (the form) and tests/screenshots/zero-results.png
(a search that finds nothing, with what to try next) are for a person to
judge as a Chinese visitor would.
"""

from urllib.parse import quote

import pytest

from browser_fixtures import browser, query_of, served_home, shots, site, visible_text, wait  # noqa: F401
from facet_fixtures import province_home

pytestmark = pytest.mark.browser

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402


def test_a_person_fills_in_the_advanced_form_and_gets_a_bookmarkable_search(site, browser, shots):
    browser.get(site + "/search?q=" + quote("政务公开"))
    browser.find_element(By.CSS_SELECTOR, ".advlink a").click()
    wait(browser, EC.url_contains("/search/advanced"))
    assert browser.find_element(By.ID, "a-q").get_attribute("value") == "政务公开"
    browser.find_element(By.ID, "a-field-title").click()
    browser.find_element(By.ID, "a-doc-prefix").send_keys("黑政办发")
    browser.save_screenshot(str(shots / "advanced.png"))
    browser.find_element(By.CSS_SELECTOR, "form.advanced button[type=submit]").click()
    wait(browser, EC.url_contains("doc_prefix="))
    query = query_of(browser)
    assert query["q"] == ["政务公开"] and query["field"] == ["title"] and query["doc_prefix"] == ["黑政办发"]
    chips = [c.text for c in browser.find_elements(By.CSS_SELECTOR, ".chips a")]
    assert any("仅检索标题" in c for c in chips) and any("机关代字：黑政办发" in c for c in chips)


def test_a_zero_results_page_says_what_was_searched_and_what_to_try(site, browser, shots):
    browser.get(site + "/search?q=" + quote("政务公开") + "&genre=" + quote("决定") + "&date_from=2030-01-01")
    text = visible_text(browser)
    assert "没有找到符合条件的信息" in text and "您检索的是：政务公开" in text
    assert "去掉“发布日期起：2030-01-01”" in text and "高级检索" in text
    browser.save_screenshot(str(shots / "zero-results.png"))
    browser.find_element(By.LINK_TEXT, "去掉“发布日期起：2030-01-01”").click()
    wait(browser, lambda d: "date_from" not in d.current_url)
    assert "date_from" not in query_of(browser)


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    """The 300-body catalogue of tests/facet_fixtures.py served on 127.0.0.1."""
    with served_home(province_home(tmp_path_factory.mktemp("province") / "home")) as url:
        yield url


def shown_bodies(browser):
    return [box.get_attribute("value") for box in browser.find_elements(By.CSS_SELECTOR, "#facet-issuer input[name=issuer]")
            if box.is_displayed()]


def test_the_body_facet_filter_box_finds_a_county_department_by_name(province, browser, shots):
    browser.get(province + "/search?q=" + quote("政务公开"))
    before = shown_bodies(browser)
    assert len(before) < 100
    box = browser.find_element(By.ID, "facet-issuer-find")
    box.send_keys("宾县")
    wait(browser, lambda d: all("宾县" in name or name in ("黑龙江省人民政府", "哈尔滨市人民政府")
                                for name in shown_bodies(d)))
    found = shown_bodies(browser)
    assert "宾县人民政府" in found and any(name.startswith("宾县") and name != "宾县人民政府" for name in found)
    browser.save_screenshot(str(shots / "facet-filter.png"))
    box.clear()
    box.send_keys(" ")      # an emptied box shows the folded list again
    wait(browser, lambda d: len(shown_bodies(d)) == len(before))


def test_show_all_unfolds_the_body_facet_in_place(province, browser):
    browser.get(province + "/search?q=" + quote("政务公开"))
    url = browser.current_url
    browser.find_element(By.CSS_SELECTOR, "#facet-issuer a[data-show-all]").click()
    wait(browser, lambda d: len(shown_bodies(d)) == 300)
    assert browser.current_url == url
