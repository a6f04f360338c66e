"""Shared fixtures: a temporary catalogue home with a small Chinese body registry; a PostgreSQL schema."""

import os
import uuid
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, settings

from benchmarks.many_writers import token_for
from catalogue.home import Home
from catalogue.paths import data_dir
from registry_fixture import write_bodies

# Property-based tests (tests/test_property_*.py). "default": a modest number of
# examples and a generous deadline, as four test runs share two cores here;
# "ci" (CI=true): the same, derandomized (a fixed seed per test), so a failure
# there fails the same way again, with no example database left behind;
# "long" (HYPOTHESIS_PROFILE=long): many more examples, for a hunt by hand.
# too_slow is not a health check worth failing on: hostile strategies build
# big inputs on purpose, and the machine is busy.
_PROPERTY = dict(deadline=2000, max_examples=100, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("default", **_PROPERTY)
settings.register_profile("ci", **_PROPERTY, derandomize=True, database=None, print_blob=True)
settings.register_profile("long", **dict(_PROPERTY, max_examples=5000, deadline=10_000))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "default"))

@pytest.fixture(params=["sqlite", "postgres"])
def shared_target(request, tmp_path):
    """A store several servers share: a SQLite file outside their homes, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "shared" / "catalogue.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def fleet(pg_url, tmp_path):
    """``(env, token, homes)``: a catalogue initialised on ``pg_url`` and two server homes for it.

    ``env`` names the store as a fleet's servers are configured
    (``CATALOGUE_STORE``); ``token`` is an admin's bearer token.
    """
    env = {"CATALOGUE_STORE": pg_url}
    first = Home(tmp_path / "server-a", store=pg_url)
    first.init(bodies=write_bodies(tmp_path / "bodies.yaml"))
    return env, token_for(first), (tmp_path / "server-a", tmp_path / "server-b")


@pytest.fixture
def bodies_file(tmp_path):
    """The test registry (registry_fixture.BODIES_YAML) as a YAML file."""
    return write_bodies(tmp_path / "bodies.yaml")


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


@pytest.fixture
def cli(capsys):
    """``cli(folder, *args)``: run ``catalogue --home folder ARGS`` in-process; (status, stdout, stderr)."""
    from web.cli import main  # the top layer: loaded only by the tests that use it

    def run(folder, *argv):
        status = main(["--home", str(folder), *map(str, argv)])
        out, err = capsys.readouterr()
        return status, out, err
    return run


@pytest.fixture
def run(home, cli):
    """``run(*args)``: ``cli`` against the test's ``home``."""
    def run(*argv):
        return cli(home.path, *argv)
    return run


@pytest.fixture
def data_folder(tmp_path, bodies_file, monkeypatch):
    """A copy of data/ with the small registry and one demo file, used through CATALOGUE_DATA."""
    folder = tmp_path / "data"
    (folder / "demo").mkdir(parents=True)
    # Everything else as shipped: the lists, and the search dictionaries a server needs.
    for path in data_dir().iterdir():
        if path.is_file() and path.name != "bodies.yaml":
            (folder / path.name).write_bytes(path.read_bytes())
    (folder / "bodies.yaml").write_bytes(bodies_file.read_bytes())
    (folder / "demo" / "items.yaml").write_text(
        "- title: 关于做好2012年政务公开工作的通知\n  issuer: 省政府办公厅\n  publish_date: 2012-03-01\n"
        "- title: 宾县2012年政府信息公开年度报告\n  issuer: 宾县政府\n  publish_date: 2013-03-20\n",
        encoding="utf-8")
    monkeypatch.setenv("CATALOGUE_DATA", str(folder))
    return folder


@pytest.fixture
def pg_url():
    """A postgresql:// URL whose tables land in a fresh, empty schema, dropped afterwards.

    The schema is chosen per connection (``options=-csearch_path=…``), so
    tests never see each other's tables. Skipped without
    ``CATALOGUE_TEST_PG``; in CI (which sets it) its absence is a failure.
    """
    server = os.environ.get("CATALOGUE_TEST_PG")
    if not server:
        if os.environ.get("CI"):
            pytest.fail("CATALOGUE_TEST_PG is not set in CI: .ci/run must start PostgreSQL")
        pytest.skip("PostgreSQL tests need CATALOGUE_TEST_PG (set by .ci/run)")
    import psycopg
    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in server else "?"
    try:
        yield f"{server}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
