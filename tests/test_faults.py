"""Faults from outside: clients that hold connections open, damaged index files, a build stopped by SIGTERM.

Each test runs the real thing (``catalogue serve`` as a process, a real
Whoosh index on disk, a real build with its worker processes) and checks
what a user or an operator would see.
"""

import os
import signal
import socket
import time
from contextlib import ExitStack
from urllib.parse import quote
from urllib.request import urlopen

from index import layout, open_index
from processes import alive, children, python_command, running, serving, wait_for
from search_fixtures import ITEMS, make_home, put_items

HALF_OPEN = 150     # well past waitress's own default limit of 100


def _address(server):
    host, port = server.base.split("//", 1)[1].rstrip("/").rsplit(":", 1)
    return host, int(port)


def _half_open(address, stack):
    """A socket that has sent the first half of a request line and waits, closed when ``stack`` ends."""
    sock = stack.enter_context(socket.create_connection(address, timeout=10))
    sock.sendall(b"GET /api/search?q=")
    return sock


def test_150_half_open_connections_do_not_stop_a_search_being_answered(tmp_path, data_folder):
    with serving(tmp_path / "home", "--demo") as server, ExitStack() as held:
        for _ in range(HALF_OPEN):
            _half_open(_address(server), held)
        started = time.monotonic()
        with urlopen(server.base + "api/search?q=" + quote("年度报告"), timeout=10) as answer:
            assert answer.status == 200
        assert time.monotonic() - started < 5


def test_a_connection_silent_past_channel_timeout_is_closed(tmp_path, data_folder):
    with serving(tmp_path / "home", "--demo", "--channel-timeout", "2") as server, ExitStack() as held:
        sock = _half_open(_address(server), held)
        started = time.monotonic()
        assert sock.recv(1024) == b""        # closed by the server, not answered
        assert time.monotonic() - started < 8


def test_a_body_over_the_limit_is_refused_with_413_before_it_is_sent(tmp_path, data_folder):
    with serving(tmp_path / "home", "--demo") as server, ExitStack() as held:
        sock = held.enter_context(socket.create_connection(_address(server), timeout=10))
        sock.sendall(b"POST /staff/import HTTP/1.1\r\nHost: localhost\r\n"
                     b"Content-Type: text/csv\r\nContent-Length: 104857600\r\n\r\n")
        assert sock.recv(1024).startswith(b"HTTP/1.1 413")


# -- a deleted or damaged index file --------------------------------------------------

def _indexed_home(tmp_path):
    """A home whose store holds the search fixtures' items and whose index was built from them."""
    home = make_home(tmp_path / "home")
    with home.open_store() as store:
        put_items(store, ITEMS)
        open_index(home.index_dir, store, warm=False).close()
    return home


def _live_files(home, pattern):
    files = list(layout.current(home.index_dir).glob(pattern))
    assert files, pattern
    return files


def test_a_deleted_table_of_contents_is_rebuilt_and_the_command_line_search_finds_items(tmp_path, cli):
    home = _indexed_home(tmp_path)
    for toc in _live_files(home, "_MAIN_*.toc"):
        toc.unlink()
    status, out, err = cli(home.path, "search", "信息公开")
    assert status == 0 and "Traceback" not in out + err
    assert "2012年全省政府信息公开工作要点" in out


def test_a_truncated_terms_file_is_rebuilt_at_open_and_search_finds_the_same_items(tmp_path, caplog):
    home = _indexed_home(tmp_path)
    with home.open_store() as store, open_index(home.index_dir, store, warm=False) as index:
        before = index.search("信息公开")["total"]
    for terms in _live_files(home, "*.trm"):
        os.truncate(terms, terms.stat().st_size // 2)
    with home.open_store() as store, open_index(home.index_dir, store, warm=False) as index:
        assert index.search("信息公开")["total"] == before > 0
    assert any("cannot be read" in r.getMessage() and "rebuilding" in r.getMessage() for r in caplog.records)


# -- a build stopped from outside -----------------------------------------------------

BUILD_ITEMS = 6000      # past generations.PARALLEL_MIN, so the build runs worker processes


def _home_to_build(tmp_path):
    home = make_home(tmp_path / "home")
    with home.open_store() as store:
        put_items(store, [{"title": f"关于第{n}批政府信息公开事项的通知", "issuer": "省政府办公厅",
                           "publish_date": "2012-03-01", "body": "各地要规范依申请公开的受理、审查和答复程序。" * 5}
                          for n in range(BUILD_ITEMS)])
    return home


def _reindex_stopped_with(tmp_path, sig):
    """Start ``catalogue reindex`` of ``BUILD_ITEMS`` items, send ``sig`` once its workers run; their pids."""
    home = _home_to_build(tmp_path)
    with running(python_command("web.cli", "--home", home.path, "reindex", "--quiet")) as build:
        workers = wait_for(lambda: children(build.pid), 120)
        os.kill(build.pid, sig)
        build.wait()
        return workers


def test_sigterm_during_a_build_stops_its_worker_processes(tmp_path):
    workers = _reindex_stopped_with(tmp_path, signal.SIGTERM)
    wait_for(lambda: not any(map(alive, workers)), 10)


def test_build_workers_whose_parent_is_killed_exit_by_themselves(tmp_path):
    workers = _reindex_stopped_with(tmp_path, signal.SIGKILL)
    wait_for(lambda: not any(map(alive, workers)), 10)
