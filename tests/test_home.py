"""The home folder: init creates it, loads the registry once, and is safe to repeat."""

import pytest

from catalogue.errors import ConfigError
from catalogue.home import Home
from catalogue.paths import data_dir
from catalogue.vocab import read_bodies


def test_init_creates_store_index_and_cache_folders(tmp_path, bodies_file):
    home = Home(tmp_path / "new")
    result = home.init(bodies=bodies_file)
    assert result == {"created": True, "bodies": 4}
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


def test_home_defaults_to_catalogue_home_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("CATALOGUE_HOME", str(tmp_path / "env-home"))
    assert Home().path == tmp_path / "env-home"


@pytest.fixture
def data_folder(tmp_path, bodies_file, monkeypatch):
    """A copy of data/ with the small registry and one demo file, used through CATALOGUE_DATA."""
    folder = tmp_path / "data"
    (folder / "demo").mkdir(parents=True)
    for name in ("topics.yaml", "genres.yaml"):
        (folder / name).write_bytes((data_dir() / name).read_bytes())
    (folder / "bodies.yaml").write_bytes(bodies_file.read_bytes())
    (folder / "demo" / "items.yaml").write_text(
        "- title: 关于做好2012年政务公开工作的通知\n  issuer: 省政府办公厅\n  publish_date: 2012-03-01\n"
        "- title: 宾县2012年政府信息公开年度报告\n  issuer: 宾县政府\n  publish_date: 2013-03-20\n",
        encoding="utf-8")
    monkeypatch.setenv("CATALOGUE_DATA", str(folder))
    return folder


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
