"""A store outside the home (another SQLite file, or PostgreSQL): every verb and the web app open it.

Each test runs twice: on a SQLite file outside the homes, and on a fresh
PostgreSQL schema (``pg_url``, skipped without ``CATALOGUE_TEST_PG``). The
homes keep only their own index and cache, as two servers sharing one
catalogue would.
"""

import json
import shlex
from urllib.request import urlopen

import pytest
import webtest

from catalogue.items import validate
from catalogue.targets import shown_target
from web.app import create_app
from web.settings import Config

from processes import serving

ITEMS_YAML = """\
- index_no: 11230000001/2011-00043
  title: 黑龙江省人民政府办公厅关于进一步深化全省县乡政务公开工作的意见
  issuer: 省政府办公厅
  doc_no: 黑政办发[2011]43号
  publish_date: 2011-09-28
  keywords: [县乡政务公开, 五级联动]
- title: 宾县2012年政府信息公开工作年度报告
  issuer: 宾县政府
  publish_date: 2013-03-20
"""
KNOWN = "11230000001/2011-00043"


@pytest.fixture(params=["sqlite", "postgres"])
def store_target(request, tmp_path):
    """Where the shared store lives: a file beside the homes, or a PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "shared" / "catalogue.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def filled(cli, store_target, bodies_file, tmp_path):
    """The shared store, initialised and holding ITEMS_YAML, through home "a"."""
    items = tmp_path / "items.yaml"
    items.write_text(ITEMS_YAML, encoding="utf-8")
    assert cli(tmp_path / "a", "--store", store_target, "init")[0] == 0
    assert cli(tmp_path / "a", "import", items, "--store", store_target)[0] == 0
    return store_target


def test_init_with_store_makes_the_catalogue_there_and_not_in_the_home(cli, store_target, tmp_path):
    status, out, _ = cli(tmp_path / "a", "--store", store_target, "init")
    assert status == 0 and out.startswith(f"created a catalogue in {tmp_path / 'a'} (store ")
    assert not (tmp_path / "a" / "catalogue.db").exists()


def test_search_from_another_home_finds_what_the_first_imported(cli, filled, tmp_path):
    status, out, _ = cli(tmp_path / "b", "--store", filled, "search", "五级联动", "--json")
    assert status == 0 and [i["index_no"] for i in json.loads(out)["items"]] == [KNOWN]


def test_store_in_settings_yaml_reaches_every_verb(cli, filled, tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "settings.yaml").write_text(f"store: {filled}\n", encoding="utf-8")
    status, out, _ = cli(tmp_path / "c", "show", KNOWN)
    assert status == 0 and "黑政办发〔2011〕43号" in out


def test_a_store_never_initialised_says_to_run_init_with_the_home_and_store_given(cli, store_target, tmp_path):
    status, _, err = cli(tmp_path / "a", "--store", store_target, "show", KNOWN)
    given = shlex.join(["--home", str(tmp_path / "a"), "--store", shown_target(store_target)])
    assert status == 1 and f"run `catalogue {given} init` first" in err


def test_demo_loads_into_the_store_only_while_it_is_empty(cli, store_target, data_folder, tmp_path):
    assert cli(tmp_path / "a", "--store", store_target, "demo")[1].startswith("loaded 2 demo items")
    assert " already holds 2 items" in cli(tmp_path / "b", "--store", store_target, "demo")[1]


def test_item_saved_through_one_server_is_found_through_the_other(filled, tmp_path):
    first = create_app(Config(home=tmp_path / "a", store=filled))
    second = create_app(Config(home=tmp_path / "b", store=filled))
    try:
        search = webtest.TestApp(second).get
        assert search("/api/search", {"q": "低保"}).json["total"] == 0
        with first.store.transaction(actor="server a") as tx:
            tx.put(validate({"title": "宾县低保对象名单公示", "issuer": "宾县政府",
                             "publish_date": "2014-01-10"}, first.store.context()))
        found = search("/api/search", {"q": "低保"}).json["items"]
        assert [item["title"] for item in found] == ["宾县低保对象名单公示"]
    finally:
        first.close()
        second.close()


def test_serve_demo_with_a_store_loads_and_serves_it(store_target, data_folder, tmp_path):
    # A real server process: its last line before serving says the port it found free.
    with serving(tmp_path / "a", "--demo", "--store", store_target) as server:
        assert server.lines[0].startswith("loaded 2 demo items"), server.lines
        with urlopen(server.base + "api/search?q=%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A") as answer:  # 年度报告
            titles = [item["title"] for item in json.load(answer)["items"]]
        assert titles == ["宾县2012年政府信息公开年度报告"]
        assert server.line().startswith("search index warm after ")
        with urlopen(server.base + "api/health") as answer:
            assert json.load(answer)["ready"] is True
