"""A person's visit in headless Chromium: search the demo catalogue, tick filters, open an item, on a phone.

The real server (waitress, in a thread on a free port) serves the demo data;
Debian's chromium and chromium-driver drive the pages. Screenshots go to
tests/screenshots/ (gitignored) for a human to look at.
"""

import os
import subprocess
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"

if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
    pytest.skip(f"needs Debian's chromium and chromium-driver ({CHROMIUM}, {CHROMEDRIVER}); "
                "`apt-get install chromium chromium-driver` or .ci/run installs them",
                allow_module_level=True)

import waitress  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from web_fixtures import make_demo_home, open_app  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo catalogue served by waitress on 127.0.0.1; yields its base URL."""
    app = open_app(make_demo_home(tmp_path_factory.mktemp("browser") / "home"))
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    runner = threading.Thread(target=server.run, name="waitress", daemon=True)
    runner.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        # Close every open connection, then the listener; run() returns when none is left.
        for channel in list(server._map.values()):
            channel.handle_close()
        server.task_dispatcher.shutdown()
        runner.join(timeout=10)
        app.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def shots():
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


def wait(driver, condition, seconds=15):
    return WebDriverWait(driver, seconds).until(condition)


def query_of(driver):
    return parse_qs(urlsplit(driver.current_url).query)


def visible_text(driver):
    return driver.find_element(By.TAG_NAME, "body").text


def tick(driver, name, value=None):
    """Tick a filter box (the first unticked one of ``name``) and wait for the page it loads."""
    selector = f'input[name="{name}"]' + (f'[value="{value}"]' if value else ":not(:checked)")
    box = driver.find_element(By.CSS_SELECTOR, selector)
    chosen = box.get_attribute("value")
    old = driver.find_element(By.TAG_NAME, "main")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    box.click()
    wait(driver, EC.staleness_of(old))
    return chosen


def severe_console_messages(driver):
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


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

