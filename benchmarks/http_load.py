"""Bounded HTTP load on the web app: N concurrent clients for T seconds against /search and /api/search.

By default it starts ``catalogue serve --demo`` on a free port in a fresh
temporary home (a separate process, so the clients and the server do not
share one interpreter lock), warms it up, then runs one timed phase per
endpoint and prints requests per second, latency percentiles and errors.
``--url`` measures a server that is already running instead.

    .venv/bin/python benchmarks/http_load.py --clients 8 --seconds 10

Each client is a thread with one keep-alive connection, cycling through the
query list from its own starting point. This is a measurement, not a test:
it asserts nothing and its figures depend on the machine.
"""

import argparse
import collections
import contextlib
import http.client
import itertools
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
MAX_CLIENTS, MAX_SECONDS = 64, 300
WARM_LIMIT_S = 900      # longest wait for a server's index warm-up

# Words people type into a provincial disclosure catalogue, a doc number, a
# Traditional query, and searches narrowed by filters.
QUERIES = [
    {"q": "政务公开"}, {"q": "政府信息公开"}, {"q": "财政预算"}, {"q": "行政审批"},
    {"q": "年度报告"}, {"q": "依申请公开"}, {"q": "工作要点"}, {"q": "黑政办发〔2011〕43号"},
    {"q": "哈尔滨"}, {"q": "政務公開"}, {"q": "考核评议"}, {"q": "网站建设"},
    {"q": "公开", "year": "2012"}, {"q": "通知", "sort": "date"},
    {"issuer": "黑龙江省人民政府办公厅"}, {"q": "公开", "page": "2"}, {},
]


def paths_for(endpoint, queries):
    return [endpoint + ("?" + urlencode(q, doseq=True) if q else "") for q in queries]


def mix_params(path):
    """URL parameters of each query of a benchmark query mix (``queries.json`` of ``benchmarks.run``).

    Filters become repeated parameters, a year range ``[from, to]`` becomes
    ``from..to``, as the search page writes them.

    What can go wrong: a file that cannot be read or is not such a mix
    raises ``ValueError`` naming the file (and the entry).
    """
    try:
        entries = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not a readable query mix: {exc}") from None
    return params_of(entries, path)


def params_of(entries, source="the query mix"):
    """URL parameters of each entry of a query mix (``Query.to_json()`` dicts); see ``mix_params``."""
    if not isinstance(entries, list):
        raise ValueError(f"{source}: a query mix is a JSON list of queries")
    params = []
    for number, entry in enumerate(entries, 1):
        try:
            one = {"q": entry["query"]} if entry["query"] else {}
            for name, values in (entry.get("filters") or {}).items():
                one[name] = [f"{v[0]}..{v[1]}" if isinstance(v, (list, tuple)) else str(v) for v in values]
        except (KeyError, TypeError, AttributeError, IndexError):
            raise ValueError(f"{source}: query {number} is not "
                             '{"query": "...", "filters": {"name": [values]}}') from None
        params.append(one)
    return params


class Feeder:
    """The paths of a mix handed out to several clients, each path once (thread-safe).

    ``next()`` is ``None`` once every path was taken (``cycle=False``), or
    starts the mix again and counts the ``repeats`` (``cycle=True``).
    """

    def __init__(self, paths, cycle=False):
        if not paths:
            raise ValueError("an empty mix")
        self._paths, self._cycle = list(paths), cycle
        self._lock = threading.Lock()
        self.taken, self.repeats, self.exhausted = 0, 0, False

    def next(self):
        with self._lock:
            if self.taken >= len(self._paths):
                if not self._cycle:
                    self.exhausted = True
                    return None
                self.repeats += 1
            path = self._paths[self.taken % len(self._paths)]
            self.taken += 1
            return path


class Client(threading.Thread):
    """One keep-alive connection sending requests until ``deadline``.

    Paths come from ``paths`` cycled from ``start`` or, given a ``feeder``
    (``Feeder``), from it until it runs dry. With ``record`` every request
    is kept in ``timeline`` as ``(monotonic time it ended, seconds, ok, path, what went wrong or "")``.
    ``stop`` (a ``threading.Event``) ends the client before its deadline.
    """

    def __init__(self, host, port, paths, start, deadline, feeder=None, record=False, stop=None):
        super().__init__(daemon=True)
        self.host, self.port, self.deadline = host, port, deadline
        self.paths = itertools.islice(itertools.cycle(paths), start, None) if feeder is None else None
        self.feeder, self.record, self.stop = feeder, record, stop
        self.latencies, self.errors = [], 0
        self.timeline = []
        self.kinds = collections.Counter()     # errors by kind: "HTTP 503", "ConnectionResetError", …

    def _next_path(self):
        return next(self.paths) if self.feeder is None else self.feeder.next()

    def run(self):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        while time.monotonic() < self.deadline and not (self.stop is not None and self.stop.is_set()):
            path = self._next_path()
            if path is None:
                break
            began = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                kind = f"HTTP {response.status}"
            except (OSError, http.client.HTTPException) as exc:
                ok, kind = False, type(exc).__name__
                conn.close()
                conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            took = time.perf_counter() - began
            if self.record:
                self.timeline.append((time.monotonic(), took, ok, path, "" if ok else kind))
            if ok:
                self.latencies.append(took)
            else:
                self.errors += 1
                self.kinds[kind] += 1
        conn.close()


def percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


def phase(host, port, paths, clients, seconds, distinct=False):
    """``clients`` clients on ``paths`` for ``seconds``: requests, errors, elapsed, rps, p50/p95/p99 (ms).

    ``distinct``: the clients share one pass over ``paths`` (``Feeder``), so
    no request repeats another and none can be answered by a result cache;
    the phase ends early when the mix runs out (``exhausted``).
    """
    deadline = time.monotonic() + seconds
    started = time.monotonic()
    feeder = Feeder(paths) if distinct else None
    # Clients start evenly spread over the list: with a long query mix each
    # asks different queries until it wraps around (then the result cache answers).
    workers = [Client(host, port, paths, i * len(paths) // clients, deadline, feeder=feeder)
               for i in range(clients)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    latencies = sorted(x for w in workers for x in w.latencies)
    result = {"requests": len(latencies), "errors": sum(w.errors for w in workers), "elapsed": elapsed,
              "rps": len(latencies) / elapsed,
              "p50": percentile(latencies, .50) * 1000, "p95": percentile(latencies, .95) * 1000,
              "p99": percentile(latencies, .99) * 1000,
              "error_kinds": dict(sum((w.kinds for w in workers), start=collections.Counter()))}
    if distinct:
        result.update(distinct=True, exhausted=feeder.exhausted, mix=len(paths))
    return result


def start_server(home, threads, demo=True, processes=1, options=()):
    """``catalogue serve [--demo] [OPTIONS]`` of ``home`` on a free port; returns (process, port).

    The server runs in a session of its own, so ``stop_server`` can end
    whatever it started and left.
    """
    command = [sys.executable, "-m", "web.cli", "--home", str(home), "serve", "--port", "0",
               "--threads", str(threads), "--processes", str(processes), *options] + (["--demo"] if demo else [])
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    # The server's log (waitress notes every queued request under load) would drown the table.
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, start_new_session=True)
    for line in process.stdout:
        if line.startswith("serving "):
            port = int(urlsplit(line.split(" on ", 1)[1].split()[0]).port)
            # Keep draining its output so the server never blocks on a full pipe.
            threading.Thread(target=process.stdout.read, daemon=True).start()
            return process, port
    raise SystemExit(f"the server did not start (exit status {process.wait()})")


def stop_server(process, wait=20):
    """SIGTERM, then SIGKILL to the server's whole session after ``wait`` s; reaped either way.

    SIGTERM, not SIGINT: a shell running this in the background makes its
    children ignore SIGINT.
    """
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        pass
    # Server processes that `--processes N` started and somehow outlived it go too.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def wait_until_ready(host, port, limit=WARM_LIMIT_S):
    """Poll ``/api/health`` until the server's index is warm; returns the seconds waited.

    Load during the warm-up measures the warm-up, not the server (see
    benchmarks/RESULTS.md). A server without the endpoint (404) counts as ready.
    """
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        conn = http.client.HTTPConnection(host, port, timeout=30)
        try:
            conn.request("GET", "/api/health")
            status = conn.getresponse().status
        finally:
            conn.close()
        if status != 503:
            break
        time.sleep(1)
    return time.perf_counter() - start


def home_sample(home, count):
    """The first ``count`` items of the catalogue home at ``home`` (the sample a query mix is drawn from)."""
    from catalogue.home import Home

    with Home(home).open_store() as store:
        return list(itertools.islice(store.iter_items(), count))


def wide_paths(items, size, seed=0, endpoint="/api/search"):
    """``size`` distinct search URLs of the benchmark's query mix drawn from ``items`` (``queries.wide_mix``)."""
    from benchmarks.queries import wide_mix

    return paths_for(endpoint, params_of([q.to_json() for q in wide_mix(items, size, seed)]))


def process_counts(text):
    """``"1,2,3"`` as ``[1, 2, 3]`` (``argparse`` type of ``--processes``)."""
    try:
        counts = [int(part) for part in str(text).split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give a number of processes or several, e.g. 1,2,3") from None
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: each number of processes must be 1 or more")
    return counts


def memory_row(memory):
    """``RSS / PSS / USS / own`` totals of a ``soak.tree_memory`` answer, as a table cell (MiB).

    ``own`` is the processes' anonymous memory (their heaps); the rest of RSS
    is mapped files' pages, the page cache every process shares. ``-`` in
    figures of a run that did not record it.
    """
    total = memory["total"]
    own = total.get("anon_mb")
    return (f"{total['rss_mb']:.0f} / {total['pss_mb']:.0f} / {total['uss_mb']:.0f} / "
            f"{'-' if own is None else format(own, '.0f')}")


def load_on_home(home, paths, processes=(1,), clients=8, seconds=30, warmup=2, threads=8, distinct=True,
                 log=print):
    """``catalogue serve --processes N`` on ``home`` for each N in turn: the load's figures and the memory.

    Each N gets a fresh server (so nothing of one run is cached in the next),
    waits for ``/api/health`` (a steady-state figure), ``warmup`` seconds of
    the built-in queries, then ``phase`` with ``paths`` (``distinct``: each
    path once), then the RSS, PSS and USS of the server and each process
    under it (``soak.tree_memory``). Returns ``{N: figures}``; every server
    is stopped, also on an exception or Ctrl-C.
    """
    from benchmarks.soak import tree_memory

    warm_paths = paths_for("/api/search", QUERIES)
    paths = [path for path in paths if path not in set(warm_paths)]   # the warm-up's answers are cached
    results = {}
    for count in processes:
        process = None
        try:
            process, port = start_server(home, threads, demo=False, processes=count)
            ready = wait_until_ready("127.0.0.1", port)
            if warmup:
                phase("127.0.0.1", port, warm_paths, clients, warmup)
            figures = phase("127.0.0.1", port, paths, clients, seconds, distinct=distinct)
            figures.update(processes=count, threads=threads, clients=clients, ready_after_s=ready,
                           memory=tree_memory(process.pid))
            results[count] = figures
            log(f"{count} × {threads} threads: {figures['rps']:.1f} req/s, p95 {figures['p95']:.0f} ms, "
                f"{figures['errors']} errors; RSS / PSS / USS / own, MiB: {memory_row(figures['memory'])}")
        finally:
            if process is not None:
                stop_server(process)
    return results


def print_load_table(results, out=print):
    """One line per number of server processes, then each process's memory."""
    out(f"{'processes':<10} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}"
        f"  {'RSS / PSS / USS / own MiB (all processes)':>42}")
    for count, r in sorted(results.items()):
        out(f"{count:<10} {r['requests']:>8} {r['rps']:>8.1f} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['p99']:>8.1f} "
            f"{r['errors']:>6}  {memory_row(r['memory']):>42}")
    for count, r in sorted(results.items()):
        cells = ", ".join(f"pid {p['pid']} {p['rss_mb']:.0f}/{p['pss_mb']:.0f}/{p['uss_mb']:.0f}"
                          f"/{p['anon_mb']:.0f}" if "anon_mb" in p else
                          f"pid {p['pid']} {p['rss_mb']:.0f}/{p['pss_mb']:.0f}/{p['uss_mb']:.0f}"
                          for p in r["memory"]["processes"])
        out(f"  {count} processes, RSS/PSS/USS/own MiB each: {cells}")
        if r.get("errors") and r.get("error_kinds"):
            out(f"  {count} processes, errors by kind: "
                + ", ".join(f"{kind} {n}" for kind, n in sorted(r["error_kinds"].items())))
        if r.get("exhausted"):
            out(f"  {count} processes: the mix of {r['mix']} queries ran out after {r['elapsed']:.1f} s "
                "(give a wider --mix-size)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server (default: start `catalogue serve --demo`)")
    parser.add_argument("--clients", type=int, default=8, help=f"concurrent clients, 1-{MAX_CLIENTS}")
    parser.add_argument("--seconds", type=float, default=10, help=f"length of each phase, at most {MAX_SECONDS}")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of unmeasured load first")
    parser.add_argument("--threads", type=int, default=8, help="server threads when this script starts it")
    parser.add_argument("--processes", type=process_counts, default=[1],
                        help="server processes when this script starts it (catalogue serve --processes); "
                             "several, e.g. 1,2,3, measure each in turn with --home (a fresh server each)")
    parser.add_argument("--home", type=Path,
                        help="serve this catalogue home (e.g. a benchmark's ours-work) instead of the demo")
    parser.add_argument("--queries", type=Path,
                        help="a benchmark query mix (queries.json) instead of the built-in queries "
                             "(the warm-up then uses the built-in ones, so the mix meets a cold result cache)")
    parser.add_argument("--endpoints", default="/search,/api/search", help="comma-separated, timed in turn")
    parser.add_argument("--distinct", action="store_true",
                        help="the clients share one pass over the mix: no request repeats another (so none "
                             "meets the result cache); a phase ends early when the mix runs out")
    parser.add_argument("--mix-size", type=int,
                        help="with --home: draw this many DISTINCT queries of the benchmark mix from the "
                             "home's first --sample items (implies --distinct; /api/search only)")
    parser.add_argument("--sample", type=int, default=3000, help="items --mix-size draws from (default 3000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the --mix-size draw")
    parser.add_argument("--json", type=Path, help="with --home and --mix-size: write the figures here")
    args = parser.parse_args(argv)
    if args.mix_size:
        if not args.home or args.url:
            parser.error("--mix-size needs --home (the mix is drawn from its items) and no --url")
        return _wide_main(args)
    if len(args.processes) > 1:
        parser.error("several --processes need --home and --mix-size")
    if not 1 <= args.clients <= MAX_CLIENTS or not 0 < args.seconds <= MAX_SECONDS:
        parser.error(f"--clients must be 1-{MAX_CLIENTS} and --seconds 0-{MAX_SECONDS}")

    try:    # before the server starts: a bad file should not cost its start-up
        queries = mix_params(args.queries) if args.queries else QUERIES
    except ValueError as exc:
        parser.error(f"--queries: {exc}")

    process, workdir = None, None
    try:
        if args.url:
            parts = urlsplit(args.url)
            host, port = parts.hostname, parts.port or 80
        else:
            if args.home:
                print(f"starting catalogue serve on {args.home} …", flush=True)
                process, port = start_server(args.home, args.threads, demo=False, processes=args.processes[0])
            else:
                workdir = tempfile.TemporaryDirectory(prefix="http-load-")
                print("starting catalogue serve --demo (loads and indexes the demo items) …", flush=True)
                process, port = start_server(Path(workdir.name) / "home", args.threads,
                                             processes=args.processes[0])
            host = "127.0.0.1"
        print(f"server ready after {wait_until_ready(host, port):.0f} s (its index warm-up)", flush=True)
        print(f"{args.clients} clients, {args.seconds:g} s per endpoint, {len(queries)} queries, "
              f"server {host}:{port}"
              + (f" with {args.processes[0]} × {args.threads} threads" if process else ""))
        print(f"{'endpoint':<12} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}")
        for endpoint in args.endpoints.split(","):
            if args.warmup:
                phase(host, port, paths_for(endpoint, QUERIES), args.clients, args.warmup)
            r = phase(host, port, paths_for(endpoint, queries), args.clients, args.seconds, distinct=args.distinct)
            print(f"{endpoint:<12} {r['requests']:>8} {r['rps']:>8.1f} {r['p50']:>8.1f} {r['p95']:>8.1f} "
                  f"{r['p99']:>8.1f} {r['errors']:>6}", flush=True)
            if r.get("exhausted"):
                print(f"  (the {len(queries)} queries ran out after {r['elapsed']:.1f} s: each was asked once)")
            elif r["requests"] > len(queries):
                print(f"  ({r['requests']} requests of {len(queries)} queries: repeats met the result cache)")
    finally:
        if process is not None:
            stop_server(process)
        if workdir is not None:
            workdir.cleanup()


def _wide_main(args):
    """``--home`` with ``--mix-size``: each of ``--processes`` in turn on a wide mix of distinct queries."""
    print(f"drawing {args.mix_size} distinct queries from the first {args.sample} items of {args.home} …",
          flush=True)
    paths = wide_paths(home_sample(args.home, args.sample), args.mix_size, args.seed)
    print(f"{args.clients} clients, {args.seconds:g} s per server, {len(paths)} distinct /api/search queries, "
          f"{args.threads} threads per process", flush=True)
    results = load_on_home(args.home, paths, args.processes, args.clients, args.seconds, args.warmup,
                           args.threads, log=lambda line: print("  " + line, flush=True))
    print_load_table(results)
    if args.json:
        args.json.write_text(json.dumps({"mix": len(paths), "clients": args.clients, "seconds": args.seconds,
                                         "by_processes": results}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
