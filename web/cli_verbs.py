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

from web.settings import load_settings, overrides_from_args


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
