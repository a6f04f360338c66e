"""internals.whoosh_read: posting lists and columns read in bulk are what Whoosh's own calls give, fast or not."""

import pytest
from whoosh import index as whoosh_index
from whoosh.codec import whoosh3
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.filedb.structfile import StructFile
from whoosh.reading import TermNotFound

from index import internals, schema, segmenter
from index.internals import whoosh_read
from index.internals.whoosh_write import SegmentBuilder
from index.segments import SegmentData, positions, read_postings
from whoosh_fixtures import without

TOPICS = ("政务公开", "财政预算", "安全生产", "环境保护",
          "教育收费", "医疗卫生", "城乡建设")
KINDS = ("通知", "意见", "办法", "报告")
ISSUERS = ("省政府办公厅", "宾县政府", "市财政局")
FIELDS = ("title", "title_bigrams", "summary", "body", "keywords")
FIRST, SECOND = 300, 60         # documents in the first and the second segment
DELETED = ("7", "150", "299")   # ids deleted from the first segment afterwards


def _item(number):
    """A small catalogue item; every one says 政府信息公开, so that list spans several blocks."""
    topic = TOPICS[number % len(TOPICS)]
    item = {"id": number, "index_no": f"11230000-{number:04d}", "issuer": ISSUERS[number % 3],
            "title": f"关于做好{2010 + number % 5}年{topic}工作的{KINDS[number % 4]}",
            "publish_date": f"{2010 + number % 5}-0{1 + number % 9}-1{number % 10}",
            # The topic said 1-4 times: weights and positions differ from posting to posting.
            "body": "，".join([f"各单位要做好{topic}"] * (1 + number % 4))
                    + "。政府信息公开由办公厅负责。",
            "genre": KINDS[number % 4], "topic": topic if number % 5 else ""}
    if number % 3 == 0:
        item["summary"] = f"{topic}的政府信息公开情况"
    if number % 7 == 0:
        item["keywords"] = [topic, "信息公开"]
    return item


def _whoosh_postings(reader, fieldname, text):
    """``(ids, weights, positions)`` of a term by Whoosh's own matcher (deleted documents left out)."""
    try:
        ids = list(reader.postings(fieldname, text).all_ids())
    except TermNotFound:
        return [], [], []
    weights = [w for _, w in reader.postings(fieldname, text).items_as("weight")]
    where = [tuple(p) for _, p in reader.postings(fieldname, text).items_as("positions")]
    return ids, weights, where


def _ours(reader, fieldname, text):
    found = read_postings(reader, fieldname, text, with_positions=True)
    return list(found.ids), list(found.weights), [positions(v) for v in found.values]


def _leaves(reader):
    return [leaf for leaf, _offset in reader.leaf_readers()]


def _terms(leaf):
    """Every (field, term) of a segment's text fields, as the search asks for them."""
    return [(fieldname, text.decode("utf-8")) for fieldname in FIELDS for text in leaf.lexicon(fieldname)]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    """Two segments written by ``SegmentBuilder``, and what Whoosh's matcher read of each before deletions.

    ``(ix, before)``: ``before[(segment id, field, term)]`` is the term's
    ``_whoosh_postings`` with no document deleted; then ``DELETED`` are
    deleted from the first segment.
    """
    segmenter.configure(segmenter.DEFAULT_DATA_DIR)
    ix = whoosh_index.create_in(str(tmp_path_factory.mktemp("ix")), schema.build_schema())
    for numbers in (range(1, FIRST + 1), range(FIRST + 1, FIRST + SECOND + 1)):
        with SegmentBuilder(ix, compound=False) as writer:
            writer.merge = False        # keep the segments apart
            for number in numbers:
                writer.add_document(**schema.document(_item(number)))
    with ix.reader() as reader:
        before = {(leaf.segment().segment_id(), fieldname, text): _whoosh_postings(leaf, fieldname, text)
                  for leaf in _leaves(reader) for fieldname, text in _terms(leaf)}
    writer = ix.writer()
    for number in DELETED:
        writer.delete_by_term("id", number)
    writer.commit(merge=False)
    return ix, before


def test_read_postings_gives_what_whoosh_s_matcher_gives_for_every_term(index):
    ix, before = index
    with ix.reader() as reader:
        leaves = _leaves(reader)
        compared = {}
        for leaf in leaves:
            segid = leaf.segment().segment_id()
            for fieldname, text in _terms(leaf):
                compared[segid, fieldname, text] = ours = _ours(leaf, fieldname, text)
                plain = read_postings(leaf, fieldname, text)        # positions not asked for
                assert (list(plain.ids), list(plain.weights), plain.values) == (ours[0], ours[1], None)
        after = {key: _whoosh_postings(leaf, key[1], key[2])[0]
                 for leaf in leaves for key in compared if key[0] == leaf.segment().segment_id()}
        deleted = {leaf.segment().segment_id(): leaf.deleted_docs_set for leaf in leaves}
    # Deleted documents are still in the lists (the search drops them per generation) ...
    assert compared == before
    # ... and dropping them leaves what Whoosh's matcher gives now.
    assert all([d for d in ours[0] if d not in deleted[key[0]]] == after[key] for key, ours in compared.items())
    # The terms compared include lists of several blocks, terms in both
    # segments, and lists holding deleted documents.
    first, second = (leaf.segment().segment_id() for leaf in leaves)
    assert (len(deleted[first]), len(deleted[second])) == (len(DELETED), 0)
    both = [(f, t) for segid, f, t in compared if segid == first and (second, f, t) in compared]
    assert any(len(compared[first, f, t][0]) > 128 and deleted[first] <= set(compared[first, f, t][0])
               for f, t in both)


def test_a_term_missing_from_a_segment_reads_as_an_empty_list(index):
    ix, _ = index
    with ix.reader() as reader:
        leaf = _leaves(reader)[0]
        found = read_postings(leaf, "title", "鲸鱼", with_positions=True)
        assert (len(found), list(found.values)) == (0, [])
        assert whoosh_read.values_for(leaf, "title", "鲸鱼", [0, 1]) == {}
        assert _whoosh_postings(leaf, "title", "鲸鱼") == ([], [], [])


def test_values_for_gives_whoosh_s_positions_of_the_documents_asked_for(index):
    ix, before = index
    long_lists = 0
    with ix.reader() as reader:
        for leaf in _leaves(reader):
            segid = leaf.segment().segment_id()
            # Every fifth document (holding the term or not) and the deleted ones.
            docs = sorted(set(range(0, leaf.doc_count_all(), 5)) | leaf.deleted_docs_set)
            for fieldname, text in _terms(leaf):
                ids, _, where = before[segid, fieldname, text]
                expected = {doc: p for doc, p in zip(ids, where) if doc in docs}
                found = whoosh_read.values_for(leaf, fieldname, text, docs)
                assert {doc: positions(value) for doc, value in found.items()} == expected
                long_lists += len(ids) > 128 and len(expected) > 1
    assert long_lists


def _columns(reader):
    """What ``SegmentData`` reads of each segment: sort keys, years, each document's enum values, length bytes.

    An enum column's codes may number its values in another order (the
    public path sorts them); each document's value is what must agree.
    """
    out = []
    for leaf in _leaves(reader):
        seg = SegmentData(leaf)
        out.append((list(seg.sortkeys), list(seg.years),
                    {name: [values[c] for c in codes] for name, (codes, values) in seg.enums.items()},
                    {name: list(seg.lengths(leaf, name)) for name in schema.TEXT_FIELDS}))
    return out


def test_columns_and_lengths_read_as_whoosh_reads_them(index):
    ix, _ = index
    with ix.reader() as reader:
        for leaf, (sortkeys, years, enums, lengths) in zip(_leaves(reader), _columns(reader)):
            count = range(leaf.doc_count_all())
            assert sortkeys == [leaf.column_reader(schema.SORTKEY)[d] for d in count]
            assert years == [leaf.column_reader("year")[d] for d in count]
            for name, values in enums.items():
                assert values == [leaf.column_reader(name)[d] for d in count]
            for name, column in lengths.items():
                assert [whoosh_read.BYTE_LENGTHS[b] for b in column] == \
                    [leaf.doc_field_length(d, name) or 0 for d in count]
        # Documents without a summary or keywords have length 0 there.
        assert any(0 in column for _, _, _, lengths in _columns(reader) for column in lengths.values())


def test_the_fast_paths_are_taken(index):
    ix, _ = index
    with ix.reader() as reader:
        for leaf in _leaves(reader):
            for fieldname, text in _terms(leaf):
                read_postings(leaf, fieldname, text, with_positions=True)
        _columns(reader)
    assert whoosh_read.PATHS == whoosh_read.Paths(blocks=True, columns=True, lengths=True)
    assert internals.fallbacks() == {}


@pytest.mark.parametrize("owner, name, what", [
    (W3LeafMatcher, "_read_data", "whoosh block decoder"),
    (StructFile, "get_array", "whoosh value columns"),
    (whoosh3, "_lenfield", "whoosh length columns"),
])
def test_without_a_private_name_whoosh_s_public_path_reads_the_same(index, owner, name, what):
    ix, _ = index
    with ix.reader() as reader:
        fast = [_ours(leaf, f, t) for leaf in _leaves(reader) for f, t in _terms(leaf)], _columns(reader)
        with without(whoosh_read, owner, name) as reported:
            slow = [_ours(leaf, f, t) for leaf in _leaves(reader) for f, t in _terms(leaf)], _columns(reader)
    assert list(reported) == [what]
    assert slow == fast
