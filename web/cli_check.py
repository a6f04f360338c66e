"""``catalogue check``: the store's integrity, checked from the server's shell.

Prints each check on a line ("ok" or "PROBLEM" and what is wrong), then a
summary naming the store, its items and revision. Exit status 0 when every
check passes, 1 when one fails (its problem named on standard error too), as
for any error. Reads only: it can run while a server serves and writers write.

What can go wrong: a home without a catalogue (exit 1, as for every verb); a
damaged database is reported as the failing check, not as a crash.
"""

from catalogue import wording
from catalogue.errors import CatalogueError
from web.cli_verbs import command, home_of


@command("check", "check the store: the database's own checks and the catalogue's invariants "
                  "(items and revision log consistent); exit 1 naming any problem")
def cmd_check(args):
    home = home_of(args)
    with home.open_store() as store:
        checks = store.check()
        for what, problem in checks:
            print(f"{'ok' if problem is None else 'PROBLEM':<8} {what}" + (f": {problem}" if problem else ""))
        failed = [(what, problem) for what, problem in checks if problem is not None]
        if failed:
            raise CatalogueError(f"{store.where}: {wording.counted(len(failed), 'check')} failed",
                                 details=[f"{what}: {problem}" for what, problem in failed])
        print(f"{store.where}: {wording.counted(len(checks), 'check')} passed "
              f"({wording.counted(store.count(None), 'item')}, revision {store.revision()})")
