"""Logging in as staff through the real login form, CSRF token and all."""

from __future__ import annotations

import re

from litestar.testing import TestClient

Client = TestClient  # type: ignore[type-arg]
PASSWORD = "correct horse battery"
ROLES = ("admin", "librarian", "employee")


def token(client: Client, path: str = "/login") -> str:
    match = re.search(r'name="_csrf_token" value="([^"]+)"', client.get(path).text)
    assert match, f"no CSRF field on {path}"
    return match.group(1)


def log_in(client: Client, username: str, password: str = PASSWORD) -> int:
    data = {"username": username, "password": password, "_csrf_token": token(client)}
    return client.post("/login", data=data, follow_redirects=False).status_code


def log_out(client: Client) -> None:
    client.post("/logout", data={"_csrf_token": token(client, "/staff")})
