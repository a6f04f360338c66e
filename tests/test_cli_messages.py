"""What the command line says: each problem once, counts in good English, advice with the options typed."""

import pytest

from catalogue.errors import Problem, ValidationError
from catalogue.importer import import_files
from catalogue.wording import counted
from web.cli import main
from web.settings import load_settings


def lines(text):
    return text.splitlines()


# -- bad settings -------------------------------------------------------------------------

def test_a_bad_serve_option_is_said_once_naming_the_option(tmp_path, capsys):
    assert main(["--home", str(tmp_path), "serve", "--per-page", "0"]) == 1
    assert capsys.readouterr().err == "catalogue: bad setting --per-page: must be at least 1, not 0\n"


def test_two_bad_settings_are_listed_once_each_under_one_heading(tmp_path, capsys):
    assert main(["--home", str(tmp_path), "serve", "--per-page", "0", "--port", "x"]) == 1
    assert lines(capsys.readouterr().err) == ["catalogue: 2 bad settings:", '  --port: "x" is not a whole number',
                                              "  --per-page: must be at least 1, not 0"]


def test_a_bad_setting_in_the_settings_file_names_the_file(tmp_path, capsys):
    (tmp_path / "settings.yaml").write_text("per_page: 1000\n", encoding="utf-8")
    assert main(["--home", str(tmp_path), "serve"]) == 1
    assert capsys.readouterr().err == (f"catalogue: bad setting in {tmp_path / 'settings.yaml'}: "
                                       "per_page: must be at most 100, not 1000\n")


# -- advice repeats what was typed ------------------------------------------------------------

def test_serve_on_a_missing_home_advises_the_demo_with_the_home_as_typed(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["--home", "./other", "serve"]) == 1
    out = capsys.readouterr().out
    assert "    catalogue --home ./other serve --demo\n" in out
    assert "`catalogue --home ./other demo`" in out and "`catalogue --home ./other import FILE…`" in out


def test_serve_advice_keeps_the_serve_options_typed(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["serve", "--home", "./other", "--port", "9000"]) == 1
    assert "    catalogue --home ./other serve --port 9000 --demo\n" in capsys.readouterr().out


def test_serve_without_options_advises_the_plain_command(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CATALOGUE_HOME", str(tmp_path / "home"))
    assert main(["serve"]) == 1
    assert "    catalogue serve --demo\n" in capsys.readouterr().out


def test_a_missing_store_advises_init_with_the_home_and_store_as_typed(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["--home", "./a", "--store", "./shared/目录.db", "export"]) == 1
    assert "run `catalogue --home ./a --store ./shared/目录.db init` first" in capsys.readouterr().err


def test_advice_quotes_a_home_with_a_space(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["--home", "my home", "show", "A-1"]) == 1
    assert "run `catalogue --home 'my home' init` first" in capsys.readouterr().err


def test_advice_hides_a_database_password(tmp_path):
    home = load_settings(overrides={"home": str(tmp_path), "store": "postgresql://clerk:secret@db/catalogue"})
    advice = home.catalogue_home().command("init")
    assert "clerk:***@db" in advice and "secret" not in advice


def test_import_advice_on_an_unknown_issuer_names_the_home(run, home, tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("标题,发布机构,发布日期\n通知,不存在的局,2012-01-01\n", encoding="utf-8")
    status, _out, err = run("import", path)
    assert status == 1 and f"add it with `catalogue --home {home.path} bodies import FILE`" in err


# -- counts ---------------------------------------------------------------------------------

@pytest.mark.parametrize("n, noun, expected", [
    (0, "item", "0 items"), (1, "item", "1 item"), (2, "item", "2 items"),
    (1, "body", "1 body"), (3, "body", "3 bodies"), (2, "match", "2 matches"), (1, "file", "1 file"),
])
def test_counts_use_the_singular_for_exactly_one(n, noun, expected):
    assert counted(n, noun) == expected


def test_an_export_of_one_item_says_one_item(run, tmp_path):
    source = tmp_path / "one.csv"
    source.write_text("标题,发布机构,发布日期\n通知,省政府,2012-01-01\n", encoding="utf-8")
    run("import", source)
    out = tmp_path / "out.jsonl"
    assert run("export", "-o", out) == (0, f"exported 1 item to {out} (jsonl)\n", "")


def test_an_unknown_issuer_on_one_line_says_line_not_lines(store, tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("标题,发布机构,发布日期\n通知,不存在的局,2012-01-01\n", encoding="utf-8")
    with pytest.raises(ValidationError) as refused:
        import_files(store, [path], progress=False)
    assert "(line 2)" in refused.value.problems[0].message
    assert "(1 problem;" in refused.value.message


def test_two_problems_are_counted_in_the_plural():
    problems = [Problem("title", "is required"), Problem("issuer", "is required")]
    assert ValidationError(problems).message == "2 problems in the input"
