"""The CSV template of the bulk upload: every column under its Chinese header, one example row.

The headers are the Simplified labels of ``catalogue.items.FIELDS``, which
the CSV reader (``catalogue.formats``) takes as column names. The file is
UTF-8 with a byte-order mark and CRLF line ends, so Excel and WPS open it
as UTF-8 (without the mark they guess GBK and the Chinese is garbled); the
reader drops the mark again. The example row is of a body the user may
write, dated today, with a topic and genre of the controlled lists, so the
template imports as it is (its title says to delete the row first).

What can go wrong: nothing (an empty registry gives a row without issuer).
"""

import csv
import io

from catalogue import access
from catalogue.clock import china_today
from catalogue.formats import KEYWORD_JOIN
from catalogue.items import DISCLOSURE, FIELDS, VALIDITY

FILE_NAME = "import-template.csv"
FILE_NAME_ZH = "政府信息公开目录导入模板.csv"
EXAMPLE_TOPIC = "综合政务/政务公开"
EXAMPLE_GENRE = "通知"


def _example_body(store, user):
    """The user's own body, else (an admin) the first top-level body of the registry."""
    if user.get("body"):
        return user["body"]
    scope = access.scope_of(store, user)
    return next((b["name"] for b in store.bodies() if b["name"] in scope), "")


def _pick(wanted, allowed):
    if allowed is None or wanted in allowed:
        return wanted
    return min(allowed) if allowed else ""


def example_row(store, user):
    """The example item of the template, as CSV cells by field name."""
    body = _example_body(store, user)
    today = china_today().isoformat()
    return {
        "index_no": "",
        "title": f"（示例，导入前请删除本行）{body}关于做好{today[:4]}年政府信息公开工作的通知",
        "issuer": body,
        "doc_no": f"示例发〔{today[:4]}〕1号",
        "written_date": today,
        "publish_date": today,
        "topic": _pick(EXAMPLE_TOPIC, store.vocab.topics),
        "genre": _pick(EXAMPLE_GENRE, store.vocab.genres),
        "keywords": KEYWORD_JOIN.join(("政府信息公开", "工作要点")),
        "summary": "一两句话概述文件内容。",
        "body": "正文全文。索引号留空时自动生成。",
        "disclosure": DISCLOSURE[0],
        "closed_reason": "",
        "validity": VALIDITY[0],
        "url": "",
        "attachments": "",
    }


def template_csv(store, user):
    """The template as bytes (UTF-8 with BOM)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)        # CRLF line ends, as spreadsheets write them
    writer.writerow([f.label for f in FIELDS])
    row = example_row(store, user)
    writer.writerow([row[f.name] for f in FIELDS])
    return out.getvalue().encode("utf-8-sig")
