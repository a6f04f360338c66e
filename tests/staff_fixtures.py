"""Staff for the catalogue tests: accounts of three bodies, 黑龙江省财政厅 requiring review.

The registry is tests/registry_fixture.py's (黑龙江省人民政府 with its
departments, 哈尔滨市人民政府 and 宾县人民政府 under it, 齐齐哈尔市人民政府).
``staff`` turns on review for 黑龙江省财政厅 (as data/bodies.yaml does) and
makes one account per role and body the tests need, all with ``PASSWORD``.
"""

import pytest

from catalogue import accounts

PASSWORD = "哈尔滨冰雪节-2012-password"
FINANCE = "黑龙江省财政厅"
HARBIN = "哈尔滨市人民政府"
BINXIAN = "宾县人民政府"

# name -> (role, body)
ACCOUNTS = {
    "harbin_editor": ("editor", HARBIN),
    "harbin_reviewer": ("reviewer", HARBIN),
    "finance_editor": ("editor", FINANCE),
    "finance_reviewer_a": ("reviewer", FINANCE),
    "finance_reviewer_b": ("reviewer", FINANCE),
    "admin": ("admin", None),
}


def item(**fields):
    """A raw item of 宾县人民政府 in the import format, with ``fields`` changed."""
    raw = {"title": "宾县2012年政府信息公开工作年度报告", "issuer": BINXIAN,
           "publish_date": "2012-03-20", "genre": "年度报告", "keywords": ["年度报告", "政务公开"]}
    raw.update(fields)
    return raw


def finance_item(**fields):
    """A raw item of 黑龙江省财政厅 (review required)."""
    raw = {"title": "黑龙江省财政厅关于2012年省级部门预算公开的通知", "issuer": FINANCE,
           "publish_date": "2012-04-10", "doc_no": "黑财预[2012]15号"}
    raw.update(fields)
    return raw


def require_review(store, body=FINANCE):
    body = store.resolve_body(body)
    with store.transaction(actor="test") as tx:
        tx.add_body(dict(body, review="required"), replace=True)


@pytest.fixture
def staff(store):
    """The accounts of ``ACCOUNTS`` by name, 黑龙江省财政厅 set to require review."""
    require_review(store)
    return {name: accounts.add_user(store, name, PASSWORD, role=role, body=body, actor="test")
            for name, (role, body) in ACCOUNTS.items()}
