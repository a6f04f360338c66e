"""Synonyms staff edit: kept in the store, seeded from data/synonyms.yaml, applied from the next search on."""

from catalogue import audit, synonymstore
from search_fixtures import make_home, open_test_index, put_items, titles
from search_fixtures import ITEMS as SEARCH_ITEMS
from staff_web_fixtures import login, staff_app  # noqa: F401
from web_fixtures import client_for

BUDGET = "黑龙江省财政厅关于2012年省级预算公开的通知"      # tests/web_fixtures.py
LOW_INCOME = "关于提高城乡最低生活保障标准的通知"           # tests/search_fixtures.py


def found(client, query):
    return [item["title"] for item in client.get("/api/search", {"q": query}).json["items"]]


def add_form(page):
    return next(f for f in page.forms.values() if f.get("action", default=None) is not None
                and f["action"].value == "add")


def test_dibao_finds_the_full_name_through_the_groups_seeded_from_the_file(tmp_path):
    home = make_home(tmp_path / "home")
    with home.open_store() as store:
        put_items(store, SEARCH_ITEMS)
        with open_test_index(home, store) as idx:
            assert LOW_INCOME in titles(idx.search("低保"))
        assert synonymstore.seeded(store)
        assert ["低保", "最低生活保障"] in [g["terms"][:2] for g in synonymstore.groups(store)]


def test_a_pair_an_admin_adds_works_on_the_very_next_request(staff_app):
    client = client_for(staff_app)
    assert found(client, "收支计划") == []
    admin = login(staff_app, "admin")
    form = add_form(admin.get("/staff/synonyms"))
    form["terms"] = "收支计划、预算"
    assert form.submit().status_int == 303
    assert found(client, "收支计划") == [BUDGET]


def test_a_removed_group_stops_applying_on_the_next_request(staff_app):
    client = client_for(staff_app)
    group = synonymstore.add(staff_app.store, ["收支计划", "预算"], "admin")
    assert found(client, "收支计划") == [BUDGET]
    admin = login(staff_app, "admin")
    page = admin.get("/staff/synonyms")
    form = next(f for f in page.forms.values() if f.get("group", default=None) is not None
                and f["group"].value == str(group))
    assert form.submit().status_int == 303
    assert found(client, "收支计划") == []


def test_every_synonym_change_is_in_the_audit_trail(staff_app):
    admin = login(staff_app, "admin")
    form = add_form(admin.get("/staff/synonyms"))
    form["terms"] = "收支计划 预算"
    form.submit()
    entry = audit.entries(staff_app.store, limit=1)[0]
    assert (entry["action"], entry["actor"], entry["details"]) == (
        "synonyms_edit", "admin", {"added": ["收支计划", "预算"]})


def test_a_group_of_one_term_is_refused_and_nothing_changes(staff_app):
    admin = login(staff_app, "admin")
    page = admin.get("/staff/synonyms")
    before = synonymstore.groups(staff_app.store)
    form = add_form(page)
    form["terms"] = "预算"
    assert form.submit(expect_errors=True).status_int == 400
    assert synonymstore.groups(staff_app.store) == before


def test_only_admins_may_edit_synonyms(staff_app):
    editor = login(staff_app, "finance_editor")
    assert editor.get("/staff/synonyms", expect_errors=True).status_int == 403
    token = editor.get("/staff/items").html.select_one("input[name=csrf]")["value"]
    answer = editor.post("/staff/synonyms", {"csrf": token, "action": "add", "terms": "收支计划 预算"},
                         expect_errors=True)
    assert answer.status_int == 403 and found(client_for(staff_app), "收支计划") == []


# -- the command line --------------------------------------------------------------------

def test_synonyms_list_shows_the_groups_seeded_from_the_file(home, run):
    status, out, _ = run("synonyms", "list")
    assert status == 0 and any(line.endswith("  低保 = 最低生活保障") for line in out.splitlines())


def test_synonyms_export_then_import_keeps_the_groups_and_is_audited(home, run, tmp_path):
    exported = tmp_path / "synonyms.yaml"
    assert run("synonyms", "export", exported)[0] == 0
    with home.open_store() as store:
        before = [g["terms"] for g in synonymstore.groups(store)]
    exported.write_text(exported.read_text(encoding="utf-8") + "- [收支计划, 预算]\n", encoding="utf-8")
    status, out, _ = run("synonyms", "import", exported)
    assert status == 0 and f"imported {len(before) + 1} synonym groups" in out
    with home.open_store() as store:
        assert [g["terms"] for g in synonymstore.groups(store)] == before + [["收支计划", "预算"]]
        entry = audit.entries(store, limit=1)[0]
        assert (entry["action"], entry["actor"]) == ("synonyms_edit", "catalogue user")


def test_synonyms_import_of_a_bad_file_names_its_line_and_changes_nothing(home, run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- [低保, 最低生活保障]\n- [网络]\n", encoding="utf-8")
    status, _, err = run("synonyms", "import", bad)
    assert status == 1 and "bad.yaml:2" in err
    with home.open_store() as store:
        assert not synonymstore.seeded(store)


def test_a_synonym_added_through_one_server_applies_in_another_following_the_store(tmp_path):
    # Two stores on one file and two indexes: as two server processes sharing a catalogue.
    from index import open_index
    home = make_home(tmp_path / "home")
    with home.open_store() as writer_store, home.open_store() as other_store:
        put_items(writer_store, SEARCH_ITEMS)
        with open_test_index(home, writer_store) as first, \
                open_index(tmp_path / "other-index", other_store) as second:
            assert titles(second.search("饮用水")) == []
            synonymstore.add(writer_store, ["饮用水", "饮水安全"], "admin")
            assert titles(second.search("饮用水")) == ["宾县人民政府关于印发农村饮水安全工程实施方案的通知"]
            assert titles(first.search("饮用水")) == titles(second.search("饮用水"))
