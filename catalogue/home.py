"""The catalogue's home folder: the store, the search index and caches in one place.

Layout of a home::

    catalogue.db      the store of record (SQLite, WAL: -wal/-shm files beside it)
    index/            the Whoosh search index (rebuildable from the store)
    cache/            jieba's dictionary cache
    settings.yaml     optional settings (see web/settings.py)

The store may live elsewhere: ``Home(path, store=...)`` with another SQLite
file or a ``postgresql://`` URL (the ``store`` setting), so that several
servers, each with its own home, index and cache, share one catalogue.

Advice in messages (``catalogue init``, ``catalogue serve --demo``) is
written with ``Home.command``: the command line with the ``--home`` and
``--store`` the user gave, so it works when copied (a server password is
shown as ``***``).

What can go wrong: a folder that cannot be created or written
(``ConfigError``), a store that holds no catalogue yet (``NoCatalogue``
telling to run ``catalogue init``), a server that cannot be reached
(``ConfigError``), a bad bodies file (``ValidationError``).
"""

from pathlib import Path

from .errors import ConfigError, NoCatalogue
from .importer import import_files
from .paths import data_dir, default_home
from .registry import load_bodies
from .stores import open_store
from .targets import shown_target, sqlite_file
from .wording import shell_word

STORE_FILE = "catalogue.db"
PROG = "catalogue"


class Home:
    """A catalogue home folder; ``Home()`` is the default one (``$CATALOGUE_HOME`` …).

    ``store`` is where the store of record lives when not in the home's own
    ``catalogue.db``: a SQLite file (or ``sqlite:///path``) or a
    ``postgresql://`` URL. ``options`` are the command-line options that
    named this home, as typed (``("--home", "./other")``), for advice.
    """

    def __init__(self, path=None, store=None, options=()):
        self.path = Path(path if path is not None else default_home()).expanduser()
        self.store_target = str(store) if store else str(self.path / STORE_FILE)
        self.options = tuple(options)

    def command(self, *words):
        """The command line running ``catalogue WORDS`` on this home, for advice.

        The options that named the home come first, quoted for a shell;
        ``words`` follow as given (so ``FILE…`` stays a placeholder).
        """
        return " ".join([PROG, *map(shell_word, self.options), *words])

    def __repr__(self):
        return f"Home({str(self.path)!r}, store={shown_target(self.store_target)!r})"

    def __str__(self):
        """The folder, and the store when it lives elsewhere: for messages."""
        if self.store_path == self.path / STORE_FILE:
            return str(self.path)
        return f"{self.path} (store {shown_target(self.store_target)})"

    @property
    def store_path(self):
        """The store's SQLite file, or ``None`` when the store is a database server."""
        return sqlite_file(self.store_target)

    @property
    def index_dir(self):
        return self.path / "index"

    @property
    def cache_dir(self):
        return self.path / "cache"

    def exists(self):
        """True once ``init`` has created the store (a server store is asked).

        What can go wrong: a server that cannot be reached (``ConfigError``).
        """
        if self.store_path is not None:
            return self.store_path.is_file()
        try:
            with open_store(self.store_target, create=False):
                return True
        except NoCatalogue:
            return False

    def open_store(self):
        """The (migrated) store of this home; use it in a ``with`` block.

        What can go wrong: ``NoCatalogue`` when the store was never
        initialised, ``ConfigError`` when it cannot be reached.
        """
        try:
            store = open_store(self.store_target, create=False)
        except NoCatalogue:
            raise NoCatalogue(f"{self}: no catalogue here; run `{self.command('init')}` first") from None
        try:
            # Another server's home sharing this store needs no init: its
            # index and cache folders are made on first use.
            self._make_folders()
        except BaseException:
            store.close()
            raise
        return store

    def _make_folders(self):
        for folder in (self.path, self.index_dir, self.cache_dir):
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ConfigError(f"{folder}: cannot create the folder: {exc.strerror}") from None

    def init(self, bodies=None):
        """Create the folders and the store, and load the body registry if it is empty.

        ``bodies`` is a registry file (default ``data/bodies.yaml``). Safe to
        run again: an existing store is only migrated, a filled registry is
        left alone. Returns ``{"created": bool, "bodies": n added}``.
        """
        created = not self.exists()
        self._make_folders()
        added = 0
        with open_store(self.store_target) as store:
            if not store.bodies():
                added = load_bodies(store, bodies or data_dir() / "bodies.yaml",
                                    actor="catalogue init")["added"]
        return {"created": created, "bodies": added}

    def demo_files(self):
        """The demo item files shipped in ``data/demo/``."""
        return sorted((data_dir() / "demo").glob("*.yaml"))

    def load_demo(self, progress=None):
        """Initialise the home and, if it holds no items, import the demo items.

        Returns the import summary, or ``None`` when the catalogue already held
        items (they are left alone). What can go wrong: ``ConfigError`` when
        no demo files are installed; ``ValidationError`` for a broken one.
        """
        self.init()
        files = self.demo_files()
        if not files:
            raise ConfigError(f"{data_dir() / 'demo'}: no demo files (*.yaml) found")
        with self.open_store() as store:
            if store.count(status=None):
                return None
            return import_files(store, files, progress=progress, actor="catalogue demo")
