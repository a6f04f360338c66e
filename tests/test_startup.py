"""`catalogue serve` with work to do: it listens at once and builds its index in the background.

Real ``catalogue serve`` processes on homes of generated catalogue items
(``benchmarks.corpus``) with no index, or a damaged one: what a visitor, a
load balancer and the operator at the console see while the index is built,
and that Ctrl-C or SIGTERM stops everything at any moment.
"""

import fcntl
import json
import re
import shutil
import signal
import time
from urllib.error import HTTPError
from urllib.parse import quote
from urllib.request import urlopen

import pytest

from benchmarks.corpus import generate_range, write_jsonl
from benchmarks.startup import corpus_home
from catalogue.importer import import_files
from catalogue.workflow import is_public
from index import layout, open_index, opening
from processes import alive, children, descendants, listening, serving, wait_for
from web.app import create_app
from web.settings import Config
from web_fixtures import KNOWN, client_for, make_home

# Past index.generations.PARALLEL_MIN, so the build runs its worker processes, and
# long enough (tens of seconds) that the tests look at it while it runs.
BUILDING = 6000
# Built in a few seconds: the tests that wait for the index to be ready.
BUILT = 800
BEHIND = 400            # items imported after the index was built: a catch-up, not a build
STOPPED_WITHIN = 15     # seconds from SIGTERM or Ctrl-C to the end of every process
WORKERS_WITHIN = 120    # seconds until a build's worker processes run, on a busy machine
JOINED = r"^process \d+ takes connections from now on"     # a server process after the first


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    """Homes made once per module and copied for each test: ``{"building", "built", "indexed"}``."""
    folder = tmp_path_factory.mktemp("startup")
    made = {"building": corpus_home(folder / "building", BUILDING).path,
            "built": corpus_home(folder / "built", BUILT).path}
    indexed = folder / "indexed"
    shutil.copytree(made["built"], indexed)
    from catalogue.home import Home
    home = Home(indexed)
    with home.open_store() as store:
        open_index(home.index_dir, store, warm=False).close()
    made["indexed"] = indexed
    return made


def home_from(templates, tmp_path, name):
    """A copy of template ``name`` in this test's folder, as a ``catalogue.home.Home``."""
    from catalogue.home import Home
    shutil.copytree(templates[name], tmp_path / "home")
    return Home(tmp_path / "home")


def get(url):
    """``(status, headers, text)`` of a GET, whatever the status."""
    try:
        with urlopen(url, timeout=30) as answer:
            return answer.status, answer.headers, answer.read().decode("utf-8")
    except HTTPError as error:
        with error:
            return error.code, error.headers, error.read().decode("utf-8")


def health(server):
    status, headers, text = get(server.base + "api/health")
    return status, headers, json.loads(text)


def a_public_item(home):
    with home.open_store() as store:
        return next(item for item in store.iter_items(status=None) if is_public(item))


def public_count(home):
    with home.open_store() as store:
        return sum(1 for item in store.iter_items(status=None) if is_public(item))


# -- while the index is built ------------------------------------------------------------

def test_serve_listens_before_its_index_is_built(templates, tmp_path):
    home = home_from(templates, tmp_path, "building")
    with listening(home.path) as server:
        status, _headers, answer = health(server)
    assert status == 503 and answer["index"]["state"] in ("opening", "building")


def test_health_answers_503_with_retry_after_and_a_progress_that_grows(templates, tmp_path):
    home = home_from(templates, tmp_path, "building")
    with listening(home.path) as server:
        seen = []

        def grown():
            status, headers, answer = health(server)
            seen.append((status, headers["Retry-After"], answer))
            building = [a["index"] for _s, _r, a in seen if a["index"]["state"] == "building"]
            return len(building) >= 2 and building[-1]["done"] > building[0]["done"]
        wait_for(grown, 60)
    status, retry_after, answer = seen[-1]
    assert (status, retry_after, answer["ok"], answer["status"]) == (503, "5", False, 503)
    assert [e["code"] for e in answer["errors"]] == ["index_building"] and answer["error"]
    progress = answer["index"]
    assert set(progress) == {"state", "done", "total", "percent", "seconds"}
    assert progress["total"] == BUILDING and 0 < progress["done"] < BUILDING
    assert progress["percent"] == 100 * progress["done"] // BUILDING and progress["seconds"] > 0


def test_item_pages_and_the_item_api_are_answered_from_the_store_during_the_build(templates, tmp_path):
    home = home_from(templates, tmp_path, "building")
    item = a_public_item(home)
    with listening(home.path) as server:
        page = get(server.base + "items/" + quote(item["index_no"]))
        api = get(server.base + "api/items/" + quote(item["index_no"]))
        still_building = health(server)[0]
    assert page[0] == 200 and item["title"] in page[2].replace("&quot;", '"')
    assert api[0] == 200 and json.loads(api[2])["item"]["title"] == item["title"]
    assert still_building == 503


def test_the_search_api_answers_503_in_the_error_shape_with_retry_after_during_the_build(templates, tmp_path):
    home = home_from(templates, tmp_path, "building")
    with listening(home.path) as server:
        status, headers, text = get(server.base + "api/search?q=" + quote("信息公开"))
    answer = json.loads(text)
    assert (status, headers["Retry-After"], answer["ok"], answer["status"]) == (503, "5", False, 503)
    assert [e["code"] for e in answer["errors"]] == ["index_building"]
    assert answer["index"]["state"] in ("opening", "building")


@pytest.mark.parametrize("lang, said", [("zh-Hans", "检索功能正在准备中"), ("zh-Hant", "檢索功能正在準備中"),
                                        ("en", "The search is being prepared")])
def test_the_search_page_during_the_build_says_in_the_visitors_language_to_retry_shortly(
        templates, tmp_path, lang, said):
    home = home_from(templates, tmp_path, "building")
    with listening(home.path) as server:
        status, headers, page = get(server.base + f"search?q={quote('信息公开')}&lang={lang}")
    assert (status, headers["Retry-After"]) == (503, "5")
    assert said in page and headers["Content-Type"].startswith("text/html")


# -- once it is ready ------------------------------------------------------------------------

def test_once_the_index_is_ready_search_finds_every_public_item(templates, tmp_path):
    home = home_from(templates, tmp_path, "built")
    with serving(home.path) as server:
        status, _headers, text = get(server.base + "api/search?per_page=1")
    assert status == 200 and json.loads(text)["total"] == public_count(home)


def test_a_build_whose_size_is_not_known_yet_is_said_without_a_count():
    assert opening.said({"state": "building", "done": 0, "total": 0, "percent": 0}) == "starting to build the search index"


def test_the_console_says_how_far_the_build_is_and_when_the_index_is_ready(templates, tmp_path):
    home = home_from(templates, tmp_path, "built")
    with serving(home.path) as server:
        said = [line.rstrip("\n") for line in server.seen]
    first = next(n for n, line in enumerate(said) if line.startswith("building the search index: "))
    ready = next(n for n, line in enumerate(said) if line.startswith("search index ready after "))
    assert re.fullmatch(rf"building the search index: [\d,]+ of {BUILT:,} items \(\d+%\)", said[first])
    reason = next(n for n, line in enumerate(said)
                  if line.startswith("the search index must be built from the store (there is no index yet)"))
    assert said[0].startswith("serving ") and 0 < reason < first < ready


def test_a_deleted_table_of_contents_at_start_is_rebuilt_in_the_background(templates, tmp_path):
    home = home_from(templates, tmp_path, "indexed")
    for toc in layout.current(home.index_dir).glob("_MAIN_*.toc"):
        toc.unlink()
    with serving(home.path) as server:
        said = "".join(server.seen)
        status, _headers, text = get(server.base + "api/search?per_page=1")
    assert "the search index must be built from the store (the index in gen-000001 cannot be read" in said
    assert said.index("serving ") < said.index("must be built") < said.index("search index ready after")
    assert status == 200 and json.loads(text)["total"] == public_count(home)


# -- stopping at any moment ----------------------------------------------------------------

def _stopped_during_the_build(templates, tmp_path, sig, *options):
    """Start serving, send ``sig`` once a build's worker processes run: ``(status, seconds, processes)``."""
    home = home_from(templates, tmp_path, "building")
    with listening(home.path, *options) as server:
        wait_for(lambda: any(children(p) for p in [server.pid, *children(server.pid)]), WORKERS_WITHIN)
        started = descendants(server.pid)
        sent = time.monotonic()
        status, _rest = server.stop(sig, timeout=STOPPED_WITHIN)
        seconds = time.monotonic() - sent
    return status, seconds, started


def test_sigterm_during_the_build_stops_the_server_and_its_build_workers_with_status_0(templates, tmp_path):
    status, seconds, started = _stopped_during_the_build(templates, tmp_path, signal.SIGTERM)
    assert status == 0 and seconds < STOPPED_WITHIN
    assert not [pid for pid in started if alive(pid)]


def test_ctrl_c_during_the_build_stops_the_server_and_its_build_workers(templates, tmp_path):
    status, seconds, started = _stopped_during_the_build(templates, tmp_path, signal.SIGINT)
    assert status == 0 and seconds < STOPPED_WITHIN
    assert not [pid for pid in started if alive(pid)]


def test_sigterm_while_a_bulk_import_is_caught_up_stops_the_catch_up_worker_too(templates, tmp_path):
    home = home_from(templates, tmp_path, "indexed")
    added = tmp_path / "added.jsonl"
    write_jsonl(generate_range(BUILT, BUILT + BUILDING), added)    # a catch-up a worker process writes
    with home.open_store() as store:
        import_files(store, [added], progress=False, actor="startup tests")
    with listening(home.path) as server:
        worker = wait_for(lambda: children(server.pid), WORKERS_WITHIN)
        started = descendants(server.pid)
        sent = time.monotonic()
        status, _rest = server.stop(signal.SIGTERM, timeout=STOPPED_WITHIN)
        seconds = time.monotonic() - sent
    assert worker and status == 0 and seconds < STOPPED_WITHIN
    assert not [pid for pid in started if alive(pid)]


# -- several server processes ------------------------------------------------------------------

def test_two_server_processes_listen_while_one_builds_and_sigterm_stops_them_all(templates, tmp_path):
    home = home_from(templates, tmp_path, "building")
    with listening(home.path, "--processes", "2") as server:
        servers = wait_for(lambda: len(children(server.pid)) == 2 and children(server.pid), 60)
        wait_for(lambda: any(children(p) for p in servers), WORKERS_WITHIN)
        building = [p for p in servers if children(p)]
        first = health(server)
        started = descendants(server.pid)
        status, _rest = server.stop(signal.SIGTERM, timeout=STOPPED_WITHIN)
    assert len(building) == 1 and first[0] == 503
    assert status == 0 and not [pid for pid in started if alive(pid)]


def test_while_the_index_is_built_only_the_first_server_process_takes_connections(templates, tmp_path):
    # One process builds ("building"), the other waits for it ("waiting"), each
    # "opening" before: a dozen new connections shared by both would show both
    # "building" and "waiting"; one process goes from "opening" to one of them.
    home = home_from(templates, tmp_path, "building")
    with listening(home.path, "--processes", "2") as server:
        servers = wait_for(lambda: len(children(server.pid)) == 2 and children(server.pid), 60)
        wait_for(lambda: any(children(p) for p in servers), WORKERS_WITHIN)
        answers = [health(server) for _ in range(12)]
        still_building = any(children(p) for p in servers)
    assert still_building, "the build ended before the answers were all in: make BUILDING larger"
    assert {status for status, _headers, _body in answers} == {503}
    assert len({body["index"]["state"] for _status, _headers, body in answers} - {"opening"}) <= 1, answers


def test_two_server_processes_open_the_index_that_one_of_them_built(templates, tmp_path):
    home = home_from(templates, tmp_path, "built")
    with serving(home.path, "--processes", "2") as server:
        # The second process says so a moment after its index is ready.
        if not re.search(JOINED, "".join(server.seen), re.M):
            server.until("process ")
        said = "".join(server.seen)
        totals = {json.loads(get(server.base + "api/search?per_page=1")[2])["total"] for _ in range(10)}
    builders = {line.split(" in process ")[1] for line in said.splitlines()
                if line.startswith("building the search index")}
    generations = [p.name for p in home.index_dir.iterdir() if p.name.startswith("gen-")]
    assert len(builders) == 1 and generations == ["gen-000001"]
    assert totals == {public_count(home)}
    assert len(re.findall(JOINED, said, re.M)) == 1, said


def test_an_index_behind_the_store_catches_up_in_the_background(templates, tmp_path):
    home = home_from(templates, tmp_path, "indexed")
    added = tmp_path / "added.jsonl"
    write_jsonl(generate_range(BUILT, BUILT + BEHIND), added)
    with home.open_store() as store:
        import_files(store, [added], progress=False, actor="startup tests")
    with serving(home.path) as server:
        said = "".join(server.seen)
        status, _headers, text = get(server.base + "api/search?per_page=1")
    assert re.search(rf"^bringing the search index up to date: [\d,]+ of {BEHIND:,} changed items", said, re.M)
    assert "must be built" not in said and said.index("up to date") < said.index("search index ready after")
    assert status == 200 and json.loads(text)["total"] == public_count(home)


# -- in one process: another holds the index's lock file -------------------------------------

def test_an_app_waits_while_another_process_holds_the_index_lock_then_opens_and_searches(tmp_path):
    home = make_home(tmp_path / "home")
    lock = home.index_dir / opening.LOCK_FILE
    home.index_dir.mkdir(parents=True, exist_ok=True)
    with open(lock, "a", encoding="utf-8") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)   # as a server process building the index would
        app = create_app(Config(home=home.path), background=True)
        try:
            client = client_for(app)
            waiting = wait_for(lambda: app.index.progress()["state"] == "waiting"
                               and client.get("/api/health", status=503), 30)
            search = client.get("/api/search", {"q": "政务公开"}, status=503)
            item = client.get("/api/items/" + KNOWN)
            fcntl.flock(held.fileno(), fcntl.LOCK_UN)
            assert app.index.wait_until_warm(timeout=60)
            found = client.get("/api/search", {"q": "政务公开"})
        finally:
            app.close()
    assert waiting.json["index"]["state"] == "waiting" and waiting.headers["Retry-After"] == "5"
    assert search.json["errors"][0]["code"] == "index_building" and search.headers["Retry-After"] == "5"
    assert item.json["item"]["index_no"] == KNOWN and found.json["total"] > 0
