"""One definition of every search parameter: the API matches its OpenAPI document, and the
engine, the URL and the command line accept and refuse the same values."""

import json
import re

import pytest

from catalogue.errors import ValidationError
from index.params import PAGE_MAX, PER_PAGE_MAX, SEARCH_PARAMS, SORTS, YEAR_MAX, YEAR_MIN, parse_years
from index.query import Clause, parse
from web.params import parse_search
from web_fixtures import client_for, make_home, open_app

# Year values and what they mean (None: refused). Within YEAR_MIN..YEAR_MAX, so
# the documented pattern alone decides them (a pattern cannot state the bounds).
YEAR_SAMPLES = {
    "2012": (2012, 2012), "2010..2012": (2010, 2012), " 2010 .. 2012 ": (2010, 2012),
    "2012..2010": (2010, 2012), "2012..2012": (2012, 2012), "２０１２": (2012, 2012),
    "２０１０..２０１２": (2010, 2012), "1900": (1900, 1900), "2200": (2200, 2200),
    "..2012": (YEAR_MIN, 2012), "2012..": (2012, YEAR_MAX), " .. 2012 ": (YEAR_MIN, 2012),
    "２０１０..": (2010, YEAR_MAX), "..": None, "....2012": None, "2012....": None, "2010-2012": None, "2010～2012": None, "12": None,
    "20120": None, "2010...2012": None, "2010..2012..2014": None, "2010 2012": None,
    "二〇一二": None, "2012年": None, "abcd": None, "٢٠١٢": None,
}
OUT_OF_RANGE = (str(YEAR_MIN - 1), str(YEAR_MAX + 1), f"{YEAR_MIN - 1}..2012", "9999")
QUERY_LIMIT = 200       # the public contract


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return make_home(tmp_path_factory.mktemp("params") / "home")


@pytest.fixture(scope="module")
def app(home):
    app = open_app(home)
    yield app
    app.close()


@pytest.fixture
def client(app):
    return client_for(app)


def search_parameters(client):
    doc = client.get("/api/openapi.json").json
    return {p["name"]: p for p in doc["paths"]["/api/search"]["get"]["parameters"]}


def schema_of(parameter):
    return parameter["schema"].get("items", parameter["schema"])


def error_fields(answer):
    return [problem["field"] for problem in answer.json["errors"]]


def limits(parameter):
    """``(accepted, refused)``: the example, the documented limits, and values just past them.

    Each is a value or, for the number of values (``maxItems``), a list of them.
    """
    schema = schema_of(parameter)
    example = parameter["example"]
    accepted, refused = list(example if isinstance(example, list) else [example]), []
    if "maxItems" in parameter["schema"]:
        most = parameter["schema"]["maxItems"]
        accepted.append([accepted[0]] * most)
        refused.append([accepted[0]] * (most + 1))
    if schema["type"] == "integer":
        accepted += [str(schema["minimum"]), str(schema["maximum"])]
        refused += [str(schema["minimum"] - 1), str(schema["maximum"] + 1)]
    if "maxLength" in schema:
        accepted.append("字" * schema["maxLength"])
        refused.append("字" * (schema["maxLength"] + 1))
    if "enum" in schema:
        accepted += schema["enum"]
        refused.append("不在其中")
    return accepted, refused


# -- the API against its OpenAPI document -------------------------------------------------

def _sent(client, name, value):
    pairs = [(name, one) for one in (value if isinstance(value, list) else [value])]
    return client.get("/api/search", pairs, expect_errors=True)


def _within_limits(answer):
    """Not refused for a limit: found, or refused only for a name no list holds (a long body name)."""
    return answer.status_int == 200 or (answer.status_int == 400 and not {
        p["code"] for p in answer.json["errors"]} & {"too_long", "too_many", "too_large", "too_small"})


def test_each_search_parameter_is_accepted_at_its_documented_limits_and_refused_past_them(client):
    wrong = []
    for name, parameter in search_parameters(client).items():
        accepted, refused = limits(parameter)
        for value in accepted:
            if not _within_limits(_sent(client, name, value)):
                wrong.append(("refused", name, value[:20]))
        for value in refused:
            answer = _sent(client, name, value)
            if answer.status_int != 400 or set(error_fields(answer)) != {name}:
                wrong.append(("accepted", name, value[:20]))
    assert wrong == []


def test_documented_limits_are_the_tables(client):
    documented = {name: schema_of(p) for name, p in search_parameters(client).items()}
    assert documented["q"]["maxLength"] == QUERY_LIMIT
    assert (documented["page"]["maximum"], documented["per_page"]["maximum"]) == (PAGE_MAX, PER_PAGE_MAX)
    assert documented["sort"]["enum"] == list(SORTS)


def test_the_api_warns_about_exactly_the_undocumented_parameter_names(client):
    documented = set(search_parameters(client))
    guesses = {"query", "filters", "per-page", "perPage", "limit", "offset", "lang", "format",
               "callback", "years", "issuers", "order", "sort_by", "start", "page_size"}

    def warned(name):
        answer = client.get("/api/search", {name: "x"}, expect_errors=True)
        return name in [w["field"] for w in answer.json.get("warnings", [])]
    candidates = documented | guesses | {p.name for p in SEARCH_PARAMS}
    # lang, the pages' language, is known on every route without being a search parameter.
    assert {name for name in candidates if not warned(name)} == documented | {"lang"}


@pytest.mark.parametrize("text", [*YEAR_SAMPLES, *OUT_OF_RANGE])
def test_documented_year_pattern_matches_exactly_the_years_the_api_accepts(client, text):
    pattern = schema_of(search_parameters(client)["year"])["pattern"]
    answer = client.get("/api/search", {"year": text}, expect_errors=True)
    if text in OUT_OF_RANGE:    # the pattern admits it; the description states the bounds
        assert re.search(pattern, text) and answer.status_int == 400
        assert f"{YEAR_MIN}-{YEAR_MAX}" in search_parameters(client)["year"]["description"]
    else:
        assert bool(re.search(pattern, text)) == (answer.status_int == 200) == bool(YEAR_SAMPLES[text])


# -- one year syntax ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [*YEAR_SAMPLES, *OUT_OF_RANGE])
def test_the_year_filter_and_the_year_clause_read_years_alike(text):
    expected = YEAR_SAMPLES.get(text)
    if expected is None:
        with pytest.raises(ValueError):
            parse_years(text)
    else:
        assert parse_years(text) == expected
    if " " not in text:         # the query language splits words at spaces
        clause = parse(f"year:{text}").groups[0][0]
        assert clause == Clause("year", expected) if expected else clause.kind == "text"


def test_a_url_writes_a_year_range_in_one_canonical_way():
    request = parse_search([("year", " 2012 .. 2010 "), ("year", "２０１２"), ("year", "2012..2012")])
    assert request.url_params() == [("year", "2010..2012"), ("year", "2012")]


# -- the engine, the URL and the command line agree ----------------------------------------

def engine_accepts(app, **arguments):
    try:
        app.index.search(**arguments)
    except ValidationError:
        return False
    return True


def url_accepts(pairs):
    try:
        parse_search(pairs)
    except ValidationError:
        return False
    return True


def test_engine_url_and_command_line_accept_the_same_years(app, home, cli):
    answers = {}
    for text in [*YEAR_SAMPLES, *OUT_OF_RANGE]:
        answers[text] = (engine_accepts(app, filters={"year": [text]}), url_accepts([("year", text)]),
                         cli(home.path, "search", "--year", text, "--json")[0] == 0)
    assert answers == {text: (bool(YEAR_SAMPLES.get(text)),) * 3 for text in answers}


@pytest.mark.parametrize("length, accepted", [(QUERY_LIMIT, True), (QUERY_LIMIT + 1, False)])
def test_engine_url_and_command_line_take_queries_of_up_to_200_characters(app, home, cli, length, accepted):
    text = "公开" * (length // 2) + "字" * (length % 2)
    status, _out, err = cli(home.path, "search", text, "--json")
    assert (engine_accepts(app, query=text), url_accepts([("q", text)]), status == 0) == (accepted,) * 3
    assert accepted or f"is {length} characters; at most {QUERY_LIMIT}" in err


@pytest.mark.parametrize("option, name, value", [
    ("--page", "page", "abc"), ("--page", "page", str(PAGE_MAX + 1)), ("--per-page", "per_page", "0"),
    ("--sort", "sort", "title"), ("--validity", "validity", "永久"), ("--disclosure", "disclosure", "保密"),
    ("--year", "year", "2010-2012"),
])
def test_a_bad_search_option_gets_the_apis_message(client, home, cli, option, name, value):
    api = client.get("/api/search", {name: value}, status=400).json["error"]
    status, out, err = cli(home.path, "search", f"{option}={value}")
    assert (status, out, err) == (1, "", f"catalogue: {api}\n")


def test_search_help_shows_the_tables_choices_and_ranges(home, cli):
    status, out, _err = cli(home.path, "search", "--help")
    assert status == 0 and "{" + ",".join(SORTS) + "}" in out
    assert f"1-{PAGE_MAX}" in out and f"1-{PER_PAGE_MAX}" in out
    assert "--validity" in out and "--disclosure" in out


def test_search_filters_by_validity_and_disclosure(app, home, cli):
    status, out, _err = cli(home.path, "search", "--validity", "失效", "--disclosure", "主动公开", "--json")
    expected = app.index.search(filters={"validity": ["失效"], "disclosure": ["主动公开"]})
    assert status == 0 and json.loads(out) == expected
