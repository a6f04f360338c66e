"""Statistics with known answers: yearly counts and growth, the body-tree roll-up, breakdowns, Table 2."""

import pytest

from catalogue import stats, table2
from catalogue.annual import statistics
from catalogue.calendar import load_calendar
from catalogue.errors import NotFound, ValidationError
from stats_fixtures import TODAY, put_counted, put_rules


@pytest.fixture
def counted(store):
    put_counted(store)
    return stats.public_items(store.iter_items(status=None), TODAY), store.bodies()


def _counts(rows):
    return [(r["year"], r["count"], r["change_pct"]) for r in rows]


def _body(result, name):
    return next(b for b in result["bodies"] if b["name"] == name)


def test_yearly_counts_and_growth_have_no_percentage_for_the_first_year(counted):
    result = stats.per_year(*counted)
    assert _counts(result["total"]) == [(2011, 4, None), (2012, 6, 50.0), (2013, 3, -50.0)]
    assert result["total"][0]["before"] is None


def test_a_body_with_none_the_year_before_gets_no_percentage(counted):
    bin_county = _body(stats.per_year(*counted), "宾县人民政府")["own"]
    assert _counts(bin_county) == [(2011, 0, None), (2012, 2, None), (2013, 1, -50.0)]
    assert bin_county[1]["before"] == 0


def test_a_city_rolls_up_its_counties(counted):
    city = _body(stats.per_year(*counted), "哈尔滨市人民政府")
    assert _counts(city["own"]) == [(2011, 2, None), (2012, 1, -50.0), (2013, 0, -100.0)]
    assert _counts(city["total"]) == [(2011, 2, None), (2012, 3, 50.0), (2013, 1, -66.7)]


def test_the_root_rolls_up_the_whole_tree_and_the_groups_follow_the_levels(counted):
    result = stats.per_year(*counted)
    assert _body(result, "黑龙江省人民政府")["total"] == result["total"]
    groups = {g["group"]: [r["count"] for r in g["counts"]] for g in result["groups"]}
    assert groups == {"province": [0, 0, 1], "departments": [2, 3, 0], "cities": [2, 1, 1],
                      "counties": [0, 2, 1]}


def test_an_issuer_limits_the_counts_to_its_subtree(counted):
    result = stats.per_year(*counted, issuer="哈尔滨市人民政府")
    assert [b["name"] for b in result["bodies"]] == ["哈尔滨市人民政府", "宾县人民政府"]
    assert _counts(result["total"]) == [(2011, 2, None), (2012, 3, 50.0), (2013, 1, -66.7)]


def test_proactive_counts_leave_out_items_disclosed_on_request(counted):
    result = stats.per_year(*counted, proactive_only=True)
    assert _counts(result["total"]) == [(2011, 4, None), (2012, 5, 25.0), (2013, 3, -40.0)]


def test_drafts_closed_and_future_items_are_not_counted(store):
    put_counted(store)
    assert len(stats.public_items(store.iter_items(status=None), TODAY)) == 13


def test_a_years_breakdown_by_topic_genre_and_disclosure(counted):
    result = stats.breakdown(*counted, 2012)
    assert result["items"] == 6
    assert result["topic"] == [{"value": "综合政务/政务公开", "count": 4},
                               {"value": "财政、金融、审计/财政", "count": 2}]
    assert result["genre"][0] == {"value": "通知", "count": 2}
    assert result["disclosure"] == [{"value": "主动公开", "count": 5}, {"value": "依申请公开", "count": 1}]


@pytest.fixture
def rules(store):
    put_rules(store)
    return stats.public_items(store.iter_items(), TODAY), store.bodies()


def _row(result, kind):
    row = next(r for r in result["rows"] if r["kind"] == kind)
    return row["issued"], row["repealed"], row["in_force"], row["in_force_before"]


def test_table2_counts_rules_issued_repealed_and_in_force_with_the_identity_holding(rules):
    assert _row(table2.row_one(*rules, 2012), "规章") == (1, 0, 3, 2)


def test_table2_counts_a_rule_repealed_in_the_following_year_in_that_year(rules):
    result = table2.row_one(*rules, 2013)
    assert _row(result, "规章") == (0, 1, 2, 3)
    assert result["rows"][0]["identity_ok"]


def test_a_repeal_without_a_date_breaks_the_identity_and_is_listed(rules):
    result = table2.row_one(*rules, 2012)
    assert _row(result, "行政规范性文件") == (2, 1, 1, 1)
    assert not result["identity_ok"]
    assert [(b["kind"], b["title"], b["reason"]) for b in result["breaks"]] == [
        ("行政规范性文件", "关于政府采购管理的通知（规范性文件E）", "repealed_undated")]


def test_the_store_report_uses_the_last_year_by_default_and_prints_the_proactive_figure(store):
    put_counted(store)
    result = statistics(store, load_calendar(), today=TODAY)
    assert result["year"] == 2013
    assert result["figure"] == {"year": 2013, "count": 3, "before": 5, "change_pct": -40.0}


def test_the_store_report_resolves_an_issuers_short_name(store):
    put_counted(store)
    result = statistics(store, load_calendar(), issuer="宾县政府", year=2012, today=TODAY)
    assert result["issuer"] == "宾县人民政府"
    assert result["figure"]["count"] == 2


@pytest.mark.parametrize("kwargs, error", [({"issuer": "不存在的机关"}, NotFound),
                                           ({"year": "二〇一二"}, ValidationError),
                                           ({"year": 20120}, ValidationError)])
def test_an_unknown_issuer_or_a_bad_year_is_refused(store, kwargs, error):
    with pytest.raises(error):
        statistics(store, load_calendar(), today=TODAY, **kwargs)


@pytest.mark.postgres
def test_postgresql_gives_the_same_statistics_as_sqlite(store, pg_url, bodies_file):
    from catalogue.registry import load_bodies
    from catalogue.stores import open_store
    put_counted(store)
    put_rules(store)
    calendar = load_calendar()
    with open_store(pg_url) as pg:
        pg.migrate()
        load_bodies(pg, bodies_file)
        put_counted(pg)
        put_rules(pg)
        on_pg = statistics(pg, calendar, year=2012, today=TODAY)
    on_sqlite = statistics(store, calendar, year=2012, today=TODAY)
    assert on_pg == on_sqlite
    assert on_pg["table2"]["rows"][0]["issued"] == 1
