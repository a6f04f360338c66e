"""How long the annual report's statistics take on a catalogue of N items.

Imports N generated items (``import_speed.generate``, each given a date
written 0-40 days before its publish date) into a fresh SQLite home, then
times ``catalogue.annual.statistics`` (reading every published item,
counting per year, body and level, Table 2, the Art. 26 check) and the
calendar's loading apart. Prints the figures.

    python benchmarks/stats_speed.py               # 20,000 items
    python benchmarks/stats_speed.py --items 100000

Run it from the repository root (or with the package installed).
"""

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalogue.annual import statistics  # noqa: E402
from catalogue.calendar import load_calendar  # noqa: E402
from catalogue.home import Home  # noqa: E402
from catalogue.importer import import_files  # noqa: E402
from import_speed import generate  # noqa: E402


def _with_written_dates(items, seed=26):
    rng = random.Random(seed)
    for item in items:
        published = dt.date.fromisoformat(item["publish_date"])
        item["written_date"] = (published - dt.timedelta(days=rng.randint(0, 40))).isoformat()
        yield item


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--items", type=int, default=20_000, help="how many items (default 20,000)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        home = Home(Path(folder) / "home")
        home.init()
        source = Path(folder) / "items.jsonl"
        with open(source, "w", encoding="utf-8") as fh:
            for item in _with_written_dates(generate(args.items)):
                fh.write(json.dumps(item, ensure_ascii=False) + "\n")
        with home.open_store() as store:
            import_files(store, [source], progress=False)
            start = time.perf_counter()
            calendar = load_calendar()
            loaded = time.perf_counter() - start
            start = time.perf_counter()
            result = statistics(store, calendar, year=2012)
            took = time.perf_counter() - start
    checked = sum(r["checked"] for r in result["deadline"]["years"])
    print(f"calendar of {len(calendar.years)} years loaded in {loaded * 1000:.0f} ms")
    print(f"statistics of {args.items:,} items ({checked:,} with a working-day count) "
          f"in {took:.2f} s = {args.items / took:,.0f} items/s")


if __name__ == "__main__":
    main()
