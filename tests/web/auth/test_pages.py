"""Signing in and out and changing one's password through the real forms."""

from __future__ import annotations

from litestar import Litestar

from legaldesk.accounts.users import authenticate
from legaldesk.repository import Repository
from tests.web.sessions import PASSWORD, Client, log_in, token


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(client: Client) -> None:
    wrong_password = client.post(
        "/login", data={"username": "admin", "password": "nope", "_csrf_token": token(client)}
    )
    no_such_user = client.post(
        "/login", data={"username": "ghost", "password": "nope", "_csrf_token": token(client)}
    )

    assert wrong_password.status_code == no_such_user.status_code == 400
    assert "Неверное имя или пароль" in wrong_password.text


def test_login_does_not_redirect_elsewhere(client: Client) -> None:
    data = {
        "username": "admin",
        "password": PASSWORD,
        "next": "https://evil.example/",
        "_csrf_token": token(client),
    }

    response = client.post("/login", data=data, follow_redirects=False)

    assert response.headers["location"] == "/staff"


def test_passwords_are_stored_as_argon2_hashes(repo: Repository, app: Litestar) -> None:
    user = authenticate(repo.engine, "admin", PASSWORD)

    assert user is not None and user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_logout_ends_the_session(client: Client) -> None:
    log_in(client, "admin")

    client.post("/logout", data={"_csrf_token": token(client, "/staff")})

    assert client.get("/staff", follow_redirects=False).status_code == 302


def test_password_change_then_login_with_the_new_one(client: Client) -> None:
    log_in(client, "employee")
    data = {"current": PASSWORD, "new": "a new long one", "repeat": "a new long one"}

    response = client.post(
        "/staff/password", data={**data, "_csrf_token": token(client, "/staff/password")}
    )
    client.post("/logout", data={"_csrf_token": token(client, "/staff")})

    assert response.status_code == 200
    assert log_in(client, "employee", "a new long one") == 302
