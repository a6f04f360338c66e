"""/stats in headless Chromium on the demo catalogue: screenshots (desktop, 390 px) and no overflow.

The screenshots go to tests/screenshots/ (stats-desktop.png, stats-390.png)
for a person to look at; the page must not scroll sideways on a phone (its
wide tables scroll inside their own box).
"""

import pytest

from browser_fixtures import browser, severe_console_messages, shots, site  # noqa: F401

pytestmark = pytest.mark.browser


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
