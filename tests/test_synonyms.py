"""The synonym index: groups loaded from YAML, looked up by folded term, as written or segmented."""

import pytest

from analysis_fixtures import cache_dir, configured, data_dir  # noqa: F401
from catalogue.errors import ConfigError
from index.segmenter import DEFAULT_DATA_DIR
from index.synonyms import SYNONYMS, Synonyms

pytestmark = pytest.mark.usefixtures("configured")


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
    assert (synonyms.expand("政务"), synonyms.terms("政务")) == ([], [])


def test_a_word_in_two_groups_gets_both(tmp_path):
    synonyms = Synonyms.load(write_synonyms(tmp_path, "- [年报, 年度报告]\n- [年报, 报表]\n"))
    assert synonyms.expand("年报") == [["年度报告"], ["报表"]]
    assert synonyms.terms("年报") == ["年度报告", "报表"]


def test_terms_come_back_as_written(tmp_path):
    # The planner finds titles by the written form: segmenting would drop 和.
    synonyms = Synonyms.load(write_synonyms(tmp_path, "- [住建厅, 住房和城乡建设厅]\n"))
    assert synonyms.terms("住建厅") == ["住房和城乡建设厅"]


def test_terms_are_looked_up_folded_and_without_spaces(tmp_path):
    synonyms = Synonyms.load(write_synonyms(tmp_path, "- [网络, 网路]\n"))
    assert synonyms.terms("網 絡") == synonyms.terms("网络") == ["网路"]


def test_a_term_written_twice_in_a_group_is_not_its_own_synonym(tmp_path):
    synonyms = Synonyms.load(write_synonyms(tmp_path, "- [网络, 網絡, 网路]\n"))
    assert (synonyms.terms("网络"), synonyms.expand("网络")) == (["网路"], [["网路"]])


def test_synonym_group_of_one_term_names_its_line(tmp_path):
    path = write_synonyms(tmp_path, "- [低保, 最低生活保障]\n- [网络]\n")
    with pytest.raises(ConfigError, match=r"synonyms\.yaml:2: a synonym group"):
        Synonyms.load(path)


def test_empty_term_names_its_line(tmp_path):
    path = write_synonyms(tmp_path, "- [低保, 最低生活保障]\n- [网络, '  ']\n")
    with pytest.raises(ConfigError, match=r"synonyms\.yaml:2: every term"):
        Synonyms.load(path)


def test_bad_yaml_names_its_line(tmp_path):
    path = write_synonyms(tmp_path, "- [低保, 最低生活保障]\n- [网络, 网路\n")
    with pytest.raises(ConfigError, match=r"synonyms\.yaml:\d+: not valid UTF-8 YAML"):
        Synonyms.load(path)


def test_missing_file_is_an_error_unless_allowed(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        Synonyms.load(tmp_path / SYNONYMS)
    assert len(Synonyms.load(tmp_path / SYNONYMS, missing_ok=True)) == 0


def test_empty_file_holds_no_groups(tmp_path):
    assert len(Synonyms.load(write_synonyms(tmp_path, "# nothing yet\n"))) == 0


def test_project_synonyms_load():
    synonyms = Synonyms.load(DEFAULT_DATA_DIR / SYNONYMS)
    assert len(synonyms) > 0 and synonyms.terms("住建厅") == ["住房和城乡建设厅"]
