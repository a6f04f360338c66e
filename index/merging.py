"""When the follower's small segments are merged: not in a save's own commit, but once it is idle.

Each commit of the follower (a save, a few edits) writes a segment of its
own. Whoosh's default policy (``MERGE_SMALL``) merges small segments inside
the next commit, and a merge goes through Whoosh's reader term by term: at a
million items every fifth save took 1.2–2.8 s instead of ~0.1 s to become
searchable, all of it the merge. Here a save's commit merges nothing
(``for_commit``) unless ``MERGE_ANYWAY`` small segments have gathered (a long
burst of saves, so searches do not slow down over hundreds of them); the
follower merges the small ones in a commit of their own once no commit came
for ``IDLE_S`` seconds and ``MERGE_AT`` or more are there: their items
indexed again from the store by a worker process (``small_documents``; a
merge through Whoosh's reader held the server's interpreter for seconds),
or in this process where workers cannot be used (``merge_small``).
Large segments (``SMALL_DOCS`` documents and more: bulk imports, builds) are
never merged here: they have their posting columns.

What can go wrong: what Whoosh's writer raises while merging (the commit is
then cancelled, the segments stay as they were).
"""

from .internals.whoosh_files import segment_reader, segment_sizes

SMALL_DOCS = 1000       # segments with fewer documents (counting deleted ones) are "small"
MERGE_AT = 10           # the idle follower merges from this many small segments
MERGE_ANYWAY = 50       # a commit merges them itself from this many
IDLE_S = 2.0            # seconds without a commit before the follower merges


def small_segments(segments):
    """The segments (Whoosh ``Segment`` objects) under ``SMALL_DOCS`` documents."""
    return [segment for segment in segments if segment.doc_count_all() < SMALL_DOCS]


def wants_merge(ix):
    """Whether the index ``ix`` holds ``MERGE_AT`` or more small segments (an idle follower merges them)."""
    return ix is not None and sum(1 for _segid, docs in segment_sizes(ix) if docs < SMALL_DOCS) >= MERGE_AT


def for_commit(writer, segments):
    """Whoosh merge policy of a follower's commit: none, unless ``MERGE_ANYWAY`` small segments gathered."""
    if len(small_segments(segments)) >= MERGE_ANYWAY:
        return merge_small(writer, segments)
    return list(segments)


def small_documents(writer):
    """``(segment ids, item ids)``: the small segments of ``writer``'s index and the items of their live documents.

    For a merge that indexes those items again (in a worker process) and
    leaves the segments out of the commit (``build.add_in_workers(drop=)``).
    """
    segids, ids = [], []
    for segment in small_segments(writer.segments):
        segids.append(segment.segment_id())
        reader = segment_reader(writer.storage, writer.schema, segment)
        try:
            ids.extend(int(fields["id"]) for fields in reader.all_stored_fields())
        finally:
            reader.close()
    return segids, ids


def merge_small(writer, segments):
    """Whoosh merge policy: every small segment's live documents into the writer's new segment."""
    small = small_segments(segments)
    if len(small) < 2:
        return list(segments)
    for segment in small:
        reader = segment_reader(writer.storage, writer.schema, segment)
        try:
            writer.add_reader(reader)
        finally:
            reader.close()
    merged = {id(segment) for segment in small}
    return [segment for segment in segments if id(segment) not in merged]
