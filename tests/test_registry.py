"""Loading the body registry from YAML: add, update, leave alone, refuse bad files whole."""

import pytest

from catalogue.errors import ValidationError
from catalogue.registry import load_bodies
from registry_fixture import BODY_COUNT


def test_loading_the_same_registry_again_takes_no_revision(store, bodies_file):
    before = store.revision()
    assert load_bodies(store, bodies_file) == {"added": 0, "updated": 0, "unchanged": BODY_COUNT}
    assert store.revision() == before


def test_new_bodies_are_added_and_changed_ones_updated(store, tmp_path):
    path = tmp_path / "more.yaml"
    path.write_text("- name: 宾县人民政府\n  short: 宾县\n  parent: 哈尔滨市人民政府\n  level: 县\n"
                    "- name: 宾县宾州镇人民政府\n  parent: 宾县人民政府\n  level: 乡\n", encoding="utf-8")
    assert load_bodies(store, path) == {"added": 1, "updated": 1, "unchanged": 0}
    assert store.resolve_body("宾县")["name"] == "宾县人民政府"
    assert store.body_ancestors("宾县宾州镇人民政府")[1] == "宾县人民政府"


def test_a_body_with_an_unknown_parent_leaves_the_registry_unchanged(store, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("- name: 新设局\n  level: 省\n- name: 某镇政府\n  parent: 不存在的县\n  level: 乡\n",
                    encoding="utf-8")
    before = store.revision()
    with pytest.raises(ValidationError, match="不存在的县"):
        load_bodies(store, path)
    assert store.revision() == before and store.resolve_body("新设局") is None


def test_a_bodys_review_setting_is_read_from_the_registry_and_defaults_to_optional(store, tmp_path):
    path = tmp_path / "review.yaml"
    path.write_text("- name: 黑龙江省财政厅\n  short: 省财政厅\n  parent: 黑龙江省人民政府\n  level: 省\n"
                    "  review: required\n", encoding="utf-8")
    assert load_bodies(store, path) == {"added": 0, "updated": 1, "unchanged": 0}
    review = {b["name"]: b["review"] for b in store.bodies()}
    assert (review["黑龙江省财政厅"], review["哈尔滨市人民政府"]) == ("required", "optional")
    assert load_bodies(store, path)["unchanged"] == 1


def test_an_unknown_review_setting_is_refused_naming_the_file_and_entry(store, tmp_path):
    path = tmp_path / "bad_review.yaml"
    path.write_text("- name: 新设局\n  level: 省\n- name: 黑龙江省财政厅\n  level: 省\n  review: always\n",
                    encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        load_bodies(store, path)
    assert [str(p) for p in exc.value.problems] == [
        f'{path}:2: review: "always" is not one of optional/required']
    assert store.resolve_body("新设局") is None


def test_a_body_added_in_a_transaction_with_an_unknown_review_is_refused(store):
    with pytest.raises(ValidationError, match="review"):
        with store.transaction() as tx:
            tx.add_body({"name": "新设局", "level": "省", "review": "sometimes"})
    assert store.resolve_body("新设局") is None
