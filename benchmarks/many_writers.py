"""Many writers at once against one catalogue: the write API, importing processes and searches.

    python -m benchmarks.many_writers                       # 20 s on a SQLite store
    python -m benchmarks.many_writers --seconds 60 --store postgresql://…

For ``--seconds`` a ``catalogue serve`` takes items from 8 threads through
the write API (each adds items and edits every third at once), while 2
importers run ``catalogue import`` on small files, one after another,
straight into the same store (now and then followed by a ``catalogue
search`` from the shell, another process writing the index), and 8 threads
search. Then every write is looked up in the store and, once the index has
caught up, searched for by its index number. Prints what was done and every
error a client saw; asserts nothing (tests/test_many_writers.py does).

``clients(…)`` is the part the test shares: it takes the server's address
and a function that runs a command to its end, so the test starts its
processes with its own helpers. What can go wrong: a PostgreSQL URL that
cannot be reached (``ConfigError`` on the first write).
"""

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import quote
from urllib.request import Request, urlopen

from catalogue import accounts
from catalogue.home import Home

REPO = Path(__file__).resolve().parent.parent
API_WRITERS = 8
IMPORTERS = 2
SEARCHERS = 8
PER_FILE = 10           # items in each file an importer imports
CATCH_UP_SECONDS = 120  # how long the index may take to catch up after the run
PASSWORD = "哈尔滨冰雪节-2012-password"


class Run:
    """What the clients did: ``written`` (index number -> last title), ``errors``, ``counts``."""

    def __init__(self, seconds):
        self.deadline = time.monotonic() + seconds
        self.lock = threading.Lock()
        self.written = {}
        self.errors = []
        self.counts = {"api writes": 0, "imported": 0, "shell searches": 0, "searches": 0}

    def going(self):
        return time.monotonic() < self.deadline and len(self.errors) < 20

    def did(self, what, index_no=None, title=None):
        with self.lock:
            if index_no is not None:
                self.written[index_no] = title
            self.counts[what] += 1

    def failed(self, what):
        with self.lock:
            self.errors.append(what)


def call(url, body=None, method=None, token=None):
    """``(status, JSON answer)`` of one request (the body's text when it is not JSON)."""
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
    try:
        with urlopen(Request(url, data=data, headers=headers, method=method), timeout=120) as answer:
            return answer.status, json.load(answer)
    except HTTPError as error:
        with error:
            text = error.read().decode("utf-8", "replace")
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, text


def _item(writer, n, edited=False):
    title = f"宾县第{writer}组关于第{n}批惠农补贴发放情况的{'更正' if edited else ''}公示"
    return {"title": title, "issuer": "宾县人民政府", "publish_date": "2012-03-20",
            "secrecy_checked_by": "王丽（县政府办公室）", "body": "现将惠农补贴发放情况予以公示，接受群众监督。"}


def _api_writer(base, token, writer, run):
    for n in itertools.count():
        if not run.going():
            return
        raw = _item(writer, n)
        status, answer = call(base + "api/items", raw, token=token)
        if status != 201:
            run.failed(f"POST {status}: {answer}")
            continue
        index_no = answer["item"]["index_no"]
        run.did("api writes", index_no, raw["title"])
        if n % 3 == 0:
            edited = dict(_item(writer, n, edited=True), change_note="更正标题")
            status, answer = call(base + "api/items/" + quote(index_no), edited, "PUT", token)
            if status != 200:
                run.failed(f"PUT {status}: {answer}")
            else:
                run.did("api writes", index_no, edited["title"])


def _importer(home, folder, importer, run, command):
    shell = Home(Path(folder) / f"shell-{importer}", store=home.store_target)   # its own index
    for k in itertools.count():
        if not run.going():
            return
        items = [dict(_item(f"导入{importer}", k * PER_FILE + i), index_no=f"CONC-{importer}-{k:04d}-{i:02d}")
                 for i in range(PER_FILE)]
        path = Path(folder) / f"import-{importer}-{k}.jsonl"
        path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
        status, output = command(home, "import", "-q", path)
        if status != 0:
            run.failed(f"import {status}: {output}")
            continue
        for item in items:
            run.did("imported", item["index_no"], item["title"])
        if k % 2:   # now and then a search from the shell: another process writing an index too
            status, output = command(shell, "search", "--json", items[0]["index_no"])
            if status != 0 or json.loads(output)["items"][0]["index_no"] != items[0]["index_no"]:
                run.failed(f"shell search {status}: {output}")
            else:
                run.did("shell searches")


def _searcher(base, run):
    for n in itertools.count():
        if not run.going():
            return
        status, answer = call(base + "api/search?q=" + quote(("惠农补贴", "公示", "宾县 更正")[n % 3]))
        if status != 200:
            run.failed(f"search {status}: {answer}")
        else:
            run.did("searches")


def found_once(base, index_no, title):
    """Whether a search for ``index_no`` finds its item once, with ``title``."""
    status, answer = call(base + "api/search?q=" + quote(index_no))
    return status == 200 and [(i["index_no"], i["title"]) for i in answer["items"]
                              if i["index_no"] == index_no] == [(index_no, title)]


def token_for(home):
    """A bearer token of a new admin account in ``home``'s store."""
    with home.open_store() as store:
        accounts.add_user(store, "admin", PASSWORD, role="admin", actor="many writers")
        return accounts.create_token(store, "admin", actor="many writers")["token"]


def clients(base, home, token, folder, seconds, command):
    """Run every client against the server at ``base`` for ``seconds``; then check what they wrote.

    ``command(home, *args)`` runs ``catalogue --home … --store … ARGS`` to its
    end and returns ``(status, output)``. Returns ``(run, stored, indexed)``:
    ``stored`` each written index number's title in the store, ``indexed``
    whether a search finds it once with its last title (after waiting up to
    ``CATCH_UP_SECONDS`` for the last write to be found).
    """
    run = Run(seconds)
    threads = ([threading.Thread(target=_api_writer, args=(base, token, w, run)) for w in range(API_WRITERS)]
               + [threading.Thread(target=_importer, args=(home, folder, i, run, command))
                  for i in range(IMPORTERS)]
               + [threading.Thread(target=_searcher, args=(base, run)) for _ in range(SEARCHERS)])
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds = seconds
    with home.open_store() as store:
        stored = {index_no: (store.get(index_no) or {}).get("title") for index_no in run.written}
    started = time.monotonic()
    if run.written:
        last = list(run.written.items())[-1]
        while not found_once(base, *last) and time.monotonic() < started + CATCH_UP_SECONDS:
            time.sleep(0.5)
    run.caught_up = time.monotonic() - started
    indexed = {index_no: found_once(base, index_no, title) for index_no, title in run.written.items()}
    return run, stored, indexed


# -- the benchmark's own processes ---------------------------------------------------

def _argv(home, *args):
    return [sys.executable, "-m", "web.cli", "--home", str(home.path), "--store", home.store_target,
            *map(str, args)]


def _command(home, *args):
    done = subprocess.run(_argv(home, *args), cwd=REPO, capture_output=True, text=True, encoding="utf-8")
    return done.returncode, done.stdout + done.stderr


@contextmanager
def _serving(home):
    popen = subprocess.Popen(_argv(home, "serve", "--port", "0"), cwd=REPO, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, encoding="utf-8", start_new_session=True)
    try:
        for line in popen.stdout:
            if line.startswith("serving "):
                yield line.split(" on ", 1)[1].split()[0]
                return
        raise SystemExit("the server ended before serving")
    finally:
        popen.terminate()
        popen.wait(60)
        popen.stdout.close()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.many_writers",
                                     description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="how long the clients run (default 20)")
    parser.add_argument("--store", help="a postgresql:// URL (default: a SQLite file in the home)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="many-writers-") as folder:
        home = Home(Path(folder) / "home", store=args.store)
        home.init()
        token = token_for(home)
        started = time.monotonic()
        with _serving(home) as base:
            run, stored, indexed = clients(base, home, token, folder, args.seconds, _command)
        print(f"{run.seconds:.0f} s, {API_WRITERS} API writers, {IMPORTERS} importing processes, "
              f"{SEARCHERS} searchers ({time.monotonic() - started:.0f} s in all): "
              + ", ".join(f"{n} {what}" for what, n in run.counts.items()))
        print(f"{sum(stored[n] == t for n, t in run.written.items())} of {len(run.written)} items stored as "
              f"last written; {sum(indexed.values())} found once by a search for their index number "
              f"({run.caught_up:.1f} s after the run); errors: {len(run.errors)}")
        for error in run.errors:
            print("  " + error)


if __name__ == "__main__":
    main()
