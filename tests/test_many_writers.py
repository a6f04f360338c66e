"""Many writers at once: the write API, two importing processes and searches, on SQLite and PostgreSQL.

For ``RUN_SECONDS`` a real ``catalogue serve`` takes items from 8 threads
through the write API (each adds items and edits some of them), while 2
``catalogue import`` processes after another import small files straight
into the same store and 8 threads search. No client may see an error (a 5xx,
"database is locked", a lock of the index); afterwards every write is in the
store as last written and, once the index has caught up, a search for each
index number finds its item once, with its last title. Now and then an
importer searches from the shell, another process following the store.
"""

import itertools
import json
import threading
import time
from urllib.error import HTTPError
from urllib.parse import quote
from urllib.request import Request, urlopen

import pytest

from catalogue import accounts
from catalogue.home import Home
from processes import python_command, running, serving
from registry_fixture import write_bodies

RUN_SECONDS = 20
API_WRITERS = 8
IMPORTERS = 2
SEARCHERS = 8
PER_FILE = 10           # items in each file an importer imports
CATCH_UP_SECONDS = 120  # a bound against a hang, not a speed target


class Run:
    """What the clients did: ``written`` (index number -> last title), ``errors`` (what they saw)."""

    def __init__(self, seconds):
        self.deadline = time.monotonic() + seconds
        self.lock = threading.Lock()
        self.written = {}
        self.errors = []
        self.counts = {"api writes": 0, "imports": 0, "searches": 0}

    def going(self):
        return time.monotonic() < self.deadline and len(self.errors) < 20

    def wrote(self, index_no, title, what="api writes"):
        with self.lock:
            self.written[index_no] = title
            self.counts[what] += 1

    def failed(self, what):
        with self.lock:
            self.errors.append(what)


def _call(url, body=None, method=None, token=None):
    """``(status, JSON answer)`` of one request."""
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
    try:
        with urlopen(Request(url, data=data, headers=headers, method=method), timeout=120) as answer:
            return answer.status, json.load(answer)
    except HTTPError as error:
        with error:
            return error.code, error.read().decode("utf-8", "replace")


def _item(writer, n, edited=False):
    title = f"宾县第{writer}组关于第{n}批惠农补贴发放情况的{'更正' if edited else ''}公示"
    return {"title": title, "issuer": "宾县人民政府", "publish_date": "2012-03-20",
            "secrecy_checked_by": "王丽（县政府办公室）", "body": "现将惠农补贴发放情况予以公示，接受群众监督。"}


def _api_writer(server, token, writer, run):
    for n in itertools.count():
        if not run.going():
            return
        raw = _item(writer, n)
        status, answer = _call(server.base + "api/items", raw, token=token)
        if status != 201:
            run.failed(f"POST {status}: {answer}")
            continue
        index_no = answer["item"]["index_no"]
        run.wrote(index_no, raw["title"])
        if n % 3 == 0:      # every third item is edited at once
            edited = dict(_item(writer, n, edited=True), change_note="更正标题")
            status, answer = _call(server.base + "api/items/" + quote(index_no), edited, "PUT", token)
            if status != 200:
                run.failed(f"PUT {status}: {answer}")
            else:
                run.wrote(index_no, edited["title"])


def _importer(home, store, folder, importer, run):
    for k in itertools.count():
        if not run.going():
            return
        items = [dict(_item(f"导入{importer}", k * PER_FILE + i), index_no=f"CONC-{importer}-{k:04d}-{i:02d}")
                 for i in range(PER_FILE)]
        path = folder / f"import-{importer}-{k}.jsonl"
        path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
        with running(python_command("web.cli", "--home", home, "--store", store, "import", "-q", path)) as p:
            status, output = p.wait(300)
        if status != 0:
            run.failed(f"import {status}: {output}")
            continue
        for item in items:
            run.wrote(item["index_no"], item["title"], "imports")
        if k % 2:   # now and then a search from the shell: another process writing the index too
            argv = ("--home", folder / f"shell-{importer}", "--store", store, "search", "--json", items[0]["index_no"])
            with running(python_command("web.cli", *argv)) as p:
                status, output = p.wait(300)
            if status != 0 or json.loads(output)["items"][0]["index_no"] != items[0]["index_no"]:
                run.failed(f"shell search {status}: {output}")


def _searcher(server, run):
    for n in itertools.count():
        if not run.going():
            return
        status, answer = _call(server.base + "api/search?q=" + quote(("惠农补贴", "公示", "宾县 更正")[n % 3]))
        if status != 200:
            run.failed(f"search {status}: {answer}")
        else:
            with run.lock:
                run.counts["searches"] += 1


def _found_once(server, index_no, title):
    status, answer = _call(server.base + "api/search?q=" + quote(index_no))
    return status == 200 and [(i["index_no"], i["title"]) for i in answer["items"]
                              if i["index_no"] == index_no] == [(index_no, title)]


def _many_writers(tmp_path, store_target):
    """Run the writers and searchers against a server on ``store_target``; the ``Run`` and the store's titles."""
    home = Home(tmp_path / "home", store=store_target)
    home.init(bodies=write_bodies(tmp_path / "bodies.yaml"))
    with home.open_store() as store:
        accounts.add_user(store, "admin", "哈尔滨冰雪节-2012-password", role="admin", actor="test")
        token = accounts.create_token(store, "admin", actor="test")["token"]
    run = Run(RUN_SECONDS)
    with serving(home.path, "--store", store_target) as server:
        threads = ([threading.Thread(target=_api_writer, args=(server, token, w, run)) for w in range(API_WRITERS)]
                   + [threading.Thread(target=_importer, args=(home.path, store_target, tmp_path, i, run))
                      for i in range(IMPORTERS)]
                   + [threading.Thread(target=_searcher, args=(server, run)) for _ in range(SEARCHERS)])
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with home.open_store() as store:
            stored = {index_no: (store.get(index_no) or {}).get("title") for index_no in run.written}
        deadline = time.monotonic() + CATCH_UP_SECONDS
        last = list(run.written.items())[-1]
        while not _found_once(server, *last) and time.monotonic() < deadline:
            time.sleep(0.5)
        indexed = {index_no: _found_once(server, index_no, title) for index_no, title in run.written.items()}
    return run, stored, indexed


@pytest.fixture(params=["sqlite", "postgres"])
def store_target(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "home" / "catalogue.db")
    return request.getfixturevalue("pg_url")


def test_many_writers_and_searchers_at_once_see_no_error_and_every_write_is_stored_and_found(
        tmp_path, store_target):
    run, stored, indexed = _many_writers(tmp_path, store_target)
    assert run.errors == []
    assert run.counts["api writes"] > API_WRITERS and run.counts["imports"] >= IMPORTERS * PER_FILE
    assert {n: t for n, t in stored.items() if t != run.written[n]} == {}
    assert [index_no for index_no, found in indexed.items() if not found] == []
