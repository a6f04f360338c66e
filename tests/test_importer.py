"""Importing files: whole or not at all, every problem named, exports read back identically."""

import json
import subprocess
import sys
import textwrap

import pytest

from catalogue.errors import ValidationError
from catalogue.formats import export_fields, write_items
from catalogue.home import Home
from catalogue.importer import ImportRefused, import_files
from processes import START_WAIT, running


GOOD_YAML = textwrap.dedent("""\
    - index_no: 11230000001/2012-00001
      title: 关于印发《2012年全省政务公开工作要点》的通知
      issuer: 省政府办公厅
      doc_no: 黑政办发[2012]9号
      publish_date: 2012-03-01
      topic: 综合政务/政务公开
      genre: 通知
      keywords: [政务公开, 工作要点]
      attachments:
        - {name: 工作要点.doc, url: "http://www.hlj.gov.cn/files/yd.doc"}
    - title: 黑龍江省2012年政府信息公開工作年度報告
      issuer: 省政府
      publish_date: 2013-03-29
      genre: 年度报告
      body: |
        一、概述
        2012年，全省各級行政機關認真貫徹《條例》。
    - title: 哈尔滨市食品安全信息公开工作任务分解
      issuer: 哈尔滨市政府
      doc_no: 哈政办发（２０１２）１５号
      written_date: 2012-05-10
      publish_date: 2012-05-18
      validity: 失效
      disclosure: 依申请公开
""")


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _state(store):
    return store.revision(), store.count(status=None)


def _refused(store, path, **options):
    """Import ``path`` expecting refusal; return the problems as text and check nothing changed."""
    before = _state(store)
    with pytest.raises(ValidationError) as caught:
        import_files(store, [path], progress=False, **options)
    assert _state(store) == before
    return [str(p) for p in caught.value.problems]


def _exported(store):
    return [export_fields(item) for item in store.iter_items()]


def test_import_reports_added_items_per_file(store, tmp_path):
    summary = import_files(store, [_write(tmp_path, "a.yaml", GOOD_YAML)], progress=False)
    assert summary["added"] == 3 and summary["files"][0]["added"] == 3 and store.count() == 3


def test_missing_index_numbers_are_generated_from_body_and_year(store, tmp_path):
    import_files(store, [_write(tmp_path, "a.yaml", GOOD_YAML)], progress=False)
    titles = {item["title"]: item["index_no"] for item in store.iter_items()}
    assert titles["黑龍江省2012年政府信息公開工作年度報告"] == "11230000001/2013-00001"
    assert titles["哈尔滨市食品安全信息公开工作任务分解"] == "哈尔滨市政府/2012-00001"


@pytest.mark.parametrize("update", [False, True])
def test_a_generated_index_number_skips_one_typed_later_in_the_same_file(store, tmp_path, update):
    text = textwrap.dedent("""\
        - title: 哈尔滨市关于公布第一批政务服务事项的通知
          issuer: 哈尔滨市政府
          publish_date: 2012-05-18
        - index_no: 哈尔滨市政府/2012-00001
          title: 哈尔滨市政府信息公开指南
          issuer: 哈尔滨市政府
          publish_date: 2012-06-01
    """)
    summary = import_files(store, [_write(tmp_path, "a.yaml", text)], update=update, progress=False)
    numbers = {item["title"]: item["index_no"] for item in store.iter_items()}
    assert (summary["added"], summary["updated"]) == (2, 0)
    assert numbers == {"哈尔滨市政府信息公开指南": "哈尔滨市政府/2012-00001",
                       "哈尔滨市关于公布第一批政务服务事项的通知": "哈尔滨市政府/2012-00002"}


@pytest.mark.parametrize("fmt", ["jsonl", "yaml", "csv"])
def test_export_imported_into_an_empty_home_gives_the_same_items(store, tmp_path, bodies_file, fmt):
    import_files(store, [_write(tmp_path, "a.yaml", GOOD_YAML)], progress=False)
    export = tmp_path / f"export.{fmt}"
    with open(export, "w", encoding="utf-8", newline="") as fh:
        write_items(store.iter_items(), fh, fmt)
    other = Home(tmp_path / "other")
    other.init(bodies=bodies_file)
    with other.open_store() as copy:
        import_files(copy, [export], progress=False)
        assert _exported(copy) == _exported(store)


@pytest.mark.parametrize("name, text, expected", [
    ("date.yaml", "- title: 通知\n  issuer: 省政府\n  publish_date: 2012-01-01\n"
                  "- title: 通知二\n  issuer: 省政府\n  publish_date: 2012-13-01\n",
     'date.yaml:4: publish_date: "2012-13-01" is not a date (expected YYYY-MM-DD or YYYYMMDD)'),
    ("issuer.yaml", "- title: 通知\n  issuer: 省政府\n  publish_date: 2012-01-01\n"
                    "- title: 通知二\n  issuer: 不存在的局\n  publish_date: 2012-01-02\n",
     'issuer.yaml:4: issuer: "不存在的局" is not in the body registry (line 4); '
     "add it with `catalogue bodies import FILE` or import with --add-bodies"),
    ("dup.jsonl", '{"index_no": "A-1", "title": "甲", "issuer": "省政府", "publish_date": "2012-01-01"}\n'
                  '{"index_no": "A-1", "title": "乙", "issuer": "省政府", "publish_date": "2012-01-02"}\n',
     'dup.jsonl:2: index_no: "A-1" repeats line 1'),
    ("title.csv", "标题,发布机构,发布日期\n甲,省政府,2012-01-01\n,省政府,2012-01-02\n",
     "title.csv:3: title: is required"),
    ("broken.yaml", "- title: 甲\n  issuer: 省政府\n  publish_date: 2012-01-01\n- title: '乙\n",
     "broken.yaml:5: not valid YAML: while scanning a quoted scalar found unexpected end of stream"),
    ("header.csv", "标题,发布机构,发布日期,发文单位\n甲,省政府,2012-01-01,省政府\n",
     'header.csv:1: header: "发文单位" is not a known column'),
])
def test_bad_input_is_named_and_leaves_the_store_unchanged(store, tmp_path, name, text, expected):
    path = _write(tmp_path, name, text)
    problems = _refused(store, path)
    assert len(problems) == 1 and problems[0].startswith(f"{tmp_path}/{expected}")


def test_invalid_utf8_is_named_and_leaves_the_store_unchanged(store, tmp_path):
    path = tmp_path / "gbk.jsonl"
    path.write_bytes(json.dumps({"title": "政务公开", "issuer": "省政府", "publish_date": "2012-01-01"},
                                ensure_ascii=False).encode("gbk") + b"\n")
    [problem] = _refused(store, path)
    assert problem == f"{path}:1: not valid UTF-8: byte 0xd5 at offset 11; save the file as UTF-8"


def test_every_problem_of_a_file_is_reported_at_once_in_line_order(store, tmp_path):
    path = _write(tmp_path, "many.csv", "title,issuer,publish_date,validity\n"
                                        "甲,省政府,2012-02-30,有效\n"
                                        "乙,某局,2012-01-01,有效\n"
                                        ",省政府,2012-01-01,作废\n")
    problems = [p.split(f"{tmp_path}/")[1] for p in _refused(store, path)]
    assert problems == [
        'many.csv:2: publish_date: "2012-02-30" is not a date (expected YYYY-MM-DD or YYYYMMDD)',
        'many.csv:3: issuer: "某局" is not in the body registry (line 3); '
        "add it with `catalogue bodies import FILE` or import with --add-bodies",
        "many.csv:4: title: is required",
        'many.csv:4: validity: "作废" is not one of 有效, 失效, 已修订, 废止',
    ]


def test_unknown_issuers_are_listed_together_with_their_lines(store, tmp_path):
    rows = "".join(f"通知{i},{issuer},2012-01-0{i}\n" for i, issuer in
                   enumerate(["某局", "省政府", "某局", "另一局"], 1))
    problems = _refused(store, _write(tmp_path, "u.csv", "title,issuer,publish_date\n" + rows))
    assert [p.split(": ", 2)[2].split(" (")[0] for p in problems] == \
        ['"某局" is not in the body registry', '"另一局" is not in the body registry']
    assert "(lines 2, 4)" in problems[0]


def test_add_bodies_adds_unknown_issuers_as_top_level_bodies(store, tmp_path):
    path = _write(tmp_path, "u.csv", "title,issuer,publish_date\n通知,黑龙江省档案局,2012-01-01\n")
    summary = import_files(store, [path], add_bodies=True, progress=False)
    assert summary["files"][0]["bodies"] == ["黑龙江省档案局"]
    body = store.resolve_body("黑龙江省档案局")
    assert (body["parent"], body["level"]) == (None, "省")
    assert next(store.iter_items())["issuer"] == "黑龙江省档案局"


def test_an_index_number_already_stored_is_refused_without_update(store, tmp_path):
    path = _write(tmp_path, "a.yaml", GOOD_YAML)
    import_files(store, [path], progress=False)
    problems = _refused(store, _write(tmp_path, "again.yaml", GOOD_YAML.split("- title: 黑龍江")[0]))
    assert problems == [f'{tmp_path}/again.yaml:1: index_no: "11230000001/2012-00001" is already in the '
                        "catalogue; use --update to replace it"]


def test_update_replaces_stored_items_and_counts_them(store, tmp_path):
    import_files(store, [_write(tmp_path, "a.yaml", GOOD_YAML)], progress=False)
    changed = GOOD_YAML.split("- title: 黑龍江")[0].replace("工作要点》的通知", "工作要点》的通知（修订）")
    summary = import_files(store, [_write(tmp_path, "b.yaml", changed)], update=True, progress=False)
    assert (summary["added"], summary["updated"]) == (0, 1)
    assert store.get("11230000001/2012-00001")["title"].endswith("（修订）")


def test_a_refused_file_does_not_stop_the_good_ones(store, tmp_path):
    good = _write(tmp_path, "good.yaml", GOOD_YAML)
    bad = _write(tmp_path, "bad.yaml", "- title: 甲\n  issuer: 省政府\n")
    with pytest.raises(ImportRefused) as caught:
        import_files(store, [bad, good], progress=False)
    assert caught.value.summary["added"] == 3 and store.count() == 3
    assert str(caught.value) == f"not imported: {bad} (1 problem; nothing from it was written)"


def test_revision_log_records_every_change_in_order(store, tmp_path):
    start = store.revision()
    import_files(store, [_write(tmp_path, "a.yaml", GOOD_YAML)], progress=False)
    import_files(store, [_write(tmp_path, "b.yaml", GOOD_YAML.split("- title: 黑龍江")[0])],
                 update=True, progress=False)
    with store.transaction() as tx:
        tx.withdraw("11230000001/2012-00001", reason="已废止")
    log = [(c["revision"] - start, c["action"], c["index_no"]) for c in store.changes_since(start)]
    assert log == [(1, "add", "11230000001/2012-00001"), (1, "add", "11230000001/2013-00001"),
                   (1, "add", "哈尔滨市政府/2012-00001"), (2, "update", "11230000001/2012-00001"),
                   (3, "withdraw", "11230000001/2012-00001")]


_IMPORT_MANY = """
import sys
from catalogue.home import Home
from catalogue.importer import import_files
with Home(sys.argv[1]).open_store() as store:
    import_files(store, sys.argv[2:], progress=False)
"""


def test_two_processes_importing_at_once_never_generate_the_same_index_number(home, tmp_path):
    # Many small files per process, so that the two writers' transactions interleave.
    runs = []
    for worker in ("甲", "乙"):
        files = []
        for n in range(15):
            rows = "".join(f"{worker}{n}-{i},宾县政府,2012-06-01\n" for i in range(8))
            files.append(_write(tmp_path, f"{worker}{n}.csv", "title,issuer,publish_date\n" + rows))
        runs.append(files)
    command = [sys.executable, "-c", _IMPORT_MANY, str(home.path)]
    with running([*command, *runs[0]], stderr=subprocess.STDOUT) as first, \
            running([*command, *runs[1]], stderr=subprocess.STDOUT) as second:
        results = [first.wait(START_WAIT), second.wait(START_WAIT)]
    assert [status for status, _ in results] == [0, 0], results
    with home.open_store() as store:
        numbers = sorted(item["index_no"] for item in store.iter_items())
    assert numbers == [f"宾县政府/2012-{n:05d}" for n in range(1, 241)]
