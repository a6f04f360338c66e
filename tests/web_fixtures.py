"""A small real catalogue for the web tests: a home, a body tree and Chinese items, stored and indexed.

Imported by tests/test_web_*.py; everything is real (SQLite file, Whoosh
index in tmp_path), nothing is mocked.
"""

import pytest
import webtest

from catalogue.home import Home
# The search tests' home (with the body registry of registry_fixture.py), item loader and XSS title.
from search_fixtures import XSS_TITLE, put_items
from search_fixtures import make_home as make_search_home
from web.app import create_app
from web.settings import Config

ITEMS = [
    {"index_no": "11230000001/2011-00043", "title": "黑龙江省人民政府办公厅关于进一步深化全省县乡政务公开工作的意见",
     "issuer": "省政府办公厅", "doc_no": "黑政办发[2011]43号", "written_date": "2011-09-20",
     "publish_date": "2011-09-28", "topic": "综合政务/政务公开", "genre": "意见",
     "keywords": ["县乡政务公开", "五级联动"],
     "summary": "形成政务公开工作省、市、县、乡、村五级联动机制。",
     "body": "为了将政务公开工作向基层延伸，扩大公开范围。\n各地要全面梳理细化县乡政务公开内容。",
     "attachments": [{"name": "县乡政务公开目录.xls", "url": "https://www.hlj.gov.cn/files/mulu.xls"}],
     "url": "https://www.hlj.gov.cn/zwgk/2011/43.html"},
    {"title": "2012年全省政府信息公开工作要点", "issuer": "省政府", "publish_date": "2012-02-27",
     "topic": "综合政务/政务公开", "genre": "工作要点", "summary": "明确全省推进政府信息公开工作的主要目标。",
     "body": "把推进政府信息公开作为重点。"},
    {"title": "黑龙江省财政厅关于2012年省级预算公开的通知", "issuer": "黑龙江省财政厅", "doc_no": "黑财预〔2012〕15号",
     "publish_date": "2012-05-10", "topic": "财政、金融、审计/财政", "genre": "通知",
     "body": "省级部门预算和三公经费预算向社会公开。"},
    {"title": "哈尔滨市人民政府关于公布行政审批事项目录的决定", "issuer": "哈尔滨市政府", "doc_no": "哈政发〔2012〕3号",
     "publish_date": "2012-08-01", "topic": "综合政务/行政审批", "genre": "决定", "validity": "失效",
     "body": "公布市本级保留的行政审批事项。"},
    {"title": "宾县2013年政府信息公开工作年度报告", "issuer": "宾县政府", "publish_date": "2013-03-28",
     "topic": "综合政务/政务公开", "genre": "年度报告", "disclosure": "主动公开",
     "body": "宾县全年主动公开政府信息一千二百条。"},
    {"title": "齐齐哈尔市依申请公开政府信息办理规定", "issuer": "齐齐哈尔市政府", "publish_date": "2010-06-15",
     "topic": "综合政务/政务公开", "genre": "规定", "disclosure": "依申请公开",
     "body": "申请人可以通过信函、传真和网络提出申请。"},
    {"title": XSS_TITLE, "issuer": "省政府办公厅", "publish_date": "2012-11-05", "topic": "综合政务/政务公开",
     "genre": "通知", "summary": "<b>不是粗体</b> & 也不是实体", "body": "<img src=x onerror=alert(2)>正文。"},
    {"index_no": "11230000001/2012-00099", "title": "关于已撤回信息的测试通知", "issuer": "省政府",
     "publish_date": "2012-12-01", "topic": "综合政务/政务公开", "genre": "通知", "body": "此条将被撤回。"},
]
WITHDRAWN = "11230000001/2012-00099"
WITHDRAWN_REASON = "内容已被新文件替代"
KNOWN = "11230000001/2011-00043"


def make_home(path):
    """An initialised home at ``path`` holding ``ITEMS`` (one withdrawn)."""
    home = make_search_home(path)
    with home.open_store() as store:
        put_items(store, ITEMS, actor="web tests")
        with store.transaction(actor="web tests") as tx:
            tx.withdraw(WITHDRAWN, reason=WITHDRAWN_REASON)
    return home


def make_demo_home(path):
    """A home holding the shipped demo items (data/demo)."""
    home = Home(path)
    home.load_demo(progress=False)
    return home


def open_app(home, **settings):
    return create_app(Config(home=home.path, **settings))


def client_for(app):
    return webtest.TestApp(app)


def app_fixture(build_home=make_home, scope="module"):
    """A pytest fixture: the real app on a fresh home from ``build_home``, closed afterwards.

    Module scope shares one app (and one index build) between read-only tests.
    """
    @pytest.fixture(scope=scope)
    def app(tmp_path_factory):
        app = open_app(build_home(tmp_path_factory.mktemp("web") / "home"))
        yield app
        app.close()
    return app


@pytest.fixture
def client(app):
    """A WebTest client of the module's ``app`` with its own cookies."""
    return client_for(app)
