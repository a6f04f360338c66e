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
from property_strategies import deep_nesting, file_text, hostile_text, long_text, record, records_text
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
    """Each problem names the file, and the line or field it is about."""
    assert problems
    for problem in problems:
        assert problem.source == str(path), problem
        assert problem.line is not None or problem.field is not None, problem


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


# Regressions the properties found in the YAML reader.
def test_a_yaml_file_with_a_control_character_is_refused_naming_its_line(folder):
    path = _write(folder, "yaml", "- title: 宾县通知\n  issuer: 宾县政府\n  body: 正文\x1f\n")
    with pytest.raises(ValidationError) as refused:
        read_records(path)
    [problem] = refused.value.problems
    assert (problem.line, "U+001F" in problem.message) == (3, True)


@pytest.mark.parametrize("text", ["{{}}", "- {[宾县]: 1}\n", "? [a, b]\n: 宾县\n"])
def test_a_yaml_mapping_with_a_list_or_mapping_as_a_key_is_refused_naming_its_line(folder, text):
    path = _write(folder, "yaml", text)
    with pytest.raises(ValidationError) as refused:
        read_records(path)
    _assert_named(refused.value.problems, path)
    assert "not valid YAML" in refused.value.problems[0].message
