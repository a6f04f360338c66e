"""The JSON API against the real app: search and its filters, items, bodies, errors, OpenAPI."""

import json

import pytest

from web_fixtures import KNOWN, WITHDRAWN, WITHDRAWN_REASON, XSS_TITLE, app_fixture, client


app = app_fixture()


def titles(answer):
    return sorted(item["title"] for item in answer.json["items"])


def error_fields(answer):
    return [problem["field"] for problem in answer.json["errors"]]


# -- /api/search ----------------------------------------------------------------------

def test_search_returns_exactly_the_engines_dict(app, client):
    answer = client.get("/api/search", {"q": "政务公开", "year": "2011..2013", "per_page": "3"})
    expected = app.index.search(query="政务公开", filters={"year": [(2011, 2013)]}, per_page=3)
    assert answer.json == json.loads(json.dumps(expected))


def test_search_defaults_to_ten_per_page_on_page_one(client):
    answer = client.get("/api/search")
    assert (answer.json["page"], answer.json["per_page"], answer.json["total"]) == (1, 10, 7)


def test_repeated_issuer_finds_either(client):
    answer = client.get("/api/search", [("issuer", "黑龙江省财政厅"), ("issuer", "齐齐哈尔市人民政府")])
    assert titles(answer) == ["黑龙江省财政厅关于2012年省级预算公开的通知", "齐齐哈尔市依申请公开政府信息办理规定"]


def test_issuer_includes_the_bodies_below_it(client):
    assert client.get("/api/search", {"issuer": "哈尔滨市人民政府"}).json["total"] == 2


def test_year_filter(client):
    assert titles(client.get("/api/search", {"year": "2013"})) == ["宾县2013年政府信息公开工作年度报告"]


def test_year_range_filter(client):
    assert client.get("/api/search", {"year": "2010..2011"}).json["total"] == 2


def test_repeated_year_finds_either(client):
    assert client.get("/api/search", [("year", "2010"), ("year", "2013")]).json["total"] == 2


def test_topic_filter_includes_its_second_level(client):
    assert client.get("/api/search", {"topic": "财政、金融、审计"}).json["total"] == 1


def test_genre_filter(client):
    assert titles(client.get("/api/search", {"genre": "决定"})) == ["哈尔滨市人民政府关于公布行政审批事项目录的决定"]


def test_validity_filter(client):
    assert titles(client.get("/api/search", {"validity": "失效"})) == ["哈尔滨市人民政府关于公布行政审批事项目录的决定"]


def test_disclosure_filter(client):
    assert titles(client.get("/api/search", {"disclosure": "依申请公开"})) == ["齐齐哈尔市依申请公开政府信息办理规定"]


def test_sort_by_date_is_newest_first(client):
    dates = [i["publish_date"] for i in client.get("/api/search", {"sort": "date"}).json["items"]]
    assert dates == sorted(dates, reverse=True)


def test_page_and_per_page_slice_the_results(client):
    everything = client.get("/api/search", {"sort": "date"}).json["items"]
    second = client.get("/api/search", {"sort": "date", "per_page": "2", "page": "2"}).json["items"]
    assert second == everything[2:4]


def test_facets_count_each_issuer_on_its_own(client):
    facets = client.get("/api/search").json["facets"]
    assert {"value": "哈尔滨市人民政府", "count": 1} in facets["issuer"]


@pytest.mark.parametrize("name, value", [
    ("page", "abc"), ("page", "0"), ("per_page", "10000"), ("per_page", "0"), ("per_page", "x"),
    ("sort", "title"), ("year", "20x2"), ("year", "2010-2012"), ("validity", "永久"),
    ("disclosure", "保密"),
])
def test_bad_parameter_answers_400_naming_it(client, name, value):
    answer = client.get("/api/search", {name: value}, status=400)
    assert answer.json["ok"] is False and answer.json["status"] == 400 and error_fields(answer) == [name]


def test_error_answers_are_json_with_a_message(client):
    answer = client.get("/api/search", {"page": "abc"}, status=400)
    assert answer.content_type == "application/json" and "abc" in answer.json["error"]


def test_query_string_that_is_not_utf8_answers_400(client):
    assert client.get("/api/search?q=%C3%28", status=400).json["status"] == 400


# -- parameters a route does not know ---------------------------------------------------------

def test_utm_source_is_ignored_with_a_warning_and_the_answer_is_unchanged(app, client):
    plain = client.get("/api/search", {"q": "政务公开"}).json
    tagged = client.get("/api/search", {"q": "政务公开", "utm_source": "weibo"}).json
    assert tagged.pop("warnings") == [
        {"field": "utm_source", "code": "unknown_parameter", "message": "unknown parameter, ignored"}]
    assert tagged == plain


def test_a_cache_buster_is_ignored_with_a_warning(client):
    answer = client.get("/api/search?q=%E6%94%BF%E5%8A%A1&_=1234")     # 政务
    assert answer.json["query"] == "政务" and [w["field"] for w in answer.json["warnings"]] == ["_"]


@pytest.mark.parametrize("typed, meant", [("isuer", "issuer"), ("per-page", "per_page"), ("sorts", "sort"),
                                          ("Year", "year")])
def test_a_misspelt_parameter_gets_did_you_mean(client, typed, meant):
    warning, = client.get("/api/search", {typed: "1"}).json["warnings"]
    assert (warning["field"], warning["suggestion"]) == (typed, meant)
    assert f"did you mean `{meant}`" in warning["message"]


def test_isuer_is_not_taken_for_issuer(client):
    answer = client.get("/api/search", {"isuer": "黑龙江省财政厅"})
    assert answer.json["total"] == client.get("/api/search").json["total"]


def test_lang_is_known_on_every_api_path(client):
    assert "warnings" not in client.get("/api/bodies", {"lang": "en"}).json
    assert "warnings" not in client.get("/api/search", {"q": "政务", "lang": "zh-Hant"}).json


def test_a_parameter_given_twice_is_warned_about_once(client):
    answer = client.get("/api/bodies", [("utm_source", "a"), ("utm_source", "b")])
    assert [w["field"] for w in answer.json["warnings"]] == ["utm_source"]


def test_the_search_page_and_the_feed_ignore_utm_source_too(client):
    tagged = {"q": "政务公开", "utm_source": "weibo"}
    assert client.get("/search", tagged).status_int == 200
    assert client.get("/feeds/atom", tagged).body == client.get("/feeds/atom", {"q": "政务公开"}).body


def test_the_openapi_document_stays_a_bare_document_with_a_cache_buster(client):
    assert "warnings" not in client.get("/api/openapi.json", {"_": "1234"}).json


def test_the_openapi_document_describes_warnings(client):
    doc = client.get("/api/openapi.json").json
    assert "unknown_parameter" in doc["info"]["description"] and "ignored" in doc["info"]["description"]
    warning = doc["components"]["schemas"]["Warning"]
    assert set(warning["properties"]) == {"field", "code", "message", "suggestion"}
    assert "warnings" in doc["components"]["schemas"]["SearchResult"]["properties"]
    answers = [doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
               for path in doc["paths"] if path.startswith("/api/") and path != "/api/search"
               and "get" in doc["paths"][path]]
    assert all("warnings" in schema["properties"] for schema in answers)


# -- /api/items ----------------------------------------------------------------------------

def test_item_answers_every_field(client):
    item = client.get(f"/api/items/{KNOWN}").json["item"]
    assert (item["index_no"], item["doc_no"], item["issuer"], item["attachments"][0]["name"]) == (
        KNOWN, "黑政办发〔2011〕43号", "黑龙江省人民政府办公厅", "县乡政务公开目录.xls")


def test_unknown_item_answers_404_in_the_error_shape(client):
    answer = client.get("/api/items/11230000001/1999-00001", status=404)
    assert answer.json["status"] == 404 and error_fields(answer) == ["index_no"]


def test_withdrawn_item_answers_410_with_the_reason(client):
    answer = client.get(f"/api/items/{WITHDRAWN}", status=410)
    assert answer.json["status"] == 410 and WITHDRAWN_REASON in answer.json["error"]


def test_unknown_api_path_answers_json_404(client):
    assert client.get("/api/nothing", status=404).json["status"] == 404


# -- escaping in JSON ---------------------------------------------------------------------

def test_script_in_a_title_never_appears_raw_in_json(client):
    answer = client.get("/api/search", {"q": "关于公开信息的通知"})
    assert "<script>" not in answer.text and XSS_TITLE in [i["title"] for i in answer.json["items"]]


def test_highlights_escape_the_title_markup(client):
    answer = client.get("/api/search", {"q": "关于公开信息的通知"})
    marked = next(i["highlights"]["title"] for i in answer.json["items"] if i["title"] == XSS_TITLE)
    assert "&lt;script&gt;" in marked and "<mark>" in marked


# -- /api/bodies and /api/suggest -------------------------------------------------------------

def test_bodies_lists_the_registry_with_own_and_rolled_up_counts(client):
    bodies = {b["name"]: b for b in client.get("/api/bodies").json["bodies"]}
    city = bodies["哈尔滨市人民政府"]
    assert (city["parent"], city["items"], city["items_total"]) == ("黑龙江省人民政府", 1, 2)


def test_bodies_come_parents_first(client):
    names = [b["name"] for b in client.get("/api/bodies").json["bodies"]]
    assert names.index("哈尔滨市人民政府") < names.index("宾县人民政府")


def test_suggest_completes_what_was_typed(client):
    answer = client.get("/api/suggest", {"q": "政务"})
    assert answer.json["query"] == "政务" and isinstance(answer.json["suggestions"], list)


def test_suggest_ignores_a_search_parameter_it_does_not_take_with_a_warning(client):
    answer = client.get("/api/suggest", {"q": "政务", "page": "2"})
    assert answer.json["query"] == "政务" and [w["field"] for w in answer.json["warnings"]] == ["page"]


# -- OpenAPI ------------------------------------------------------------------------------------

def test_openapi_document_describes_every_endpoint(client):
    doc = client.get("/api/openapi.json").json
    # The reading endpoints; the write API's are checked in tests/test_write_api.py.
    assert doc["openapi"].startswith("3.") and {p for p, ops in doc["paths"].items() if "get" in ops} == {
        "/api/search", "/api/items/{index_no}", "/api/bodies", "/api/suggest", "/api/health", "/feeds/atom",
        "/api/stats", "/api/hot", "/healthz", "/readyz"}


def documented_parameters(client):
    doc = client.get("/api/openapi.json").json
    for path, methods in doc["paths"].items():
        for parameter in methods.get("get", {}).get("parameters", ()):
            yield path.replace("{index_no}", KNOWN), parameter


def constrained(parameter):
    schema = parameter["schema"].get("items", parameter["schema"])
    return schema.get("type") == "integer" or "enum" in schema or "pattern" in schema


def test_every_documented_parameter_works_with_its_example(client):
    failing = []
    for path, parameter in documented_parameters(client):
        if parameter["in"] == "path":
            answer = client.get(path, expect_errors=True)
        else:
            example = parameter["example"]
            values = example if isinstance(example, list) else [example]
            answer = client.get(path, [(parameter["name"], v) for v in values], expect_errors=True)
        if answer.status_int != 200:
            failing.append((path, parameter["name"], answer.status))
    assert failing == []


def test_every_documented_constraint_is_enforced(client):
    lax = [(path, parameter["name"]) for path, parameter in documented_parameters(client)
           if constrained(parameter)
           and client.get(path, {parameter["name"]: "不合规"}, expect_errors=True).status_int != 400]
    assert lax == []


def test_undocumented_parameters_are_ignored_with_a_warning_on_every_api_path(client):
    paths = [p.replace("{index_no}", KNOWN) for p, ops in client.get("/api/openapi.json").json["paths"].items()
             if "get" in ops]
    warned = {path: [w["field"] for w in client.get(path, {"undocumented": "1"}).json["warnings"]]
              for path in paths if path.startswith("/api/")}
    assert warned and set(map(tuple, warned.values())) == {("undocumented",)}


def test_every_documented_search_response_field_is_present(client):
    doc = client.get("/api/openapi.json").json
    required = doc["components"]["schemas"]["SearchResult"]["required"]
    assert set(required) <= set(client.get("/api/search").json)


def test_openapi_server_is_this_site(client):
    assert client.get("/api/openapi.json").json["servers"] == [{"url": "http://localhost"}]


# -- /api/health ----------------------------------------------------------------------

def test_health_says_ready_with_the_store_and_index_revisions(app, client):
    assert app.index.wait_until_warm(timeout=30)
    answer = client.get("/api/health")
    assert answer.json["ready"] and answer.json["index"]["warm"]
    assert answer.json["index"]["revision"] == answer.json["store"]["revision"] == app.store.revision()
    assert answer.json["store"]["items"] == 7 and answer.headers["Cache-Control"] == "no-store"


@pytest.fixture
def held_warm_up(monkeypatch):
    """An Event that lets the index's real warm-up run; until it is set, the warm-up waits (at most 30 s)."""
    import threading

    from index import engine, warmup
    release = threading.Event()

    class GatedWarmer(warmup.Warmer):
        def _warm(self):
            release.wait(30)
            super()._warm()

    monkeypatch.setattr(engine, "Warmer", GatedWarmer)
    yield release
    release.set()


def test_health_answers_200_at_once_on_the_numpy_path_while_its_vocabulary_warm_up_runs(tmp_path, held_warm_up):
    from web_fixtures import client_for, make_home, open_app

    app = open_app(make_home(tmp_path / "home"))
    try:
        answer = client_for(app).get("/api/health")
        assert answer.json["ready"] is True and not app.index.wait_until_warm(timeout=0)
        assert app.index.status()["engine"] == "numpy"
    finally:
        held_warm_up.set()
        app.close()


def test_health_answers_503_with_retry_after_while_the_index_warms_up(tmp_path, held_warm_up):
    from web_fixtures import client_for, make_home, open_app

    release = held_warm_up
    app = open_app(make_home(tmp_path / "home"), search_engine="python")    # the path that warms up
    try:
        client = client_for(app)
        answer = client.get("/api/health", status=503)
        assert (answer.json["ok"], answer.json["status"], error_fields(answer)) == (False, 503, ["index"])
        assert answer.headers["Retry-After"] == "5"
        assert client.get("/api/search", {"q": "政务公开"}).json["total"] > 0   # searches still work
        release.set()
        assert app.index.wait_until_warm(timeout=30)
        assert client.get("/api/health").json["ready"] is True
    finally:
        release.set()
        app.close()
