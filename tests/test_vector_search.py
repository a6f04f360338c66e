"""The numpy search path (posting columns, arrays) answers exactly as the Python path.

A catalogue of 2,400 items of the benchmark's generated corpus (realistic
titles, bodies, doc numbers, bodies of the registry, Simplified and
Traditional) is indexed once: the build writes one segment with posting
columns; then items are added and edited, so the index also holds a small
segment without columns (its lists decoded from Whoosh's blocks) and
deleted documents. The benchmark's query mix and a set of harder requests
(filters, sorts, pages, exclusions, OR, fields, staff scopes) are answered
by an index opened with each engine: every total, page of hits (ids and
order), facet count and named body must be the same.
"""

import shutil

import pytest

from benchmarks.corpus import generate_range
from benchmarks.ours import import_corpus
from benchmarks.queries import make_queries
from benchmarks.run import prepare_corpus
from catalogue.home import Home
from catalogue.items import validate
from index import Scope, open_index

ITEMS = 2400
ADDED = 40
SEED = 3


def _answer(result):
    return (result["total"], [item["id"] for item in result["items"]], result["facets"], result["bodies"],
            result["suggestion"])


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    """``(home, corpus items)``: the generated catalogue, indexed, then changed after the build."""
    root = tmp_path_factory.mktemp("vector")
    prepare_corpus(root / "corpus", ITEMS, seed=SEED, procs=1)
    home = Home(root / "home")
    home.init()
    with home.open_store() as store:
        import_corpus(store, root / "corpus")
        context = store.context()
        with open_index(home.index_dir, store, warm=False) as idx:
            assert idx.status()["columns"]["segments_with_columns"] == 1
            with store.transaction(actor="tests") as tx:
                for raw in generate_range(ITEMS, ITEMS + ADDED, SEED):
                    tx.put(validate(raw, context))
                for raw in generate_range(0, 20, SEED):    # edited: deleted in the big segment, added again
                    raw["title"] = raw["title"] + "（修订）"
                    tx.put(validate(raw, context), replace=True)
                for raw in generate_range(20, 25, SEED):
                    tx.withdraw(raw["index_no"], "已被新文件替代")
            idx.catch_up()
            status = idx.status()["columns"]
            assert status["segments"] >= 2 and status["segments_with_columns"] == 1
        items = list(store.iter_items(status=None))
    return home, items[:1000]


def _requests(items):
    for query in make_queries(items, per_kind=15, seed=11):
        yield {"query": query.query, "filters": query.filters}
    issuer = items[0]["issuer"]
    words = items[1]["title"][:4]
    yield {"query": "", "filters": {}}
    yield {"query": "", "filters": {"issuer": [issuer]}, "sort": "-date"}
    yield {"query": "通知", "sort": "date", "page": 3}
    yield {"query": "通知", "page": 2, "per_page": 50}
    yield {"query": "工作 -通知"}
    yield {"query": "公开 OR 預算"}
    yield {"query": f"\"{words}\""}
    yield {"query": f"title:{words}"}
    yield {"query": "信息公开", "filters": {"year": [(2010, 2013)], "genre": ["通知"]}}
    yield {"query": "黑政办发"}
    yield {"query": "财政厅 预算"}
    yield {"query": "修订"}
    yield {"query": "guanyu"}


@pytest.fixture(scope="module")
def answers(catalogue):
    home, items = catalogue
    requests = list(_requests(items))
    scopes = [None, Scope(bodies=frozenset({items[0]["issuer"], items[5]["issuer"]})),
              Scope(states=frozenset({"published", "draft"}))]
    out = {}
    with home.open_store() as store:
        for engine in ("numpy", "python"):
            with open_index(home.index_dir, store, warm=False, engine=engine) as idx:
                out[engine] = [(req, str(scope), _answer(idx.search(**req, scope=scope)))
                               for req in requests for scope in scopes]
    return out


def test_the_numpy_path_gives_the_python_paths_totals_hits_order_and_facets(answers):
    different = [(req, scope) for (req, scope, a), (_r, _s, b) in zip(answers["numpy"], answers["python"])
                 if a != b]
    assert not different, different[:5]


def test_the_comparison_covers_queries_with_many_results_and_with_none(answers):
    totals = [a[0] for _req, _scope, a in answers["numpy"]]
    assert max(totals) > 1000 and min(totals) == 0
    assert sum(1 for t in totals if 0 < t < 50) > 20


def test_a_search_reads_the_posting_columns_of_the_built_segment(catalogue):
    home, _items = catalogue
    with home.open_store() as store, open_index(home.index_dir, store, warm=False) as idx:
        before = idx.status()["columns"]["postings_read"]
        idx.search(query="通知")
        assert idx.status()["columns"]["postings_read"] > before


def test_columns_left_unfinished_are_written_again_when_the_index_opens(catalogue, tmp_path):
    home, items = catalogue
    copy = Home(tmp_path / "home")
    shutil.copytree(home.path, copy.path)
    for done in copy.index_dir.glob("gen-*/columns/*/DONE"):
        done.unlink()       # as a crash while writing them leaves them
    (folder,) = [d.parent for d in home.index_dir.glob("gen-*/columns/*/DONE")]
    query = make_queries(items, per_kind=1, seed=5)[0].query
    with copy.open_store() as store, open_index(copy.index_dir, store, warm=False) as idx:
        assert idx.status()["columns"]["segments_with_columns"] == 1
        again = _answer(idx.search(query=query))
    rewritten = copy.index_dir / folder.relative_to(home.index_dir)
    assert (rewritten / "DONE").exists()
    assert (rewritten / "codes.i64").read_bytes() == (folder / "codes.i64").read_bytes()
    with home.open_store() as store, open_index(home.index_dir, store, warm=False) as idx:
        assert _answer(idx.search(query=query)) == again


def test_a_server_answers_before_missing_columns_are_written_and_the_same_after(catalogue, tmp_path):
    import time

    home, items = catalogue
    copy = Home(tmp_path / "home")
    shutil.copytree(home.path, copy.path)
    for done in copy.index_dir.glob("gen-*/columns/*/DONE"):
        done.unlink()       # as a server stopped while writing them leaves them
    query = make_queries(items, per_kind=1, seed=5)[0].query
    with home.open_store() as store, open_index(home.index_dir, store, warm=False) as idx:
        expected = _answer(idx.search(query=query))
    with copy.open_store() as store, open_index(copy.index_dir, store) as idx:     # as `catalogue serve` does
        before = _answer(idx.search(query=query))
        deadline = time.monotonic() + 120
        while idx.status()["columns"]["segments_with_columns"] < 1:
            assert time.monotonic() < deadline, "the columns were not written behind the opening"
            time.sleep(0.1)
        after = _answer(idx.search(query=query))
    assert before == after == expected


def test_an_unknown_engine_is_refused_by_name(catalogue):
    home, _items = catalogue
    with home.open_store() as store, pytest.raises(ValueError, match="numpy"):
        open_index(home.index_dir, store, warm=False, engine="fortran")


def _big_segment(home):
    """``(columns folder, its Whoosh segment reader)`` of the built segment with columns."""
    from whoosh.index import open_dir
    (folder,) = [d.parent for d in home.index_dir.glob("gen-*/columns/*/DONE")]
    reader = open_dir(str(folder.parent.parent)).reader()
    (leaf,) = [leaf for leaf, _ in reader.leaf_readers() if leaf.segment().segment_id() == folder.name]
    return folder, reader, leaf


def test_the_word_tables_written_with_the_columns_answer_as_the_vocabulary_built_off_the_segment(catalogue):
    from index import wordtables
    from index.vocabulary import Vocabulary, index_words
    home, _items = catalogue
    folder, reader, leaf = _big_segment(home)
    with reader:
        built = Vocabulary(index_words(leaf))
    mapped = wordtables.open_vocabulary(folder)
    words = sorted(built.terms)
    assert len(words) > 1000 and [mapped.terms[i] for i in range(len(mapped.terms))] == words
    # Every kind of slip on a sample of the words: a character dropped, added, replaced, swapped.
    slips = set()
    for word in words[::7]:
        slips |= {word[1:], word + "的", "政" + word[1:], word[1] + word[0] + word[2:], word}
    assert all(mapped.close_to(slip) == built.close_to(slip) for slip in slips)
    assert any(built.close_to(slip) - {slip} for slip in slips)


def test_the_pinyin_keys_written_with_the_columns_are_those_built_off_the_segment(catalogue):
    from index import wordtables
    from index.pinyin import pinyin_terms
    from index.lru import LRU
    home, _items = catalogue
    folder, reader, leaf = _big_segment(home)
    with reader:
        keys, words = pinyin_terms(leaf, folder.name, LRU(10**8))
    mapped_keys, mapped_words = wordtables.open_pinyin(folder)
    assert len(keys) > 1000 and len(mapped_keys) == len(keys)
    assert [mapped_keys[i] for i in range(len(keys))] == keys
    assert [mapped_words[i] for i in range(len(keys))] == words


def test_columns_of_an_earlier_version_get_their_word_tables_when_the_index_is_opened(catalogue, tmp_path):
    from index import columns
    home, _items = catalogue
    copy = Home(tmp_path / "home")
    shutil.copytree(home.path, copy.path)
    (folder,) = [d.parent for d in copy.index_dir.glob("gen-*/columns/*/DONE")]
    from index import wordtables
    words = list(wordtables.open_vocabulary(folder).terms)
    for path in folder.iterdir():       # as an earlier version wrote them: the words as text, no tables
        if path.name.split(".")[0] in wordtables.TABLES or path.name == columns.WORDS:
            path.unlink()
    (folder / columns.OLD_WORDS).write_text("\n".join(words), encoding="utf-8")
    query = "关于印发工作方案的通知"
    with copy.open_store() as store, open_index(copy.index_dir, store, warm=False) as idx:
        assert idx.status()["columns"]["segments_with_columns"] == 1
        again = _answer(idx.search(query=query))
    assert columns.has_word_tables(folder) and not (folder / columns.OLD_WORDS).exists()
    assert list(wordtables.open_vocabulary(folder).terms) == words
    with home.open_store() as store, open_index(home.index_dir, store, warm=False) as idx:
        assert _answer(idx.search(query=query)) == again


def test_a_segment_with_word_tables_is_corrected_from_them_without_a_warm_up_building_anything(catalogue):
    from index import wordtables
    home, _items = catalogue
    folder, reader, _leaf = _big_segment(home)
    reader.close()
    terms = wordtables.open_vocabulary(folder).terms
    word = next(terms[i] for i in range(len(terms)) if len(terms[i]) == 4 and "鼹" not in terms[i])
    slip = word[:2] + "鼹" + word[3:]
    with home.open_store() as store, open_index(home.index_dir, store) as idx:
        assert idx.wait_until_warm(120)
        result = idx.search(query=slip)
        entries = idx.cache_stats()["entries"]
    assert result["total"] == 0 and result["suggestion"] is not None
    # Two built in memory: the registry's, and the small segment's (no columns); none for the big one.
    assert entries["vocabulary"] == 2 and "pinyin-terms" not in entries


def test_a_small_segments_columns_know_every_term_it_has_and_none_it_lacks(catalogue):
    from index import columns
    from index.segments import TERM_SET_DOCS, term_keys
    home, _items = catalogue
    folder, reader, leaf = _big_segment(home)
    with reader:
        assert leaf.doc_count_all() < TERM_SET_DOCS
        terms = set(term_keys(leaf))
    mapped = columns.open_columns(folder.parent.parent, folder.name)
    assert len(terms) > 10_000 and all(mapped.holds(field, term) for field, term in terms)
    absent = [("title", "鼹鼠"), ("body", "量子纠缠"), ("summary", "")]
    assert not any(mapped.holds(field, term) for field, term in absent if (field, term) not in terms)


def test_damaged_word_tables_are_logged_and_corrections_come_from_the_segment_itself(catalogue, tmp_path, caplog):
    from index import wordtables
    home, _items = catalogue
    copy = Home(tmp_path / "home")
    shutil.copytree(home.path, copy.path)
    (folder,) = [d.parent for d in copy.index_dir.glob("gen-*/columns/*/DONE")]
    terms = wordtables.open_vocabulary(folder).terms
    word = next(terms[i] for i in range(len(terms)) if len(terms[i]) == 4 and "鼹" not in terms[i])
    (folder / "words.str").write_bytes(b"")         # cut short, as a full disk or a bad copy leaves it
    with copy.open_store() as store, open_index(copy.index_dir, store) as idx:
        assert idx.wait_until_warm(120)     # the warm-up builds the vocabulary the tables could not give
        result = idx.search(query=word[:2] + "鼹" + word[3:])
        entries = idx.cache_stats()["entries"]
    assert result["total"] == 0 and result["suggestion"] is not None
    assert entries["vocabulary"] == 3       # the registry's, the small segment's and the damaged one's
    assert "word tables" in caplog.text and "cannot be read" in caplog.text


def test_reading_the_columns_ahead_asks_for_ids_and_weights_first_and_keeps_to_its_budget(catalogue):
    from index import columns

    home, _items = catalogue
    (folder,) = [d.parent for d in home.index_dir.glob("gen-*/columns/*/DONE")]
    mapped = columns.Columns(folder)
    first = sum((folder / name).stat().st_size for name in columns.PREFETCH_FIRST)
    everything = first + (folder / "codes.i64").stat().st_size
    assert columns.prefetch([mapped]) == everything
    assert columns.prefetch([mapped], budget=first) == first
    assert columns.prefetch([mapped], budget=first - 1) < first
