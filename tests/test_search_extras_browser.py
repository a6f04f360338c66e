"""Hot and related searches and the staff pages behind them, in headless Chromium: axe-core WCAG 2.1 AA clean.

The demo catalogue, with searches counted through the real search API and an
admin who sees /staff/hot (and /staff/synonyms) through the real login form.
"""

from urllib.parse import quote

import pytest

from browser_fixtures import axe_violations, browser, log_in, serve, shots  # noqa: F401
from staff_fixtures import PASSWORD
from web_fixtures import client_for, make_demo_home, open_app

pytestmark = pytest.mark.browser

from selenium.webdriver.common.by import By  # noqa: E402

from catalogue import accounts  # noqa: E402

SEARCHED = ("政务公开", "县乡政务公开", "信息公开", "财政预算")


@pytest.fixture(scope="module")
def extras_site(tmp_path_factory):
    """The demo catalogue with counted searches and an admin, served on 127.0.0.1."""
    app = open_app(make_demo_home(tmp_path_factory.mktemp("extras-browser") / "home"))
    try:
        accounts.add_user(app.store, "admin", PASSWORD, role="admin", body=None, actor="test")
        client = client_for(app)
        for query in SEARCHED:
            for _ in range(app.settings.hot_min_count):
                client.get("/api/search", {"q": query})
        with serve(app) as url:
            yield url
    finally:
        app.close()


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
@pytest.mark.parametrize("path", ["/", "/search?q=" + quote("政务公开")])
def test_hot_and_related_searches_pass_axe(extras_site, browser, path, lang):
    browser.get(f"{extras_site}{path}{'&' if '?' in path else '?'}lang={lang}")
    shown = browser.find_element(By.CSS_SELECTOR, "section.hot" if path == "/" else "nav.related").text
    assert "政务公开" in shown
    assert axe_violations(browser) == []


@pytest.mark.parametrize("page", ["/staff/hot", "/staff/synonyms"])
def test_the_staff_search_pages_pass_axe(extras_site, browser, shots, page):
    log_in(browser, extras_site, "admin", PASSWORD)
    for lang in ("zh-Hans", "zh-Hant", "en"):
        browser.get(f"{extras_site}{page}?lang={lang}")
        assert axe_violations(browser) == []
    browser.save_screenshot(str(shots / f"staff-{page.rsplit('/', 1)[1]}.png"))
