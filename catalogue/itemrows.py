"""How an item is laid out in the ``items`` table: its columns and the row read back as a dict.

``Store`` reads items with ``SELECT`` and turns each row into the item dict
with ``from_row``; ``Transaction`` writes the same columns. Keeping both
here means a column added to the schema is added to reads and writes at
once.

What can go wrong: nothing raises here.
"""

import json

from .schema import ITEM_COLUMNS_V2

# The item's own fields as stored (``issuer`` is a reference, written apart).
ITEM_COLUMNS = ("index_no", "title", "doc_no", "written_date", "publish_date", "year",
                "topic", "genre", "keywords", "summary", "body", "disclosure", "validity",
                "url", "attachments", "closed_reason")
JSON_COLUMNS = ("keywords", "attachments")
# The columns the workflow sets (who submitted, reviewed, checked; notes and dates).
WORKFLOW_COLUMNS = tuple(c for c in ITEM_COLUMNS_V2 if c != "closed_reason")

SELECT = ("SELECT i.id, i.index_no, i.title, b.name, i.doc_no, i.written_date, "
          "i.publish_date, i.year, i.topic, i.genre, i.keywords, i.summary, i.body, "
          "i.disclosure, i.validity, i.url, i.attachments, i.status, i.created, "
          "i.updated, i.revision, i.withdrawn_reason, i.closed_reason, "
          + ", ".join(f"i.{c}" for c in WORKFLOW_COLUMNS) +
          " FROM items i JOIN bodies b ON b.id = i.issuer_id ")


def from_row(row):
    """The item dict of one ``SELECT`` row: every field, the store's meta and the workflow columns."""
    (id_, index_no, title, issuer, doc_no, written, published, year, topic, genre, keywords,
     summary, body, disclosure, validity, url, attachments, status, created, updated,
     revision, reason, closed_reason) = row[:23]
    item = {
        "index_no": index_no, "title": title, "issuer": issuer, "doc_no": doc_no,
        "written_date": _iso(written), "publish_date": _iso(published), "topic": topic,
        "genre": genre, "keywords": json.loads(keywords) if keywords else [],
        "summary": summary, "body": body, "disclosure": disclosure,
        "closed_reason": closed_reason, "validity": validity,
        "url": url, "attachments": json.loads(attachments) if attachments else [],
        "id": id_, "status": status, "created": created, "updated": updated,
        "revision": revision, "year": year,
    }
    item.update(zip(WORKFLOW_COLUMNS, row[23:]))
    if reason is not None:
        item["withdrawn_reason"] = reason
    return item


def _iso(value):
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()
