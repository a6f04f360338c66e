"""Searching a real index built from Chinese fixtures: matching, ranking, filters, facets, pages."""

import pytest

from catalogue.errors import ValidationError
from index.fold import fold
from search_fixtures import (ADJACENT, APART, INDEX_NO, ITEMS, XSS_TITLE, ids, indexed, make_home,
                             open_test_index, put_items, titles)

RESULT_KEYS = {"ok", "query", "total", "page", "per_page", "items", "facets", "suggestion", "bodies"}
ITEM_KEYS = {"id", "index_no", "title", "issuer", "doc_no", "publish_date", "year", "topic", "genre",
             "validity", "highlights"}


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("search") / "home")
    with home.open_store() as store:
        stored = put_items(store, ITEMS)
        with open_test_index(home, store) as idx:
            yield store, idx, stored


@pytest.fixture(scope="module")
def store(catalogue):
    return catalogue[0]


@pytest.fixture(scope="module")
def idx(catalogue):
    return catalogue[1]


@pytest.fixture(scope="module")
def stored(catalogue):
    return catalogue[2]


def by_title(stored, title):
    return next(item for item in stored if item["title"] == title)


# -- matching ------------------------------------------------------------------------

def test_result_has_the_documented_shape(idx):
    result = idx.search("通知")
    assert set(result) == RESULT_KEYS
    assert result["ok"] is True and result["page"] == 1 and result["per_page"] == 10
    assert all(set(item) == ITEM_KEYS for item in result["items"])
    assert set(result["facets"]) == {"issuer", "year", "topic", "genre"}


def test_words_are_anded(idx):
    assert titles(idx.search("春节 值班")) == ["关于2013年春节期间值班安排的通知"]
    assert idx.search("春节 预算")["total"] == 0


def test_quoted_phrase_matches_only_adjacent_words(idx):
    assert titles(idx.search('"信息公开" 电子政务')) == [ADJACENT]


def test_unquoted_compound_matches_adjacent_words_only(idx):
    # 信息公开 typed as one token is cut into 信息 + 公开 and must stay a phrase.
    assert APART not in titles(idx.search("信息公开 电子政务"))
    assert ADJACENT in titles(idx.search("信息公开 电子政务"))


def test_long_unspaced_run_finds_an_item_holding_all_its_words(idx):
    # 深化 县乡 政务公开 are all in the title, but not in this order or adjacent.
    assert titles(idx.search("深化县乡政务公开")) == [
        "黑龙江省人民政府办公厅关于进一步深化全省县乡政务公开工作的意见"]


def test_separate_words_match_anywhere_in_the_item(idx):
    assert set(titles(idx.search("信息 公开 电子政务"))) == {ADJACENT, APART}


def test_traditional_query_finds_simplified_item(idx):
    assert "黑龙江省人民政府办公厅关于进一步深化全省县乡政务公开工作的意见" in titles(idx.search("縣鄉政務公開"))


def test_simplified_query_finds_traditional_item(idx):
    assert titles(idx.search("省级预算公开")) == ["黑龍江省財政廳關於2012年省級預算公開的通知"]


@pytest.mark.parametrize("spelling", ["黑政办发〔2011〕43号", "黑政办发[2011]43号", "黑政办发(2011)43",
                                      "黑政办发（２０１１）４３号", "黑政办发【2011】43", "黑政辦發〔2011〕43號"])
def test_doc_number_in_any_spelling_finds_the_item_first(idx, spelling):
    result = idx.search(spelling)
    assert result["items"][0]["doc_no"] == "黑政办发〔2011〕43号"


def test_doc_number_with_spaces_inside_finds_the_item(idx):
    assert idx.search("黑政办发 〔2011〕 43号")["items"][0]["doc_no"] == "黑政办发〔2011〕43号"


def test_doc_number_stem_lists_that_prefix_and_year(idx):
    result = idx.search("黑政办发〔2012〕")
    assert {i["doc_no"] for i in result["items"][:2]} == {"黑政办发〔2012〕9号", "黑政办发〔2012〕12号"}


def test_doc_no_clause_matches_the_doc_number_field_only(idx):
    assert [i["doc_no"] for i in idx.search("doc_no:黑财预[2012]15")["items"]] == ["黑财预〔2012〕15号"]


def test_index_number_query_returns_that_item_first(idx):
    result = idx.search(INDEX_NO)
    assert result["items"][0]["index_no"] == INDEX_NO


@pytest.mark.parametrize("fragment", ["人民政府办公厅关于进一", "务公开工", "省財政廳關", "值班安排的通", "国民经济和社"])
def test_verbatim_title_fragment_finds_its_item(idx, fragment):
    folded = fold(fragment)
    assert any(folded in fold(t) for t in titles(idx.search(fragment)))


def test_synonym_finds_the_item_that_uses_the_other_term(idx):
    assert "关于提高城乡最低生活保障标准的通知" in titles(idx.search("低保"))
    assert "黑龙江省住房和城乡建设厅关于保障性安居工程建设的通知" in titles(idx.search("住建厅"))


def test_minus_word_excludes_items(idx):
    found = titles(idx.search("通知 -财政"))
    assert found and not any("財政" in t or "财政" in t for t in found)


def test_or_finds_either_word(idx):
    assert set(titles(idx.search("春节 OR 饮水"))) == {
        "关于2013年春节期间值班安排的通知", "宾县人民政府关于印发农村饮水安全工程实施方案的通知"}


def test_title_clause_ignores_matches_in_the_body(idx):
    assert idx.search("title:基层")["total"] == 0
    assert idx.search("基层")["total"] == 1


def test_issuer_clause_includes_bodies_below(idx):
    assert set(i["issuer"] for i in idx.search("issuer:哈尔滨市政府")["items"]) == {
        "哈尔滨市人民政府", "宾县人民政府"}


def test_year_clause_takes_a_range(idx):
    years = {i["year"] for i in idx.search("year:2010..2011", per_page=100)["items"]}
    assert years == {2010, 2011}


@pytest.mark.parametrize("query", ['"信息公开', "OR", "通知 OR", "OR OR 通知", ":", "title:", "a:b:c ::",
                                   "-", "--通知", "year:abc", "year:3000", "issuer:", '""', "（", "\\", "*?"])
def test_malformed_query_never_errors(idx, query):
    result = idx.search(query)
    assert result["ok"] is True and result["total"] >= 0


def test_unbalanced_quote_falls_back_to_plain_words(idx):
    assert idx.search('"春节 值班')["total"] == idx.search("春节 值班")["total"] == 1


def test_title_match_ranks_above_body_match(idx):
    found = titles(idx.search("值班"))
    assert found[0] == "关于2013年春节期间值班安排的通知"


# -- filters and facets -------------------------------------------------------------

def test_issuer_filter_includes_descendant_bodies(idx):
    result = idx.search("", {"issuer": ["哈尔滨市政府"]}, per_page=100)
    assert {i["issuer"] for i in result["items"]} == {"哈尔滨市人民政府", "宾县人民政府"}


def test_several_issuers_are_ored(idx):
    result = idx.search("", {"issuer": ["宾县政府", "齐齐哈尔市人民政府"]}, per_page=100)
    assert {i["issuer"] for i in result["items"]} == {"宾县人民政府", "齐齐哈尔市人民政府"}


def test_first_level_topic_filter_includes_its_second_levels(idx):
    result = idx.search("", {"topic": ["民政、扶贫、救灾"]})
    assert result["total"] == 2


def test_empty_query_with_filters_lists_items_newest_first(idx):
    result = idx.search("", {"year": [2012]}, per_page=100)
    dates = [i["publish_date"] for i in result["items"]]
    assert dates == sorted(dates, reverse=True) and all(d.startswith("2012") for d in dates)


def _expected(stored, text, filters, tree):
    """Items of ``stored`` matching folded ``text`` and ``filters``, computed without the index."""
    def keep(item, name, wanted):
        if name == "issuer":
            return any(item["issuer"] in tree.with_descendants(tree.resolve(w)) for w in wanted)
        if name == "year":
            return any(y[0] <= item["year"] <= y[1] if isinstance(y, tuple) else item["year"] == y
                       for y in wanted)
        if name == "topic":
            return any(item["topic"] == w or item["topic"].startswith(w + "/") for w in wanted)
        return item[name] in wanted

    def matches(item):
        folded = fold(" ".join([item["title"], item["summary"] or "", item["body"] or "",
                                         " ".join(item["keywords"])]))
        return all(word in folded for word in text.split())

    return [item for item in stored if matches(item)
            and all(keep(item, name, wanted) for name, wanted in filters.items())]


COMBINATIONS = [
    ("", {}),
    ("", {"issuer": ["省政府办公厅"]}),
    ("", {"issuer": ["哈尔滨市政府"]}),
    ("", {"year": [2012]}),
    ("", {"year": [(2012, 2013)], "genre": ["通知"]}),
    ("通知", {}),
    ("通知", {"issuer": ["省政府"], "year": [2013]}),
    ("通知", {"topic": ["综合政务"]}),
    ("公开", {"genre": ["通知", "意见"]}),
    ("公开", {"issuer": ["宾县政府", "齐齐哈尔市政府"], "year": [2010, 2013]}),
    ("公开", {"validity": ["有效"], "disclosure": ["主动公开"]}),
    ("政务公开", {"topic": ["综合政务/政务公开"], "year": [(2011, 2014)]}),
    ("宾县", {"genre": ["公告"], "issuer": ["哈尔滨市政府"]}),
]


@pytest.mark.parametrize("text,filters", COMBINATIONS)
def test_facet_counts_equal_counts_computed_from_the_fixtures(idx, store, stored, text, filters):
    from index.bodies import BodyTree
    tree = BodyTree(store.bodies())
    result = idx.search(text, filters, per_page=100)
    assert result["total"] == len(_expected(stored, text, filters, tree))
    for facet, field in (("issuer", "issuer"), ("year", "year"), ("topic", "topic"), ("genre", "genre")):
        others = {k: v for k, v in filters.items() if k != facet}
        counts = {}
        for item in _expected(stored, text, others, tree):
            if item[field]:
                counts[item[field]] = counts.get(item[field], 0) + 1
        assert {e["value"]: e["count"] for e in result["facets"][facet]} == counts, facet


def test_issuer_facet_counts_each_item_under_its_own_issuer(idx):
    counts = {e["value"]: e["count"] for e in idx.search("")["facets"]["issuer"]}
    assert sum(counts.values()) == len(ITEMS)
    assert counts["黑龙江省人民政府"] == 2


@pytest.mark.parametrize("filters,field", [
    ({"issuer": ["没有这个机构"]}, "issuer"), ({"year": ["二〇一二"]}, "year"), ({"year": [(2012, "x")]}, "year"),
    ({"topic": ["没有这个主题"]}, "topic"), ({"genre": ["小说"]}, "genre"), ({"validity": ["永久"]}, "validity"),
    ({"disclosure": ["秘密"]}, "disclosure"), ({"colour": ["红"]}, "colour"),
])
def test_bad_filter_value_is_a_validation_error_naming_it(idx, filters, field):
    with pytest.raises(ValidationError) as caught:
        idx.search("", filters)
    assert [p.field for p in caught.value.problems] == [field]


@pytest.mark.parametrize("params,field", [({"per_page": 0}, "per_page"), ({"per_page": 101}, "per_page"),
                                          ({"page": 0}, "page"), ({"page": "x"}, "page"),
                                          ({"sort": "title"}, "sort"), ({"query": "字" * 201}, "query")])
def test_bad_paging_sort_or_query_is_a_validation_error(idx, params, field):
    with pytest.raises(ValidationError) as caught:
        idx.search(**params)
    assert [p.field for p in caught.value.problems] == [field]


# -- sorting and paging --------------------------------------------------------------

def test_sort_by_date_newest_or_oldest_first(idx):
    newest = [i["publish_date"] for i in idx.search("通知", sort="date", per_page=100)["items"]]
    oldest = [i["publish_date"] for i in idx.search("通知", sort="-date", per_page=100)["items"]]
    assert newest == sorted(newest, reverse=True) and oldest == sorted(oldest)


@pytest.mark.parametrize("sort", ["relevance", "date", "-date"])
def test_paging_is_stable_and_covers_every_item_once(idx, sort):
    everything = ids(idx.search("公开", sort=sort, per_page=100))
    pages = [ids(idx.search("公开", sort=sort, page=p, per_page=3)) for p in range(1, 10)]
    assert [i for page in pages for i in page] == everything


def test_ties_in_score_are_broken_by_date_then_id(idx):
    items = idx.search("year:2012", per_page=100)["items"]
    keys = [(i["publish_date"], i["id"]) for i in items]
    assert keys == sorted(keys, reverse=True)


# -- highlights and suggestions ------------------------------------------------------

def test_highlights_escape_html_and_mark_matches(idx):
    item = next(i for i in idx.search("公开信息")["items"] if i["title"] == XSS_TITLE)
    assert item["highlights"]["title"].startswith("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert "<mark>" in item["highlights"]["title"] and "<script>" not in item["highlights"]["title"]
    assert "<img" not in item["highlights"]["snippet"] and "&lt;img" in item["highlights"]["snippet"]


def test_traditional_text_is_highlighted_for_a_simplified_query(idx):
    item = idx.search("预算公开")["items"][0]
    assert any(m in item["highlights"]["title"] for m in ("<mark>預算</mark>", "<mark>預算公開</mark>"))


def test_snippet_shows_the_matching_part_of_the_body(idx):
    item = idx.search("饮水安全")["items"][0]
    assert any(m in item["highlights"]["snippet"] for m in ("<mark>饮水</mark>", "<mark>饮水安全</mark>"))


# Items that mention a doc number in their text, under titles starting with 黑龙江.
MENTIONS = [
    {"title": "黑龙江省人民政府办公厅关于县乡政务公开工作的通报", "issuer": "省政府办公厅",
     "publish_date": "2012-04-01", "topic": "综合政务/政务公开", "genre": "通报",
     "body": "黑龙江省各地贯彻落实黑政办发[2011]43号文件，县乡政务公开全面推进。"},
    {"title": "黑龍江省政府信息公開工作報告", "issuer": "省政府", "publish_date": "2013-03-01",
     "topic": "综合政务/政务公开", "genre": "年度报告",
     "body": "黑龍江省全面貫徹落實《意見》（黑政辦發〔2011〕43號），政務公開向基層延伸。"},
]


@pytest.fixture(scope="module")
def mentions(tmp_path_factory):
    with indexed(tmp_path_factory.mktemp("mentions"), MENTIONS) as index:
        yield index


def highlights(index, query):
    """The title and snippet highlights of every item ``query`` finds, as one text."""
    found = index.search(query)["items"]
    assert found
    return " ".join(item["highlights"][part] for item in found for part in ("title", "snippet"))


def test_a_lone_character_left_by_splitting_the_query_is_not_marked(mentions):
    marked = highlights(mentions, "黑政办发")      # jieba cuts it 黑 + 政办发
    assert "<mark>黑</mark>" not in marked and "<mark>黑政办发</mark>" in marked


def test_a_traditional_text_marks_the_whole_query_and_no_lone_character(mentions):
    marked = highlights(mentions, "黑政办发")
    assert "<mark>黑政辦發</mark>" in marked and "<mark>黑</mark>龍江" not in marked


def test_a_single_character_typed_as_a_word_is_marked(mentions):
    assert "<mark>黑</mark>龙江" in highlights(mentions, "黑 政办发")


def test_a_doc_number_is_marked_whole_whatever_its_brackets(mentions):
    marked = highlights(mentions, "黑政办发〔2011〕43号")
    assert "<mark>黑政办发[2011]43号</mark>" in marked and "<mark>黑政辦發〔2011〕43號</mark>" in marked


def test_misspelt_word_gets_a_suggestion_from_the_index(idx):
    result = idx.search("值斑")
    assert result["total"] == 0 and result["suggestion"] == "值班"


def test_no_suggestion_when_the_query_finds_enough(idx):
    assert idx.search("通知")["suggestion"] is None


def test_suggest_completes_from_vocabulary_and_titles(idx):
    found = idx.suggest("春节")
    assert "关于2013年春节期间值班安排的通知" in found
    assert all("春节" in s for s in found)


def test_suggest_of_nothing_is_empty(idx):
    assert idx.suggest("") == [] and idx.suggest("   ") == []


SHORTCUTS = {   # module constants that send the fixture's small lists down each path for large ones
    "large": {"search.LARGE": 0.0, "search.RANKED_MIN": 0},     # facets by complement, ranked lists
    # phrases compared candidate by candidate: positions of whole lists / of the candidates' blocks
    "phrase blocks": {"matching.CODES_NOW": 0, "matching.CODES_RATIO": 0, "matching.SPARSE": 10**9},
    "phrase sparse": {"matching.CODES_NOW": 0, "matching.CODES_RATIO": 0, "matching.SPARSE": 0},
}


@pytest.mark.parametrize("path", SHORTCUTS)
@pytest.mark.parametrize("query,filters", [("公开", {}), ("通知", {"year": [2012]}), ("", {"issuer": ["省政府"]}),
                                           ("政务公开", {"genre": ["通知", "意见"]}), ('"信息公开"', {}),
                                           ("全省县乡政务公开", {}), ('"人民政府办公厅关于"', {})])
def test_shortcuts_for_large_lists_answer_as_the_general_path(idx, monkeypatch, path, query, filters):
    from index import matching, search
    general = idx.search(query, filters, per_page=100)
    idx.clear_caches(results=False)
    for name, value in SHORTCUTS[path].items():
        module, attribute = name.split(".")
        monkeypatch.setattr({"search": search, "matching": matching}[module], attribute, value)
    idx.clear_caches(postings=False)
    idx.search(query, filters, per_page=100)        # a word's ranked list is made the second time
    idx.clear_caches(postings=False)
    assert idx.search(query, filters, per_page=100) == general
    idx.clear_caches(postings=False)
