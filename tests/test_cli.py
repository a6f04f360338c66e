"""The `catalogue` command line: exit status, messages on the right stream, no tracebacks."""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from processes import START_WAIT
from registry_fixture import BODY_COUNT
from web.cli import build_parser, main

REPO = Path(__file__).resolve().parent.parent

ITEMS_CSV = ("索引号,标题,发布机构,发文字号,发布日期,主题词\n"
             "HLJ-2012-001,关于印发2012年全省政务公开工作要点的通知,省政府办公厅,黑政办发〔2012〕9号,2012-03-01,政务公开；要点\n"
             "HLJ-2012-002,黑龍江省食品安全信息公開工作任務,省政府,,2012-05-18,食品安全\n")


@pytest.fixture
def items_csv(tmp_path):
    path = tmp_path / "items.csv"
    path.write_text(ITEMS_CSV, encoding="utf-8")
    return path


def test_init_in_a_new_folder_reports_what_it_created(tmp_path, capsys, data_folder):
    assert main(["--home", str(tmp_path / "h"), "init"]) == 0
    assert capsys.readouterr().out == f"created a catalogue in {tmp_path / 'h'} with {BODY_COUNT} bodies\n"


def test_import_prints_a_summary_per_file(run, items_csv):
    assert run("import", items_csv) == (0, f"{items_csv}: 2 added, 0 updated\n", "")


def test_quiet_import_prints_nothing(run, items_csv):
    assert run("import", "--quiet", items_csv) == (0, "", "")


def test_refused_import_exits_1_with_the_reason_and_each_problem(run, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("标题,发布机构,发布日期\n甲,省政府,2012-13-01\n,省政府,2012-01-01\n", encoding="utf-8")
    status, out, err = run("import", bad)
    assert status == 1 and out == ""
    assert err.splitlines() == [
        f"catalogue: not imported: {bad} (2 problems; nothing from it was written)",
        f'  {bad}:2: publish_date: "2012-13-01" is not a date (expected YYYY-MM-DD or YYYYMMDD)',
        f"  {bad}:3: title: is required",
    ]


def test_show_prints_the_item_with_its_canonical_doc_number(run, items_csv):
    run("import", items_csv)
    status, out, _ = run("show", "HLJ-2012-001")
    # Columns are as wide as the longest field name (closed_reason since schema 2).
    assert status == 0 and "\ndoc_no         黑政办发〔2012〕9号\n" in out


def test_show_json_gives_the_stored_item(run, items_csv):
    run("import", items_csv)
    status, out, _ = run("show", "--json", "HLJ-2012-002")
    item = json.loads(out)
    assert (status, item["issuer"], item["status"], item["year"]) == (0, "黑龙江省人民政府", "published", 2012)


def test_show_of_an_unknown_index_number_exits_1_on_one_line(run):
    assert run("show", "无此索引号") == (1, "", 'catalogue: no item with index number "无此索引号"\n')


@pytest.mark.parametrize("fmt", ["jsonl", "yaml", "csv"])
def test_export_file_imported_into_a_new_home_exports_the_same(run, items_csv, tmp_path, bodies_file,
                                                               capsys, fmt):
    run("import", items_csv)
    first = tmp_path / f"first.{fmt}"
    assert run("export", "-o", first) == (0, f"exported 2 items to {first} ({fmt})\n", "")
    other = tmp_path / "other"
    assert main(["--home", str(other), "init"]) == 0
    assert main(["--home", str(other), "bodies", "import", str(bodies_file)]) == 0
    assert main(["--home", str(other), "import", str(first)]) == 0
    capsys.readouterr()
    assert main(["--home", str(other), "export", "--format", fmt]) == 0
    with open(first, encoding="utf-8-sig", newline="") as fh:
        assert capsys.readouterr().out == fh.read()


def test_csv_export_file_starts_with_a_byte_order_mark(run, items_csv, tmp_path):
    run("import", items_csv)
    run("export", "-o", tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_bytes().startswith("\ufeffindex_no,title,".encode())


def test_export_to_standard_output_defaults_to_json_lines(run, items_csv):
    run("import", items_csv)
    status, out, _ = run("export")
    assert status == 0 and [json.loads(line)["index_no"] for line in out.splitlines()] == \
        ["HLJ-2012-001", "HLJ-2012-002"]


def test_export_to_dash_writes_json_lines_to_standard_output_and_no_file(run, items_csv, tmp_path,
                                                                         monkeypatch):
    run("import", items_csv)
    monkeypatch.chdir(tmp_path)
    status, out, err = run("export", "-o", "-")
    assert (status, err) == (0, "") and out == run("export")[1] and not (tmp_path / "-").exists()
    assert [json.loads(line)["index_no"] for line in out.splitlines()] == ["HLJ-2012-001", "HLJ-2012-002"]


def test_export_to_dash_takes_the_format_option(run, items_csv, tmp_path, monkeypatch):
    run("import", items_csv)
    monkeypatch.chdir(tmp_path)
    status, out, _ = run("export", "-o", "-", "--format", "csv")
    assert status == 0 and out.splitlines()[0].startswith("index_no,title,") and len(out.splitlines()) == 3
    assert not (tmp_path / "-").exists()


def test_bodies_lists_the_registry_as_a_tree(run):
    status, out, _ = run("bodies")
    lines = out.splitlines()
    city = lines.index("  哈尔滨市人民政府 (哈尔滨市政府)  [市]")
    assert status == 0 and lines[city + 1] == "    宾县人民政府 (宾县政府)  [县]"


def test_bodies_import_reports_added_and_unchanged(run, bodies_file, tmp_path):
    more = tmp_path / "more.yaml"
    more.write_text(bodies_file.read_text(encoding="utf-8") + "- name: 黑龙江省档案局\n  level: 省\n",
                    encoding="utf-8")
    assert run("bodies", "import", more) == (0, f"{more}: 1 added, 0 updated, {BODY_COUNT} unchanged\n", "")


def test_demo_loads_once_and_then_says_it_left_the_items_alone(tmp_path, capsys, data_folder):
    home = tmp_path / "demo"
    assert main(["--home", str(home), "demo"]) == 0
    assert main(["--home", str(home), "demo"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"loaded 2 demo items from 1 file into {home}",
        f"{home} already holds 2 items; the demo items were not loaded"]


def test_a_home_that_was_never_initialised_says_to_run_init_on_that_home(tmp_path, capsys):
    assert main(["--home", str(tmp_path / "none"), "export"]) == 1
    assert capsys.readouterr().err == (f"catalogue: {tmp_path / 'none'}: no catalogue here; "
                                       f"run `catalogue --home {tmp_path / 'none'} init` first\n")


def test_catalogue_home_variable_chooses_the_home(home, monkeypatch, capsys):
    monkeypatch.setenv("CATALOGUE_HOME", str(home.path))
    assert main(["bodies"]) == 0
    assert capsys.readouterr().out.startswith("黑龙江省人民政府 (省政府, 11230000001)  [省]\n")


def test_home_may_follow_the_command(home, capsys):
    assert main(["bodies", "--home", str(home.path)]) == 0
    assert "宾县人民政府" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [[], ["nonsense"], ["bodies", "import"], ["export", "--format", "xml"]])
def test_usage_errors_exit_2(argv, capsys):
    assert main(argv) == 2
    assert "usage: catalogue" in capsys.readouterr().err


def test_every_option_and_command_has_help_text():
    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing = [f"{name} {action.dest}" for name, sub in [("", parser), *subparsers.choices.items()]
               for action in sub._actions if not action.help]
    assert missing == []


def test_real_process_reports_a_user_error_without_traceback(home, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- title: [未闭合\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO), CATALOGUE_HOME=str(home.path))
    done = subprocess.run([sys.executable, "-m", "web.cli", "import", str(bad)], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=START_WAIT)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[1].startswith(f"  {bad}:2: not valid YAML")


def test_every_command_opens_the_store_catalogue_store_names(tmp_path, cli, data_folder, monkeypatch):
    shared = tmp_path / "共享目录.db"
    monkeypatch.setenv("CATALOGUE_STORE", str(shared))
    status, _out, _err = cli(tmp_path / "home", "init")
    assert status == 0 and shared.exists() and not (tmp_path / "home" / "catalogue.db").exists()
