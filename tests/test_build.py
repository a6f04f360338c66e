"""SegmentBuilder (internals.whoosh_write) and index.build give the index Whoosh's own writer would."""

import itertools
import subprocess
import sys
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.query import Term
from whoosh.codec import whoosh3
from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter
from whoosh.externalsort import SortingPool
from whoosh.writing import SegmentWriter

from benchmarks.corpus import generate
from catalogue.errors import CatalogueError
from index import analysis, build, internals, schema, segmenter
from index.build import BuildError
from index.internals import whoosh_write
from index.internals.whoosh_write import SegmentBuilder
from whoosh_fixtures import without

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def documents():
    """120 generated catalogue items (Simplified and Traditional, with doc numbers) as index documents."""
    segmenter.configure(segmenter.DEFAULT_DATA_DIR)
    docs = []
    for number, item in enumerate(generate(120, seed=7), 1):
        item["id"] = number
        docs.append(schema.document(item))
    return docs


def _new_index(folder):
    folder.mkdir()
    return whoosh_index.create_in(str(folder), schema.build_schema())


def _everything(ix):
    """Every posting and every document length of the index, in order."""
    with ix.reader() as reader:
        postings = list(reader.iter_postings())
        lengths = [(name, doc, reader.doc_field_length(doc, name))
                   for name in schema.TEXT_FIELDS for doc in range(reader.doc_count_all())]
        stored = list(reader.all_stored_fields())
    return postings, lengths, stored


def _whoosh_built(folder, documents):
    ix = _new_index(folder)
    with SegmentWriter(ix, compound=False) as writer:
        for document in documents:
            writer.add_document(**document)
    return ix


def test_spilled_and_merged_runs_give_the_postings_whoosh_writes(tmp_path, documents):
    expected = _everything(_whoosh_built(tmp_path / "whoosh", documents))
    ix = _new_index(tmp_path / "ours")
    with SegmentBuilder(ix, compound=False) as writer:
        # A pool of ~20 KB spills every few documents: over 128 runs (more than
        # Whoosh's pool merges at once; ours merges them all in one pass).
        writer.pool.limit = 20_000
        for document in documents:
            writer.add_document(**document)
        runs = len(writer.pool.runs)
    assert runs > 128
    assert _everything(ix) == expected


def _segment_files(writer_class, folder, documents):
    """The bytes of the postings and term files one writer class makes of ``documents``."""
    ix = _new_index(folder)
    # Blocks of 8 postings: common words span many blocks, each with its own statistics.
    with writer_class(ix, compound=False, codec=W3Codec(blocklimit=8)) as writer:
        for document in documents:
            writer.add_document(**document)
    return {path.suffix: path.read_bytes() for path in folder.iterdir() if path.suffix in (".pst", ".trm")}


def test_postings_and_term_files_are_byte_for_byte_whoosh_s(tmp_path, documents, monkeypatch):
    monkeypatch.setattr(whoosh_write, "COMPRESS_FROM", 0)     # compress every block, as Whoosh does,
    monkeypatch.setattr(whoosh_write, "DATA_PROTOCOL", 2)     # and pickle block data with protocol 2
    # Whoosh's analysis: the fast path shares one value bytes object among the
    # postings of one position, which pickle then writes once per block.
    monkeypatch.setattr(whoosh_write, "fast_index", lambda field: None)
    expected = _segment_files(SegmentWriter, tmp_path / "whoosh", documents)
    assert sorted(expected) == [".pst", ".trm"]
    assert _segment_files(SegmentBuilder, tmp_path / "ours", documents) == expected


def test_parallel_build_writes_every_document_once(tmp_path, documents):
    ix = _new_index(tmp_path / "ix")
    count = build.build(ix, iter(documents), procs=2, batch=10, compound=False)
    with ix.searcher() as searcher:
        ids = sorted(int(fields["id"]) for fields in searcher.all_stored_fields())
        segments = len(searcher.reader().leaf_readers())
    assert (count, ids, segments) == (120, list(range(1, 121)), 2)


def test_parallel_build_finds_what_whoosh_finds(tmp_path, documents):
    reference = _whoosh_built(tmp_path / "whoosh", documents)
    ix = _new_index(tmp_path / "ours")
    build.build(ix, iter(documents), procs=2, batch=10, compound=False)

    def docs_with(ix, word):
        with ix.searcher() as searcher:
            return sorted(int(hit["id"]) for hit in searcher.search(Term("title", word), limit=None))

    words = {w for d in documents[:20] for w in analysis.segment(d["title"])}
    assert words
    assert all(docs_with(ix, w) == docs_with(reference, w) for w in words)


def test_a_failing_worker_fails_the_build_and_adds_nothing(tmp_path, documents):
    ix = _new_index(tmp_path / "ix")
    broken = itertools.chain(documents[:50], [{"id": "999", "no_such_field": "公开"}], documents[50:])
    with pytest.raises(BuildError, match="no_such_field") as failed:
        build.build(ix, broken, procs=2, batch=10, compound=False)
    # What `catalogue reindex` reports in one line (exit status 1), not a traceback.
    assert isinstance(failed.value, CatalogueError) and failed.value.status == 500
    assert whoosh_index.open_dir(str(tmp_path / "ix")).doc_count_all() == 0


def test_build_refuses_an_index_that_holds_documents(tmp_path, documents):
    ix = _whoosh_built(tmp_path / "ix", documents[:3])
    with pytest.raises(ValueError, match="fresh index"):
        build.build(ix, iter(documents[3:]), procs=1)


FAILED_BUILD_SCRIPT = """
import itertools, sys
from whoosh import index as whoosh_index
from benchmarks.corpus import generate
from index import build, schema, segmenter
segmenter.configure(segmenter.DEFAULT_DATA_DIR)
docs = [schema.document(dict(item, id=n)) for n, item in enumerate(generate(400, seed=7), 1)]
ix = whoosh_index.create_in(sys.argv[1], schema.build_schema())
broken = itertools.chain(docs[:20], [{"id": "999", "no_such_field": "公开"}], docs[20:])
try:
    build.build(ix, broken, procs=2, batch=10, compound=False)
except build.BuildError as error:
    print("BuildError:", error)
"""


def test_a_process_whose_build_failed_still_exits(tmp_path):
    # Batches queued for a stopped worker used to keep the queue's feeder
    # thread waiting for a reader, so the interpreter never finished exiting.
    folder = tmp_path / "ix"
    folder.mkdir()
    done = subprocess.run([sys.executable, "-c", FAILED_BUILD_SCRIPT, str(folder)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (0, "")
    assert "BuildError: an index worker failed" in done.stdout


def test_blocks_written_smaller_and_faster_read_back_as_whoosh_writes_them(tmp_path, documents):
    expected = _everything(_whoosh_built(tmp_path / "whoosh", documents))
    whoosh_files = _segment_files(SegmentWriter, tmp_path / "whoosh-files", documents)
    ours_files = _segment_files(SegmentBuilder, tmp_path / "ours-files", documents)
    assert len(ours_files[".pst"]) < len(whoosh_files[".pst"])      # protocol 5 is smaller
    ix = _new_index(tmp_path / "ours")
    with SegmentBuilder(ix, compound=False) as writer:
        for document in documents:
            writer.add_document(**document)
    assert _everything(ix) == expected


def test_a_commit_that_merges_segments_gives_the_postings_whoosh_writes(tmp_path, documents):
    def built(folder, writer_class):
        ix = _new_index(folder)
        for part in (documents[:40], documents[40:80]):
            with SegmentWriter(ix, compound=False) as writer:
                for document in part:
                    writer.add_document(**document)
        with writer_class(ix, compound=False) as writer:
            writer.pool.limit = 20_000 if writer_class is SegmentBuilder else writer.pool.limit
            writer.delete_by_term("id", documents[3]["id"])
            for document in documents[80:]:
                writer.add_document(**document)
            writer.optimize = True      # merge the older segments into this one (add_reader)
        return ix

    ours = built(tmp_path / "ours", SegmentBuilder)
    assert len(ours._segments()) == 1
    assert _everything(ours) == _everything(built(tmp_path / "whoosh", SegmentWriter))


def test_the_fast_analysis_gives_whoosh_s_postings(tmp_path, documents, monkeypatch):
    # Whoosh's analysis (a Token per word through the filters) and ours give the same index.
    fast = _new_index(tmp_path / "fast")
    with SegmentBuilder(fast, compound=False) as writer:
        assert set(writer._fast) == {"title", "title_bigrams", "title_py", "title_pyx", "summary", "body", "keywords"}
        for document in documents:
            writer.add_document(**document)
    monkeypatch.setattr(whoosh_write, "fast_index", lambda field: None)
    slow = _new_index(tmp_path / "slow")
    with SegmentBuilder(slow, compound=False) as writer:
        assert writer._fast == {}
        for document in documents:
            writer.add_document(**document)
    assert _everything(fast) == _everything(slow)


def test_the_builder_takes_its_fast_paths(tmp_path, documents):
    _segment_files(SegmentBuilder, tmp_path / "one", documents)
    build.build(_new_index(tmp_path / "parallel"), iter(documents), procs=2, batch=10, compound=False)
    assert whoosh_write.PATHS == whoosh_write.Paths(pool=True, blocks=True, flush=True, parallel=True, documents=True)
    assert internals.fallbacks() == {}


@pytest.mark.parametrize("owner, name, what", [
    (SortingPool, "_add_run", "whoosh postings pool"),
    (SegmentWriter, "_flush_segment", "whoosh segment flush"),
    (whoosh3, "_lenfield", "whoosh segment flush"),
])
def test_without_a_private_name_the_builder_writes_the_same_index_whoosh_s_way(
        tmp_path, documents, owner, name, what):
    documents = documents[:60]
    expected = _everything(_whoosh_built(tmp_path / "whoosh", documents))
    fast_files = _segment_files(SegmentBuilder, tmp_path / "fast", documents)
    with without(whoosh_write, owner, name) as reported:
        ix = _new_index(tmp_path / "ours")
        with SegmentBuilder(ix, compound=False) as writer:
            writer.pool.limit = 20_000      # spills: runs written and merged by the pool in use
            for document in documents:
                writer.add_document(**document)
        slow_files = _segment_files(SegmentBuilder, tmp_path / "slow", documents)
    assert list(reported) == [what]
    assert _everything(ix) == expected
    assert slow_files == fast_files


def test_without_the_block_writer_s_names_the_files_are_whoosh_s_byte_for_byte(tmp_path, documents, monkeypatch):
    monkeypatch.setattr(whoosh_write, "fast_index", lambda field: None)     # see the test above
    expected = _segment_files(SegmentWriter, tmp_path / "whoosh", documents)
    with without(whoosh_write, W3PostingsWriter, "_mini_values") as reported:
        ours = _segment_files(SegmentBuilder, tmp_path / "ours", documents)
    assert list(reported) == ["whoosh block writer"]
    assert ours == expected


def test_without_the_names_a_worker_needs_a_build_runs_in_one_process(tmp_path, documents):
    ix = _new_index(tmp_path / "ix")
    with without(whoosh_write, SegmentWriter, "_close_segment") as reported:
        count = build.build(ix, iter(documents), procs=2, batch=10, compound=False)
    with ix.searcher() as searcher:
        ids = sorted(int(fields["id"]) for fields in searcher.all_stored_fields())
        segments = len(searcher.reader().leaf_readers())
    assert list(reported) == ["whoosh parallel build"]
    assert (count, ids, segments) == (120, list(range(1, 121)), 1)
