"""Small measuring helpers shared by the benchmark sides: percentiles, RSS, sizes, query timing.

What can go wrong: nothing beyond ``OSError`` reading a folder that
vanished while being sized.
"""

import argparse
import json
import os
import resource
import threading
import time
from pathlib import Path

from benchmarks.queries import Query


def percentile(values, p):
    """The ``p``-th percentile (0-100) by linear interpolation; ``None`` for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100.0
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary_ms(seconds):
    """``{"n", "p50", "p95", "p99", "max"}`` in milliseconds for a list of durations in seconds."""
    ms = [s * 1000.0 for s in seconds]
    return {"n": len(ms), "p50": percentile(ms, 50), "p95": percentile(ms, 95),
            "p99": percentile(ms, 99), "max": max(ms) if ms else None}


def peak_rss_mb():
    """This process's peak resident set size in MiB (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def dir_size_mb(path):
    """Total size of the files under ``path`` in MiB (0 when it does not exist)."""
    path = Path(path)
    if path.is_file():
        return path.stat().st_size / 2**20
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except FileNotFoundError:   # a merge removed a segment file while we walked
                pass
    return total / 2**20


def private_tempdir(folder):
    """Make ``folder`` this process's temporary directory (and its children's, through TMPDIR).

    So whatever a build spills through ``tempfile`` (Whoosh's own spills go
    into the index folder) is in one place a ``DiskSampler`` watches.
    """
    import tempfile

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["TMPDIR"] = str(folder)
    tempfile.tempdir = str(folder)
    return folder


class DiskSampler:
    """Sizes of some folders sampled every ``every`` seconds in a thread: the peak of each and of their sum.

    ``with DiskSampler({"index": path, "tmp": other}) as disk: build()``;
    then ``disk.figures()`` is ``{"peak_<name>_mb", "peak_total_mb",
    "samples"}``. Spill files count while they exist (a folder is walked as
    it is at each sample, so a file made and removed between two samples is
    missed: ``every`` bounds what can be missed).
    """

    def __init__(self, folders, every=2.0):
        self.folders, self.every = dict(folders), every
        self.peaks = {name: 0.0 for name in self.folders}
        self.peak_total, self.samples = 0.0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="disk-sampler", daemon=True)

    def sample(self):
        sizes = {name: dir_size_mb(path) for name, path in self.folders.items()}
        for name, size in sizes.items():
            self.peaks[name] = max(self.peaks[name], size)
        self.peak_total = max(self.peak_total, sum(sizes.values()))
        self.samples += 1

    def _run(self):
        while not self._stop.wait(self.every):
            self.sample()

    def __enter__(self):
        self.sample()
        self._thread.start()
        return self

    def stop(self):
        """End the sampling with a last sample; once (a second call does nothing)."""
        if not self._stop.is_set():
            self._stop.set()
            self._thread.join()
            self.sample()

    def __exit__(self, *exc):
        self.stop()

    def figures(self):
        return {**{f"peak_{name}_mb": peak for name, peak in self.peaks.items()},
                "peak_total_mb": self.peak_total, "samples": self.samples, "every_s": self.every}


# Warm-up calls that load dictionaries and open searchers without putting
# any query of the mix into a result cache (which would make it look free).
WARMUP = (
    Query("warmup", "预热查询", {}),
    Query("warmup", "预热 测试 一下", {}),
    Query("warmup", "", {"year": [(2008, 2026)]}),
    Query("warmup", '"预热测试"', {"year": [2008]}),
)


def time_queries(queries, run_one, warmup=WARMUP):
    """Run each query through ``run_one(query) -> total`` and time it.

    The ``warmup`` queries run first, untimed (the first call's time is
    reported apart as ``first_query_ms``). Returns ``{"first_query_ms",
    "kinds": {kind: summary}, "all": summary, "zero_hits": {kind: n},
    "errors": {kind: [messages]}}``.
    """
    result = {"first_query_ms": None, "kinds": {}, "zero_hits": {}, "errors": {}}
    for n, query in enumerate(warmup):
        start = time.perf_counter()
        try:
            run_one(query)
        except Exception:   # a warm-up failure shows again in the timed pass
            pass
        if n == 0:
            result["first_query_ms"] = (time.perf_counter() - start) * 1000.0
    times, every = {}, []
    for query in queries:
        start = time.perf_counter()
        try:
            total = run_one(query)
        except Exception as exc:   # a benchmark reports failures, it does not stop at them
            result["errors"].setdefault(query.kind, []).append(f"{query.query!r}: {exc!r}"[:300])
            continue
        elapsed = time.perf_counter() - start
        times.setdefault(query.kind, []).append(elapsed)
        every.append(elapsed)
        if not total:
            result["zero_hits"][query.kind] = result["zero_hits"].get(query.kind, 0) + 1
    result["kinds"] = {kind: summary_ms(values) for kind, values in times.items()}
    result["all"] = summary_ms(every)
    return result


def side_parser(prog, doc):
    """The command line shared by the benchmark sides (corpus, queries, work folder, figures file)."""
    parser = argparse.ArgumentParser(prog=prog, description=doc.split("\n")[0])
    parser.add_argument("--corpus", required=True, help="folder of JSONL shards and bodies.yaml")
    parser.add_argument("--queries", required=True, help="JSON file written by benchmarks.queries")
    parser.add_argument("--work", required=True, help="folder for this side's files (emptied first)")
    parser.add_argument("--json", required=True, help="where to write the figures")
    return parser


def write_figures(path, figures):
    Path(path).write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
