"""From ``catalogue serve`` to fast searches: a server started on a home whose index is there, timed from the start.

    python -m benchmarks.warm_start --home DIR [--queries FILE | --mix-size 4000] [--seconds 60] [--json FILE]

Draws the query mix first (distinct queries, ``queries.wide_mix``, from the
home's first ``--sample`` items, or ``--queries``: a ``queries.json``), then
starts ``catalogue serve`` on the home (its index built: the restart of a
server) and, WITHOUT waiting for any warm-up to be reported, from the moment
the process is started:

- ``listening_s``: until the server says ``serving`` (it listens);
- ``first_answer_s``: until the first ``/api/search`` of the mix answers 200
  (the server answers 503 while it opens its index);
- then ``--clients`` clients (default 1) send the mix's queries one after
  another, each a new one (no result cache), and every request is kept with
  its time; meanwhile ``/api/health`` is polled every 0.5 s, only to say
  when the server itself reports its warm-up done (``health_warm_s``);
- ``steady_p95_ms``: the p95 of the last ``--steady`` queries (default 200)
  of a run that lasts at least ``--seconds`` and goes on until the health
  said warm and ``--steady`` queries more were answered (or ``--bound``);
- ``first_steady_s``: the end of the first window of ``--window`` queries
  (default 20) in a row whose p95 is within ``--factor`` (1.5) times the
  steady p95; ``stays_steady_s``: the end of the first such window after
  which every window is within it too (the stricter figure);
- p50/p95 per 10 s of the run (``buckets``).

Prints one line per figure and the JSON of them all; the server is always
stopped with its session (SIGTERM, then SIGKILL), also on Ctrl-C or
SIGTERM of this command. A measurement: it asserts nothing.

What can go wrong: a home without a catalogue (``SystemExit``); a server
that never answers a search within ``--bound`` (``first_answer_s`` is
``null``).
"""

import argparse
import collections
import http.client
import json
import signal
import sys
import threading
import time
from pathlib import Path

from benchmarks import http_load
from benchmarks.measure import percentile

POLL_S = 0.05
HEALTH_POLL_S = 0.5
BUCKET_S = 10


def _get(port, path, timeout=30):
    """``(status, seconds)`` of one GET on a new connection; status ``None`` when nothing answers."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    began = time.perf_counter()
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - began
    except (OSError, http.client.HTTPException):
        return None, time.perf_counter() - began
    finally:
        conn.close()


def mix_paths(args):
    """The URLs of the mix: ``--queries`` as they are, else a wide mix drawn from the home."""
    if args.queries:
        return http_load.paths_for("/api/search", http_load.mix_params(args.queries))
    return http_load.wide_paths(http_load.home_sample(args.home, args.sample), args.mix_size, args.seed)


def steady_points(latencies, steady_p95, window, factor):
    """``(first, stays)``: indexes of the last query of the first window within ``factor`` × ``steady_p95``
    and of the first such window after which every window is within it; ``None`` where there is none."""
    limit = factor * steady_p95
    within = [percentile(latencies[i:i + window], 95) <= limit for i in range(len(latencies) - window + 1)]
    first = next((i + window - 1 for i, ok in enumerate(within) if ok), None)
    stays = None
    for i in range(len(within) - 1, -1, -1):
        if not within[i]:
            break
        stays = i + window - 1
    return first, stays


def analyse(timeline, started, steady=100, window=20, factor=1.5, bucket=BUCKET_S):
    """Figures of a run's ``timeline`` (``(end, seconds, ok, path)`` sorted by end; times monotonic)."""
    ok = [(entry[0], entry[1]) for entry in timeline if entry[2]]
    kinds = collections.Counter(entry[4] if len(entry) > 4 else "error" for entry in timeline if not entry[2])
    figures = {"queries": len(timeline), "errors": len(timeline) - len(ok), "error_kinds": dict(kinds)}
    if len(ok) < window:
        return figures
    latencies = [took * 1000 for _end, took in ok]
    steady_p95 = percentile(latencies[-steady:], 95)
    first, stays = steady_points(latencies, steady_p95, window, factor)
    figures.update(steady_p95_ms=steady_p95, steady_p50_ms=percentile(latencies[-steady:], 50),
                   steady_queries=min(steady, len(latencies)), window=window, factor=factor,
                   first_steady_s=None if first is None else ok[first][0] - started,
                   stays_steady_s=None if stays is None else ok[stays][0] - started,
                   first_window_p95_ms=percentile(latencies[:window], 95))
    buckets = {}
    for end, took in ok:
        buckets.setdefault(int((end - started) // bucket), []).append(took * 1000)
    figures["buckets"] = [{"from_s": k * bucket, "n": len(v), "p50": percentile(v, 50), "p95": percentile(v, 95),
                           "max": max(v)} for k, v in sorted(buckets.items())]
    return figures


def measure(home, paths, *, processes=1, threads=8, clients=1, seconds=60, steady=200, window=20, factor=1.5,
            bound=600, log=print):
    """Start the server on ``home`` and time it as the module docstring says; returns the figures."""
    if len(paths) < 2:
        raise ValueError("the mix needs at least two queries")
    process = None
    stop = threading.Event()
    health = {}
    try:
        started = time.monotonic()
        process, port = http_load.start_server(home, threads, demo=False, processes=processes)
        figures = {"processes": processes, "threads": threads, "clients": clients, "mix": len(paths),
                   "listening_s": time.monotonic() - started}
        refused = 0
        while time.monotonic() - started < bound:
            status, took = _get(port, paths[0])
            if status == 200:
                figures.update(first_answer_s=time.monotonic() - started, first_answer_ms=took * 1000,
                               refused_before=refused)
                break
            refused += 1
            time.sleep(POLL_S)
        else:
            figures["first_answer_s"] = None
            return figures
        log(f"listening after {figures['listening_s']:.1f} s, first search answered after "
            f"{figures['first_answer_s']:.1f} s ({refused} refused before)")

        def watch_health():
            while not stop.is_set():
                status, _took = _get(port, "/api/health")
                if status is not None and status != 503:
                    health["warm_s"] = time.monotonic() - started
                    return
                stop.wait(HEALTH_POLL_S)

        watcher = threading.Thread(target=watch_health, name="health", daemon=True)
        watcher.start()
        feeder = http_load.Feeder(paths[1:], cycle=True)
        deadline = started + bound
        workers = [http_load.Client("127.0.0.1", port, [], 0, deadline, feeder=feeder, record=True, stop=stop)
                   for _ in range(clients)]
        for worker in workers:
            worker.start()
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = time.monotonic()
            if now - started < seconds or "warm_s" not in health:
                continue
            warm_at = started + health["warm_s"]
            after = sum(1 for w in workers for end, *_ in list(w.timeline) if end > warm_at)
            if after >= steady:
                break
        stop.set()
        for worker in workers:
            worker.join(60)
        watcher.join(5)
        timeline = sorted(entry for w in workers for entry in w.timeline)
        figures.update(analyse(timeline, started, steady, window, factor))
        figures.update(health_warm_s=health.get("warm_s"), repeats=feeder.repeats,
                       run_s=time.monotonic() - started)
        return figures
    finally:
        stop.set()
        if process is not None:
            http_load.stop_server(process)


def _s(value):
    return "-" if value is None else f"{value:.1f} s"


def summary_lines(f):
    """The figures of ``measure`` as a few lines of text."""
    lines = [f"listening {_s(f.get('listening_s'))}, first search answer {_s(f.get('first_answer_s'))}"
             + (f" ({f['first_answer_ms']:.0f} ms; {f['refused_before']} refused before)"
                if f.get("first_answer_ms") is not None else "")]
    if f.get("steady_p95_ms") is not None:
        lines.append(f"steady p95 {f['steady_p95_ms']:.0f} ms (p50 {f['steady_p50_ms']:.0f}, last "
                     f"{f['steady_queries']} queries); first window of {f['window']} within {f['factor']:g}x: "
                     f"{_s(f['first_steady_s'])}; within it from then on: {_s(f['stays_steady_s'])}; "
                     f"first window p95 {f['first_window_p95_ms']:.0f} ms")
        lines.append(f"/api/health said warm after {_s(f.get('health_warm_s'))}; {f['queries']} queries in "
                     f"{f['run_s']:.0f} s, {f['errors']} errors, {f['repeats']} repeats of the mix")
        lines.append("p95 per 10 s from the start, ms: " + ", ".join(
            f"{b['from_s']}s {b['p95']:.0f}" for b in f["buckets"]))
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.warm_start", description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="a catalogue home with its index built")
    parser.add_argument("--queries", type=Path, help="a query mix (queries.json) instead of one drawn from the home")
    parser.add_argument("--mix-size", type=int, default=4000, help="distinct queries drawn (default 4000)")
    parser.add_argument("--sample", type=int, default=3000, help="items the mix is drawn from (default 3000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--processes", type=int, default=1, help="catalogue serve --processes (default 1)")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--clients", type=int, default=1, help="clients sending the mix (default 1)")
    parser.add_argument("--seconds", type=float, default=60, help="shortest run (default 60)")
    parser.add_argument("--steady", type=int, default=200, help="last queries the steady p95 is taken of (default 200)")
    parser.add_argument("--window", type=int, default=20)
    parser.add_argument("--factor", type=float, default=1.5)
    parser.add_argument("--bound", type=float, default=600, help="longest run, s (default 600)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not args.home.is_dir():
        parser.error(f"--home {args.home}: no catalogue there")
    paths = mix_paths(args)
    figures = measure(args.home, paths, processes=args.processes, threads=args.threads, clients=args.clients,
                      seconds=args.seconds, steady=args.steady, window=args.window, factor=args.factor,
                      bound=args.bound)
    for line in summary_lines(figures):
        print(line)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
