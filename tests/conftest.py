"""Shared fixtures: a temporary catalogue home with a small Chinese body registry."""

import textwrap

import pytest

from catalogue.home import Home

# Four bodies over three levels, with short names; enough for issuers,
# parents and generated index numbers.
BODIES_YAML = textwrap.dedent("""\
    - name: 黑龙江省人民政府
      short: 省政府
      code: "11230000001"
      level: 省
    - name: 黑龙江省人民政府办公厅
      short: 省政府办公厅
      parent: 黑龙江省人民政府
      level: 省
    - name: 哈尔滨市人民政府
      short: 哈尔滨市政府
      parent: 黑龙江省人民政府
      level: 市
    - name: 宾县人民政府
      short: 宾县政府
      parent: 哈尔滨市人民政府
      level: 县
""")


@pytest.fixture
def bodies_file(tmp_path):
    path = tmp_path / "bodies.yaml"
    path.write_text(BODIES_YAML, encoding="utf-8")
    return path


@pytest.fixture
def home(tmp_path, bodies_file):
    """An initialised home in tmp_path holding the small registry and no items."""
    h = Home(tmp_path / "home")
    h.init(bodies=bodies_file)
    return h


@pytest.fixture
def store(home):
    with home.open_store() as st:
        yield st
