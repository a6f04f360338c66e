"""Killing ``catalogue import`` with SIGKILL at random moments: none or all of a file, every time.

    python -m benchmarks.crash_import                      # 20,000 items a file, 5 kills
    python -m benchmarks.crash_import --items 5000 --kills 8 --seed 3

Makes a home with the corpus registry (``benchmarks.corpus``), imports a
first file to its end (timed: "a whole import") and builds the index with a
first ``catalogue search``. Then for each kill it writes a fresh file of
``--items`` corpus items, starts ``catalogue import`` on it as a process of
its own and sends SIGKILL after a seeded random delay of up to a whole
import's time; every other kill counts its delay from when the import's
transaction began writing, so it lands inside the transaction. After each
kill it checks that the store holds none or all of that file's items, runs
``catalogue check`` and ``catalogue search`` (a process start that brings the
index level with the store, timed as "time to level"), and compares the
index's documents with the store's items. Prints one line per kill and a
summary; nothing is asserted (tests/test_crashes.py does that on smaller files).

The helpers ``corpus_home``, ``write_items`` and ``index_against_store`` are
shared with the tests. What can go wrong: a jieba install without its
dictionary (the corpus generator needs it).
"""

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

from benchmarks import corpus as _corpus
from catalogue.clock import china_today
from catalogue.home import Home
from index import layout, open_index

REPO = Path(__file__).resolve().parent.parent
PROBES = 50             # index numbers searched for after each kill
WRITING = 256 * 1024    # bytes the write-ahead log grows by once an import writes its items


def corpus_home(folder):
    """An initialised ``Home`` in ``folder`` whose registry holds the corpus's bodies."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    bodies = folder.parent / f"{folder.name}-bodies.yaml"
    with open(bodies, "w", encoding="utf-8") as fh:
        yaml.safe_dump([{k: v for k, v in b.items() if v} for b in _corpus.build_bodies()], fh,
                       allow_unicode=True, sort_keys=False)
    home = Home(folder)
    home.init(bodies=bodies)
    return home


def write_items(path, start, count, seed=0):
    """Corpus items ``start`` … ``start + count - 1`` as a JSON Lines file at ``path``; returns ``path``."""
    _corpus.write_jsonl(_corpus.generate_range(start, start + count, seed), path)
    return Path(path)


def index_against_store(home, probes=PROBES, seed=0):
    """Open the home's index as a start would and compare it with the store.

    Returns ``{"documents", "items", "duplicated", "missing", "extra",
    "level", "probed", "found_once"}``: ``level`` whether the index already
    held the store's revision before this opening (so the process run before
    brought it level); ``found_once`` how many of ``probed`` published items,
    drawn with ``seed``, a search for their index number finds exactly once.
    """
    with home.open_store() as store:
        folder = layout.current(home.index_dir)
        held = layout.read_revision(folder) if folder is not None else None
        revision = store.revision()
        items = list(store.iter_items(status=None))
        ids = {item["id"] for item in items}
        today = china_today().isoformat()     # a later date is not public yet: search would not find it
        published = [item["index_no"] for item in items
                     if item["status"] == "published" and item["publish_date"] <= today]
        probed = random.Random(seed).sample(published, min(probes, len(published)))
        with open_index(home.index_dir, store, cache_dir=home.cache_dir, warm=False) as index:
            documents = Counter(index.document_ids())
            found_once = sum(found_once_by(index, index_no) for index_no in probed)
    return {"documents": sum(documents.values()), "items": len(ids), "level": held == revision,
            "duplicated": sorted(i for i, n in documents.items() if n > 1),
            "missing": sorted(ids - set(documents)), "extra": sorted(set(documents) - ids),
            "probed": len(probed), "found_once": found_once}


def found_once_by(index, index_no):
    """Whether a search for ``index_no`` finds its item exactly once."""
    hits = index.search(index_no, per_page=50)["items"]
    return [hit["index_no"] for hit in hits].count(index_no) == 1


def _cli(home, *args):
    return [sys.executable, "-m", "web.cli", "--home", str(home.path), *map(str, args)]


def _run(argv):
    done = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, encoding="utf-8")
    return done.returncode, done.stdout + done.stderr


def import_killed_after(home, path, delay, *, once_writing=False):
    """Run ``catalogue import -q path`` and SIGKILL it after ``delay`` s; True if it ended first.

    ``once_writing``: the delay counts from when the import's transaction has
    begun writing (the store's write-ahead log has grown by ``WRITING``
    bytes), so the kill lands inside the transaction.
    """
    wal = Path(str(home.store_target) + "-wal")
    popen = subprocess.Popen(_cli(home, "import", "-q", path), cwd=REPO, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        if once_writing:
            before = _size(wal)
            while popen.poll() is None and _size(wal) < before + WRITING:
                time.sleep(0.005)
        try:
            popen.wait(delay)
            return True
        except subprocess.TimeoutExpired:
            os.kill(popen.pid, signal.SIGKILL)
            popen.wait()
            return False
    finally:
        if popen.poll() is None:    # interrupted while waiting: leave no importer behind
            popen.kill()
            popen.wait()


def _size(path):
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def run(work, items, kills, seed):
    rng = random.Random(seed)
    home = corpus_home(Path(work) / "home")
    first = write_items(Path(work) / "file-0.jsonl", 0, items, seed)
    started = time.perf_counter()
    status, said = _run(_cli(home, "import", "-q", first))
    whole = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"the first import failed: {said}")
    print(f"a whole import of {items:,} items: {whole:.1f} s (process start included)")
    started = time.perf_counter()
    status, said = _run(_cli(home, "search", "政府信息公开"))
    if status != 0:
        raise SystemExit(f"the first search failed: {said}")
    print(f"the index built from the store by the first `catalogue search`: {time.perf_counter() - started:.1f} s")
    figures = Counter()
    for n in range(1, kills + 1):
        path = write_items(Path(work) / f"file-{n}.jsonl", n * items, items, seed)
        with home.open_store() as store:
            before = store.count(None)
        # Every other kill lands inside the import's transaction; the others anywhere in its run.
        writing = n % 2 == 0
        delay = rng.uniform(0.0, 0.5 * whole) if writing else rng.uniform(0.05 * whole, 1.1 * whole)
        ended = import_killed_after(home, path, delay, once_writing=writing)
        with home.open_store() as store:
            added = store.count(None) - before
        check, said = _run(_cli(home, "check"))
        started = time.perf_counter()
        search, _ = _run(_cli(home, "search", "政府信息公开"))
        to_level = time.perf_counter() - started
        found = index_against_store(home)
        outcome = "all" if added == items else "none" if added == 0 else f"PARTIAL ({added:,})"
        good = (outcome in ("all", "none") and check == 0 and search == 0 and found["level"]
                and found["found_once"] == found["probed"]
                and not (found["duplicated"] or found["missing"] or found["extra"]))
        figures["kills"] += not ended
        figures[outcome] += 1
        figures["errors"] += not good
        figures["level_seconds"] += to_level
        print(f"kill {n}: {delay:.2f} s after {'writing began' if writing else 'the start'}"
              f"{' (it had ended)' if ended else ''}: {outcome} of "
              f"{items:,} items; check {'passed' if check == 0 else 'FAILED: ' + said.strip()}; "
              f"`catalogue search` {to_level:.1f} s, index level: {found['level']}, "
              f"{found['documents']:,} documents for {found['items']:,} items, "
              f"{len(found['duplicated'])} duplicated, {len(found['missing'])} missing, "
              f"{found['found_once']} of {found['probed']} index numbers searched found once")
    print(f"{figures['kills']} kills, {figures['none']} left none, {figures['all']} left all, "
          f"{kills - figures['none'] - figures['all']} partial; mean time to level after a kill "
          f"{figures['level_seconds'] / kills:.1f} s; errors: {figures['errors']}")
    return figures


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.crash_import",
                                     description=__doc__.split("\n", 1)[0])
    parser.add_argument("--items", type=int, default=20_000, help="items per file (default 20,000)")
    parser.add_argument("--kills", type=int, default=5, help="how many imports to kill (default 5)")
    parser.add_argument("--seed", type=int, default=2012, help="seeds the kill moments and the items")
    parser.add_argument("--work", help="folder for the home and files (default: a temporary one)")
    args = parser.parse_args(argv)
    if args.work:
        run(args.work, args.items, args.kills, args.seed)
        return
    with tempfile.TemporaryDirectory(prefix="crash-import-") as work:
        run(work, args.items, args.kills, args.seed)


if __name__ == "__main__":
    main()
