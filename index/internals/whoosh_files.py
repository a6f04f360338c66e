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
from whoosh.reading import SegmentReader

from . import fallback, has


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


def segment_sizes(ix):
    """``[(segment id, documents)]`` of the index's current segments, read from its table of contents.

    ``FileIndex._segments()`` reads the table of contents alone; where it is
    missing, a reader is opened (the same answer, opening every segment's files).
    """
    if has(ix, "_segments"):
        return [(s.segment_id(), s.doc_count_all()) for s in ix._segments()]
    fallback("whoosh table of contents", "FileIndex has no _segments(); a reader is opened to list them")
    with ix.reader() as reader:
        return [(leaf.segment().segment_id(), leaf.doc_count_all())
                for leaf, _offset in reader.leaf_readers() if leaf.segment() is not None]


def segment_reader(storage, schema, segment):
    """A reader of one segment (a build worker's own, not committed yet; one to merge), to close after use."""
    return SegmentReader(storage, schema, segment)
