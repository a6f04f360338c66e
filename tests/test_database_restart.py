"""PostgreSQL restarted under two running servers: searches go on, writes say 503, nothing is lost.

The database server is stopped and started again with ``pg_ctlcluster``
(it must be the cluster ``CATALOGUE_TEST_PG`` names, and the tests must
run as root or postgres, as in CI here); elsewhere the test is skipped,
saying why. While it is down, searches are answered from each server's
index and writes get 503 with ``Retry-After``, nothing written; once it
is back, both servers write and search again without being restarted.
"""

import json
import os
import shutil
import subprocess
from contextlib import contextmanager
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from catalogue.home import Home
from fleet_fixtures import PROPAGATION_BOUND, add, eventually, item, search
from needs import missing
from processes import serving

BACK_BOUND = 120        # seconds for a write to succeed again once PostgreSQL is up


def cluster_of(url):
    """``(version, name)`` of the local cluster listening on ``url``'s port, or a skip saying why not."""
    if shutil.which("pg_lsclusters") is None or os.geteuid() != 0:
        missing("restarting PostgreSQL needs pg_ctlcluster, run as root")
    port = str(urlsplit(url).port or 5432)
    for line in subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True).stdout.splitlines():
        version, name, cluster_port = line.split()[:3]
        if cluster_port == port:
            return version, name
    missing(f"no local PostgreSQL cluster on port {port} to restart")


@contextmanager
def postgresql_stopped(url):
    """PostgreSQL stopped for the block, always started again after it."""
    version, name = cluster_of(url)
    subprocess.run(["pg_ctlcluster", version, name, "stop", "-m", "fast"], check=True, timeout=120)
    try:
        yield
    finally:
        subprocess.run(["pg_ctlcluster", version, name, "start"], check=True, timeout=120)


def post(base, raw, token):
    """``(status, headers, JSON answer)`` of adding ``raw`` through the write API."""
    request = Request(base + "api/items", json.dumps(raw, ensure_ascii=False).encode(),
                      {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    try:
        with urlopen(request, timeout=120) as answer:
            return answer.status, answer.headers, json.load(answer)
    except HTTPError as error:
        with error:
            return error.code, error.headers, json.load(error)


def test_while_postgresql_restarts_searches_answer_writes_get_503_and_afterwards_both_work_again(fleet, pg_url):
    env, token, (home_a, home_b) = fleet
    titles = [f"宾县关于第{n}批惠农补贴发放情况的公示" for n in range(5)]
    with serving(home_a, env=env) as a, serving(home_b, env=env) as b:
        for title in titles:
            add(a, token, title)
        assert eventually(lambda: search(b, "惠农补贴")["total"] == 5, PROPAGATION_BOUND)
        with postgresql_stopped(pg_url):
            during = {server.base: search(server, "惠农补贴")["total"] for server in (a, b)}
            status, headers, answer = post(a.base, item("停机期间提交的公示"), token)
        assert during == {a.base: 5, b.base: 5}
        assert (status, headers["Retry-After"], answer["ok"]) == (503, "5", False)
        assert [e["field"] for e in answer["errors"]] == ["store"]
        assert eventually(lambda: post(b.base, item("恢复之后提交的公示"), token)[0] == 201, BACK_BOUND)
        assert eventually(lambda: search(a, "恢复之后提交的公示")["total"] == 1, PROPAGATION_BOUND)
    with Home(home_a, store=pg_url).open_store() as store:
        stored = sorted(i["title"] for i in store.iter_items(status=None))
    assert stored == sorted(titles + ["恢复之后提交的公示"])
