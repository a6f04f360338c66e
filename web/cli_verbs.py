"""The verbs of the ``catalogue`` command line: the ``COMMANDS`` table and how a verb joins it.

A verb is a function taking the parsed arguments, registered with
``@command(name, help, arg(...), ...)``; ``web.cli`` builds the parser
from ``COMMANDS`` and runs the verb. Verbs live in ``web.cli`` and in
modules of their own (``web.cli_users``, ``web.cli_audit``), which
``web.cli`` imports so that they register. ``home_of(args)`` is the
``catalogue.home.Home`` the global ``--home`` and ``--store`` name, with the
home's settings.yaml.

What can go wrong: nothing at import; a verb registered twice replaces the
first (a programming error the CLI tests would show).
"""

from dataclasses import dataclass

from web.settings import add_global_arguments, load_settings, overrides_from_args


@dataclass
class Command:
    name: str
    help: str
    run: object
    args: tuple
    configure: object = None


COMMANDS = {}


def arg(*flags, **options):
    """One ``add_argument`` call, kept for when the verb's parser is built."""
    return flags, options


def command(name, help, *args, configure=None):
    """Register the decorated function as the verb ``name``."""
    def register(run):
        COMMANDS[name] = Command(name, help, run, args, configure)
        return run
    return register


def home_of(args):
    """The ``Home`` the command line names: --home and --store over settings.yaml over defaults."""
    return load_settings(overrides=overrides_from_args(args)).catalogue_home()


def add_actions(parser, actions, dest, verb):
    """``VERB ACTION …``: one sub-parser per action of ``actions`` (name -> (run, help, args)) into ``dest``.

    --home and --store may follow the action too.
    """
    subparsers = parser.add_subparsers(title="actions", dest=dest, metavar="ACTION", required=True,
                                       help=f"what to do; `catalogue {verb} ACTION --help` tells more")
    for name, (_run, text, options) in actions.items():
        sub = subparsers.add_parser(name, help=text, description=text)
        for flags, extra in options:
            sub.add_argument(*flags, **extra)
        add_global_arguments(sub, after_verb=True)
        sub.set_defaults(action_parser=sub)
