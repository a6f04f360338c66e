"""The Whoosh side of the analysis: jieba word positions, bigrams, stop words, pickled analyzers."""

import pickle

import pytest
from whoosh import fields, index, query
from whoosh.qparser import QueryParser

from analysis_fixtures import BODY, cache_dir, configured, data_dir  # noqa: F401
from index import analysis
from index.analysis import bigram_analyzer, chinese_analyzer, segment
from index.segmenter import configure

pytestmark = pytest.mark.usefixtures("configured")


def tokens(analyzer, text, **kwargs):
    return [(t.pos, t.text) for t in analyzer(text, positions=True, **kwargs)]


def spans(analyzer, text):
    return {t.text: text[t.startchar:t.endchar] for t in analyzer(text, chars=True)}


# ------------------------------------------------------------- words

def test_positions_count_words_not_characters():
    assert tokens(chinese_analyzer("accurate"), "政府信息公开工作") == [
        (0, "政府"), (1, "信息"), (2, "公开"), (3, "工作")]


def test_search_mode_subwords_share_their_words_position():
    found = tokens(chinese_analyzer("search"), "中华人民共和国成立")
    assert {(0, "中华"), (0, "人民"), (0, "共和国"), (0, "中华人民共和国"), (1, "成立")} <= set(found)


def test_search_mode_yields_dictionary_words_longer_than_three_inside_a_word(data_dir, cache_dir):
    configure(data_dir, cache_dir, extra_words=[BODY])
    assert {(0, "黑龙江省"), (0, "人民政府")} <= set(tokens(chinese_analyzer("search"), BODY))


def test_accurate_mode_yields_no_subwords():
    assert segment("中华人民共和国成立", "accurate") == ["中华人民共和国", "成立"]


def test_whoosh_query_mode_segments_accurately_even_for_a_search_analyzer():
    assert tokens(chinese_analyzer("search"), "中华人民共和国", mode="query") == [(0, "中华人民共和国")]


def test_traditional_and_simplified_fold_to_same_tokens():
    assert segment("政務公開", "search") == segment("政务公开", "search")


def test_offsets_point_into_original_traditional_text():
    assert spans(chinese_analyzer("accurate"), "關於印發《政務公開辦法》")["政务公开"] == "政務公開"


def test_offsets_of_subwords_point_into_original_text():
    assert spans(chinese_analyzer("search"), "政務公開")["公开"] == "公開"


def test_punctuation_and_spaces_take_no_position():
    assert tokens(chinese_analyzer("accurate"), "信息，公开　工作。") == [
        (0, "信息"), (1, "公开"), (2, "工作")]


def test_latin_words_and_numbers_stay_whole_tokens():
    assert segment("ＰＤＦ格式 3.5亿元 2024年") == ["pdf", "格式", "3.5", "亿元", "2024", "年"]


def test_stop_words_are_dropped_without_leaving_a_gap():
    assert tokens(chinese_analyzer("accurate"), "公开的信息") == [(0, "公开"), (1, "信息")]


def test_meaningful_single_characters_are_not_stopped():
    assert segment("省 公 开") == ["省", "公", "开"]


# ------------------------------------------------------------- bigrams

def test_bigram_analyzer_positions():
    assert tokens(bigram_analyzer(), "政府信息公开") == [
        (0, "政府"), (1, "府信"), (2, "信息"), (3, "息公"), (4, "公开")]


def test_bigram_analyzer_keeps_lone_han_and_latin_runs_whole():
    assert tokens(bigram_analyzer(), "省 ＰＤＦ 附件") == [(0, "省"), (1, "pdf"), (2, "附件")]


def test_bigram_offsets_point_into_original_traditional_text():
    assert spans(bigram_analyzer(), "政務公開")["务公"] == "務公"


# ------------------------------------------------------------- pickling

def test_analyzer_pickles_and_still_works():
    analyzer = pickle.loads(pickle.dumps(chinese_analyzer("search")))
    assert [t.text for t in analyzer("依申请公开")] == ["申请", "公开", "依申请公开"]


def test_bigram_analyzer_pickles_and_still_works():
    analyzer = pickle.loads(pickle.dumps(bigram_analyzer()))
    assert [t.text for t in analyzer("政务公开")] == ["政务", "务公", "公开"]


def test_analyzers_pickle_their_classes_under_index_analysis():
    # Existing indexes hold these names in their pickled schemas (schema.SCHEMA_VERSION).
    pickled = pickle.dumps(chinese_analyzer("search")) + pickle.dumps(bigram_analyzer())
    for name in ("ChineseTokenizer", "WordStopFilter", "BigramTokenizer"):
        assert getattr(analysis, name).__module__ == "index.analysis"
        assert name.encode() in pickled
    assert b"index.analysis" in pickled


# ------------------------------------------------------------- a real index

@pytest.fixture
def title_index(tmp_path):
    schema = fields.Schema(
        id=fields.ID(stored=True),
        title=fields.TEXT(analyzer=chinese_analyzer("search"), phrase=True),
        title_bigrams=fields.TEXT(analyzer=bigram_analyzer(), phrase=True))
    ix = index.create_in(tmp_path, schema)
    titles = {"adjacent": "关于加强政府信息公开工作的通知",
              "apart": "信息资源目录公开办法",
              "reversed": "公开政府信息的规定"}
    with ix.writer() as writer:
        for key, title in titles.items():
            writer.add_document(id=key, title=title, title_bigrams=title)
    return index.open_dir(tmp_path)  # reopened: the schema came back from its pickle


def matches(ix, q):
    with ix.searcher() as searcher:
        return sorted(hit["id"] for hit in searcher.search(q, limit=None))


def phrase(field, words):
    return query.Phrase(field, words)


def test_phrase_query_matches_only_adjacent_words(title_index):
    assert matches(title_index, phrase("title", segment("信息公开"))) == ["adjacent"]


def test_query_parser_phrase_matches_only_adjacent_words(title_index):
    q = QueryParser("title", title_index.schema).parse('"信息公開"')
    assert matches(title_index, q) == ["adjacent"]


def test_word_phrase_misses_a_fragment_cut_mid_word(title_index):
    # Why the bigram field exists: 府信息公 cuts 政府 and 公开 in half.
    assert matches(title_index, phrase("title", segment("府信息公"))) == []


def test_bigram_phrase_finds_a_fragment_jieba_splits_differently(title_index):
    words = [t.text for t in bigram_analyzer()("府信息公")]
    assert matches(title_index, phrase("title_bigrams", words)) == ["adjacent"]
