"""A search's answer as callers get it: the page's items read back from the store, copies of cached results.

What can go wrong: nothing of its own; an item the view may not see (changed
since the index was written) is left out of the page.
"""

from .highlight import mark, snippet

RESULT_FIELDS = ("id", "index_no", "title", "issuer", "doc_no", "publish_date", "year", "topic",
                 "genre", "validity")


def page_items(store, hits, marks, view):
    """The page's items for ``hits`` (``(id, score)``), with highlights; staff's carry ``status``."""
    stored = {item["id"]: item for item in store.get_many([i for i, _ in hits])}
    items = []
    for item_id, _score in hits:
        item = stored.get(item_id)
        if item is None or not view.admits(item):
            continue
        out = {name: item.get(name) for name in RESULT_FIELDS}
        if not view.public:
            out["status"] = item["status"]
        out["highlights"] = {"title": mark(item["title"], marks),
                             "snippet": snippet(item.get("body") or item.get("summary") or "", marks)}
        items.append(out)
    return items


def copy_result(result):
    """A copy of a result dict deep enough that a caller changing it leaves the cached one alone."""
    out = dict(result)
    out["items"] = [dict(i, highlights=dict(i["highlights"])) for i in result["items"]]
    out["facets"] = {k: [dict(e) for e in v] for k, v in result["facets"].items()}
    out["bodies"] = [dict(b) for b in result["bodies"]]
    if "groups" in result:
        out["groups"] = [dict(g, hits=[dict(i, highlights=dict(i["highlights"])) for i in g["hits"]])
                         for g in result["groups"]]
    return out
