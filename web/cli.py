"""The ``catalogue`` command line: one function per verb, registered in ``COMMANDS``.

The table and its decorator are in ``web.cli_verbs``; the staff verbs
(``user …``, ``audit``) are in ``web.cli_users`` and ``web.cli_audit``,
imported below so that they register. To add a verb, write a function
taking the parsed arguments and decorate it::

    @command("reindex", "rebuild the search index from the store",
             arg("--quiet", action="store_true", help="no progress bar"))
    def cmd_reindex(args):
        home = home_of(args)
        ...

``args.home`` and ``args.store`` are the global ``--home`` and ``--store``
(``None``: not given); ``home_of(args)`` turns them, with the home's
settings.yaml, into the ``catalogue.home.Home`` to open (``Config.catalogue_home``). A
verb returns nothing (exit status 0) or an int, and raises
``CatalogueError`` for anything the user can fix: ``main`` prints its reason
on one line (and its problems, one per line) on standard error and exits 1.
Usage errors exit 2, as argparse does. For options that come from a table
(``serve`` and its settings), pass ``configure=fn`` to add them to the parser.
"""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from catalogue.clock import china_today
from catalogue.errors import CatalogueError, NotFound
from catalogue.formats import FORMATS, format_of, write_items
from catalogue.importer import ImportRefused, import_files
from catalogue.items import FIELDS, date_warnings, public_view
from catalogue.progress import progress_bar
from catalogue.registry import load_bodies
from catalogue.workflow import is_public, state_of
from catalogue import wording
from index import open_index
from index.params import BY_NAME, FILTERS, OPTIONS, SEARCH_PARAMS
from web import serve as _serve
from web.query_args import query_words_last
from web.cli_verbs import COMMANDS, arg, command, home_of
from web.settings import add_global_arguments

PROG = "catalogue"
STDOUT = Path("-")


def _quiet_arg(what):
    return arg("-q", "--quiet", action="store_true",
               help=f"no progress bar and no {what}; errors are still reported")


def _say(args, text):
    if not getattr(args, "quiet", False):
        print(text)


# -- verbs --------------------------------------------------------------------

@command("init", "create the home folder and the store, and load the body registry")
def cmd_init(args):
    home = home_of(args)
    result = home.init()
    if result["created"]:
        print(f"created a catalogue in {home} with {wording.counted(result['bodies'], 'body')}")
    else:
        print(f"{home}: the catalogue is already there; nothing to do")


@command("import", "import items from YAML, CSV or JSON Lines files, each file whole or not at all",
         arg("files", metavar="FILE", nargs="+", type=Path,
             help="a .yaml/.yml, .csv (English or Chinese headers) or .jsonl file of items"),
         arg("--update", action="store_true",
             help="replace items whose index_no is already in the catalogue (otherwise an error)"),
         arg("--add-bodies", action="store_true",
             help="add issuers missing from the registry as top-level bodies (otherwise an error)"),
         _quiet_arg("summary"))
def cmd_import(args):
    home = home_of(args)
    with home.open_store() as store:
        try:
            summary = import_files(store, args.files, update=args.update, add_bodies=args.add_bodies,
                                   progress=not args.quiet, command=home.command())
        except ImportRefused as exc:
            _report_import(args, exc.summary)
            raise
    _report_import(args, summary)


def _report_import(args, summary):
    for result in summary["files"]:
        line = f"{result['file']}: {result['added']} added, {result['updated']} updated"
        if result["bodies"]:
            line += f"; new bodies: {', '.join(result['bodies'])}"
        _say(args, line)
        _warn(result["warnings"])


def _warn(problems):
    """What was stored all the same but needs a look (a date after today), on stderr, even with --quiet."""
    for problem in problems:
        print(f"{PROG}: warning: {problem}", file=sys.stderr)


@command("export", "write every public item (published, due, not 不予公开) to a file or standard output",
         arg("--format", choices=FORMATS,
             help="file format (default: from the -o file's suffix, else jsonl)"),
         arg("-o", "--output", metavar="FILE", type=Path,
             help="write to FILE (replaced only once the export is complete); "
                  "- or none: standard output"),
         _quiet_arg("summary"))
def cmd_export(args):
    if args.output == STDOUT:   # `-o -`, as for most Unix tools; progress bars are on stderr
        args.output = None
    fmt = args.format or (args.output and format_of(args.output)) or "jsonl"
    exported = 0
    with home_of(args).open_store() as store:
        today = china_today()
        with progress_bar(store.count(), "export", not args.quiet) as bar:
            def counted():
                # What the public pages show: not scheduled for later, not 不予公开.
                nonlocal exported
                for item in store.iter_items():
                    bar.update()
                    if is_public(item, today):
                        exported += 1
                        yield item
            if args.output is None:
                if hasattr(sys.stdout, "reconfigure"):
                    sys.stdout.reconfigure(encoding="utf-8")
                write_items(counted(), sys.stdout, fmt)
                return
            # A byte-order mark tells spreadsheet programs the CSV is UTF-8.
            _write_atomically(args.output, lambda fh: write_items(counted(), fh, fmt),
                              encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    _say(args, f"exported {wording.counted(exported, 'item')} to {args.output} ({fmt})")


def _write_atomically(path, write, encoding):
    """Write through a temporary file beside ``path``, so a failed export leaves no half file."""
    folder = path.resolve().parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as exc:
        raise CatalogueError(f"{path}: cannot write here: {exc.strerror}") from None
    try:
        with open(fd, "w", encoding=encoding, newline="") as fh:
            write(fh)
        os.replace(tmp, path)
    except BaseException as exc:
        os.unlink(tmp)
        if isinstance(exc, OSError):
            raise CatalogueError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise


@command("show", "show one item by its index number",
         arg("index_no", metavar="INDEX_NO", help="the item's index number (索引号)"),
         arg("--json", action="store_true", help="print the stored item as JSON, with its metadata"))
def cmd_show(args):
    with home_of(args).open_store() as store:
        item = store.get(args.index_no)
    if item is None:
        raise NotFound(f'no item with index number "{args.index_no}"')
    _warn(date_warnings(item))
    if args.json:
        print(json.dumps(public_view(item), ensure_ascii=False, indent=2))
        return
    width = max(len(f.name) for f in FIELDS)
    for field in FIELDS:
        value = item.get(field.name)
        if field.name == "body" or value in (None, []):
            continue
        if field.name == "keywords":
            value = "；".join(value)
        elif field.name == "attachments":
            value = "\n".join(f"{' ' * (width + 2)}{a['name']} <{a['url']}>" for a in value).lstrip()
        print(f"{field.name:<{width}}  {value}")
    status = state_of(item) + (f" ({item['withdrawn_reason']})" if item.get("withdrawn_reason") else "")
    print(f"{'status':<{width}}  {status}, revision {item['revision']}, updated {item['updated']}")
    if item.get("body"):
        print()
        print(item["body"])


def _index_progress(args):
    """A ``progress(done, total)`` for index builds that draws a bar once the total is known."""
    bar = []

    def progress(done, total):
        if not bar:
            bar.append(progress_bar(total, "index", not getattr(args, "quiet", False)))
        bar[0].update(done - bar[0].n)
        if done >= total:
            bar[0].close()
    return progress


def _search_option(param):
    """The ``search`` option of one parameter of ``index.params``, its value left as typed.

    The engine judges the values with the same table as the API, so a bad
    one is refused with the API's message (exit status 1, not argparse's 2).
    The values land in ``search_<name>``: ``args.per_page`` would be taken
    for the server's ``per_page`` setting.
    """
    if param.kind == "choice":
        metavar = "{" + ",".join(param.choices) + "}"
    else:
        metavar = {"int": "N", "year": "Y|Y1..Y2|Y1..|..Y2", "date": "YYYY-MM-DD"}.get(param.kind, param.name.upper())
    flag = "--" + param.name.replace("_", "-")
    # argparse takes "-date" for an option unless it is joined to its flag.
    text = param.help + "".join(f"; write {flag}={c}" for c in param.choices if c.startswith("-"))
    options = {"action": "append"} if param.repeat else {"default": param.default}
    return arg(flag, dest=f"search_{param.name}", metavar=metavar, help=text, **options)


@command("search", "search the catalogue (the same engine and JSON as the web API)",
         arg("query", metavar="QUERY", nargs="*", default=[],
             help=BY_NAME["q"].help + "; several words may be given apart, -word among them; "
                                      "everything after -- is the query"),
         *(_search_option(p) for p in SEARCH_PARAMS if p.name != "q"),
         arg("--json", action="store_true", help="print the result exactly as the API returns it"))
def cmd_search(args):
    home = home_of(args)
    given = {p.name: getattr(args, f"search_{p.name}") for p in SEARCH_PARAMS if p.name != "q"}
    filters = {name: given[name] for name in FILTERS if given[name]}
    with home.open_store() as store, \
            open_index(home.index_dir, store, cache_dir=home.cache_dir,
                       progress=_index_progress(args), warm=False) as idx:
        result = idx.search(" ".join(args.query), filters, given["sort"], given["page"],
                            given["per_page"], **{name: given[name] for name in OPTIONS})
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    first = (result["page"] - 1) * result["per_page"]
    shown = f"{first + 1}-{first + len(result['items'])} of " if result["items"] else ""
    print(f"{shown}{wording.counted(result['total'], 'item')}")
    for n, item in enumerate(result["items"], first + 1):
        print(f"{n:>4}. {item['title']}")
        details = [item["issuer"], item["doc_no"], item["publish_date"], item["index_no"]]
        print("      " + "  ".join(d for d in details if d))
    if result["suggestion"]:
        print(f"did you mean: {result['suggestion']}")


@command("reindex", "rebuild the search index from the store, in a new folder swapped in when done",
         _quiet_arg("summary"))
def cmd_reindex(args):
    home = home_of(args)
    with home.open_store() as store, \
            open_index(home.index_dir, store, cache_dir=home.cache_dir,
                       progress=_index_progress(args), warm=False) as idx:
        if not idx.built:
            idx.rebuild(progress=_index_progress(args))
        count = store.count()
    _say(args, f"indexed {wording.counted(count, 'item')} in {home.index_dir}")


@command("bodies", "list the issuing-body registry, or import bodies from a YAML file",
         arg("action", nargs="?", choices=("list", "import"), default="list",
             help="list (default): the registry as a tree; import: add or update bodies from FILE"),
         arg("file", metavar="FILE", nargs="?", type=Path,
             help="with import: a YAML list of {name, short, code, parent, level}, like data/bodies.yaml"))
def cmd_bodies(args):
    if (args.action == "import") != (args.file is not None):
        args.parser.error("give FILE with `bodies import`, and only then")
    with home_of(args).open_store() as store:
        if args.action == "import":
            counts = load_bodies(store, args.file, actor="catalogue bodies import")
            print(f"{args.file}: {counts['added']} added, {counts['updated']} updated, "
                  f"{counts['unchanged']} unchanged")
            return
        bodies = store.bodies()
    _print_tree(bodies)


def _print_tree(bodies):
    children = {}
    for body in bodies:
        children.setdefault(body["parent"], []).append(body)

    def show(parent, depth):
        for body in children.get(parent, []):
            names = ", ".join(x for x in (body["short"], body["code"]) if x)
            print(f"{'  ' * depth}{body['name']}{f' ({names})' if names else ''}  [{body['level']}]")
            show(body["name"], depth + 1)
    show(None, 0)


@command("demo", "initialise the catalogue and load the demo items if it holds none",
         _quiet_arg("summary"))
def cmd_demo(args):
    home = home_of(args)
    summary = home.load_demo(progress=not args.quiet)
    if summary is None:
        with home.open_store() as store:
            count = store.count(status=None)
        _say(args, f"{home} already holds {wording.counted(count, 'item')}; the demo items were not loaded")
    else:
        _say(args, f"loaded {wording.counted(summary['added'], 'demo item')} from "
                   f"{wording.counted(len(summary['files']), 'file')} into {home}")


@command("serve", "serve the public pages and JSON API under waitress (multi-threaded)",
         configure=_serve.configure)
def cmd_serve(args):
    return _serve.run(args)


# The verbs kept in modules of their own register as they are imported; here, so
# that `catalogue --help` lists them after the ones above.
from web import cli_users, cli_audit, cli_stats, cli_check, cli_synonyms, cli_migrate  # noqa: E402,F401 (in --help)


# -- the parser and main --------------------------------------------------------

def build_parser():
    parser = argparse.ArgumentParser(
        prog=PROG, description="Searchable catalogue of government information-disclosure items "
                               "(政府信息公开目录).",
        epilog="--store may also be set once as `store:` in the home's settings.yaml.")
    add_global_arguments(parser)
    # --home and --store may also follow the verb.
    after_verb = argparse.ArgumentParser(add_help=False)
    add_global_arguments(after_verb, after_verb=True)
    parser.verb_parsers = {}
    verbs = parser.add_subparsers(title="commands", metavar="COMMAND",
                                  help=f"what to do; `{PROG} COMMAND --help` tells more")
    for cmd in COMMANDS.values():
        sub = verbs.add_parser(cmd.name, help=cmd.help, description=cmd.help, parents=[after_verb])
        for flags, options in cmd.args:
            sub.add_argument(*flags, **options)
        if cmd.configure:
            cmd.configure(sub)
        sub.set_defaults(run=cmd.run, parser=sub)
        parser.verb_parsers[cmd.name] = sub
    return parser


def _report(exc):
    """The error's message, then each detail it does not already say, once."""
    print(f"{PROG}: {exc.message}", file=sys.stderr)
    for line in exc.details:
        print(f"  {line}", file=sys.stderr)


def main(argv=None):
    """Run the command line; returns the exit status (the console script exits with it)."""
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else [str(a) for a in argv]
    # `catalogue search -征地`: the query language's NOT is no option (web.query_args).
    argv = query_words_last(argv, parser, "search", parser.verb_parsers["search"])
    try:
        args = parser.parse_args(argv)
        if not hasattr(args, "run"):
            parser.print_usage(sys.stderr)
            print(f"{PROG}: error: give a command (see `{PROG} --help`)", file=sys.stderr)
            return 2
        return args.run(args) or 0
    except SystemExit as exc:   # argparse: --help (0) and usage errors (2)
        return exc.code if isinstance(exc.code, int) else 2
    except CatalogueError as exc:
        _report(exc)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (export | head): not an error of ours. Point
        # stdout at /dev/null so the interpreter's final flush stays quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
