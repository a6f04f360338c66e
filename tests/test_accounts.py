"""Accounts, passwords, API tokens, sessions and login throttling."""

import datetime as dt
import hashlib

import pytest

from catalogue import accounts, audit, sessions
from catalogue.errors import Conflict, TooManyAttempts, Unauthorized, ValidationError
from staff_fixtures import FINANCE, HARBIN, PASSWORD

T0 = dt.datetime(2012, 3, 1, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def clerk(store):
    return accounts.add_user(store, "zhang_wei", PASSWORD, role="editor", body="哈尔滨市政府", actor="admin")


def _problem_fields(exc):
    return [p.field for p in exc.value.problems]


def test_a_new_user_is_scoped_to_the_full_name_of_their_body(clerk):
    assert (clerk["name"], clerk["role"], clerk["body"], clerk["disabled"]) == (
        "zhang_wei", "editor", HARBIN, False)


@pytest.mark.parametrize("short", ["", "short", "elevenchars"])
def test_a_password_under_twelve_characters_is_refused(store, short):
    with pytest.raises(ValidationError) as exc:
        accounts.add_user(store, "li_na", short, body=FINANCE)
    assert _problem_fields(exc) == ["password"]
    assert accounts.get_user(store, "li_na") is None


def test_a_new_password_under_twelve_characters_is_refused(store, clerk):
    with pytest.raises(ValidationError) as exc:
        accounts.set_password(store, "zhang_wei", "密码太短")
    assert _problem_fields(exc) == ["password"]


def test_a_password_is_stored_as_a_salted_scrypt_hash(store, clerk):
    (stored,), = store.run_sql_for_tests("SELECT password FROM users WHERE name = ?", ("zhang_wei",))
    assert stored.startswith("scrypt$16384$8$1$") and PASSWORD not in stored
    other = accounts.add_user(store, "li_na", PASSWORD, body=FINANCE)
    (second,), = store.run_sql_for_tests("SELECT password FROM users WHERE id = ?", (other["id"],))
    assert second != stored


@pytest.mark.parametrize("role, body, field", [
    ("admin", "哈尔滨市政府", "body"), ("editor", None, "body"), ("editor", "某某局", "body"),
    ("clerk", FINANCE, "role")])
def test_a_role_and_body_that_do_not_fit_are_refused(store, role, body, field):
    with pytest.raises(ValidationError) as exc:
        accounts.add_user(store, "li_na", PASSWORD, role=role, body=body)
    assert _problem_fields(exc) == [field]


def test_a_name_already_taken_is_a_conflict(store, clerk):
    with pytest.raises(Conflict):
        accounts.add_user(store, "zhang_wei", PASSWORD, body=FINANCE)


def test_adding_changing_and_disabling_users_is_audited(store, clerk):
    accounts.set_password(store, "zhang_wei", PASSWORD + "!", actor="admin")
    accounts.disable_user(store, "zhang_wei", actor="admin")
    assert [(e["action"], e["body"], e["details"]["user"]) for e in audit.entries(store)] == [
        ("user_disable", HARBIN, "zhang_wei"), ("user_passwd", HARBIN, "zhang_wei"),
        ("user_add", HARBIN, "zhang_wei")]


# -- logging in -------------------------------------------------------------------

def test_the_right_password_logs_in(store, clerk):
    assert sessions.check_login(store, "zhang_wei", PASSWORD, "10.0.0.8")["name"] == "zhang_wei"


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(store, clerk):
    with pytest.raises(Unauthorized) as wrong:
        sessions.check_login(store, "zhang_wei", "not the password", "10.0.0.8")
    with pytest.raises(Unauthorized) as unknown:
        sessions.check_login(store, "nobody", PASSWORD, "10.0.0.8")
    assert wrong.value.message == unknown.value.message


def test_after_ten_wrong_passwords_in_a_minute_the_right_one_is_refused(store, clerk):
    for second in range(10):
        with pytest.raises(Unauthorized):
            sessions.check_login(store, "zhang_wei", "wrong password", "10.0.0.8",
                                 now=T0 + dt.timedelta(seconds=5 * second))
    with pytest.raises(TooManyAttempts) as exc:
        sessions.check_login(store, "zhang_wei", PASSWORD, "10.0.0.9", now=T0 + dt.timedelta(seconds=50))
    assert exc.value.status == 429 and exc.value.retry_after == 295


def test_a_refused_account_may_log_in_again_after_five_minutes(store, clerk):
    for second in range(10):
        with pytest.raises(Unauthorized):
            sessions.check_login(store, "zhang_wei", "wrong password", None,
                                 now=T0 + dt.timedelta(seconds=second))
    later = T0 + dt.timedelta(seconds=9, minutes=5)
    assert sessions.check_login(store, "zhang_wei", PASSWORD, None, now=later)["name"] == "zhang_wei"


def test_ten_wrong_passwords_spread_over_more_than_a_minute_do_not_lock(store, clerk):
    for second in range(10):
        with pytest.raises(Unauthorized):
            sessions.check_login(store, "zhang_wei", "wrong password", None,
                                 now=T0 + dt.timedelta(seconds=7 * second))
    assert sessions.check_login(store, "zhang_wei", PASSWORD, None, now=T0 + dt.timedelta(seconds=64))


def test_ten_failures_from_one_address_lock_out_every_name_from_it(store, clerk):
    for n in range(10):
        with pytest.raises(Unauthorized):
            sessions.check_login(store, f"guess{n}", "wrong password", "203.0.113.5", now=T0)
    with pytest.raises(TooManyAttempts):
        sessions.check_login(store, "zhang_wei", PASSWORD, "203.0.113.5", now=T0)
    assert sessions.check_login(store, "zhang_wei", PASSWORD, "10.0.0.8", now=T0)


def test_each_recent_failure_slows_the_next_answer(store, clerk):
    assert sessions.login_delay(store, "zhang_wei", now=T0) == 0
    for _ in range(3):
        with pytest.raises(Unauthorized):
            sessions.check_login(store, "zhang_wei", "wrong password", None, now=T0)
    assert sessions.login_delay(store, "zhang_wei", now=T0) == 3 * sessions.DELAY_PER_FAILURE_S


def test_failed_and_refused_logins_are_audited_with_the_address(store, clerk):
    for _ in range(10):
        with pytest.raises(Unauthorized):
            sessions.check_login(store, "zhang_wei", "wrong password", "10.0.0.8", now=T0)
    with pytest.raises(TooManyAttempts):
        sessions.check_login(store, "zhang_wei", PASSWORD, "10.0.0.8", now=T0)
    logins = [(e["action"], e["address"]) for e in audit.entries(store, user="zhang_wei")]
    assert logins == [("login_refused", "10.0.0.8")] + [("login_failed", "10.0.0.8")] * 10


def test_a_disabled_user_cannot_log_in(store, clerk):
    accounts.disable_user(store, "zhang_wei")
    with pytest.raises(Unauthorized):
        sessions.check_login(store, "zhang_wei", PASSWORD, None)


# -- sessions -----------------------------------------------------------------------

def test_each_login_gets_a_new_session_with_its_own_csrf_token(store, clerk):
    first, csrf1 = sessions.create_session(store, clerk, address="10.0.0.8", now=T0)
    second, csrf2 = sessions.create_session(store, clerk, address="10.0.0.8", now=T0)
    assert first != second and csrf1 != csrf2
    session = sessions.get_session(store, first, now=T0)
    assert session["user"]["name"] == "zhang_wei" and sessions.check_csrf(session, csrf1)
    assert not sessions.check_csrf(session, csrf2)


def test_a_session_is_stored_only_as_a_hash(store, clerk):
    session_id, _ = sessions.create_session(store, clerk, now=T0)
    rows = store.run_sql_for_tests("SELECT hash FROM sessions")
    assert rows == [(hashlib.sha256(session_id.encode()).hexdigest(),)]


def test_a_session_lapses_after_thirty_minutes_idle(store, clerk):
    session_id, _ = sessions.create_session(store, clerk, now=T0)
    assert sessions.get_session(store, session_id, now=T0 + dt.timedelta(minutes=29))
    assert sessions.get_session(store, session_id, now=T0 + dt.timedelta(minutes=30)) is None


def test_using_a_session_keeps_it_alive_but_never_past_twelve_hours(store, clerk):
    session_id, _ = sessions.create_session(store, clerk, now=T0)
    for quarter in range(1, 48):
        assert sessions.touch_session(store, session_id, now=T0 + dt.timedelta(minutes=15 * quarter))
    assert not sessions.touch_session(store, session_id, now=T0 + dt.timedelta(hours=12))


def test_logging_out_ends_the_session_and_is_audited(store, clerk):
    session_id, _ = sessions.create_session(store, clerk)
    assert sessions.delete_session(store, session_id, address="10.0.0.8")
    assert sessions.get_session(store, session_id) is None
    assert audit.entries(store, action="logout")[0]["actor"] == "zhang_wei"


def test_disabling_a_user_ends_their_sessions(store, clerk):
    session_id, _ = sessions.create_session(store, clerk)
    accounts.disable_user(store, "zhang_wei")
    assert sessions.get_session(store, session_id) is None


# -- API tokens --------------------------------------------------------------------

def test_a_token_is_shown_once_and_stored_only_as_its_hash(store, clerk):
    token = accounts.create_token(store, "zhang_wei", label="数据对接")
    assert token["token"].startswith("dct_") and len(token["token"]) == 4 + 43
    listed = accounts.list_tokens(store, "zhang_wei")
    assert [(t["id"], t["label"]) for t in listed] == [(token["id"], "数据对接")]
    assert "token" not in accounts.list_tokens(store, "zhang_wei")[0]
    assert store.run_sql_for_tests("SELECT hash FROM tokens") == [
        (hashlib.sha256(token["token"].encode()).hexdigest(),)]


def test_a_token_authenticates_its_user_and_records_its_use(store, clerk):
    token = accounts.create_token(store, "zhang_wei")
    user = accounts.authenticate_token(store, token["token"], now=T0)
    assert (user["name"], user["token_id"]) == ("zhang_wei", token["id"])
    assert accounts.list_tokens(store, "zhang_wei")[0]["last_used"] == "2012-03-01T09:00:00Z"


def test_a_revoked_token_fails_and_the_others_still_work(store, clerk):
    revoked = accounts.create_token(store, "zhang_wei", label="旧")
    kept = accounts.create_token(store, "zhang_wei", label="新")
    accounts.revoke_token(store, "zhang_wei", revoked["id"], actor="admin")
    assert accounts.authenticate_token(store, revoked["token"]) is None
    assert accounts.authenticate_token(store, kept["token"])["name"] == "zhang_wei"
    with pytest.raises(Conflict):
        accounts.revoke_token(store, "zhang_wei", revoked["id"])


def test_an_unknown_or_malformed_token_fails(store, clerk):
    accounts.create_token(store, "zhang_wei")
    assert accounts.authenticate_token(store, "dct_" + "x" * 43) is None
    assert accounts.authenticate_token(store, "Bearer something") is None


def test_a_disabled_users_tokens_fail(store, clerk):
    token = accounts.create_token(store, "zhang_wei")
    accounts.disable_user(store, "zhang_wei")
    assert accounts.authenticate_token(store, token["token"]) is None


def test_creating_and_revoking_tokens_is_audited(store, clerk):
    token = accounts.create_token(store, "zhang_wei", actor="admin", address="10.0.0.1")
    accounts.revoke_token(store, "zhang_wei", token["id"], actor="admin", address="10.0.0.1")
    entries = audit.entries(store, user="admin", since="2000-01-01", limit=2)
    assert [(e["action"], e["address"], e["details"]["token_id"]) for e in entries] == [
        ("token_revoke", "10.0.0.1", token["id"]), ("token_create", "10.0.0.1", token["id"])]


def test_a_full_width_spelling_of_a_name_counts_against_the_same_account(store, clerk):
    for _ in range(10):
        with pytest.raises(Unauthorized):
            sessions.check_login(store, "ｚｈａｎｇ_ｗｅｉ", "wrong password", None, now=T0)
    with pytest.raises(TooManyAttempts):
        sessions.check_login(store, "zhang_wei", PASSWORD, None, now=T0)
