"""Where the shipped data files live and where a catalogue's home is.

What can go wrong: a non-editable install without the data files; then
``CATALOGUE_DATA`` must point at a copy of ``data/``.
"""

import os
import sys
from pathlib import Path

APP_NAME = "disclosure-catalogue"


def data_dir():
    """The folder holding bodies.yaml, topics.yaml, genres.yaml, demo/ …"""
    env = os.environ.get("CATALOGUE_DATA")
    if env:
        return Path(env)
    # An editable install or a checkout: data/ sits beside the packages.
    beside = Path(__file__).resolve().parent.parent / "data"
    if beside.is_dir():
        return beside
    # A regular install puts the data files under the environment's share/.
    return Path(sys.prefix) / "share" / APP_NAME / "data"


def default_home():
    """``$CATALOGUE_HOME``, else ``$XDG_DATA_HOME/disclosure-catalogue`` (~/.local/share/…)."""
    env = os.environ.get("CATALOGUE_HOME")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(xdg) / APP_NAME
