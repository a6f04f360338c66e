"""Faults from outside: clients that hold connections open, damaged index files, a build stopped by SIGTERM.

Each test runs the real thing (``catalogue serve`` as a process, a real
Whoosh index on disk, a real build with its worker processes) and checks
what a user or an operator would see.
"""

import socket
import time
from contextlib import ExitStack
from urllib.parse import quote
from urllib.request import urlopen

from processes import serving

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
