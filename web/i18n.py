"""Interface text in Simplified Chinese, Traditional Chinese and English.

Only the interface is translated. An item's own content (title, document
number, text) is shown exactly as stored, in every language; the
catalogue's controlled values (body names, topics, genres …) are shown in
the interface's script by ``web.script``. The Traditional text follows
mainland Traditional usage, the words of the Simplified text in Traditional
characters (政府信息公開目錄, not Taiwan's 政府資訊; 界面, 鏈接, 服務器),
as OpenCC's s2t writes them; it is written out here so that it can be read
and reviewed, and a test checks it against s2t.

An English text that counts (``{n}``, ``{total}``) may be a pair (one,
other): ``text`` picks "1 item" or "2 items".

What can go wrong: a key missing from ``TEXT`` raises ``KeyError`` at render
time; the tests render every page in every language to catch that.
"""

from catalogue.items import BY_NAME as FIELD_BY_NAME

from .i18n_hot import HOT_TEXT
from .i18n_search import SEARCH_TEXT
from .i18n_staff import STAFF_TEXT
from .i18n_stats import STATS_TEXT

LANGS = ("zh-Hans", "zh-Hant", "en")
DEFAULT_LANG = LANGS[0]
LANG_NAMES = {"zh-Hans": "简体中文", "zh-Hant": "繁體中文", "en": "English"}
COOKIE = "lang"

# key: (Simplified, Traditional, English); {names} are filled in by ``text``;
# an English (one, other) pair is chosen by the count (``COUNTS``).
TEXT = {
    "site_title": ("政府信息公开目录", "政府信息公開目錄", "Government Information Disclosure Catalogue"),
    "skip": ("跳到主要内容", "跳到主要內容", "Skip to main content"),
    "nav": ("网站导航", "網站導航", "Site navigation"),
    "nav_search": ("检索", "檢索", "Search"),
    "nav_bodies": ("发布机构", "發布機構", "Issuing bodies"),
    "nav_api": ("开放接口", "開放接口", "API"),
    "language": ("界面语言", "界面語言", "Interface language"),
    "search_label": ("检索词", "檢索詞", "Search terms"),
    "search_hint": ("可输入标题、发文字号、机构或正文中的词，简体繁体均可。",
                    "可輸入標題、發文字號、機構或正文中的詞，簡體繁體均可。",
                    "Words from the title, document number, issuer or text, in Simplified or "
                    "Traditional Chinese."),
    "search_button": ("检索", "檢索", "Search"),
    "sort_label": ("排序", "排序", "Sort by"),
    "sort_relevance": ("相关度", "相關度", "Relevance"),
    "sort_date": ("发布日期（最新在前）", "發布日期（最新在前）", "Date published (newest first)"),
    "sort_-date": ("发布日期（最早在前）", "發布日期（最早在前）", "Date published (oldest first)"),
    "filters": ("筛选", "篩選", "Filters"),
    "apply_filters": ("应用筛选", "應用篩選", "Apply filters"),
    "clear_filters": ("清除全部筛选", "清除全部篩選", "Clear all filters"),
    "active_filters": ("已选条件", "已選條件", "Active filters"),
    "remove_filter": ("去掉条件：{value}", "去掉條件：{value}", "Remove filter: {value}"),
    "facet_issuer": ("发布机构", "發布機構", "Issuing body"),
    "facet_year": ("年份", "年份", "Year"),
    "facet_topic": ("主题分类", "主題分類", "Topic"),
    "facet_genre": ("体裁", "體裁", "Genre"),
    "facet_validity": ("有效性", "有效性", "Validity"),
    "facet_disclosure": ("公开方式", "公開方式", "Disclosure"),
    "count_items": ("{n} 条", "{n} 條", ("{n} item", "{n} items")),
    "count_own": ("本级 {n} 条", "本級 {n} 條", "{n} of its own"),
    "results": ("检索结果", "檢索結果", "Results"),
    "latest": ("最新公开的信息", "最新公開的信息", "Latest items"),
    "result_count": ("共找到 {total} 条信息", "共找到 {total} 條信息",
                     ("{total} item found", "{total} items found")),
    "result_range": ("，当前显示第 {first}–{last} 条", "，當前顯示第 {first}–{last} 條",
                     ", showing {first}–{last}"),
    "result_single": ("，当前显示第 {first} 条", "，當前顯示第 {first} 條", ", showing number {first}"),
    "no_results": ("没有找到符合条件的信息。", "沒有找到符合條件的信息。", "No items match your search."),
    "no_results_hint": ("请换用更少或不同的词，或去掉一些筛选条件。",
                        "請換用更少或不同的詞，或去掉一些篩選條件。",
                        "Try fewer or different words, or remove some filters."),
    "only_body": ("只看 {name}发布的信息", "只看 {name}發布的信息", "Only items issued by {name}"),
    "did_you_mean": ("您是不是要找：", "您是不是要找：", "Did you mean:"),
    "pagination": ("分页", "分頁", "Pages"),
    "prev_page": ("上一页", "上一頁", "Previous page"),
    "next_page": ("下一页", "下一頁", "Next page"),
    "page_n": ("第 {n} 页", "第 {n} 頁", "Page {n}"),
    "feed_link": ("订阅此检索（Atom）", "訂閱此檢索（Atom）", "Follow this search (Atom feed)"),
    "json_link": ("此检索的 JSON 数据", "此檢索的 JSON 數據", "This search as JSON"),
    "details": ("基本信息", "基本信息", "Details"),
    "keywords": ("主题词", "主題詞", "Keywords"),
    "summary": ("内容概述", "內容概述", "Summary"),
    "body": ("正文", "正文", "Full text"),
    "attachments": ("附件", "附件", "Attachments"),
    "source_url": ("原文链接", "原文鏈接", "Original page"),
    "no_body": ("此信息没有收录正文。", "此信息沒有收錄正文。", "The catalogue holds no full text for this item."),
    "more_from_issuer": ("该机构公开的其他信息", "該機構公開的其他信息", "More from this issuing body"),
    "bodies_title": ("发布机构", "發布機構", "Issuing bodies"),
    "bodies_intro": ("各机构名称后是其公开的信息条数（含下级机构）；点击名称查看这些信息。",
                     "各機構名稱後是其公開的信息條數（含下級機構）；點擊名稱查看這些信息。",
                     "Each body shows how many items it and the bodies under it have published; "
                     "follow a name to see them."),
    "withdrawn_reason": ("撤回原因：", "撤回原因：", "Reason: "),
    "error_400": ("请求有误", "請求有誤", "Bad request"),
    "error_404": ("找不到此页面", "找不到此頁面", "Page not found"),
    "error_405": ("不支持此请求方法", "不支持此請求方法", "Method not allowed"),
    "error_410": ("此信息已撤回", "此信息已撤回", "This item has been withdrawn"),
    "error_500": ("服务器出错", "服務器出錯", "Server error"),
    # The one page answering 503: a search while the server prepares its index.
    "error_503": ("检索功能正在准备中", "檢索功能正在準備中", "The search is being prepared"),
    "error_other": ("请求未能完成", "請求未能完成", "The request could not be completed"),
    "back_to_search": ("返回检索", "返回檢索", "Back to search"),
    # The search widget for other sites (web/static/widget.js, README "Embedding the search").
    "widget_label": ("检索政府信息公开目录", "檢索政府信息公開目錄", "Search the disclosure catalogue"),
    "widget_suggestions": ("检索建议", "檢索建議", "Suggestions"),
    "widget_failed": ("检索暂时无法完成，请稍后再试。", "檢索暫時無法完成，請稍後再試。",
                      "The search could not be completed; please try again later."),
    "widget_page_of": ("第 {page} 页，共 {last} 页", "第 {page} 頁，共 {last} 頁", "Page {page} of {last}"),
    "widget_more": ("在目录中查看全部结果", "在目錄中查看全部結果", "See all results in the catalogue"),
    "widget_new_tab": ("（在新标签页打开）", "（在新標籤頁打開）", " (opens in a new tab)"),
    "widget_all": ("显示全部 {n} 项", "顯示全部 {n} 項", "Show all {n}"),
    "widget_fewer": ("收起", "收起", "Show fewer"),
    "widget_frame_title": ("政府信息公开目录检索", "政府信息公開目錄檢索", "Disclosure catalogue search"),
    "footer": ("本目录收录各机构主动公开的政府信息。", "本目錄收錄各機構主動公開的政府信息。",
               "This catalogue lists government information published by the issuing bodies."),
}
_COLUMN = {lang: i for i, lang in enumerate(LANGS)}
# The values that count, for choosing an English (one, other) pair.
COUNTS = ("n", "total")
_PARTS = (TEXT, STAFF_TEXT, STATS_TEXT, SEARCH_TEXT, HOT_TEXT)
_SHARED = {key for i, a in enumerate(_PARTS) for b in _PARTS[i + 1:] for key in a.keys() & b.keys()}
if _SHARED:
    raise KeyError(f"interface text keys defined twice: {sorted(_SHARED)}")
for _part in _PARTS[1:]:
    TEXT.update(_part)


def text(lang, key, **values):
    """The interface text ``key`` in ``lang`` with ``{names}`` filled in."""
    return fill(TEXT[key][_COLUMN.get(lang, 0)], values)


def fill(template, values):
    """``template`` (text, or an English (one, other) pair) with ``values`` filled in."""
    if isinstance(template, tuple):
        count = next((values[name] for name in COUNTS if name in values), None)
        template = template[0 if count == 1 else 1]
    return template.format(**values) if values else template


def column(lang):
    """The index of ``lang`` in the (Simplified, Traditional, English) tuples."""
    return _COLUMN.get(lang, 0)


def field_label(lang, name):
    """The label of an item field (索引号 …) in ``lang``."""
    field = FIELD_BY_NAME[name]
    return {"zh-Hans": field.label, "zh-Hant": field.label_hant, "en": field.label_en}[lang]


def pick_lang(asked, remembered, default):
    """The interface language: ``?lang=`` if valid, else the cookie, else the setting.

    Returns ``(lang, remember)``; ``remember`` is true when ``asked`` chose
    a language the cookie does not hold yet.
    """
    if asked in LANGS:
        return asked, asked != remembered
    if remembered in LANGS:
        return remembered, False
    return default, False
