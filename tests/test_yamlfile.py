"""Reading YAML files in one way: data, a missing file, bad bytes and bad syntax named by file and line."""

import pytest

from catalogue.errors import ConfigError, ValidationError
from catalogue.vocab import load_vocab, read_bodies
from catalogue.yamlfile import YAMLFileError, compose_yaml, read_yaml


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_a_yaml_file_reads_as_plain_data(tmp_path):
    path = _write(tmp_path / "topics.yaml", "- 综合政务\n- 财政/预算\n")
    assert read_yaml(path) == ["综合政务", "财政/预算"]


def test_an_empty_file_reads_as_none_and_a_byte_order_mark_is_ignored(tmp_path):
    assert read_yaml(_write(tmp_path / "empty.yaml", "")) is None
    bom = tmp_path / "bom.yaml"
    bom.write_bytes("\ufeff- 综合政务\n".encode("utf-8"))
    assert read_yaml(bom) == ["综合政务"]


def test_a_missing_file_is_named_unless_a_default_is_given(tmp_path):
    path = tmp_path / "settings.yaml"
    with pytest.raises(ConfigError, match=f"^{path}: file not found$"):
        read_yaml(path)
    assert read_yaml(path, missing={}) == {}


def test_bad_yaml_names_the_file_and_line(tmp_path):
    path = _write(tmp_path / "genres.yaml", "- 通知\n- : : [\n")
    with pytest.raises(YAMLFileError) as caught:
        read_yaml(path)
    assert (caught.value.path, caught.value.line) == (path, 2)
    assert str(caught.value).startswith(f"{path}:2: not valid UTF-8 YAML: ")


def test_bytes_that_are_not_utf8_name_the_file_and_byte(tmp_path):
    path = tmp_path / "bodies.yaml"
    path.write_bytes("- name: 黑龙江省人民政府\n".encode("gbk"))
    with pytest.raises(YAMLFileError) as caught:
        read_yaml(path)
    assert caught.value.line == 1
    assert str(caught.value) == (f"{path}:1: not valid UTF-8 YAML: "
                                 "invalid start byte at byte 8")


def test_composed_nodes_carry_their_lines(tmp_path):
    path = _write(tmp_path / "synonyms.yaml", "- [政务公开, 政府信息公开]\n- [预算, 财政预算]\n")
    root = compose_yaml(path)
    assert [node.start_mark.line + 1 for node in root.value] == [1, 2]


def test_a_vocabulary_that_is_not_yaml_names_its_file_and_line(tmp_path):
    _write(tmp_path / "topics.yaml", "- 综合政务\n")
    _write(tmp_path / "genres.yaml", "- 通知\n- : : [\n")
    with pytest.raises(ConfigError, match=f"^{tmp_path / 'genres.yaml'}:2: not valid UTF-8 YAML"):
        load_vocab(tmp_path)


def test_a_body_registry_that_is_not_yaml_is_one_problem_naming_file_and_line(tmp_path):
    path = _write(tmp_path / "bodies.yaml",
                  "- name: 黑龙江省人民政府\n  level: 省\n- name: [未闭合\n")
    with pytest.raises(ValidationError) as caught:
        read_bodies(path)
    [problem] = caught.value.problems
    assert (problem.source, problem.line) == (str(path), 4)
    assert str(problem).startswith(f"{path}:4: not valid UTF-8 YAML: ")
