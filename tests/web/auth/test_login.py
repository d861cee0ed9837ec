"""Signing in through the web: throttled per account and per address, every attempt in the
audit trail, the password checked off the event loop."""

from __future__ import annotations

import os
import threading

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlmodel import Session, col, select

from legaldesk.accounts import passwords
from legaldesk.models import AuditEvent
from legaldesk.repository import Repository
from legaldesk.web.auth.passwords import PASSWORD_NICE
from tests.web.sessions import PASSWORD, Client, log_in, post_form, token, user_id


def attempt(client: Client, username: str, password: str) -> tuple[int, str]:
    data = {"username": username, "password": password, "_csrf_token": token(client)}
    response = client.post("/login", data=data, follow_redirects=False)
    return response.status_code, response.headers.get("retry-after", "")


def actions(repo: Repository) -> list[str]:
    with Session(repo.engine) as session:
        events = session.exec(select(AuditEvent).order_by(col(AuditEvent.id))).all()
    return [e.action for e in events if e.action.startswith("login")]


def test_wrong_passwords_are_slowed_then_refused_unchecked(
    client: Client, repo: Repository
) -> None:
    codes = [attempt(client, "admin", f"guess {n}")[0] for n in range(5)]

    # three free failures, a fourth that starts a wait, then refusals without a check
    assert codes == [400, 400, 400, 400, 429]
    status, retry_after = attempt(client, "admin", PASSWORD)  # even the right password
    assert status == 429 and retry_after.isdigit() and int(retry_after) >= 1
    assert actions(repo) == ["login_failed"] * 4


def test_enough_failures_lock_the_account_and_an_administrator_unlocks_it(
    app: Litestar, client: Client, repo: Repository
) -> None:
    repo.settings.login_free_attempts = 5
    repo.settings.login_lock_after = 5
    for n in range(5):
        assert attempt(client, "librarian", f"guess {n}")[0] == 400

    with TestClient(app) as elsewhere:  # the lock is on the name, from every address
        status, _ = attempt(elsewhere, "librarian", PASSWORD)
        assert status == 429
        assert "login_locked" in actions(repo)

        log_in(client, "admin")
        page = client.get("/staff/users").text
        assert "/staff/users/" in page and "/unlock" in page
        post_form(client, f"/staff/users/{user_id(repo, 'librarian')}/unlock", {})

        assert attempt(elsewhere, "librarian", PASSWORD)[0] == 302


def test_one_address_trying_many_names_is_slowed_too(client: Client) -> None:
    codes = [attempt(client, f"nobody{n}", "guess")[0] for n in range(5)]

    assert codes[-1] == 429


def test_successful_and_failed_logins_are_in_the_audit_trail(
    client: Client, repo: Repository
) -> None:
    attempt(client, "librarian", "wrong password")
    assert log_in(client, "librarian") == 302

    with Session(repo.engine) as session:
        events = session.exec(
            select(AuditEvent)
            .where(col(AuditEvent.action).in_(["login", "login_failed"]))
            .order_by(col(AuditEvent.id))
        ).all()
    assert [(e.action, e.detail.get("user"), e.actor) for e in events] == [
        ("login_failed", "librarian", "login"),
        ("login", None, "web:librarian"),
    ]
    assert all(e.detail["address"] == "testclient" for e in events)


def test_the_accounts_page_lists_recent_sign_ins(client: Client) -> None:
    attempt(client, "employee", "wrong password")
    log_in(client, "admin")

    page = client.get("/staff/users").text

    assert "employee" in page and "testclient" in page


def test_a_success_clears_the_count(client: Client) -> None:
    for n in range(3):
        attempt(client, "librarian", f"guess {n}")
    assert log_in(client, "librarian") == 302
    client.post("/logout", data={"_csrf_token": token(client, "/staff")})

    assert [attempt(client, "librarian", "typo")[0] for _ in range(3)] == [400, 400, 400]


def test_the_password_is_checked_in_the_password_thread_not_on_the_event_loop(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked_in: list[tuple[str, int]] = []
    real = passwords.verify_password

    def recording(stored: str, password: str) -> bool:
        thread = threading.current_thread()
        checked_in.append((thread.name, os.getpriority(os.PRIO_PROCESS, threading.get_native_id())))
        return real(stored, password)

    monkeypatch.setattr("legaldesk.accounts.users.verify_password", recording)

    assert log_in(client, "librarian") == 302
    [(name, nice)] = checked_in
    assert name.startswith("passwords")
    assert nice == PASSWORD_NICE  # page views win the core from a flood of sign-ins


def test_a_huge_login_form_is_refused_unread(client: Client) -> None:
    data = {"username": "admin", "password": "x" * 100_000, "_csrf_token": token(client)}

    assert client.post("/login", data=data).status_code == 413
