"""`catalogue user …` and `catalogue audit`: accounts, tokens and the trail from the shell."""

import io
import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from catalogue import accounts, audit, sessions, workflow
from catalogue.clock import china_today
from catalogue.errors import Unauthorized
from processes import START_WAIT
from staff_fixtures import PASSWORD, item, staff  # noqa: F401 (fixture)

REPO = Path(__file__).resolve().parent.parent
# Runs the command line with the pseudo-terminal it was given as its controlling terminal,
# so getpass prompts on /dev/tty as it does for a person.
AT_A_TERMINAL = ("import fcntl, runpy, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
                 "sys.argv = ['catalogue', *sys.argv[1:]]; runpy.run_module('web.cli', run_name='__main__')")


@pytest.fixture
def stdin(monkeypatch):
    """``stdin(text)``: what the command line reads on standard input (a pipe, not a terminal)."""
    def give(text):
        monkeypatch.setattr(sys, "stdin", io.StringIO(text))
        return sys.stdin
    return give


def _stored_hash(store, name):
    (stored,), = store.run_sql_for_tests("SELECT password FROM users WHERE name = ?", (name,))
    return stored


def _at_terminal(home, argv, answers):
    """Run ``catalogue --home HOME ARGV`` at a pseudo-terminal, typing ``answers`` at its prompts."""
    main, child = pty.openpty()
    env = dict(os.environ, PYTHONPATH=str(REPO))
    process = subprocess.Popen([sys.executable, "-c", AT_A_TERMINAL, "--home", str(home), *argv],
                               stdin=child, stdout=child, stderr=child, env=env, cwd=REPO,
                               start_new_session=True)
    os.close(child)
    output, answered, pending = b"", 0, list(answers)
    deadline = time.monotonic() + START_WAIT
    try:
        while time.monotonic() < deadline:
            if not select.select([main], [], [], 0.1)[0]:
                continue
            try:
                chunk = os.read(main, 1024)
            except OSError:     # the terminal closed: the command has ended
                break
            if not chunk:
                break
            output += chunk
            if pending and output[answered:].rstrip(b" ").endswith(b":"):
                os.write(main, pending.pop(0).encode("utf-8") + b"\n")
                answered = len(output)
        return process.wait(timeout=START_WAIT), output.decode("utf-8").replace("\r\n", "\n")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(main)


# -- user add ---------------------------------------------------------------------

def test_user_add_reads_the_password_from_standard_input_and_stores_only_its_hash(run, store, stdin):
    stdin(PASSWORD + "\n")
    assert run("user", "add", "zhang_wei", "--body", "哈尔滨市政府") == (
        0, "added editor zhang_wei of 哈尔滨市人民政府\n", "")
    stored = _stored_hash(store, "zhang_wei")
    assert stored.startswith("scrypt$") and PASSWORD not in stored
    assert sessions.check_login(store, "zhang_wei", PASSWORD)["body"] == "哈尔滨市人民政府"


def test_a_script_makes_an_account_through_a_pipe(home, store):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-m", "web.cli", "--home", str(home.path), "user", "add",
                           "li_na", "--body", "11230000001", "--role", "reviewer"],
                          input=PASSWORD + "\n", env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=START_WAIT)
    assert (done.returncode, done.stdout, done.stderr) == (
        0, "added reviewer li_na of 黑龙江省人民政府\n", "")
    assert sessions.check_login(store, "li_na", PASSWORD)["role"] == "reviewer"


def test_an_admin_is_made_without_a_body(run, store, stdin):
    stdin(PASSWORD + "\n")
    assert run("user", "add", "wang_admin", "--role", "admin") == (0, "added admin wang_admin (site-wide)\n", "")
    assert accounts.get_user(store, "wang_admin")["body"] is None


def test_a_short_password_is_refused_naming_password(run, store, stdin):
    stdin("短密码123\n")
    status, out, err = run("user", "add", "zhang_wei", "--body", "哈尔滨市人民政府")
    assert (status, out) == (1, "")
    assert err == "catalogue: password: is 6 characters; at least 12 are needed\n"
    assert accounts.get_user(store, "zhang_wei") is None


def test_an_unknown_body_is_refused_before_any_password_is_read(run, stdin):
    given = stdin(PASSWORD + "\n")
    status, out, err = run("user", "add", "zhang_wei", "--body", "松花江市人民政府")
    assert (status, out) == (1, "") and err.startswith('catalogue: body: "松花江市人民政府" is not in')
    assert given.read() == PASSWORD + "\n"


def test_a_taken_name_is_refused(run, staff, stdin):
    stdin(PASSWORD + "\n")
    assert run("user", "add", "harbin_editor", "--body", "宾县政府") == (
        1, "", 'catalogue: name: "harbin_editor" is already a user\n')


@pytest.mark.parametrize("flags, said", [
    (["--body", "哈尔滨市政府", "--role", "admin"], "an admin is site-wide: give no --body"),
    (["--role", "reviewer"], "--body BODY is required for a reviewer"),
    (["--role", "superuser", "--body", "哈尔滨市政府"], "invalid choice: 'superuser'"),
])
def test_flags_that_do_not_go_together_are_usage_errors(run, stdin, flags, said):
    stdin(PASSWORD + "\n")
    status, out, err = run("user", "add", "zhang_wei", *flags)
    assert (status, out) == (2, "") and said in err.splitlines()[-1]


def test_at_a_terminal_the_password_is_asked_twice_and_not_echoed(home, store):
    status, shown = _at_terminal(home.path, ["user", "add", "zhang_wei", "--body", "宾县政府"],
                                 [PASSWORD, PASSWORD])
    assert status == 0, shown
    assert "password for zhang_wei:" in shown and "the same password again:" in shown
    assert PASSWORD not in shown and "added editor zhang_wei of 宾县人民政府" in shown
    assert sessions.check_login(store, "zhang_wei", PASSWORD)


def test_at_a_terminal_two_different_entries_are_refused(home, store):
    status, shown = _at_terminal(home.path, ["user", "add", "zhang_wei", "--body", "宾县政府"],
                                 [PASSWORD, PASSWORD + "x"])
    assert status == 1 and "catalogue: password: the two entries differ" in shown
    assert accounts.get_user(store, "zhang_wei") is None


# -- passwd, list, disable --------------------------------------------------------

def test_passwd_changes_the_password_and_ends_the_sessions(run, store, staff, stdin):
    session_id, _ = sessions.create_session(store, staff["harbin_editor"])
    new = "松花江畔-新密码-2013"
    stdin(new + "\n")
    assert run("user", "passwd", "harbin_editor") == (
        0, "changed the password of harbin_editor; their open sessions were ended\n", "")
    assert sessions.get_session(store, session_id) is None
    assert sessions.check_login(store, "harbin_editor", new)
    with pytest.raises(Unauthorized):
        sessions.check_login(store, "harbin_editor", PASSWORD)


def test_passwd_of_an_unknown_user_asks_for_nothing(run, stdin):
    given = stdin(PASSWORD + "\n")
    assert run("user", "passwd", "nobody") == (1, "", 'catalogue: user: "nobody" is not a user\n')
    assert given.read() == PASSWORD + "\n"


def test_user_list_json_gives_each_account_without_its_password(run, staff):
    status, out, _ = run("user", "list", "--json")
    users = {u["name"]: u for u in json.loads(out)}
    assert status == 0 and set(users) == set(staff)
    assert users["finance_editor"]["role"] == "editor" and users["finance_editor"]["body"] == "黑龙江省财政厅"
    assert users["admin"]["body"] is None and users["admin"]["disabled"] is False
    assert users["admin"]["created"].endswith("Z") and "password" not in users["admin"]


def test_user_list_prints_name_role_body_disabled_and_created(run, staff):
    lines = run("user", "list")[1].splitlines()
    assert lines[0].split() == ["name", "role", "body", "disabled", "created"]
    row = next(line.split() for line in lines if line.startswith("harbin_reviewer "))
    assert row[:4] == ["harbin_reviewer", "reviewer", "哈尔滨市人民政府", "no"]


def test_user_disable_ends_the_users_sessions_and_logins(run, store, staff):
    session_id, _ = sessions.create_session(store, staff["harbin_editor"])
    token = accounts.create_token(store, "harbin_editor", actor="test")["token"]
    status, out, _ = run("user", "disable", "harbin_editor")
    assert status == 0 and out.startswith("disabled harbin_editor")
    assert sessions.get_session(store, session_id) is None
    with pytest.raises(Unauthorized):
        sessions.check_login(store, "harbin_editor", PASSWORD)
    assert accounts.authenticate_token(store, token) is None
    assert run("user", "disable", "harbin_editor") == (
        1, "", 'catalogue: user: "harbin_editor" is already disabled\n')


# -- tokens -----------------------------------------------------------------------

def test_user_token_prints_one_line_that_authenticates_until_revoked(run, store, staff):
    status, out, err = run("user", "token", "finance_editor", "--label", "预算公开接口")
    assert status == 0 and err == "" and len(out.splitlines()) == 1
    token = out.strip()
    user = accounts.authenticate_token(store, token)
    assert user["name"] == "finance_editor"
    assert run("user", "revoke", "finance_editor", user["token_id"]) == (
        0, f"revoked token {user['token_id']} (预算公开接口) of finance_editor\n", "")
    assert accounts.authenticate_token(store, token) is None


def test_user_tokens_lists_them_but_never_the_token(run, store, staff):
    token = run("user", "token", "admin", "--label", "统计接口")[1].strip()
    accounts.authenticate_token(store, token)
    status, out, _ = run("user", "tokens", "admin")
    lines = out.splitlines()
    assert status == 0 and token not in out
    assert lines[0].split() == ["id", "label", "created", "last", "used", "revoked"]
    assert lines[1].split()[1] == "统计接口" and lines[1].split()[-1] == "no"
    (listed,) = json.loads(run("user", "tokens", "admin", "--json")[1])
    assert listed["label"] == "统计接口" and listed["last_used"] and "token" not in listed


def test_revoking_an_unknown_or_revoked_token_exits_1(run, staff):
    assert run("user", "revoke", "admin", "99") == (1, "", "catalogue: token: 99 is not a token of admin\n")
    run("user", "token", "admin")
    run("user", "revoke", "admin", "1")
    assert run("user", "revoke", "admin", "1") == (1, "", "catalogue: token: 1 of admin is already revoked\n")


# -- the audit trail --------------------------------------------------------------

def test_every_change_from_the_command_line_is_audited_as_catalogue_user(run, store, stdin):
    stdin(PASSWORD + "\n")
    run("user", "add", "zhang_wei", "--body", "宾县政府")
    run("user", "token", "zhang_wei")
    run("user", "disable", "zhang_wei")
    found = audit.entries(store, user="catalogue user")
    assert [e["action"] for e in found] == ["user_disable", "token_create", "user_add"]
    assert all(e["address"].startswith("shell") for e in found)
    assert found[-1]["details"] == {"user": "zhang_wei", "role": "editor", "body": "宾县人民政府"}


def test_audit_by_user_since_a_date_shows_their_entries_newest_first(run, store, staff):
    editor = staff["harbin_editor"]
    made = workflow.create(store, editor, item(), status="draft")
    workflow.edit(store, editor, made["index_no"], item(title="宾县2012年政府信息公开工作年度报告（修订）"))
    today = china_today().isoformat()
    status, out, _ = run("audit", "--user", "harbin_editor", "--since", today)
    lines = out.splitlines()
    assert status == 0 and len(lines) == 2
    assert [line.split("  ")[1:5] for line in lines] == [
        ["harbin_editor", "-", "edit", made["index_no"]], ["harbin_editor", "-", "create", made["index_no"]]]
    assert "title: 宾县2012年政府信息公开工作年度报告 → 宾县2012年政府信息公开工作年度报告（修订）" in lines[0]
    assert run("audit", "--user", "harbin_editor", "--since", "2099-01-01") == (0, "", "")


def test_audit_json_is_one_entry_a_line(run, store, staff):
    made = workflow.create(store, staff["harbin_editor"], item(), status="draft")
    status, out, _ = run("audit", "--json", "--user", "harbin_editor")
    entries = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and [(e["action"], e["index_no"], e["actor"]) for e in entries] == [
        ("create", made["index_no"], "harbin_editor")]
    assert entries[0]["details"] == {"status": "draft"} and entries[0]["at"].endswith("Z")


def test_audit_with_a_date_that_is_no_date_is_a_usage_error(run):
    status, out, err = run("audit", "--since", "上周")
    assert (status, out) == (2, "") and '"上周" is not a date' in err


def test_audit_until_a_day_includes_that_day_and_limit_keeps_the_newest(run, store, staff):
    made = workflow.create(store, staff["harbin_editor"], item(), status="draft")
    today = china_today().isoformat()
    until_today = run("audit", "--until", today, "--user", "harbin_editor")[1].splitlines()
    assert len(until_today) == 1 and made["index_no"] in until_today[0]
    assert run("audit", "--until", "2012-01-01") == (0, "", "")
    newest = run("audit", "--limit", "1")[1].splitlines()
    assert len(newest) == 1 and "  create  " in newest[0]
