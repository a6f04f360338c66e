"""``Store.check``: the database's checks and the catalogue's invariants, on SQLite and PostgreSQL.

A sound store passes every check; a store changed behind the catalogue's
back (a row deleted with SQL) fails the invariant it breaks, named with the
item or revision at fault.
"""

import pytest

from catalogue.items import validate
from catalogue.stores import open_store
from test_store_backends import BODIES

TITLE = "黑龙江省人民政府办公厅关于进一步深化全省县乡政务公开工作的意见"


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    """A store of each backend holding the registry and two items."""
    target = str(tmp_path / "catalogue.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    with open_store(target) as st:
        with st.transaction(actor="test") as tx:
            for body in BODIES:
                tx.add_body(body)
        with st.transaction(actor="test") as tx:
            for n in (1, 2):
                tx.put(validate({"index_no": f"11230000001/2011-0004{n}", "title": TITLE, "issuer": "省政府办公厅",
                                 "publish_date": "2011-09-28"}, st.context()))
        yield st


def _problems(store):
    return {what: problem for what, problem in store.check() if problem is not None}


def test_a_sound_store_passes_every_check(store):
    checks = store.check()
    assert len(checks) >= 7 and _problems(store) == {}


def test_sqlite_runs_its_integrity_and_foreign_key_checks_first(tmp_path):
    with open_store(str(tmp_path / "catalogue.db")) as sqlite:
        assert [what for what, _ in sqlite.check()[:2]] == ["SQLite integrity check", "SQLite foreign key check"]


def test_an_item_whose_changes_were_deleted_is_named(store):
    store.run_sql_for_tests("DELETE FROM changes WHERE index_no = ?", ("11230000001/2011-00041",))
    assert _problems(store) == {
        "every item has its changes in the log": "item 11230000001/2011-00041 has no change in the log",
    }


def test_a_revision_deleted_from_the_log_is_a_gap_and_its_items_name_it(store):
    store.run_sql_for_tests("DELETE FROM changes WHERE revision = 1")
    store.run_sql_for_tests("DELETE FROM revisions WHERE revision = 1")
    assert _problems(store) == {"revisions are numbered 1, 2, 3 … without a gap": "the log holds 1 revision(s), "
                                                                                  "numbered up to 2"}


def test_an_item_left_behind_its_last_change_is_named(store):
    store.run_sql_for_tests("UPDATE items SET revision = 1 WHERE index_no = ?", ("11230000001/2011-00042",))
    assert _problems(store) == {
        "every item's revision is its last logged change":
            "item 11230000001/2011-00042 is at revision 1 but its last logged change is revision 2",
    }
