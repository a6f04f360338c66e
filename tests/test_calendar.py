"""The working-day calendar: shipped holiday files, counts across holidays, unknown years, bad files."""

import datetime as dt
import re
import textwrap

import pytest

from catalogue.calendar import UnknownCalendar, load_calendar, read_year
from catalogue.errors import ConfigError
from catalogue.paths import data_dir

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def calendar():
    return load_calendar()


def test_the_shipped_calendar_has_every_year_from_2008_to_2026(calendar):
    assert sorted(calendar.years) == list(range(2008, 2027))


def test_working_days_across_the_2012_spring_festival_count_the_adjusted_saturday_and_sunday(calendar):
    # Jan 21 (Sat) worked, Jan 22-28 off, Jan 29 (Sun) worked, then Jan 30 - Feb 3.
    assert calendar.working_days_between(D("2012-01-20"), D("2012-02-03")) == 7


def test_an_adjusted_working_sunday_is_a_working_day_and_a_holiday_weekday_is_not(calendar):
    assert calendar.is_working_day(D("2012-01-29"))        # 春节 调休, a Sunday
    assert not calendar.is_working_day(D("2012-01-23"))    # 春节, a Monday
    assert not calendar.is_working_day(D("2012-02-05"))    # an ordinary Sunday


def test_a_count_over_new_year_uses_the_working_saturday_kept_in_the_old_years_file(calendar):
    # 2011-12-31 (Sat) was worked for 2012's 元旦 (Jan 1-3 off).
    assert calendar.working_days_between(D("2011-12-30"), D("2012-01-04")) == 2


def test_the_twentieth_working_day_after_a_spring_festival_document(calendar):
    assert calendar.add_working_days(D("2012-01-20"), 20) == D("2012-02-22")


def test_publishing_the_same_day_or_earlier_counts_no_working_days(calendar):
    assert calendar.working_days_between(D("2013-05-06"), D("2013-05-06")) == 0
    assert calendar.working_days_between(D("2013-05-06"), D("2013-05-01")) == 0


@pytest.mark.parametrize("start, end, year", [("2007-12-20", "2008-01-10", 2007),
                                               ("2026-12-20", "2027-01-10", 2027)])
def test_a_year_without_a_file_is_reported_unknown_not_guessed(calendar, start, end, year):
    with pytest.raises(UnknownCalendar) as caught:
        calendar.working_days_between(D(start), D(end))
    assert caught.value.years == (year,)
    assert f"{year}.yaml" in str(caught.value)


def _write(folder, year, text):
    path = folder / f"{year}.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


BAD_FILES = {
    "a date in the wrong year's file": ("""\
        year: 2013
        holidays:
          - name: 元旦
            off: 2013-01-01..2013-01-03
            worked: [2012-12-29]
        """, r":5: 2012-12-29 is not in 2013"),
    "a day both off and worked": ("""\
        year: 2013
        holidays:
          - name: 春节
            off: 2013-02-09..2013-02-17
          - name: 调休
            worked: [2013-02-16]
        """, r":6: 2013-02-16 is both worked and off \(line 4\)"),
    "a weekday listed as worked": ("""\
        year: 2013
        holidays:
          - name: 春节
            worked: [2013-02-18]
        """, r":4: 2013-02-18 is a weekday"),
    "a year differing from the file name": ("year: 2014\nholidays: []\n", r":1: year must be 2013"),
    "a range ending before it starts": ("year: 2013\nholidays:\n  - name: 国庆节\n"
                                        "    off: 2013-10-07..2013-10-01\n", r":4: the range .* ends before"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_calendar_file_is_an_error_naming_the_file_and_line(tmp_path, case):
    text, message = BAD_FILES[case]
    path = _write(tmp_path, 2013, text)
    with pytest.raises(ConfigError, match=re.escape(str(path)) + message):
        read_year(path)


def test_a_homes_file_replaces_the_shipped_file_of_its_year(tmp_path):
    # A province that extended the 2020 Spring Festival to Feb 9 keeps its own file.
    _write(tmp_path, 2020, """\
        year: 2020
        holidays:
          - name: 春节（延长）
            off: 2020-01-24..2020-02-09
            worked: [2020-01-19]
        """)
    shipped = load_calendar()
    local = load_calendar(data_dir() / "holidays", tmp_path)
    assert shipped.is_working_day(D("2020-02-03"))
    assert not local.is_working_day(D("2020-02-03"))
    assert local.sources[2020] == str(tmp_path / "2020.yaml")
    assert local.years == shipped.years


def test_the_fast_count_agrees_with_checking_each_day_of_every_year(calendar):
    for year in range(2009, 2027):
        days = [dt.date(year, 1, 1) + dt.timedelta(days=i) for i in range(366)]
        naive = sum(calendar.is_working_day(d) for d in days if d.year == year)
        assert calendar.working_days_between(dt.date(year - 1, 12, 31), dt.date(year, 12, 31)) == naive


# Weekdays less the statutory days off (11 a year to 2024, 13 from 2025), the swaps netting out but
# where one crosses a year (2011-12-31 worked for 2012-01-03) and for 2015's Sept 3 (net one day) and
# 2020's longer Spring Festival (Jan 31 off, Feb 1 no longer worked).
WORKING_DAYS = {2009: 250, 2010: 250, 2011: 250, 2012: 249, 2013: 250, 2014: 250, 2015: 249, 2016: 250,
                2017: 249, 2018: 250, 2019: 250, 2020: 249, 2021: 250, 2022: 249, 2023: 249, 2024: 251,
                2025: 248, 2026: 248}


def test_each_shipped_year_has_the_working_days_its_notice_gives(calendar):
    counts = {y: calendar.working_days_between(dt.date(y - 1, 12, 31), dt.date(y, 12, 31))
              for y in WORKING_DAYS}
    assert counts == WORKING_DAYS


def test_a_count_past_the_last_known_year_is_unknown(calendar):
    with pytest.raises(UnknownCalendar):
        calendar.add_working_days(dt.date(2026, 12, 20), 20)
