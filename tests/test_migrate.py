"""``catalogue migrate``: a whole catalogue copied SQLite → PostgreSQL and back, verified, never over one."""

import pytest

from catalogue import accounts, audit, sessions
from catalogue.copying import checksums, counts
from catalogue.errors import Unauthorized
from catalogue.items import validate
from catalogue.stores import open_store
from registry_fixture import write_bodies
from catalogue.home import Home
from search_fixtures import put_items

ITEMS = [{"title": "黑龙江省人民政府办公厅关于进一步深化政务公开工作的意见", "issuer": "省政府办公厅",
          "publish_date": "2011-09-28", "body": "形成五级联动机制。"},
         {"title": "宾县2012年政府信息公开工作年度报告", "issuer": "宾县政府", "publish_date": "2013-03-20"},
         {"title": "关于已撤回信息的测试通知", "issuer": "省政府", "publish_date": "2012-12-01"}]
PASSWORD = "哈尔滨冰雪节-2012-password"


@pytest.fixture
def source(tmp_path):
    """A SQLite catalogue with items (one edited, one withdrawn), an admin, a token, a session,
    a failed login and the audit trail all of that wrote."""
    home = Home(tmp_path / "source-home")
    home.init(bodies=write_bodies(tmp_path / "bodies.yaml"))
    with home.open_store() as store:
        stored = put_items(store, ITEMS, actor="迁移测试")
        with store.transaction(actor="迁移测试") as tx:
            tx.put(validate(dict(ITEMS[1], index_no=stored[1]["index_no"], title="宾县2012年政府信息公开年度报告（修订）"),
                            store.context()), replace=True)
        with store.transaction(actor="迁移测试") as tx:
            tx.withdraw(stored[2]["index_no"], reason="内容已被新文件替代")
        admin = accounts.add_user(store, "admin", PASSWORD, role="admin", actor="迁移测试")
        token = accounts.create_token(store, "admin", actor="迁移测试")["token"]
        sessions.create_session(store, admin)
        with pytest.raises(Unauthorized):
            sessions.check_login(store, "admin", "错误的密码", "192.0.2.7")
    return str(home.path / "catalogue.db"), token


def everything(target):
    """What a store holds, to compare two: items in every state, revision log, counts, checksums."""
    with open_store(target, create=False) as store:
        return {"items": list(store.iter_items(status=None)), "revisions": store.revisions(),
                "changes": store.changes_since(0), "bodies": store.bodies(), "counts": counts(store),
                "checksums": checksums(store), "audit": audit.entries(store)}


def test_migrating_sqlite_to_postgresql_and_back_copies_everything_and_says_it_verified(source, pg_url, tmp_path, cli):
    sqlite_file, token = source
    status, out, _err = cli(tmp_path / "any", "migrate", "--from", sqlite_file, "--to", pg_url)
    assert status == 0 and "verified: 13 tables with the same row counts and SHA-256 checksums" in out
    back = str(tmp_path / "back.db")
    status, out, _err = cli(tmp_path / "any", "migrate", "--from", f"sqlite:///{sqlite_file}", "--to", pg_url,
                            "--quiet", "--replace-target")
    assert status == 0
    assert cli(tmp_path / "any", "migrate", "--from", pg_url, "--to", back)[0] == 0
    original, copied, returned = everything(sqlite_file), everything(pg_url), everything(back)
    assert copied == original and returned == original
    assert original["counts"]["login_failures"] == 1 and original["counts"]["sessions"] == 1
    with open_store(pg_url) as store:
        assert accounts.authenticate_token(store, token)["name"] == "admin"
        assert sessions.check_login(store, "admin", PASSWORD)["name"] == "admin"


def test_migrating_into_a_store_that_holds_a_catalogue_is_refused_and_leaves_it_alone(source, tmp_path, cli,
                                                                                   bodies_file):
    sqlite_file, _token = source
    other = Home(tmp_path / "other")
    other.init(bodies=bodies_file)
    before = everything(str(other.path / "catalogue.db"))
    status, _out, err = cli(tmp_path / "any", "migrate", "--from", sqlite_file, "--to", other.path / "catalogue.db")
    assert status == 1 and "already holds a catalogue" in err and "--replace-target" in err
    assert everything(str(other.path / "catalogue.db")) == before


def test_a_copy_into_postgresql_goes_on_numbering_after_the_copied_ids(source, pg_url, cli, tmp_path):
    sqlite_file, _token = source
    assert cli(tmp_path / "any", "migrate", "--from", sqlite_file, "--to", pg_url, "-q")[0] == 0
    with open_store(pg_url) as store:
        added = put_items(store, [{"title": "迁移之后新增的公开目录", "issuer": "省政府", "publish_date": "2014-01-02"}])
        assert added[0]["id"] == max(i["id"] for i in store.iter_items(status=None))
        assert store.revision() == len(everything(sqlite_file)["revisions"]) + 1
