"""Dates as clerks type them: YYYY-MM-DD or compact YYYYMMDD; a date after today is stored with a warning."""

import datetime as dt
import re

import pytest

from catalogue.items import Context, date_warnings, normalize, validate

CONTEXT = Context(lambda text: text)
NOTICE = {"title": "关于做好2012年防汛工作的通知", "issuer": "黑龙江省水利厅"}


def problems_of(**fields):
    return [str(p) for p in normalize(dict(NOTICE, **fields), CONTEXT)[1]]


@pytest.mark.parametrize("typed", ["20120518", "２０１２０５１８", 20120518, "2012-05-18", " 2012-05-18 "])
def test_a_compact_or_dashed_date_is_stored_dashed(typed):
    assert validate(dict(NOTICE, publish_date=typed), CONTEXT)["publish_date"] == "2012-05-18"


def test_a_compact_written_date_is_stored_dashed_too():
    item = validate(dict(NOTICE, publish_date="2012-05-20", written_date="20120518"), CONTEXT)
    assert item["written_date"] == "2012-05-18"


@pytest.mark.parametrize("typed", ["2012-W20-5", "2012W205", "2012/05/18", "2012-5-18", "201205", "2012-0518",
                                   "20121318", "20120230"])
def test_anything_else_is_refused_naming_both_forms(typed):
    assert problems_of(publish_date=typed) == [
        f'publish_date: "{typed}" is not a date (expected YYYY-MM-DD or YYYYMMDD)']


def test_a_publish_date_in_2099_is_stored_with_a_warning_naming_the_field():
    item = validate(dict(NOTICE, publish_date="2099-05-18"), CONTEXT)
    warning, = date_warnings(item, today=dt.date(2012, 6, 1), source="items.csv", line=3)
    assert str(warning) == ("items.csv:3: publish_date: 2099-05-18 is after today (2012-06-01); "
                            "stored as given, and listed as published: check the year")


def test_today_and_earlier_dates_raise_no_warning():
    item = validate(dict(NOTICE, publish_date="2012-06-01", written_date="2012-05-30"), CONTEXT)
    assert date_warnings(item, today=dt.date(2012, 6, 1)) == []


def test_the_import_stores_a_future_item_and_warns_with_file_and_line(run, tmp_path):
    items = tmp_path / "items.csv"
    items.write_text("标题,发布机构,发布日期\n"
                     "关于做好2012年防汛工作的通知,省政府办公厅,20120518\n"
                     "关于2099年度预算的通知,省政府办公厅,2099-01-01\n", encoding="utf-8")
    status, out, err = run("import", items)
    assert (status, out) == (0, f"{items}: 2 added, 0 updated\n")
    assert err.startswith(f"catalogue: warning: {items}:3: publish_date: 2099-01-01 is after today (")


def test_the_import_warns_even_when_quiet(run, tmp_path):
    items = tmp_path / "items.yaml"
    items.write_text("- title: 关于2099年度预算的通知\n  issuer: 省政府办公厅\n  publish_date: 20990101\n",
                     encoding="utf-8")
    status, out, err = run("import", "--quiet", items)
    assert (status, out) == (0, "") and "items.yaml:1: publish_date: 2099-01-01 is after today" in err


def test_show_of_a_future_item_warns_on_stderr_and_prints_the_item(run, tmp_path):
    items = tmp_path / "items.yaml"
    items.write_text("- index_no: HLJ-2099-001\n  title: 关于2099年度预算的通知\n  issuer: 省政府办公厅\n"
                     "  publish_date: 2099-01-01\n", encoding="utf-8")
    run("import", items)
    status, out, err = run("show", "HLJ-2099-001")
    assert status == 0 and re.search(r"^publish_date +2099-01-01$", out, re.M)
    # With the staff workflow a published item dated after today is scheduled.
    assert re.search(r"^status +scheduled, ", out, re.M)
    assert err.startswith("catalogue: warning: publish_date: 2099-01-01 is after today (")
