"""`catalogue serve`: its options come from the settings table; an empty home says what to do."""

import socket

import pytest

from catalogue.errors import ConfigError
from web.cli import main
from web.settings import SETTINGS


def test_serve_help_lists_every_setting(capsys):
    assert main(["serve", "--help"]) == 0
    out = capsys.readouterr().out
    assert all(s.option in out for s in SETTINGS if s.serve_option) and "--demo" in out


def test_serve_on_a_home_without_a_catalogue_says_how_to_load_the_demo(tmp_path, capsys):
    assert main(["--home", str(tmp_path / "empty"), "serve"]) == 1
    assert "catalogue serve --demo" in capsys.readouterr().out


def test_serve_reports_bad_settings_and_exits_1(tmp_path, capsys):
    assert main(["--home", str(tmp_path), "serve", "--port", "http"]) == 1
    assert "port" in capsys.readouterr().err


def test_serve_on_a_port_in_use_is_a_config_error(home):
    from web.serve import run

    class Args:
        demo = False
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        args = Args()
        for setting in SETTINGS:
            setattr(args, setting.name, None)
        args.home, args.port = str(home.path), str(taken.getsockname()[1])
        with pytest.raises(ConfigError, match="cannot listen"):
            run(args)
