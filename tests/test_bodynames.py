"""Finding a body by full name, short name or code: one lookup for store, importer and search."""

from catalogue.bodynames import BodyNames
from index.bodies import BodyTree

BODIES = [
    {"name": "黑龙江省人民政府", "short": "省政府", "code": "11230000001", "parent": None},
    {"name": "黑龙江省财政厅", "short": "省财政厅", "code": None,
     "parent": "黑龙江省人民政府"},
    {"name": "哈尔滨市人民政府", "short": "哈尔滨市政府", "code": "11230100001",
     "parent": "黑龙江省人民政府"},
    # A short name that is another body's full name: the full name must win.
    {"name": "宾县人民政府", "short": "哈尔滨市人民政府", "code": None,
     "parent": "哈尔滨市人民政府"},
]

TRADITIONAL = str.maketrans("龍財廳", "龙财厅")


def test_a_body_is_found_by_full_name_short_name_or_code():
    names = BodyNames(BODIES)
    assert names.name("黑龙江省财政厅") == "黑龙江省财政厅"
    assert names.name("省财政厅") == "黑龙江省财政厅"
    assert names.name("11230000001") == "黑龙江省人民政府"
    assert names.find("哈尔滨市政府")["code"] == "11230100001"


def test_a_full_name_wins_over_another_bodys_short_name():
    assert BodyNames(BODIES).name("哈尔滨市人民政府") == "哈尔滨市人民政府"


def test_spaces_around_the_text_are_ignored_and_unknown_text_finds_nothing():
    names = BodyNames(BODIES)
    assert names.name("  省政府 ") == "黑龙江省人民政府"
    assert names.name("不存在的局") is None
    assert names.name("") is None and names.name(None) is None and names.name("   ") is None


def test_bodies_without_short_name_or_code_keys_are_found_by_name():
    assert BodyNames([{"name": "黑龙江省民政厅"}]).name("黑龙江省民政厅") == "黑龙江省民政厅"


def test_the_key_finds_a_traditional_spelling_of_a_name_or_short_name():
    names = BodyNames(BODIES, key=lambda text: text.translate(TRADITIONAL))
    assert names.name("黑龍江省財政廳") == "黑龙江省财政厅"
    assert names.name("省財政廳") == "黑龙江省财政厅"
    assert BodyNames(BODIES).name("省財政廳") is None


def test_the_search_resolves_traditional_and_full_width_issuers_to_registry_names():
    tree = BodyTree(BODIES)
    assert tree.resolve("黑龍江省財政廳") == "黑龙江省财政厅"
    assert tree.resolve("１１２３００００００１") == "黑龙江省人民政府"
    assert tree.resolve(" 哈尔滨市政府 ") == "哈尔滨市人民政府"
    assert tree.resolve("不存在的局") is None
