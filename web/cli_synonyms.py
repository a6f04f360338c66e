"""``catalogue synonyms list|export|import``: the synonym groups searches apply, from the server's shell.

The groups are the store's (``catalogue.synonymstore``; a store without any
takes ``data/synonyms.yaml``'s the first time). ``list`` prints one group a
line, its id and its terms separated by `` = ``; ``export [FILE]`` writes
them in the file's YAML form (a list of lists), to standard output without
FILE; ``import FILE`` makes FILE's groups the store's (all of them: export,
edit, import), audited with the actor ``catalogue user``. Servers following
the store apply the new groups from their next search, without a reindex.

What can go wrong: a FILE that is no synonym list (``ConfigError`` naming
the line, exit 1); a group of fewer than two terms (``ValidationError``).
"""

import sys

import yaml

from catalogue import synonymstore
from catalogue.paths import data_dir
from index.synonyms import Synonyms, stored
from web.cli_users import ACTOR, shell_address
from web.cli_verbs import add_actions, arg, command, home_of


def _groups(store):
    stored(store, data_dir())       # seeds a store that has none yet
    return synonymstore.groups(store)


def synonyms_list(args, store):
    for group in _groups(store):
        print(f"{group['id']}  " + " = ".join(group["terms"]))


def synonyms_export(args, store):
    text = yaml.safe_dump([group["terms"] for group in _groups(store)], allow_unicode=True,
                          default_flow_style=None, sort_keys=False)
    if args.file:
        with open(args.file, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)


def synonyms_import(args, store):
    groups = Synonyms.load(args.file).groups
    count = synonymstore.replace(store, groups, ACTOR, address=shell_address())
    print(f"imported {count} synonym group{'s' if count != 1 else ''} from {args.file}")


ACTIONS = {
    "list": (synonyms_list, "list the synonym groups: id, then the terms", ()),
    "export": (synonyms_export, "write the groups as YAML (the form of data/synonyms.yaml)",
               (arg("file", metavar="FILE", nargs="?", help="the file to write; standard output without it"),)),
    "import": (synonyms_import, "make a YAML file's groups the ones searches apply (all of them)",
               (arg("file", metavar="FILE", help="a YAML list of groups, each a list of two or more terms"),)),
}


def configure(parser):
    """``synonyms ACTION …``: one sub-parser per action; --home and --store may follow it too."""
    add_actions(parser, ACTIONS, "synonyms_action", "synonyms")


@command("synonyms", "the synonym groups searches apply: list, export, import", configure=configure)
def cmd_synonyms(args):
    run = ACTIONS[args.synonyms_action][0]
    with home_of(args).open_store() as store:
        run(args, store)
