"""Bulk upload at /staff/import: checked in full, previewed, imported only when confirmed, all or nothing."""

import csv
import io
import json
import time
from urllib.parse import unquote

import pytest
from staff_fixtures import BINXIAN, FINANCE
from staff_web_fixtures import login, staff_app  # noqa: F401 (fixture)
from web_fixtures import client_for

from catalogue import accounts, audit
from catalogue.importer import ImportRefused, check_file, import_files
from catalogue.items import FIELDS
from web.staff import uploads

HEADER = ["标题", "发布机构", "发布日期", "体裁", "主题词"]
REPORT = ["宾县2012年政府信息公开工作年度报告", BINXIAN, "2012-03-20", "年度报告", "年度报告；政务公开"]
NOTICE = ["宾县人民政府关于公布2012年行政审批事项目录的通知", "宾县政府", "2012-04-06", "通知", "行政审批"]
BUDGET = ["黑龙江省财政厅关于2012年省级部门预算公开的通知", FINANCE, "2012-04-10", "通知", "预算公开"]


def csv_file(*rows, header=HEADER):
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def upload(client, data, name="目录.csv", secrecy="李明", status=200):
    """The preview page of ``data`` uploaded as ``name`` through the real form."""
    form = client.get("/staff/import").forms["import-upload"]
    form["file"] = (name, data)
    form["secrecy_checked_by"] = secrecy
    return form.submit("action", value="check", status=status)


def problems(page):
    """The preview's problem table as [(line, field)], each problem once."""
    found, line = [], None
    for tr in page.html.select(".import-problems tbody tr"):
        th = tr.find("th")
        line = int(th.get_text()) if th else line
        found.append((line, tr.find_all("td")[0].get_text()))
    return found


def preview_rows(page):
    """The preview's rows as [(line, title, state)]."""
    rows = []
    for tr in page.html.select("#rows-heading + div tbody tr"):
        cells = [c.get_text(strip=True) for c in tr.find_all(["th", "td"])]
        rows.append((cells[0], cells[1], cells[-1]))
    return rows


def imports(app):
    return audit.entries(app.store, action="import")


def test_a_csv_with_three_bad_rows_reports_all_three_by_row_and_field_and_writes_nothing(staff_app):
    before = staff_app.store.count(status=None)
    data = csv_file(REPORT, ["", BINXIAN, "2012-03-21", "通知", ""], NOTICE,
                    ["宾县关于春耕备耕工作的通知", BINXIAN, "2012-13-01", "通知", ""],
                    ["宾县政务公开工作要点", BINXIAN, "2012-02-01", "不是体裁", ""])
    page = upload(login(staff_app, "harbin_editor"), data, status=400)
    assert problems(page) == [(3, "标题"), (5, "发布日期"), (6, "体裁")]
    assert "共 3 处问题，涉及 3 行，未导入任何信息" in page.text
    assert not page.html.select("input[name=token]")        # nothing to confirm
    assert staff_app.store.count(status=None) == before and imports(staff_app) == []


def test_a_good_file_is_previewed_and_imported_only_when_confirmed(staff_app):
    before = staff_app.store.count(status=None)
    page = upload(login(staff_app, "harbin_editor"), csv_file(REPORT, NOTICE))
    assert preview_rows(page) == [("2", REPORT[0], "直接发布"), ("3", NOTICE[0], "直接发布")]
    assert staff_app.store.count(status=None) == before and imports(staff_app) == []
    page.forms["import-confirm"].submit("action", value="import", status=303)
    stored = imports(staff_app)
    assert staff_app.store.count(status=None) == before + 2 and len(stored) == 2
    items = [staff_app.store.get(e["index_no"]) for e in stored]
    assert {(i["title"], i["status"], i["secrecy_checked_by"], i["submitted_by"]) for i in items} == {
        (REPORT[0], "published", "李明", "harbin_editor"), (NOTICE[0], "published", "李明", "harbin_editor")}


def test_items_of_a_body_requiring_review_are_imported_as_submitted(staff_app):
    page = upload(login(staff_app, "finance_editor"), csv_file(BUDGET), secrecy="王芳")
    assert preview_rows(page) == [("2", BUDGET[0], "提交审核")]
    done = page.forms["import-confirm"].submit("action", value="import", status=303).follow()
    assert "待审核" in done.html.select_one(".import-done").get_text()
    (entry,) = imports(staff_app)
    stored = staff_app.store.get(entry["index_no"])
    assert (stored["status"], stored["secrecy_checked_by"], entry["details"]["secrecy_checked_by"]) == (
        "submitted", "王芳", "王芳")


def test_the_name_on_the_confirm_form_is_the_one_recorded(staff_app):
    page = upload(login(staff_app, "harbin_editor"), csv_file(REPORT), secrecy="李明")
    form = page.forms["import-confirm"]
    assert form["secrecy_checked_by"].value == "李明"
    form["secrecy_checked_by"] = "张伟"
    form.submit("action", value="import", status=303)
    (entry,) = imports(staff_app)
    assert staff_app.store.get(entry["index_no"])["secrecy_checked_by"] == "张伟"


def test_a_row_of_a_body_outside_the_users_scope_is_an_error_naming_its_row(staff_app):
    page = upload(login(staff_app, "harbin_editor"), csv_file(REPORT, BUDGET), status=400)
    assert problems(page) == [(3, "发布机构")]
    assert "outside what harbin_editor may write" in page.html.select_one(".import-problems tbody").get_text()
    assert imports(staff_app) == []


def test_an_unknown_issuer_is_named_on_every_row_in_the_visitors_language(staff_app):
    unknown = ["宾县教育局通知", "宾县教育局", "2012-05-01", "通知", ""]
    page = upload(login(staff_app, "harbin_editor"), csv_file(unknown, REPORT, unknown), status=400)
    assert problems(page) == [(2, "发布机构"), (4, "发布机构")]
    assert page.text.count("发布机构名录中没有“宾县教育局”") == 2


def test_a_file_the_reader_cannot_read_is_refused_whole(staff_app):
    page = upload(login(staff_app, "harbin_editor"), csv_file(REPORT, header=["题目", "发布机构", "发布日期", "体裁", "主题词"]),
                  status=400)
    whole = page.html.select_one(".import-problems ul.problems").get_text()
    assert "表头" in whole and '"题目" is not a known column' in whole and imports(staff_app) == []


def test_the_confirm_post_without_csrf_is_refused(staff_app):
    client = login(staff_app, "harbin_editor")
    page = upload(client, csv_file(REPORT))
    token = page.forms["import-confirm"]["token"].value
    client.post("/staff/import", {"token": token, "secrecy_checked_by": "李明", "action": "import"}, status=403)
    assert imports(staff_app) == []


def test_a_forged_upload_token_is_refused(staff_app):
    client = login(staff_app, "harbin_editor")
    form = upload(client, csv_file(REPORT)).forms["import-confirm"]
    for forged in ("A" * 32, "../../catalogue.db", form["token"].value + "x"):
        form["token"].force_value(forged)
        answer = form.submit("action", value="import", status=400)
        assert "这次上传已失效" in answer.text
    assert imports(staff_app) == []


def test_another_users_upload_token_is_refused(staff_app):
    token = upload(login(staff_app, "harbin_editor"), csv_file(REPORT)).forms["import-confirm"]["token"].value
    other = login(staff_app, "harbin_reviewer")
    form = upload(other, csv_file(NOTICE)).forms["import-confirm"]
    form["token"].force_value(token)
    form.submit("action", value="import", status=400)
    assert imports(staff_app) == []


def test_a_confirmation_sent_twice_imports_once(staff_app):
    form = upload(login(staff_app, "harbin_editor"), csv_file(REPORT, NOTICE)).forms["import-confirm"]
    first = form.submit("action", value="import", status=303)
    again = form.submit("action", value="import", status=303)
    assert again.location == first.location and len(imports(staff_app)) == 2


def test_an_upload_not_confirmed_within_an_hour_is_deleted(staff_app):
    form = upload(login(staff_app, "harbin_editor"), csv_file(REPORT)).forms["import-confirm"]
    root = uploads.root_of(staff_app.settings.catalogue_home())
    uploads.sweep(root, now=time.time() + uploads.MAX_AGE + 1)
    assert list(root.iterdir()) == []
    form.submit("action", value="import", status=400)
    assert imports(staff_app) == []


def test_a_file_over_twenty_megabytes_is_refused_with_a_clear_error(staff_app):
    data = csv_file(REPORT) + b"\n" * (uploads.MAX_BYTES)
    page = upload(login(staff_app, "harbin_editor"), data, status=413)
    assert "文件太大：最大 20 MB" in page.html.select_one("[role=alert]").get_text()
    assert list(uploads.root_of(staff_app.settings.catalogue_home()).iterdir()) == []


def test_a_file_of_an_unknown_type_is_refused(staff_app):
    page = upload(login(staff_app, "harbin_editor"), b"title,issuer\n", name="目录.xlsx", status=400)
    assert "“目录.xlsx”不是可导入的文件类型" in page.text


def test_the_result_page_links_every_imported_item(staff_app):
    client = login(staff_app, "harbin_editor")
    done = upload(client, csv_file(REPORT, NOTICE)).forms["import-confirm"].submit(
        "action", value="import", status=303).follow()
    links = {a.get_text(): unquote(a["href"]) for a in done.html.select(".import-done a")}
    numbers = {staff_app.store.get(e["index_no"])["title"]: e["index_no"] for e in imports(staff_app)}
    assert links == {title: f"/staff/items/{no}" for title, no in numbers.items()}
    assert "已从“目录.csv”导入 2 条信息" in done.text


def test_the_imported_items_are_found_by_search_in_the_very_next_request(staff_app):
    client = login(staff_app, "harbin_editor")
    upload(client, csv_file(NOTICE)).forms["import-confirm"].submit("action", value="import", status=303)
    titles = [a.get_text() for a in client_for(staff_app).get("/search", {"q": NOTICE[0]}).html.select(".hit h3 a")]
    assert NOTICE[0] in titles


def test_the_template_downloads_with_the_chinese_headers_and_reads_back_through_the_importer(staff_app, tmp_path):
    answer = login(staff_app, "harbin_editor").get("/staff/import/template.csv")
    assert answer.content_type == "text/csv" and "attachment" in answer.headers["Content-Disposition"]
    assert answer.body.startswith(b"\xef\xbb\xbf")          # the BOM: Excel opens it as UTF-8
    header = next(csv.reader(io.StringIO(answer.body.decode("utf-8-sig"))))
    assert header == [f.label for f in FIELDS]
    path = tmp_path / "模板.csv"
    path.write_bytes(answer.body)
    checked = check_file(staff_app.store, path, user=accounts.get_user(staff_app.store, "harbin_editor"),
                         secrecy_checked_by="李明")
    assert (len(checked["items"]), checked["problems"]) == (1, [])


def test_staff_pages_of_the_import_send_anonymous_visitors_to_log_in(staff_app):
    client = client_for(staff_app)
    for path in ("/staff/import", "/staff/import/template.csv"):
        answer = client.get(path, status=303)
        assert "/staff/login?next=" in answer.location and answer.headers["Cache-Control"] == "no-store"


def test_the_preview_makes_the_very_checks_the_import_makes(staff_app, tmp_path):
    path = tmp_path / "items.jsonl"
    rows = [dict(zip(["title", "issuer", "publish_date"], row[:3])) for row in (REPORT, BUDGET)]
    rows.append({"title": "", "issuer": BINXIAN, "publish_date": "2012-03-01"})
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    user = accounts.get_user(staff_app.store, "harbin_editor")
    checked = check_file(staff_app.store, path, user=user, secrecy_checked_by="李明")
    with pytest.raises(ImportRefused) as refused:
        import_files(staff_app.store, [path], progress=False, user=user, secrecy_checked_by="李明")
    assert [(p.line, p.field) for p in checked["problems"]] == [
        (p.line, p.field) for p in refused.value.problems] == [(2, "issuer"), (3, "title")]


def test_a_rows_own_confidentiality_reviewer_wins_over_the_name_given_for_the_upload(staff_app, tmp_path):
    path = tmp_path / "items.jsonl"
    rows = [dict(zip(["title", "issuer", "publish_date"], REPORT[:3]), secrecy_checked_by="赵敏"),
            dict(zip(["title", "issuer", "publish_date"], NOTICE[:3]))]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    user = accounts.get_user(staff_app.store, "harbin_editor")
    import_files(staff_app.store, [path], progress=False, user=user, secrecy_checked_by="李明")
    recorded = {staff_app.store.get(e["index_no"])["title"]: e["details"]["secrecy_checked_by"]
                for e in imports(staff_app)}
    assert recorded == {REPORT[0]: "赵敏", NOTICE[0]: "李明"}
