"""The settings table: defaults, settings.yaml, the command line, and the docs made from it."""

import argparse
from pathlib import Path

import pytest

from catalogue.errors import ConfigError
from web_fixtures import make_home, open_app
from web.settings import SETTINGS, add_arguments, add_global_arguments, load_settings, markdown_table, overrides_from_args


def parse(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--home")
    add_arguments(parser)
    return parser.parse_args(argv)


def test_defaults_apply_without_a_settings_file(tmp_path):
    config = load_settings(tmp_path)
    assert (config.host, config.port, config.per_page, config.lang) == ("127.0.0.1", 8080, 10, "zh-Hans")


def test_store_defaults_to_the_homes_sqlite_file(tmp_path):
    assert load_settings(tmp_path).catalogue_home().store_target == str(tmp_path / "catalogue.db")


def test_store_file_in_settings_yaml_is_relative_to_the_home(tmp_path):
    (tmp_path / "settings.yaml").write_text("store: shared/目录.db\n", encoding="utf-8")
    assert load_settings(tmp_path).catalogue_home().store_path == tmp_path / "shared" / "目录.db"


def test_store_on_the_command_line_overrides_settings_yaml(tmp_path):
    (tmp_path / "settings.yaml").write_text("store: postgresql://db.example/catalogue\n", encoding="utf-8")
    config = load_settings(tmp_path, {"store": "sqlite:///srv/catalogue.db"})
    assert config.catalogue_home().store_target == "sqlite:///srv/catalogue.db"


def test_store_of_an_unknown_kind_is_refused_without_showing_its_password(tmp_path):
    with pytest.raises(ConfigError, match="store") as caught:
        load_settings(tmp_path, {"store": "mysql://reader:secret@db.example/catalogue"})
    assert "secret" not in str(caught.value)


def test_settings_file_overrides_defaults(tmp_path):
    (tmp_path / "settings.yaml").write_text("port: 9090\ntitle: 黑龙江省政府信息公开目录\n", encoding="utf-8")
    config = load_settings(tmp_path)
    assert (config.port, config.title) == (9090, "黑龙江省政府信息公开目录")


def test_command_line_overrides_settings_file(tmp_path):
    (tmp_path / "settings.yaml").write_text("port: 9090\nthreads: 2\n", encoding="utf-8")
    config = load_settings(overrides=overrides_from_args(parse(["--home", str(tmp_path), "--port", "7000"])))
    assert (config.port, config.threads) == (7000, 2)


def test_every_bad_setting_is_named_with_its_source(tmp_path):
    (tmp_path / "settings.yaml").write_text("per_page: 1000\ncolour: red\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path, {"port": "eighty"})
    named = {(p.field, p.source) for p in caught.value.problems}
    assert named == {("per_page", str(tmp_path / "settings.yaml")),
                     ("colour", str(tmp_path / "settings.yaml")), ("port", "command line")}


def test_language_must_be_one_the_interface_has(tmp_path):
    with pytest.raises(ConfigError, match="lang"):
        load_settings(tmp_path, {"lang": "fr"})


def test_base_url_must_be_an_http_address(tmp_path):
    with pytest.raises(ConfigError, match="--base-url"):
        load_settings(tmp_path, {"base_url": "example.org/catalogue"})


def test_settings_file_that_is_not_a_mapping_is_refused(tmp_path):
    (tmp_path / "settings.yaml").write_text("- port\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="mapping"):
        load_settings(tmp_path)


def test_settings_file_that_is_not_yaml_is_named_with_its_line(tmp_path):
    (tmp_path / "settings.yaml").write_text("port: 9090\ntitle: [未闭合\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"^{tmp_path / 'settings.yaml'}:3: not valid UTF-8 YAML"):
        load_settings(tmp_path)


def test_help_lists_every_command_line_setting():
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    text = parser.format_help()
    assert all(s.option in text for s in SETTINGS if s.serve_option)


def test_markdown_table_has_a_row_per_setting():
    rows = markdown_table().splitlines()[2:]
    assert [row.split("`")[1] for row in rows] == [s.name for s in SETTINGS]


def test_readme_lists_every_setting():
    readme = Path(__file__).resolve().parent.parent / "README.md"
    assert markdown_table() in readme.read_text(encoding="utf-8")


def test_cache_mb_setting_bounds_the_index_cache(tmp_path):
    app = open_app(make_home(tmp_path / "home"), cache_mb=32)
    try:
        assert app.index.cache_stats()["budget"] == 32 * 2**20
    finally:
        app.close()


def test_catalogue_store_in_the_environment_names_the_store_over_the_settings_file(tmp_path, monkeypatch):
    (tmp_path / "settings.yaml").write_text("store: 本地目录.db\n", encoding="utf-8")
    monkeypatch.setenv("CATALOGUE_STORE", "postgresql://catalogue@db.example/目录")
    config = load_settings(tmp_path)
    assert (config.store, config.sources["store"]) == ("postgresql://catalogue@db.example/目录", "CATALOGUE_STORE")


def test_store_option_wins_over_catalogue_store_in_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CATALOGUE_STORE", "postgresql://catalogue@db.example/目录")
    config = load_settings(tmp_path, {"store": str(tmp_path / "省政府.db")})
    assert config.store == str(tmp_path / "省政府.db")


def test_a_bad_catalogue_store_is_named_by_its_variable_without_its_password(tmp_path, monkeypatch):
    monkeypatch.setenv("CATALOGUE_STORE", "mysql://reader:secret@db.example/catalogue")
    with pytest.raises(ConfigError, match="^bad setting CATALOGUE_STORE: ") as caught:
        load_settings(tmp_path)
    assert "secret" not in str(caught.value)


def test_every_commands_help_names_catalogue_store():
    parser = argparse.ArgumentParser()
    add_global_arguments(parser)
    assert "CATALOGUE_STORE" in parser.format_help()
