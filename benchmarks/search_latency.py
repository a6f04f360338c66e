"""Search latency of the project's index at N items: build once, then time the full search call.

    python -m benchmarks.search_latency --items 100000 [--work DIR] [--per-kind 50]

Builds (or reuses, when DIR already holds N items) a SQLite store and the
index from the deterministic corpus of ``benchmarks.corpus``, then times
``idx.search(query, filters, page=1, per_page=10)`` (matching, exact facet
counts and highlights: what the search page asks) for each kind of the
query mix of ``benchmarks.queries`` once the index's background warm-up of
its caches is done (a running server's steady state); then type-ahead, the
recall of random verbatim title fragments, and the time a saved item takes
to become searchable.
Prints build items/s and p50/p95/p99 per kind.

What can go wrong: a work folder holding another corpus (delete it, or pass
another --work); not enough memory for a 1M corpus (the build streams, the
caches are bounded by ``index.engine.CACHE_MB``).
"""

import argparse
import random
import re
import sys
import time
from itertools import islice
from pathlib import Path

import yaml

from benchmarks.corpus import build_bodies, generate, read_jsonl
from benchmarks.measure import dir_size_mb, peak_rss_mb, summary_ms
from benchmarks.queries import KINDS, make_queries

BATCH = 2000
SAMPLE = 1000
FRAGMENT_PAGES = 10
HAN = re.compile(r"[\u4e00-\u9fff]+")


def _log(message):
    print(message, file=sys.stderr, flush=True)


def _corpus_items(corpus, items, procs):
    """``items`` corpus items: read from a folder of JSONL shards, or generated."""
    if corpus is None:
        return generate(items, procs=procs)
    files = sorted(Path(corpus).glob("*.jsonl"))
    return islice((item for path in files for item in read_jsonl(path)), items)


def fill_store(store, items, procs, corpus=None):
    """Put ``items`` corpus items into ``store`` (bodies first); returns seconds."""
    from catalogue.items import validate
    from catalogue.registry import load_bodies

    bodies = Path(corpus) / "bodies.yaml" if corpus else Path(store.path).parent / "bodies.yaml"
    if not corpus:
        with open(bodies, "w", encoding="utf-8") as fh:
            yaml.safe_dump([{k: v for k, v in b.items() if v} for b in build_bodies()], fh,
                           allow_unicode=True, sort_keys=False)
    load_bodies(store, bodies, actor="benchmark")
    context = store.context()
    start = time.perf_counter()
    stream = _corpus_items(corpus, items, procs)
    done = 0
    while True:
        batch = list(islice(stream, BATCH))
        if not batch:
            break
        with store.transaction(actor="benchmark") as tx:
            for raw in batch:
                tx.put(validate(raw, context))
        done += len(batch)
        _log(f"stored {done} items, {time.perf_counter() - start:.0f} s")
    return time.perf_counter() - start


def time_saves(store, idx, count):
    """Seconds from each commit until a search finds the new item."""
    from catalogue.items import validate

    context = store.context()
    times = []
    for n in range(count):
        marker = f"latencymarker{n:03d}"
        raw = {"title": f"关于保存延迟测试的通知 {marker}", "issuer": store.bodies()[0]["name"],
               "publish_date": "2026-11-20", "body": "测试正文。"}
        start = time.perf_counter()
        with store.transaction(actor="benchmark") as tx:
            tx.put(validate(raw, context))
        while not idx.search(marker, per_page=1)["total"]:
            time.sleep(0.002)
        times.append(time.perf_counter() - start)
    return times


def fragment_recall(idx, items, count, seed=7):
    """Share of random 2-10 character Han runs of titles whose item the search finds.

    Each fragment is searched with its item's issuer and year as filters, so
    that "found" can be checked over the whole result list, not just page 1.
    """
    rng = random.Random(seed)
    runs = [(item, run) for item in items for run in HAN.findall(item["title"]) if len(run) >= 2]
    found = 0
    for _ in range(count):
        item, run = rng.choice(runs)
        size = rng.randint(2, min(10, len(run)))
        start = rng.randint(0, len(run) - size)
        filters = {"issuer": [item["issuer"]], "year": [item["year"]]}
        for page in range(1, FRAGMENT_PAGES + 1):
            result = idx.search(run[start:start + size], filters, page=page, per_page=100)
            if any(hit["id"] == item["id"] for hit in result["items"]):
                found += 1
                break
            if page * 100 >= result["total"]:
                break
    return found / count


def _time_suggest(idx, prefixes):
    seconds = []
    for prefix in prefixes:
        start = time.perf_counter()
        idx.suggest(prefix)
        seconds.append(time.perf_counter() - start)
    return seconds


def _row(name, s):
    return f"{name:<10}{s['n']:>5}{s['p50']:>9.1f}{s['p95']:>9.1f}{s['p99']:>9.1f}{s['max']:>9.1f}"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search_latency",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=100000)
    parser.add_argument("--work", type=Path, help="folder for the store and index (kept for reuse)")
    parser.add_argument("--per-kind", type=int, default=50, help="queries of each kind")
    parser.add_argument("--procs", type=int, default=2, help="processes generating the corpus")
    parser.add_argument("--corpus", type=Path,
                        help="a folder of corpus JSONL shards and bodies.yaml to read instead of generating")
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--fragments", type=int, default=1000,
                        help="random title fragments whose recall is measured (0: skip)")
    args = parser.parse_args(argv)

    from catalogue.stores import open_store
    from index import open_index

    work = args.work or Path(f"/tmp/catalogue-search-latency-{args.items}")
    work.mkdir(parents=True, exist_ok=True)
    with open_store(work / "catalogue.db") as store:
        if 0 < store.count() < args.items:
            parser.error(f"{work} holds {store.count()} items, fewer than {args.items}")
        if store.count() == 0:
            seconds = fill_store(store, args.items, args.procs, args.corpus)
            _log(f"store: {args.items} items in {seconds:.0f} s")
        start = time.perf_counter()

        def progress(done, total):
            if done % 10000 == 0:
                _log(f"indexed {done} of {total}, {time.perf_counter() - start:.0f} s")

        with open_index(work / "index", store, cache_dir=work, progress=progress) as idx:
            built = time.perf_counter() - start
            if idx.built:
                print(f"build: {args.items} items in {built:.0f} s = {args.items / built:.0f} items/s, "
                      f"index {dir_size_mb(work / 'index'):.0f} MiB")
            start = time.perf_counter()
            idx.wait_until_warm()
            print(f"postings cache warmed in the background in {time.perf_counter() - start:.0f} s")
            sample = list(islice(store.iter_items(), SAMPLE))
            queries = make_queries(sample, per_kind=args.per_kind)
            start = time.perf_counter()
            idx.search(queries[0].query)
            print(f"first search: {(time.perf_counter() - start) * 1000:.0f} ms")
            for query in queries[:20]:      # warm the postings cache a little, as a running server is
                idx.search(query.query, query.filters or None)
            timings = {kind: [] for kind in KINDS}
            for query in queries:
                start = time.perf_counter()
                idx.search(query.query, query.filters or None, page=1, per_page=10)
                timings[query.kind].append(time.perf_counter() - start)
            print(f"{'kind':<10}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
            every = []
            for kind, seconds in timings.items():
                every.extend(seconds)
                s = summary_ms(seconds)
                print(_row(kind, s))
            s = summary_ms(every)
            print(_row("all", s))
            prefixes = [q.query[:n] for q in queries if q.kind == "word" for n in (1, 2)]
            print(_row("suggest", summary_ms(_time_suggest(idx, prefixes))))
            prefixes = [q.query[:n] for q in queries if q.kind == "pinyin" and q.query.isascii() for n in (3, 5)]
            print(_row("suggest py", summary_ms(_time_suggest(idx, prefixes))))
            if args.fragments:
                titles = list(islice(store.iter_items(), 0, None, max(1, args.items // 10000)))
                recall = fragment_recall(idx, titles, args.fragments)
                print(f"title fragment recall: {recall:.2%} of {args.fragments} fragments "
                      f"(2-10 Han characters) from {len(titles)} titles")
            saves = summary_ms(time_saves(store, idx, args.saves))
            print(f"saved item searchable: p50 {saves['p50']:.0f} ms, p95 {saves['p95']:.0f} ms")
    print(f"peak RSS {peak_rss_mb():.0f} MiB")


if __name__ == "__main__":
    main()
