"""Processes killed with SIGKILL: an import, a reindex and an index catching up with the store.

Each test runs the real ``catalogue`` command as a process of its own on a
home whose registry is the benchmark corpus's (``benchmarks.corpus``), kills
it at seeded random moments and then checks what the next user sees: the
store holds none or all of the killed import's file and passes ``catalogue
check``; the next ``catalogue search`` brings the index level with the store,
every item's document there once. The same on 20,000-item files, with the
figures: ``python -m benchmarks.crash_import``.
"""

import os
import random
import signal
import subprocess
import time

import pytest

from benchmarks.crash_import import corpus_home, import_killed_after, index_against_store, write_items
from index.follower import BATCH
from processes import python_command, running

ITEMS = 1200        # a file; small enough for the suite, big enough that the import takes a while
SEED = 20121


@pytest.fixture
def corpus(tmp_path):
    """A home with the corpus registry and one file of ``ITEMS`` imported (the index not built yet)."""
    home = corpus_home(tmp_path / "home")
    assert _catalogue(home, "import", "-q", write_items(tmp_path / "first.jsonl", 0, ITEMS, SEED))[0] == 0
    return home


def _catalogue(home, *args):
    """Run ``catalogue --home HOME ARGS`` as a process to its end: ``(status, output)``."""
    with running(python_command("web.cli", "--home", home.path, *args)) as process:
        return process.wait(600)


def _killed(home, args, delay):
    """Start ``catalogue ARGS`` and SIGKILL it after ``delay`` s (if it has not ended by then)."""
    with running(python_command("web.cli", "--home", home.path, *args)) as process:
        try:
            process.popen.wait(delay)
        except subprocess.TimeoutExpired:   # still running: the moment has come
            os.kill(process.pid, signal.SIGKILL)
        process.popen.wait()


def _count(home):
    with home.open_store() as store:
        return store.count(None)


def _level(home, probes):
    """The index against the store after the next ``catalogue search``, which must work.

    ``probes`` published items are searched for by index number.
    """
    status, output = _catalogue(home, "search", "政府信息公开")
    assert status == 0, output
    return index_against_store(home, probes=probes, seed=SEED)


def _whole_and_once(found):
    """Level, every item's document there once, every index number searched for found once."""
    return (found["level"], found["documents"], found["duplicated"], found["missing"], found["extra"],
            found["found_once"]) == (True, found["items"], [], [], [], found["probed"])


def test_a_killed_import_leaves_none_or_all_of_its_items_and_a_store_that_checks(corpus, tmp_path):
    rng = random.Random(SEED)
    for n, once_writing in enumerate((False, True, True), 1):
        before = _count(corpus)
        path = write_items(tmp_path / f"file-{n}.jsonl", n * ITEMS, ITEMS, SEED)
        import_killed_after(corpus, path, rng.uniform(0.0, 0.4), once_writing=once_writing)
        assert _count(corpus) - before in (0, ITEMS), f"kill {n}"
        status, output = _catalogue(corpus, "check")
        assert status == 0 and "PROBLEM" not in output, output


def test_after_an_import_killed_while_writing_the_next_search_finds_the_index_level(corpus, tmp_path):
    path = write_items(tmp_path / "killed.jsonl", ITEMS, ITEMS, SEED)
    import_killed_after(corpus, path, random.Random(SEED).uniform(0.0, 0.2), once_writing=True)
    assert _whole_and_once(_level(corpus, probes=ITEMS))


def test_a_reindex_killed_at_random_moments_leaves_an_index_the_next_search_brings_level(corpus):
    started = time.monotonic()
    assert _catalogue(corpus, "reindex", "-q")[0] == 0        # the first build, timed
    whole = time.monotonic() - started
    rng = random.Random(SEED)
    for _ in range(2):
        _killed(corpus, ("reindex", "-q"), rng.uniform(0.1 * whole, 0.9 * whole))
    assert _whole_and_once(_level(corpus, probes=ITEMS))


def test_a_catch_up_killed_at_random_moments_leaves_no_item_missing_or_duplicated(corpus, tmp_path):
    assert _catalogue(corpus, "search", "政府信息公开")[0] == 0        # the index holds the first file
    more = BATCH + ITEMS // 4       # past follower.BATCH: the catch-up commits more than once
    assert _catalogue(corpus, "import", "-q", write_items(tmp_path / "more.jsonl", ITEMS, more, SEED))[0] == 0
    rng = random.Random(SEED)
    for _ in range(2):
        # The search process opens the index, which applies the new revisions before it searches.
        _killed(corpus, ("search", "政府信息公开"), rng.uniform(1.0, 6.0))
    found = _level(corpus, probes=1000)
    assert _whole_and_once(found) and found["items"] == ITEMS + more


def test_catalogue_check_says_what_it_checked_and_passes_on_a_sound_store(corpus):
    status, output = _catalogue(corpus, "check")
    assert status == 0
    assert "ok       SQLite integrity check" in output
    assert "ok       every item has its changes in the log" in output
    assert f"checks passed ({ITEMS} items, revision 2)" in output.splitlines()[-1]


def test_catalogue_check_names_an_item_whose_change_is_missing_from_the_log(corpus):
    with corpus.open_store() as store:
        index_no = next(store.iter_items(status=None))["index_no"]
        store.run_sql_for_tests("DELETE FROM changes WHERE index_no = ?", (index_no,))
    status, output = _catalogue(corpus, "check")
    assert status == 1
    assert f"PROBLEM  every item has its changes in the log: item {index_no} has no change in the log" in output
