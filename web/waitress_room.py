"""The one room for code that depends on waitress's private names: a deadline for each whole request.

Waitress closes a connection that stays silent for ``channel_timeout``
seconds, but has no bound on how long a request may take to arrive: a client
sending one byte every few seconds is never silent, and can hold its
connection and its half-parsed request for ever. ``create_server`` makes
waitress's own server, then gives it a channel class that notes when the
first byte of each request came, and a maintenance pass (waitress's own, run
every ``cleanup_interval`` seconds) that also closes a connection whose
request is not complete ``request_timeout`` seconds after it began. A request
that has arrived is not bound: a slow search or a slow reader of a big
answer is left to ``channel_timeout``.

Private names used, as in waitress 3.0: ``HTTPChannel.received`` and its
``request``, ``requests`` and ``will_close``; the server's ``channel_class``,
``active_channels`` and ``maintenance(now)``. Nothing outside this module
may use a private name of waitress.

What can go wrong: another waitress release, or one without one of those
names: the server is made as waitress makes it, without the deadline, and
``create_server`` says why in its second value (``None`` when the deadline
holds), so ``catalogue serve`` can print it. Nothing raises here.
"""

import time
from importlib.metadata import PackageNotFoundError, version

import waitress
from waitress import server as _server
from waitress.channel import HTTPChannel

# The releases whose private names this module was written and tested against.
WAITRESS_VERSIONS = ((3, 0),)
_CHANNEL_NAMES = ("received", "request", "will_close")   # `requests` is set per channel
_SERVER_NAMES = ("channel_class", "maintenance")


def waitress_release():
    """(major, minor) of the installed waitress, ``(0, 0)`` when its metadata is missing."""
    try:
        text = version("waitress")
    except PackageNotFoundError:
        return (0, 0)
    parts = []
    for piece in text.split(".")[:2]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def why_not(release=None):
    """Why the deadline cannot be enforced with the installed waitress; ``None`` when it can."""
    release = waitress_release() if release is None else release
    if release not in WAITRESS_VERSIONS:
        shown = ", ".join(".".join(map(str, r)) + ".x" for r in WAITRESS_VERSIONS)
        return f"request_timeout is not enforced: written for waitress {shown}, not {'.'.join(map(str, release))}"
    missing = [f"HTTPChannel.{n}" for n in _CHANNEL_NAMES if not hasattr(HTTPChannel, n)]
    missing += [f"BaseWSGIServer.{n}" for n in _SERVER_NAMES if not hasattr(_server.BaseWSGIServer, n)]
    if missing:
        return f"request_timeout is not enforced: waitress has no {', '.join(missing)}"
    return None


class DeadlineChannel(HTTPChannel):
    """A waitress channel that knows since when its current, incomplete request has been arriving."""

    request_began = None    # time.time() of the first byte of the request being received

    def received(self, data):
        before = self.request
        try:
            return super().received(data)
        finally:
            # Waitress keeps the request still arriving in ``self.request``: None once
            # complete, another parser object once the next request on the connection begins.
            if self.request is None:
                self.request_began = None
            elif self.request is not before:
                self.request_began = time.time()


def _with_deadline(maintenance, server, request_timeout):
    """``server.maintenance`` that also closes the connections whose request is late."""
    def maintain(now):
        maintenance(now)
        cutoff = now - request_timeout
        for channel in list(server.active_channels.values()):
            began = getattr(channel, "request_began", None)
            # A channel with requests in hand is answering them; its next request
            # waits for that, so it is not the client's delay.
            if began is not None and began < cutoff and not channel.requests:
                channel.will_close = True
    return maintain


def create_server(app, *, request_timeout, **adjustments):
    """Waitress's server for ``app`` with ``adjustments``, closing requests not complete in ``request_timeout`` s.

    Returns ``(server, why_not)``: ``why_not`` is ``None`` when the deadline
    is enforced, else the sentence saying why not (the server works without it).
    """
    server = waitress.create_server(app, **adjustments)
    reason = why_not()
    if reason is None and not hasattr(server, "active_channels"):
        # Several listening sockets make a MultiSocketServer, which has no channels of its own.
        reason = f"request_timeout is not enforced: waitress made a {type(server).__name__}"
    if reason is None:
        server.channel_class = DeadlineChannel
        server.maintenance = _with_deadline(server.maintenance, server, request_timeout)
    return server, reason
