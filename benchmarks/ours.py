"""The project's side of the benchmark: store import, index build, the search call, save-to-searchable.

Everything goes through the real path: ``catalogue.registry.load_bodies``
for the corpus registry, ``catalogue.importer.import_files`` for the items,
``index.open_index`` (which catches up from the store's revisions) for the
build, ``idx.search(...)`` with a page of 10 (facets and highlights are part
of every answer) for the query mix, and ``store.transaction()`` with the
index following commits for the time a saved item takes to become
searchable.

Run on its own (``python -m benchmarks.ours --corpus DIR --queries FILE
--work DIR --json FILE [--profile FILE]``) so that its peak RSS is its own.

What can go wrong: index/ not importable yet (``ImportError``); an import
refused by the importer (``ImportRefused`` naming file and line); a saved
item that never becomes searchable (reported as a timeout, not raised).
"""

import cProfile
import io
import json
import pstats
import shutil
import sys
import time
from pathlib import Path

from benchmarks.baseline import corpus_files, corpus_mb
from benchmarks.corpus import generate_range
from benchmarks.measure import (DiskSampler, dir_size_mb, peak_rss_mb, private_tempdir, side_parser, summary_ms,
                                time_queries, write_figures)
from benchmarks.queries import read_queries
from index.engine import CACHE_MB

SAVE_TIMEOUT_S = 30.0
SAVE_POLL_S = 0.005
DISK_SAMPLE_S = 2.0     # how often the build's disk use is sampled


def _log(message):
    print(f"ours: {message}", file=sys.stderr, flush=True)


def import_corpus(store, corpus):
    """Load the corpus registry and import every shard; returns ``{"items", "seconds"}``."""
    from catalogue.importer import import_files
    from catalogue.registry import load_bodies

    start = time.perf_counter()
    load_bodies(store, Path(corpus) / "bodies.yaml", actor="benchmark")
    summary = {"added": 0}
    for path in corpus_files(corpus):
        summary["added"] += import_files(store, [path], progress=False, actor="benchmark")["added"]
        _log(f"imported {summary['added']} items, {time.perf_counter() - start:.0f} s")
    return {"items": summary["added"], "seconds": time.perf_counter() - start}


def _save_items(count, start_at, seed):
    """``count`` new items (beyond the corpus) whose titles carry a unique searchable marker."""
    for k, item in enumerate(generate_range(start_at, start_at + count, seed)):
        marker = f"benchsave{k:04d}"
        item["title"] = f"{item['title'][:200]} {marker}"
        item["index_no"] = f"{item['index_no']}-save"
        yield marker, item


def save_latency(store, idx, count, start_at, seed):
    """Seconds from the start of each save until ``idx.search(marker)`` finds it (``None`` = timed out)."""
    from catalogue.items import validate

    context = store.context()
    times = []
    for marker, raw in _save_items(count, start_at, seed):
        item = validate(raw, context)
        start = time.perf_counter()
        with store.transaction(actor="benchmark", note="save latency") as tx:
            tx.put(item)
        found = None
        while time.perf_counter() - start < SAVE_TIMEOUT_S:
            if idx.search(query=marker, per_page=1)["total"]:
                found = time.perf_counter() - start
                break
            time.sleep(SAVE_POLL_S)
        times.append(found)
    return times


def _run_query(idx):
    def run_one(query):
        return idx.search(query=query.query, filters=query.filters or None, page=1, per_page=10)["total"]
    return run_one


def answers(idx, queries):
    """Every query's total and first page of item ids, to check that a change keeps the same hits."""
    out = []
    for query in queries:
        try:
            result = idx.search(query=query.query, filters=query.filters or None, page=1, per_page=10)
        except Exception as exc:   # reported by the timed pass too
            out.append([query.kind, query.query, repr(exc)[:200], None])
            continue
        out.append([query.kind, query.query, result["total"], [item["id"] for item in result["items"]]])
    return out


def write_profile(idx, queries, path, top=40):
    """Run the query mix under cProfile; write the top entries (by own and cumulative time) to ``path``."""
    profiler = cProfile.Profile()
    run_one = _run_query(idx)
    profiler.enable()
    for query in queries:
        try:
            run_one(query)
        except Exception:   # timing already reported the error; the profile is about the rest
            pass
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    Path(path).write_text(out.getvalue(), encoding="utf-8")


def run(corpus, queries, work, *, saves=20, seed=0, profile=None, profile_mix=None, reuse=None,
        cache_mb=CACHE_MB, disk_every=DISK_SAMPLE_S):
    """Import, build, time the query mix and the saves; returns the figures as a dict.

    ``reuse``: the figures of an earlier run whose store and index are still
    in ``work``; import and build are skipped and their figures carried over
    (``build_reused`` says so), the queries and saves are timed again.
    """
    from catalogue.stores import open_store
    from index import open_index

    work = Path(work)
    if reuse is None:
        if work.exists():
            shutil.rmtree(work)
        work.mkdir(parents=True)
    index_dir, cache_dir = work / "index", work / "cache"
    cache_dir.mkdir(exist_ok=True)   # as `catalogue init` makes it in a home
    tmp_dir = private_tempdir(work / "tmp")
    figures = {"side": "ours"}
    with open_store(work / "catalogue.db") as store:
        if reuse is None:
            imported = import_corpus(store, corpus)
            figures.update(items=imported["items"], import_seconds=imported["seconds"],
                           import_items_per_s=imported["items"] / imported["seconds"])
            _log("building the index")
        else:
            figures.update({k: reuse[k] for k in _BUILD_FIGURES if k in reuse}, build_reused=True)
        start = time.perf_counter()

        def progress(done, total):
            if done % 10000 == 0:
                _log(f"indexed {done} of {total} items, {time.perf_counter() - start:.0f} s")

        disk = DiskSampler({"index": index_dir, "tmp": tmp_dir}, every=disk_every)
        with disk, open_index(index_dir, store, cache_dir=cache_dir, progress=progress, cache_mb=cache_mb) as idx:
            idx.catch_up()
            disk.stop()   # the build is done: its peak is known
            if reuse is None:
                built = time.perf_counter() - start
                corpus_size = corpus_mb(corpus)
                index_mb = dir_size_mb(index_dir)
                figures.update(build_seconds=built, build_items_per_s=figures["items"] / built,
                               import_build_seconds=figures["import_seconds"] + built,
                               index_mb=index_mb,
                               store_mb=dir_size_mb(work / "catalogue.db"),
                               rss_after_build_mb=peak_rss_mb(),
                               corpus_mb=corpus_size,
                               build_disk=dict(disk.figures(), corpus_mb=corpus_size,
                                               peak_ratio=disk.peak_total / corpus_size if corpus_size else None,
                                               index_ratio=index_mb / corpus_size if corpus_size else None))
            # A server answers most queries after its background warm-up of the
            # postings cache; it is timed here and the mix runs after it.
            warming = time.perf_counter()
            idx.wait_until_warm()
            figures["warmup_seconds"] = time.perf_counter() - warming
            figures["cache_mb"] = cache_mb
            _log(f"warm after {figures['warmup_seconds']:.0f} s; running {len(queries)} queries")
            figures["queries"] = time_queries(queries, _run_query(idx))
            figures["answers"] = answers(idx, queries)
            if profile:
                # Another draw of the mix: the timed queries are in the result cache now.
                write_profile(idx, profile_mix or queries, profile)
            _log(f"timing {saves} saves")
            times = save_latency(store, idx, saves, figures["items"] + (1000 if reuse else 0), seed)
            found = [t for t in times if t is not None]
            figures["save_to_search"] = dict(summary_ms(found), timeouts=len(times) - len(found))
    figures["peak_rss_mb"] = peak_rss_mb()
    return figures


_BUILD_FIGURES = ("items", "import_seconds", "import_items_per_s", "build_seconds", "build_items_per_s",
                  "index_mb", "store_mb", "rss_after_build_mb", "import_build_seconds", "corpus_mb", "build_disk")


def main(argv=None):
    parser = side_parser("python -m benchmarks.ours", __doc__)
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cache-mb", type=int, default=CACHE_MB,
                        help=f"the index's postings cache, MB (the server's cache_mb; default {CACHE_MB})")
    parser.add_argument("--disk-every", type=float, default=DISK_SAMPLE_S,
                        help=f"seconds between samples of the build's disk use (default {DISK_SAMPLE_S:g})")
    parser.add_argument("--profile", help="write a cProfile summary of a query mix here")
    parser.add_argument("--profile-queries", help="the query mix to profile (default --queries)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the store and index in --work from the run that wrote --json; "
                             "time only the queries and saves again")
    args = parser.parse_args(argv)
    reuse = json.loads(Path(args.json).read_text(encoding="utf-8")) if args.reuse else None
    figures = run(args.corpus, read_queries(args.queries), args.work, saves=args.saves,
                  seed=args.seed, profile=args.profile,
                  profile_mix=read_queries(args.profile_queries) if args.profile_queries else None,
                  reuse=reuse, cache_mb=args.cache_mb, disk_every=args.disk_every)
    write_figures(args.json, figures)


if __name__ == "__main__":
    main()
