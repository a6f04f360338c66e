"""Two catalogue servers on one PostgreSQL: the catalogue they share, and what the tests ask of them."""

import time
from urllib.parse import quote

from benchmarks.many_writers import call

# Generous bounds: the target is 2 s, but the machine is shared.
PROPAGATION_BOUND = 20
CATCH_UP_BOUND = 120


def item(title):
    return {"title": title, "issuer": "宾县人民政府", "publish_date": "2012-03-20",
            "secrecy_checked_by": "王丽（县政府办公室）", "body": "现将惠农补贴发放情况予以公示，接受群众监督。"}


def search(server, query):
    status, answer = call(server.base + "api/search?q=" + quote(query))
    assert status == 200, answer
    return answer


def eventually(check, bound):
    deadline = time.monotonic() + bound
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def add(server, token, title):
    status, answer = call(server.base + "api/items", item(title), token=token)
    assert status == 201, answer
    return answer["item"]["index_no"]
