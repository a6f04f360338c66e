"""Two catalogue servers on one PostgreSQL: /api/search requests/s with one server and with two, and
the delay until an item added on one is found on the other (p50/p95).

    .venv/bin/python -m benchmarks.two_servers --store postgresql://user:pw@host/empty_db --items 10000

The store must be empty (a fresh database, or a schema chosen with
``?options=-csearch_path%3Dname``); the corpus (``benchmarks.corpus``) is
imported into it, then two ``catalogue serve`` processes start on it, each
with its own home and index, configured by ``CATALOGUE_STORE`` as a fleet
would be. Load: ``--clients`` keep-alive clients for ``--seconds`` on the
built-in query mix of ``benchmarks.http_load`` (repeats meet the result
cache), first all on server A, then half on each. Propagation: ``--samples``
items added through one server's write API (alternating A and B), each
timed from the moment its POST returned until a search on the other server
finds it (polled every 10 ms). A measurement, not a test: it asserts
nothing, and on a machine with few cores two servers share them.
"""

import argparse
import os
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.baseline import corpus_files
from benchmarks.http_load import QUERIES, paths_for, percentile, phase, start_server, stop_server, wait_until_ready
from benchmarks.many_writers import call, found_once, token_for
from benchmarks.run import prepare_corpus
from catalogue.home import Home
from catalogue.importer import import_files

POLL_S = 0.01


def _serve(home, store, threads):
    """``catalogue serve`` of ``home`` with ``CATALOGUE_STORE=store``: ``(process, port)``."""
    os.environ["CATALOGUE_STORE"] = store   # inherited by the server process started now
    try:
        return start_server(home, threads, demo=False)
    finally:
        del os.environ["CATALOGUE_STORE"]


def _load(ports, clients, seconds):
    """``phase`` on each port at once, ``clients`` shared among them; the summed requests/s and the worst p95."""
    results, threads = [], []
    share = max(1, clients // len(ports))
    paths = paths_for("/api/search", QUERIES)
    for port in ports:
        threads.append(threading.Thread(target=lambda p=port: results.append(
            phase("127.0.0.1", p, paths, share, seconds))))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(r["rps"] for r in results), max(r["p95"] for r in results), sum(r["errors"] for r in results)


def _propagation(bases, token, samples):
    """Seconds from each POST's answer on one server until the other's search finds the item."""
    delays = []
    for n in range(samples):
        writer, reader = bases[n % 2], bases[(n + 1) % 2]
        title = f"宾县关于第{n}批惠农补贴发放情况的传播测试公示"
        status, answer = call(writer + "api/items", {
            "title": title, "issuer": "宾县人民政府", "publish_date": "2012-03-20",
            "secrecy_checked_by": "王丽（县政府办公室）", "body": "传播延迟测试。"}, token=token)
        if status != 201:
            raise SystemExit(f"adding an item failed: {status} {answer}")
        written = time.perf_counter()
        index_no = answer["item"]["index_no"]
        while not found_once(reader, index_no, title):
            if time.perf_counter() - written > 60:
                raise SystemExit(f"{index_no} not found on {reader} after 60 s")
            time.sleep(POLL_S)
        delays.append(time.perf_counter() - written)
    return sorted(delays)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.two_servers", description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", required=True, help="an empty postgresql:// store")
    parser.add_argument("--items", type=int, default=10000, help="corpus items imported first (default 10000)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent search clients (default 8)")
    parser.add_argument("--seconds", type=float, default=10, help="length of each load phase (default 10)")
    parser.add_argument("--threads", type=int, default=8, help="threads of each server (default 8)")
    parser.add_argument("--samples", type=int, default=40, help="items timed for propagation (default 40)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="two-servers-") as folder:
        folder = Path(folder)
        corpus = folder / "corpus"
        prepare_corpus(corpus, args.items, 0, 1)
        first = Home(folder / "server-a", store=args.store)
        first.init(bodies=corpus / "bodies.yaml")
        with first.open_store() as store:
            if store.count(status=None):
                raise SystemExit(f"{store.where} already holds items: give an empty store")
            import_files(store, corpus_files(corpus), progress=False, actor="benchmarks.two_servers")
        token = token_for(first)
        servers = []
        try:
            for name in ("server-a", "server-b"):
                servers.append(_serve(folder / name, args.store, args.threads))
            ports = [port for _process, port in servers]
            for port in ports:
                wait_until_ready("127.0.0.1", port)
            _load(ports[:1], args.clients, 2)       # unmeasured: the result cache and connections
            _load(ports, args.clients, 2)
            one = _load(ports[:1], args.clients, args.seconds)
            two = _load(ports, args.clients, args.seconds)
            delays = _propagation([f"http://127.0.0.1:{p}/" for p in ports], token, args.samples)
        finally:
            for process, _port in servers:
                stop_server(process)
    print(f"{args.items} items, {args.clients} clients, {args.seconds:g} s per phase, /api/search, "
          f"{os.cpu_count()} cores")
    print(f"one server:  {one[0]:7.1f} req/s  (p95 {one[1]:.0f} ms, {one[2]} errors)")
    print(f"two servers: {two[0]:7.1f} req/s  (p95 {two[1]:.0f} ms, {two[2]} errors)")
    print(f"propagation between servers over {len(delays)} items: p50 {percentile(delays, .5) * 1000:.0f} ms, "
          f"p95 {percentile(delays, .95) * 1000:.0f} ms, max {delays[-1] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
