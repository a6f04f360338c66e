"""Opening a store: the factory that picks the backend for a target.

``open_store`` is the one way in: a file path or ``sqlite:///path`` opens
an ``SQLiteStore``, a ``postgresql://`` URL a ``PostgresStore``; both are
``catalogue.store.Store``. What a target names is decided in
``catalogue.targets``.

What can go wrong: see ``open_store``.
"""

from .errors import NoCatalogue
from .pgstore import PostgresStore
from .sqlite_store import SQLiteStore
from .targets import shown_target, sqlite_file


def open_store(target, vocab=None, *, create=True):
    """Open (and migrate) the store at ``target``.

    ``target`` is a file path or ``sqlite:///path`` for SQLite, or a
    ``postgresql://`` URL. ``create=False`` opens only a catalogue that is
    already there. What can go wrong: a folder that cannot be written, a
    server that cannot be reached (``ConfigError``); with ``create=False``,
    no catalogue at ``target`` (``NoCatalogue``).
    """
    path = sqlite_file(target)
    if path is None:
        store = PostgresStore(str(target), vocab)
    else:
        store = SQLiteStore(path, vocab, create=create)
    try:
        if not create and not store.has_schema():
            raise NoCatalogue(f"{shown_target(target)}: no catalogue here (run `catalogue init`)")
        store.migrate()
    except BaseException:
        store.close()
        raise
    return store
