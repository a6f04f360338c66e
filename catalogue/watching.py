"""Hearing of commits made by other processes: PostgreSQL's LISTEN/NOTIFY, with polling behind it.

Several servers share one PostgreSQL store; each must learn within a
second that another has committed, without waiting for a request.
``Watcher(store, callback)`` runs a thread that calls ``callback()`` when
the store may hold a revision it did not say before: on a NOTIFY from a
commit (``PostgresStore`` sends one on its channel in every write
transaction), and, whatever the backend, when the store's revision read
every ``interval`` seconds has moved (the fallback while the listening
connection is down, and all there is for SQLite). ``close()`` stops the
thread and closes its connection (within ``SLICE`` seconds while listening,
at once while polling).

What can go wrong: the listening connection drops (a PostgreSQL restart, a
network cut): the watcher polls and connects again every ``interval``
seconds, logging once per outage; a store that cannot be read is tried
again at the next tick; an exception from ``callback`` is logged and the
watcher goes on.
"""

import logging
import threading
import time

log = logging.getLogger(__name__)

INTERVAL = 1.0      # seconds between polls of the revision, and between reconnection attempts
SLICE = 0.2         # seconds a NOTIFY is waited for at a time (``close`` waits at most this)


class Watcher:
    """The thread described in the module docstring; a context manager (``close`` on exit)."""

    def __init__(self, store, callback, interval=INTERVAL):
        self._store = store
        self._callback = callback
        self._interval = interval
        self._stop = threading.Event()
        self._listening = None      # the LISTEN connection while it is up (PostgreSQL only)
        self._down = False          # logged the outage already
        self._seen = None           # the revision last read
        self._thread = threading.Thread(target=self._run, name="store-watcher", daemon=True)

    def start(self):
        self._thread.start()
        return self

    def close(self):
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=10 * self._interval + 10)
        self._hang_up()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()

    def _run(self):
        self._seen = self._read_revision()
        while not self._stop.is_set():
            heard = self._listen_once()
            moved = self._read_revision()
            if heard or (moved is not None and moved != self._seen):
                if moved is not None:
                    self._seen = moved
                self._tell()
        self._hang_up()

    def _listen_once(self):
        """Wait up to ``interval`` s for a NOTIFY; True if one came. Without a connection, just waits."""
        if self._listening is None and self._store.listens:
            try:
                self._listening = self._store.listening_connection()
                if self._down:
                    log.warning("store: listening for other servers' commits again")
                self._down = False
            except Exception as exc:
                self._lost(exc)
        if self._listening is None:
            self._stop.wait(self._interval)
            return False
        deadline = time.monotonic() + self._interval
        try:
            # In slices, so that ``close`` is not kept waiting for a whole interval.
            while not self._stop.is_set() and (left := deadline - time.monotonic()) > 0:
                if self._store.notified(self._listening, min(left, SLICE)):
                    return True
            return False
        except Exception as exc:
            self._lost(exc)
            self._hang_up()
            return False

    def _lost(self, exc):
        if not self._down and not self._stop.is_set():
            log.warning("store: cannot listen for other servers' commits (%s); polling every %s s",
                        str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__,
                        self._interval)
        self._down = True

    def _hang_up(self):
        conn, self._listening = self._listening, None
        if conn is not None:
            try:
                conn.close()
            except Exception:   # a connection already broken has nothing left to close
                pass

    def _read_revision(self):
        try:
            return self._store.revision()
        except Exception:       # the store is down; the next tick tries again
            return None

    def _tell(self):
        try:
            self._callback()
        except Exception:
            log.exception("store: a commit listener failed")
