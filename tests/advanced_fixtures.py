"""Helpers of the date-range and advanced-search tests: a home holding given items, the API, titles."""

from search_fixtures import make_home, put_items


def home_with(items):
    """A ``build_home(path)`` for ``web_fixtures.app_fixture``: the fixture bodies and ``items``."""
    def build(path):
        home = make_home(path)
        with home.open_store() as store:
            put_items(store, items)
        return home
    return build


def api(client, **params):
    """``/api/search`` with ``params``; a 400 is returned, not raised."""
    return client.get("/api/search", params, expect_errors=True)


def titles(answer):
    return [item["title"] for item in answer.json["items"]]
