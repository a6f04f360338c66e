"""A clerk's and a reviewer's day in headless Chromium, on the real server.

An editor of 黑龙江省财政厅 (whose body requires review) logs in, adds an
item and submits it; a second person, a reviewer of the same body, approves
it; a member of the public finds it; the reviewer withdraws it and the
public page answers 410 with the reason. Every staff page passes axe-core's
WCAG 2.1 AA rules and is photographed at desktop width and at 390 px
(tests/screenshots/staff-*.png, gitignored) for a person to look at.
"""

import urllib.error
import urllib.request
from urllib.parse import quote, unquote

import pytest

from browser_fixtures import axe_violations, browser, log_in, page_left, serve, shots, wait  # noqa: F401
from staff_fixtures import ACCOUNTS, PASSWORD, require_review
from web_fixtures import make_demo_home, open_app

pytestmark = pytest.mark.browser

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

from catalogue import accounts  # noqa: E402

TITLE = "黑龙江省财政厅关于公开2013年省级部门预算的通知"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo catalogue with the staff accounts, served on 127.0.0.1."""
    app = open_app(make_demo_home(tmp_path_factory.mktemp("staff-browser") / "home"))
    try:
        require_review(app.store)
        for name, (role, body) in ACCOUNTS.items():
            accounts.add_user(app.store, name, PASSWORD, role=role, body=body, actor="test")
        with serve(app) as url:
            yield url
    finally:
        app.close()


def look(driver, shots, name):
    """Check the page with axe-core and photograph it wide and at 390 px."""
    assert axe_violations(driver) == [], name
    driver.set_window_size(1280, 1000)
    driver.save_screenshot(str(shots / f"staff-{name}-desktop.png"))
    driver.set_window_size(390, 844)
    width = driver.execute_script("return document.documentElement.scrollWidth")
    driver.save_screenshot(str(shots / f"staff-{name}-390.png"))
    driver.set_window_size(1280, 1000)
    assert width <= 390, f"{name} is {width} px wide on a 390 px screen"


def press(driver, action):
    """Submit the item page's form for ``action`` and wait for the page it leads to."""
    form = driver.find_element(By.CSS_SELECTOR, f"form.action-{action}")
    old = driver.find_element(By.TAG_NAME, "main")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(driver, page_left(old))


def public_status(site, index_no):
    try:
        with urllib.request.urlopen(f"{site}/items/{quote(index_no)}") as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def test_an_item_goes_from_a_clerk_through_review_to_the_public_and_is_withdrawn(site, browser, shots):
    driver = browser
    driver.get(site + "/staff/login")
    look(driver, shots, "login")

    log_in(driver, site, "finance_editor")
    look(driver, shots, "items")
    driver.get(site + "/staff/items/new")
    driver.find_element(By.ID, "f-title").send_keys(TITLE)
    Select(driver.find_element(By.ID, "f-issuer")).select_by_value("黑龙江省财政厅")
    date = driver.find_element(By.ID, "f-publish_date")     # today, unless changed
    date.clear()
    date.send_keys("2013-01-15")
    driver.find_element(By.ID, "f-doc_no").send_keys("黑财预[2013]3号")
    driver.find_element(By.ID, "f-secrecy_checked_by").send_keys("王丽")
    look(driver, shots, "new")
    driver.find_element(By.CSS_SELECTOR, "button[name=action][value=submit]").click()
    wait(driver, EC.url_contains("done="))
    index_no = unquote(driver.current_url.split("/staff/items/", 1)[1].split("?", 1)[0])
    assert "黑财预〔2013〕3号" in driver.find_element(By.TAG_NAME, "main").text
    look(driver, shots, "submitted")
    assert public_status(site, index_no) == 404          # waiting for review: not public
    assert not driver.find_elements(By.CSS_SELECTOR, "form.action-approve")   # four-eyes

    log_in(driver, site, "finance_reviewer_a")
    driver.get(site + "/staff/review")
    look(driver, shots, "review")
    driver.find_element(By.PARTIAL_LINK_TEXT, TITLE).click()
    wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "form.action-approve")))
    look(driver, shots, "to-approve")
    press(driver, "approve")
    assert public_status(site, index_no) == 200

    driver.get(site + "/search?q=" + quote("2013年省级部门预算"))
    titles = [a.text for a in driver.find_elements(By.CSS_SELECTOR, ".hit h3 a")]
    assert TITLE in titles

    driver.get(site + "/staff/items/" + quote(index_no))
    driver.find_element(By.CSS_SELECTOR, "form.action-withdraw textarea").send_keys("预算数据有误，待更正后重新发布")
    press(driver, "withdraw")
    assert public_status(site, index_no) == 410
    driver.get(site + "/items/" + quote(index_no))
    assert "预算数据有误，待更正后重新发布" in driver.find_element(By.TAG_NAME, "main").text

    log_in(driver, site, "admin")
    driver.get(site + "/staff/audit")
    look(driver, shots, "audit")
    driver.get(site + "/staff/import")
    look(driver, shots, "import")
