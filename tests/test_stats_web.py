"""/stats, /api/stats and the table downloads against the real app on a store with known statistics."""

import csv
import io
from urllib.parse import quote

import pytest
import webtest

from catalogue.home import Home
from search_fixtures import make_home as make_search_home
from stats_fixtures import DEADLINES, TODAY, put, put_counted, put_rules
from web.app import create_app
from web.settings import Config


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    home = make_search_home(tmp_path_factory.mktemp("stats") / "home")
    with Home(home.path).open_store() as store:
        put_counted(store)
        put_rules(store)
    app = create_app(Config(home=home.path), clock=lambda: TODAY)
    yield app
    app.close()


@pytest.fixture
def client(app):
    """A client with its own cookies (a language chosen in one test stays there)."""
    return webtest.TestApp(app)


def test_the_api_gives_the_years_counts_and_the_reports_figure(client):
    data = client.get("/api/stats?year=2012").json
    # put_rules adds 2 items in 2011, 3 in 2012 (and one in 2010) to stats_fixtures' 4, 6, 3.
    assert [(r["year"], r["count"]) for r in data["total"]] == [(2010, 1), (2011, 6), (2012, 9), (2013, 3)]
    assert data["figure"] == {"year": 2012, "count": 8, "before": 6, "change_pct": 33.3}


def test_the_page_prints_the_reports_sentence(client):
    page = client.get("/stats?year=2012")
    assert page.html.select_one(".figure-sentence").get_text(strip=True) == "2012年主动公开信息8条，较上年增长33.3%。"


def test_the_first_year_says_there_is_no_year_before_instead_of_a_percentage(client):
    page = client.get("/stats?year=2010&lang=en")
    assert "the catalogue has no figures for the year before, so no growth rate" in \
        page.html.select_one(".figure-sentence").get_text()
    first = page.html.select("#table-years tbody tr")[0]
    assert [c.get_text(strip=True) for c in first.find_all(["th", "td"])][:4] == ["2010", "1", "—", "no year before"]


def test_the_chart_is_an_image_with_a_title_and_description_and_the_numbers_as_text(client):
    page = client.get("/stats?year=2012")
    svg = page.html.select_one("figure.stats-chart svg")
    assert svg["role"] == "img"
    ids = svg["aria-labelledby"].split()
    assert [svg.find(id=i).name for i in ids] == ["title", "desc"]
    assert [t.get_text() for t in svg.select("text.value")] == ["1", "6", "9", "3"]
    assert [t.get_text() for t in svg.select("text.label")] == ["2010", "2011", "2012", "2013"]
    table = [[c.get_text(strip=True) for c in row.find_all(["th", "td"])][:2]
             for row in page.html.select("#table-years tbody tr")]
    assert table == [["2010", "1"], ["2011", "6"], ["2012", "9"], ["2013", "3"]]


def test_the_page_lists_the_item_that_breaks_the_table2_identity(client):
    page = client.get("/stats?year=2012")
    rows = page.html.select("#table-table2_breaks tbody tr")
    assert len(rows) == 1 and "关于政府采购管理的通知（规范性文件E）" in rows[0].get_text()
    assert "已失效或废止，但没有记录日期" in rows[0].get_text()


def test_a_csv_download_is_utf8_with_a_byte_order_mark_and_chinese_headings(client):
    answer = client.get("/api/stats/groups.csv?year=2012&issuer=" + quote("哈尔滨市政府"))
    assert answer.content_type == "text/csv"
    assert answer.body.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(answer.body.decode("utf-8-sig"))))
    assert rows == [["层级", "公开信息", "上年", "增长率（%）", "原因"],
                    ["各市地", "1", "2", "-50.0", ""], ["各县级", "2", "0", "", "上年为0"]]
    assert 'filename="stats-groups-2012.csv"' in answer.headers["Content-Disposition"]


def test_a_json_download_is_the_tables_rows_with_raw_values(client):
    data = client.get("/api/stats/table2.json?year=2013").json
    assert data["columns"][:4] == ["kind", "issued", "repealed", "in_force"]
    assert data["rows"][0] == {"kind": "规章", "issued": 0, "repealed": 1, "in_force": 2,
                               "in_force_before": 3, "identity_ok": True}


@pytest.mark.parametrize("path, status", [("/api/stats?year=12345", 400), ("/api/stats?issuer=" + quote("火星政府"), 404),
                                          ("/api/stats/nothing.json", 404)])
def test_bad_choices_answer_the_json_error_shape(client, path, status):
    data = client.get(path, status=status).json
    assert data["ok"] is False and data["status"] == status and data["errors"]


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_the_page_renders_in_every_language(client, lang):
    page = client.get(f"/stats?year=2013&lang={lang}")
    assert page.html.select_one("html")["lang"] == lang
    assert page.html.select("table.stats")


def test_a_holiday_file_in_the_home_changes_the_count_at_once(tmp_path):
    home = make_search_home(tmp_path / "home")
    with Home(home.path).open_store() as store:
        put(store, DEADLINES[1:2])      # written 2012-01-20, published 2012-02-23: 21 working days
    app = create_app(Config(home=home.path), clock=lambda: TODAY)
    try:
        client = webtest.TestApp(app)

        def year_2012():
            row = client.get("/api/stats?year=2012").json["deadline"]["years"][0]
            return row["on_time"], row["late"]
        assert year_2012() == (0, 1)
        # The home's 2012.yaml replaces the shipped one: a week more off in February makes it 16.
        (home.path / "holidays").mkdir()
        (home.path / "holidays" / "2012.yaml").write_text(
            "year: 2012\nholidays:\n  - name: 春节\n    off: 2012-01-22..2012-01-28\n"
            "    worked: [2012-01-21, 2012-01-29]\n  - name: 冰雪假期\n    off: 2012-02-06..2012-02-10\n",
            encoding="utf-8")
        assert year_2012() == (1, 0)
    finally:
        app.close()
