"""The catalogue's home folder: the store, the search index and caches in one place.

Layout of a home::

    catalogue.db      the store of record (SQLite, WAL: -wal/-shm files beside it)
    index/            the Whoosh search index (rebuildable from the store)
    cache/            jieba's dictionary cache
    settings.yaml     optional settings (see web/settings.py)

What can go wrong: a folder that cannot be created or written
(``ConfigError``), a home that was never initialised (``ConfigError`` telling
to run ``catalogue init``), a bad bodies file (``ValidationError``).
"""

from pathlib import Path

from .errors import ConfigError
from .importer import import_files
from .paths import data_dir, default_home
from .registry import load_bodies
from .store import open_store

STORE_FILE = "catalogue.db"


class Home:
    """A catalogue home folder; ``Home()`` is the default one (``$CATALOGUE_HOME`` …)."""

    def __init__(self, path=None):
        self.path = Path(path if path is not None else default_home()).expanduser()

    def __repr__(self):
        return f"Home({str(self.path)!r})"

    @property
    def store_path(self):
        return self.path / STORE_FILE

    @property
    def index_dir(self):
        return self.path / "index"

    @property
    def cache_dir(self):
        return self.path / "cache"

    @property
    def settings_file(self):
        return self.path / "settings.yaml"

    def exists(self):
        """True once ``init`` has created the store."""
        return self.store_path.is_file()

    def open_store(self):
        """The (migrated) store of this home; use it in a ``with`` block.

        What can go wrong: ``ConfigError`` when the home was never initialised.
        """
        if not self.exists():
            raise ConfigError(f"{self.path}: no catalogue here; run `catalogue init` first")
        return open_store(self.store_path, create=False)

    def init(self, bodies=None):
        """Create the folders and the store, and load the body registry if it is empty.

        ``bodies`` is a registry file (default ``data/bodies.yaml``). Safe to
        run again: an existing store is only migrated, a filled registry is
        left alone. Returns ``{"created": bool, "bodies": n added}``.
        """
        created = not self.exists()
        for folder in (self.path, self.index_dir, self.cache_dir):
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ConfigError(f"{folder}: cannot create the folder: {exc.strerror}") from None
        added = 0
        with open_store(self.store_path) as store:
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
