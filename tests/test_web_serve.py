"""`catalogue serve`: its options come from the settings table; an empty home says what to do."""

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.request import urlopen

import pytest

from catalogue.errors import ConfigError
from web.cli import main
from web.settings import SETTINGS

REPO = Path(__file__).resolve().parent.parent


def test_serve_help_lists_every_setting(capsys):
    assert main(["serve", "--help"]) == 0
    out = capsys.readouterr().out
    assert all(s.option in out for s in SETTINGS if s.serve_option) and "--demo" in out


def test_serve_on_a_home_without_a_catalogue_says_how_to_load_the_demo(tmp_path, capsys):
    assert main(["--home", str(tmp_path / "empty"), "serve"]) == 1
    assert f"catalogue --home {tmp_path / 'empty'} serve --demo" in capsys.readouterr().out


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


def _start(tmp_path, *options):
    """``catalogue serve --demo`` in a real process; returns it and the lines up to "serving …"."""
    server = subprocess.Popen(
        [sys.executable, "-m", "web.cli", "--home", str(tmp_path / "home"), "serve", "--demo", "--port", "0",
         *options],
        cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)), stdout=subprocess.PIPE, text=True,
        encoding="utf-8")
    lines = [server.stdout.readline()]
    while lines[-1] and not lines[-1].startswith("serving "):
        lines.append(server.stdout.readline())
    return server, lines


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_serve_with_two_processes_shares_the_port_and_stops_them_all(tmp_path, data_folder):
    server, lines = _start(tmp_path, "--processes", "2")
    try:
        assert "with 2 processes of 8 threads" in lines[-1], lines
        base = lines[-1].split(" on ", 1)[1].split()[0]
        warm = [server.stdout.readline() for _ in range(2)]
        pids = {int(line.split(" in process ")[1].split()[0]) for line in warm}
        assert len(pids) == 2 and all(_alive(pid) for pid in pids), warm
        for _ in range(20):     # a new connection each: the kernel hands them to either process
            with urlopen(base + "api/search?q=%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A") as answer:  # 年度报告
                assert json.load(answer)["total"] >= 1
    finally:
        server.send_signal(signal.SIGINT)
        rest, _ = server.communicate(timeout=60)
    assert server.returncode == 0 and "stopped" in rest
    assert not any(_alive(pid) for pid in pids)


def test_a_server_process_that_dies_stops_the_others_and_exits_1(tmp_path, data_folder):
    server, lines = _start(tmp_path, "--processes", "2")
    try:
        warm = [server.stdout.readline() for _ in range(2)]
        first, second = (int(line.split(" in process ")[1].split()[0]) for line in warm)
        os.kill(first, signal.SIGKILL)
        rest, _ = server.communicate(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode == 1 and f"server process {first} exited with status -9" in rest
    assert not _alive(second)


def test_sigterm_stops_the_server_as_ctrl_c_does(tmp_path, data_folder):
    server, lines = _start(tmp_path)
    try:
        assert lines[-1].startswith("serving "), lines
        server.send_signal(signal.SIGTERM)
        rest, _ = server.communicate(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode == 0 and "stopped" in rest.splitlines()


def test_a_listen_fd_that_is_not_a_socket_is_a_config_error(tmp_path, capsys):
    assert main(["--home", str(tmp_path), "serve", "--listen-fd", "987"]) == 1
    assert "--listen-fd 987: not an open socket" in capsys.readouterr().err


def test_processes_out_of_range_is_refused_naming_the_setting(tmp_path, capsys):
    assert main(["--home", str(tmp_path), "serve", "--processes", "0"]) == 1
    assert "processes" in capsys.readouterr().err
