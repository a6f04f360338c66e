"""How each cost grows with the catalogue: a table over benchmark runs at several sizes, fitted exponents, 10M projection.

    python -m benchmarks.growth benchmarks/out [DIR ...] [--project 10000000] [--out FILE]

Reads the ``figures.json`` of ``benchmarks.run`` runs (each DIR is a run's
folder, or a folder of such folders: ``benchmarks/out/10000``,
``benchmarks/out/100000``, …; of several runs of one size the latest is
taken) and prints, as Markdown ready for RESULTS.md, one row per cost and
one column per size, then:

- the fitted exponent ``k`` between each pair of successive sizes, where
  ``cost ∝ N^k``: ``k = ln(c2 / c1) / ln(N2 / N1)`` (1 grows in proportion
  with the items, 0 stays flat, below 0 shrinks: a rate that falls);
- the projection to ``--project`` items (default 10,000,000) from the
  largest size measured, with the exponent between the two largest sizes:
  ``c_max × (P / N_max)^k``. A projection from two points is a guess that
  the growth goes on as it went: the more sizes and the larger, the better.

Costs: build seconds, items/s, index MiB, peak disk of the build, peak RSS
of ours, search p50 and p95 per kind and overall, /api/search new
queries/s (one server process, and the best of 1-3), server RSS (one
process), the warm start (process start to the first search answer and to
steady speed) and the save-to-searchable p95. A cost a run did not measure
is ``-`` and breaks the fit across it.

What can go wrong: no figures.json under the folders given (``SystemExit``);
a run whose ours side failed contributes nothing but its size.
"""

import argparse
import json
import math
import sys
from pathlib import Path

from benchmarks.queries import KINDS

PROJECT_TO = 10_000_000


def _dig(data, *keys):
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _load_by(serve, count):
    by = _dig(serve, "load", "by_processes") or {}
    return by.get(str(count)) or by.get(count)


def _best_qps(serve):
    by = _dig(serve, "load", "by_processes") or {}
    rates = [r.get("rps") for r in by.values() if isinstance(r, dict) and r.get("rps")]
    return max(rates) if rates else None


def _costs():
    """``[(name, unit, getter(figures) -> number or None)]``: the rows of the table, in order."""
    ours = lambda f: f.get("sides", {}).get("ours", {})   # noqa: E731
    rows = [
        ("build", "s", lambda f: ours(f).get("build_seconds")),
        ("build rate", "items/s", lambda f: ours(f).get("build_items_per_s")),
        ("import + build", "s", lambda f: ours(f).get("import_build_seconds")),
        ("index size", "MiB", lambda f: ours(f).get("index_mb")),
        ("peak disk of the build", "MiB", lambda f: _dig(ours(f), "build_disk", "peak_total_mb")),
        ("peak RSS (import, build, queries)", "MiB", lambda f: ours(f).get("peak_rss_mb")),
    ]
    for kind in KINDS + ("all",):
        for p in ("p50", "p95"):
            if kind == "all":
                rows.append((f"search {p}, all", "ms",
                             lambda f, p=p: _dig(ours(f), "queries", "all", p)))
            else:
                rows.append((f"search {p}, {kind}", "ms",
                             lambda f, kind=kind, p=p: _dig(ours(f), "queries", "kinds", kind, p)))
    rows += [
        ("/api/search new queries/s, 1 process", "q/s", lambda f: _dig(_load_by(f.get("serve"), 1), "rps")),
        ("/api/search new queries/s, best of 1-3 processes", "q/s", lambda f: _best_qps(f.get("serve"))),
        ("/api/search p95, 1 process", "ms", lambda f: _dig(_load_by(f.get("serve"), 1), "p95")),
        ("server RSS, 1 process, after the load", "MiB",
         lambda f: _dig(_load_by(f.get("serve"), 1), "memory", "total", "rss_mb")),
        ("warm start: to the first answer", "s", lambda f: _dig(f, "serve", "warm", "first_answer_s")),
        ("warm start: to steady speed", "s", lambda f: _dig(f, "serve", "warm", "first_steady_s")),
        ("save to searchable p95", "ms", lambda f: _dig(ours(f), "save_to_search", "p95")),
    ]
    return rows


COSTS = _costs()


def find_runs(folders):
    """``{items: figures}`` of the ``figures.json`` under ``folders`` (the latest run of each size)."""
    found = {}
    for folder in folders:
        folder = Path(folder)
        candidates = [folder] if folder.is_file() else \
            [folder / "figures.json", *sorted(folder.glob("*/figures.json"))]
        for path in candidates:
            if not path.is_file():
                continue
            try:
                figures = json.loads(path.read_text(encoding="utf-8"))
                items = int(figures["items"])
            except (OSError, ValueError, KeyError, TypeError):
                continue
            figures["_path"] = str(path)
            if items not in found or str(figures.get("date", "")) > str(found[items].get("date", "")):
                found[items] = figures
    return dict(sorted(found.items()))


def exponent(n1, c1, n2, c2):
    """``k`` with ``c2 / c1 = (n2 / n1) ** k``; ``None`` when a cost is missing or not positive."""
    if None in (c1, c2) or c1 <= 0 or c2 <= 0 or n1 <= 0 or n2 <= 0 or n1 == n2:
        return None
    return math.log(c2 / c1) / math.log(n2 / n1)


def project(n, cost, k, to):
    """``cost`` at ``n`` items carried to ``to`` items with exponent ``k`` (``None`` without them)."""
    if cost is None or k is None:
        return None
    return cost * (to / n) ** k


def growth_table(runs, project_to=PROJECT_TO):
    """``{"sizes", "rows": [{"name", "unit", "values", "exponents", "projected"}]}`` of ``runs`` (``find_runs``)."""
    sizes = sorted(runs)
    rows = []
    for name, unit, getter in COSTS:
        values = [getter(runs[n]) for n in sizes]
        exponents = [exponent(sizes[i], values[i], sizes[i + 1], values[i + 1]) for i in range(len(sizes) - 1)]
        projected = None
        if len(sizes) >= 2 and project_to > sizes[-1]:
            projected = project(sizes[-1], values[-1], exponents[-1], project_to)
        rows.append({"name": name, "unit": unit, "values": values, "exponents": exponents, "projected": projected})
    return {"sizes": sizes, "project_to": project_to, "rows": rows}


def _size(n):
    if n >= 1_000_000 and n % 100_000 == 0:
        return f"{n / 1_000_000:g}M"
    if n >= 1000 and n % 100 == 0:
        return f"{n / 1000:g}k"
    return f"{n:,}"


def _num(value):
    if value is None:
        return "-"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def markdown(table):
    """The table as Markdown: costs by size, the exponents between sizes, the projection; then a summary."""
    sizes = table["sizes"]
    heads = [f"{_size(n)}" for n in sizes] + [f"k {_size(a)}→{_size(b)}" for a, b in zip(sizes, sizes[1:])]
    project_to = table["project_to"]
    projecting = len(sizes) >= 2 and project_to > sizes[-1]
    if projecting:
        heads.append(f"projected {_size(project_to)}")
    lines = ["| cost | " + " | ".join(heads) + " |", "|---|" + "---:|" * len(heads)]
    for row in table["rows"]:
        if all(v is None for v in row["values"]):
            continue
        cells = [_num(v) for v in row["values"]]
        cells += ["-" if k is None else f"{k:.2f}" for k in row["exponents"]]
        if projecting:
            cells.append(_num(row["projected"]))
        lines.append(f"| {row['name']}, {row['unit']} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("k: cost ∝ N^k between two sizes (1: in proportion to the items, 0: flat, < 0: falls). "
                 + (f"Projected: the largest size's figure carried to {project_to:,} items with the k between "
                    f"the two largest sizes." if projecting else "One size only: nothing to fit."))
    if projecting:
        by = {row["name"]: row["projected"] for row in table["rows"]}
        parts = []
        for name, label, fmt in (("build", "build", _duration), ("index size", "index", _mib),
                                 ("peak RSS (import, build, queries)", "peak RSS", _mib),
                                 ("peak disk of the build", "peak disk of the build", _mib),
                                 ("search p95, all", "search p95", lambda v: f"{v:,.0f} ms"),
                                 ("/api/search new queries/s, 1 process", "new queries/s (1 process)",
                                  lambda v: f"{v:,.0f}")):
            if by.get(name) is not None:
                parts.append(f"{label} ~{fmt(by[name])}")
        if parts:
            lines.append("")
            lines.append(f"At {project_to:,} items, if the growth goes on as between {_size(sizes[-2])} and "
                         f"{_size(sizes[-1])}: " + ", ".join(parts) + ".")
            if sizes[-1] < 100_000:
                lines.append("(From sizes under 100,000 items this says little: fixed costs and the machine's "
                             "other work weigh more than the growth.)")
    return "\n".join(lines)


def _duration(seconds):
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} h"
    if seconds >= 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds:.0f} s"


def _mib(value):
    return f"{value / 1024:.1f} GiB" if value >= 1024 else f"{value:.0f} MiB"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.growth", description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", type=Path, help="run folders (or folders of run folders)")
    parser.add_argument("--project", type=int, default=PROJECT_TO, help=f"project to this many items "
                                                                         f"(default {PROJECT_TO:,})")
    parser.add_argument("--out", type=Path, help="also write the Markdown here")
    parser.add_argument("--json", type=Path, help="also write the table as JSON here")
    args = parser.parse_args(argv)
    runs = find_runs(args.folders)
    if not runs:
        raise SystemExit(f"no figures.json of a benchmarks.run under {', '.join(map(str, args.folders))}")
    table = growth_table(runs, args.project)
    text = ("Runs: " + "; ".join(f"{_size(n)} {runs[n].get('date', '?')} ({runs[n]['_path']})" for n in runs)
            + "\n\n" + markdown(table))
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(table, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
