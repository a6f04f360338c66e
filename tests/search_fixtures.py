"""A small real catalogue for the index and search tests: a body tree and Chinese items.

Imported by tests/test_index_*.py and tests/test_search*.py. Everything is
real: a SQLite store and a Whoosh index in a temporary folder.
"""

from contextlib import contextmanager
from pathlib import Path

from catalogue.home import Home
from catalogue.items import validate
from index import open_index
from registry_fixture import write_bodies

XSS_TITLE = "<script>alert(1)</script>关于公开信息的通知"
INDEX_NO = "11230000001/2012-00009"
ADJACENT = "全省电子政务平台建设情况通报"       # body has 信息公开 as adjacent words
APART = "全省电子政务建设进展报告"              # body has 信息 … 公开 apart

ITEMS = [
    {"title": "黑龙江省人民政府办公厅关于进一步深化全省县乡政务公开工作的意见",
     "issuer": "省政府办公厅", "doc_no": "黑政办发[2011]43号", "publish_date": "2011-09-28",
     "topic": "综合政务/政务公开", "genre": "意见", "keywords": ["县乡政务公开", "五级联动"],
     "summary": "形成政务公开工作省、市、县、乡、村五级联动机制。",
     "body": "为了将政务公开工作向基层延伸，扩大公开范围。各地要全面梳理细化县乡政务公开内容。"},
    {"title": "2012年全省政府信息公开工作要点", "issuer": "省政府", "doc_no": "黑政办发〔2012〕9号",
     "publish_date": "2012-02-27", "topic": "综合政务/政务公开", "genre": "工作要点",
     "body": "把推进政府信息公开作为重点，完善主动公开目录。"},
    {"title": "关于做好政府信息依申请公开工作的通知", "issuer": "省政府办公厅",
     "doc_no": "黑政办发〔2012〕12号", "publish_date": "2012-03-28", "topic": "综合政务/政务公开",
     "genre": "通知", "body": "各地要规范依申请公开的受理、审查和答复程序。"},
    {"title": "黑龍江省財政廳關於2012年省級預算公開的通知", "issuer": "省财政厅",
     "doc_no": "黑财预〔2012〕15号", "publish_date": "2012-05-10", "topic": "财政、金融、审计/财政",
     "genre": "通知", "body": "省級部門預算和三公經費預算向社會公開。"},
    {"title": "哈尔滨市人民政府关于公布行政审批事项目录的决定", "issuer": "哈尔滨市政府",
     "doc_no": "哈政发〔2012〕3号", "publish_date": "2012-08-01", "topic": "综合政务/行政审批",
     "genre": "决定", "validity": "失效", "body": "公布市本级保留的行政审批事项。"},
    {"title": "宾县2013年政府信息公开工作年度报告", "issuer": "宾县政府", "publish_date": "2013-03-28",
     "topic": "综合政务/政务公开", "genre": "年度报告", "body": "宾县全年主动公开政府信息一千二百条。"},
    {"title": "齐齐哈尔市依申请公开政府信息办理规定", "issuer": "齐齐哈尔市政府",
     "publish_date": "2010-06-15", "topic": "综合政务/政务公开", "genre": "规定",
     "disclosure": "依申请公开", "body": "申请人可以通过信函、传真和网络提出申请。"},
    {"title": "关于提高城乡最低生活保障标准的通知", "issuer": "省民政厅", "doc_no": "黑民发〔2013〕7号",
     "publish_date": "2013-06-01", "topic": "民政、扶贫、救灾/社会福利", "genre": "通知",
     "body": "自七月起提高城乡最低生活保障标准，确保困难群众基本生活。"},
    {"title": "宾县低保对象名单公示", "issuer": "宾县政府", "publish_date": "2014-01-10",
     "topic": "民政、扶贫、救灾/社会福利", "genre": "公告", "body": "现将本年度低保对象名单予以公示。"},
    {"title": "關於做好政務公開工作的通知", "issuer": "省政府办公厅", "publish_date": "2014-03-01",
     "topic": "综合政务/政务公开", "genre": "通知", "body": "各單位要把政務公開列入重要議事日程。"},
    {"title": XSS_TITLE, "issuer": "省政府办公厅", "publish_date": "2012-11-05",
     "topic": "综合政务/政务公开", "genre": "通知", "summary": "<b>不是粗体</b> & 也不是实体",
     "body": "<img src=x onerror=alert(2)>正文说明公开信息的要求。"},
    {"title": ADJACENT, "issuer": "省政府办公厅", "publish_date": "2013-09-09",
     "topic": "综合政务/电子政务", "genre": "通报", "body": "各地加快推进信息公开平台建设。"},
    {"title": APART, "issuer": "省政府办公厅", "publish_date": "2013-09-10",
     "topic": "综合政务/电子政务", "genre": "报告", "body": "信息化建设成果已经向社会公开。"},
    {"index_no": INDEX_NO, "title": "黑龙江省住房和城乡建设厅关于保障性安居工程建设的通知",
     "issuer": "省住房城乡建设厅", "publish_date": "2012-04-20", "topic": "城乡建设、环境保护/住房保障",
     "genre": "通知", "body": "各地要加快保障性安居工程建设进度。"},
    {"title": "关于2013年春节期间值班安排的通知", "issuer": "哈尔滨市政府", "publish_date": "2013-02-01",
     "topic": "综合政务/其他", "genre": "通知", "body": "春节期间各单位要安排专人值班。"},
    {"title": "宾县人民政府关于印发农村饮水安全工程实施方案的通知", "issuer": "宾县政府",
     "doc_no": "宾政发〔2012〕21号", "publish_date": "2012-06-18", "topic": "农业、林业、水利/水利",
     "genre": "通知", "body": "确保农村饮水安全工程按期完工。"},
    {"title": "齐齐哈尔市2011年国民经济和社会发展统计公报", "issuer": "齐齐哈尔市政府",
     "publish_date": "2012-03-15", "topic": "国民经济管理、国有资产监管/统计", "genre": "公报",
     "body": "全市地区生产总值比上年增长。"},
    {"title": "关于开展安全生产大检查的通知", "issuer": "省政府", "doc_no": "黑政明传〔2013〕5号",
     "publish_date": "2013-06-20", "topic": "市场监管、安全生产监管/安全生产监管", "genre": "通知",
     "body": "各地要立即开展安全生产大检查。"},
]


def make_home(path):
    """An initialised home at ``path`` holding the fixture bodies and no items."""
    path = Path(path)
    home = Home(path)
    home.init(bodies=write_bodies(path.parent / f"{path.name}-bodies.yaml"))
    return home


def put_items(store, raws, actor="search tests"):
    """Validate and store ``raws`` in one transaction; returns the stored items."""
    context = store.context()
    with store.transaction(actor=actor) as tx:
        return [tx.put(validate(raw, context)) for raw in raws]


def open_test_index(home, store):
    """The index of ``home`` (built from ``store`` on first open)."""
    return open_index(home.index_dir, store)


@contextmanager
def indexed(folder, raws):
    """The open index of a fresh catalogue in ``folder`` holding ``raws`` (stored, then indexed)."""
    home = make_home(Path(folder) / "home")
    with home.open_store() as store:
        put_items(store, raws)
        with open_test_index(home, store) as index:
            yield index


def ids(result):
    return [item["id"] for item in result["items"]]


def titles(result):
    return [item["title"] for item in result["items"]]
