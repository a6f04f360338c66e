"""The advanced form and a zero-results page in headless Chromium, with screenshots to look at.

tests/screenshots/advanced.png (the form) and tests/screenshots/zero-results.png
(a search that finds nothing, with what to try next) are for a person to
judge as a Chinese visitor would.
"""

from urllib.parse import quote

import pytest

from browser_fixtures import browser, query_of, shots, site, visible_text, wait  # noqa: F401

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
