"""Folding: NFKC, invisible characters, Traditional to Simplified, the offset map, the Han class."""

from pathlib import Path

import opencc

from index.fold import HAN_RUN, T2S_CHARACTERS, fold, fold_with_map, original_span


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


def test_character_table_maps_one_character_to_one():
    assert T2S_CHARACTERS and all(len(target) == 1 for target in T2S_CHARACTERS.values())


def test_character_table_translates_traditional_text_as_fold_does():
    # Where no OpenCC phrase occurs, translating character by character is folding.
    text = "黑龍江省人民政府辦公廳關於進一步深化縣鄉政務公開工作的意見"
    assert text.translate(T2S_CHARACTERS) == fold(text) == "黑龙江省人民政府办公厅关于进一步深化县乡政务公开工作的意见"


def test_han_run_takes_extensions_compatibility_ideographs_and_ling():
    assert HAN_RUN.fullmatch("二〇一二年㐀𠀀豈")


def test_han_run_stops_at_latin_digits_and_punctuation():
    assert HAN_RUN.findall("ＰＤＦ格式，3.5亿元") == ["格式", "亿元"]


_HARD_TEXTS = [
    "黑龍江省人民政府辦公廳關於進一步深化縣鄉政務公開工作的意見",
    "关于印发《２０２１年政务公开工作要点》的通知（黑政办发〔2021〕12号）",
    "ＡＢＣ　ｄｅｆ，１２３！？：；％＃＆",         # full-width letters, digits, punctuation, ideographic space
    "ｶﾞｷﾞｸﾞ ﾊﾟ",                                      # half-width katakana with voiced marks: 2 -> 1
    "Ａ\u0301 e\u0301 信息\u200b公开\ufeff",          # a full-width base with a mark; invisible characters
    "\u1100\u1161 ﾡﾢ ①⑴…㈠",                          # Hangul jamo that compose; circled and parenthesised
    "İstanbul ǅ ﬁ ẞ",                                  # case changes of other lengths
    "𠀀𪚥 \udc80 abc",                                  # astral Han, a lone surrogate
]


def test_the_numpy_t2s_translation_is_str_translate_with_the_table():
    from benchmarks.corpus import generate
    from index.fold import t2s_characters
    texts = _HARD_TEXTS + [item["body"] for item in generate(200, 4)] + ["", "plain ascii"]
    assert all(t2s_characters(text) == text.translate(T2S_CHARACTERS) for text in texts)


def test_the_fast_fold_gives_what_folding_cluster_by_cluster_gives():
    from benchmarks.corpus import generate
    items = list(generate(300, 4))
    texts = _HARD_TEXTS + [item["title"] for item in items] + [item["body"][:300] for item in items]
    for text in texts:
        assert fold_with_map(text) == fold_with_map(text, fast=False), text
