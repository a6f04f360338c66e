"""jieba for the index: the data files, configure, and the one-loop route (same words as jieba, really used)."""

import importlib
import pkgutil
from pathlib import Path

import jieba
import pytest

from analysis_fixtures import BODY, cache_dir, configured, data_dir, write_data  # noqa: F401
from catalogue.errors import ConfigError
from index import internals, segmenter
from index.analysis import segment
from index.fold import fold
from index.internals import jieba_route
from index.segmenter import DEFAULT_DATA_DIR, Segmenter, configure, load_stopwords

pytestmark = pytest.mark.usefixtures("configured")


# ------------------------------------------------------------- data files

def test_stop_words_are_folded_when_loaded(data_dir):
    assert "与" in load_stopwords(data_dir / "stopwords.txt")


def test_project_stopwords_spare_meaningful_single_characters():
    stopwords = load_stopwords(DEFAULT_DATA_DIR / "stopwords.txt")
    assert stopwords & set("公开省市县区局厅办政府信息") == set()


def test_bad_userdict_line_names_file_and_line(tmp_path):
    write_data(tmp_path, userdict="政务公开 20000 n\n依申请公开 很多\n")
    with pytest.raises(ConfigError, match=r"userdict\.txt:2: frequency"):
        configure(tmp_path)


def test_latin_word_in_userdict_is_refused(tmp_path):
    write_data(tmp_path, userdict="12345热线 20000 n\n")
    with pytest.raises(ConfigError, match=r"userdict\.txt:1: '12345热线'"):
        configure(tmp_path)


def test_stopwords_line_of_two_words_names_file_and_line(tmp_path):
    write_data(tmp_path, stopwords="的\n的 了\n")
    with pytest.raises(ConfigError, match=r"stopwords\.txt:2: one stop word per line"):
        configure(tmp_path)


def test_missing_userdict_is_a_config_error_naming_it(tmp_path):
    (tmp_path / "stopwords.txt").write_text("的\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"userdict\.txt: file not found"):
        configure(tmp_path)


def test_failed_configure_keeps_the_previous_dictionary(tmp_path):
    write_data(tmp_path, stopwords="的 了\n")
    with pytest.raises(ConfigError):
        configure(tmp_path)
    assert segment("依申请公开") == ["依申请公开"]


# ------------------------------------------------------------- configure

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
    segmenter.reset()
    configure(data_dir, cache_dir)
    assert segment(BODY) != [BODY]
    configure(data_dir, cache_dir, extra_words=[BODY])
    assert segment(BODY) == [BODY]


def test_configure_writes_nothing_to_stderr(data_dir, cache_dir, capfd):
    segmenter.reset()
    configure(data_dir, cache_dir)
    configure(data_dir, cache_dir, extra_words=[BODY])
    assert capfd.readouterr().err == ""


def test_jieba_cache_goes_into_the_cache_folder(cache_dir):
    # The fixture configured with cache_dir; that first build wrote the cache there.
    assert (cache_dir / "jieba.cache").is_file()


def test_missing_cache_folder_is_a_config_error(data_dir, tmp_path):
    with pytest.raises(ConfigError, match="nowhere"):
        configure(data_dir, tmp_path / "nowhere")


# ------------------------------------------------------------- the route

def _segmenters(cache_dir):
    """Our Segmenter and jieba's own Tokenizer over one and the same dictionary."""
    ours = Segmenter()
    ours.tmp_dir = str(cache_dir)
    ours.initialize()
    theirs = jieba.Tokenizer()
    theirs.tmp_dir = str(cache_dir)
    theirs.initialize()
    return ours, theirs


def _counting_route(monkeypatch, tokenizer):
    """The sentences ``tokenizer``'s one-loop route is asked for, from now on."""
    routed = []
    route = tokenizer.route

    def counting(sentence):
        routed.append(sentence)
        return route(sentence)
    monkeypatch.setattr(tokenizer, "route", counting)
    return routed


def test_segmenter_cuts_exactly_as_jieba(cache_dir):
    report = (Path(__file__).resolve().parent.parent / "data" / "demo" / "annual-report-2012.txt")
    lines = [line for line in report.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [fold(line) for line in lines] + lines[:20]
    # Unknown words (HMM), Traditional text, digits, single characters, ties and mixed scripts.
    texts += ["哈尔滨市香坊区人民政府关于做好2012年度政府信息公开工作的通知",
              "黑龙江省人民政府办公厅依申请公开受理", "郭沫若访问了绥芬河口岸",
              "黑龍江省人民政府辦公廳關於印發《政府資訊公開條例》的通知", "政務公開與依申請公開",
              "2012年第12号文件，共计3.5亿元，其中1,200万元用于第3季度",
              "王小明和李晓红在穆棱市下城子镇办理低保", "嘎仙洞鄂伦春自治旗阿里河镇",
              "的", "", "公开公开公开", "ABC政务公开abc123"]
    ours, theirs = _segmenters(cache_dir)
    assert len(texts) > 70
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
    ours, theirs = Segmenter(str(dictionary)), jieba.Tokenizer(str(dictionary))
    for tokenizer in (ours, theirs):
        tokenizer.tmp_dir = str(tmp_path)
    assert list(theirs.cut("甲乙丙")) == ["甲乙", "丙"]
    assert list(ours.cut("甲乙丙")) == ["甲乙", "丙"]


def test_segmenter_cut_goes_through_the_one_loop_route(cache_dir, monkeypatch):
    # Were jieba to rename the method the route overrides, cut() would no
    # longer call it: the words would stay the same and only this would fail.
    ours, _ = _segmenters(cache_dir)
    routed = _counting_route(monkeypatch, ours)
    assert list(ours.cut("政府信息公开，依申请公开")) == ["政府", "信息", "公开", "，", "依", "申请", "公开"]
    assert routed == ["政府信息公开", "依申请公开"]


def test_segment_goes_through_the_configured_one_loop_route(monkeypatch):
    tokenizer = segmenter.current().tokenizer
    assert isinstance(tokenizer, Segmenter)
    routed = _counting_route(monkeypatch, tokenizer)
    # A run no test here cut before: the configuration remembers the runs it cut.
    assert segment("绥芬河口岸通关便利化") and routed == ["绥芬河口岸通关便利化"]


def test_the_one_loop_route_finds_what_it_needs_in_the_installed_jieba():
    assert jieba_route.missing(jieba.Tokenizer) == []


def test_a_tokenizer_whose_cut_no_longer_calls_cut_dag_is_reported():
    class Renamed:
        def __init__(self):
            self.FREQ, self.total = {}, 0

        def check_initialized(self):
            pass

        def add_word(self, word, freq=None, tag=None):
            pass

        def cut(self, sentence):
            return self.__cut_route(sentence)

        def __cut_route(self, sentence):
            yield sentence

    assert jieba_route.missing(Renamed) == [
        "_Tokenizer__cut_DAG", "a call of __cut_DAG in Tokenizer.cut"]


def test_no_fast_path_falls_back_in_a_normal_install():
    for module in pkgutil.iter_modules(internals.__path__):
        importlib.import_module(f"{internals.__name__}.{module.name}")
    assert internals.fallbacks() == {}
