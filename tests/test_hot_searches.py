"""Hot and related searches through the real app: counted without personal data, shown, hidden by admins."""

from catalogue import audit
from staff_web_fixtures import login, staff_app  # noqa: F401
from web_fixtures import client_for

MIN = 3     # web.settings hot_min_count default


def searched(client, query, times, **params):
    for _ in range(times):
        client.get("/api/search", {"q": query, **params})


def hot_queries(client, days="7"):
    return [row["query"] for row in client.get("/api/hot").json["days"][days]]


def test_a_query_is_hot_after_the_minimum_count_and_not_before(staff_app):
    client = client_for(staff_app)
    searched(client, "政务公开", MIN - 1)
    assert "政务公开" not in hot_queries(client)
    searched(client, "政务公开", 1)
    answer = client.get("/api/hot").json
    assert answer["min_count"] == MIN
    assert answer["days"]["7"] == answer["days"]["30"] == [{"query": "政务公开", "count": MIN}]


def test_traditional_and_simplified_spellings_count_as_one_query(staff_app):
    client = client_for(staff_app)
    searched(client, "政務公開", 2)
    searched(client, "政务公开", 1)
    assert hot_queries(client) == ["政务公开"]


def test_a_search_that_finds_nothing_is_not_counted(staff_app):
    client = client_for(staff_app)
    searched(client, "不存在的词语组合", MIN)
    assert hot_queries(client) == []


def test_later_pages_of_a_search_are_not_counted_again(staff_app):
    client = client_for(staff_app)
    searched(client, "公开", MIN - 1)
    searched(client, "公开", 2, page=2, per_page=1)
    assert hot_queries(client) == []


def test_the_home_page_lists_the_hot_searches(staff_app):
    client = client_for(staff_app)
    searched(client, "财政厅", MIN)
    page = client.get("/")
    hot = page.html.select_one("section.hot")
    assert hot is not None and "财政厅" in hot.get_text()
    assert hot.select_one("a")["href"].endswith("/search?q=%E8%B4%A2%E6%94%BF%E5%8E%85")


def test_a_results_page_offers_searches_sharing_a_word(staff_app):
    client = client_for(staff_app)
    searched(client, "县乡政务公开", MIN)
    searched(client, "预算公开", MIN)
    searched(client, "行政审批", MIN)
    related = client.get("/search", {"q": "政务公开"}).html.select_one("nav.related")
    assert [a.get_text() for a in related.select("a")] == ["县乡政务公开"]
    assert client.get("/api/hot", {"q": "政务公开"}).json["related"] == [{"query": "县乡政务公开", "count": MIN}]


def test_an_admin_hides_a_hot_query_and_it_is_audited(staff_app):
    client = client_for(staff_app)
    searched(client, "政务公开", MIN)
    admin = login(staff_app, "admin")
    page = admin.get("/staff/hot")
    form = next(f for f in page.forms.values() if f.get("query", default=None) is not None
                and f["query"].value == "政务公开")
    assert form.submit().status_int == 303
    assert hot_queries(client) == [] and hot_queries(client, "30") == []
    entry = audit.entries(staff_app.store, limit=1)[0]
    assert (entry["action"], entry["actor"], entry["details"]) == ("query_hide", "admin", {"query": "政务公开"})
    shown = admin.get("/staff/hot").forms
    again = next(f for f in shown.values() if f.get("query", default=None) is not None)
    assert again["action"].value == "show"
    again.submit()
    assert hot_queries(client) == ["政务公开"]


def test_only_admins_may_see_or_hide_hot_queries(staff_app):
    client = client_for(staff_app)
    searched(client, "政务公开", MIN)
    editor = login(staff_app, "harbin_editor")
    assert editor.get("/staff/hot", expect_errors=True).status_int == 403
    token = editor.get("/staff/items").html.select_one("input[name=csrf]")["value"]
    answer = editor.post("/staff/hot", {"csrf": token, "query": "政务公开", "action": "hide"}, expect_errors=True)
    assert answer.status_int == 403 and hot_queries(client) == ["政务公开"]
