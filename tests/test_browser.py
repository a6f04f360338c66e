"""A person's visit in headless Chromium: search the demo catalogue, tick filters, open an item, on a phone.

The real server (waitress, in a thread on a free port) serves the demo data;
Debian's chromium and chromium-driver drive the pages. Screenshots go to
tests/screenshots/ (gitignored) for a human to look at.
"""

import subprocess
from urllib.parse import urlsplit

import pytest

from browser_fixtures import (browser, query_of, severe_console_messages,  # noqa: F401
                              shots, site, tick, visible_text, wait)

pytestmark = pytest.mark.browser

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402


def test_a_chinese_font_is_installed_so_screenshots_show_the_text():
    # Without one Chromium draws every Chinese character as an empty box.
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    assert listed.stdout.strip(), "no Chinese font: `apt-get install fonts-wqy-microhei` (.ci/run does)"


def test_a_person_searches_filters_and_opens_an_item(site, browser, shots):
    browser.get(site + "/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "政府信息公开目录"
    box = browser.find_element(By.ID, "q")
    assert browser.find_element(By.CSS_SELECTOR, 'label[for="q"]').text == "检索词"

    box.send_keys("政务公开", Keys.ENTER)
    wait(browser, EC.url_contains("q="))
    assert "共找到" in browser.find_element(By.CSS_SELECTOR, ".results .count").text
    assert browser.find_elements(By.CSS_SELECTOR, ".hit h3 mark"), "query words are marked in titles"

    issuer = tick(browser, "issuer", "黑龙江省人民政府办公厅")
    assert query_of(browser)["issuer"] == [issuer] and query_of(browser)["q"] == ["政务公开"]
    assert browser.find_element(By.CSS_SELECTOR, f'input[name="issuer"][value="{issuer}"]').is_selected()

    year = tick(browser, "year")
    assert query_of(browser)["year"] == [year]
    hits = browser.find_elements(By.CSS_SELECTOR, ".hit")
    dates = [t.get_attribute("datetime") for t in browser.find_elements(By.CSS_SELECTOR, ".hit time")]
    assert hits and all(d.startswith(year) for d in dates)
    chips = [c.text for c in browser.find_elements(By.CSS_SELECTOR, ".chips a")]
    assert any(issuer in c for c in chips) and any(year in c for c in chips)
    browser.save_screenshot(str(shots / "search.png"))

    first = browser.find_element(By.CSS_SELECTOR, ".hit h3 a")
    title = first.text
    first.click()
    wait(browser, EC.url_contains("/items/"))
    assert browser.find_element(By.TAG_NAME, "h1").text == title
    text = visible_text(browser)
    assert all(label in text for label in ("索引号", "主题分类", "发布机构", "成文日期", "发文字号", "发布日期", "有效性"))
    assert "黑龙江省人民政府办公厅" in text
    browser.save_screenshot(str(shots / "item.png"))
    assert severe_console_messages(browser) == []


def test_the_interface_switches_to_english_and_stays_there(site, browser):
    browser.get(site + "/search?q=%E9%A2%84%E7%AE%97")
    browser.find_element(By.CSS_SELECTOR, '.langs a[hreflang="en"]').click()
    wait(browser, EC.text_to_be_present_in_element((By.CSS_SELECTOR, 'label[for="q"]'), "Search terms"))
    browser.get(site + "/bodies")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Issuing bodies"
    browser.find_element(By.CSS_SELECTOR, '.langs a[hreflang="zh-Hans"]').click()
    wait(browser, EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "发布机构"))


def test_keyboard_users_can_skip_to_the_content_and_see_focus(site, browser):
    browser.get(site + "/")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    skip = browser.switch_to.active_element
    assert skip.text == "跳到主要内容" and skip.rect["x"] >= 0
    outline = browser.execute_script("return getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")


@pytest.mark.parametrize("path", ["/search?q=%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80", "/bodies", "ITEM"])
def test_nothing_overflows_a_320_pixel_screen(site, browser, shots, path):
    if path == "ITEM":
        browser.get(site + "/search?q=%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80")
        path = urlsplit(browser.find_element(By.CSS_SELECTOR, ".hit h3 a").get_attribute("href")).path
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 320, "height": 640, "deviceScaleFactor": 1, "mobile": True})
    try:
        browser.get(site + path)
        width, scroll = browser.execute_script(
            "return [window.innerWidth, document.documentElement.scrollWidth]")
        name = "item-320.png" if "/items/" in path else ("bodies-320.png" if "bodies" in path else "search-320.png")
        browser.save_screenshot(str(shots / name))
        assert width == 320 and scroll <= 320
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

