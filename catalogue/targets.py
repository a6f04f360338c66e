"""Store targets: what a ``--store`` value names, and how to show it in messages.

A target is a SQLite file (a path or ``sqlite:///path``) or a database
server (``postgresql://`` URL). The backends and the settings import these,
so they live below both.

What can go wrong: nothing is checked here; ``open_store`` reports a target
it cannot open.
"""

import re
from pathlib import Path

SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server_url(target):
    """True when ``target`` names a database server rather than a SQLite file."""
    return str(target).startswith(SERVER_SCHEMES)


def sqlite_file(target):
    """The SQLite file ``target`` names (a path or ``sqlite:///path``), or ``None`` for a server URL."""
    target = str(target)
    if is_server_url(target):
        return None
    return Path(target[len("sqlite:///"):] if target.startswith("sqlite:///") else target)


def shown_target(target):
    """``target`` for messages: a path, or a server URL with its password hidden."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", str(target))
