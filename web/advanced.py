"""The advanced search form (``/search/advanced``): every search parameter labelled, sent by GET to ``/search``.

The form holds nothing the search page cannot take from its URL, so each
advanced search is a bookmarkable ``/search?…`` address. Opened from a
search page it is filled in with that search (its own query string is read
as a search, leniently: a bad value is left out, not refused).

What can go wrong: nothing raises; a parameter the form cannot show is left
out of it.
"""

from catalogue.errors import ValidationError
from catalogue.items import DISCLOSURE, VALIDITY
from index.params import GROUPS

from .params import SearchRequest, parse_search


def body_options(bodies):
    """``[{"name", "depth"}]`` parents first, each with how far below a top-level body it is."""
    depth = {}
    out = []
    for body in bodies:
        depth[body["name"]] = depth.get(body.get("parent"), -1) + 1
        out.append({"name": body["name"], "depth": depth[body["name"]]})
    return out


def advanced_data(app):
    """The form's choices: bodies (parents first), topics, genres, validity, disclosure, groups."""
    vocab = app.store.vocab
    return {"ok": True, "bodies": body_options(app.store.bodies()), "topics": list(vocab.topic_list),
            "genres": list(vocab.genre_list), "validity": list(VALIDITY), "disclosure": list(DISCLOSURE),
            "groups": list(GROUPS)}


def advanced_view(app, data):
    try:
        request = parse_search(app.query_pairs())
    except ValidationError:
        request = SearchRequest()
    return {"request": request, "first": lambda name: (request.filters.get(name) or [""])[0]}


def add_routes(app):
    app.page("/search/advanced", "advanced", advanced_data, view=advanced_view)
