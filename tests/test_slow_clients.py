"""Slow clients: 200 connections that hold, trickle or read slowly do not stop searches; request_timeout holds.

Each test runs ``catalogue serve`` as a process on the demo catalogue and
holds its connections with benchmarks/slow_clients.py, the crowd the soak
test (benchmarks/soak.py) runs alongside its clients.
"""

import http.client
import socket
import time
from urllib.parse import quote
from urllib.request import urlopen

import pytest

from benchmarks.slow_clients import SlowCrowd
from processes import serving
from web import waitress_room

CROWD = 200
ANSWER_BOUND_S = 15     # generous: the machine may be busy; a locked-out client waits for ever
SEARCHES = ("年度报告", "政府信息公开", "哈尔滨", "财政预算", "工作要点")


def _address(server):
    host, port = server.base.split("//", 1)[1].rstrip("/").rsplit(":", 1)
    return host, int(port)


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    # The whole demo catalogue: its search page of 100 results is ~100 KB, more than socket buffers hold.
    with serving(tmp_path_factory.mktemp("slow") / "home", "--demo") as server:
        yield server


def _searches_answer_while_held(server, kind):
    """Hold ``CROWD`` connections of ``kind``, run the searches from another client; the crowd's counts."""
    crowd = SlowCrowd(_address(server), CROWD, kinds=(kind,))
    crowd.start()
    try:
        assert crowd.ready.wait(60)
        time.sleep(2)   # two ticks: every connection has sent (or read) more since it opened
        for words in SEARCHES:
            started = time.monotonic()
            with urlopen(f"{server.base}api/search?q={quote(words)}", timeout=ANSWER_BOUND_S) as answer:
                assert answer.status == 200
            assert time.monotonic() - started < ANSWER_BOUND_S
        return crowd.stats()[kind]
    finally:
        crowd.stop()


@pytest.mark.parametrize("kind", ["hold", "trickle", "body", "reader"],
                         ids=["holding-half-a-request-line", "trickling-a-request-a-byte-a-second",
                              "trickling-a-post-body", "reading-a-big-page-slowly"])
def test_200_slow_connections_do_not_stop_searches_being_answered(demo_server, kind):
    counts = _searches_answer_while_held(demo_server, kind)
    assert counts["opened"] >= CROWD and "connect_failed" not in counts


# -- request_timeout -----------------------------------------------------------------

REQUEST = f"GET /api/search?q={quote('年度报告')} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode()


def _trickle(sock, data, every):
    """Send ``data`` a byte every ``every`` s; True if the server closed the connection before the end."""
    sock.settimeout(every)
    for byte in data:
        try:
            sock.sendall(bytes([byte]))
            # Peeking leaves an answer that comes after the last byte for ``_answer``.
            if sock.recv(1, socket.MSG_PEEK) == b"":
                return True
        except TimeoutError:
            continue            # nothing from the server yet: go on trickling
        except ConnectionError:
            return True
    return False


def _answer(sock):
    """The status of the whole response waiting on ``sock``, read to its end."""
    sock.settimeout(ANSWER_BOUND_S)
    response = http.client.HTTPResponse(sock)
    response.begin()
    response.read()
    return response.status


def test_the_installed_waitress_takes_the_request_deadline_path():
    assert waitress_room.why_not() is None


def test_another_waitress_release_is_served_without_the_deadline_and_says_so():
    assert "not enforced" in waitress_room.why_not((9, 1))


def test_a_request_trickled_past_request_timeout_is_closed_though_never_silent(tmp_path, data_folder):
    # A byte every 0.3 s is never silent for channel_timeout; only the deadline can close it.
    slow_request = REQUEST.replace(b"\r\n\r\n", b"\r\nX-Slow: " + b"x" * 200 + b"\r\n\r\n")
    with serving(tmp_path / "home", "--demo", "--request-timeout", "3", "--channel-timeout", "60") as server, \
            socket.create_connection(_address(server), timeout=10) as sock:
        assert not any("not enforced" in line for line in server.lines)
        started = time.monotonic()
        assert _trickle(sock, slow_request, 0.3)
        assert time.monotonic() - started < 3 + ANSWER_BOUND_S


def test_a_post_body_trickled_past_request_timeout_is_closed(tmp_path, data_folder):
    head = (b"POST /api/items HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b"Content-Length: 400\r\n\r\n")
    with serving(tmp_path / "home", "--demo", "--request-timeout", "3", "--channel-timeout", "60") as server, \
            socket.create_connection(_address(server), timeout=10) as sock:
        sock.sendall(head)
        assert _trickle(sock, b"{" + b" " * 398 + b"}", 0.3)


def test_each_request_on_a_kept_alive_connection_gets_its_own_deadline(tmp_path, data_folder):
    # Two requests of ~2.5 s each on one connection: 5 s together, past the 4 s deadline, each within it.
    with serving(tmp_path / "home", "--demo", "--request-timeout", "4", "--channel-timeout", "60") as server, \
            socket.create_connection(_address(server), timeout=10) as sock:
        for _ in range(2):
            assert not _trickle(sock, REQUEST, 2.5 / len(REQUEST))
            assert _answer(sock) == 200
