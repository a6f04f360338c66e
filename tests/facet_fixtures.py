"""A province-sized catalogue for the long-facet tests: the ~300 bodies of benchmarks/corpus.py, an item each.

The bodies are the shipped registry topped up to 300 by the corpus
generator (cities, counties, their departments); each body publishes one
notice on 政务公开 and the bodies earlier in the list a few more, so the
counts differ and the top entries of each level are well defined.
"""

import yaml

from benchmarks import corpus
from catalogue.home import Home
from search_fixtures import put_items

BODIES = corpus.build_bodies()


def province_home(path):
    """An initialised home at ``path`` with the 300 bodies and their items."""
    registry = path.parent / f"{path.name}-bodies.yaml"
    rows = [{k: v for k, v in body.items() if v} for body in BODIES]
    registry.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
    home = Home(path)
    home.init(bodies=registry)
    items = []
    for n, body in enumerate(BODIES):
        for k in range(1 + (n % 4 == 0) + (n % 7 == 0)):
            items.append({"title": f"{body['name']}关于做好{2012 + k}年政务公开工作的通知", "issuer": body["name"],
                          "publish_date": f"{2012 + k}-0{1 + n % 9}-1{k}", "genre": "通知",
                          "topic": "综合政务/政务公开", "body": "做好政务公开工作。"})
    with home.open_store() as store:
        put_items(store, items)
    return home
