"""Two catalogue servers, separate processes on one PostgreSQL database, each with its own index.

Each server is ``catalogue --home HOME serve`` with ``CATALOGUE_STORE``
naming the shared store (a fresh PostgreSQL schema), as a fleet is
configured. What one server writes, the other finds by search without a
request having to wake it; a server killed with SIGKILL catches up when it
starts again.
"""

import signal
import threading
import time
from urllib.parse import quote

import pytest

from benchmarks.many_writers import call, found_once, token_for
from catalogue.home import Home
from processes import serving
from registry_fixture import write_bodies

WRITERS_PER_SERVER = 2
PER_WRITER = 200        # the figure: 4 writers × 200 = 800 items
# Generous bounds: the target is 2 s, but the machine is shared.
PROPAGATION_BOUND = 20
CATCH_UP_BOUND = 120


def item(title):
    return {"title": title, "issuer": "宾县人民政府", "publish_date": "2012-03-20",
            "secrecy_checked_by": "王丽（县政府办公室）", "body": "现将惠农补贴发放情况予以公示，接受群众监督。"}


@pytest.fixture
def fleet(pg_url, tmp_path):
    """``(env, token, homes)``: a catalogue initialised on ``pg_url`` and two server homes for it."""
    env = {"CATALOGUE_STORE": pg_url}
    first = Home(tmp_path / "server-a", store=pg_url)
    first.init(bodies=write_bodies(tmp_path / "bodies.yaml"))
    return env, token_for(first), (tmp_path / "server-a", tmp_path / "server-b")


def search(server, query):
    status, answer = call(server.base + "api/search?q=" + quote(query))
    assert status == 200, answer
    return answer


def eventually(check, bound):
    deadline = time.monotonic() + bound
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def add(server, token, title):
    status, answer = call(server.base + "api/items", item(title), token=token)
    assert status == 201, answer
    return answer["item"]["index_no"]


def test_an_item_added_on_one_server_is_found_on_the_other_and_a_withdrawal_on_it_reaches_the_first(fleet):
    env, token, (home_a, home_b) = fleet
    with serving(home_a, env=env) as a, serving(home_b, env=env) as b:
        index_no = add(a, token, "宾县关于第一批惠农补贴发放情况的公示")
        assert eventually(lambda: found_once(b.base, index_no, "宾县关于第一批惠农补贴发放情况的公示"),
                          PROPAGATION_BOUND)
        status, answer = call(b.base + "api/items/" + quote(index_no), {"reason": "公示期已满"}, "DELETE", token)
        assert status == 200, answer
        assert eventually(lambda: search(a, index_no)["total"] == 0, PROPAGATION_BOUND)


def test_four_writers_on_two_servers_give_every_item_one_revision_and_one_index_number(fleet, pg_url):
    env, token, (home_a, home_b) = fleet
    with serving(home_a, env=env) as a, serving(home_b, env=env) as b:
        failures, numbers = [], []

        def writer(server, name):
            for n in range(PER_WRITER):
                status, answer = call(server.base + "api/items", item(f"宾县第{name}组第{n}批惠农补贴公示"),
                                      token=token)
                if status == 201:
                    numbers.append(answer["item"]["index_no"])
                else:
                    failures.append((status, answer))
        threads = [threading.Thread(target=writer, args=(server, f"{server is a and '甲' or '乙'}{k}"))
                   for server in (a, b) for k in range(WRITERS_PER_SERVER)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print(f"\n{len(numbers)} items through two servers in {time.monotonic() - started:.1f} s")
        expected = 2 * WRITERS_PER_SERVER * PER_WRITER
        assert failures == [] and len(set(numbers)) == expected
        with Home(home_a, store=pg_url).open_store() as store:
            revisions = {change["revision"] for change in store.changes_since(0) if change["action"] == "add"}
            assert store.count() == expected and len(revisions) == expected
        for server in (a, b):
            assert eventually(lambda: search(server, "惠农补贴")["total"] == expected, CATCH_UP_BOUND)


def test_a_server_killed_while_items_are_added_on_another_catches_up_when_started_again(fleet, pg_url):
    env, token, (home_a, home_b) = fleet
    with serving(home_a, env=env) as a:
        with serving(home_b, env=env) as b:
            for n in range(10):
                add(a, token, f"宾县关于第{n}批惠农补贴发放情况的公示")
            b.stop(signal.SIGKILL)
        for n in range(10, 40):
            add(a, token, f"宾县关于第{n}批惠农补贴发放情况的公示")
        with serving(home_b, env=env) as b:
            assert eventually(lambda: search(b, "惠农补贴")["total"] == search(a, "惠农补贴")["total"] == 40,
                              CATCH_UP_BOUND)
