"""Headless Chromium against the real server: shared by the browser tests.

``serve(app)`` runs waitress in a thread on a free port of 127.0.0.1 and
stops it (every connection closed) when the block ends; ``chromium(folder)``
starts Debian's chromium through chromium-driver and quits it afterwards.
``axe_violations(driver)`` runs axe-core's WCAG 2.1 A and AA rules on the
page shown (axe-core as packaged by axe-core-python). Module fixtures
``site`` (the demo catalogue), ``browser`` and ``shots`` build on them.

Importing this module skips the test module when chromium or its driver
is missing.
"""

import contextlib
import os
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
    pytest.skip(f"needs Debian's chromium and chromium-driver ({CHROMIUM}, {CHROMEDRIVER}); "
                "`apt-get install chromium chromium-driver` or .ci/run installs them",
                allow_module_level=True)

import waitress  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from staff_fixtures import PASSWORD  # noqa: E402
from web_fixtures import make_demo_home, open_app  # noqa: E402


@contextlib.contextmanager
def served_home(home):
    """The app of ``home`` served on 127.0.0.1 (see ``serve``), closed afterwards; yields its base URL."""
    app = open_app(home)
    try:
        with serve(app) as url:
            yield url
    finally:
        app.close()


@contextlib.contextmanager
def serve(app):
    """``app`` served by waitress on 127.0.0.1; yields its base URL."""
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


@contextlib.contextmanager
def chromium(profile):
    """A headless Chromium (through chromium-driver) with a fresh profile in ``profile``."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,1000", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo catalogue served on 127.0.0.1; yields its base URL."""
    with served_home(make_demo_home(tmp_path_factory.mktemp("browser") / "home")) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver


@pytest.fixture(scope="module")
def shots():
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


def axe_violations(driver):
    """axe-core's WCAG 2.1 A/AA violations on the page shown: ``[(rule id, [targets])]``."""
    from axe_core_python.base import AXE_FILE_NAME
    import axe_core_python

    script = (Path(axe_core_python.__file__).parent / AXE_FILE_NAME).read_text(encoding="utf-8")
    driver.execute_script(script)
    driver.set_script_timeout(60)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done(r.violations.map(v => [v.id, v.nodes.map(n => n.target.join(' '))])))"
        ".catch(e => done([['axe failed', [String(e)]]]));", WCAG_AA)
    return [tuple(v) for v in result]


def wait(driver, condition, seconds=15):
    return WebDriverWait(driver, seconds).until(condition)


def page_left(old):
    """A wait condition: ``old`` (an element of the page shown before) is gone, the next page loaded.

    Selenium's ``staleness_of``, and also true when Chromium answers the
    check with "Node with given id does not belong to the document": asked
    while the old document is being torn down, chromium-driver reports the
    node that way instead of as stale (about one run in ten on a busy
    machine, at the submit of a form that redirects).
    """
    def left(_driver):
        try:
            old.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in (error.msg or ""):
                return True
            raise
    return left


def log_in(driver, site, name, password=PASSWORD):
    """Log ``name`` in through the real login form, starting from no cookies."""
    # The session cookie's path is /staff: it is seen, and dropped, from a staff page.
    driver.get(site + "/staff/login")
    driver.delete_all_cookies()
    driver.get(site + "/staff/login")
    driver.find_element(By.ID, "login-name").send_keys(name)
    driver.find_element(By.ID, "login-password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form.staff-form button[type=submit]").click()
    wait(driver, EC.url_contains("/staff/items"))


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
    wait(driver, page_left(old))
    return chosen


def severe_console_messages(driver):
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
