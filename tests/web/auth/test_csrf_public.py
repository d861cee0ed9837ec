"""CSRF on a public form sent by a resident who has no session: the form's page gives the
visitor a random cookie and a token bound to it (auth/csrf.py), and the form goes through
only with both, from the same browser."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from legaldesk.repository import Repository
from legaldesk.web import antispam
from legaldesk.web.app import create_app
from legaldesk.web.auth.csrf import COOKIE, FIELD
from legaldesk.web.auth.sessions import SESSION_COOKIE
from tests.web import publicform
from tests.web.publicform import FORM, Saved, form_values
from tests.web.sessions import Client


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite only: CSRF does not touch the database."""
    return f"sqlite:///{tmp_path / 'legaldesk.sqlite3'}"


@pytest.fixture
def app(repo: Repository) -> Litestar:
    repo.init()
    return create_app(repo)


@pytest.fixture
def saved(app: Litestar) -> Saved:
    return publicform.install(app)


@pytest.fixture
def client(app: Litestar, saved: Saved) -> Iterator[Client]:
    with TestClient(app) as test_client:
        yield test_client


def filled(app: Litestar, values: dict[str, str]) -> dict[str, str]:
    stamp = antispam.stamp(app.state.secret_key, FORM.name, time.time() - 10)
    return {**values, antispam.STAMP: stamp, "question": "Где получить справку?"}


def test_a_resident_without_a_session_sends_a_public_form(
    app: Litestar, client: Client, saved: Saved
) -> None:
    page = client.get("/test-ask")
    cookie = page.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    values = form_values(client)

    response = client.post("/test-ask", data=filled(app, values))

    assert response.status_code == 201
    assert saved.questions == ["Где получить справку?"]
    assert SESSION_COOKIE not in client.cookies  # a resident is given no session


def test_a_public_form_needs_the_token_and_the_cookie_of_one_browser(
    app: Litestar, client: Client, saved: Saved
) -> None:
    values = form_values(client)
    without = {k: v for k, v in values.items() if k != FIELD}
    with TestClient(app) as other:
        theirs = form_values(other)[FIELD]
        with TestClient(app) as fresh:  # the token alone, never shown a form: no cookie
            assert fresh.post("/test-ask", data=filled(app, values)).status_code == 403

    attempts = [
        without,  # no token
        {**values, FIELD: theirs},  # another browser's token
        {**values, FIELD: client.cookies[COOKIE]},  # the cookie echoed as the token
    ]
    for data in attempts:
        response = client.post("/test-ask", data=filled(app, data))
        assert response.status_code == 403
        assert "Форма устарела или отправлена не с этого сайта" in response.text

    assert saved.questions == []


def test_two_public_forms_open_at_once_both_go_through(
    app: Litestar, client: Client, saved: Saved
) -> None:
    first = form_values(client)
    second_page = client.get("/test-ask")
    second = form_values(client)

    assert "set-cookie" not in second_page.headers  # the cookie is given once
    assert first[FIELD] == second[FIELD]
    assert client.post("/test-ask", data=filled(app, first)).status_code == 201
    assert client.post("/test-ask", data=filled(app, second)).status_code == 201
    assert len(saved.questions) == 2


def test_public_pages_without_a_form_give_no_cookie(client: Client) -> None:
    assert "set-cookie" not in client.get("/").headers
