"""The server's figures of a benchmark home, in one process: warm start, HTTP load with 1-3 processes, writes.

    python -m benchmarks.serve_figures --home DIR [--queries FILE] --json FILE [--steps warm,load,writing]

Runs, in this order, each against ``catalogue serve`` on ``--home`` (a
fresh server each time, so no result cache carries over):

1. ``warm`` (``benchmarks.warm_start``): from the start of the process to
   the first search answer and to steady-state speed;
2. ``load`` (``benchmarks.http_load.load_on_home``): ``--clients`` clients
   on ``/api/search`` for ``--seconds`` with each of ``--processes`` server
   processes, every request a query not asked before; RSS, PSS and USS of
   each server process after the load;
3. ``writing`` (``benchmarks.while_writing``): the mix during saves through
   the write API and during a ``catalogue import`` of ``--import-items``;
   this one leaves what it wrote in the home, so it runs last.

The query mix is ``--queries`` (``benchmarks.run`` writes ``wide-queries.json``:
distinct queries drawn with ``queries.wide_mix``), else drawn from the home.
``--json`` is rewritten after each step, so a failing step keeps the figures
of the steps before it (the failure is recorded as ``{"error": …}``).
``benchmarks.run`` runs this after ``ours`` unless ``--no-serve-figures``.

What can go wrong: a step that fails (its error is recorded and the next
step runs); every server is stopped with its session, also on Ctrl-C or
SIGTERM.
"""

import argparse
import json
import signal
import sys
import time
import traceback
from pathlib import Path

from benchmarks import http_load, warm_start, while_writing

STEPS = ("warm", "load", "writing")


def _log(message):
    print(f"serve: {message}", file=sys.stderr, flush=True)


def run_steps(home, paths, steps=STEPS, *, processes=(1, 2, 3), clients=8, seconds=30, warm_seconds=60,
              import_items=10000, saves=20, write_clients=2, threads=8, seed=0, json_path=None):
    """The ``steps`` in order; returns ``{step: figures or {"error"}}`` (written to ``json_path`` after each)."""
    figures = {"home": str(home), "mix": len(paths), "steps": list(steps)}

    def keep():
        if json_path:
            Path(json_path).write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")

    for step in steps:
        began = time.perf_counter()
        _log(f"{step}: starting")
        try:
            if step == "warm":
                result = warm_start.measure(home, paths, threads=threads, seconds=warm_seconds, log=_log)
            elif step == "load":
                by = http_load.load_on_home(home, paths, processes, clients, seconds, threads=threads, log=_log)
                result = {"clients": clients, "seconds": seconds, "by_processes": by}
            elif step == "writing":
                result = while_writing.measure(home, paths, saves=saves, import_count=import_items,
                                               clients=write_clients, threads=threads, seed=seed, log=_log)
            else:
                raise ValueError(f"unknown step {step!r} (choose from {', '.join(STEPS)})")
        except Exception as exc:   # a benchmark reports a failed step and goes on with the next
            result = {"error": repr(exc)[:500], "traceback": traceback.format_exc()[-3000:]}
            _log(f"{step}: FAILED {exc!r}")
        result["step_seconds"] = time.perf_counter() - began
        figures[step] = result
        keep()
        _log(f"{step}: done in {result['step_seconds']:.0f} s")
    return figures


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.serve_figures", description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="a catalogue home with its index built")
    parser.add_argument("--queries", type=Path, help="the query mix (default: drawn from the home)")
    parser.add_argument("--mix-size", type=int, default=12000, help="distinct queries drawn without --queries")
    parser.add_argument("--sample", type=int, default=3000, help="items the mix is drawn from")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, required=True, help="where to write the figures")
    parser.add_argument("--steps", default=",".join(STEPS), help=f"comma-separated, of {', '.join(STEPS)}")
    parser.add_argument("--processes", type=http_load.process_counts, default=[1, 2, 3],
                        help="server processes of the load step, in turn (default 1,2,3)")
    parser.add_argument("--clients", type=int, default=8, help="clients of the load step (default 8)")
    parser.add_argument("--seconds", type=float, default=30, help="load per number of processes, s (default 30)")
    parser.add_argument("--warm-seconds", type=float, default=60, help="shortest warm-start run, s (default 60)")
    parser.add_argument("--import-items", type=int, default=10000, help="items of the writing step's import")
    parser.add_argument("--saves", type=int, default=20, help="saves of the writing step (default 20)")
    parser.add_argument("--write-clients", type=int, default=2, help="search clients of the writing step")
    parser.add_argument("--threads", type=int, default=8, help="threads of each server process")
    args = parser.parse_args(argv)
    steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    if set(steps) - set(STEPS):
        parser.error(f"--steps: choose from {', '.join(STEPS)}")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    paths = warm_start.mix_paths(args)
    figures = run_steps(args.home, paths, steps, processes=args.processes, clients=args.clients,
                        seconds=args.seconds, warm_seconds=args.warm_seconds, import_items=args.import_items,
                        saves=args.saves, write_clients=args.write_clients, threads=args.threads, seed=args.seed,
                        json_path=args.json)
    for line in report_lines(figures):
        print(line)
    return 0


def _f(value, digits=0, unit=""):
    return "-" if value is None else f"{value:,.{digits}f}{unit}"


def report_lines(serve):
    """The server's figures (``run_steps``) as lines of the benchmark report."""
    lines = []
    warm = serve.get("warm")
    if warm:
        lines.append("from `catalogue serve` (index built) to fast searches, timed from the process start:")
        if warm.get("error"):
            lines.append(f"  FAILED: {warm['error']}")
        else:
            lines += ["  " + line for line in warm_start.summary_lines(warm)]
    load = serve.get("load")
    if load:
        lines.append(f"/api/search, {load.get('clients')} clients, {_f(load.get('seconds'))} s per server, "
                     f"every request a new query (mix of {serve.get('mix')}):")
        if load.get("error"):
            lines.append(f"  FAILED: {load['error']}")
        else:
            by = {int(k): v for k, v in load["by_processes"].items()}
            http_load.print_load_table(by, out=lambda line: lines.append("  " + line))
    writing = serve.get("writing")
    if writing:
        lines.append("searches (the mix, each query new) during saves and a bulk import:")
        if writing.get("error"):
            lines.append(f"  FAILED: {writing['error']}")
        else:
            lines += ["  " + line for line in while_writing.summary_lines(writing)]
    return lines


if __name__ == "__main__":
    sys.exit(main())
