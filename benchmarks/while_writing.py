"""Searches while the index takes in writes: the query mix runs on ``catalogue serve`` during saves and a bulk import.

    python -m benchmarks.while_writing --home DIR [--saves 20] [--import-items 10000] [--clients 2] [--json FILE]

Draws a mix of distinct queries (``queries.wide_mix``) from the home's first
``--sample`` items (or takes ``--queries``), writes the import file (corpus
items ``benchmarks.corpus.generate_range`` far beyond the home's, index
numbers suffixed with this run's tag so a run can be repeated on the same
home) and makes an admin account for the write API, then starts
``catalogue serve`` on the home, waits until ``/api/health`` says it is warm,
and keeps ``--clients`` clients on the mix (each query once, cycled only
if the run outlasts the mix) through three phases:

1. ``quiet``: ``--quiet`` seconds without writes (the reference);
2. ``saves``: ``--saves`` items added one after another through
   ``POST /api/items`` (which answers once the item is in the index), each
   timed from the POST until ``/api/search`` for a word only it carries
   finds it (``save_to_search``), ``--save-gap`` seconds apart;
3. ``import``: ``catalogue import`` of ``--import-items`` items into the
   running server's store (another process, as a clerk would run it),
   timed until the process ends (``import_s``) and until a search finds the
   file's last item (``indexed_s``): the server's index has taken in the lot.

For each phase: the searches that started in it, their p50/p95 (answered
ones), the slowest (failed ones included: a client gives up after 30 s),
the errors by kind, and how many took over 2 s (the issue's bound). The home keeps what
was written (the saves and the import): run it last, after the other
measurements of a home. The server is always stopped with its session; so
is a running import, also on Ctrl-C or SIGTERM of this command.

What can go wrong: a home whose registry lacks the corpus's issuers (the
import adds them, ``--add-bodies``); a write refused (``SystemExit`` with
the answer); an import not searchable within ``--bound`` seconds
(``indexed_s`` is ``null``).
"""

import argparse
import collections
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

from benchmarks import http_load
from benchmarks.corpus import generate_range
from benchmarks.measure import percentile

SLOW_S = 2.0                # the bound for a search while writes are indexed
FAR = 50_000_000            # corpus numbers of the written items start here (beyond any home's corpus)
POLL_S = 0.02
PASSWORD = "bench-while-writing-1"


def run_tag():
    """A short tag unique to this run (index numbers, markers and the account carry it)."""
    return f"{int(time.time()) % 10**8:08d}"


def letters(digits):
    """``"0412"`` as ``"aebc"``: a marker of letters only is one word to every tokenizer."""
    return "".join(chr(ord("a") + int(d)) for d in str(digits))


def import_items(count, tag, seed=0):
    """``count`` corpus items for the bulk import; the last one's title carries ``import_marker(tag)``."""
    items = []
    for k, item in enumerate(generate_range(FAR, FAR + count, seed)):
        item["index_no"] = f"{item['index_no']}-w{tag}"
        items.append(item)
    if items:
        items[-1]["title"] = f"{items[-1]['title'][:200]} {import_marker(tag)}"
    return items


def import_marker(tag):
    return f"benchimp{letters(tag)}"


def save_bodies(count, tag, seed=0):
    """``(marker, POST body)`` of each save: a corpus item with a word only it carries in its title."""
    for k, item in enumerate(generate_range(FAR + 10_000_000, FAR + 10_000_000 + count, seed)):
        marker = f"benchsave{letters(tag)}{letters(f'{k:04d}')}"
        body = {name: value for name, value in item.items() if value not in (None, [], "")}
        body.pop("index_no", None)
        body.update(title=f"{item['title'][:200]} {marker}", status="published",
                    secrecy_checked_by="王丽（县政府办公室）")
        yield marker, body


def admin_token(home, tag):
    """A bearer token of a new admin account ``bench<tag>`` in ``home``'s store."""
    from catalogue import accounts
    from catalogue.home import Home

    with Home(home).open_store() as store:
        name = f"bench{tag}"
        accounts.add_user(store, name, PASSWORD, role="admin", actor="benchmarks.while_writing")
        return accounts.create_token(store, name, actor="benchmarks.while_writing")["token"]


def _found(base, word):
    from benchmarks.many_writers import call

    status, answer = call(base + "api/search?q=" + quote(word))
    return status == 200 and answer.get("total", 0) > 0


def do_saves(base, token, saves, gap, log=print):
    """POST each save and time it until a search finds it; ``{"post": [s], "searchable": [s or None]}``."""
    from benchmarks.many_writers import call

    posts, found = [], []
    for marker, body in saves:
        began = time.perf_counter()
        status, answer = call(base + "api/items", body, token=token)
        if status != 201:
            raise SystemExit(f"the write API refused a save: {status} {answer}")
        posts.append(time.perf_counter() - began)
        while time.perf_counter() - began < 30:
            if _found(base, marker):
                found.append(time.perf_counter() - began)
                break
            time.sleep(POLL_S)
        else:
            found.append(None)
        time.sleep(gap)
    log(f"{len(posts)} saves: searchable after p95 "
        f"{percentile([f for f in found if f is not None], 95) * 1000:.0f} ms")
    return {"post": posts, "searchable": found}


def do_import(home, path, marker, base, bound, log=print):
    """Run ``catalogue import`` of ``path`` while the server runs; time it and until ``marker`` is found."""
    command = [sys.executable, "-m", "web.cli", "--home", str(home), "import", "-q", "--add-bodies", str(path)]
    env = dict(os.environ, PYTHONPATH=str(http_load.ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    began = time.perf_counter()
    process = subprocess.Popen(command, cwd=http_load.ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=bound)
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    imported = time.perf_counter() - began
    if process.returncode:
        raise SystemExit(f"catalogue import failed (exit {process.returncode}): {output[-2000:]}")
    log(f"import done after {imported:.1f} s; waiting until the server's index has it")
    indexed = None
    while time.perf_counter() - began < bound:
        if _found(base, marker):
            indexed = time.perf_counter() - began
            break
        time.sleep(0.2)
    return {"import_s": imported, "indexed_s": indexed}


def phase_figures(timeline, start, end):
    """The searches that started in ``[start, end)``: count, errors, p50/p95/max and how many took over 2 s."""
    inside = [entry for entry in timeline if start <= entry[0] - entry[1] < end]
    ms = [entry[1] * 1000 for entry in inside if entry[2]]
    kinds = collections.Counter(entry[4] if len(entry) > 4 else "error" for entry in inside if not entry[2])
    return {"seconds": end - start, "searches": len(inside), "errors": sum(kinds.values()),
            "error_kinds": dict(kinds),
            "p50": percentile(ms, 50), "p95": percentile(ms, 95),
            # The slowest search, a failed one included (a client's 30 s timeout is a search that hung).
            "max": max(entry[1] for entry in inside) * 1000 if inside else None,
            "over_2s": sum(1 for entry in inside if entry[1] > SLOW_S)}


def measure(home, paths, *, saves=20, import_count=10000, clients=2, quiet=10, save_gap=0.5, threads=8,
            seed=0, bound=1800, log=print):
    """The three phases of the module docstring on ``home``; returns the figures."""
    home = Path(home)
    tag = run_tag()
    process, workers, stop = None, [], threading.Event()
    with tempfile.TemporaryDirectory(prefix="while-writing-") as scratch:
        bulk = Path(scratch) / f"import-{tag}.jsonl"
        with open(bulk, "w", encoding="utf-8") as fh:
            for item in import_items(import_count, tag, seed):
                fh.write(json.dumps(item, ensure_ascii=False) + "\n")
        token = admin_token(home, tag)
        try:
            process, port = http_load.start_server(home, threads, demo=False)
            base = f"http://127.0.0.1:{port}/"
            warm = http_load.wait_until_ready("127.0.0.1", port)
            log(f"server warm after {warm:.0f} s; {clients} clients on {len(paths)} distinct queries")
            feeder = http_load.Feeder(paths, cycle=True)
            workers = [http_load.Client("127.0.0.1", port, [], 0, time.monotonic() + bound * 2, feeder=feeder,
                                        record=True, stop=stop) for _ in range(clients)]
            for worker in workers:
                worker.start()
            marks = {"quiet": time.monotonic()}
            time.sleep(quiet)
            marks["saves"] = time.monotonic()
            saved = do_saves(base, token, save_bodies(saves, tag, seed), save_gap, log) if saves else None
            marks["import"] = time.monotonic()
            imported = do_import(home, bulk, import_marker(tag), base, bound, log) if import_count else None
            marks["end"] = time.monotonic()
        finally:
            stop.set()
            for worker in workers:
                worker.join(60)
            if process is not None:
                http_load.stop_server(process)
    timeline = sorted(entry for w in workers for entry in w.timeline)
    names = ["quiet", "saves", "import"]
    figures = {"tag": tag, "clients": clients, "mix": len(paths), "repeats": feeder.repeats,
               "ready_after_s": warm, "phases": {}}
    for name, after in zip(names, names[1:] + ["end"]):
        figures["phases"][name] = phase_figures(timeline, marks[name], marks[after])
    if saved:
        found = [f for f in saved["searchable"] if f is not None]
        figures["save_to_search"] = {"n": len(saved["post"]), "timeouts": len(saved["post"]) - len(found),
                                     "post_p95_ms": percentile(saved["post"], 95) * 1000,
                                     "p50": percentile(found, 50) * 1000 if found else None,
                                     "p95": percentile(found, 95) * 1000 if found else None,
                                     "max": max(found) * 1000 if found else None}
    if imported:
        figures["import"] = dict(imported, items=import_count)
    return figures


def _ms(value):
    return "-" if value is None else f"{value:,.0f}"


def summary_lines(f):
    """The figures of ``measure`` as a small table."""
    lines = [f"{'phase':<8} {'seconds':>8} {'searches':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
             f"{'> 2 s':>6} {'errors':>6}"]
    for name, p in f["phases"].items():
        lines.append(f"{name:<8} {p['seconds']:>8.1f} {p['searches']:>9} {_ms(p['p50']):>8} {_ms(p['p95']):>8} "
                     f"{_ms(p['max']):>8} {p['over_2s']:>6} {p['errors']:>6}")
    for name, p in f["phases"].items():
        if p.get("error_kinds"):
            lines.append(f"  errors during {name}: " + ", ".join(f"{k} {n}" for k, n in sorted(p["error_kinds"].items())))
    save = f.get("save_to_search")
    if save:
        lines.append(f"saves through the write API ({save['n']}): POST p95 {_ms(save['post_p95_ms'])} ms; "
                     f"searchable after p50 {_ms(save['p50'])}, p95 {_ms(save['p95'])}, max {_ms(save['max'])} ms, "
                     f"{save['timeouts']} timeouts")
    imp = f.get("import")
    if imp:
        indexed = "-" if imp["indexed_s"] is None else f"{imp['indexed_s']:.1f} s"
        lines.append(f"import of {imp['items']:,} items: catalogue import {imp['import_s']:.1f} s, "
                     f"searchable (the server's index has them) after {indexed}")
    if f.get("repeats"):
        lines.append(f"({f['repeats']} searches repeated a query of the mix: give a wider --mix-size)")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.while_writing", description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="a catalogue home with its index built")
    parser.add_argument("--queries", type=Path, help="a query mix (queries.json) instead of one drawn from the home")
    parser.add_argument("--mix-size", type=int, default=8000, help="distinct queries drawn (default 8000)")
    parser.add_argument("--sample", type=int, default=3000, help="items the mix is drawn from (default 3000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--saves", type=int, default=20, help="items saved through the write API (default 20)")
    parser.add_argument("--save-gap", type=float, default=0.5, help="seconds between saves (default 0.5)")
    parser.add_argument("--import-items", type=int, default=10000, help="items of the bulk import (default 10000)")
    parser.add_argument("--clients", type=int, default=2, help="search clients (default 2)")
    parser.add_argument("--quiet", type=float, default=10, help="seconds of searches before any write (default 10)")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--bound", type=float, default=1800, help="longest wait for the import, s (default 1800)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not args.home.is_dir():
        parser.error(f"--home {args.home}: no catalogue there")
    from benchmarks.warm_start import mix_paths

    paths = mix_paths(args)
    figures = measure(args.home, paths, saves=args.saves, import_count=args.import_items, clients=args.clients,
                      quiet=args.quiet, save_gap=args.save_gap, threads=args.threads, seed=args.seed,
                      bound=args.bound)
    for line in summary_lines(figures):
        print(line)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
