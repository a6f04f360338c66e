"""Processes the tests start, always stopped: ``catalogue serve`` and any other command.

``running(argv)`` starts a process in a session of its own, reads its
standard output line by line in a thread (so every wait has a bound) and,
however the test ends (a failed assertion, a timeout, Ctrl-C on pytest),
stops it: SIGTERM, then SIGKILL to its whole process group after
``STOP_WAIT`` seconds, so server processes it started go too; then it reaps
the child and closes its pipe. ``serving(home, ...)`` is ``running`` for
``catalogue --home HOME serve --port 0 ...``, waiting for its address line
and then until each server process said "search index ready" (the server
listens at once and opens its index in the background: searches answer 503
until then); ``listening(home, ...)`` waits for the address line only.

Why not SIGINT: a shell without job control (``nohup … &``, scripts, some
CI runners) starts background jobs with SIGINT ignored, and Python keeps an
inherited ignored SIGINT, so Ctrl-C's signal would never stop the server.
The command runs with SIGINT restored to Python's default (KeyboardInterrupt),
as from a terminal, so tests *about* Ctrl-C may still send it.

What can go wrong: ``ProcessError`` when a line does not come within its
bound, or the process ends before it (the lines read so far are in the
message).
"""

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path

from benchmarks.soak import running_children

REPO = Path(__file__).resolve().parent.parent
# Generous: these bounds only guard against a hang, and a loaded machine (a
# shared CI runner, the whole suite on two cores) can take a minute to start
# a server that needs a second on its own.
START_WAIT = 120
STOP_WAIT = 60
READY = "search index ready"    # what each server process says once searches are answered
# Python installs its KeyboardInterrupt handler only if SIGINT is not ignored
# at startup; this does what it would have done, then runs the module as -m does.
_WITH_DEFAULT_SIGINT = ("import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
                        "runpy.run_module(sys.argv.pop(1), run_name='__main__', alter_sys=True)")


class ProcessError(AssertionError):
    """A started process did not say what the test waited for in time."""


class Running:
    """A started process: ``line()``, ``until(prefix)``, ``stop(signal)``; ``pid``, ``returncode``."""

    def __init__(self, popen):
        self.popen = popen
        self.pid = popen.pid
        self.seen = []
        self._lines = queue.Queue()
        self._reader = threading.Thread(target=self._read, name=f"read-{popen.pid}", daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.popen.stdout:
            self._lines.put(line)
        self._lines.put(None)   # end of output: every writer has closed the pipe

    @property
    def returncode(self):
        return self.popen.poll()

    def line(self, timeout=START_WAIT):
        """The next line of output ('' once it has ended); ``ProcessError`` after ``timeout`` s."""
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise ProcessError(f"process {self.pid}: no line within {timeout} s; so far: {self.seen}") from None
        if line is None:
            self._lines.put(None)   # stays ended for the next caller
            return ""
        self.seen.append(line)
        return line

    def ready(self, processes=1, timeout=START_WAIT):
        """Wait until ``processes`` lines starting "search index ready" were seen; returns them."""
        deadline = time.monotonic() + timeout
        while len(found := [line for line in self.seen if line.startswith(READY)]) < processes:
            line = self.line(max(0.0, deadline - time.monotonic()))
            if not line:
                raise ProcessError(f"process {self.pid} ended (status {self.popen.poll()}) "
                                   f"before {processes} {READY!r} lines: {self.seen}")
        return found

    def until(self, prefix, timeout=START_WAIT):
        """The lines up to and including the first that starts with ``prefix``."""
        deadline = time.monotonic() + timeout
        lines = []
        while True:
            line = self.line(max(0.0, deadline - time.monotonic()))
            if not line:
                raise ProcessError(f"process {self.pid} ended (status {self.popen.poll()}) "
                                   f"before a line starting {prefix!r}: {lines}")
            lines.append(line)
            if line.startswith(prefix):
                return lines

    def rest(self, timeout=STOP_WAIT):
        """Every line still to come, as one text, once the output ends."""
        deadline = time.monotonic() + timeout
        lines = []
        while line := self.line(max(0.0, deadline - time.monotonic())):
            lines.append(line)
        return "".join(lines)

    def wait(self, timeout=STOP_WAIT):
        """Wait for the process to end on its own: ``(returncode, rest of output)``."""
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            raise ProcessError(f"process {self.pid} still running after {timeout} s") from None
        return self.popen.returncode, self.rest()

    def stop(self, sig=signal.SIGTERM, timeout=STOP_WAIT):
        """Send ``sig`` and wait for the end: ``(returncode, rest of output)``."""
        if self.popen.poll() is None:
            self.popen.send_signal(sig)
        return self.wait(timeout)

    def close(self):
        """However things went: SIGTERM, SIGKILL to the group after ``STOP_WAIT``; reap; close the pipe."""
        if self.popen.returncode is None:
            # Not reaped yet, so its pid (and its group's id) cannot have gone to another process.
            if not self._ended(0):
                os.kill(self.pid, signal.SIGTERM)
                self._ended(STOP_WAIT)
        # The group is the session it leads: itself, if still running, and what it started and left.
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
        self.popen.wait()
        self._reader.join(STOP_WAIT)
        self.popen.stdout.close()

    def _ended(self, timeout):
        """Whether the process has ended within ``timeout`` s, leaving it unreaped (WNOWAIT)."""
        deadline = time.monotonic() + timeout
        while not os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT):
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        return True


def python_command(module, *args):
    """``python -m module args`` with SIGINT as a terminal would leave it."""
    return [sys.executable, "-c", _WITH_DEFAULT_SIGINT, module, *map(str, args)]


@contextmanager
def running(argv, *, env=None, stderr=None):
    """Run ``argv`` (in this repository, its packages importable); yield a ``Running``; always stop it."""
    environment = dict(os.environ if env is None else env, PYTHONPATH=str(REPO))
    popen = subprocess.Popen(argv, cwd=REPO, env=environment, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=stderr, text=True, encoding="utf-8",
                             start_new_session=True)
    process = Running(popen)
    try:
        yield process
    finally:
        process.close()


@contextmanager
def listening(home, *options, env=None):
    """``catalogue --home HOME serve --port 0 OPTIONS`` until its "serving …" line, the index maybe not ready.

    Yields the ``Running`` with ``lines`` (up to the address line) and
    ``base``, the URL it serves, ending in "/". ``env``: variables added to
    this process's environment (``CATALOGUE_STORE``).
    """
    environment = dict(os.environ, **(env or {}))
    with running(python_command("web.cli", "--home", home, "serve", "--port", "0", *options),
                 env=environment) as server:
        server.lines = server.until("serving ")
        server.base = server.lines[-1].split(" on ", 1)[1].split()[0]
        yield server


@contextmanager
def serving(home, *options, env=None):
    """``listening``, then until every server process's index is ready (searches are answered)."""
    with listening(home, *options, env=env) as server:
        server.ready(_processes(options))
        yield server


def _processes(options):
    """How many server processes ``serve OPTIONS`` starts that say they are ready (``--processes N``)."""
    options = [str(o) for o in options]
    for number, option in enumerate(options):
        if option == "--processes" and number + 1 < len(options):
            return int(options[number + 1])
        if option.startswith("--processes="):
            return int(option.split("=", 1)[1])
    return 1


# -- the processes a process started, from /proc ------------------------------------------

def children(pid):
    """The running processes whose parent is ``pid`` (zombies left out: they hold nothing)."""
    return running_children().get(pid, [])


def descendants(pid):
    """``children(pid)``, their children, and so on."""
    return [p for child in children(pid) for p in (child, *descendants(child))]


def alive(pid):
    """Whether process ``pid`` runs (a zombie does not)."""
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(check, bound):
    """``check()``'s first true value, looked for every 50 ms; ``AssertionError`` after ``bound`` seconds."""
    deadline = time.monotonic() + bound
    while not (found := check()):
        assert time.monotonic() < deadline, f"not within {bound} s"
        time.sleep(0.05)
    return found
