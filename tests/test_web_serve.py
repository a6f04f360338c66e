"""`catalogue serve`: its options come from the settings table; an empty home says what to do."""

import json
import os
import signal
import socket
from urllib.request import urlopen

import pytest

from catalogue.errors import ConfigError
from web.cli import main
from web.settings import SETTINGS

from processes import serving


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


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _worker_pids(server):
    """The server processes' pids, from their "search index ready … in process N" lines."""
    return [int(line.split(" in process ")[1].split()[0]) for line in server.ready(2)]


def test_serve_with_two_processes_shares_the_port_and_stops_them_all(tmp_path, data_folder):
    with serving(tmp_path / "home", "--demo", "--processes", "2") as server:
        assert "with 2 processes of 8 threads" in server.lines[-1], server.lines
        pids = set(_worker_pids(server))
        assert len(pids) == 2 and all(_alive(pid) for pid in pids), server.seen
        for _ in range(20):     # a new connection each: the kernel hands them to either process
            with urlopen(server.base + "api/search?q=%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A") as answer:  # 年度报告
                assert json.load(answer)["total"] >= 1
        status, rest = server.stop(signal.SIGINT)   # Ctrl-C
    assert status == 0 and "stopped" in rest
    assert not any(_alive(pid) for pid in pids)


def test_a_server_process_that_dies_stops_the_others_and_exits_1(tmp_path, data_folder):
    with serving(tmp_path / "home", "--demo", "--processes", "2") as server:
        first, second = _worker_pids(server)
        os.kill(first, signal.SIGKILL)
        status, rest = server.wait()
    assert status == 1 and f"server process {first} exited with status -9" in rest
    assert not _alive(second)


def test_sigterm_stops_the_server_as_ctrl_c_does(tmp_path, data_folder):
    with serving(tmp_path / "home", "--demo") as server:
        status, rest = server.stop(signal.SIGTERM)
    assert status == 0 and "stopped" in rest.splitlines()


def test_ctrl_c_stops_a_test_server_even_when_the_suite_runs_with_sigint_ignored(tmp_path, data_folder):
    # As `nohup pytest &` from a script starts the suite: children inherit the ignored SIGINT.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with serving(tmp_path / "home", "--demo") as server:
            status, rest = server.stop(signal.SIGINT)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert status == 0 and "stopped" in rest.splitlines()


def test_a_test_failing_while_a_server_runs_leaves_none_of_its_processes(tmp_path, data_folder):
    started = []
    with pytest.raises(AssertionError, match="a failing check"):
        with serving(tmp_path / "home", "--demo", "--processes", "2") as server:
            started += [server.pid, *_worker_pids(server)]
            raise AssertionError("a failing check")
    assert len(started) == 3 and not any(_alive(pid) for pid in started)


def test_a_listen_fd_that_is_not_a_socket_is_a_config_error(tmp_path, capsys):
    assert main(["--home", str(tmp_path), "serve", "--listen-fd", "987"]) == 1
    assert "--listen-fd 987: not an open socket" in capsys.readouterr().err


def test_processes_out_of_range_is_refused_naming_the_setting(tmp_path, capsys):
    assert main(["--home", str(tmp_path), "serve", "--processes", "0"]) == 1
    assert "processes" in capsys.readouterr().err
