"""The real app with staff accounts, and a logged-in WebTest client for each.

``staff_app`` is a fresh app (function scope: staff tests write) on the web
tests' home (tests/web_fixtures.py) with the accounts of
tests/staff_fixtures.py; ``login(app, name)`` returns a WebTest client with
that user's session, and ``form_of(page)`` the first form of a page.
"""

import pytest

from catalogue import accounts
from staff_fixtures import ACCOUNTS, PASSWORD, require_review
from web_fixtures import client_for, make_home, open_app


@pytest.fixture
def staff_app(tmp_path):
    home = make_home(tmp_path / "home")
    app = open_app(home)
    require_review(app.store)
    for name, (role, body) in ACCOUNTS.items():
        accounts.add_user(app.store, name, PASSWORD, role=role, body=body, actor="test")
    yield app
    app.close()


def login(app, name, password=PASSWORD):
    """A WebTest client logged in as ``name`` through the real login form."""
    client = client_for(app)
    page = client.get("/staff/login")
    form = page.forms[0]
    form["name"] = name
    form["password"] = password
    answer = form.submit()
    assert answer.status_int == 303, answer.text
    return client
