"""``catalogue stats`` against a real store: JSON counts equal the store's, CSV and the readable table."""

import csv
import io
import json

from catalogue.clock import china_today
from stats_fixtures import put_counted


def _store_counts(store):
    # Counted apart from the statistics code: what the public sees, per publication year.
    rows = store.run_sql_for_tests(
        "SELECT year, COUNT(*) FROM items WHERE status = 'published' AND disclosure <> '不予公开' "
        "AND publish_date <= ? GROUP BY year ORDER BY year", (china_today().isoformat(),))
    return {int(year): n for year, n in rows}


def test_json_per_year_counts_equal_the_stores(store, run):
    put_counted(store)
    status, out, _ = run("stats", "--format", "json")
    assert status == 0
    data = json.loads(out)
    # The command counts as of today, when stats_fixtures' item dated 2014-08-01 is public too.
    assert {r["year"]: r["count"] for r in data["total"]} == _store_counts(store) == {
        2011: 4, 2012: 6, 2013: 3, 2014: 1}


def test_csv_of_one_table_has_a_byte_order_mark_and_the_years(store, run):
    put_counted(store)
    status, out, _ = run("stats", "--format", "csv", "--table", "years", "--lang", "en")
    assert status == 0 and out.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Year", "Items", "Change (%)"]
    assert [r[:3] for r in rows[1:]] == [["2011", "4", ""], ["2012", "6", "50.0"], ["2013", "3", "-50.0"],
                                     ["2014", "1", "-66.7"]]


def test_the_table_format_starts_with_the_reports_sentence(store, run):
    put_counted(store)
    status, out, _ = run("stats", "--year", "2012", "--issuer", "哈尔滨市政府")
    assert status == 0
    # 哈尔滨 with 宾县, 主动公开 only: 2 in 2011, 2 in 2012 (its 依申请公开 item left out).
    assert out.splitlines()[0] == "2012年主动公开信息2条，与上年持平。"
    assert "  宾县人民政府" in out


def test_an_unknown_issuer_is_reported_on_one_line(store, run):
    status, _, err = run("stats", "--issuer", "火星政府")
    assert status == 1 and err.startswith('catalogue: issuer: "火星政府" is not in the body registry')


def test_the_demo_catalogue_prints_its_2012_figure_as_the_report_would(cli, tmp_path):
    folder = tmp_path / "demo"
    assert cli(folder, "demo", "--quiet")[0] == 0
    status, out, _ = cli(folder, "stats", "--year", "2012")
    # data/demo: 7 主动公开 items dated 2011, 67 dated 2012.
    assert status == 0 and out.splitlines()[0] == "2012年主动公开信息67条，较上年增长857.1%。"
