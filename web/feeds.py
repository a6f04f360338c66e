"""Machine-readable documents: the Atom feed of any search, OpenSearch, the sitemap, robots.txt.

XML is built with ElementTree, so every title and name is escaped by the
serializer. Links are absolute (the ``base_url`` setting, else the request's
own address), as feed readers and crawlers need.

Characters XML 1.0 cannot hold (control characters in an item stored
before import refused them) are dropped from every text and attribute.

What can go wrong: bad search parameters in a feed URL answer 400 like the
search page; a sitemap page past the last one answers 404.
"""

import datetime as _dt
import re
import xml.etree.ElementTree as ET

from catalogue.clock import china_today
from catalogue.errors import NotFound
from catalogue.workflow import is_public

from .params import parse_search
from .public import run_search

ATOM_NS = "http://www.w3.org/2005/Atom"
OPENSEARCH_NS = "http://a9.com/-/spec/opensearch/1.1/"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Publish dates carry no time of day; the catalogue's bodies publish in China Standard Time.
CHINA_TIME = "+08:00"


# What XML 1.0 cannot hold (its Char production). Import refuses these, but
# items stored before that check, or written straight to the store, may
# still carry them; dropped here so one item never makes a document invalid.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text):
    """``text`` without the characters XML 1.0 does not allow."""
    return _NOT_XML.sub("", text)


def _xml(root):
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _sub(parent, tag, text=None, **attrs):
    element = ET.SubElement(parent, tag, {k.rstrip("_"): xml_safe(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_safe(str(text))
    return element


def _feed_title(app, lang, request):
    parts = [request.query] if request.query else []
    parts += [value for values in request.filters.values() for value in values]
    title = app.site_title(lang)
    return f"{title}: {' · '.join(parts)}" if parts else title


def atom(app):
    """The newest items matching the search in the URL, as an Atom 1.0 feed."""
    lang = app.settings.lang
    request = parse_search(app.query_pairs(), per_page_default=app.settings.feed_size)
    request.sort, request.page, request.per_page = "date", 1, app.settings.feed_size
    result = run_search(app, request)
    stored = {item["id"]: item for item in app.store.get_many([i["id"] for i in result["items"]])}
    pairs = request.url_params(sort=None, page=None, per_page=None)
    revision, at = app.store.last_change()

    feed = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: "zh"})
    _sub(feed, "id", app.absolute("/feeds/atom", pairs))
    _sub(feed, "title", _feed_title(app, lang, request))
    _sub(feed, "updated", at or "1970-01-01T00:00:00Z")
    _sub(feed, "link", rel="self", type="application/atom+xml", href=app.absolute("/feeds/atom", pairs))
    _sub(feed, "link", rel="alternate", type="text/html", href=app.absolute("/search", pairs))
    author = _sub(feed, "author")
    _sub(author, "name", app.site_title(lang))
    _sub(feed, "generator", "disclosure-catalogue")
    for hit in result["items"]:
        item = stored.get(hit["id"], hit)
        entry = _sub(feed, "entry")
        url = app.absolute(app.item_path(hit["index_no"]))
        _sub(entry, "id", url)
        _sub(entry, "title", hit["title"])
        _sub(entry, "link", rel="alternate", type="text/html", href=url)
        _sub(entry, "published", f"{hit['publish_date']}T00:00:00{CHINA_TIME}")
        _sub(entry, "updated", item.get("updated") or f"{hit['publish_date']}T00:00:00{CHINA_TIME}")
        entry_author = _sub(entry, "author")
        _sub(entry_author, "name", hit["issuer"])
        for term in (hit.get("topic"), hit.get("genre")):
            if term:
                _sub(entry, "category", term=term)
        summary = " ".join(x for x in (hit.get("doc_no"), item.get("summary")) if x)
        if summary:
            _sub(entry, "summary", summary)
    return _xml(feed)


def opensearch(app):
    """The OpenSearch description that lets a browser add the catalogue as a search engine."""
    lang = app.settings.lang
    root = ET.Element("OpenSearchDescription", {"xmlns": OPENSEARCH_NS})
    _sub(root, "ShortName", app.site_title(lang)[:16])
    _sub(root, "Description", app.site_title(lang))
    _sub(root, "InputEncoding", "UTF-8")
    _sub(root, "Language", "zh-CN")
    templates = (("text/html", "/search"), ("application/atom+xml", "/feeds/atom"),
                 ("application/json", "/api/search"))
    for content_type, path in templates:
        # {searchTerms} must reach the browser unescaped, so it is appended after quoting.
        _sub(root, "Url", type=content_type, method="get",
             template=app.absolute(path) + "?q={searchTerms}")
    _sub(root, "Url", type="application/opensearchdescription+xml", rel="self",
         template=app.absolute("/opensearch.xml"))
    return _xml(root)


def _date(timestamp):
    return (timestamp or "")[:10] or _dt.date.today().isoformat()


def sitemap(app):
    """Every public item page (a sitemap index of numbered files past the sitemap_size setting).

    Files are cut by position among the published items, and each lists
    those of its share that are public today (``catalogue.workflow.is_public``:
    not scheduled for later, not 不予公开), so a file may hold fewer than
    sitemap_size pages and the numbering stays put as items become due.
    """
    size = app.settings.sitemap_size
    total = app.store.count()
    if total > size:
        root = ET.Element("sitemapindex", {"xmlns": SITEMAP_NS})
        for number in range(1, (total + size - 1) // size + 1):
            entry = _sub(root, "sitemap")
            _sub(entry, "loc", app.absolute(f"/sitemaps/{number}.xml"))
        return _xml(root)
    return _urlset(app, 1, size, with_pages=True)


def sitemap_part(app, number):
    """One numbered file of a large sitemap; 404 past the last."""
    size = app.settings.sitemap_size
    total = app.store.count()
    if number < 1 or (number - 1) * size >= total or total <= size:
        raise NotFound(f"no sitemap file {number}")
    return _urlset(app, number, size)


def _urlset(app, number, size, with_pages=False):
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    if with_pages:
        for path in ("/", "/bodies"):
            _sub(_sub(root, "url"), "loc", app.absolute(path))
    skip = (number - 1) * size
    today = china_today()
    for position, item in enumerate(app.store.iter_items()):
        if position < skip:
            continue
        if position >= skip + size:
            break
        if not is_public(item, today):
            continue
        url = _sub(root, "url")
        _sub(url, "loc", app.absolute(app.item_path(item["index_no"])))
        _sub(url, "lastmod", _date(item.get("updated")))
    return _xml(root)


def robots(app):
    return f"User-agent: *\nAllow: /\nSitemap: {app.absolute('/sitemap.xml')}\n"


def add_routes(app):
    app.document("/feeds/atom", "application/atom+xml; charset=utf-8", atom)
    app.document("/opensearch.xml", "application/opensearchdescription+xml; charset=utf-8", opensearch)
    app.document("/sitemap.xml", "application/xml; charset=utf-8", sitemap)
    app.document("/sitemaps/<number:int>.xml", "application/xml; charset=utf-8", sitemap_part)
    app.document("/robots.txt", "text/plain; charset=utf-8", robots)
