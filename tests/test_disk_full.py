"""A disk that fills up: an import, the index writer and a running server each say so and lose nothing.

The disk is a real one: a small tmpfs mounted for the test (``mount -t tmpfs
-o size=…``), filled with a file of zeros until the system answers ENOSPC.
Without the right to mount (not root, a container without CAP_SYS_ADMIN)
the tests skip, saying so.
"""

import errno
import json
import subprocess
from urllib.error import HTTPError
from urllib.parse import quote
from urllib.request import Request, urlopen

import pytest

from benchmarks.crash_import import index_against_store
from catalogue import accounts
from catalogue.home import Home
from needs import missing
from processes import python_command, running, serving
from registry_fixture import write_bodies
from search_fixtures import ITEMS, put_items

DISK_MB = 24
FULL = "the disk is full"


@pytest.fixture
def small_disk(tmp_path):
    """A ``DISK_MB`` MiB tmpfs mounted in ``tmp_path``, unmounted afterwards."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK_MB}m", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        missing(f"a size-limited disk needs `mount -t tmpfs`, refused here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        # Lazily: a process of a failed test may still hold a file open; the mount goes once it ends.
        subprocess.run(["umount", "-l", str(folder)], check=True)


def _fill(folder, leave=0):
    """Fill the disk of ``folder`` with a file until it refuses a byte more, then free ``leave`` bytes.

    Returns the file (delete it to free the disk).
    """
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as fh:
        for size in (1 << 20, 1 << 12, 1):
            try:
                while True:
                    fh.write(b"\0" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
        fh.truncate(max(0, fh.tell() - leave))
    return filler


def _home(path, store=None):
    home = Home(path, store=store)
    home.init(bodies=write_bodies(path.parent / f"{path.name}-bodies.yaml"))
    return home


def _catalogue(home, *args):
    with running(python_command("web.cli", "--home", home.path, "--store", home.store_target, *args),
                 stderr=subprocess.STDOUT) as process:
        return process.wait(300)


def _items(count):
    """``count`` items of several kilobytes each."""
    return [{"title": f"关于第{n}批政府信息公开事项的通知", "issuer": "省政府办公厅", "publish_date": "2012-03-01",
             "body": f"第{n}批。" + "各地要规范依申请公开的受理、审查和答复程序，及时主动公开群众关注的信息。" * 40}
            for n in range(count)]


def _big_file(path, count=1500):
    """A file of ``count`` items: more than the write-ahead log holds."""
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in _items(count)), encoding="utf-8")
    return path


def test_an_import_into_a_disk_that_fills_says_so_and_leaves_the_earlier_items_and_a_sound_store(small_disk,
                                                                                                  tmp_path):
    home = _home(small_disk / "home")
    with home.open_store() as store:
        put_items(store, ITEMS)
    # Room to open the store and begin, not to write the file's thousands of kilobytes.
    filler = _fill(small_disk, leave=2 << 20)
    status, output = _catalogue(home, "import", "-q", _big_file(tmp_path / "big.jsonl"))
    assert status == 1 and FULL in output and "Traceback" not in output
    filler.unlink()     # SQLite needs room to open the store again (its write-ahead log)
    with home.open_store() as store:
        assert store.count(None) == len(ITEMS)
        assert sorted(i["title"] for i in store.iter_items(None)) == sorted(i["title"] for i in ITEMS)
    assert _catalogue(home, "check")[0] == 0


def test_an_index_catch_up_on_a_full_disk_says_so_and_the_index_opens_level_once_there_is_room(small_disk,
                                                                                                tmp_path):
    # The store on another disk, so that only the index's disk fills.
    home = _home(small_disk / "home", store=tmp_path / "catalogue.db")
    assert _catalogue(home, "search", "信息公开")[0] == 0
    with home.open_store() as store:
        put_items(store, _items(600))
    filler = _fill(small_disk)
    status, output = _catalogue(home, "search", "信息公开")
    assert status == 1 and FULL in output and "Traceback" not in output
    filler.unlink()
    assert _catalogue(home, "search", "信息公开")[0] == 0
    found = index_against_store(home, probes=20)
    assert (found["level"], found["documents"], found["missing"], found["duplicated"]) == \
        (True, found["items"], [], [])


def test_a_store_on_a_full_disk_cannot_be_opened_and_the_import_says_the_disk_is_full(small_disk, tmp_path):
    home = _home(small_disk / "home")
    _fill(small_disk)
    status, output = _catalogue(home, "import", "-q", _big_file(tmp_path / "big.jsonl", count=10))
    assert status == 1 and FULL in output and "Traceback" not in output


def test_a_reindex_on_a_full_disk_says_so_and_the_live_index_still_serves(small_disk, tmp_path):
    home = _home(small_disk / "home", store=tmp_path / "catalogue.db")
    with home.open_store() as store:
        put_items(store, _items(600))
    assert _catalogue(home, "search", "信息公开")[0] == 0
    _fill(small_disk)
    status, output = _catalogue(home, "reindex", "-q")
    assert status == 1 and FULL in output and "Traceback" not in output
    status, output = _catalogue(home, "search", "--json", "依申请公开")
    assert status == 0 and json.loads(output)["total"] == 600


def _post(server, token, item):
    request = Request(server.base + "api/items", data=json.dumps(item, ensure_ascii=False).encode(),
                      headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urlopen(request, timeout=60) as answer:
            return answer.status, json.load(answer)
    except HTTPError as error:
        with error:
            return error.code, json.load(error)


def _item(n):
    return {"title": f"宾县关于第{n}批惠农补贴发放情况的公示", "issuer": "宾县人民政府", "publish_date": "2012-03-20",
            "secrecy_checked_by": "王丽（县政府办公室）",
            "body": "现将惠农补贴发放情况予以公示。" * 200}


def test_a_server_whose_disk_fills_answers_writes_507_and_keeps_serving_searches(small_disk):
    home = _home(small_disk / "home")
    with home.open_store() as store:
        put_items(store, ITEMS)
        accounts.add_user(store, "admin", "哈尔滨冰雪节-2012-password", role="admin", actor="test")
        token = accounts.create_token(store, "admin", actor="test")["token"]
    with serving(home.path) as server:
        assert _post(server, token, _item(0))[0] == 201
        filler = _fill(small_disk)
        statuses = {}
        for n in range(1, 30):     # until the write-ahead log's room is used up too
            status, answer = _post(server, token, _item(n))
            statuses[status] = answer
            if status != 201:
                break
        assert list(statuses) in ([201, 507], [507])
        refused = statuses[507]
        assert refused["ok"] is False and refused["status"] == 507 and FULL in refused["error"]
        with urlopen(server.base + "api/search?q=" + quote("五级联动"), timeout=60) as answer:
            assert answer.status == 200 and json.load(answer)["total"] == 1
        filler.unlink()
        assert _post(server, token, _item(99))[0] == 201
