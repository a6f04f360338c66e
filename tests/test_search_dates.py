"""Date ranges (date_from/date_to, written_from/written_to) and open-ended year ranges, end to end."""

import json
import re

import pytest

from advanced_fixtures import api, home_with, titles
from web_fixtures import app_fixture, client  # noqa: F401 (pytest fixtures)

# Notices around New Year 2012; written a few days before they were published (one without).
BOUNDARY = [
    {"title": "关于做好元旦期间安全生产工作的通知", "issuer": "省政府办公厅", "publish_date": "2011-12-30",
     "written_date": "2011-12-26", "genre": "通知", "topic": "综合政务/其他", "body": "节日期间安全生产。"},
    {"title": "关于2011年岁末政务公开检查的通知", "issuer": "省政府办公厅", "publish_date": "2011-12-31",
     "written_date": "2011-12-28", "genre": "通知", "topic": "综合政务/政务公开", "body": "年末检查。"},
    {"title": "关于2012年元旦值班安排的通知", "issuer": "省政府", "publish_date": "2012-01-01",
     "written_date": "2011-12-29", "genre": "通知", "topic": "综合政务/其他", "body": "元旦值班。"},
    {"title": "2012年全省政务公开工作要点", "issuer": "省政府", "publish_date": "2012-01-02",
     "genre": "工作要点", "topic": "综合政务/政务公开", "body": "推进政务公开。"},
    {"title": "关于春节期间政务公开工作的通知", "issuer": "省政府办公厅", "publish_date": "2012-02-15",
     "written_date": "2012-02-10", "genre": "通知", "topic": "综合政务/政务公开", "body": "春节期间。"},
    {"title": "2010年政府信息公开工作年度报告", "issuer": "省政府", "publish_date": "2010-03-31",
     "written_date": "2010-03-25", "genre": "年度报告", "topic": "综合政务/政务公开", "body": "年度报告。"},
    {"title": "2013年政府信息公开工作年度报告", "issuer": "省政府", "publish_date": "2013-03-29",
     "written_date": "2013-03-20", "genre": "年度报告", "topic": "综合政务/政务公开", "body": "年度报告。"},
]



boundary_home = home_with(BOUNDARY)
app = app_fixture(boundary_home)




def test_a_publish_date_range_across_new_year_counts_exactly_the_days_in_it(client):  # noqa: F811
    answer = api(client, date_from="2011-12-31", date_to="2012-01-01")
    assert answer.json["total"] == 2
    assert sorted(titles(answer)) == ["关于2011年岁末政务公开检查的通知", "关于2012年元旦值班安排的通知"]


def test_the_year_facet_counts_only_the_items_in_the_date_range(client):  # noqa: F811
    answer = api(client, date_from="2011-12-30", date_to="2012-01-02")
    assert answer.json["facets"]["year"] == [{"value": 2012, "count": 2}, {"value": 2011, "count": 2}]


def test_a_date_range_and_a_year_filter_together_keep_what_both_allow(client):  # noqa: F811
    answer = api(client, date_from="2011-12-30", date_to="2012-02-15", year="2012")
    assert answer.json["total"] == 3


def test_a_written_date_range_leaves_out_items_without_a_written_date(client):  # noqa: F811
    answer = api(client, written_from="2011-12-28", written_to="2012-12-31")
    assert sorted(titles(answer)) == ["关于2011年岁末政务公开检查的通知", "关于2012年元旦值班安排的通知",
                              "关于春节期间政务公开工作的通知"]


def test_an_open_ended_date_range_runs_to_the_last_item(client):  # noqa: F811
    assert api(client, date_from="2012-01-02").json["total"] == 3
    assert api(client, date_to="20111231").json["total"] == 3      # the compact form is read too


def test_open_ended_year_ranges_in_the_api(client):  # noqa: F811
    assert api(client, year="..2011").json["total"] == 3
    assert api(client, year="2012..").json["total"] == 4
    assert api(client, year="..2012").json["total"] == 6


def test_the_openapi_document_says_the_year_may_be_open_ended_and_dates_are_iso(client):  # noqa: F811
    params = {p["name"]: p for p in client.get("/api/openapi.json").json["paths"]["/api/search"]["get"]
              ["parameters"]}
    pattern = params["year"]["schema"]["items"]["pattern"]
    assert all(re.search(pattern, y) for y in ("..2012", "2010..", "2010..2012", "2012"))
    assert not re.search(pattern, "..")
    assert "..Y2" in params["year"]["description"]
    for name in ("date_from", "date_to", "written_from", "written_to"):
        assert params[name]["schema"]["format"] == "date"
        assert re.search(params[name]["schema"]["pattern"], "2012-01-01")


def test_an_inverted_date_range_is_a_400_naming_the_start_and_echoing_both_ends(client):  # noqa: F811
    answer = api(client, date_from="2012-03-01", date_to="2011-12-31")
    assert answer.status_int == 400
    [problem] = answer.json["errors"]
    assert problem["field"] == "date_from" and problem["code"] == "inverted_range"
    assert "2012-03-01" in problem["message"] and "2011-12-31" in problem["message"]


def test_an_inverted_date_range_on_the_page_says_so_in_chinese(client):  # noqa: F811
    page = client.get("/search", {"written_from": "2012-03-01", "written_to": "2011-12-31"}, status=400)
    assert "成文日期（起）“2012-03-01”晚于截止日期“2011-12-31”" in page.text


def test_a_date_that_is_not_a_date_is_a_400_naming_it(client):  # noqa: F811
    answer = api(client, date_to="2012-02-30")
    assert answer.status_int == 400
    assert [(p["field"], p["code"]) for p in answer.json["errors"]] == [("date_to", "not_a_date")]


def test_a_date_range_given_twice_is_refused_as_repeated(client):  # noqa: F811
    answer = api(client, date_from=["2012-01-01", "2012-02-01"])
    assert [(p["field"], p["code"]) for p in answer.json["errors"]] == [("date_from", "repeated")]


def test_the_search_page_keeps_the_date_range_in_its_links(client):  # noqa: F811
    page = client.get("/search", {"q": "通知", "date_from": "20111231", "date_to": "2012-01-01"})
    assert "date_from=2011-12-31" in page.text and "date_to=2012-01-01" in page.text


@pytest.fixture
def home(tmp_path):
    return boundary_home(tmp_path / "home")


def test_the_command_line_takes_date_ranges(run):
    status, out, _ = run("search", "--date-from", "2011-12-31", "--date-to", "2012-01-01", "--json")
    assert status == 0 and json.loads(out)["total"] == 2
    status, _out, err = run("search", "--date-from", "2012-01-02", "--date-to", "2012-01-01")
    assert status == 1 and "date_from" in err
