"""Staff on two servers sharing one PostgreSQL store: a session and the login throttle are the store's.

A load balancer may send a clerk's next request to any server, so a session
opened on one must be honoured by the other, a logout on either must end it
everywhere, and failed logins must count together wherever they were tried.
"""

from catalogue import accounts
from catalogue.home import Home
from catalogue.sessions import FAILURE_LIMIT
from processes import serving
from staff_outside_fixtures import Browser, csrf_of, log_in

CLERK, PASSWORD, WRONG = "binxian_clerk", "宾县-正确的口令-2012", "错误的口令-wrong"


def _clerk(pg_url, home):
    with Home(home, store=pg_url).open_store() as store:
        accounts.add_user(store, CLERK, PASSWORD, role="editor", body="宾县人民政府", actor="test")


def _same_session(base, cookies):
    other = Browser(base)
    other.cookies = dict(cookies)
    return other


def test_a_clerk_logged_in_on_one_server_goes_on_on_the_other_and_a_logout_there_ends_it_on_both(fleet, pg_url):
    env, _token, (home_a, home_b) = fleet
    _clerk(pg_url, home_a)
    with serving(home_a, env=env) as a, serving(home_b, env=env) as b:
        on_a = Browser(a.base)
        assert log_in(on_a, CLERK, PASSWORD).status == 303
        on_b = _same_session(b.base, on_a.cookies)
        listing = on_b.get("/staff/items")
        assert listing.status == 200 and CLERK in listing.text
        assert on_b.post("/staff/logout", {"csrf": csrf_of(on_b)}).status == 303
        assert on_a.get("/staff/items").status == 303     # back to the login page


def test_failed_logins_count_together_across_servers(fleet, pg_url):
    env, _token, (home_a, home_b) = fleet
    _clerk(pg_url, home_a)
    with serving(home_a, env=env) as a, serving(home_b, env=env) as b:
        tried = [log_in(Browser((a, b)[n % 2].base), CLERK, WRONG).status for n in range(FAILURE_LIMIT)]
        refused = [log_in(Browser(server.base), CLERK, PASSWORD) for server in (a, b)]
    assert tried == [401] * FAILURE_LIMIT
    assert [answer.status for answer in refused] == [429, 429]
