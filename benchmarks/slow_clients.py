"""Slow clients: connections that hold a server's attention without finishing a request or reading an answer.

``SlowCrowd(address, count, kinds)`` keeps ``count`` such connections open
from one thread, the kinds taken in turn, and opens a new one whenever the
server closes one (which is what it should do, sooner or later):

- ``hold``: sends the first half of a request line, then nothing;
- ``trickle``: sends a GET request (with a long header, so it lasts
  minutes) one byte a second;
- ``body``: sends the headers of a POST with a ``Content-Length``, then the
  body one byte a second;
- ``reader``: asks for a big page (a search page of 100 results) with a small
  socket receive buffer, then reads 256 bytes a second.

Used by ``benchmarks.soak`` alongside ordinary clients, and by the tests of
tests/test_faults.py. ``stats()`` counts per kind the connections opened,
closed by the server, and failed to open (``connect_failed``: the server
refused or did not accept in time, which is a fault).

What can go wrong: nothing raises out of the thread; a connection that cannot
be opened is counted and tried again on the next tick.
"""

import collections
import itertools
import socket
import threading
from urllib.parse import quote

KINDS = ("hold", "trickle", "body", "reader")
TICK_S = 1.0
READER_RCVBUF = 4096
READ_BYTES = 256
CONNECT_TIMEOUT_S = 10
_QUERY = quote("政府信息公开")
_LONG_HEADER = b"X-Slow: " + b"x" * 400 + b"\r\n"     # 400 s at a byte a second


def _first_bytes(kind):
    """``(sent at once, sent a byte a tick)`` for a connection of ``kind``."""
    if kind == "hold":
        return b"GET /api/search?q=", b""
    if kind == "trickle":
        return b"", (f"GET /api/search?q={_QUERY} HTTP/1.1\r\nHost: localhost\r\n".encode()
                     + _LONG_HEADER + b"\r\n")
    if kind == "body":
        return (b"POST /api/items HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                b"Content-Length: 100000\r\n\r\n"), b"{" + b" " * 99999
    if kind == "reader":
        return (f"GET /search?q={_QUERY}&per_page=100 HTTP/1.1\r\nHost: localhost\r\n\r\n".encode(), b"")
    raise ValueError(f"unknown slow client kind {kind!r}; one of {', '.join(KINDS)}")


class _Slow:
    """One slow connection and what it still has to send."""

    def __init__(self, address, kind):
        self.kind = kind
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            if kind == "reader":
                # Before connecting, so the window the server sees is small from the start.
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, READER_RCVBUF)
            sock.settimeout(CONNECT_TIMEOUT_S)
            sock.connect(address)
            now, self.later = _first_bytes(kind)
            sock.sendall(now)
            sock.setblocking(False)
        except BaseException:
            sock.close()
            raise
        self.sock = sock

    def tick(self):
        """Send the next byte or read a little; False once the server has closed the connection."""
        try:
            if self.later:
                self.sock.send(self.later[:1])
                self.later = self.later[1:]
            data = self.sock.recv(READ_BYTES if self.kind == "reader" else 65536)
        except BlockingIOError:
            return True
        except OSError:
            return False
        # A non-reader that gets an answer (an error page, say) keeps its connection until it is closed.
        return bool(data)

    def close(self):
        self.sock.close()


class SlowCrowd(threading.Thread):
    """``count`` slow connections to ``address`` (host, port), kept open until ``stop()``."""

    def __init__(self, address, count, kinds=KINDS):
        super().__init__(name="slow-clients", daemon=True)
        self.address, self.count = address, count
        self.kinds = list(kinds)
        for kind in self.kinds:
            _first_bytes(kind)      # an unknown kind fails here, not in the thread
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._counts = collections.defaultdict(collections.Counter)
        self.ready = threading.Event()      # set once every connection was tried the first time

    def _open(self, kind):
        try:
            slow = _Slow(self.address, kind)
        except OSError as exc:
            self._count(kind, "connect_failed")
            self._count(kind, f"connect_failed: {type(exc).__name__}")
            return None
        self._count(kind, "opened")
        return slow

    def _count(self, kind, what):
        with self._lock:
            self._counts[kind][what] += 1

    def run(self):
        kinds = itertools.cycle(self.kinds)
        slots = [[next(kinds), None] for _ in range(self.count)]
        try:
            while not self._stopping.is_set():
                for slot in slots:
                    if self._stopping.is_set():
                        break
                    kind, slow = slot
                    if slow is not None and not slow.tick():
                        slow.close()
                        self._count(kind, "closed_by_server")
                        slow = None
                    if slow is None:
                        slot[1] = self._open(kind)
                self.ready.set()
                self._stopping.wait(TICK_S)
        finally:
            for _, slow in slots:
                if slow is not None:
                    slow.close()
            self.ready.set()

    def stop(self, timeout=30):
        self._stopping.set()
        self.join(timeout)

    def stats(self):
        """``{kind: {"opened": n, "closed_by_server": n, "connect_failed": n, …}}``."""
        with self._lock:
            return {kind: dict(counts) for kind, counts in self._counts.items()}

    def connect_failures(self):
        with self._lock:
            return sum(counts["connect_failed"] for counts in self._counts.values())
