"""Interface text: three languages for every key, each in its own script; the language choice."""

import opencc

from web.i18n import LANGS, TEXT, field_label, pick_lang, text


def forms(texts):
    """Every written form of one key: the three languages, an English (one, other) pair as two."""
    return [form for t in texts for form in (t if isinstance(t, tuple) else (t,))]


def test_every_interface_text_exists_in_every_language():
    assert all(len(texts) == len(LANGS) and all(t.strip() for t in forms(texts)) for texts in TEXT.values())


def test_traditional_texts_are_written_in_traditional_characters():
    to_traditional = opencc.OpenCC("s2t")
    assert [t[1] for t in TEXT.values() if to_traditional.convert(t[1]) != t[1]] == []


def test_simplified_texts_are_written_in_simplified_characters():
    to_simplified = opencc.OpenCC("t2s")
    assert [t[0] for t in TEXT.values() if to_simplified.convert(t[0]) != t[0]] == []


def test_texts_fill_in_their_values():
    assert text("zh-Hant", "result_count", total=12) == "共找到 12 條信息"


def test_english_counts_say_one_item_and_two_items():
    assert [text("en", "count_items", n=n) for n in (1, 2)] == ["1 item", "2 items"]


def test_english_result_count_of_one_is_singular():
    assert text("en", "result_count", total=1) == "1 item found"


def test_field_labels_follow_the_language():
    assert [field_label(lang, "issuer") for lang in LANGS] == ["发布机构", "發布機構", "Issuing body"]


def test_asked_language_wins_and_is_remembered():
    assert pick_lang("en", "zh-Hant", "zh-Hans") == ("en", True)


def test_cookie_language_is_used_when_none_is_asked():
    assert pick_lang(None, "zh-Hant", "zh-Hans") == ("zh-Hant", False)


def test_unknown_language_falls_back_to_the_setting():
    assert pick_lang("fr", "xx", "en") == ("en", False)
