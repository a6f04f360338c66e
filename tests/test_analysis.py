"""Chinese analysis: folding with offsets, jieba word positions, bigrams, stop words, synonyms."""

import pickle
from pathlib import Path

import jieba
import opencc
import pytest
from whoosh import fields, index, query
from whoosh.qparser import QueryParser

from catalogue.errors import ConfigError
from index import analysis
from index.analysis import (Synonyms, bigram_analyzer, chinese_analyzer, configure, fold,
                            fold_with_map, load_stopwords, original_span, segment)

USERDICT = "依申请公开 20000 vn\n政务公开 20000 n\n"
STOPWORDS = "# function words only\n的\n了\n和\n與\n"
BODY = "黑龙江省人民政府办公厅"


def write_data(folder, userdict=USERDICT, stopwords=STOPWORDS):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "userdict.txt").write_text(userdict, encoding="utf-8")
    (folder / "stopwords.txt").write_text(stopwords, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return write_data(tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="module", autouse=True)
def fixture_dictionary():
    yield
    # Leave no fixture dictionary behind for other test modules.
    analysis.reset()


@pytest.fixture(autouse=True)
def configured(data_dir, cache_dir, fixture_dictionary):
    # Cheap when already configured so; rebuilds after a test configured otherwise.
    configure(data_dir, cache_dir)


def tokens(analyzer, text, **kwargs):
    return [(t.pos, t.text) for t in analyzer(text, positions=True, **kwargs)]


def spans(analyzer, text):
    return {t.text: text[t.startchar:t.endchar] for t in analyzer(text, chars=True)}


# ------------------------------------------------------------- folding

def test_fullwidth_digits_fold_to_halfwidth():
    assert fold("２０２４年第１２号") == "2024年第12号"


def test_fullwidth_latin_folds_to_lowercase_halfwidth():
    assert fold("ＰＤＦ") == "pdf"


def test_traditional_folds_to_simplified():
    assert fold("政務公開") == "政务公开"


def test_phrase_only_traditional_form_is_converted_like_opencc():
    # 沈 alone is Simplified too; only the phrase 沈默 becomes 沉默.
    assert fold("他沈默了") == opencc.OpenCC("t2s").convert("他沈默了") == "他沉默了"


def test_fold_converts_traditional_text_exactly_like_opencc():
    # Text without an OpenCC phrase takes a str.translate fast path; text with
    # one (乾隆, 一目瞭然) goes through OpenCC itself. Both must agree with it.
    texts = ["政府資訊公開工作年度報告", "乾隆年間的著作。於是", "一目瞭然、頭髮與發展",
             "黑龍江省人民政府辦公廳關於印發《條例》的通知", "著作權乾燥", "沒有繁體字的简体文本"]
    t2s = opencc.OpenCC("t2s")
    assert [fold(text) for text in texts] == [t2s.convert(text) for text in texts]


def test_fold_map_points_every_character_at_its_original():
    folded, offsets = fold_with_map("關於　ＡＢ")
    assert (folded, offsets) == ("关于 ab", [0, 1, 2, 3, 4, 5])


def test_fold_composes_a_letter_with_its_combining_mark():
    assert fold_with_map("Cafe\u0301，信息") == ("café,信息", [0, 1, 2, 3, 5, 6, 7, 8])


def test_fold_drops_zero_width_space_inside_a_word():
    assert fold("信息\u200b公开") == "信息公开"


def test_original_span_of_an_expanded_character_covers_it():
    folded, offsets = fold_with_map("㈠第一条")
    assert folded[1] == "一" and original_span(offsets, 1, 2) == (0, 1)


def test_opencc_t2s_tables_keep_every_length_so_offsets_stay_one_to_one():
    # fold_with_map relies on this; a newer OpenCC table breaking it would be caught here.
    tables = Path(opencc.__file__).parent / "dictionary"
    changed = []
    for name in ("TSPhrases.txt", "TSCharacters.txt"):
        for line in (tables / name).read_text(encoding="utf-8").splitlines():
            source, targets = line.split("\t")
            changed += [(source, t) for t in targets.split(" ") if len(t) != len(source)]
    assert changed == []


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


def test_stop_words_are_folded_when_loaded(data_dir):
    assert "与" in load_stopwords(data_dir / "stopwords.txt")


def test_meaningful_single_characters_are_not_stopped():
    assert segment("省 公 开") == ["省", "公", "开"]


def test_project_stopwords_spare_meaningful_single_characters():
    stopwords = load_stopwords(analysis.DEFAULT_DATA_DIR / "stopwords.txt")
    assert stopwords & set("公开省市县区局厅办政府信息") == set()


def test_user_dictionary_keeps_依申请公开_whole():
    assert segment("依申请公开的事项") == ["依申请公开", "事项"]


def test_extra_words_keep_a_body_name_whole(data_dir, cache_dir):
    configure(data_dir, cache_dir, extra_words=[BODY])
    assert segment(f"{BODY}关于印发通知") == [BODY, "关于", "印发", "通知"]


def test_configure_again_adds_new_extra_words(data_dir, cache_dir):
    configure(data_dir, cache_dir, extra_words=["黑龙江省人民政府"])
    configure(data_dir, cache_dir, extra_words=[BODY])
    assert segment(BODY) == [BODY]


def test_a_run_cut_before_a_body_name_is_added_is_cut_again_after(data_dir, cache_dir):
    analysis.reset()
    configure(data_dir, cache_dir)
    assert segment(BODY) != [BODY]
    configure(data_dir, cache_dir, extra_words=[BODY])
    assert segment(BODY) == [BODY]


def test_configure_writes_nothing_to_stderr(data_dir, cache_dir, capfd):
    analysis.reset()
    configure(data_dir, cache_dir)
    configure(data_dir, cache_dir, extra_words=[BODY])
    assert capfd.readouterr().err == ""


def test_jieba_cache_goes_into_the_cache_folder(cache_dir):
    # The fixture configured with cache_dir; that first build wrote the cache there.
    assert (cache_dir / "jieba.cache").is_file()


def test_missing_cache_folder_is_a_config_error(data_dir, tmp_path):
    with pytest.raises(ConfigError, match="nowhere"):
        configure(data_dir, tmp_path / "nowhere")


def test_bad_userdict_line_names_file_and_line(tmp_path):
    write_data(tmp_path, userdict="政务公开 20000 n\n依申请公开 很多\n")
    with pytest.raises(ConfigError, match=r"userdict\.txt:2: frequency"):
        configure(tmp_path)


def test_latin_word_in_userdict_is_refused(tmp_path):
    write_data(tmp_path, userdict="12345热线 20000 n\n")
    with pytest.raises(ConfigError, match=r"userdict\.txt:1: '12345热线'"):
        configure(tmp_path)


def test_failed_configure_keeps_the_previous_dictionary(tmp_path):
    write_data(tmp_path, stopwords="的 了\n")
    with pytest.raises(ConfigError):
        configure(tmp_path)
    assert segment("依申请公开") == ["依申请公开"]


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


# ------------------------------------------------------------- synonyms

def write_synonyms(tmp_path, text):
    path = tmp_path / "synonyms.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_synonyms_expand_both_ways(tmp_path):
    synonyms = Synonyms.load(write_synonyms(tmp_path, "- [低保, 最低生活保障]\n"))
    assert (synonyms.expand("低保"), synonyms.expand("最低生活保障")) == (
        [["最低", "生活", "保障"]], [["低保"]])


def test_synonyms_look_up_traditional_forms(tmp_path):
    synonyms = Synonyms.load(write_synonyms(tmp_path, "- [网络, 网路]\n"))
    assert synonyms.expand("網絡") == [["网路"]]


def test_synonyms_of_an_unknown_word_are_empty(tmp_path):
    synonyms = Synonyms.load(write_synonyms(tmp_path, "- [网络, 网路]\n"))
    assert synonyms.expand("政务") == []


def test_a_word_in_two_groups_gets_both(tmp_path):
    synonyms = Synonyms.load(write_synonyms(tmp_path, "- [年报, 年度报告]\n- [年报, 报表]\n"))
    assert synonyms.expand("年报") == [["年度报告"], ["报表"]]


def test_synonym_group_of_one_term_names_its_line(tmp_path):
    path = write_synonyms(tmp_path, "- [低保, 最低生活保障]\n- [网络]\n")
    with pytest.raises(ConfigError, match=r"synonyms\.yaml:2: a synonym group"):
        Synonyms.load(path)


def test_project_synonyms_load():
    assert len(Synonyms.load(analysis.DEFAULT_DATA_DIR / "synonyms.yaml")) > 0


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


# ------------------------------------------------------------- segmenter

def _segmenters(cache_dir):
    """Our Segmenter and jieba's own Tokenizer over one and the same dictionary."""
    ours = analysis.Segmenter()
    ours.tmp_dir = str(cache_dir)
    ours.initialize()
    theirs = jieba.Tokenizer()
    theirs.tmp_dir = str(cache_dir)
    theirs.initialize()
    return ours, theirs


def test_segmenter_cuts_exactly_as_jieba(cache_dir):
    report = (Path(__file__).resolve().parent.parent / "data" / "demo" / "annual-report-2012.txt")
    texts = [fold(line) for line in report.read_text(encoding="utf-8").splitlines() if line.strip()]
    # Unknown words (HMM), single characters, ties and mixed scripts as well.
    texts += ["哈尔滨市香坊区人民政府关于做好2012年度政府信息公开工作的通知",
              "黑龙江省人民政府办公厅依申请公开受理", "郭沫若访问了绥芬河口岸",
              "的", "", "公开公开公开", "ABC政务公开abc123"]
    ours, theirs = _segmenters(cache_dir)
    assert len(texts) > 50
    for text in texts:
        assert list(ours.cut(text)) == list(theirs.cut(text)), text


def test_segmenter_follows_a_word_added_after_it_cut(cache_dir):
    ours, theirs = _segmenters(cache_dir)
    text = "龙江县政务服务中心窗口"
    assert list(ours.cut(text)) == list(theirs.cut(text))
    for tokenizer in (ours, theirs):
        tokenizer.add_word("政务服务中心窗口", 500000)
    assert "政务服务中心窗口" in list(ours.cut(text))
    assert list(ours.cut(text)) == list(theirs.cut(text))


def test_segmenter_breaks_a_tie_as_jieba_does(tmp_path):
    # Every word at frequency 1: 甲|乙丙 and 甲乙|丙 score exactly the same,
    # and jieba takes the longer first word.
    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("甲 1\n乙 1\n丙 1\n甲乙 1\n乙丙 1\n", encoding="utf-8")
    ours, theirs = analysis.Segmenter(str(dictionary)), jieba.Tokenizer(str(dictionary))
    for tokenizer in (ours, theirs):
        tokenizer.tmp_dir = str(tmp_path)
    assert list(theirs.cut("甲乙丙")) == ["甲乙", "丙"]
    assert list(ours.cut("甲乙丙")) == ["甲乙", "丙"]
