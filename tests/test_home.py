"""The home folder: init creates it, loads the registry once, and is safe to repeat."""

import pytest

from catalogue.errors import ConfigError
from catalogue.home import Home
from catalogue.paths import data_dir
from catalogue.vocab import read_bodies
from registry_fixture import BODY_COUNT


def test_init_creates_store_index_and_cache_folders(tmp_path, bodies_file):
    home = Home(tmp_path / "new")
    result = home.init(bodies=bodies_file)
    assert result == {"created": True, "bodies": BODY_COUNT}
    assert home.store_path.is_file() and home.index_dir.is_dir() and home.cache_dir.is_dir()


def test_init_twice_changes_nothing(home, bodies_file):
    with home.open_store() as store:
        before = store.revision()
    assert home.init(bodies=bodies_file) == {"created": False, "bodies": 0}
    with home.open_store() as store:
        assert store.revision() == before


def test_init_loads_the_shipped_registry_by_default(tmp_path):
    home = Home(tmp_path / "h")
    home.init()
    with home.open_store() as store:
        names = {b["name"] for b in store.bodies()}
    assert names == {b["name"] for b in read_bodies(data_dir() / "bodies.yaml")}


def test_registry_keeps_parents(store):
    assert store.body_ancestors("宾县人民政府") == ["宾县人民政府", "哈尔滨市人民政府", "黑龙江省人民政府"]


def test_opening_an_uninitialised_home_says_to_run_init(tmp_path):
    with pytest.raises(ConfigError, match="catalogue init"):
        Home(tmp_path / "nothing").open_store()


def test_store_elsewhere_leaves_index_and_cache_in_the_home(tmp_path, bodies_file):
    home = Home(tmp_path / "h", store=tmp_path / "shared" / "catalogue.db")
    home.init(bodies=bodies_file)
    assert (tmp_path / "shared" / "catalogue.db").is_file() and not (home.path / "catalogue.db").exists()
    assert home.index_dir.is_dir() and home.cache_dir.is_dir()


def test_second_home_on_a_shared_store_opens_it_without_init(tmp_path, bodies_file):
    shared = tmp_path / "shared.db"
    Home(tmp_path / "a", store=shared).init(bodies=bodies_file)
    second = Home(tmp_path / "b", store=shared)
    with second.open_store() as store:
        assert store.resolve_body("宾县政府")["name"] == "宾县人民政府"
    assert second.index_dir.is_dir() and second.cache_dir.is_dir()


def test_home_defaults_to_catalogue_home_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("CATALOGUE_HOME", str(tmp_path / "env-home"))
    assert Home().path == tmp_path / "env-home"


def test_load_demo_initialises_and_imports_the_demo_items(tmp_path, data_folder):
    home = Home(tmp_path / "demo-home")
    summary = home.load_demo(progress=False)
    assert summary["added"] == 2
    with home.open_store() as store:
        assert store.count() == 2


def test_load_demo_leaves_a_catalogue_with_items_alone(tmp_path, data_folder):
    home = Home(tmp_path / "demo-home")
    home.load_demo(progress=False)
    assert home.load_demo(progress=False) is None
