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


class Client(threading.Thread):
    """One keep-alive connection sending requests until ``deadline``."""

    def __init__(self, host, port, paths, start, deadline):
        super().__init__(daemon=True)
        self.host, self.port, self.deadline = host, port, deadline
        self.paths = itertools.islice(itertools.cycle(paths), start, None)
        self.latencies, self.errors = [], 0
        self.kinds = collections.Counter()     # errors by kind: "HTTP 503", "ConnectionResetError", …

    def run(self):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        while time.monotonic() < self.deadline:
            path = next(self.paths)
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
            if ok:
                self.latencies.append(time.perf_counter() - began)
            else:
                self.errors += 1
                self.kinds[kind] += 1
        conn.close()


def percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


def phase(host, port, paths, clients, seconds):
    deadline = time.monotonic() + seconds
    started = time.monotonic()
    # Clients start evenly spread over the list: with a long query mix each
    # asks different queries until it wraps around (then the result cache answers).
    workers = [Client(host, port, paths, i * len(paths) // clients, deadline) for i in range(clients)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    latencies = sorted(x for w in workers for x in w.latencies)
    return {"requests": len(latencies), "errors": sum(w.errors for w in workers), "elapsed": elapsed,
            "rps": len(latencies) / elapsed,
            "p50": percentile(latencies, .50) * 1000, "p95": percentile(latencies, .95) * 1000,
            "p99": percentile(latencies, .99) * 1000}


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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server (default: start `catalogue serve --demo`)")
    parser.add_argument("--clients", type=int, default=8, help=f"concurrent clients, 1-{MAX_CLIENTS}")
    parser.add_argument("--seconds", type=float, default=10, help=f"length of each phase, at most {MAX_SECONDS}")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of unmeasured load first")
    parser.add_argument("--threads", type=int, default=8, help="server threads when this script starts it")
    parser.add_argument("--processes", type=int, default=1,
                        help="server processes when this script starts it (catalogue serve --processes)")
    parser.add_argument("--home", type=Path,
                        help="serve this catalogue home (e.g. a benchmark's ours-work) instead of the demo")
    parser.add_argument("--queries", type=Path,
                        help="a benchmark query mix (queries.json) instead of the built-in queries "
                             "(the warm-up then uses the built-in ones, so the mix meets a cold result cache)")
    parser.add_argument("--endpoints", default="/search,/api/search", help="comma-separated, timed in turn")
    args = parser.parse_args(argv)
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
                process, port = start_server(args.home, args.threads, demo=False, processes=args.processes)
            else:
                workdir = tempfile.TemporaryDirectory(prefix="http-load-")
                print("starting catalogue serve --demo (loads and indexes the demo items) …", flush=True)
                process, port = start_server(Path(workdir.name) / "home", args.threads,
                                             processes=args.processes)
            host = "127.0.0.1"
        print(f"server ready after {wait_until_ready(host, port):.0f} s (its index warm-up)", flush=True)
        print(f"{args.clients} clients, {args.seconds:g} s per endpoint, {len(queries)} queries, "
              f"server {host}:{port}"
              + (f" with {args.processes} × {args.threads} threads" if process else ""))
        print(f"{'endpoint':<12} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}")
        for endpoint in args.endpoints.split(","):
            if args.warmup:
                phase(host, port, paths_for(endpoint, QUERIES), args.clients, args.warmup)
            r = phase(host, port, paths_for(endpoint, queries), args.clients, args.seconds)
            print(f"{endpoint:<12} {r['requests']:>8} {r['rps']:>8.1f} {r['p50']:>8.1f} {r['p95']:>8.1f} "
                  f"{r['p99']:>8.1f} {r['errors']:>6}", flush=True)
            if r["requests"] > len(queries):
                print(f"  ({r['requests']} requests of {len(queries)} queries: repeats met the result cache)")
    finally:
        if process is not None:
            stop_server(process)
        if workdir is not None:
            workdir.cleanup()


if __name__ == "__main__":
    main()
