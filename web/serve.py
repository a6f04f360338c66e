"""``catalogue serve``: the web app under waitress, a multi-threaded WSGI server.

Bottle's own server (wsgiref) answers one request at a time and is meant for
development; waitress runs ``threads`` workers. The app itself is imported
only when serving, so other verbs do not pay for loading the search engine.

What can go wrong: a home that was never initialised (the message says how
to load the demo catalogue), bad settings (``ConfigError`` naming each), a
port already in use (``ConfigError``).
"""

import socket
import sys
import threading
import time

from catalogue.errors import ConfigError

from .settings import add_arguments, load_settings, overrides_from_args

EMPTY_HINT = ("The catalogue is empty. To see it with the demo items, run\n"
              "    catalogue serve --demo\n"
              "(or `catalogue demo` once); to load your own, `catalogue import FILE…`.")


def configure(parser):
    """The serve options: one per setting, plus --demo."""
    add_arguments(parser)
    parser.add_argument("--demo", action="store_true",
                        help="initialise the home (and its store) and import the demo items (data/demo) "
                             "if the store holds none, then serve")


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


def report_warm(app, out):
    """Say when the index's warm-up is done: searches are at full speed and /api/health says 200."""
    start = time.perf_counter()
    if app.index.wait_until_warm():
        print(f"search index warm after {time.perf_counter() - start:.1f} s "
              f"(/api/health answers 200 from now on)", file=out, flush=True)


def run(args, *, out=None):
    """Serve until interrupted; returns the exit status."""
    out = out or sys.stdout
    config = load_settings(overrides=overrides_from_args(args))
    home = config.catalogue_home()
    if args.demo:
        summary = home.load_demo(progress=False)
        if summary is not None:
            print(f"loaded {summary['added']} demo items into {home}", file=out)
    elif not home.exists():
        print(f"{home}: no catalogue here yet.\n{EMPTY_HINT}", file=out)
        return 1

    import waitress

    from .app import create_app
    app = create_app(config)
    try:
        if not app.store.count(status=None):
            print(EMPTY_HINT, file=out)
        server = waitress.create_server(app, sockets=[listening_socket(config.host, config.port)],
                                        threads=config.threads, ident="disclosure-catalogue")
        print(f"serving {home} on http://{config.host}:{server.effective_port}/ "
              f"with {config.threads} threads; Ctrl-C stops", file=out, flush=True)
        threading.Thread(target=report_warm, args=(app, out), name="report-warm", daemon=True).start()
        try:
            server.run()
        except KeyboardInterrupt:
            print("stopped", file=out)
        finally:
            server.close()
    finally:
        app.close()
    return 0
