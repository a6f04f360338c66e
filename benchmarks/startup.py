"""Start-up with work to do: ``catalogue serve`` on a home whose store holds N items and whose index is missing.

    python -m benchmarks.startup --items 30000 [--work DIR] [--repo PATH] [--during 10]

Makes (once, reused after) a home of N corpus items (``benchmarks.corpus``,
imported through ``catalogue.importer``) with no index, then runs the
``catalogue serve`` of ``--repo`` (default: this checkout; give another
worktree, such as main, to compare) on it twice, deleting the index first:

1. seconds until the server answers any HTTP request (``listening``), until
   ``/api/search`` answers 200 (``ready``), and from a SIGTERM sent then
   until the process has exited (``sigterm_after_ready``);
2. a SIGTERM ``--during`` seconds after the start, during the build
   (``sigterm_during_build``: seconds to exit, exit status, processes left).

Prints one line per figure and the JSON of them all. Nothing is asserted.
``corpus_home`` is also what tests/test_startup.py makes its homes with.

What can go wrong: a server that does not answer within ``--bound`` seconds
(reported as ``null``); a server left running is killed with its group.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import quote
from urllib.request import urlopen

from benchmarks.baseline import corpus_files
from benchmarks.run import prepare_corpus

REPO = Path(__file__).resolve().parent.parent
POLL_S = 0.1


def corpus_home(path, items, seed=0, procs=1):
    """A home at ``path`` whose store holds the corpus's first ``items`` items (registry included), no index.

    The corpus files go beside it (``PATH-corpus``) and are reused when they hold the same items.
    """
    from catalogue.home import Home
    from catalogue.importer import import_files

    path = Path(path)
    corpus = path.parent / f"{path.name}-corpus"
    prepare_corpus(corpus, items, seed, procs)
    home = Home(path)
    home.init(bodies=corpus / "bodies.yaml")
    with home.open_store() as store:
        if not store.count(status=None):
            import_files(store, corpus_files(corpus), progress=False, actor="benchmarks.startup")
    return home


def _free_port():
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _status(url):
    """The HTTP status ``url`` answers, or ``None`` when nothing listens."""
    try:
        with urlopen(url, timeout=5) as answer:
            return answer.status
    except HTTPError as error:
        return error.code
    except (URLError, ConnectionError, TimeoutError):
        return None


def _until(check, start, bound):
    """Seconds since ``start`` until ``check()`` holds, or ``None`` after ``bound`` seconds."""
    while time.monotonic() - start < bound:
        if check():
            return round(time.monotonic() - start, 1)
        time.sleep(POLL_S)
    return None


def _stop(server, bound):
    """SIGTERM ``server``: ``(seconds to exit, exit status, processes of its group left)``."""
    started = time.monotonic()
    server.send_signal(signal.SIGTERM)
    try:
        status = server.wait(bound)
    except subprocess.TimeoutExpired:
        return None, None, None
    seconds = round(time.monotonic() - started, 1)
    time.sleep(1)   # what a stopped build left would still run now
    return seconds, status, _others_in_group(server.pid)


def _others_in_group(group):
    """How many processes of process group ``group`` run, its leader left out (a build's workers)."""
    def member(pid):
        try:
            return pid != group and os.getpgid(pid) == group
        except ProcessLookupError:
            return False
    return sum(1 for entry in os.listdir("/proc") if entry.isdigit() and member(int(entry)))


def serve_once(repo, home, sigterm_after=None, bound=900):
    """Start ``repo``'s ``catalogue serve`` on ``home`` (no index) and time it; see the module docstring."""
    shutil.rmtree(home.index_dir, ignore_errors=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    env = dict(os.environ, PYTHONPATH=str(repo))
    command = [sys.executable, "-m", "web.cli", "--home", str(home.path), "serve", "--port", str(port)]
    start = time.monotonic()
    server = subprocess.Popen(command, cwd=repo, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    figures = {}
    try:
        if sigterm_after is not None:
            time.sleep(sigterm_after)
            figures["workers_then"] = _others_in_group(server.pid)
            figures["seconds"], figures["status"], figures["left"] = _stop(server, bound)
            return figures
        figures["listening"] = _until(lambda: _status(base + "api/health") is not None, start, bound)
        search = base + "api/search?q=" + quote("信息公开")
        figures["ready"] = _until(lambda: _status(search) == 200, start, bound)
        figures["sigterm_after_ready"], figures["status"], figures["left"] = _stop(server, bound)
        return figures
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup", description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=30000)
    parser.add_argument("--work", type=Path, default=REPO / "benchmarks" / "out" / "startup")
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout whose `catalogue serve` runs")
    parser.add_argument("--during", type=float, default=10.0,
                        help="seconds after the start to send SIGTERM in the second run")
    parser.add_argument("--bound", type=float, default=900.0)
    args = parser.parse_args(argv)
    home = corpus_home(args.work / f"home-{args.items}", args.items, procs=os.cpu_count() or 1)
    figures = {"items": args.items, "repo": str(args.repo.resolve()),
               "load": os.getloadavg()[0],
               "start_to_ready": serve_once(args.repo, home, bound=args.bound),
               "sigterm_during_build": serve_once(args.repo, home, sigterm_after=args.during, bound=args.bound)}
    for name in ("start_to_ready", "sigterm_during_build"):
        print(name, figures[name])
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
