"""/stats and /staff/late in headless Chromium on the demo catalogue: screenshots, no overflow, axe.

The screenshots go to tests/screenshots/ (stats-desktop.png, stats-390.png)
for a person to look at; the page must not scroll sideways on a phone (its
wide tables scroll inside their own box).
"""

import pytest

from browser_fixtures import axe_violations, browser, log_in, serve, severe_console_messages, shots, site  # noqa: F401
from staff_fixtures import PASSWORD
from stats_fixtures import _item, put
from web_fixtures import make_demo_home, open_app

pytestmark = pytest.mark.browser

from selenium.webdriver.common.by import By  # noqa: E402

from catalogue import accounts  # noqa: E402


def _full_page(driver, width, mobile):
    """Show the whole page at ``width``: the height set to the page's own."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": mobile})
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": min(height, 6000), "deviceScaleFactor": 1,
                            "mobile": mobile})


@pytest.mark.parametrize("width, name", [(1280, "stats-desktop.png"), (390, "stats-390.png")])
def test_the_stats_page_fits_the_screen_and_is_photographed(site, browser, shots, width, name):
    try:
        browser.get(site + "/stats?year=2012")
        _full_page(browser, width, width < 600)
        inner, scroll = browser.execute_script(
            "return [window.innerWidth, document.documentElement.scrollWidth]")
        browser.save_screenshot(str(shots / name))
        assert scroll <= inner
        assert severe_console_messages(browser) == []
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.fixture(scope="module")
def staff_site(tmp_path_factory):
    """The demo catalogue with an admin and an overdue draft, served on 127.0.0.1."""
    app = open_app(make_demo_home(tmp_path_factory.mktemp("late-browser") / "home"))
    try:
        accounts.add_user(app.store, "admin", PASSWORD, role="admin", body=None, actor="test")
        put(app.store, [_item("关于2013年政务公开工作的通知（草稿）", "省政务公开办", "2013-03-01",
                              written_date="2013-01-10")], status="draft")
        with serve(app) as url:
            yield url
    finally:
        app.close()


def test_the_late_items_page_passes_axe_and_fits_a_phone(staff_site, browser, shots):
    log_in(browser, staff_site, "admin", PASSWORD)
    browser.get(staff_site + "/staff/late")
    assert "关于2013年政务公开工作的通知（草稿）" in browser.find_element(By.ID, "late-items").text
    assert axe_violations(browser) == []
    browser.save_screenshot(str(shots / "staff-late-desktop.png"))
    try:
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        browser.get(staff_site + "/staff/late")
        scroll = browser.execute_script("return document.documentElement.scrollWidth")
        browser.save_screenshot(str(shots / "staff-late-390.png"))
        assert scroll <= 390
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
