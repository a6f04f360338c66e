"""Reading YAML, CSV and JSON Lines with their line numbers, and writing them back."""

import io
import json

import pytest

from catalogue import items
from catalogue.errors import ValidationError
from catalogue.formats import format_of, read_records, write_items

ITEM = {
    "index_no": "11230000001/2012-00007",
    "title": "关于印发《2012年全省政务公开工作要点》的通知",
    "issuer": "省政府办公厅",
    "doc_no": "黑政办发[2012]9号",
    "written_date": "2012-02-20",
    "publish_date": "2012-03-01",
    "topic": "综合政务/政务公开",
    "genre": "通知",
    "keywords": ["政务公开", "工作要点"],
    "summary": "部署2012年全省政务公开工作。",
    "body": "各市（地）人民政府：\n  现将《要点》印发给你们，请认真贯彻执行。  \n\n黑龙江省人民政府办公厅\r\n",
    "disclosure": "主动公开",
    "validity": "有效",
    "url": "http://www.hlj.gov.cn/zwgk/2012/0301.html",
    "attachments": [{"name": "工作要点.doc", "url": "http://www.hlj.gov.cn/files/yd.doc"}],
}


def _write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def _problems(path):
    with pytest.raises(ValidationError) as caught:
        read_records(path)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("fmt", ["jsonl", "yaml", "csv"])
def test_written_items_read_back_as_the_same_items(tmp_path, store, fmt):
    item = items.validate(ITEM, store.context())
    other = items.validate({"title": "哈尔滨市2011年政府信息公开年度报告", "issuer": "哈尔滨市政府",
                            "publish_date": "2012-03-31"}, store.context())
    path = tmp_path / f"out.{fmt}"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        write_items([item, other], fh, fmt)
    records, problems = read_records(path)
    assert problems == []
    assert [items.validate(r.data, store.context()) for r in records] == [item, other]


# Texts that trip naive writers: Unicode line separators inside JSON lines,
# YAML literal blocks ending in blank lines or starting with spaces, CR.
AWKWARD = ["第一段\u2028第二段\n第三段", "甲\x85乙", "結尾空行\n\n", "  縮進開頭\n次行", "---\n…", "回车\r换行",
           "#不是注释\n- 不是列表"]


@pytest.mark.parametrize("fmt", ["jsonl", "yaml", "csv"])
def test_awkward_texts_read_back_unchanged(tmp_path, fmt):
    written = [{"index_no": f"A-{n}", "body": text} for n, text in enumerate(AWKWARD)]
    path = tmp_path / f"awkward.{fmt}"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        write_items(written, fh, fmt)
    records, problems = read_records(path)
    assert problems == [] and [r.data["body"] for r in records] == AWKWARD


def test_yaml_list_records_carry_the_line_where_each_item_starts(tmp_path):
    path = _write(tmp_path, "a.yaml", "# 目录\n- title: 甲\n  issuer: 省政府\n\n- title: 乙\n")
    records, _ = read_records(path)
    assert [(r.data["title"], r.line) for r in records] == [("甲", 2), ("乙", 5)]


def test_yaml_may_hold_several_documents_each_an_item_or_a_list(tmp_path):
    path = _write(tmp_path, "a.yml", "title: 甲\n---\n- title: 乙\n- title: 丙\n")
    records, _ = read_records(path)
    assert [(r.data["title"], r.line) for r in records] == [("甲", 1), ("乙", 3), ("丙", 4)]


def test_yaml_keeps_index_numbers_and_dates_as_typed(tmp_path):
    path = _write(tmp_path, "a.yaml", "- index_no: 0012\n  publish_date: 2012-13-01\n")
    records, _ = read_records(path)
    assert records[0].data == {"index_no": "0012", "publish_date": "2012-13-01"}


def test_malformed_yaml_names_its_line(tmp_path):
    path = _write(tmp_path, "bad.yaml", "- title: 甲\n- title: [乙\n  issuer: 省政府\n")
    [problem] = _problems(path)
    assert problem.startswith(f"{path}:3: not valid YAML")


def test_a_key_twice_in_one_yaml_item_is_an_error(tmp_path):
    path = _write(tmp_path, "dup.yaml", "- title: 甲\n  title: 乙\n")
    assert _problems(path) == [f'{path}:2: not valid YAML: the key "title" appears twice in one item']


def test_invalid_utf8_names_the_byte_offset_and_line(tmp_path):
    path = _write(tmp_path, "gbk.csv", "title,issuer,publish_date\n".encode() + "政务".encode("gbk") + b",x,y\n")
    [problem] = _problems(path)
    assert problem == f"{path}:2: not valid UTF-8: byte 0xd5 at offset 26; save the file as UTF-8"


def test_csv_with_bom_and_chinese_headers_reads_fields_by_name(tmp_path):
    text = "\ufeff标题,發布機構,发布日期,主题词,附件\n通知,省政府,2012-01-05,政务公开；年报;公开,\"[{\"\"name\"\": \"\"表\"\", \"\"url\"\": \"\"http://a.cn/b\"\"}]\"\n"
    records, _ = read_records(_write(tmp_path, "a.csv", text))
    item = items.validate(records[0].data, items.Context(lambda t: t))
    assert item["issuer"] == "省政府" and item["keywords"] == ["政务公开", "年报", "公开"]
    assert item["attachments"] == [{"name": "表", "url": "http://a.cn/b"}]


def test_csv_rows_carry_their_physical_line_despite_multiline_cells(tmp_path):
    text = "title,issuer,publish_date\n\"第一行\n第二行\",省政府,2012-01-01\n\n乙,省政府,2012-01-02\n"
    records, _ = read_records(_write(tmp_path, "a.csv", text))
    assert [r.line for r in records] == [2, 5]


def test_csv_with_an_unknown_header_names_it(tmp_path):
    path = _write(tmp_path, "a.csv", "标题,发布机构,发布日期,作者\n甲,省政府,2012-01-01,张三\n")
    [problem] = _problems(path)
    assert problem.startswith(f'{path}:1: header: "作者" is not a known column')


def test_csv_without_a_required_column_names_the_missing_field(tmp_path):
    path = _write(tmp_path, "a.csv", "标题,发布机构\n甲,省政府\n")
    assert _problems(path) == [f"{path}:1: header: no column for publish_date (发布日期)"]


def test_csv_row_with_more_cells_than_the_header_is_a_row_problem(tmp_path):
    path = _write(tmp_path, "a.csv", "title,issuer,publish_date\n甲,省政府,2012-01-01,多余\n")
    records, problems = read_records(path)
    assert records == [] and [str(p) for p in problems] == [f"{path}:2: the row has 4 cells; the header has 3"]


def test_jsonl_bad_lines_are_reported_and_good_lines_kept(tmp_path):
    path = _write(tmp_path, "a.jsonl", json.dumps({"title": "甲"}, ensure_ascii=False) + "\n\n{\"title\": \n")
    records, problems = read_records(path)
    assert [(r.data, r.line) for r in records] == [({"title": "甲"}, 1)]
    assert [str(p) for p in problems] == [f"{path}:3: not valid JSON: Expecting value (column 11)"]


def test_unknown_suffix_is_refused(tmp_path):
    path = _write(tmp_path, "a.xlsx", "")
    assert _problems(path) == [f"{path}: unknown file type; use .yaml, .yml, .csv or .jsonl"]


def test_format_follows_the_suffix():
    assert [format_of(n) for n in ("a.YML", "b.yaml", "c.csv", "d.jsonl", "e.txt")] == \
        ["yaml", "yaml", "csv", "jsonl", None]


def test_export_writes_fields_in_order_without_store_metadata(store):
    stored = dict(items.validate(ITEM, store.context()), id=3, status="published", revision=9, year=2012)
    out = io.StringIO()
    write_items([stored], out, "jsonl")
    assert list(json.loads(out.getvalue())) == list(items.FIELD_NAMES)


def test_empty_yaml_export_is_an_empty_list(tmp_path):
    path = tmp_path / "none.yaml"
    with open(path, "w", encoding="utf-8") as fh:
        write_items([], fh, "yaml")
    assert read_records(path) == ([], [])


def test_keyword_list_entries_holding_separators_are_split():
    item = items.validate({"title": "甲", "issuer": "x", "publish_date": "2012-01-01",
                           "keywords": ["政务公开；年报", "年报"]}, items.Context(lambda t: t))
    assert item["keywords"] == ["政务公开", "年报"]
