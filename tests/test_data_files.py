"""The shipped data files: registry, vocabularies, demo items and analyzer lists.

Each test reads the real files in ``data/`` so a bad edit there fails here
with the file, entry and field named, before it reaches an import or the
index.
"""

import re
from pathlib import Path

import opencc
import pytest
import yaml

from catalogue.items import Context, normalize
from index.fold import HAN_RUN

DATA = Path(__file__).resolve().parent.parent / "data"
DEMO = DATA / "demo"
# The holiday calendar's files are mappings, checked by tests/test_calendar.py.
YAML_FILES = sorted(p.relative_to(DATA).as_posix() for p in DATA.rglob("*.yaml")
                    if p.parent.name != "holidays")
DEMO_FILES = sorted(p.name for p in DEMO.glob("*.yaml"))
LEVELS = ("省", "市", "县", "乡")
ROOT = "黑龙江省人民政府"
REPORT_TITLE = "2012年度黑龍江省政府信息公開工作報告"

# Single characters that carry meaning in government text; a stop list holding
# any of them would make searches for 省/市/公开… silently drop words.
MEANINGFUL_CHARS = set(
    "公开省市县乡镇村区政府务信息民国法规章令文件财税费房地土城农林水医药食安"
    "中上下有新年月日号局厅办委会党工人事审批权力报告通知意见")

_T2S = opencc.OpenCC("t2s")


def _load(relative):
    with open(DATA / relative, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _lines(name):
    with open(DATA / name, encoding="utf-8") as fh:
        return [(n, line.rstrip("\n")) for n, line in enumerate(fh, 1)]


@pytest.fixture(scope="module")
def bodies():
    return _load("bodies.yaml")


@pytest.fixture(scope="module")
def context(bodies):
    by_key = {}
    for body in bodies:
        for key in (body["name"], body.get("short"), body.get("code")):
            if key:
                by_key[str(key)] = body["name"]
    return Context(resolve_issuer=by_key.get,
                   topics=frozenset(_load("topics.yaml")),
                   genres=frozenset(_load("genres.yaml")))


@pytest.fixture(scope="module")
def demo_raw():
    """Every demo item as written, with the file it came from."""
    return [(name, raw) for name in DEMO_FILES for raw in _load(f"demo/{name}")]


@pytest.fixture(scope="module")
def demo_items(demo_raw, context):
    return [normalize(raw, context, source=name)[0] for name, raw in demo_raw]


# ------------------------------------------------------------------ parsing

@pytest.mark.parametrize("relative", YAML_FILES)
def test_every_yaml_data_file_parses_to_a_non_empty_list(relative):
    data = _load(relative)
    assert isinstance(data, list) and data, f"{relative} is not a non-empty YAML list"


@pytest.mark.parametrize("name", ["topics.yaml", "genres.yaml"])
def test_vocabularies_are_unique_non_empty_strings(name):
    values = _load(name)
    assert all(isinstance(v, str) and v.strip() == v and v for v in values)
    assert len(values) == len(set(values)), f"{name} repeats an entry"


# ----------------------------------------------------------------- registry

def test_every_body_has_only_known_fields(bodies):
    bad = [b for b in bodies if set(b) - {"name", "short", "code", "parent", "level", "review"}]
    assert bad == []


def test_the_provincial_finance_department_requires_review_before_publishing(bodies):
    # The demo's four-eyes body; every other body publishes directly.
    assert [b["name"] for b in bodies if b.get("review") == "required"] == ["黑龙江省财政厅"]
    assert {b.get("review", "optional") for b in bodies} == {"optional", "required"}


def test_every_body_level_is_province_city_county_or_town(bodies):
    assert [b["name"] for b in bodies if b.get("level") not in LEVELS] == []


def test_every_body_parent_is_in_the_registry(bodies):
    names = {b["name"] for b in bodies}
    orphans = [(b["name"], b["parent"]) for b in bodies if b.get("parent") and b["parent"] not in names]
    assert orphans == []


def test_only_the_provincial_government_has_no_parent(bodies):
    assert [b["name"] for b in bodies if not b.get("parent")] == [ROOT]


def test_body_full_names_are_unique(bodies):
    names = [b["name"] for b in bodies]
    assert sorted({n for n in names if names.count(n) > 1}) == []


def test_body_short_names_are_unique_and_differ_from_every_full_name(bodies):
    shorts = [b["short"] for b in bodies]
    assert sorted({s for s in shorts if shorts.count(s) > 1}) == []
    assert set(shorts) & {b["name"] for b in bodies} == set()


def test_registry_names_are_simplified(bodies):
    traditional = [b["name"] for b in bodies if _T2S.convert(b["name"] + b["short"]) != b["name"] + b["short"]]
    assert traditional == []


def test_registry_holds_all_thirteen_prefecture_level_governments(bodies):
    cities = [b["name"] for b in bodies if b["level"] == "市"]
    assert len(cities) == 13
    assert all(b["parent"] == ROOT for b in bodies if b["level"] == "市")


def test_every_county_hangs_under_a_city(bodies):
    level = {b["name"]: b["level"] for b in bodies}
    assert [b["name"] for b in bodies if b["level"] == "县" and level[b["parent"]] != "市"] == []


# --------------------------------------------------------------- vocabulary

def test_topics_have_at_most_two_levels_and_each_second_level_has_its_first():
    topics = _load("topics.yaml")
    assert all(t.count("/") <= 1 and all(t.split("/")) for t in topics)
    firsts = {t for t in topics if "/" not in t}
    assert sorted({t.split("/")[0] for t in topics} - firsts) == []


# --------------------------------------------------------------- demo items

@pytest.mark.parametrize("name", DEMO_FILES)
def test_every_demo_item_validates_against_the_registry_and_vocabularies(name, context):
    problems = []
    for number, raw in enumerate(_load(f"demo/{name}"), 1):
        problems += [str(p) for p in normalize(raw, context, source=f"{name} item {number}")[1]]
    assert problems == []


def test_demo_items_leave_the_index_number_to_the_store(demo_raw):
    assert [raw["title"] for _, raw in demo_raw if "index_no" in raw] == []


def test_demo_has_at_least_seventy_items(demo_raw):
    assert len(demo_raw) >= 70


def test_demo_items_come_from_at_least_eight_issuers(demo_items):
    assert len({item["issuer"] for item in demo_items}) >= 8


def test_demo_items_come_from_at_least_eight_cities(demo_items, bodies):
    cities = {b["name"] for b in bodies if b["level"] == "市"}
    assert len({item["issuer"] for item in demo_items} & cities) >= 8


def test_demo_publish_years_cover_2010_to_2013(demo_items):
    years = {item["publish_date"][:4] for item in demo_items}
    assert {"2010", "2011", "2012", "2013"} <= years


def test_some_demo_items_are_written_in_traditional_chinese(demo_items):
    traditional = [i for i in demo_items if _T2S.convert(i["title"]) != i["title"]]
    assert len(traditional) >= len(demo_items) // 5


def test_report_item_body_is_the_full_annual_report_text(demo_items):
    with open(DEMO / "annual-report-2012.txt", encoding="utf-8", newline="") as fh:
        text = fh.read()
    [report] = [i for i in demo_items if i["title"] == REPORT_TITLE]
    assert report["body"] == text.strip()


def test_some_demo_title_needs_html_escaping(demo_items):
    assert any(set(i["title"]) & set("&<>\"'") for i in demo_items)


def test_no_demo_item_holds_markup(demo_raw):
    marked = [raw["title"] for _, raw in demo_raw
              if any(re.search(r"<\s*/?\s*[a-zA-Z]", str(v)) for v in raw.values())]
    assert marked == []


# --------------------------------------------------------- analyzer lists

def test_userdict_lines_are_a_simplified_han_word_a_frequency_and_an_optional_tag():
    bad = []
    for number, line in _lines("userdict.txt"):
        fields = line.split()
        ok = (2 <= len(fields) <= 3 and HAN_RUN.fullmatch(fields[0])
              and _T2S.convert(fields[0]) == fields[0]
              and fields[1].isdigit() and 2000 <= int(fields[1]) <= 20000
              and (len(fields) == 2 or fields[2].isalpha()))
        if not ok:
            bad.append(f"userdict.txt:{number}: {line!r}")
    assert bad == []


def test_userdict_has_no_repeated_word():
    words = [line.split()[0] for _, line in _lines("userdict.txt") if line.strip()]
    assert sorted({w for w in words if words.count(w) > 1}) == []


def test_synonym_groups_hold_at_least_two_distinct_terms():
    groups = _load("synonyms.yaml")
    bad = [g for g in groups
           if not isinstance(g, list) or len(set(g)) < 2 or not all(isinstance(t, str) and t for t in g)]
    assert bad == []


def test_stopwords_are_one_word_per_line():
    assert [f"stopwords.txt:{n}: {line!r}" for n, line in _lines("stopwords.txt")
            if len(line.split()) != 1] == []


def test_stopwords_hold_no_meaningful_single_character():
    words = {line.strip() for _, line in _lines("stopwords.txt")}
    assert sorted(words & MEANINGFUL_CHARS) == []
