"""Word tables on disk (``index.wordtables``): what a mapped vocabulary and pinyin table answer."""

import pytest

from index import wordtables
from index.vocabulary import Vocabulary

WORDS = ["哈尔滨", "哈尔滨市", "黑龙江", "黑龙江省", "信息公开", "政府信息", "行政许可", "审批事项", "通知", "xinxi"]


def test_a_mapped_table_gives_back_its_strings_and_values_in_order(tmp_path):
    wordtables.write_table(tmp_path, "t", ["信息", "公开", "目录"], [3, 1, 2])
    table = wordtables.Table(tmp_path, "t")
    assert len(table) == 3
    assert [table[i] for i in range(3)] == ["信息", "公开", "目录"]
    assert [table.value(i) for i in range(3)] == [3, 1, 2]
    with pytest.raises(IndexError):
        table[3]


def test_a_sorted_table_finds_a_word_and_every_copy_of_it_by_bisection(tmp_path):
    wordtables.write_table(tmp_path, "t", sorted(["公开", "公开", "目录", "信息", "信息化"]))
    table = wordtables.Table(tmp_path, "t")
    assert "信息" in table and "目录" in table
    assert "信" not in table and "信息公开" not in table
    assert len(table.equal_range("公开")) == 2 and len(table.equal_range("信")) == 0


def test_an_empty_table_holds_nothing(tmp_path):
    wordtables.write_table(tmp_path, "t", [], [])
    table = wordtables.Table(tmp_path, "t")
    assert len(table) == 0 and "信息" not in table


def test_a_table_whose_files_disagree_is_refused_naming_the_table(tmp_path):
    wordtables.write_table(tmp_path, "t", ["信息", "公开"], [1, 2])
    (tmp_path / "t.str").write_bytes("信息".encode("utf-8"))      # cut short
    with pytest.raises(ValueError, match="t's offsets"):
        wordtables.Table(tmp_path, "t")


def test_the_mapped_vocabulary_offers_the_words_the_built_one_offers(tmp_path):
    wordtables.write_vocabulary(tmp_path, WORDS)
    mapped, built = wordtables.open_vocabulary(tmp_path), Vocabulary(WORDS)
    typed = ["哈尔宾", "哈尔滨是", "黑龙省", "龙黑江", "信息公", "政府信心", "行政许", "审事批项", "通", "xinix", "公开目录"]
    for word in typed:
        assert mapped.close_to(word) == built.close_to(word), word
    assert mapped.close_to("哈尔宾") == {"哈尔滨"}
    assert ("黑龙江" in mapped.terms) and ("黑龙" not in mapped.terms)


def test_a_folder_without_tables_has_no_mapped_vocabulary_or_pinyin(tmp_path):
    assert wordtables.open_vocabulary(tmp_path) is None and wordtables.open_pinyin(tmp_path) is None


def test_the_mapped_pinyin_keys_are_sorted_with_their_title_words_and_counts(tmp_path):
    entries = [("xinxigongkai", "信息公开", 12), ("xxgk", "信息公开", 12), ("gongkai", "信息公开", 12),
               ("gk", "信息公开", 12), ("tongzhi", "通知", 40), ("tz", "通知", 40)]
    wordtables.write_pinyin(tmp_path, entries)
    keys, words = wordtables.open_pinyin(tmp_path)
    ordered = sorted(entries)
    assert [keys[i] for i in range(len(keys))] == [k for k, _w, _n in ordered]
    assert [words[i] for i in range(len(words))] == [(w, n) for _k, w, n in ordered]
