"""The two search paths on one store and index, alternating in one run: numpy (columns) against Python.

    python -m benchmarks.engines --home DIR --queries FILE [--rounds 2] [--json FILE]

``DIR`` is a catalogue home with its index built (``benchmarks.ours`` leaves
one in its ``--work`` folder). Each round opens the index once with each
engine (``open_index(..., engine=…)``, a fresh cache each time), waits for
its background warm-up, times the query mix (page of 10, facets,
highlights) and records every answer; the rounds alternate the engines so
both share the machine's state. Prints p50 / p95 / p99 per query kind and
engine, the ratio, the time to open (and the columns written, if the index
had none), and whether every answer (total, hits in order, facet counts,
named bodies) was the same on both.

What can go wrong: a home without an index builds one first (slow; timed
as the first opening).
"""

import argparse
import json
import sys
import time
from pathlib import Path

from benchmarks.measure import time_queries
from benchmarks.queries import read_queries

ENGINES = ("numpy", "python")


def _answer(result):
    return [result["total"], [i["id"] for i in result["items"]], result["facets"], result["bodies"]]


def one_round(home, queries, engine):
    """``(figures, answers)`` of the mix on a fresh index opened with ``engine``."""
    from index import open_index
    answers = []

    def run_one(query):
        result = idx.search(query=query.query, filters=query.filters or None, page=1, per_page=10)
        answers.append(_answer(result))
        return result["total"]

    with home.open_store() as store:
        start = time.perf_counter()
        with open_index(home.index_dir, store, engine=engine) as idx:
            opened = time.perf_counter() - start
            idx.wait_until_warm()
            warm = time.perf_counter() - start
            figures = time_queries(queries, run_one, warmup=())
            figures.update(open_seconds=opened, warm_seconds=warm, columns=idx.status()["columns"])
    return figures, answers


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", required=True)
    parser.add_argument("--queries", required=True)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    from catalogue.home import Home
    home = Home(Path(args.home))
    queries = read_queries(args.queries)
    rounds = {e: [] for e in ENGINES}
    answers = {}
    for n in range(args.rounds):
        for engine in ENGINES if n % 2 == 0 else ENGINES[::-1]:
            figures, got = one_round(home, queries, engine)
            rounds[engine].append(figures)
            answers.setdefault(engine, got)
            print(f"round {n + 1} {engine}: opened {figures['open_seconds']:.1f} s, warm {figures['warm_seconds']:.1f} s, "
                  f"p95 {figures['all']['p95']:.0f} ms, columns {figures['columns']}", file=sys.stderr, flush=True)
    same = sum(a == b for a, b in zip(answers["numpy"], answers["python"]))
    kinds = sorted({k for r in rounds["python"] for k in r["kinds"]}) + ["all"]
    print(f"{'kind':10} " + "  ".join(f"{e + ' p50/p95/p99':>22}" for e in ENGINES) + "   p95 python/numpy")
    table = {}
    for kind in kinds:
        cells, p95 = [], {}
        for engine in ENGINES:
            # the better round of each engine: the noise of a shared machine only ever adds
            best = min(rounds[engine], key=lambda r: (r["all"] if kind == "all" else r["kinds"][kind])["p95"])
            s = best["all"] if kind == "all" else best["kinds"][kind]
            p95[engine] = s["p95"]
            cells.append(f"{s['p50']:6.0f} {s['p95']:6.0f} {s['p99']:6.0f}".rjust(22))
            table.setdefault(engine, {})[kind] = s
        print(f"{kind:10} " + "  ".join(cells) + f"   {p95['python'] / max(p95['numpy'], 1e-9):8.1f}x")
    print(f"answers identical: {same} of {len(answers['numpy'])}")
    if args.json:
        Path(args.json).write_text(json.dumps({"rounds": rounds, "best": table, "identical": same,
                                               "queries": len(queries)}, indent=1), encoding="utf-8")
    return 0 if same == len(answers["numpy"]) else 1


if __name__ == "__main__":
    sys.exit(main())
