"""``catalogue stats``: the annual report's statistics on the terminal, as CSV or as JSON.

The numbers are ``catalogue.annual.statistics``, the same as ``/stats`` and
``/api/stats`` show; ``--format json`` prints exactly the API's answer.

What can go wrong: an unknown ``--issuer`` (``NotFound``) or a bad
``--year`` (``ValidationError``), reported on one line, exit status 1.
"""

import json
import sys

from catalogue.annual import statistics
from catalogue.calendar import for_home

from . import i18n
from .cli_verbs import arg, command, home_of
from .stats_tables import TABLE_IDS, csv_text, figure_sentence, tables, text_table, title

FORMATS = ("table", "csv", "json")


@command("stats", "statistics for the annual report: items per year and body, Table 2 row (一), "
                  "the 20-working-day check",
         arg("--year", metavar="Y", help="the report's year (default: the last year with items)"),
         arg("--issuer", metavar="NAME",
             help="count this body and those under it (full name, short name or code)"),
         arg("--format", choices=FORMATS, default="table",
             help="table (default): for reading; csv: every table (or --table) as CSV; "
                  "json: what /api/stats answers"),
         arg("--table", choices=TABLE_IDS, help="only this table"),
         arg("--lang", choices=i18n.LANGS, default=i18n.DEFAULT_LANG,
             help="language of headings and notes (default zh-Hans)"))
def cmd_stats(args):
    home = home_of(args)
    with home.open_store() as store:
        result = statistics(store, for_home(home.path), year=args.year, issuer=args.issuer)
    chosen = [t for t in tables(result) if args.table in (None, t["id"])]
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    if args.format == "json":
        data = chosen[0] if args.table else dict(result, ok=True)
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    lang = args.lang
    if args.format == "csv":
        # One table after another, each under its title, a blank line between.
        parts = [(title(lang, t["id"], result["year"]) + "\r\n" if not args.table else "")
                 + csv_text(lang, t) for t in chosen]
        # With a byte-order mark, as the downloads: `> stats.csv` opens in a spreadsheet as UTF-8.
        sys.stdout.write("\ufeff" + "\r\n".join(parts))
        return
    if not args.table:
        print(figure_sentence(lang, result["figure"]))
        print()
    for tbl in chosen:
        print(title(lang, tbl["id"], result["year"]))
        print(text_table(lang, tbl))
        if tbl["id"] == "table2":
            print(i18n.text(lang, "stats_identity_ok" if result["table2"]["identity_ok"]
                            else "stats_identity_broken"))
        print()
