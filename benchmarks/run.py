"""The benchmark in one command: corpus, query mix, the project's index and the naive baseline.

    python -m benchmarks.run --items 100000 [--out DIR]

Steps: generate the corpus (JSONL shards plus the registry as bodies.yaml;
reused when the folder already holds the same items and seed), draw the
query mix, then run each side in its own process so that its peak RSS is its
own: ``benchmarks.ours`` (store import, index build, ``idx.search``,
save-to-searchable) and ``benchmarks.baseline`` (naive Whoosh); then, unless
``--no-serve-figures``, ``benchmarks.serve_figures`` on ours' home (warm
start, HTTP load with 1-3 server processes and their memory, searches during
saves and an import; a wide mix of distinct queries in wide-queries.json).
Prints one table with both sides and the ratio, the server's figures and
the targets of issue 15, and writes ``figures.json`` in DIR.

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
from benchmarks.queries import KINDS, make_queries, wide_mix, write_queries

SIDES = ("ours", "baseline")
QUERY_SAMPLE = 1000   # items the query mix is drawn from (the corpus's first ones)
WIDE_SAMPLE = 3000    # items the wide mix of distinct queries (the server's figures) is drawn from


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
    return run_child(side, cmd, result)


def run_child(name, cmd, result):
    """Run ``cmd`` (a benchmark module) in its own process group; its figures from ``result`` or an error entry.

    Progress lines it writes to stderr (``ours:``, ``baseline:``, ``serve:``)
    are passed on; the tail of the rest is kept for a failure report. When
    this command is stopped (``timeout``, Ctrl-C), the child gets SIGTERM
    and is waited for, so the servers and writer processes it started stop
    with it.
    """
    _log(f"{name}: {' '.join(cmd[1:])}")
    start = time.perf_counter()
    tail = []
    # Its own process group: when this command is stopped (``timeout``, Ctrl-C) the side
    # and the writer processes it started stop with it instead of running on for hours.
    with subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, start_new_session=True,
                          cwd=Path(__file__).resolve().parent.parent) as proc:
        try:
            for line in proc.stderr:   # progress lines as they come; the rest kept for a failure report
                if line.startswith(("ours:", "baseline:", "serve:")):
                    _log(line.rstrip())
                tail = (tail + [line.rstrip()])[-15:]
        except BaseException:
            os.killpg(proc.pid, signal.SIGTERM)
            raise
    if proc.returncode or not result.exists():
        tail = "\n".join(tail)
        _log(f"{name}: FAILED (exit {proc.returncode})\n{tail}")
        return {"side": name, "error": f"exit {proc.returncode}", "stderr_tail": tail}
    figures = json.loads(result.read_text(encoding="utf-8"))
    figures["wall_seconds"] = time.perf_counter() - start
    return figures


def run_serve(out, args):
    """``benchmarks.serve_figures`` on ours' home (``ours-work``) with the wide mix; its figures."""
    result = out / "serve.json"
    result.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "benchmarks.serve_figures", "--home", str(out / "ours-work"),
           "--queries", str(out / "wide-queries.json"), "--json", str(result),
           "--steps", args.serve_steps, "--processes", args.load_processes,
           "--clients", str(args.load_clients), "--seconds", str(args.load_seconds),
           "--warm-seconds", str(args.warm_seconds), "--import-items", str(args.import_items),
           "--saves", str(args.saves), "--seed", str(args.seed)]
    return run_child("serve", cmd, result)


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
    ratios = kind_ratios(oq)
    if ratios:
        lines.append("ours, each kind's p95 / the overall p95: "
                     + ", ".join(f"{kind} {ratio:.2f}x" for kind, ratio in ratios.items()))
    lines += build_lines(ours, base)
    if figures.get("serve"):
        if figures["serve"].get("error") and not any(k in figures["serve"] for k in ("warm", "load", "writing")):
            lines.append(f"server figures: FAILED ({figures['serve']['error']})")
        else:
            from benchmarks.serve_figures import report_lines
            lines += report_lines(figures["serve"])
    lines += target_lines(figures)
    return "\n".join(lines)


def kind_ratios(queries):
    """``{kind: its p95 / the overall p95}`` of one side's ``queries`` figures (empty without them)."""
    overall = (queries.get("all") or {}).get("p95")
    if not overall:
        return {}
    return {kind: data["p95"] / overall for kind, data in queries.get("kinds", {}).items() if data.get("p95")}


def build_lines(ours, base):
    """End-to-end build time and the build's peak disk use against the corpus size."""
    lines = []
    if ours.get("import_build_seconds") is not None:
        lines.append(f"ours, store import + index build, end to end: {_fmt(ours['import_build_seconds'])} s "
                     f"(build {_fmt(ours.get('build_seconds'))} s)")
    for side, data in (("ours", ours), ("baseline", base)):
        disk = data.get("build_disk")
        if not disk:
            continue
        folders = ", ".join(f"{name[5:-3]} {_fmt(value, 1)}" for name, value in disk.items()
                            if name.startswith("peak_") and name.endswith("_mb") and name != "peak_total_mb")
        lines.append(f"{side}, peak disk during the build, MiB: {folders}; together {_fmt(disk['peak_total_mb'], 1)}"
                     f" = {_fmt(disk.get('peak_ratio'), 2)}x the corpus ({_fmt(disk.get('corpus_mb'), 1)} MiB of "
                     f"JSONL); index after it {_fmt(data.get('index_mb'), 1)} MiB = "
                     f"{_fmt(disk.get('index_ratio'), 2)}x (sampled every {disk.get('every_s')} s, "
                     f"{disk.get('samples')} samples)")
    return lines


# Issue 15 ("Province scale"): (what, target, the sizes it is set at).
P95_TARGETS_MS = {100_000: 50, 1_000_000: 300}
QPS_TARGET = (100_000, 150)


def target_lines(figures):
    """The figures issue 15 sets targets for, each with its target and whether it is met at this size."""
    items = figures["items"]
    ours = figures["sides"].get("ours", {})
    queries = ours.get("queries", {})
    serve = figures.get("serve") or {}
    rows = []
    p95 = (queries.get("all") or {}).get("p95")
    target = P95_TARGETS_MS.get(items)
    rows.append(("search call p95, ms", _fmt(p95), "<= 50 at 100k, <= 300 at 1M",
                 _verdict(p95 is not None and target is not None and p95 <= target, target is not None, p95)))
    ratios = kind_ratios(queries)
    worst = max(ratios.items(), key=lambda kv: kv[1]) if ratios else None
    rows.append(("worst kind p95 / overall p95", f"{worst[1]:.2f} ({worst[0]})" if worst else "-", "< 2",
                 _verdict(worst is not None and worst[1] < 2, True, worst)))
    by = {int(k): v for k, v in ((serve.get("load") or {}).get("by_processes") or {}).items()}
    if by:
        best = max(by.values(), key=lambda r: r["rps"])
        cell = ", ".join(f"{n}p {r['rps']:.0f} ({r['errors']} err)" for n, r in sorted(by.items()))
        met = best["rps"] >= QPS_TARGET[1] and best["errors"] == 0 and not best.get("exhausted")
        rows.append(("/api/search new queries/s, 8 clients", cell, ">= 150 at 100k, no errors",
                     _verdict(met, items == QPS_TARGET[0], best)))
    warm = serve.get("warm") or {}
    if warm.get("first_answer_s") is not None:
        steady = warm.get("first_steady_s")
        rows.append(("serve to first answer / steady, s",
                     f"{_fmt(warm['first_answer_s'], 1)} / {_fmt(steady, 1)} (stays {_fmt(warm.get('stays_steady_s'), 1)})",
                     "<= 10", _verdict(steady is not None and steady <= 10, True, steady)))
    save = ours.get("save_to_search") or {}
    http_save = (serve.get("writing") or {}).get("save_to_search") or {}
    if save.get("p95") is not None or http_save.get("p95") is not None:
        worst_save = max(v for v in (save.get("p95"), http_save.get("p95")) if v is not None)
        rows.append(("saved item searchable p95, ms",
                     f"{_fmt(save.get('p95'))} in-process, {_fmt(http_save.get('p95'))} over HTTP", "<= 1,000",
                     _verdict(worst_save <= 1000, True, worst_save)))
    phases = (serve.get("writing") or {}).get("phases") or {}
    for name in ("saves", "import"):
        if name in phases and phases[name].get("max") is not None:
            one = phases[name]
            worst_ms = one["max"]
            rows.append((f"slowest search during {name}, ms",
                         f"{_fmt(worst_ms)} (p95 {_fmt(one['p95'])}; {one.get('over_2s', 0)} over 2 s, "
                         f"{one.get('errors', 0)} errors)", "<= 2,000, no errors",
                         _verdict(worst_ms <= 2000 and not one.get("errors"), True, worst_ms)))
    if not rows:
        return []
    lines = [f"issue 15 targets at {items:,} items:"]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for what, value, target_text, verdict in rows:
        lines.append(f"  {what:<{widths[0]}}  {value:<{widths[1]}}  target {target_text:<{widths[2]}}  {verdict}")
    return lines


def _verdict(met, applies, value):
    if value is None:
        return "-"
    if not applies:
        return "(set at another size)"
    return "met" if met else "NOT met"


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
    serve = parser.add_argument_group("the server's figures (benchmarks.serve_figures on ours' home, after ours)")
    serve.add_argument("--no-serve-figures", dest="serve_figures", action="store_false",
                       help="skip them (warm start, HTTP load with 1-3 processes and their memory, "
                            "searches during saves and an import)")
    serve.add_argument("--serve-only", action="store_true",
                       help="run only them, on the ours-work an earlier run left in --out (its side figures "
                            "are reported as they are)")
    serve.add_argument("--serve-steps", default="warm,load,writing", help="of warm, load, writing (default all)")
    serve.add_argument("--mix-size", type=int, default=12000,
                       help="distinct queries of the wide mix (wide-queries.json; default 12000)")
    serve.add_argument("--load-processes", default="1,2,3", help="server processes of the load, in turn")
    serve.add_argument("--load-clients", type=int, default=8, help="clients of the load (default 8)")
    serve.add_argument("--load-seconds", type=float, default=30, help="load per number of processes (default 30)")
    serve.add_argument("--warm-seconds", type=float, default=60, help="shortest warm-start run (default 60)")
    serve.add_argument("--import-items", type=int, default=10000,
                       help="items of the bulk import searches run during (default 10000)")
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
    if args.serve_figures and ("ours" in sides or args.serve_only):
        wide = wide_mix(_corpus.generate(min(args.items, WIDE_SAMPLE), args.seed), args.mix_size, args.seed)
        write_queries(wide, out / "wide-queries.json")
    if args.serve_only:
        sides, args.keep = [], True
    for side in sides:
        figures["sides"][side] = run_side(side, out, saves=args.saves, seed=args.seed, profile=args.profile)
    if args.serve_figures and (args.serve_only or not figures["sides"].get("ours", {}).get("error")) \
            and ("ours" in sides or args.serve_only):
        if (out / "ours-work" / "catalogue.db").exists():
            figures["serve"] = run_serve(out, args)
        else:
            figures["serve"] = {"error": f"no ours-work in {out}: run ours first"}
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
