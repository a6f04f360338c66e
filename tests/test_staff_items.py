"""The staff item pages: the list, the form, an item's page with its history and actions, on the real app.

Accounts are tests/staff_fixtures.py's (黑龙江省财政厅 requires review);
each test logs in through the real login form and works through the pages
as a clerk would, then checks what the pages, the search, the feeds and the
export say.
"""

import datetime as _dt
import json
import xml.etree.ElementTree as ET
from urllib.parse import quote, unquote, urlsplit

import feedparser
import pytest

from catalogue.clock import china_today
from staff_fixtures import BINXIAN, FINANCE, HARBIN
from staff_web_fixtures import login, staff_app  # noqa: F401 (fixture)
from web.cli import main
from web_fixtures import client_for

CASH_AID = "宾县关于调整城乡最低生活保障标准的通知"
BUDGET = "黑龙江省财政厅关于公开2012年省级部门预算的通知"
SECRECY = "宾县保密办 王明"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def staff_url(index_no, tail=""):
    return quote(f"/staff/items/{index_no}{tail}")


def public_url(index_no):
    return quote(f"/items/{index_no}")


def press(form, button=None, status=None):
    """Submit ``form`` with its ``button``.

    Posted by hand: WebTest's own ``submit`` names the page the form came
    from as the referrer and cannot spell a path with Chinese characters.
    """
    fields = form.submit_fields("action" if button else None, submit_value=button)
    return form.response.test_app.post(form.action, fields, status=status)


def new_item(client, button="draft", status=None, **fields):
    """Fill the new-item form with a 宾县 item (``fields`` changed) and press ``button``."""
    form = client.get("/staff/items/new").forms["item-form"]
    values = {"title": CASH_AID, "issuer": BINXIAN, "publish_date": "2012-06-01", "genre": "通知",
              "topic": "综合政务/政务公开", "secrecy_checked_by": SECRECY}
    values.update(fields)
    for name, value in values.items():
        form[name] = value
    return press(form, button, status)


def landed_on(answer):
    """The index number of the item page a save or an action sent the browser to."""
    assert answer.status_int == 303, answer.text
    return unquote(urlsplit(answer.location).path)[len("/staff/items/"):]


def finance_item(client, button="submit"):
    return landed_on(new_item(client, button, title=BUDGET, issuer=FINANCE, publish_date="2012-04-10",
                              doc_no="黑财预[2012]15号", topic="财政、金融、审计/财政",
                              secrecy_checked_by="财政厅保密办 李华"))


def act(client, index_no, action, status=None, **fields):
    """Press the ``action`` button of the item's page (filling its form's ``fields``)."""
    page = client.get(staff_url(index_no))
    form = next(f for f in page.forms.values() if f.action.endswith("/" + action))
    for name, value in fields.items():
        form[name] = value
    return press(form, status=status)


def post(client, path, fields, status):
    """A POST with the session's CSRF token but fields of one's own choosing (a forged form)."""
    token = client.get("/staff/items/new").forms["item-form"]["csrf"].value
    return client.post(path, dict(fields, csrf=token), status=status)


def field_problems(page):
    """{field: the problem said next to its box}."""
    return {p["id"][2:-len("-problem")]: p.get_text(" ", strip=True) for p in page.html.select(".field .problem[id]")}


def row_titles(page):
    return [a.get_text(strip=True) for a in page.html.select("table.staff-list td.title a")]


def state_shown(page):
    return page.html.select_one(".state-line .state").get_text(strip=True)


def public_search(app, query):
    return [hit["title"] for hit in client_for(app).get("/api/search", {"q": query}).json["items"]]


def tomorrow():
    return (china_today() + _dt.timedelta(days=1)).isoformat()


# -- who may enter what ------------------------------------------------------------

def test_the_body_list_offers_only_the_bodies_the_editor_may_write(staff_app):
    form = login(staff_app, "harbin_editor").get("/staff/items/new").forms["item-form"]
    assert {value for value, _selected, _text in form["issuer"].options if value} == {HARBIN, BINXIAN}


def test_an_editor_of_harbin_creates_an_item_of_a_county_below_harbin(staff_app):
    stored = staff_app.store.get(landed_on(new_item(login(staff_app, "harbin_editor"))))
    assert (stored["title"], stored["issuer"], stored["status"]) == (CASH_AID, BINXIAN, "draft")


def test_a_forged_form_for_a_body_outside_the_editors_scope_is_refused(staff_app):
    client = login(staff_app, "harbin_editor")
    answer = post(client, "/staff/items/new", {"title": BUDGET, "issuer": FINANCE, "publish_date": "2012-04-10",
                                              "action": "draft"}, status=403)
    assert "您无权处理黑龙江省财政厅的信息" in answer.html.select_one(".problem-summary").get_text()
    assert staff_app.store.find_items(bodies={FINANCE}, statuses={"draft"}) == []


def test_an_editor_of_harbin_can_neither_open_nor_post_the_edit_form_of_a_finance_item(staff_app):
    index_no = finance_item(login(staff_app, "finance_editor"))
    client = login(staff_app, "harbin_editor")
    client.get(staff_url(index_no, "/edit"), status=403)
    post(client, staff_url(index_no, "/edit"), {"title": "改过的标题", "issuer": FINANCE,
                                                "publish_date": "2012-04-10"}, status=403)
    assert staff_app.store.get(index_no)["title"] == BUDGET


# -- review before publishing ---------------------------------------------------------

def test_where_review_is_required_the_editor_is_not_offered_publish_and_the_item_waits(staff_app):
    client = login(staff_app, "finance_editor")
    buttons = [b.get("value") for b in client.get("/staff/items/new").html.select("#item-form button")]
    index_no = finance_item(client)
    assert "publish" not in buttons and staff_app.store.get(index_no)["status"] == "submitted"
    assert state_shown(client.get(staff_url(index_no))) == "待审核"


def test_a_second_reviewer_approves_the_editors_item_and_it_is_public_at_once(staff_app):
    index_no = finance_item(login(staff_app, "finance_editor"))
    assert BUDGET not in public_search(staff_app, "省级部门预算")
    answer = act(login(staff_app, "finance_reviewer_a"), index_no, "approve")
    assert landed_on(answer) == index_no and staff_app.store.get(index_no)["status"] == "published"
    assert BUDGET in public_search(staff_app, "省级部门预算")


def test_the_submitter_cannot_approve_their_own_item_where_review_is_required(staff_app):
    client = login(staff_app, "finance_reviewer_a")
    index_no = finance_item(client)
    assert "approve" not in [f.action.rsplit("/", 1)[1] for f in client.get(staff_url(index_no)).forms.values()]
    refused = post(client, staff_url(index_no, "/approve"), {}, status=403)
    assert "提交人不能审核自己提交的信息" in refused.text
    assert staff_app.store.get(index_no)["status"] == "submitted"


def test_an_editor_cannot_approve_and_is_told_why_in_their_language(staff_app):
    index_no = finance_item(login(staff_app, "finance_reviewer_a"))
    client = login(staff_app, "finance_editor")
    refused = post(client, staff_url(index_no, "/approve"), {}, status=403)
    client.get("/staff/items", {"lang": "en"})       # the choice is remembered, as in a browser
    english = post(client, staff_url(index_no, "/approve"), {}, status=403)
    assert "审核通过和退回只能由审核人员办理" in refused.text and "Only reviewers approve" in english.text


def test_a_rejection_needs_a_comment_and_sends_the_item_back_with_it(staff_app):
    index_no = finance_item(login(staff_app, "finance_editor"))
    reviewer = login(staff_app, "finance_reviewer_a")
    refused = act(reviewer, index_no, "reject", status=400, comment="  ")
    assert field_problems(refused) == {"reject-comment": "退回意见必须填写。请填写后再保存。"}
    act(reviewer, index_no, "reject", comment="请补充预算表附件")
    page = login(staff_app, "finance_editor").get(staff_url(index_no))
    assert state_shown(page) == "已退回" and "请补充预算表附件" in page.html.select_one("article").get_text()


# -- the form ----------------------------------------------------------------------------

def test_a_form_post_without_the_csrf_token_is_refused(staff_app):
    client = login(staff_app, "harbin_editor")
    fields = {"title": CASH_AID, "issuer": BINXIAN, "publish_date": "2012-06-01", "action": "draft"}
    client.post("/staff/items/new", fields, status=403)
    client.post("/staff/items/new", dict(fields, csrf="forged"), status=403)
    assert staff_app.store.find_items(bodies={BINXIAN}, statuses={"draft"}) == []


def test_an_action_without_the_csrf_token_is_refused(staff_app):
    index_no = finance_item(login(staff_app, "finance_editor"))
    login(staff_app, "finance_reviewer_a").post(staff_url(index_no, "/approve"), {}, status=403)
    assert staff_app.store.get(index_no)["status"] == "submitted"


def test_errors_name_each_bad_field_and_keep_the_entered_values(staff_app):
    answer = new_item(login(staff_app, "harbin_editor"), "submit", status=400, title="",
                      publish_date="2012-13-45", url="ftp://www.binxian.gov.cn/a.doc", secrecy_checked_by="",
                      doc_no="宾政发[2012]7号", keywords="低保；城乡")
    assert field_problems(answer) == {
        "title": "标题必须填写。请填写后再保存。",
        "publish_date": "发布日期“2012-13-45”不是日期。请按 2012-05-18 的格式填写（也可写作 20120518）。",
        "url": "原文链接“ftp://www.binxian.gov.cn/a.doc”不是网址。请从浏览器的地址栏复制完整的网页地址，粘贴到这里。",
        "secrecy_checked_by": "保密审查人必须填写。请填写后再保存。"}
    form = answer.forms["item-form"]
    assert (form["publish_date"].value, form["doc_no"].value, form["keywords"].value, form["issuer"].value) == (
        "2012-13-45", "宾政发[2012]7号", "低保；城乡", BINXIAN)
    assert CASH_AID not in [i["title"] for i in staff_app.store.find_items(bodies={BINXIAN})]


def test_the_doc_number_is_shown_back_as_it_will_be_stored(staff_app):
    answer = new_item(login(staff_app, "harbin_editor"), status=400, title="", doc_no="宾政发[2012]7号")
    assert answer.html.select_one(".as-stored").get_text() == "将保存为：宾政发〔2012〕7号"


def test_a_saved_item_shows_its_normalised_doc_number_and_a_generated_index_number(staff_app):
    client = login(staff_app, "harbin_editor")
    index_no = landed_on(new_item(client, index_no="", doc_no="宾政发(2012)7号"))
    cells = {th.get_text(): th.find_next("td").get_text() for th in client.get(staff_url(index_no)).html.select("th")}
    assert cells["发文字号"] == "宾政发〔2012〕7号" and cells["索引号"] == index_no and index_no.endswith("/2012-00001")


def test_a_not_disclosed_item_needs_a_reason(staff_app):
    answer = new_item(login(staff_app, "harbin_editor"), status=400, disclosure="不予公开", closed_reason="")
    assert field_problems(answer) == {"closed_reason": "不予公开理由必须填写。请填写后再保存。"}


def test_changing_a_published_item_needs_a_change_note_unless_it_is_minor(staff_app):
    client = login(staff_app, "harbin_editor")
    index_no = landed_on(new_item(client, "publish"))
    form = client.get(staff_url(index_no, "/edit")).forms["item-form"]
    form["summary"] = "城乡低保标准每人每月提高二十元。"
    assert field_problems(press(form, "save", status=400)) == {"change_note": "修改说明必须填写。请填写后再保存。"}
    form["minor"] = True
    press(form, "save", status=303)
    assert staff_app.store.get(index_no)["summary"] == "城乡低保标准每人每月提高二十元。"


def test_a_draft_is_changed_and_submitted_in_one_step(staff_app):
    client = login(staff_app, "harbin_editor")
    index_no = landed_on(new_item(client, secrecy_checked_by=""))
    form = client.get(staff_url(index_no, "/edit")).forms["item-form"]
    form["keywords"] = "低保；最低生活保障"
    assert field_problems(press(form, "save_submit", status=400)) == {
        "secrecy_checked_by": "保密审查人必须填写。请填写后再保存。"}
    assert staff_app.store.get(index_no)["keywords"] == []        # nothing written when refused
    form["secrecy_checked_by"] = SECRECY
    assert landed_on(press(form, "save_submit")) == index_no
    stored = staff_app.store.get(index_no)
    assert (stored["status"], stored["keywords"], stored["secrecy_checked_by"]) == (
        "submitted", ["低保", "最低生活保障"], SECRECY)


def test_a_typed_index_number_already_taken_is_named_next_to_its_field(staff_app):
    client = login(staff_app, "harbin_editor")
    taken = landed_on(new_item(client))
    answer = new_item(client, status=409, index_no=taken, title="宾县另一条通知")
    assert list(field_problems(answer)) == ["index_no"] and answer.forms["item-form"]["title"].value == "宾县另一条通知"


def test_an_editor_cannot_change_a_published_item_of_a_body_that_requires_review(staff_app):
    index_no = finance_item(login(staff_app, "finance_editor"))
    act(login(staff_app, "finance_reviewer_a"), index_no, "approve")
    refused = login(staff_app, "finance_editor").get(staff_url(index_no, "/edit"), status=403)
    assert "黑龙江省财政厅实行先审后发，已发布的信息只能由审核人员修改" in refused.text


def test_the_history_shows_the_old_and_new_title_after_an_edit(staff_app):
    client = login(staff_app, "harbin_editor")
    index_no = landed_on(new_item(client))
    form = client.get(staff_url(index_no, "/edit")).forms["item-form"]
    form["title"] = "宾县关于提高城乡最低生活保障标准的通知"
    page = client.get(press(form, "save").location)
    change = page.html.select_one(".staff-history .changes li")
    assert (change.select_one("del").get_text(), change.select_one("ins").get_text()) == (
        CASH_AID, "宾县关于提高城乡最低生活保障标准的通知")
    assert change.get_text().startswith("标题")


# -- read your writes -------------------------------------------------------------------

def test_a_saved_item_is_found_by_the_staff_search_in_the_very_next_request(staff_app):
    client = login(staff_app, "harbin_editor")
    new_item(client)
    assert row_titles(client.get("/staff/items", {"q": "最低生活保障"})) == [CASH_AID]


def test_a_published_item_is_found_by_the_public_search_in_the_very_next_request(staff_app):
    new_item(login(staff_app, "harbin_editor"), "publish")
    assert public_search(staff_app, "最低生活保障") == [CASH_AID]


# -- the lists ----------------------------------------------------------------------------

def test_the_list_filters_by_state(staff_app):
    client = login(staff_app, "harbin_editor")
    new_item(client, title="宾县2012年低保资金发放情况（草稿）")
    new_item(client, "submit", title="宾县2012年低保资金发放情况（待审核）")
    new_item(client, "publish", title="宾县2012年低保资金发放情况（已发布）")
    assert row_titles(client.get("/staff/items", {"state": "submitted"})) == ["宾县2012年低保资金发放情况（待审核）"]
    assert row_titles(client.get("/staff/items", {"state": "draft", "q": "低保资金"})) == [
        "宾县2012年低保资金发放情况（草稿）"]


def test_the_list_shows_the_bodies_items_of_every_state_newest_first_and_not_other_bodies(staff_app):
    client = login(staff_app, "harbin_editor")
    new_item(client, title="宾县第一条")
    new_item(client, "submit", title="宾县第二条")
    titles = row_titles(client.get("/staff/items"))
    assert titles[:2] == ["宾县第二条", "宾县第一条"]
    assert "黑龙江省财政厅关于2012年省级预算公开的通知" not in titles     # a fixture item of another body
    assert "哈尔滨市人民政府关于公布行政审批事项目录的决定" in titles     # Harbin's own, published


def test_the_list_filters_by_body_and_year(staff_app):
    client = login(staff_app, "harbin_editor")
    new_item(client, title="宾县2011年低保通知", publish_date="2011-05-01")
    assert row_titles(client.get("/staff/items", {"body": "宾县政府", "year": "2011"})) == ["宾县2011年低保通知"]


def test_a_body_outside_the_scope_lists_nothing(staff_app):
    client = login(staff_app, "harbin_editor")
    assert row_titles(client.get("/staff/items", {"body": FINANCE})) == []
    assert row_titles(client.get("/staff/items", {"body": FINANCE, "q": "预算"})) == []


def test_states_are_named_in_traditional(staff_app):
    client = login(staff_app, "harbin_editor")
    new_item(client, "submit")
    page = client.get("/staff/items", {"state": "submitted", "lang": "zh-Hant"})
    assert [s.get_text() for s in page.html.select("td .state")] == ["待審核"]


def test_a_bad_state_filter_is_named_in_the_visitors_language(staff_app):
    answer = login(staff_app, "harbin_editor").get("/staff/items", {"state": "pending"}, status=400)
    assert "状态没有“pending”这一项。可选的有：草稿、待审核、已退回、已排期、已发布、已撤销。" in answer.text


def test_a_reviewers_queue_lists_the_submitted_items_of_their_bodies_only(staff_app):
    new_item(login(staff_app, "harbin_editor"), "submit")
    finance_item(login(staff_app, "finance_editor"))
    harbin = row_titles(login(staff_app, "harbin_reviewer").get("/staff/review"))
    finance = row_titles(login(staff_app, "finance_reviewer_b").get("/staff/review"))
    assert (harbin, finance) == ([CASH_AID], [BUDGET])


def test_the_navigation_offers_the_review_queue_to_reviewers_only(staff_app):
    def nav(name):
        return [a["href"] for a in login(staff_app, name).get("/staff/items").html.select(".staff-nav a")]
    assert "/staff/review" in nav("harbin_reviewer") and "/staff/review" not in nav("harbin_editor")
    assert {"/staff/items", "/staff/items/new", "/staff/import", "/staff/audit"} <= set(nav("harbin_editor"))


# -- what the public sees -------------------------------------------------------------

def test_a_draft_answers_the_public_as_if_it_were_absent(staff_app):
    index_no = landed_on(new_item(login(staff_app, "harbin_editor")))
    public = client_for(staff_app)
    public.get(public_url(index_no), status=404)
    assert public.get("/api/items/" + quote(index_no), status=404).json["errors"][0]["code"] == "not_found"


def test_a_scheduled_item_is_not_on_the_public_pages(staff_app):
    client = login(staff_app, "harbin_editor")
    index_no = landed_on(new_item(client, "publish", publish_date=tomorrow()))
    assert state_shown(client.get(staff_url(index_no))) == "已排期"
    client_for(staff_app).get(public_url(index_no), status=404)
    assert public_search(staff_app, "最低生活保障") == []


def test_a_scheduled_item_is_listed_under_scheduled_not_published(staff_app):
    client = login(staff_app, "harbin_editor")
    new_item(client, "publish", publish_date=tomorrow())
    new_item(client, "publish", title="宾县关于低保资金的已发布通知")
    for query in ({}, {"q": "通知"}):
        assert row_titles(client.get("/staff/items", dict(query, state="scheduled"))) == [CASH_AID]
        assert CASH_AID not in row_titles(client.get("/staff/items", dict(query, state="published")))


def test_the_atom_feed_leaves_out_items_that_are_not_public(staff_app):
    client = login(staff_app, "harbin_editor")
    new_item(client, "publish", publish_date=tomorrow())
    new_item(client, "submit", title="宾县关于低保资金的待审核通知")
    new_item(client, "publish", title="宾县关于低保资金的已发布通知")
    titles = [e.title for e in feedparser.parse(client_for(staff_app).get("/feeds/atom").body).entries]
    assert "宾县关于低保资金的已发布通知" in titles and CASH_AID not in titles
    assert "宾县关于低保资金的待审核通知" not in titles


def test_the_sitemap_lists_only_public_items(staff_app):
    client = login(staff_app, "harbin_editor")
    scheduled = landed_on(new_item(client, "publish", publish_date=tomorrow()))
    closed = landed_on(new_item(client, "publish", title="宾县不予公开的信息", disclosure="不予公开",
                                closed_reason="个人隐私"))
    shown = landed_on(new_item(client, "publish", title="宾县关于低保资金的已发布通知"))
    root = ET.fromstring(client_for(staff_app).get("/sitemap.xml").body)
    locs = {unquote(urlsplit(loc.text).path) for loc in root.findall("s:url/s:loc", SITEMAP_NS)}
    assert f"/items/{shown}" in locs and not {f"/items/{scheduled}", f"/items/{closed}"} & locs


def test_the_export_writes_only_items_that_are_public_today(staff_app, capsys):
    client = login(staff_app, "harbin_editor")
    new_item(client, "publish", publish_date=tomorrow())
    new_item(client, title="宾县关于低保资金的草稿")
    new_item(client, "publish", title="宾县关于低保资金的已发布通知")
    capsys.readouterr()
    assert main(["--home", str(staff_app.settings.home), "export", "-q"]) == 0
    titles = [json.loads(line)["title"] for line in capsys.readouterr().out.splitlines()]
    assert "宾县关于低保资金的已发布通知" in titles
    assert CASH_AID not in titles and "宾县关于低保资金的草稿" not in titles


def test_a_withdrawn_items_public_page_answers_410_with_the_reason(staff_app):
    index_no = landed_on(new_item(login(staff_app, "harbin_editor"), "publish"))
    reviewer = login(staff_app, "harbin_reviewer")
    assert field_problems(act(reviewer, index_no, "withdraw", status=400, reason="")) == {
        "withdraw-reason": "撤销原因必须填写。请填写后再保存。"}
    act(reviewer, index_no, "withdraw", reason="标准已由新文件调整")
    answer = client_for(staff_app).get(public_url(index_no), status=410)
    assert "标准已由新文件调整" in answer.text


def test_an_admin_restores_a_withdrawn_item(staff_app):
    index_no = landed_on(new_item(login(staff_app, "harbin_editor"), "publish"))
    act(login(staff_app, "harbin_reviewer"), index_no, "withdraw", reason="误撤")
    assert "restore" not in [f.action.rsplit("/", 1)[1] for f in
                             login(staff_app, "harbin_reviewer").get(staff_url(index_no)).forms.values()]
    act(login(staff_app, "admin"), index_no, "restore")
    client_for(staff_app).get(public_url(index_no), status=200)


# -- every staff page ------------------------------------------------------------------

def staff_pages(app):
    index_no = landed_on(new_item(login(app, "harbin_editor")))
    return ["/staff/items", "/staff/items?state=draft", "/staff/review", "/staff/items/new",
            staff_url(index_no), staff_url(index_no, "/edit")]


def test_every_staff_item_page_answers_no_store(staff_app):
    client = login(staff_app, "harbin_reviewer")
    for path in staff_pages(staff_app):
        assert client.get(path).headers["Cache-Control"] == "no-store", path


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_every_staff_item_page_renders_in_every_language(staff_app, lang):
    client = login(staff_app, "admin")
    for path in staff_pages(staff_app):
        page = client.get(path + ("&" if "?" in path else "?") + f"lang={lang}")
        assert page.html.html["lang"] == lang and page.html.h1.get_text(strip=True), path


def test_an_anonymous_visitor_is_sent_to_the_login_page_and_shown_nothing(staff_app):
    for path in staff_pages(staff_app):
        answer = client_for(staff_app).get(path, status=303)
        assert "/staff/login?next=" in answer.location and CASH_AID not in answer.text, path


def test_a_cached_public_page_is_asked_for_again_when_a_scheduled_item_comes_due(tmp_path):
    import datetime as dt

    from catalogue.items import validate
    from staff_fixtures import item
    from web.app import create_app
    from web.settings import Config
    from web_fixtures import client_for, make_home

    class Clock:
        today = dt.date(2030, 5, 31)

        def __call__(self):
            return self.today

    clock = Clock()
    home = make_home(tmp_path / "home")
    app = create_app(Config(home=home.path), clock=clock)
    try:
        with app.store.transaction(actor="test") as tx:
            tx.put(validate(item(title="宾县关于2030年6月1日起施行新规定的通知", publish_date="2030-06-01"),
                            app.store.context()))
        client = client_for(app)
        before = client.get("/search", {"q": "施行新规定"})
        assert "宾县关于2030年6月1日起施行新规定的通知" not in before.html.get_text()
        clock.today = dt.date(2030, 6, 1)
        again = client.get("/search", {"q": "施行新规定"},
                           headers={"If-None-Match": before.headers["ETag"],
                                    "If-Modified-Since": before.headers["Last-Modified"]})
        assert again.status_int == 200
        assert "宾县关于2030年6月1日起施行新规定的通知" in again.html.get_text()
    finally:
        app.close()
