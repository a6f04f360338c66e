"""The compiled route and HMM (jieba-next) against jieba itself, over the benchmark corpus.

jieba is the reference: ``index.internals.jieba_route`` may route through
jieba-next's compiled trie and Viterbi only because every Han run of the
corpus below cuts into the same words as ``jieba.Tokenizer`` with the same
dictionary (the project's user dictionary and the corpus's body names).
"""

import re

import jieba
import pytest
from jieba import finalseg

from benchmarks import corpus
from index import internals
from index.fold import HAN, fold
from index.internals import jieba_route
from index.segmenter import DEFAULT_DATA_DIR, EXTRA_WORD_FREQ, USERDICT, Segmenter, _read_userdict

ITEMS = 1500
_RUN = re.compile(rf"[{HAN}]+")

needs_compiled = pytest.mark.skipif(jieba_route.jieba_next_rust is None, reason="jieba-next is not installed")


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """Our Segmenter and jieba's Tokenizer, each with the project's dictionary and the corpus's body names."""
    cache = tmp_path_factory.mktemp("jieba")
    names = {word for body in corpus.build_bodies() for name in (body["name"], body["short"]) if name
             for word in _RUN.findall(fold(name)) if len(word) > 1}
    entries = _read_userdict(DEFAULT_DATA_DIR / USERDICT)
    tokenizers = []
    for tokenizer in (Segmenter(), jieba.Tokenizer()):
        tokenizer.tmp_dir = str(cache)
        tokenizer.initialize()
        for word, freq, tag in entries:
            tokenizer.add_word(word, freq, tag)
        for word in sorted(names):
            tokenizer.add_word(word, max(EXTRA_WORD_FREQ, tokenizer.FREQ.get(word) or 0))
        tokenizers.append(tokenizer)
    return tokenizers


@pytest.fixture(scope="module")
def runs():
    """Every distinct run of Han characters in the titles, summaries, bodies and keywords of ITEMS items."""
    found = set()
    for item in corpus.generate(ITEMS, seed=0):
        for text in (item["title"], item.get("summary"), item.get("body"), "；".join(item.get("keywords") or ())):
            found.update(_RUN.findall(fold(text or "")))
    return sorted(found)


def test_the_compiled_route_is_taken_in_a_normal_install():
    assert jieba_route.RUST
    assert "jieba-next compiled route" not in internals.fallbacks()


@needs_compiled
def test_corpus_runs_cut_exactly_as_jieba_through_the_compiled_route(pair, runs):
    ours, theirs = pair
    assert ours.FREQ == theirs.FREQ and ours.total == theirs.total
    assert len(runs) > 30000
    ours._trie, ours._trie_built = None, False      # the first run builds the trie
    different = [run for run in runs if list(ours.cut(run)) != list(theirs.cut(run))]
    assert ours._trie is not None, "the compiled trie was not used"
    assert different == []


@needs_compiled
def test_the_compiled_route_equals_the_python_route(pair, runs):
    ours, _ = pair
    trie = jieba_route.jieba_next_rust.PrefixDict(ours.FREQ, float(ours.total))
    assert [run for run in runs[::7] if list(trie.get_dag_and_calc(run))[:len(run)] != ours.python_route(run)] == []


@needs_compiled
def test_the_compiled_hmm_cuts_as_jiebas_also_where_paths_tie():
    # 镙 and 鳈 have no emission probability: every path scores MIN_FLOAT and
    # jieba-next's Viterbi would break the tie otherwise (S S against M E).
    for run in ("不鳈", "中镙", "人鳈从", "他在哄擡", "勚光岳处", "郭沫若访问", "绥芬河口岸通关便利化"):
        assert list(jieba_route.hmm_cut(run)) == list(finalseg.cut(run)), run


@needs_compiled
def test_a_word_added_later_is_routed_in_python_then_by_a_new_trie(pair, monkeypatch):
    ours, theirs = pair
    monkeypatch.setattr(jieba_route, "REBUILD_AFTER", 3)
    text = "龙江县政务服务中心窗口受理"
    list(ours.cut(text))
    for tokenizer in (ours, theirs):
        tokenizer.add_word("政务服务中心窗口", 500000)
    try:
        assert ours._trie is None
        for _ in range(2):
            assert list(ours.cut(text)) == list(theirs.cut(text))
            assert ours._trie is None
        assert list(ours.cut(text)) == list(theirs.cut(text))
        assert ours._trie is not None, "no trie built after REBUILD_AFTER Python routes"
        assert "政务服务中心窗口" in list(ours.cut(text))
    finally:
        for tokenizer in (ours, theirs):
            tokenizer.del_word("政务服务中心窗口")


def test_without_jieba_next_the_python_route_is_used(monkeypatch):
    monkeypatch.setattr(jieba_route, "jieba_next_rust", None)
    assert jieba_route._rust_missing() == ["jieba-next is not installed"]
    reported = {}
    monkeypatch.setattr(jieba_route, "fallback", lambda what, why: reported.setdefault(what, why))
    assert jieba_route._choose_rust() is False
    assert "jieba-next is not installed" in reported["jieba-next compiled route"]
