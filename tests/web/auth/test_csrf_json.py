"""CSRF and JSON (auth/csrf.py, docs/security.md «Public forms»): a POST whose body is JSON
and that carries no staff session cookie needs no token — no other site can make a browser
send it without a preflight, which the service never grants — while a form still does, and
a JSON POST carrying a session cookie still does. Tried on the public ask endpoint and form,
the only ones a visitor without a session may send; SQLite only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from legaldesk.accounts.users import create_user
from legaldesk.repository import Repository
from legaldesk.web.auth.csrf import FIELD
from legaldesk.web.auth.sessions import SESSION_COOKIE
from tests.web.asking import ASKED, QUESTION, ask_app, hidden_fields, requests_filed
from tests.web.indexing import indexing
from tests.web.sessions import PASSWORD, Client, log_in


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite only: CSRF does not touch the database."""
    return f"sqlite:///{tmp_path / 'legaldesk.sqlite3'}"


@pytest.fixture
def app(repo: Repository) -> Litestar:
    return ask_app(repo)


@pytest.fixture
def client(app: Litestar) -> Iterator[Client]:
    with TestClient(indexing(app)) as test_client:
        yield test_client


def test_a_form_encoded_post_without_a_token_is_refused(
    client: Client, app: Litestar, repo: Repository
) -> None:
    values = {k: v for k, v in hidden_fields(client).items() if k != FIELD}

    response = client.post("/ask", data={**values, "question": QUESTION, "consent": "yes"})

    assert response.status_code == 403
    assert requests_filed(repo) == []


def test_json_without_a_session_cookie_needs_no_token(client: Client, repo: Repository) -> None:
    assert not client.cookies  # nothing: no CSRF cookie, no session

    assert client.post("/api/v1/ask", json=ASKED).status_code == 201
    assert len(requests_filed(repo)) == 1


def test_json_with_a_session_cookie_and_no_token_is_refused(
    client: Client, repo: Repository
) -> None:
    create_user(repo.engine, "librarian", PASSWORD, "librarian")
    assert log_in(client, "librarian") == 302

    response = client.post("/api/v1/ask", json=ASKED)

    assert response.status_code == 403
    assert requests_filed(repo) == []
    # an expired or forged session cookie is a session cookie all the same
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, "forged")
    assert client.post("/api/v1/ask", json=ASKED).status_code == 403


def test_json_is_no_way_around_the_token_for_a_form(
    client: Client, app: Litestar, repo: Repository
) -> None:
    """The exemption is for a JSON body: the form's handler reads a form, finds none in a
    JSON body, and files nothing; the login form signs nobody in."""
    create_user(repo.engine, "librarian", PASSWORD, "librarian")

    ask = client.post("/ask", json={"question": QUESTION, "reply_by": "library", "consent": "yes"})
    login = client.post(
        "/login", json={"username": "librarian", "password": PASSWORD}, follow_redirects=False
    )

    assert ask.status_code == 400 and requests_filed(repo) == []
    assert login.status_code == 400 and SESSION_COOKIE not in client.cookies
