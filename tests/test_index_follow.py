"""The index follows the store: commits, withdrawals, other processes, concurrency, rebuilds."""

import pickle
import random
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from index import layout, open_index
from index.schema import build_schema
from search_fixtures import ITEMS, make_home, open_test_index, put_items, titles

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def home(tmp_path):
    return make_home(tmp_path / "home")


@pytest.fixture
def store(home):
    with home.open_store() as store:
        put_items(store, ITEMS[:7])
        yield store


@pytest.fixture
def idx(home, store):
    with open_test_index(home, store) as idx:
        yield idx


@pytest.fixture
def python_idx(home, store):
    """The index searched by the Python path, whose warm-up decodes posting lists ahead."""
    with open_index(home.index_dir, store, engine="python") as idx:
        yield idx


def new_item(title, **extra):
    return dict({"title": title, "issuer": "省政府办公厅", "publish_date": "2015-01-05",
                 "topic": "综合政务/政务公开", "genre": "通知", "body": "测试正文。"}, **extra)


def test_new_item_is_searchable_right_after_its_commit(idx, store):
    put_items(store, [new_item("关于做好防汛抗旱工作的通知")])
    assert titles(idx.search("防汛抗旱")) == ["关于做好防汛抗旱工作的通知"]
    assert idx.revision() == store.revision()


def test_writes_after_random_is_seeded_the_same_again_keep_every_segment(idx, store):
    # Regression (found by the property tests, Hypothesis seeds random for each example):
    # Whoosh named segments from the shared random, so the second write took the first
    # one's name, overwrote its files, and every catch-up after failed ("Unknown file header").
    state = random.getstate()
    try:
        for title in ("关于做好防汛抗旱工作的通知", "关于开展森林防火检查的通知", "关于春季植树造林的通知"):
            random.seed(2012)
            put_items(store, [new_item(title)])
            assert idx.wait_for(store.revision(), timeout=10)
    finally:
        random.setstate(state)
    assert idx.search("通知 -防汛抗旱 -森林防火 -植树造林")["total"] == idx.search("通知")["total"] - 3


def test_withdrawn_item_vanishes_from_results_and_facets(idx, store):
    [item] = put_items(store, [new_item("关于撤回测试的通知", genre="函")])
    assert idx.search("撤回测试")["total"] == 1
    with store.transaction() as tx:
        tx.withdraw(item["index_no"], reason="测试")
    result = idx.search("")
    assert idx.search("撤回测试")["total"] == 0
    assert "函" not in [e["value"] for e in result["facets"]["genre"]]
    assert result["total"] == 7


def test_updated_item_is_replaced_not_duplicated(idx, store):
    [item] = put_items(store, [new_item("关于旧标题的通知")])
    changed = dict(new_item("关于新标题的通知"), index_no=item["index_no"])
    with store.transaction() as tx:
        tx.put(changed_item(store, changed), replace=True)
    assert idx.search("旧标题")["total"] == 0
    assert titles(idx.search("新标题")) == ["关于新标题的通知"]
    assert idx.search("")["total"] == 8


def changed_item(store, raw):
    from catalogue.items import validate
    return validate(raw, store.context())


def test_index_catches_up_at_open_from_its_last_revision(home, store):
    with open_test_index(home, store) as idx:
        before = idx.revision()
    put_items(store, [new_item("关于关闭期间新增事项的通知")])
    with open_test_index(home, store) as idx:
        assert idx.revision() == store.revision() > before
        assert idx.search("关闭期间")["total"] == 1


def test_commit_from_another_process_is_picked_up(idx, home):
    code = (
        "import sys\n"
        "from catalogue.home import Home\n"
        "from catalogue.items import validate\n"
        "with Home(sys.argv[1]).open_store() as store:\n"
        "    with store.transaction() as tx:\n"
        "        tx.put(validate({'title': '另一进程写入的森林防火通知', 'issuer': '省政府',\n"
        "                         'publish_date': '2015-02-02'}, store.context()))\n")
    subprocess.run([sys.executable, "-c", code, str(home.path)], cwd=REPO, check=True, timeout=120)
    assert titles(idx.search("森林防火")) == ["另一进程写入的森林防火通知"]


def test_two_writers_and_two_searchers_lose_nothing(idx, store):
    errors, done = [], threading.Event()

    def write(prefix):
        try:
            for n in range(12):
                put_items(store, [new_item(f"关于{prefix}第{n}批并发事项的通知")])
        except Exception as exc:   # collected, so the test reports it
            errors.append(exc)

    def search():
        try:
            while not done.is_set():
                idx.search("并发事项")
                idx.search("", {"year": [2015]})
        except Exception as exc:
            errors.append(exc)

    writers = [threading.Thread(target=write, args=(p,)) for p in ("甲", "乙")]
    searchers = [threading.Thread(target=search) for _ in range(2)]
    for t in writers + searchers:
        t.start()
    for t in writers:
        t.join()
    done.set()
    for t in searchers:
        t.join()
    assert errors == []
    assert idx.search("并发事项", per_page=100)["total"] == 24


def test_rebuild_swaps_in_a_new_folder_while_searches_run(idx, home):
    before = layout.current(home.index_dir)
    errors, counts, done = [], [], threading.Event()

    def search():
        try:
            while not done.is_set():
                counts.append(idx.search("公开")["total"])
        except Exception as exc:
            errors.append(exc)

    searcher = threading.Thread(target=search)
    searcher.start()
    idx.rebuild()
    done.set()
    searcher.join()
    assert errors == [] and counts and len(set(counts)) == 1
    assert layout.current(home.index_dir) != before
    assert idx.search("公开")["total"] == counts[0]


def test_changes_committed_during_a_rebuild_are_applied(idx, store):
    def progress(done, total):
        if done == 1:
            put_items(store, [new_item("重建期间提交的通知")])

    idx.rebuild(progress=progress)
    assert titles(idx.search("重建期间")) == ["重建期间提交的通知"]


def test_rebuild_by_another_index_object_is_picked_up(idx, home, store):
    with open_index(home.index_dir, store) as other:
        other.rebuild()
        put_items(store, [new_item("换代之后的通知")])
        assert other.search("换代之后")["total"] == 1
    assert idx.search("换代之后")["total"] == 1


def built_index_folder(home, store):
    """Build the index of ``home`` from ``store`` (opening builds it) and return its live folder."""
    open_test_index(home, store).close()
    return layout.current(home.index_dir)


def test_index_with_another_schema_version_is_rebuilt_at_open(home, store):
    folder = built_index_folder(home, store)
    layout.write_meta(folder, {"schema": 0})
    with open_test_index(home, store) as idx:
        assert idx.built and idx.search("")["total"] == 7


def test_index_left_beside_a_store_made_again_is_rebuilt_at_open(tmp_path):
    home = make_home(tmp_path / "home")
    with home.open_store() as store:
        put_items(store, ITEMS[:7])
        built_index_folder(home, store)
    Path(home.store_target).unlink()
    home = make_home(tmp_path / "home")     # a new store, its revisions counted from 1 again
    with home.open_store() as store:
        put_items(store, ITEMS[7:9])
        with open_test_index(home, store) as idx:
            assert idx.rebuilt_because == "the index was built from another store"
            assert sorted(titles(idx.search(""))) == sorted(i["title"] for i in ITEMS[7:9])


def test_index_ahead_of_a_store_restored_from_an_older_copy_is_rebuilt_at_open(home, store, idx):
    backup = home.path / "backup.db"
    with sqlite3.connect(home.store_target) as live, sqlite3.connect(backup) as copy:
        live.backup(copy)
    live.close()
    copy.close()
    put_items(store, [new_item("关于备份之后新增的通知")])
    assert idx.search("备份之后")["total"] == 1
    idx.close()
    store.close()
    for extra in ("-wal", "-shm"):
        Path(home.store_target + extra).unlink(missing_ok=True)
    backup.replace(home.store_target)
    with home.open_store() as restored, open_test_index(home, restored) as again:
        assert "older copy" in again.rebuilt_because
        assert again.search("备份之后")["total"] == 0
        assert again.search("")["total"] == 7


def test_index_from_before_store_identities_is_kept_and_takes_the_stores(home, store):
    folder = built_index_folder(home, store)
    layout.write_meta(folder, {"schema": layout.read_meta(folder)["schema"]})
    with open_test_index(home, store) as idx:
        assert not idx.built
    assert layout.read_meta(folder)["store"] == store.identity()


def test_body_moved_in_the_registry_changes_the_issuer_filter_without_reindex(idx, store):
    assert idx.search("", {"issuer": ["齐齐哈尔市政府"]})["total"] == 1
    with store.transaction() as tx:
        tx.add_body({"name": "宾县人民政府", "short": "宾县政府", "parent": "齐齐哈尔市人民政府",
                     "level": "县"}, replace=True)
    assert idx.search("", {"issuer": ["齐齐哈尔市政府"]})["total"] == 2


def test_schema_pickles_with_its_analyzers():
    schema = build_schema()
    again = pickle.loads(pickle.dumps(schema))
    assert again.names() == schema.names()
    for name in ("title", "title_bigrams", "body"):
        assert again[name].analyzer == schema[name].analyzer
    assert "政务公开" in [t.text for t in again["title"].analyzer("政務公開")]


def test_closed_index_refuses_to_search(home, store):
    idx = open_test_index(home, store)
    idx.close()
    with pytest.raises(RuntimeError):
        idx.search("公开")


def test_warmed_postings_cache_gives_the_same_results(home, store, monkeypatch):
    from index import warmup
    with open_index(home.index_dir, store, engine="python") as idx:
        cold = [idx.search(q) for q in ("公开", "通知 -财政", '"政务公开"')]
        monkeypatch.setattr(warmup, "MIN_DOCS", 1)
        idx.clear_caches()
        warmer = idx.start_warmup()
        warmer.join(30)
        assert not warmer.is_alive() and warmer.completed
        assert idx.cache_stats()["entries"].get("postings", 0) > 0
        assert [idx.search(q) for q in ("公开", "通知 -财政", '"政务公开"')] == cold


def test_the_numpy_paths_warm_up_decodes_no_posting_lists(idx, monkeypatch):
    from index import warmup
    monkeypatch.setattr(warmup, "MIN_DOCS", 1)
    idx.clear_caches()
    warmer = idx.start_warmup()
    warmer.join(30)
    assert not warmer.is_alive() and warmer.completed
    assert warmer.lists == 0 and idx.cache_stats()["entries"].get("postings", 0) == 0


def test_warm_up_waits_while_searches_run(python_idx, monkeypatch):
    idx = python_idx
    import threading

    from index import warmup
    assert idx.wait_until_warm(timeout=30)     # the index's own warm-up must not fill the cache
    monkeypatch.setattr(warmup, "MIN_DOCS", 1)
    idx.clear_caches(results=False)
    searching = threading.Event()
    searching.set()
    warmer = idx.start_warmup(busy=searching.is_set)
    warmer.join(0.3)
    assert warmer.is_alive() and warmer.lists == 0
    searching.clear()
    warmer.join(30)
    assert not warmer.is_alive() and warmer.lists > 0 and warmer.paused > 0


def test_a_warm_up_stopped_before_its_end_is_not_reported_done(python_idx, monkeypatch):
    idx = python_idx
    from index import warmup
    assert idx.wait_until_warm(timeout=30)
    monkeypatch.setattr(warmup, "MIN_DOCS", 1)
    idx.clear_caches(results=False)
    warmer = idx.start_warmup(busy=lambda: True)     # a search never ends
    warmer.stop()
    warmer.join(30)
    assert not warmer.is_alive() and warmer.completed is False and warmer.lists == 0


def test_cache_stats_count_what_a_search_cached_and_clear_caches_empties_it(home, store):
    with open_index(home.index_dir, store, cache_mb=8) as idx:
        assert idx.wait_until_warm(timeout=30)     # seven items: the warm-up caches nothing
        assert idx.cache_stats() == {"budget": 8 * 2**20, "used": 0, "entries": {}, "result_pages": 0}
        first = idx.search("政务公开", {"year": [2012]})
        stats = idx.cache_stats()
        assert stats["result_pages"] == 1 and 0 < stats["used"] <= stats["budget"]
        assert stats["entries"]["postings"] > 0 and stats["entries"]["phrase"] == 1
        assert stats["entries"]["values"] == 1      # the year filter's set
        idx.clear_caches(postings=False)
        assert idx.cache_stats() == dict(stats, result_pages=0)
        idx.clear_caches()
        assert idx.cache_stats() == {"budget": 8 * 2**20, "used": 0, "entries": {}, "result_pages": 0}
        assert idx.search("政务公开", {"year": [2012]}) == first


def test_a_segment_made_by_following_the_store_gets_its_vocabulary_warmed(idx, store, monkeypatch):
    import time

    from index import vocabulary, warmup
    monkeypatch.setattr(vocabulary, "INLINE_DOCS", 1)   # every segment counts as one no search builds
    monkeypatch.setattr(warmup, "INLINE_DOCS", 1)
    assert idx.wait_until_warm(timeout=30)
    with store.transaction() as tx:
        rev = tx.put(changed_item(store, new_item("关于做好冬季供暖工作的通知")))["revision"]
    assert idx.wait_for(rev)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and idx.cache_stats()["entries"].get("vocabulary", 0) < 2:
        time.sleep(0.05)
    assert idx.cache_stats()["entries"].get("vocabulary", 0) >= 2     # the first segment's and the new one's


SAVES = ["关于做好{}年防汛抗旱工作的通知", "关于开展{}年森林防火检查的通知", "关于{}年春季植树造林的通知"]


def _saved_one_by_one(idx, store, count):
    """``count`` items saved one commit each, each followed before the next: their titles."""
    saved = []
    for number in range(count):
        title = SAVES[number % len(SAVES)].format(2001 + number)
        put_items(store, [new_item(title)])
        assert idx.wait_for(store.revision(), timeout=10)
        saved.append(title)
    return saved


def _wait_until(check, seconds):
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"not within {seconds} s"
        time.sleep(0.05)


def test_saves_commit_without_merging_and_the_idle_follower_merges_their_segments(idx, store):
    from index import merging

    before = idx.status()["columns"]["segments"]
    saved = _saved_one_by_one(idx, store, merging.MERGE_AT + 2)
    # Each save its own segment at once (no merge in its commit) ...
    assert idx.status()["columns"]["segments"] == before + len(saved)
    # ... merged into one once the follower has had nothing to do for a moment.
    _wait_until(lambda: idx.status()["columns"]["segments"] <= before + 1, merging.IDLE_S + 30)
    # Every small segment (the first 7 items' too): their items indexed again by a worker process.
    stored = len(list(store.iter_items(status=None)))
    assert idx.status()["last_merge"] == {"segments": before + len(saved), "items": stored, "in_workers": True}
    assert idx.search("通知")["total"] == len(saved) + idx.search("通知 -防汛抗旱 -森林防火 -植树造林")["total"]
    for title in saved:
        assert title in titles(idx.search(title))
    assert sorted(idx.document_ids()) == sorted(item["id"] for item in store.iter_items(status=None))


def test_a_burst_of_saves_merges_in_its_own_commits_past_the_limit(idx, store, monkeypatch):
    from index import merging

    monkeypatch.setattr(merging, "MERGE_ANYWAY", 4)
    monkeypatch.setattr(merging, "IDLE_S", 3600.0)      # no idle merge in this test
    before = idx.status()["columns"]["segments"]
    saved = _saved_one_by_one(idx, store, 9)
    assert idx.status()["columns"]["segments"] < before + 4
    assert all(title in titles(idx.search(title)) for title in saved)


def test_where_worker_processes_cannot_be_used_small_segments_are_merged_here(idx, store, monkeypatch):
    from index import build, merging

    monkeypatch.setattr(build, "can_add_in_workers", lambda: False)
    before = idx.status()["columns"]["segments"]
    saved = _saved_one_by_one(idx, store, merging.MERGE_AT + 1)
    _wait_until(lambda: idx.status()["columns"]["segments"] <= before + 1, merging.IDLE_S + 30)
    assert idx.status()["last_merge"]["in_workers"] is False
    assert all(title in titles(idx.search(title)) for title in saved)
    assert sorted(idx.document_ids()) == sorted(item["id"] for item in store.iter_items(status=None))
