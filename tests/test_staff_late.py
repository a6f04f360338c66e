"""/staff/late: late and due items of the staff member's bodies, counted on the holiday calendar."""

import datetime as dt

import pytest

from catalogue import accounts
from staff_fixtures import ACCOUNTS, PASSWORD
from staff_web_fixtures import login
from stats_fixtures import _item, put
from web.app import create_app
from web.settings import Config
from web_fixtures import client_for, make_home

TODAY = dt.date(2012, 2, 20)    # a Monday after the 2012 Spring Festival


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("late") / "home")
    app = create_app(Config(home=home.path), clock=lambda: TODAY)
    for name, (role, body) in ACCOUNTS.items():
        accounts.add_user(app.store, name, PASSWORD, role=role, body=body, actor="test")
    put(app.store, [_item("宾县春节前成文的草稿", "宾县政府", "2012-03-01", written_date="2012-01-20"),
                    _item("财政厅元旦前成文的草稿", "省财政厅", "2012-03-01", written_date="2011-12-01")],
        status="draft")
    put(app.store, [_item("哈尔滨市迟发的通知", "哈尔滨市政府", "2012-02-23", written_date="2012-01-20")])
    yield app
    app.close()


def _rows(page):
    return [[c.get_text(strip=True) for c in row.find_all(["th", "td"])]
            for row in page.html.select("#late-items tbody tr")]


def test_a_city_editor_sees_the_due_draft_of_a_county_under_it_and_nothing_of_other_bodies(app):
    rows = _rows(login(app, "harbin_editor").get("/staff/late"))
    assert [r[:2] for r in rows] == [["宾县春节前成文的草稿", "即将到期，尚未发布"],
                                     ["哈尔滨市迟发的通知", "已发布，超过20个工作日"]]
    # Written Jan 20: the 20th working day is Feb 22, two working days after Monday Feb 20.
    assert rows[0][7:] == ["2012-02-22", "2"]
    assert rows[1][6] == "21"


def test_an_admin_sees_the_overdue_draft_first(app):
    rows = _rows(login(app, "admin").get("/staff/late?lang=en"))
    assert rows[0][:2] == ["财政厅元旦前成文的草稿", "past the deadline, not published"]
    assert len(rows) == 3


def test_a_narrower_warning_window_leaves_the_draft_due_in_two_days_out(app):
    rows = _rows(login(app, "harbin_editor").get("/staff/late?within=1"))
    assert [r[0] for r in rows] == ["哈尔滨市迟发的通知"]


def test_a_warning_window_that_is_no_number_is_refused(app):
    assert login(app, "harbin_editor").get("/staff/late?within=abc", status=400)


def test_the_page_needs_a_login(app):
    answer = client_for(app).get("/staff/late", status=303)
    assert "/staff/login" in answer.headers["Location"]
