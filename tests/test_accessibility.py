"""Every page passes axe-core's WCAG 2.1 A and AA rules, in each interface language.

Headless Chromium renders the real server's pages (the demo catalogue);
axe-core (packaged by axe-core-python) checks them. Staff pages are checked
logged in, through the real login form.
"""

from urllib.parse import quote

import pytest

from browser_fixtures import axe_violations, browser, site  # noqa: F401

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    "/",
    "/search?q=" + quote("政务公开"),
    "/search?q=" + quote("黑龙江省财政厅"),
    "/search?q=" + quote("哈尔宾"),
    "/search?year=2012&sort=date",
    "/bodies",
    "/stats",
    "/stats?year=2011&issuer=" + quote("哈尔滨市人民政府"),
    "/search?page=-1",
    "/items/does-not-exist",
    "/search/advanced",
    "/search/advanced?q=" + quote("政务公开") + "&field=title&date_from=2011-01-01",
    "/search?q=" + quote("政务公开") + "&group=genre",
    "/search?q=" + quote("政务公开") + "&genre=" + quote("决定") + "&date_from=2030-01-01",
    "/search?date_from=2012-03-01&date_to=2011-12-31",
]


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_wcag_aa_violation(site, browser, path, lang):
    browser.get(f"{site}{path}{'&' if '?' in path else '?'}lang={lang}")
    assert axe_violations(browser) == []


def test_an_item_page_has_no_wcag_aa_violation(site, browser):
    browser.get(site + "/search?q=" + quote("黑政办发"))
    link = browser.find_element("css selector", ".hit h3 a").get_attribute("href")
    browser.get(link)
    assert axe_violations(browser) == []
