"""Error messages a visitor reads: in the page's language, said once, with what to do next; codes in the JSON."""

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from catalogue.errors import PROBLEM_CODES, BadValue, Problem
from index.params import FILTERS
from web import messages
from web.i18n import LANGS
from web_fixtures import WITHDRAWN, WITHDRAWN_REASON, app_fixture, client

app = app_fixture()

LATIN_WORD = re.compile(r"[A-Za-z]+")
HAN = re.compile(r"[\u4e00-\u9fff]")
REPO = Path(__file__).resolve().parent.parent

# Every kind of error page a visitor can reach: (path, query, status).
ERROR_PAGES = [
    ("/search", {"page": "-1"}, 400),
    ("/search", {"q": "公开", "per_page": "1000"}, 400),
    ("/search", {"sort": "bad"}, 400),
    ("/search", {"year": "abc"}, 400),
    ("/search", {"issuer": "火星探测局"}, 400),
    ("/search", {"page": "abc", "sort": "title"}, 400),
    ("/items/does-not-exist", {}, 404),
    ("/no-such-page", {}, 404),
    (f"/items/{WITHDRAWN}", {}, 410),
]
PAGE_IDS = [f"{path}?{'&'.join(f'{k}={v}' for k, v in query.items())}" for path, query, _ in ERROR_PAGES]


def visible_text(page):
    """The text a visitor reads in the page body, without the language menu (named in each language)."""
    body = page.html.body
    for menu in body.select("nav.langs"):
        menu.decompose()
    return body.get_text(" ", strip=True)


def typed_words(path, query):
    """The Latin words the visitor typed (the path and the values), which the page may quote back."""
    return {w.lower() for text in [path, *query.values()] for w in LATIN_WORD.findall(text)}


def said(page):
    """The sentences saying what is wrong."""
    return [p.get_text(" ", strip=True) for p in page.html.select("main .problem, main .problems li")]


# -- the pages ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
@pytest.mark.parametrize("path, query, status", ERROR_PAGES, ids=PAGE_IDS)
def test_chinese_error_pages_show_no_english_word(client, lang, path, query, status):
    page = client.get(path, dict(query, lang=lang), status=status)
    english = {w for w in LATIN_WORD.findall(visible_text(page)) if w.lower() not in typed_words(path, query)}
    assert english == set()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path, query, status", ERROR_PAGES, ids=PAGE_IDS)
def test_each_problem_is_said_once(client, lang, path, query, status):
    page = client.get(path, dict(query, lang=lang), status=status)
    text = visible_text(page)
    assert said(page) and all(text.count(sentence) == 1 for sentence in said(page))


@pytest.mark.parametrize("path, query, status", ERROR_PAGES, ids=PAGE_IDS)
def test_english_error_pages_say_it_in_english(client, path, query, status):
    sentences = said(client.get(path, dict(query, lang="en"), status=status))
    typed = "".join(query.values()) + WITHDRAWN_REASON
    assert all(LATIN_WORD.search(s) and not set(HAN.findall(s)) - set(typed) for s in sentences)


def test_page_minus_one_says_pages_start_at_one(client):
    assert said(client.get("/search", {"page": "-1"}, status=400)) == ["页码从 1 开始，没有第 -1 页。请从第 1 页看起。"]


def test_page_minus_one_in_traditional_says_pages_start_at_one(client):
    assert said(client.get("/search", {"page": "-1", "lang": "zh-Hant"}, status=400)) == [
        "頁碼從 1 開始，沒有第 -1 頁。請從第 1 頁看起。"]


def test_a_bad_sort_lists_the_sort_orders_by_the_menus_names(client):
    [sentence] = said(client.get("/search", {"sort": "bad"}, status=400))
    assert sentence == "排序方式没有“bad”这一项。可选的有：相关度、发布日期（最新在前）、发布日期（最早在前）。"


def test_two_bad_parameters_are_each_said_once(client):
    sentences = said(client.get("/search", {"page": "abc", "sort": "title"}, status=400))
    assert len(sentences) == 2 and "页码" in sentences[0] and "排序方式" in sentences[1]


def test_a_bad_parameter_offers_the_same_search_without_it(client):
    page = client.get("/search", {"q": "公开", "per_page": "1000"}, status=400)
    retry = page.html.select("main .next a")[0]["href"]
    assert parse_qsl(urlsplit(retry).query) == [("q", "公开")] and client.get(retry).status_int == 200


def test_an_unknown_issuer_links_to_the_list_of_bodies(client):
    page = client.get("/search", {"issuer": "火星探测局"}, status=400)
    assert "/bodies" in [a["href"] for a in page.html.select("main .next a")]


def test_every_error_page_links_back_to_the_search(client):
    last_links = [client.get(path, query, status=status).html.select("main .next a")[-1]["href"]
                  for path, query, status in ERROR_PAGES]
    assert set(last_links) == {"/search"}


def test_unknown_item_says_no_item_has_that_index_number(client):
    assert said(client.get("/items/does-not-exist", status=404)) == [
        "目录中没有索引号为“does-not-exist”的信息。请核对索引号，或用检索查找这条信息。"]


def test_withdrawn_item_gives_its_reason_once(client):
    text = visible_text(client.get(f"/items/{WITHDRAWN}", {"lang": "zh-Hant"}, status=410))
    assert "已由發布機構撤回" in text and text.count(WITHDRAWN_REASON) == 1


def test_post_to_a_page_is_explained_in_chinese(client):
    assert said(client.post("/search", status=405)) == ["这个页面只能浏览，不能向它提交数据。请回到检索页。"]


# -- the JSON API keeps English messages and adds codes -----------------------------------

def problems_of(answer):
    return [(p["field"], p["code"]) for p in answer.json["errors"]]


def test_api_says_minus_one_is_below_the_minimum(client):
    answer = client.get("/api/search", {"page": "-1"}, status=400)
    assert answer.json["error"] == "page: must be at least 1, not -1" and problems_of(answer) == [("page", "too_small")]


@pytest.mark.parametrize("query, expected", [
    ({"page": "abc"}, [("page", "not_a_number")]),
    ({"per_page": "1000"}, [("per_page", "too_large")]),
    ({"sort": "bad"}, [("sort", "not_a_choice")]),
    ({"year": "abc"}, [("year", "not_a_year")]),
    ({"q": "公" * 201}, [("q", "too_long")]),
    ({"issuer": "火星探测局"}, [("issuer", "unknown_body")]),
    ({"topic": "火星"}, [("topic", "unknown_topic")]),
    ({"genre": "诗歌"}, [("genre", "unknown_genre")]),
    ([("sort", "date"), ("sort", "-date")], [("sort", "repeated")]),
])
def test_api_problems_carry_their_field_and_code(client, query, expected):
    assert problems_of(client.get("/api/search", query, status=400)) == expected


def test_api_unknown_item_has_the_not_found_code(client):
    assert problems_of(client.get("/api/items/does-not-exist", status=404)) == [("index_no", "not_found")]


def test_api_withdrawn_item_has_the_withdrawn_code(client):
    assert problems_of(client.get(f"/api/items/{WITHDRAWN}", status=410)) == [("index_no", "withdrawn")]


def test_api_unknown_path_has_the_no_such_page_code(client):
    answer = client.get("/api/nowhere", status=404)
    assert answer.json["error"] == "no such page: /api/nowhere" and problems_of(answer) == [(None, "no_such_page")]


def test_api_query_string_that_is_not_utf8_has_its_code(client):
    assert problems_of(client.get("/api/search?q=%C4%E3", status=400)) == [(None, "not_utf8")]


# -- every code has its wording ------------------------------------------------------------

SAMPLE_PARAMS = {"value": "x", "min": 1, "max": 100, "choices": ["有效", "失效"], "length": 201,
                 "path": "/x", "method": "POST", "reason": "过期", "character": "U+0007", "position": 3,
                 "count": 21, "state": "building", "percent": 40,
                 "end": "2011-12-31"}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("code", sorted(PROBLEM_CODES))
def test_every_problem_code_is_worded_in_every_language(code, lang):
    params = {name: SAMPLE_PARAMS[name] for name in PROBLEM_CODES[code]}
    if code == "not_a_filter":
        params["choices"] = list(FILTERS)
    sentence = messages.describe(lang, Problem("validity", "english", code=code, params=params))
    latin = {w for w in LATIN_WORD.findall(sentence) if w not in ("x", "POST", "U")}
    assert sentence.strip() and "{" not in sentence and (latin if lang == "en" else not latin)


def test_wording_covers_exactly_the_problem_codes():
    worded = set(messages.WORDING) | {code for code, _field in messages.FIELD_WORDING}
    assert worded == set(PROBLEM_CODES)


def test_every_code_written_in_the_source_is_a_known_code():
    written = set()
    for folder in ("catalogue", "index", "web"):
        for path in (REPO / folder).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            written |= set(re.findall(r'\bcode="(\w+)"', source))
            written |= set(re.findall(r'BadValue\(\s*"(\w+)"', source))
    assert written and written - set(PROBLEM_CODES) == set()


def test_a_problem_with_an_unknown_code_is_refused():
    with pytest.raises(ValueError, match="no_such_code"):
        Problem("page", "wrong", code="no_such_code")


def test_a_problem_placed_in_a_file_keeps_its_code_and_params():
    problem = BadValue("too_small", "must be at least 1, not 0", value="0", min=1, max=9).problem("page")
    placed = problem.located("a.csv", 3)
    assert (placed.code, placed.params, placed.to_dict()["code"]) == ("too_small", problem.params, "too_small")
