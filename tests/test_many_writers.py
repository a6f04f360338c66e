"""Many writers at once: the write API, two importing processes and searches, on SQLite and PostgreSQL.

For ``RUN_SECONDS`` a real ``catalogue serve`` takes items from 8 threads
through the write API (each adds items and edits some of them), while 2
``catalogue import`` processes, one import after another, write small files
straight into the same store (now and then followed by a search from the
shell, another process following the store) and 8 threads search. No client
may see an error (a 5xx, "database is locked", a lock of the index);
afterwards every write is in the store as last written and, once the index
has caught up, a search for each index number finds its item once, with its
last title. The clients are ``benchmarks.many_writers``'s, which prints the
same run's figures.
"""

import pytest

from benchmarks.many_writers import API_WRITERS, IMPORTERS, PER_FILE, clients, token_for
from catalogue.home import Home
from processes import python_command, running, serving
from registry_fixture import write_bodies

RUN_SECONDS = 20


def _command(home, *args):
    """``catalogue --home HOME --store STORE ARGS`` as a process, to its end: ``(status, output)``."""
    with running(python_command("web.cli", "--home", home.path, "--store", home.store_target, *args)) as process:
        return process.wait(300)


@pytest.fixture(params=["sqlite", "postgres"])
def store_target(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "home" / "catalogue.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def many_writers(tmp_path, store_target):
    """The clients' run against a server on ``store_target``: ``(run, stored, indexed)``."""
    home = Home(tmp_path / "home", store=store_target)
    home.init(bodies=write_bodies(tmp_path / "bodies.yaml"))
    token = token_for(home)
    with serving(home.path, "--store", store_target) as server:
        return clients(server.base, home, token, tmp_path, RUN_SECONDS, _command)


def test_many_writers_and_searchers_at_once_see_no_error_and_every_write_is_stored_and_found(many_writers):
    run, stored, indexed = many_writers
    assert run.errors == []
    assert run.counts["api writes"] > API_WRITERS and run.counts["imported"] >= IMPORTERS * PER_FILE
    assert {n: t for n, t in stored.items() if t != run.written[n]} == {}
    assert [index_no for index_no, found in indexed.items() if not found] == []
