"""The benchmark in one command: corpus, query mix, the project's index and the naive baseline.

    python -m benchmarks.run --items 100000 [--out DIR]

Steps: generate the corpus (JSONL shards plus the registry as bodies.yaml;
reused when the folder already holds the same items and seed), draw the
query mix, then run each side in its own process so that its peak RSS is its
own: ``benchmarks.ours`` (store import, index build, ``idx.search``,
save-to-searchable) and ``benchmarks.baseline`` (naive Whoosh). Prints one
table with both sides and the ratio, and writes ``figures.json`` in DIR.

What can go wrong: a side that fails (its exit status and the tail of its
error output are printed and stored; the other side still runs); index/
not there yet (run with ``--sides baseline``).
"""

import argparse
import datetime as _dt
import json
import os
import platform
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml

from benchmarks import corpus as _corpus
from benchmarks.queries import KINDS, make_queries, write_queries

SIDES = ("ours", "baseline")
QUERY_SAMPLE = 1000   # items the query mix is drawn from (the corpus's first ones)


def _log(message):
    print(message, file=sys.stderr, flush=True)


def prepare_corpus(folder, items, seed, procs):
    """Write the corpus shards and bodies.yaml into ``folder`` unless the same corpus is there."""
    folder = Path(folder)
    manifest = folder / "manifest.json"
    wanted = {"items": items, "seed": seed, "generator": _corpus.VERSION}
    if manifest.exists() and json.loads(manifest.read_text(encoding="utf-8")) == wanted:
        _log(f"corpus: reusing {folder}")
        return None
    for old in folder.glob("items-*.jsonl"):
        old.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    bodies = [{k: v for k, v in body.items() if v} for body in _corpus.build_bodies()]
    with open(folder / "bodies.yaml", "w", encoding="utf-8") as fh:
        yaml.safe_dump(bodies, fh, allow_unicode=True, sort_keys=False)
    start = time.perf_counter()
    _corpus.write_shards(_corpus.generate(items, seed, procs), folder)
    seconds = time.perf_counter() - start
    manifest.write_text(json.dumps(wanted), encoding="utf-8")
    _log(f"corpus: {items} items in {seconds:.0f} s")
    return seconds


def run_side(side, out, *, saves, seed, profile):
    """Run one side in a child process; returns its figures (or an ``error`` entry)."""
    result = out / f"{side}.json"
    result.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", f"benchmarks.{side}", "--corpus", str(out / "corpus"),
           "--queries", str(out / "queries.json"), "--work", str(out / f"{side}-work"),
           "--json", str(result)]
    if side == "ours":
        cmd += ["--saves", str(saves), "--seed", str(seed)]
        if profile:
            cmd += ["--profile", str(out / "ours-profile.txt"),
                    "--profile-queries", str(out / "profile-queries.json")]
    else:
        cmd += ["--progress", "10000"]
    _log(f"{side}: {' '.join(cmd[1:])}")
    start = time.perf_counter()
    tail = []
    # Its own process group: when this command is stopped (``timeout``, Ctrl-C) the side
    # and the writer processes it started stop with it instead of running on for hours.
    with subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, start_new_session=True,
                          cwd=Path(__file__).resolve().parent.parent) as proc:
        try:
            for line in proc.stderr:   # progress lines as they come; the rest kept for a failure report
                if line.startswith(("ours:", "baseline:")):
                    _log(line.rstrip())
                tail = (tail + [line.rstrip()])[-15:]
        except BaseException:
            os.killpg(proc.pid, signal.SIGTERM)
            raise
    if proc.returncode or not result.exists():
        tail = "\n".join(tail)
        _log(f"{side}: FAILED (exit {proc.returncode})\n{tail}")
        return {"side": side, "error": f"exit {proc.returncode}", "stderr_tail": tail}
    figures = json.loads(result.read_text(encoding="utf-8"))
    figures["wall_seconds"] = time.perf_counter() - start
    return figures


def _kept_side(out, side, items):
    """A side's figures left in ``out`` by an earlier (or concurrent) run of the same corpus."""
    path = out / f"{side}.json"
    if not path.exists():
        return None
    figures = json.loads(path.read_text(encoding="utf-8"))
    return figures if figures.get("items") == items else None


def _fmt(value, digits=0):
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def _ratio(base, ours):
    if not base or not ours:
        return "-"
    return f"{base / ours:.1f}x"


def report(figures):
    """The one table: build, size, latency per kind with the ratio, memory, save-to-searchable."""
    ours, base = figures["sides"].get("ours", {}), figures["sides"].get("baseline", {})
    lines = [f"benchmark: {figures['items']:,} items, seed {figures['seed']}, {figures['date']}, "
             f"{figures['machine']['cpus']} CPUs, Python {figures['machine']['python']}"]
    if figures.get("corpus_seconds"):
        lines.append(f"corpus generated in {figures['corpus_seconds']:.0f} s")
    for side, data in (("ours", ours), ("baseline", base)):
        if data.get("error"):
            lines.append(f"{side}: FAILED ({data['error']})")
    lines.append(f"{'':28}{'ours':>12}{'baseline':>12}{'ratio':>9}")
    lines.append(f"{'build, items/s':28}{_fmt(ours.get('build_items_per_s')):>12}"
                 f"{_fmt(base.get('build_items_per_s')):>12}"
                 f"{_ratio(ours.get('build_items_per_s'), base.get('build_items_per_s')):>9}")
    lines.append(f"{'store import, items/s':28}{_fmt(ours.get('import_items_per_s')):>12}{'':>12}")
    lines.append(f"{'index size, MiB':28}{_fmt(ours.get('index_mb')):>12}{_fmt(base.get('index_mb')):>12}")
    lines.append(f"{'peak RSS, MiB':28}{_fmt(ours.get('peak_rss_mb')):>12}{_fmt(base.get('peak_rss_mb')):>12}")
    if ours.get("warmup_seconds") is not None:
        lines.append(f"{'warm-up after build, s':28}{_fmt(ours['warmup_seconds']):>12}")
    if ours.get("build_reused"):
        lines.append("  (ours: store and index reused from an earlier run; build figures are that run's)")
    oq, bq = ours.get("queries", {}), base.get("queries", {})
    lines.append(f"{'first query, ms':28}{_fmt(oq.get('first_query_ms')):>12}"
                 f"{_fmt(bq.get('first_query_ms')):>12}")
    lines.append("search call latency, ms (page of 10, facets, highlights): p50 / p95 / p99")
    for kind in KINDS + ("all",):
        o = oq.get("kinds", {}).get(kind) if kind != "all" else oq.get("all")
        b = bq.get("kinds", {}).get(kind) if kind != "all" else bq.get("all")
        o, b = o or {}, b or {}
        cells = []
        for p in ("p50", "p95", "p99"):
            cells.append(f"{_fmt(o.get(p)):>7} {_fmt(b.get(p)):>7} {_ratio(b.get(p), o.get(p)):>6}")
        lines.append(f"  {kind:10} " + " | ".join(cells))
    lines.append("  (each cell: ours, baseline, baseline/ours)")
    for side, q in (("ours", oq), ("baseline", bq)):
        if q.get("zero_hits"):
            lines.append(f"  {side} queries with no hits: {q['zero_hits']}")
        if q.get("errors"):
            lines.append(f"  {side} query errors: { {k: len(v) for k, v in q['errors'].items()} }")
    save = ours.get("save_to_search")
    if save:
        lines.append(f"saved item searchable after, ms: p50 {_fmt(save.get('p50'))}, "
                     f"p95 {_fmt(save.get('p95'))}, max {_fmt(save.get('max'))} "
                     f"({save.get('n')} saves, {save.get('timeouts')} timeouts)")
    return "\n".join(lines)


def main(argv=None):
    # ``timeout`` sends SIGTERM: turn it into SystemExit so the running side is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=100000, help="corpus size (default 100000)")
    parser.add_argument("--out", help="folder for corpus, indexes and figures (default benchmarks/out/N)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-kind", type=int, default=50, help="queries of each kind (default 50)")
    parser.add_argument("--saves", type=int, default=20, help="saves timed for save-to-searchable")
    parser.add_argument("--sides", default="ours,baseline", help="comma-separated: ours, baseline")
    parser.add_argument("--procs", type=int, default=os.cpu_count() or 1, help="corpus generator processes")
    parser.add_argument("--profile", action="store_true", help="also profile ours over the query mix")
    parser.add_argument("--keep", action="store_true",
                        help="report a side not run now from its figures left in --out by another run")
    args = parser.parse_args(argv)
    sides = [s.strip() for s in args.sides.split(",") if s.strip()]
    unknown = set(sides) - set(SIDES)
    if unknown:
        parser.error(f"--sides: unknown {', '.join(sorted(unknown))} (choose from {', '.join(SIDES)})")
    out = Path(args.out or f"benchmarks/out/{args.items}").resolve()
    out.mkdir(parents=True, exist_ok=True)
    figures = {"items": args.items, "seed": args.seed, "per_kind": args.per_kind,
               "date": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
               "command": "python -m benchmarks.run " + " ".join(argv if argv is not None else sys.argv[1:]),
               "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                           "platform": platform.platform()},
               "sides": {}}
    figures["corpus_seconds"] = prepare_corpus(out / "corpus", args.items, args.seed, args.procs)
    queries = make_queries(_corpus.generate(min(args.items, QUERY_SAMPLE), args.seed), args.per_kind,
                           args.seed)
    write_queries(queries, out / "queries.json")
    if args.profile:
        write_queries(make_queries(_corpus.generate(min(args.items, QUERY_SAMPLE), args.seed),
                                   args.per_kind, args.seed + 1), out / "profile-queries.json")
    for side in sides:
        figures["sides"][side] = run_side(side, out, saves=args.saves, seed=args.seed, profile=args.profile)
    if args.keep:
        # Read at the end: the other side may have been running meanwhile in another command.
        for side in set(SIDES) - set(sides):
            kept = _kept_side(out, side, args.items)
            if kept:
                figures["sides"][side] = kept
    (out / "figures.json").write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    text = report(figures)
    (out / "report.txt").write_text(text + "\n", encoding="utf-8")
    print(text)
    if args.profile and (out / "ours-profile.txt").exists():
        print(f"profile of ours over the query mix: {out / 'ours-profile.txt'}")


if __name__ == "__main__":
    main()
