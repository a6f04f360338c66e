"""Hostile text in every place user-supplied text appears: pages, staff pages, errors, JSON, feeds, XML, CSV.

Each payload of tests/payloads.py is an item's title, summary, body text,
document number, keyword and attachment name; an issuing body of the
registry is named with one (and its short name becomes the index numbers'
prefix); a staff edit puts one in the audit trail. Then every page that
shows them is parsed (``html.parser``) and walked: no element the templates
do not have, no ``on…`` attribute, no ``javascript:`` link, no script but
the site's own file, and the payload shown as the very text it is.

Everything real: a SQLite store in tmp_path, the Whoosh index, the Bottle
app through WebTest, the real login.
"""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote

import feedparser
import pytest

from catalogue import accounts
from catalogue.formats import write_items
from payloads import HOSTILE_BODY, HOSTILE_SHORT, PAYLOADS, WORD, in_words
from search_fixtures import put_items
from staff_fixtures import PASSWORD
from staff_web_fixtures import login
from web.i18n import LANGS
from web.render import TEMPLATES
from web.script import in_script
from web_fixtures import client_for, make_home, open_app

HOSTILE_URL = 'https://www.hlj.gov.cn/zwgk/1.html?q="><script>alert(1)</script>'
HOSTILE_INDEX_NO = "11230000001/2013-<b>'\"&x"
# Elements the templates write; highlights add <mark>. Anything else came from a payload.
TEMPLATE_TAGS = frozenset(re.findall(r"<([a-z][a-z0-9]*)", "".join(
    p.read_text(encoding="utf-8") for p in Path(TEMPLATES).glob("*.tpl")))) | {"mark"}
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "xlink:href")


def raw_item(n, name, payload):
    raw = {"title": in_words(payload), "issuer": HOSTILE_BODY if n % 2 else "宾县人民政府",
           "publish_date": f"2013-05-{n + 1:02d}", "topic": "综合政务/政务公开", "genre": "通知",
           "doc_no": payload, "keywords": [payload], "summary": payload,
           "body": f"正文{in_words(payload)}说明。", "url": HOSTILE_URL,
           "attachments": [{"name": payload, "url": "https://www.hlj.gov.cn/files/1.pdf"}]}
    if name == "script":
        raw["index_no"] = HOSTILE_INDEX_NO
    return raw


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("hostile") / "home")
    with home.open_store() as store:
        with store.transaction(actor="tests") as tx:
            tx.add_body({"name": HOSTILE_BODY, "short": HOSTILE_SHORT, "parent": "宾县人民政府", "level": "县"})
        put_items(store, [raw_item(n, name, p) for n, (name, p) in enumerate(PAYLOADS.items())], actor="tests")
        accounts.add_user(store, "admin", PASSWORD, role="admin", body=None, actor="test")
    app = open_app(home, feed_size=50)      # every payload item in one feed
    yield app
    app.close()


@pytest.fixture(scope="module")
def items(app):
    """The payload items as stored: index number by payload name."""
    stored = {item["title"]: item for item in app.store.iter_items()}
    return {name: stored[in_words(payload)] for name, payload in PAYLOADS.items()}


@pytest.fixture(scope="module")
def staff(app, items):
    """The admin's logged-in client, after an edit that put a payload in the audit trail."""
    client = login(app, "admin")
    index_no = items["close_textarea"]["index_no"]
    form = client.get("/staff/items/" + quote(index_no) + "/edit").forms["item-form"]
    form["summary"] = PAYLOADS["close_textarea"] + "（已修改）"
    form["change_note"] = PAYLOADS["img_onerror"]
    submit(client, form, "save", status=303)
    return client


def submit(client, form, button, status):
    """``form`` posted with ``button``; WebTest's own submit cannot send a non-ASCII page address as Referer."""
    return client.post(form.action, form.submit_fields("action", submit_value=button), status=status)


# -- walking the DOM ------------------------------------------------------------------------

class Page(HTMLParser):
    """The elements of a page, its scripts' text and its text, as a browser's parser would see them."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.elements, self.script_text, self.text, self._in = [], [], [], None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))
        self._in = tag

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        (self.script_text if self._in == "script" else self.text).append(data)

    def handle_comment(self, data):
        self.elements.append(("!--", [("text", data)]))

    @property
    def all_text(self):
        return "".join(self.text)


def hostile_markup(html):
    """What in ``html`` a payload made: foreign elements, handlers, script links, inline scripts."""
    page = Page(html)
    found = []
    for tag, attrs in page.elements:
        if tag not in TEMPLATE_TAGS:
            found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("autofocus", "x", "srcdoc"):
                found.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith(("javascript:", "data:")):
                found.append(f"<{tag} {name}={value}>")
        if tag == "script" and not (dict(attrs).get("src") or "").split("?")[0].endswith("/static/site.js"):
            found.append(f"<script {attrs}>")
    if "".join(page.script_text).strip():
        found.append("inline script")
    return found


def shown(html, *texts):
    """Which of ``texts`` the page does not show as text."""
    text = Page(html).all_text
    return [t for t in texts if t not in text]


def safe(answer, *texts):
    """``answer`` holds no hostile markup and shows each of ``texts``; what is wrong, else []."""
    return hostile_markup(answer.text) + [f"not shown: {t!r}" for t in shown(answer.text, *texts)]


def at(index_no, tail=""):
    return "/items/" + quote(index_no) + tail


def test_the_site_script_is_the_only_script_the_walker_allows():
    # The check itself: the payloads, unescaped, are found.
    assert hostile_markup("<p>" + "".join(PAYLOADS.values()) + "</p>")
    assert hostile_markup('<a href=" JavaScript:alert(1)">x</a>') and hostile_markup("<p onclick=x>")


# -- public pages ----------------------------------------------------------------------------

def test_the_search_page_shows_every_hostile_title_as_text(app):
    answer = client_for(app).get("/search", {"q": WORD, "per_page": "100"})
    titles = [in_words(p) for p in PAYLOADS.values()]
    assert safe(answer, *titles) == []


@pytest.mark.parametrize("name", PAYLOADS)
def test_an_item_page_shows_each_field_of_a_hostile_item_as_text(app, items, name):
    item = items[name]
    answer = client_for(app).get(at(item["index_no"]))
    expected = [item["title"], item["summary"], item["doc_no"], HOSTILE_URL, *item["keywords"],
                item["attachments"][0]["name"]]
    assert safe(answer, *expected) == []
    # The page makes a paragraph of each line (U+2028 and U+2029 end one as \n does).
    assert re.sub(r"\s", "", item["body"]) in re.sub(r"\s", "", Page(answer.text).all_text)


def test_the_hostile_index_number_is_linked_and_shown_as_text(app, items):
    answer = client_for(app).get(at(HOSTILE_INDEX_NO))
    assert safe(answer, HOSTILE_INDEX_NO) == []
    assert client_for(app).get("/api/items/" + quote(HOSTILE_INDEX_NO)).json["item"]["index_no"] == HOSTILE_INDEX_NO


@pytest.mark.parametrize("lang", LANGS)
def test_a_hostile_body_name_is_text_in_the_facets_the_body_list_and_its_filter(app, lang):
    client = client_for(app)
    for path, params in (("/search", {"q": WORD}), ("/bodies", {}), ("/search", {"issuer": HOSTILE_BODY})):
        # Traditional pages show body names converted (OpenCC s2t) before escaping them.
        assert safe(client.get(path, dict(params, lang=lang)), in_script(lang, HOSTILE_BODY)) == [], path
    facets = client.get("/api/search", {"q": WORD}).json["facets"]["issuer"]
    assert HOSTILE_BODY in [f["value"] for f in facets]


def test_index_numbers_made_from_a_hostile_short_name_are_safe_links(app, items):
    generated = [i["index_no"] for i in items.values() if i["index_no"].startswith(HOSTILE_SHORT)]
    assert generated
    answer = client_for(app).get(at(generated[0]))
    assert safe(answer, generated[0]) == []


@pytest.mark.parametrize("name", ["script", "img_onerror", "attribute_double", "close_title", "comment"])
@pytest.mark.parametrize("path, param", [("/search", "page"), ("/search", "year"), ("/search", "issuer"),
                                         ("/search", "sort"), ("/search", "validity"), ("/feeds/atom", "topic")])
def test_an_error_page_echoing_a_bad_parameter_shows_it_as_text(app, name, path, param):
    payload = PAYLOADS[name]
    answer = client_for(app).get(path, {param: payload, "q": payload}, status=400)
    assert hostile_markup(answer.text) == []
    assert shown(answer.text, payload[:20]) == [] or param in ("page",)


@pytest.mark.parametrize("name", ["script", "img_onerror", "close_title"])
def test_a_missing_page_or_item_echoing_its_address_shows_it_as_text(app, name):
    client = client_for(app)
    for path in ("/items/" + quote(PAYLOADS[name]), "/nowhere/" + quote(PAYLOADS[name])):
        answer = client.get(path, status=404)
        assert hostile_markup(answer.text) == [] and "Traceback" not in answer.text


# -- JSON, highlights, feeds, XML, CSV --------------------------------------------------------

def test_the_json_api_keeps_every_hostile_text_exactly(app, items):
    client = client_for(app)
    for name, item in items.items():
        got = client.get("/api/items/" + quote(item["index_no"])).json["item"]
        assert (got["title"], got["summary"], got["doc_no"], got["body"]) == (
            item["title"], item["summary"], item["doc_no"], item["body"]), name


class Fragment(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def test_highlights_mark_the_words_and_escape_everything_else(app, items):
    hits = client_for(app).get("/api/search", {"q": WORD, "per_page": "100"}).json["items"]
    titles = {item["index_no"]: item["title"] for item in items.values()}
    checked = 0
    for hit in hits:
        if hit["index_no"] not in titles:
            continue
        fragment = Fragment(hit["highlights"]["title"])
        assert {(tag, tuple(attrs)) for tag, attrs in fragment.tags} <= {("mark", ())}, hit["title"]
        assert "".join(fragment.text) == titles[hit["index_no"]]
        snippet = Fragment(hit["highlights"]["snippet"])
        assert {tag for tag, _ in snippet.tags} <= {"mark"}
        checked += 1
    assert checked == len(items)


def test_the_atom_feed_parses_and_carries_each_title_as_text(app, items):
    body = client_for(app).get("/feeds/atom", {"q": WORD}).body
    ET.fromstring(body)
    feed = feedparser.parse(body)
    assert feed.bozo == 0
    titles = {entry.title for entry in feed.entries}
    missing = [item["title"] for item in items.values() if item["title"] not in titles]
    assert missing == []


@pytest.mark.parametrize("path", ["/sitemap.xml", "/opensearch.xml"])
def test_the_xml_documents_parse_with_hostile_index_numbers_and_bodies(app, path):
    root = ET.fromstring(client_for(app).get(path).body)
    if path == "/sitemap.xml":
        urls = [e.text for e in root.iter() if e.tag.endswith("loc")]
        assert any(unquote(url).endswith("/items/" + HOSTILE_INDEX_NO) for url in urls)


def test_the_csv_export_of_hostile_items_runs_no_formula_and_reads_back(app, items):
    out = io.StringIO(newline="")
    write_items(list(items.values()), out, "csv")
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'" + PAYLOADS["csv_formula"] in cells


def test_json_answers_are_valid_json_even_for_hostile_parameters(app):
    client = client_for(app)
    for payload in PAYLOADS.values():
        answer = client.get("/api/search", {"q": payload[:200], "sort": payload}, status=400)
        assert json.loads(answer.body.decode("utf-8"))["errors"][0]["field"] == "sort"
        assert answer.content_type == "application/json"


# -- staff pages ---------------------------------------------------------------------------------

def test_the_staff_list_and_review_queue_show_hostile_titles_as_text(app, staff):
    titles = [in_words(p) for p in PAYLOADS.values()]
    assert safe(staff.get("/staff/items", {"q": WORD, "per_page": "100"}), *titles[:10]) == []
    assert hostile_markup(staff.get("/staff/review").text) == []


@pytest.mark.parametrize("name", ["close_textarea", "attribute_double", "attribute_single", "script",
                                  "template_end"])
def test_the_staff_item_page_and_its_form_keep_hostile_text_as_text(app, items, staff, name):
    item = app.store.get(items[name]["index_no"])
    page = staff.get("/staff/items/" + quote(item["index_no"]))
    assert safe(page, item["title"], item["summary"]) == []
    edit = staff.get("/staff/items/" + quote(item["index_no"]) + "/edit")
    assert hostile_markup(edit.text) == []
    form = edit.forms["item-form"]
    assert (form["title"].value, form["summary"].value, form["doc_no"].value) == (
        item["title"], item["summary"], item["doc_no"])


def test_a_refused_form_shows_the_hostile_text_typed_back_as_text(app, staff):
    form = staff.get("/staff/items/new").forms["item-form"]
    form["title"] = PAYLOADS["close_textarea"]
    form["body"] = PAYLOADS["close_textarea"]
    form["publish_date"] = PAYLOADS["img_onerror"]
    answer = submit(staff, form, "draft", status=400)
    assert hostile_markup(answer.text) == []
    again = answer.forms["item-form"]
    assert (again["title"].value, again["body"].value) == (PAYLOADS["close_textarea"],) * 2


def test_the_audit_trail_shows_a_hostile_change_note_as_text(app, staff):
    answer = staff.get("/staff/audit")
    assert safe(answer, PAYLOADS["img_onerror"]) == []
