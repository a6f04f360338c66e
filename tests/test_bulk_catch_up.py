"""A bulk import followed by a worker process: the same answers as when this process writes it.

Two copies of one indexed catalogue of the benchmark's generated items
(Simplified and Traditional) take the same bulk change: 1,200 new items,
20 edited, 5 withdrawn. One follows it through a worker process
(``follower.WORKER_MIN`` and more changed items), the other in this
process (the threshold set out of reach); every query of the benchmark's
mix then gets the same hits, order and facet counts from both.
"""

import shutil

import pytest
import yaml

from benchmarks.corpus import build_bodies, generate_range
from benchmarks.queries import make_queries
from catalogue.home import Home
from catalogue.items import validate
from catalogue.registry import load_bodies
from index import follower, open_index

BASE = 300
ADDED = 1200
SEED = 11


def _answer(result):
    return (result["total"], [item["id"] for item in result["items"]], result["facets"], result["bodies"])


def _home_with_the_generated_bodies(root):
    home = Home(root / "home")
    home.init()
    registry = root / "bodies.yaml"     # the generated corpus's ~300 bodies, as the benchmark loads them
    registry.write_text(yaml.safe_dump([{k: v for k, v in body.items() if v} for body in build_bodies()],
                                       allow_unicode=True, sort_keys=False), encoding="utf-8")
    with home.open_store() as store:
        load_bodies(store, registry, actor="tests")
    return home


@pytest.fixture(scope="module")
def changed(tmp_path_factory):
    """``(home, queries)``: an indexed catalogue whose store has taken the bulk change since."""
    home = _home_with_the_generated_bodies(tmp_path_factory.mktemp("bulk"))
    with home.open_store() as store:
        context = store.context()
        with store.transaction(actor="tests") as tx:
            for raw in generate_range(0, BASE, SEED):
                tx.put(validate(raw, context))
        open_index(home.index_dir, store, warm=False).close()
        with store.transaction(actor="tests", note="批量导入") as tx:
            for raw in generate_range(BASE, BASE + ADDED, SEED):
                tx.put(validate(raw, context))
            for raw in generate_range(0, 20, SEED):
                raw["title"] = raw["title"] + "（修订）"
                tx.put(validate(raw, context), replace=True)
            for raw in generate_range(20, 25, SEED):
                tx.withdraw(raw["index_no"], "已被新文件替代")
        items = list(store.iter_items(status=None))
    return home, make_queries(items, per_kind=4, seed=SEED)


def _follow(home, queries, tmp_path, name):
    copy = Home(tmp_path / name)
    shutil.copytree(home.path, copy.path)
    with copy.open_store() as store, open_index(copy.index_dir, store, warm=False) as idx:
        last = idx.status()["last_catch_up"]
        answers = [_answer(idx.search(query=q.query, filters=q.filters or None)) for q in queries]
        ids = sorted(idx.document_ids())
        stored = sorted(item["id"] for item in store.iter_items(status=None))
    return last, answers, ids, stored


def test_a_bulk_catch_up_in_a_worker_process_answers_as_one_written_here(changed, tmp_path, monkeypatch):
    home, queries = changed
    by_worker, answers, ids, stored = _follow(home, queries, tmp_path, "worker")
    monkeypatch.setattr(follower, "WORKER_MIN", 10**9)
    here, expected, ids_here, _stored = _follow(home, queries, tmp_path, "here")
    assert by_worker["in_workers"] and not here["in_workers"]
    assert by_worker["items"] == here["items"] == ADDED + 20 + 5
    assert ids == ids_here == stored          # each stored item once: no old document left
    assert answers == expected
    assert sum(1 for total, *_ in answers if total) >= len(queries) // 2


def test_a_search_during_a_bulk_catch_up_answers_from_the_index_as_it_is_without_waiting(tmp_path, monkeypatch):
    # Waited for as a save is (FOLLOW_WAIT, 30 s here), the search would answer
    # only once the 1,200 items were in, many seconds later.
    monkeypatch.setattr(follower, "FOLLOW_WAIT", 30.0)
    home = _home_with_the_generated_bodies(tmp_path)
    with home.open_store() as store:
        context = store.context()
        with store.transaction(actor="tests") as tx:
            for raw in generate_range(0, BASE, SEED):
                tx.put(validate(raw, context))
        with open_index(home.index_dir, store, warm=False) as idx:
            before = idx.search()["total"]
            with store.transaction(actor="tests", note="批量导入") as tx:
                for raw in generate_range(BASE, BASE + ADDED, SEED):
                    tx.put(validate(raw, context))
            during = idx.search()["total"]
            assert idx.wait_for(store.revision(), timeout=300)
            after = idx.search()["total"]
    assert during == before < after
