"""Staff in the web tests: logging in through the real login form, CSRF token and all,
sending workspace forms, finding an account's id."""

from __future__ import annotations

import re

from litestar.testing import TestClient
from sqlmodel import Session, select

from legaldesk.models import User
from legaldesk.repository import Repository

Client = TestClient  # type: ignore[type-arg]
PASSWORD = "correct horse battery"
ROLES = ("admin", "librarian", "employee", "deputy")


def token(client: Client, path: str = "/login") -> str:
    match = re.search(r'name="_csrf_token" value="([^"]+)"', client.get(path).text)
    assert match, f"no CSRF field on {path}"
    return match.group(1)


def log_in(client: Client, username: str, password: str = PASSWORD) -> int:
    data = {"username": username, "password": password, "_csrf_token": token(client)}
    return client.post("/login", data=data, follow_redirects=False).status_code


def log_out(client: Client) -> None:
    client.post("/logout", data={"_csrf_token": token(client, "/staff")})


def post_form(client: Client, path: str, data: dict[str, str], status: int = 200) -> str:
    """A workspace form sent with its CSRF token; the page it answers with, which must come
    with ``status`` (400 where the form is refused)."""
    response = client.post(path, data={**data, "_csrf_token": token(client, "/staff")})
    assert response.status_code == status, response.text[:300]
    return response.text


def user_id(repo: Repository, username: str) -> int:
    with Session(repo.engine) as session:
        user = session.exec(select(User).where(User.username == username)).one()
        assert user.id is not None
        return user.id
