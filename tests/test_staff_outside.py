"""The staff side tried from outside, against a real ``catalogue serve`` on 127.0.0.1 over plain HTTP.

Brute force (the lockout, the right password refused while locked, the
audit trail), CSRF (every state-changing staff route and write-API method
refused without the session's token, with a wrong one, and from another
site's Origin), session fixation, and authorisation by body on every staff
route and write-API method: the routes are the app's own (``app.routes``),
so a route added without a check here fails
``test_every_staff_route_and_write_method_is_checked``.
"""

import re
import uuid

import pytest

from catalogue import audit, searchlog, synonymstore
from catalogue.sessions import FAILURE_LIMIT
from processes import serving
from staff_fixtures import PASSWORD, finance_item
from staff_outside_fixtures import (CITY_STAFF, FINANCE_BODY, FOREIGN, SECRECY, Browser, api_path, csrf_of,
                                    log_in, outside_home, snapshot)

STATE_CHANGING = ("POST", "PUT", "DELETE", "PATCH")
# The state each workflow action needs, so only the rules can stop it.
STATE_FOR = {"submit": "draft", "publish": "draft", "approve": "submitted", "reject": "submitted",
             "withdraw": "published", "restore": "withdrawn", "edit": "draft"}
WRONG = "错误的密码-wrong-pass"


@pytest.fixture(scope="module")
def outside(tmp_path_factory):
    """The server, the home, the provincial items by state, the Harbin staff's tokens, the app's routes."""
    home, provincial, tokens, routes = outside_home(tmp_path_factory.mktemp("outside") / "home")
    with serving(home.path) as server, home.open_store() as store:
        yield {"base": server.base, "home": home, "store": store, "provincial": provincial,
               "tokens": tokens, "routes": routes}


def staff_routes(routes):
    """The staff pages and the write API: ``(method, rule)``."""
    return sorted({(m, r) for m, r in routes
                   if r.startswith("/staff") or (r.startswith("/api/items") and m in STATE_CHANGING)})


def concrete(rule, provincial):
    """``[(path, state)]``: ``rule`` with its arguments filled by a provincial item in the state each needs."""
    actions = re.search(r"<action:re:([^>]+)>", rule)
    names = actions.group(1).split("|") if actions else [None]
    out = []
    for action in names:
        state = STATE_FOR.get(action or ("edit" if rule.endswith("/edit") else ""), "published")
        for tail in ("approve", "reject"):
            if rule.endswith("/" + tail):
                state = STATE_FOR[tail]
        path = re.sub(r"<action:re:[^>]+>", action or "", rule)
        path = path.replace("<index_no:path>", provincial[state])
        out.append((path, state, action))
    return out


def logged_in(outside, name):
    browser = Browser(outside["base"])
    assert log_in(browser, name).status == 303
    return browser


# -- brute force -------------------------------------------------------------------------------

def test_a_password_guessed_from_outside_locks_the_account_even_for_the_right_password(tmp_path):
    home, _provincial, _tokens, _routes = outside_home(tmp_path / "home")
    with serving(home.path) as server:
        browser = Browser(server.base)
        statuses = [log_in(browser, "harbin_editor", WRONG).status for _ in range(FAILURE_LIMIT)]
        locked = log_in(browser, "harbin_editor", PASSWORD)
        after = browser.get("/staff/items")
    assert statuses == [401] * FAILURE_LIMIT
    assert locked.status == 429 and int(locked.headers["Retry-After"]) > 0
    assert "catalogue_staff" not in browser.cookies and after.status == 303
    with home.open_store() as store:
        actions = [e["action"] for e in audit.entries(store, user="harbin_editor")]
        addresses = {e["address"] for e in audit.entries(store, user="harbin_editor")}
    assert actions.count("login_failed") == FAILURE_LIMIT and "login_refused" in actions
    assert addresses == {"127.0.0.1"}


# -- CSRF ------------------------------------------------------------------------------------

def _attempts(outside, browser, token, method, path, rule):
    """``[(what, answer)]``: the request without a token, with a wrong one, and with the right one from another site."""
    api = rule.startswith("/api/")
    fields = {"title": "伪造的标题", "issuer": FINANCE_BODY, "publish_date": "2012-04-10", "action": "save",
              "comment": "伪造", "reason": "伪造", "secrecy_checked_by": SECRECY, "change_note": "伪造"}

    def send(given, origin=None):
        headers = {"Origin": origin} if origin else {}
        if api:
            if given:
                headers["X-CSRF-Token"] = given
            return browser.send_json(method, path, {"reason": "伪造", "comment": "伪造"}, headers=headers)
        form = dict(fields, csrf=given) if given else fields
        return browser.request(method, path, form=form, headers=headers)
    return [("no token", send(None)), ("wrong token", send("forged-" + token[:8])),
            ("another site", send(token, FOREIGN))]


def test_every_state_changing_staff_route_refuses_a_request_without_the_sessions_token(outside):
    # The admin may do everything, so only the CSRF check can stop these.
    browser = logged_in(outside, "admin")
    token = csrf_of(browser)
    before = outside["store"].revision()
    wrong = []
    for method, rule in staff_routes(outside["routes"]):
        if method not in STATE_CHANGING or rule == "/staff/login":
            continue
        for path, _state, _action in concrete(rule, outside["provincial"]):
            for what, answer in _attempts(outside, browser, token, method, path, rule):
                if answer.status != 403:
                    wrong.append((method, path, what, answer.status))
    assert wrong == []
    assert outside["store"].revision() == before
    assert browser.get("/staff/items").status == 200      # still logged in: the refusals ended nothing


def test_the_right_token_from_this_site_is_accepted(outside):
    browser = logged_in(outside, "harbin_editor")
    answer = browser.post("/staff/logout", {"csrf": csrf_of(browser)}, headers={"Origin": outside["base"].rstrip("/")})
    assert answer.status == 303 and browser.get("/staff/items").status == 303


def test_the_login_form_refuses_a_post_without_its_token_or_from_another_site(outside):
    browser = Browser(outside["base"])
    page = browser.get("/staff/login")
    token = re.search(r'name="login_csrf" value="([^"]*)"', page.text).group(1)
    form = {"name": "admin", "password": PASSWORD}
    assert browser.post("/staff/login", form).status == 403
    assert browser.post("/staff/login", dict(form, login_csrf="forged")).status == 403
    assert browser.post("/staff/login", dict(form, login_csrf=token), headers={"Origin": FOREIGN}).status == 403
    assert "catalogue_staff" not in browser.cookies


def test_the_write_api_refuses_another_sites_origin_even_with_a_good_token(outside):
    browser = Browser(outside["base"])
    headers = {"Authorization": "Bearer " + outside["tokens"]["harbin_editor"], "Origin": FOREIGN}
    answer = browser.send_json("POST", "/api/items", dict(finance_item(issuer="宾县人民政府"),
                                                         secrecy_checked_by=SECRECY), headers=headers)
    assert answer.status == 403 and not [h for h in answer.headers if h.lower().startswith("access-control")]


# -- session fixation -------------------------------------------------------------------------

def test_a_session_id_planted_before_login_is_not_the_one_after(outside):
    browser = Browser(outside["base"])
    planted = uuid.uuid4().hex
    browser.cookies["catalogue_staff"] = planted
    assert log_in(browser, "harbin_editor").status == 303
    assert browser.cookies["catalogue_staff"] != planted
    attacker = Browser(outside["base"])
    attacker.cookies["catalogue_staff"] = planted
    assert attacker.get("/staff/items").status == 303      # to the login page: the planted id is nobody


def test_a_session_id_is_worthless_once_its_owner_logs_out(outside):
    browser = logged_in(outside, "harbin_editor")
    stolen = browser.cookies["catalogue_staff"]
    assert browser.post("/staff/logout", {"csrf": csrf_of(browser)}).status == 303
    thief = Browser(outside["base"])
    thief.cookies["catalogue_staff"] = stolen
    assert thief.get("/staff/items").status == 303


# -- authorisation by body, on every route -------------------------------------------------------

def _refused(answer):
    return answer.status in (403, 404)


def _api_body(method, rule):
    """A body the write route would accept, were the item in scope."""
    if method == "PUT":
        return dict(finance_item(title="哈尔滨改写的财政厅通知"), secrecy_checked_by=SECRECY, change_note="改写")
    if method == "DELETE":
        return {"reason": "撤销"}
    return {"comment": "退回"} if rule.endswith("/reject") else {}


def _item_route(outside, browser, method, rule, name):
    """A route about one item: each provincial item it applies to is refused, and left as it was."""
    provincial, store = outside["provincial"], outside["store"]
    api = rule.startswith("/api/")
    headers = {"Authorization": "Bearer " + outside["tokens"][name]} if api else {}
    token = None if api else csrf_of(browser)
    wrong = []
    cases = concrete(rule, provincial) if method != "GET" else [
        (rule.replace("<index_no:path>", number), state, None) for state, number in provincial.items()]
    for path, state, _action in cases:
        number = provincial[state]
        before = snapshot(store, [number])
        title = store.get(number)["title"]
        if method == "GET":
            answer = browser.get(path, headers=headers)
        elif api:
            answer = browser.send_json(method, path, _api_body(method, rule), headers=headers)
        else:
            answer = browser.post(path, {"csrf": token, "title": "哈尔滨改写的财政厅通知", "issuer": FINANCE_BODY,
                                         "publish_date": "2012-04-10", "action": "save", "change_note": "改写",
                                         "comment": "退回", "reason": "撤销", "secrecy_checked_by": SECRECY})
        if not _refused(answer) or title in answer.text or snapshot(store, [number]) != before:
            wrong.append((name, method, path, answer.status))
    return wrong


def _listing(outside, browser, method, rule, name):
    """A page that lists or offers items: nothing of the provincial items on it."""
    store, provincial = outside["store"], outside["provincial"]
    titles = [store.get(n)["title"] for n in provincial.values()] + [FINANCE_BODY + "关于2012年省级预算公开的通知"]
    queries = {"/staff/items": ["", "?q=财政厅", "?state=submitted", "?body=" + FINANCE_BODY],
               "/staff/audit": ["", "?index_no=" + provincial["published"]],
               "/staff/late": ["", "?within=20"]}.get(rule, [""])
    wrong = []
    for query in queries:
        answer = browser.get(rule + query)
        shown = [t for t in titles if t in answer.text] + [
            n for n in provincial.values() if n in answer.text and n not in query]    # a filter shows what was typed
        if answer.status >= 500 or shown:
            wrong.append((name, rule + query, answer.status, shown))
    return wrong


def _new_item(outside, browser, method, rule, name):
    """Adding an item of a provincial body, by the form or the API: refused, nothing added."""
    store = outside["store"]
    before = store.count(status=None)
    if rule.startswith("/api/"):
        answer = browser.send_json("POST", rule, dict(finance_item(title="哈尔滨添加的财政厅通知"),
                                                      secrecy_checked_by=SECRECY),
                                   headers={"Authorization": "Bearer " + outside["tokens"][name]})
    else:
        answer = browser.post(rule, {"csrf": csrf_of(browser), "title": "哈尔滨添加的财政厅通知", "issuer": FINANCE_BODY,
                                     "publish_date": "2012-04-10", "action": "draft"})
    return [] if answer.status == 403 and store.count(status=None) == before else [(name, rule, answer.status)]


def _multipart(fields, file_field, filename, data):
    boundary = "----catalogue-outside-" + uuid.uuid4().hex
    lines = []
    for key, value in fields.items():
        lines += [f"--{boundary}", f'Content-Disposition: form-data; name="{key}"', "", value]
    lines += [f"--{boundary}", f'Content-Disposition: form-data; name="{file_field}"; filename="{filename}"',
              "Content-Type: text/csv", "", data, f"--{boundary}--", ""]
    return "\r\n".join(lines).encode("utf-8"), f"multipart/form-data; boundary={boundary}"


def _import(outside, browser, method, rule, name):
    """Importing a file of provincial items: the preview may say why, the confirmation adds nothing."""
    store = outside["store"]
    before = store.count(status=None)
    token = csrf_of(browser)
    csv_text = f"标题,发布机构,发布日期\n哈尔滨导入的财政厅通知,{FINANCE_BODY},2012-04-10\n"
    body, content_type = _multipart({"csrf": token, "secrecy_checked_by": SECRECY, "action": "check"},
                                    "file", "目录.csv", csv_text)
    preview = browser.request("POST", rule, body=body, content_type=content_type)
    upload = re.search(r'name="token" value="([^"]*)"', preview.text)
    if upload:
        browser.post(rule, {"csrf": token, "token": upload.group(1), "action": "import",
                            "secrecy_checked_by": SECRECY})
    return [] if store.count(status=None) == before and preview.status < 500 else [(name, rule, preview.status)]


def _no_items(outside, browser, method, rule, name):
    """Logging in and out: covered above; as city staff they show nothing provincial."""
    if method != "GET":
        return []
    return _listing(outside, browser, method, rule, name)


def _embed(outside, browser, method, rule, name):
    """The widget's snippet builder: no provincial body offered, and asking for one is refused."""
    offered = browser.get(rule)
    asked = browser.get(rule + "?issuer=" + FINANCE_BODY)
    wrong = []
    if offered.status != 200 or f'value="{FINANCE_BODY}"' in offered.text:
        wrong.append((name, rule, offered.status, "offers " + FINANCE_BODY))
    if asked.status != 403 or "data-issuer=" in asked.text:
        wrong.append((name, rule + "?issuer=" + FINANCE_BODY, asked.status))
    return wrong


def _admin_only(outside, browser, method, rule, name):
    """An admins' page (hot searches, synonyms): refused to city staff, and a post changes nothing."""
    store = outside["store"]
    before = (searchlog.hidden(store), synonymstore.groups(store))
    if method == "GET":
        answer = browser.get(rule)
    else:
        answer = browser.post(rule, {"csrf": csrf_of(browser), "query": "政务公开", "action": "hide",
                                     "terms": "政务公开 政务信息公开", "group": "1"})
    after = (searchlog.hidden(store), synonymstore.groups(store))
    return [] if answer.status == 403 and after == before else [(name, method, rule, answer.status)]


# (method, rule) -> the check that city staff cannot reach a provincial item through it.
CHECKS = {
    ("GET", "/staff"): _no_items, ("GET", "/staff/"): _no_items, ("GET", "/staff/login"): _no_items,
    ("POST", "/staff/login"): _no_items, ("POST", "/staff/logout"): _no_items,
    ("GET", "/staff/items"): _listing, ("GET", "/staff/review"): _listing, ("GET", "/staff/audit"): _listing,
    ("GET", "/staff/late"): _listing,
    ("GET", "/staff/hot"): _admin_only, ("POST", "/staff/hot"): _admin_only,
    ("GET", "/staff/synonyms"): _admin_only, ("POST", "/staff/synonyms"): _admin_only,
    ("GET", "/staff/import"): _listing, ("GET", "/staff/import/template.csv"): _listing,
    ("GET", "/staff/items/new"): _listing, ("GET", "/staff/embed"): _embed,
    ("POST", "/staff/items/new"): _new_item, ("POST", "/api/items"): _new_item,
    ("POST", "/staff/import"): _import,
    ("GET", "/staff/items/<index_no:path>"): _item_route, ("GET", "/staff/items/<index_no:path>/edit"): _item_route,
    ("POST", "/staff/items/<index_no:path>/edit"): _item_route,
    ("POST", "/staff/items/<index_no:path>/<action:re:submit|publish|approve|reject|withdraw|restore>"): _item_route,
    ("PUT", "/api/items/<index_no:path>"): _item_route, ("DELETE", "/api/items/<index_no:path>"): _item_route,
    ("POST", "/api/items/<index_no:path>/approve"): _item_route,
    ("POST", "/api/items/<index_no:path>/reject"): _item_route,
}


def test_every_staff_route_and_write_method_is_checked(outside):
    assert staff_routes(outside["routes"]) == sorted(CHECKS)


@pytest.mark.parametrize("name", CITY_STAFF)
def test_city_staff_reach_no_provincial_item_through_any_route(outside, name):
    browser = logged_in(outside, name)
    wrong = []
    for method, rule in staff_routes(outside["routes"]):
        if (method, rule) in CHECKS and (method, rule) != ("POST", "/staff/logout"):
            wrong += CHECKS[(method, rule)](outside, browser, method, rule, name)
    assert wrong == []
