"""Items with known statistics, for tests/test_stats*.py: counts per year and body, Table 2, deadlines.

Bodies are registry_fixture's (省政府 → departments, 哈尔滨市政府 → 宾县政府,
齐齐哈尔市政府). The answers the tests check are worked out in the comments.
"""

import datetime as dt

from catalogue.items import validate

TODAY = dt.date(2014, 6, 30)


def _item(title, issuer, publish, **more):
    return dict({"title": title, "issuer": issuer, "publish_date": publish,
                 "topic": "综合政务/政务公开", "genre": "通知"}, **more)


# Published and public: 2011: 4, 2012: 6 (+50.0%), 2013: 3 (−50.0%).
#   省政府 (province): 0, 0, 1; departments: 2, 3, 0; cities: 2, 1, 1; counties: 0, 2, 1.
#   哈尔滨市政府 with 宾县: 2, 3 (+50.0%), 1 (−66.7%); 宾县 alone: 0, 2 (none before), 1 (−50.0%).
#   主动公开 only: 4, 5 (+25.0%), 3 (−40.0%).
COUNTED = [
    _item("关于做好2011年政务公开工作的通知", "省政府办公厅", "2011-03-01"),
    _item("关于印发政务公开考核办法的通知", "省政府办公厅", "2011-07-15", genre="办法"),
    _item("哈尔滨市2011年政府信息公开工作要点", "哈尔滨市政府", "2011-02-20", genre="工作要点"),
    _item("哈尔滨市关于公布行政审批事项目录的决定", "哈尔滨市政府", "2011-09-09", genre="决定"),
    _item("关于2012年省级预算公开的通知", "省财政厅", "2012-05-10", topic="财政、金融、审计/财政"),
    _item("关于公开三公经费的通知", "省财政厅", "2012-07-01", topic="财政、金融、审计/财政"),
    _item("关于进一步深化县乡政务公开工作的意见", "省政府办公厅", "2012-03-01", genre="意见"),
    _item("哈尔滨市依申请公开办理规定", "哈尔滨市政府", "2012-04-01", genre="规定",
          disclosure="依申请公开"),
    _item("宾县2012年政务公开工作要点", "宾县政府", "2012-02-01", genre="工作要点"),
    _item("宾县低保对象名单公示", "宾县政府", "2012-10-10", genre="公告"),
    _item("黑龙江省人民政府2013年工作报告", "省政府", "2013-01-25", genre="报告"),
    _item("宾县2013年政务公开工作要点", "宾县政府", "2013-03-01", genre="工作要点"),
    _item("齐齐哈尔市政府信息公开指南", "齐齐哈尔市政府", "2013-05-05", genre="办事指南"),
]
# Stored but never counted: a 不予公开 item and one published after TODAY.
NOT_PUBLIC = [
    _item("关于内部人事安排的通知", "省财政厅", "2012-08-08", disclosure="不予公开",
          closed_reason="内部事务信息"),
    _item("关于2014年下半年工作安排的通知", "省政府办公厅", "2014-08-01"),
]
DRAFT = _item("关于2012年度财政决算公开的通知（草稿）", "省财政厅", "2012-09-01")

# Table 2 row (一), with the validity_changed date each repeal recorded.
#   规章 2012: issued 1 (B), repealed 0, in force 3 (A, B, C), the year before 2 (A, C): 3 = 2 + 1 − 0.
#   规章 2013: issued 0, repealed 1 (C, repealed the year after 2012), in force 2: 2 = 3 + 0 − 1.
#   行政规范性文件 2012: issued 2 (D, E), repealed 1 (D), in force 1 (F, 已修订), before 1 (F):
#   1 ≠ 1 + 2 − 1, broken by E, 失效 with no date recorded.
RULES = [
    (_item("黑龙江省政府信息公开规定（规章A）", "省政府", "2011-03-01", genre="规章"), None),
    (_item("黑龙江省政务服务管理办法（规章B）", "省政府", "2012-05-01", genre="规章"), None),
    (_item("黑龙江省档案管理规定（规章C）", "省政府", "2011-06-01", genre="规章", validity="废止"),
     "2013-02-01"),
    (_item("关于规范行政事业性收费的通知（规范性文件D）", "省财政厅", "2012-02-01", genre="规范性文件",
           validity="失效"), "2012-11-01"),
    (_item("关于政府采购管理的通知（规范性文件E）", "省财政厅", "2012-04-01", genre="规范性文件",
           validity="失效"), None),
    (_item("哈尔滨市行政执法规范（规范性文件F）", "哈尔滨市政府", "2010-01-05", genre="规范性文件",
           validity="已修订"), None),
]

# Art. 26: working days from written to publish date (calendar 2012: 春节 Jan 22-28 off,
# Jan 21 Sat and Jan 29 Sun worked).
#   省政府办公厅 2012: 7 days (on time), 21 days (late) → 50.0%; one without a written date.
#   省财政厅 2008: written in 2007, no calendar → unknown.
DEADLINES = [
    _item("春节前成文的通知", "省政府办公厅", "2012-02-03", written_date="2012-01-20"),
    _item("春节前成文但迟发的通知", "省政府办公厅", "2012-02-23", written_date="2012-01-20"),
    _item("没有成文日期的通知", "省政府办公厅", "2012-03-05"),
    _item("2007年底成文的通知", "省财政厅", "2008-01-10", written_date="2007-12-20"),
]


def put(store, raws, *, status="published", validity_changed=None):
    """Validate and store ``raws`` in one transaction, with ``status`` and a validity_changed date."""
    context = store.context()
    workflow = {"validity_changed": validity_changed} if validity_changed else None
    with store.transaction(actor="stats tests") as tx:
        return [tx.put(validate(raw, context), status=status, workflow=workflow) for raw in raws]


def put_counted(store):
    put(store, COUNTED)
    put(store, NOT_PUBLIC)
    put(store, [DRAFT], status="draft")


def put_rules(store):
    for raw, changed in RULES:
        put(store, [raw], validity_changed=changed)
