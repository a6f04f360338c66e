"""``/healthz`` and ``/readyz``: the probes a load balancer in front of several servers uses."""

import pytest

from search_fixtures import put_items
from web_fixtures import client_for, make_home, open_app

NEW = [{"title": f"哈尔滨市第{n}批政务公开事项通知", "issuer": "哈尔滨市政府", "publish_date": "2013-04-01",
        "topic": "综合政务/政务公开", "genre": "通知", "body": "公开事项清单。"} for n in range(3)]


@pytest.fixture
def home(tmp_path):
    return make_home(tmp_path / "home")


def test_healthz_answers_200_even_while_the_index_is_opened(home):
    app = open_app(home, ready_behind=0)
    try:
        answer = client_for(app).get("/healthz")
    finally:
        app.close()
    assert (answer.status_int, answer.json, answer.headers["Cache-Control"]) == (
        200, {"ok": True, "alive": True}, "no-store")


def test_readyz_answers_200_once_the_store_answers_and_the_index_is_warm_and_current(home):
    app = open_app(home)
    try:
        assert app.index.wait_until_warm(timeout=60)
        answer = client_for(app).get("/readyz")
    finally:
        app.close()
    assert answer.status_int == 200 and answer.json["ready"] is True
    assert answer.json["store"]["reachable"] is True and answer.json["index"]["behind"] == 0


def test_readyz_answers_503_naming_an_index_too_far_behind(home):
    app = open_app(home, ready_behind=0)
    try:
        assert app.index.wait_until_warm(timeout=60)
        # Written by "another server": this app's store object hears no commit of it.
        with home.open_store() as other:
            put_items(other, NEW, actor="另一台服务器")
        answer = client_for(app).get("/readyz", status=503)
    finally:
        app.close()
    assert answer.headers["Retry-After"] == "5" and answer.json["ok"] is False
    assert [e["field"] for e in answer.json["errors"]] == ["index"]
    assert "1 revisions behind the store (at most 0)" in answer.json["errors"][0]["message"]


def test_readyz_answers_503_naming_a_store_that_does_not_answer(home):
    app = open_app(home)
    try:
        assert app.index.wait_until_warm(timeout=60)
        (home.path / "catalogue.db").unlink()
        app.store.close()       # its connections go; opening the deleted file again finds no catalogue
        answer = client_for(app).get("/readyz", status=503)
    finally:
        app.close()
    assert "store" in [e["field"] for e in answer.json["errors"]]
    assert answer.json["store"]["reachable"] is False


def test_the_openapi_document_describes_both_probes(home):
    app = open_app(home)
    try:
        paths = client_for(app).get("/api/openapi.json").json["paths"]
    finally:
        app.close()
    assert set(paths["/readyz"]["get"]["responses"]) == {"200", "503"} and "/healthz" in paths
