"""``catalogue migrate --from STORE --to STORE``: a whole catalogue copied to another store.

For moving from one SQLite file to PostgreSQL when a second server comes,
and back. Everything is copied (``catalogue.copying``), with a progress bar
on a terminal, and checked at the end: the command prints each table's rows
and says that counts and checksums agree. The target keeps its own identity:
run ``catalogue reindex`` (or just start the server) in each home pointed at it.

What can go wrong: a source without a catalogue or a target that cannot be
opened (exit 1, as for every verb); a target that already holds a catalogue
is refused unless ``--replace-target`` (which deletes what it holds, its
audit trail included, in the same transaction as the copy); counts or
checksums that differ (exit 1, the copy rolled back when the counts differ).
"""

from catalogue import wording
from catalogue.copying import copy_catalogue, counts
from catalogue.progress import progress_bar
from catalogue.stores import open_store
from web.cli_verbs import arg, command


@command("migrate", "copy a whole catalogue (items with their history, registry, staff accounts, sessions, "
                    "tokens, audit trail) from one store to another, e.g. SQLite to PostgreSQL, and verify it",
         arg("--from", dest="source", required=True, metavar="FILE|URL",
             help="the store to copy: a SQLite file, sqlite:///path or a postgresql:// URL"),
         arg("--to", dest="target", required=True, metavar="FILE|URL",
             help="the store to copy into; it must be empty (made if it is not there yet)"),
         arg("--replace-target", action="store_true",
             help="delete what the target holds (its items, accounts and audit trail) and copy over it"),
         arg("-q", "--quiet", action="store_true", help="no progress bar"))
def cmd_migrate(args):
    with open_store(args.source, create=False) as source, open_store(args.target) as target:
        total = sum(counts(source).values())
        with progress_bar(total, "migrate", not args.quiet) as bar:
            result = copy_catalogue(source, target, replace=args.replace_target, progress=bar.update)
        rows = result["counts"]
        print(f"copied {source.where} to {target.where}: "
              + ", ".join(f"{table} {n}" for table, n in rows.items()))
        print(f"verified: {wording.counted(len(rows), 'table')} with the same row counts and SHA-256 checksums "
              f"({wording.counted(rows['items'], 'item')}, revision {target.revision()})")
