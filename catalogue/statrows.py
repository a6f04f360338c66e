"""The columns statistics need, read for every item of some statuses in one narrow query.

``catalogue.annual`` counts over all published items; reading them whole
(full texts, keywords, attachments, every workflow column) took most of
its time, so this reads only the fields ``catalogue.stats``,
``catalogue.table2`` and ``catalogue.deadline`` look at, as item dicts with
just those keys.

What can go wrong: nothing beyond the store's own errors.
"""

FIELDS = ("index_no", "title", "issuer", "written_date", "publish_date", "topic", "genre",
          "disclosure", "validity", "validity_changed", "status")
_SQL = ("SELECT i.index_no, i.title, b.name, i.written_date, i.publish_date, i.topic, i.genre, "
        "i.disclosure, i.validity, i.validity_changed, i.status "
        "FROM items i JOIN bodies b ON b.id = i.issuer_id WHERE i.status IN ({marks}) ORDER BY i.id")


def _iso(value):
    return value if value is None or isinstance(value, str) else value.isoformat()


def stat_items(store, statuses=("published",)):
    """Every item with one of ``statuses``, as ``{field: value}`` for ``FIELDS`` (dates as ISO text)."""
    statuses = tuple(statuses)
    rows = store._query(_SQL.format(marks=", ".join("?" * len(statuses))), statuses)
    items = []
    for row in rows:
        item = dict(zip(FIELDS, row))
        for name in ("written_date", "publish_date", "validity_changed"):
            item[name] = _iso(item[name])
        items.append(item)
    return items
