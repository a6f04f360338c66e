"""``catalogue serve``: the web app under waitress, a multi-threaded WSGI server.

Bottle's own server (wsgiref) answers one request at a time and is meant for
development; waitress runs ``threads`` workers. The app itself is imported
only when serving, so other verbs do not pay for loading the search engine.

It listens at once, whatever the state of the index: the index is opened
in the background (``create_app(background=True)``), built from the store
when it is missing or damaged, brought up to date when it is behind, while
item pages are served from the store and searches answer 503 with
``Retry-After``. The console says how far it is every ``PROGRESS_EVERY_S``
seconds ("building the search index: 12,000 of 30,000 items (40%)"), then
"search index ready after X s"; ``/api/health`` says the same in its
``index`` field.

Searches in one process take turns (the index's search lock, and Python's
interpreter lock besides), so one process uses one core for them. With
``processes`` above 1 this command binds the port, then starts that many
server processes (fresh interpreters running ``catalogue serve --listen-fd
N``) that share the listening socket: the kernel hands each connection to
one of them. One of them builds the index while the others wait for it
(the index folder's lock file, ``index.opening``); each follows the store
and warms its own cache. Only the first server process takes connections
from the start (answering 503 with the progress while no index is open);
each of the others joins once its own index answers searches, so that a
process still opening, on a machine busy serving, does not turn away the
requests another could answer (three processes on two cores at a million
items: 1,205 of 2,287 requests got 503 from the third while it opened). The
first process stops the others when one of them exits on its own, and on
Ctrl-C or SIGTERM.

Ctrl-C or SIGTERM at any moment (loading, building the index, serving)
stops the server, a build's worker processes and the server processes
within seconds; SIGTERM exits 0.

Slow clients: a server process keeps up to ``connection_limit`` connections
(far more than its threads), closes one that stays silent for
``channel_timeout`` seconds and one whose request has not arrived whole in
``request_timeout`` seconds (``waitress_room``), so sockets held open with a
partial or trickled request do not lock others out; a body over
``MAX_BODY_BYTES`` is refused (413) unread.

What can go wrong: a home that was never initialised (the message says how
to load the demo catalogue, repeating the options given), bad settings (``ConfigError`` naming each), a
port already in use (``ConfigError``); a server process that dies (exit
status 1 after the others are stopped).
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager, suppress

from catalogue.errors import CatalogueError, ConfigError
from catalogue.wording import counted, shell_word

from .limits import MAX_BODY_BYTES
from .settings import SETTINGS, add_arguments, load_settings, overrides_from_args

BACKLOG = 1024          # connections the kernel queues while the server processes start
STOP_WAIT = 15          # seconds a server process gets to finish after SIGTERM
PROGRESS_EVERY_S = 5    # the console repeats the index's progress this often while it is built
WATCH_S = 0.2           # how often the console looks at the index's progress


def empty_hint(home, args, lead="The catalogue is empty."):
    """What to run on an empty catalogue, with the options the user typed, so it can be copied."""
    typed = [word for s in SETTINGS if s.serve_option and getattr(args, s.name, None) is not None
             for word in (s.option, shell_word(getattr(args, s.name)))]
    return (f"{lead} To see it with the demo items, run\n"
            f"    {home.command('serve', *typed, '--demo')}\n"
            f"(or `{home.command('demo')}` once); to load your own, `{home.command('import', 'FILE…')}`.")


def configure(parser):
    """The serve options: one per setting, plus --demo."""
    add_arguments(parser)
    parser.add_argument("--demo", action="store_true",
                        help="initialise the home (and its store) and import the demo items (data/demo) "
                             "if the store holds none, then serve")
    # Set by `serve --processes N` for the server processes it starts; not for people.
    parser.add_argument("--listen-fd", type=int, default=None, help=argparse.SUPPRESS)
    # A server process after the first: takes connections once its index is ready.
    parser.add_argument("--join-when-ready", action="store_true", help=argparse.SUPPRESS)


def listening_socket(host, port):
    """A socket bound to ``host``:``port`` (port 0: any free one).

    Bound here rather than by waitress, so that a port in use fails before
    waitress starts its worker threads. What can go wrong: ``ConfigError``
    for an unknown host or a port in use.
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise ConfigError(f"cannot listen on {host}: {exc.strerror}") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


_SAY_LOCK = threading.Lock()


def say(out, line):
    """Write one whole line to ``out`` and flush it.

    The warm-up thread and the main thread both report, and ``print`` writes
    a text and its newline apart, so their lines could run together.
    """
    with _SAY_LOCK:
        out.write(f"{line}\n")
        out.flush()


def report_index(app, out, who=""):
    """Say what opening the index does, when it is ready, and when its warm-up is done.

    A state is said when it begins, and a build's or catch-up's progress
    again every ``PROGRESS_EVERY_S``; "ready" once searches are answered,
    "warm" once they are at full speed and /api/health says 200.
    """
    from index.opening import said

    index = app.index
    last_state, last_said = "opening", 0.0
    while not index.ready:
        progress = index.progress(reason=True)
        state, now = progress["state"], time.monotonic()
        if state == "stopped":
            return
        repeat = state in ("building", "catching_up") and now - last_said >= PROGRESS_EVERY_S
        if state != last_state or repeat:
            if state != last_state and progress.get("reason"):
                say(out, f"the search index must be built from the store ({progress['reason']}){who}; "
                         f"searches answer 503 until it is ready")
            say(out, said(progress) + who)
            last_state, last_said = state, now
        time.sleep(WATCH_S)
    say(out, f"search index ready after {index.progress()['seconds']:.1f} s{who}")
    start = time.perf_counter()
    if index.wait_until_warm():
        say(out, f"search index warm after {time.perf_counter() - start:.1f} s{who} "
                 f"(/api/health answers 200 from now on)")


@contextmanager
def sigterm_interrupts():
    """SIGTERM (systemd, docker stop, the first of several processes) raises KeyboardInterrupt, as Ctrl-C does.

    So that it stops the server at any moment, closing the index (stopping a
    build and its worker processes) and the store. Only in the main thread,
    where Python runs signal handlers; the previous handler comes back after.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run(args, *, out=None):
    """Serve until interrupted (Ctrl-C, SIGTERM: status 0); returns the exit status."""
    out = out or sys.stdout
    worker = getattr(args, "listen_fd", None) is not None
    with sigterm_interrupts():
        try:
            return _run(args, out)
        except KeyboardInterrupt:   # before the server listened, or while it stopped
            if not worker:
                say(out, "stopped")
            return 0


def _run(args, out):
    config = load_settings(overrides=overrides_from_args(args))
    home = config.catalogue_home()
    listen_fd = getattr(args, "listen_fd", None)
    if listen_fd is not None:
        try:
            sock = socket.socket(fileno=listen_fd)
        except OSError as exc:
            raise ConfigError(f"--listen-fd {listen_fd}: not an open socket ({exc.strerror or exc})") from None
        return _serve(config, home, sock, out, worker="joins" if args.join_when_ready else "first")
    if args.demo:
        summary = home.load_demo(progress=False)
        if summary is not None:
            say(out, f"loaded {counted(summary['added'], 'demo item')} into {home}")
    elif not home.exists():
        say(out, empty_hint(home, args, lead=f"{home}: no catalogue here yet."))
        return 1
    sock = listening_socket(config.host, config.port)
    if config.processes > 1:
        return _serve_processes(args, config, home, sock, out)
    return _serve(config, home, sock, out, hint=empty_hint(home, args))


def _serve(config, home, sock, out, worker=False, hint=""):
    """Run the app under waitress on ``sock`` in this process until interrupted.

    ``worker``: ``False`` for a lone server, ``"first"`` for the first of
    several server processes, ``"joins"`` for one that takes connections
    once its index is ready (``_index_opened``).
    """
    try:
        from .app import create_app
        app = create_app(config, background=True)
    except BaseException:
        sock.close()
        raise
    try:
        return _run_waitress(app, config, home, sock, out, worker, hint)
    finally:
        app.close()


def _run_waitress(app, config, home, sock, out, worker, hint):
    from . import waitress_room

    if not worker and not app.store.count(status=None):
        say(out, hint)
    server, unbounded = waitress_room.create_server(app, sockets=[sock], request_timeout=config.request_timeout,
                                                    **waitress_options(config))
    if unbounded:
        say(out, unbounded)
    try:
        # Ctrl-C, or SIGTERM turned into KeyboardInterrupt (sigterm_interrupts): waitress's
        # run() returns on it, but it may also come before run() starts.
        with suppress(KeyboardInterrupt):
            if not worker:
                say(out, f"serving {home} on http://{config.host}:{server.effective_port}/ "
                    f"with {config.threads} threads; Ctrl-C stops")
            who = f" in process {os.getpid()}" if worker else ""
            threading.Thread(target=report_index, args=(app, out, who), name="report-index",
                             daemon=True).start()
            if worker == "joins":
                if not _index_opened(app):
                    return 0
                say(out, f"process {os.getpid()} takes connections from now on")
            server.run()
    finally:
        server.close()
    if not worker:
        say(out, "stopped")
    return 0


def _index_opened(app):
    """Wait until the app's index answers searches; False when it was closed first.

    Until then this process does not accept: the connections queued on the
    shared socket go to the processes that do. An index that failed to
    open is retried by its opening thread (``index.opening``), and waited
    for meanwhile.
    """
    index = app.index
    while not index.ready:
        if index.progress()["state"] == "stopped":
            return False
        time.sleep(WATCH_S)
    return True


def waitress_options(config):
    """Waitress's adjustments: threads, and the bounds that keep slow or silent clients from locking others out.

    Waitress closes a silent connection only when it next looks (every
    ``cleanup_interval`` s, 30 by default), so it looks often enough for
    ``channel_timeout`` and ``request_timeout`` (``waitress_room``) to hold
    within half again. ``poll`` rather than
    ``select``: select cannot watch descriptors past 1023, fewer than the
    connection limit allows.
    """
    return {"threads": config.threads, "backlog": BACKLOG, "ident": "disclosure-catalogue",
            "connection_limit": config.connection_limit, "channel_timeout": config.channel_timeout,
            "cleanup_interval": max(1, min(config.channel_timeout, config.request_timeout) // 2),
            "asyncore_use_poll": True,
            "max_request_body_size": MAX_BODY_BYTES}


def _interrupt(*_):
    raise KeyboardInterrupt


def _serve_processes(args, config, home, sock, out):
    """Start ``config.processes`` server processes on ``sock`` and watch them.

    The index is not opened here: the server processes open it, one building
    it while the others wait (``index.opening``), all listening meanwhile.
    """
    with home.open_store() as store:
        empty = not store.count(status=None)
    if empty:
        say(out, empty_hint(home, args))
    sock.listen(BACKLOG)
    port = sock.getsockname()[1]
    command = [sys.executable, "-m", "web.cli", "serve", *_given_options(args),
               "--processes", "1", "--listen-fd", str(sock.fileno())]
    children = []
    status = 0
    try:
        # Said first: the processes report on the index from their first second.
        say(out, f"serving {home} on http://{config.host}:{port}/ with {config.processes} processes "
            f"of {config.threads} threads; Ctrl-C stops")
        for number in range(config.processes):
            joins = ["--join-when-ready"] if number else []
            children.append(subprocess.Popen(command + joins, pass_fds=(sock.fileno(),), stdout=_fd_of(out)))
        while True:
            ended = [c for c in children if c.poll() is not None]
            if ended:
                say(out, f"server process {ended[0].pid} exited with status {ended[0].returncode}; "
                    f"stopping the others")
                status = 1
                break
            time.sleep(0.2)
    except KeyboardInterrupt:
        say(out, "stopped")
    except (OSError, CatalogueError) as exc:
        say(out, f"cannot start the server processes: {exc}")
        status = 1
    finally:
        with _signals_ignored():    # a second Ctrl-C or SIGTERM must not cut the stopping short
            _stop(children)
        sock.close()
    return status


@contextmanager
def _signals_ignored():
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _given_options(args):
    """The command line's settings again, for a server process to read the same settings."""
    options = []
    for setting in SETTINGS:
        value = getattr(args, setting.name, None)
        if value is not None and setting.name not in ("processes", "port", "host"):
            options += [setting.option, str(value)]
    return options


def _fd_of(out):
    """A file descriptor for the server processes' messages: ``out``'s own, else standard output."""
    try:
        return out.fileno()
    except (AttributeError, OSError, ValueError):
        return None


def _stop(children):
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_WAIT
    for child in children:
        try:
            child.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
