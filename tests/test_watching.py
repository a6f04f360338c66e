"""Commits made through another server reach this one's index without waiting for a request."""

import threading
import time

import pytest

from catalogue.home import Home
from catalogue.stores import open_store
from catalogue.watching import Watcher
from fleet_fixtures import eventually
from index import open_index
from registry_fixture import write_bodies
from search_fixtures import put_items

# Generous: the target is under a second, but four test runs share two cores.
BOUND = 15


@pytest.fixture
def target(shared_target):
    return shared_target


@pytest.fixture
def home(tmp_path, target):
    home = Home(tmp_path / "server-a", store=target)
    home.init(bodies=write_bodies(tmp_path / "bodies.yaml"))
    return home


def item(title):
    return {"title": title, "issuer": "省政府办公厅", "publish_date": "2015-01-05",
            "topic": "综合政务/政务公开", "genre": "通知", "body": "测试正文。"}


def test_an_item_committed_through_another_server_is_indexed_without_any_request(home, target):
    with home.open_store() as store, open_index(home.index_dir, store) as index, \
            open_store(target) as other_server:
        put_items(other_server, [item("另一台服务器写入的森林防火通知")], actor="服务器乙")
        # No search, no wait_for: only the watcher can wake the follower.
        assert eventually(lambda: index.revision() == other_server.revision(), BOUND)
        assert [hit["title"] for hit in index.search("森林防火")["items"]] == ["另一台服务器写入的森林防火通知"]


def test_postgresql_commits_are_heard_by_notify_long_before_the_next_poll(pg_url, tmp_path):
    home = Home(tmp_path / "server-a", store=pg_url)
    home.init(bodies=write_bodies(tmp_path / "bodies.yaml"))
    heard = threading.Event()
    with open_store(pg_url) as store, open_store(pg_url) as other_server, \
            Watcher(store, heard.set, interval=120):
        time.sleep(0.5)     # the watcher has read the revision and is listening
        put_items(other_server, [item("关于春季植树造林的通知")])
        # Polling would take 120 s; only the NOTIFY can be this quick.
        assert heard.wait(BOUND)


def test_closing_the_index_stops_the_watcher_thread(home):
    with home.open_store() as store:
        with open_index(home.index_dir, store):
            assert any(t.name == "store-watcher" for t in threading.enumerate())
        assert not any(t.name == "store-watcher" and t.is_alive() for t in threading.enumerate())
