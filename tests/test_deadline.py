"""The Art. 26 check with known answers: working days to publication, on-time shares, late and due items."""

import datetime as dt

import pytest

from catalogue import deadline, stats
from catalogue.calendar import load_calendar
from stats_fixtures import DEADLINES, TODAY, _item, put


@pytest.fixture(scope="module")
def calendar():
    return load_calendar()


@pytest.fixture
def published(store):
    put(store, DEADLINES)
    return stats.public_items(store.iter_items(), TODAY), store.bodies()


def test_the_on_time_share_per_body_and_year_counts_across_the_spring_festival(published, calendar):
    rows = {(r["issuer"], r["year"]): r for r in deadline.on_time(*published, calendar)["rows"]}
    office = rows[("黑龙江省人民政府办公厅", 2012)]
    assert (office["items"], office["checked"], office["on_time"], office["late"],
            office["no_written_date"], office["on_time_pct"]) == (3, 2, 1, 1, 1, 50.0)


def test_a_year_the_calendar_lacks_is_counted_unknown_with_no_share(published, calendar):
    rows = {(r["issuer"], r["year"]): r for r in deadline.on_time(*published, calendar)["rows"]}
    finance = rows[("黑龙江省财政厅", 2008)]
    assert (finance["unknown"], finance["checked"], finance["on_time_pct"]) == (1, 0, None)


def test_an_items_working_days_or_why_there_are_none(published, calendar):
    items = {i["title"]: i for i in published[0]}
    assert deadline.working_days(items["春节前成文的通知"], calendar) == (7, None)
    assert deadline.working_days(items["春节前成文但迟发的通知"], calendar) == (21, None)
    assert deadline.working_days(items["没有成文日期的通知"], calendar) == (None, "no_written_date")
    assert deadline.working_days(items["2007年底成文的通知"], calendar) == (None, "unknown")


def test_late_and_due_items_for_staff(store, calendar):
    put(store, DEADLINES)
    put(store, [_item("春节前成文的草稿", "省财政厅", "2012-03-01", written_date="2012-01-20"),
                _item("元旦前成文的草稿", "省财政厅", "2012-03-01", written_date="2011-12-01"),
                _item("刚成文的草稿", "省财政厅", "2012-03-01", written_date="2012-02-17")], status="draft")
    today = dt.date(2012, 2, 20)       # a Monday; the Spring Festival draft's 20th working day is Feb 22
    found = {e["title"]: e for e in deadline.late_items(store.iter_items(status=None), calendar, today)}
    assert (found["春节前成文的草稿"]["state"], found["春节前成文的草稿"]["deadline"],
            found["春节前成文的草稿"]["days_left"]) == ("due_soon", "2012-02-22", 2)
    assert found["元旦前成文的草稿"]["state"] == "overdue"
    assert found["春节前成文但迟发的通知"]["state"] == "late"
    assert found["2007年底成文的通知"]["state"] == "unknown"
    assert "刚成文的草稿" not in found and "春节前成文的通知" not in found
    assert [e["state"] for e in found.values()] == ["overdue", "due_soon", "unknown", "late"]
