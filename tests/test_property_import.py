"""Property-based: any import file is imported whole or refused naming its file, line and field.

Files of every format the importer reads (JSON Lines, YAML, CSV), made of
arbitrary text, or of records whose fields hold hostile values (control
characters, lone surrogates, 100,000 characters, lists, numbers, nesting),
go through the real reader, the importer and the staff import policy on a
real SQLite store. The only exception allowed is ``ValidationError`` (or its
``ImportRefused``), each problem naming the file and its line or field.
"""

import itertools

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from catalogue import accounts
from catalogue.errors import ValidationError
from catalogue.formats import FORMATS, read_records
from catalogue.home import Home
from catalogue.importer import check_file, import_files
from catalogue.items import FIELD_NAMES
from catalogue.registry import load_bodies
from catalogue.vocab import LEVELS
from property_strategies import (VOCABULARY, deep_nesting, field_value, file_text, hostile_text, long_text,
                                 record, records_text)
from registry_fixture import write_bodies
from staff_fixtures import ACCOUNTS, PASSWORD, item

_names = itertools.count()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("property-import")
    home = Home(folder / "home")
    home.init(bodies=write_bodies(folder / "bodies.yaml"))
    with home.open_store() as store:
        yield store


@pytest.fixture(scope="module")
def editor(store):
    role, body = ACCOUNTS["harbin_editor"]
    return accounts.add_user(store, "harbin_editor", PASSWORD, role=role, body=body, actor="test")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("property-files")


def _write(folder, fmt, data):
    """A new file ``NNN.fmt`` holding ``data`` (text, lone surrogates and all, as bytes would carry them)."""
    path = folder / f"{next(_names)}.{fmt}"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
    return path


def _assert_named(problems, path):
    """Each problem names the file, and the line or field it is about (a file's syntax: its line).

    A problem of the whole file ("the file is empty", "must be a YAML list", YAML nested
    too deeply for PyYAML to say where) names only the file.
    """
    assert problems
    for problem in problems:
        assert problem.source == str(path), problem
        if problem.field is None and problem.message.startswith("not valid") \
                and not problem.message.endswith("nested too deeply"):
            assert problem.line is not None, problem


@given(st.sampled_from(FORMATS), file_text)
def test_any_file_text_is_read_or_refused_naming_the_file(folder, fmt, text):
    path = _write(folder, fmt, text)
    try:
        records, problems = read_records(path)
    except ValidationError as exc:
        _assert_named(exc.problems, path)
    else:
        if problems:
            _assert_named(problems, path)


@given(st.sampled_from(FORMATS), st.lists(record, min_size=1, max_size=4), st.booleans())
def test_any_records_are_imported_whole_or_refused_naming_file_line_and_field(store, folder, fmt, records,
                                                                              ascii_only):
    text = records_text(fmt, records, ascii_only)
    assume(text is not None)
    path = _write(folder, fmt, text)
    before = store.count(status=None)
    try:
        summary = import_files(store, [path], progress=False)
    except ValidationError as exc:
        _assert_named(exc.problems, path)
        assert store.count(status=None) == before
    else:
        assert store.count(status=None) == before + summary["added"]


@given(st.sampled_from(FORMATS), st.lists(record, min_size=1, max_size=4), st.booleans(),
       st.one_of(st.none(), hostile_text))
def test_any_staff_upload_is_previewed_or_refused_naming_file_line_and_field(store, editor, folder, fmt,
                                                                             records, ascii_only, secrecy):
    text = records_text(fmt, records, ascii_only)
    assume(text is not None)
    path = _write(folder, fmt, text)
    try:
        preview = check_file(store, path, user=editor, secrecy_checked_by=secrecy)
    except ValidationError as exc:
        _assert_named(exc.problems, path)
    else:
        if preview["problems"]:
            _assert_named(preview["problems"], path)


body = st.fixed_dictionaries({"name": st.one_of(hostile_text, st.sampled_from(VOCABULARY)),
                              "level": st.one_of(st.sampled_from(LEVELS), hostile_text)},
                             optional={key: st.one_of(field_value, st.sampled_from(VOCABULARY))
                                       for key in ("short", "code", "parent", "review", "作者")})


@given(st.one_of(file_text, st.lists(body, min_size=1, max_size=4).map(
    lambda bodies: records_text("yaml", bodies, ascii_only=True))).filter(lambda text: text is not None))
def test_any_body_registry_file_is_loaded_or_refused_naming_file_and_entry(store, folder, text):
    path = _write(folder, "yaml", text)
    before = store.bodies()
    try:
        load_bodies(store, path, actor="test")
    except ValidationError as exc:
        _assert_named(exc.problems, path)
        assert store.bodies() == before


@settings(max_examples=6, deadline=10_000)     # PyYAML follows 10,000 levels slowly, then gives up
@given(st.one_of(long_text(), deep_nesting()))
def test_a_huge_or_deeply_nested_body_registry_is_refused_naming_the_file(store, folder, text):
    path = _write(folder, "yaml", text + "\n")
    with pytest.raises(ValidationError) as refused:
        load_bodies(store, path, actor="test")
    _assert_named(refused.value.problems, path)


@settings(max_examples=6)
@given(st.sampled_from(FORMATS), st.one_of(long_text(), deep_nesting()))
def test_a_huge_or_deeply_nested_file_is_refused_naming_its_lines(store, folder, fmt, text):
    path = _write(folder, fmt, text + "\n")
    with pytest.raises(ValidationError) as refused:
        import_files(store, [path], progress=False)
    _assert_named(refused.value.problems, path)


@settings(max_examples=6)
@given(st.sampled_from(FORMATS), st.sampled_from(FIELD_NAMES), st.one_of(long_text(), deep_nesting()))
def test_a_field_of_a_hundred_thousand_characters_is_refused_naming_it(store, folder, fmt, name, text):
    text = records_text(fmt, [item(**{name: text})], ascii_only=False)
    path = _write(folder, fmt, text)
    before = store.count(status=None)
    try:
        import_files(store, [path], progress=False)
    except ValidationError as exc:
        _assert_named(exc.problems, path)
    assert store.count(status=None) <= before + 1


# Regressions the properties found in the YAML readers.
@pytest.mark.parametrize("text", ["[" * 10_000 + "]" * 10_000, "{a: " * 10_000 + "1" + "}" * 10_000,
                                  "- " * 10_000 + "宾县"])
def test_a_body_registry_nested_ten_thousand_deep_is_refused_not_a_recursion_error(store, folder, text):
    path = _write(folder, "yaml", text)
    with pytest.raises(ValidationError) as refused:
        load_bodies(store, path, actor="test")
    assert [p.message for p in refused.value.problems] == ["not valid UTF-8 YAML: nested too deeply"]


@pytest.mark.parametrize("value, line", [("2012-13-45", 3), ("9" * 5000, 3)])
def test_a_body_registry_value_yaml_cannot_make_is_refused_naming_its_line(store, folder, value, line):
    # Regression: a date that is no date, or an integer past Python's 4,300 digits, was ValueError.
    path = _write(folder, "yaml", f"- name: 宾县人民政府\n  level: 县\n  code: {value}\n")
    with pytest.raises(ValidationError) as refused:
        load_bodies(store, path, actor="test")
    assert [p.line for p in refused.value.problems] == [line]
    assert "cannot be read" in refused.value.problems[0].message


def test_a_body_named_as_another_bodys_code_is_refused_naming_the_file_and_entry(store, folder):
    # Regression: the store's problem named the body as its source, not the file.
    path = _write(folder, "yaml", "- name: 宾县人民政府\n  level: 县\n- name: '11230000001'\n  level: 省\n")
    with pytest.raises(ValidationError) as refused:
        load_bodies(store, path, actor="test")
    assert [(p.source, p.line, p.field) for p in refused.value.problems] == [(str(path), 2, "name")]


@pytest.mark.parametrize("text, message", [
    ("- name: 宾县人民政府\n  level: 县\n- name: '00'\n  level: 省\n  parent: '0'\n", "is not a known body"),
    ("- name: 宾县人民政府\n  level: 县\n- name: '0'\n  level: 省\n  parent: '0'\n", "form a cycle")])
def test_a_body_registry_parent_problem_names_the_file_and_entry(store, folder, text, message):
    # Regression: an unknown parent or a cycle named neither the file nor the entry.
    path = _write(folder, "yaml", text)
    with pytest.raises(ValidationError) as refused:
        load_bodies(store, path, actor="test")
    [problem] = refused.value.problems
    assert (problem.source, problem.line, message in problem.message) == (str(path), 2, True)


def test_a_body_registry_with_a_control_character_is_refused_naming_its_line(store, folder):
    path = _write(folder, "yaml", "- name: 宾县人民政府\n  level: 县\x1f\n")
    with pytest.raises(ValidationError) as refused:
        load_bodies(store, path, actor="test")
    assert [p.line for p in refused.value.problems] == [2]


def test_a_yaml_file_with_a_control_character_is_refused_naming_its_line(folder):
    path = _write(folder, "yaml", "- title: 宾县通知\n  issuer: 宾县政府\n  body: 正文\x1f\n")
    with pytest.raises(ValidationError) as refused:
        read_records(path)
    [problem] = refused.value.problems
    assert (problem.line, "U+001F" in problem.message) == (3, True)


@pytest.mark.parametrize("value", ["!!int " + "9" * 5000, "!!timestamp 2012-13-45", "!!float abc", "!!timestamp"])
def test_an_item_file_value_an_explicit_tag_cannot_make_is_refused_naming_its_line(folder, value):
    # Regression: each was ValueError out of the YAML constructor.
    path = _write(folder, "yaml", f"- title: 宾县通知\n  body: {value}\n")
    with pytest.raises(ValidationError) as refused:
        read_records(path)
    assert [(p.line, "cannot be read" in p.message) for p in refused.value.problems] == [(2, True)]


@pytest.mark.parametrize("text", ["{{}}", "- {[宾县]: 1}\n", "? [a, b]\n: 宾县\n"])
def test_a_yaml_mapping_with_a_list_or_mapping_as_a_key_is_refused_naming_its_line(folder, text):
    path = _write(folder, "yaml", text)
    with pytest.raises(ValidationError) as refused:
        read_records(path)
    _assert_named(refused.value.problems, path)
    assert "not valid YAML" in refused.value.problems[0].message
