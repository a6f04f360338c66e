"""``catalogue audit``: the audit trail from the server's shell, newest first.

``catalogue audit [--since DATE] [--until DATE] [--user NAME] [--action ACTION]
[--index-no INDEX_NO] [--limit N] [--json]``. Text: one entry a line, its
time (UTC, as stored), actor, address, action, item (index number) and
details, separated by two spaces ("-" where there is nothing). ``--json``:
JSON Lines, one entry a line as ``catalogue.audit.entries`` gives it (``id``,
``at``, ``actor``, ``address``, ``action``, ``item_id``, ``index_no``, ``body``,
``details``), so it streams into ``jq`` or a file. Dates are days in China
Standard Time, like every date in the catalogue. Reading only: nothing here
or anywhere changes the trail.

What can go wrong: a date that is no date is a usage error (exit 2); a home
without a catalogue, as for every verb (exit 1).
"""

import argparse
import json

from catalogue import audit
from web.audit_view import day_after, moment, one_line
from web.cli_verbs import arg, command, home_of


def _moment(text):
    try:
        return moment(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _until(text):
    _moment(text)
    return day_after(text)


def _positive(text):
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f'"{text}" is not a whole number of at least 1')
    return value


def _line(entry):
    cells = (entry["at"], entry["actor"], entry["address"], entry["action"], entry["index_no"],
             one_line(entry))
    return "  ".join(cell or "-" for cell in cells).rstrip()


@command("audit", "show the audit trail, newest first: who did what, when and from where",
         arg("--since", metavar="DATE", type=_moment,
             help="entries from this day on (YYYY-MM-DD, China Standard Time; or a time, "
                  "YYYY-MM-DDTHH:MM)"),
         arg("--until", metavar="DATE", type=_until, help="entries up to and including this day"),
         arg("--user", metavar="NAME", help="entries whose actor is NAME (a user name, or "
                                            "'catalogue user' for this command line)"),
         arg("--action", choices=audit.ACTIONS, metavar="ACTION",
             help=f"one kind of entry: {', '.join(audit.ACTIONS)}"),
         arg("--index-no", metavar="INDEX_NO", help="one item's history"),
         arg("--limit", metavar="N", type=_positive, help="the newest N entries only"),
         arg("--json", action="store_true",
             help="JSON Lines: one entry a line as a JSON object, with every detail"))
def cmd_audit(args):
    with home_of(args).open_store() as store:
        found = audit.entries(store, since=args.since, until=args.until, user=args.user,
                              action=args.action, index_no=args.index_no, limit=args.limit)
    for entry in found:
        print(json.dumps(entry, ensure_ascii=False, sort_keys=True) if args.json else _line(entry))
