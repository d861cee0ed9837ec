"""An administrator manages staff accounts from the workspace."""

from __future__ import annotations

from litestar.testing import TestClient
from sqlmodel import Session, select

from legaldesk.accounts.users import authenticate
from legaldesk.models import AuditEvent, User
from legaldesk.repository import Repository
from tests.web.sessions import PASSWORD, ROLES, Client, log_in, log_out, post_form, token, user_id


def test_an_admin_creates_an_account_that_can_log_in(client: Client, repo: Repository) -> None:
    log_in(client, "admin")

    page = post_form(
        client,
        "/staff/users",
        {
            "username": "ivanova",
            "display_name": "Иванова А. П.",
            "role": "employee",
            "password": "first password",
        },
    )
    log_out(client)

    assert "Учётная запись ivanova создана." in page
    assert log_in(client, "ivanova", "first password") == 302
    with Session(repo.engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "user_added")).all()
    added = [(e.actor, e.detail) for e in events if e.detail["user"] == "ivanova"]
    assert added == [("web:admin", {"user": "ivanova", "role": "employee"})]


def test_a_nonsense_account_is_refused_and_the_form_is_kept(
    client: Client, repo: Repository
) -> None:
    log_in(client, "admin")

    response = client.post(
        "/staff/users",
        data={
            "username": "<script>",
            "display_name": "Пётр",
            "role": "admin",
            "password": "long enough",
            "_csrf_token": token(client, "/staff"),
        },
    )

    assert response.status_code == 400
    assert "имя пользователя — от 2 до 64" in response.text
    assert 'value="Пётр"' in response.text
    assert "&lt;script&gt;" in response.text and "<script>" not in response.text
    with Session(repo.engine) as session:
        assert len(session.exec(select(User)).all()) == len(ROLES)  # the fixture's own


def test_a_switched_off_account_loses_its_open_session(client: Client, repo: Repository) -> None:
    with TestClient(client.app) as librarians_desk:
        log_in(librarians_desk, "librarian")
        assert librarians_desk.get("/staff").status_code == 200
        log_in(client, "admin")

        post_form(client, f"/staff/users/{user_id(repo, 'librarian')}", {"role": "librarian"})

        assert librarians_desk.get("/staff", follow_redirects=False).status_code == 302
        assert log_in(librarians_desk, "librarian") == 400
    assert authenticate(repo.engine, "librarian", PASSWORD) is None


def test_a_new_role_ends_the_persons_sessions_and_holds_at_the_next_login(
    repo: Repository, client: Client
) -> None:
    librarian = user_id(repo, "librarian")
    with TestClient(client.app) as other:
        log_in(other, "librarian")
        assert other.get("/staff/upload").status_code == 200
        log_in(client, "admin")

        post_form(client, f"/staff/users/{librarian}", {"role": "employee", "active": "on"})

        ended = other.get("/staff/upload", follow_redirects=False)
        assert ended.status_code == 302 and ended.headers["location"].startswith("/login")
        assert log_in(other, "librarian") == 302
        assert other.get("/staff/upload").status_code == 403


def test_the_last_administrator_cannot_demote_himself(client: Client, repo: Repository) -> None:
    log_in(client, "admin")

    page = post_form(
        client,
        f"/staff/users/{user_id(repo, 'admin')}",
        {"role": "librarian", "active": "on"},
        status=400,
    )

    assert "admin — последний администратор" in page
    with Session(repo.engine) as session:
        assert session.exec(select(User).where(User.username == "admin")).one().role == "admin"


def test_an_admin_sets_a_new_password_for_someone_who_forgot(
    client: Client, repo: Repository
) -> None:
    log_in(client, "admin")

    short = post_form(
        client,
        f"/staff/users/{user_id(repo, 'employee')}/password",
        {"password": "short"},
        status=400,
    )
    page = post_form(
        client, f"/staff/users/{user_id(repo, 'employee')}/password", {"password": "brand new one"}
    )
    log_out(client)

    assert "пароль должен быть не короче 8 знаков" in short
    assert "Новый пароль задан." in page
    assert log_in(client, "employee", "brand new one") == 302
