"""Opening an index folder so that a failed open leaves no file open.

Whoosh's segment readers open their files one after another; when one of
them is missing or damaged the reader raises and the files opened before
it stay open until the garbage collector finds them (a ``ResourceWarning``,
and descriptors held meanwhile). ``CheckedStorage`` notes each file it
opens while a check runs, so the caller can close them all.

What can go wrong: nothing here raises beyond Whoosh's own ``open_file``.
"""

from contextlib import suppress

from whoosh.filedb.filestore import FileStorage


class CheckedStorage(FileStorage):
    """A folder's files, each one opened noted until ``opened`` is set to ``None``."""

    def __init__(self, path):
        super().__init__(path)
        self.opened = []

    def open_file(self, name, **kwargs):
        file = super().open_file(name, **kwargs)
        if self.opened is not None:
            self.opened.append(file)
        return file

    def close_opened(self):
        """Close every file opened so far, and stop noting them."""
        for file in self.opened or ():
            with suppress(Exception):   # already closed, or cut short: closing is all we want
                file.close()
        self.opened = None
