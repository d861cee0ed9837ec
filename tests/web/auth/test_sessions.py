"""Staff sessions in the browser: a new session at every sign-in, CSRF tokens bound to it,
sessions that end when they must, cookies that say what they should — and nothing at all
for anonymous readers."""

from __future__ import annotations

from datetime import timedelta

from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import update
from sqlmodel import Session, select

from legaldesk.accounts.sessions import token_hash
from legaldesk.models import StaffSession
from legaldesk.models.base import utcnow
from legaldesk.repository import Repository
from legaldesk.web.auth.csrf import COOKIE as CSRF_COOKIE
from legaldesk.web.auth.sessions import SESSION_COOKIE
from tests.web.sessions import PASSWORD, Client, log_in, post_form, token, user_id


def signed_in(client: Client) -> bool:
    return client.get("/staff", follow_redirects=False).status_code == 200


def test_anonymous_readers_get_no_cookie_and_leave_no_session(
    client: Client, repo: Repository
) -> None:
    for path in ["/", "/search?q=налог", "/documents/1", "/api/v1/search?q=налог", "/new.atom"]:
        response = client.get(path)
        assert response.status_code == 200
        assert "set-cookie" not in response.headers, path

    with Session(repo.engine) as session:
        assert session.exec(select(StaffSession)).all() == []


def test_a_session_id_planted_before_login_is_worthless_after_it(
    app: Litestar, client: Client
) -> None:
    """Session fixation: the attacker signs in with their own (employee) account, plants
    that session's id in the victim's browser, and waits for the victim to sign in."""
    with TestClient(app) as attacker:
        log_in(attacker, "employee")
        planted = attacker.cookies[SESSION_COOKIE]
    client.cookies.set(SESSION_COOKIE, planted, domain="testserver.local")

    assert log_in(client, "admin") == 302

    assert client.cookies[SESSION_COOKIE] != planted
    assert client.get("/staff/users").status_code == 200  # the victim is the admin…
    with TestClient(app) as attacker:  # …and the planted id is no session of anyone now
        attacker.cookies.set(SESSION_COOKIE, planted, domain="testserver.local")
        assert not signed_in(attacker)
        assert attacker.get("/staff/users", follow_redirects=False).status_code == 302


def test_an_unknown_session_id_is_never_adopted(client: Client, repo: Repository) -> None:
    client.cookies.set(
        SESSION_COOKIE, "chosen-by-the-attacker-0123456789abcdef", domain="testserver.local"
    )

    log_in(client, "librarian")

    assert client.cookies[SESSION_COOKIE] != "chosen-by-the-attacker-0123456789abcdef"
    with Session(repo.engine) as session:
        stored = session.exec(select(StaffSession.token_hash)).all()
    assert stored == [token_hash(client.cookies[SESSION_COOKIE])]


def test_the_csrf_token_changes_at_login_and_the_old_one_is_refused(client: Client) -> None:
    before = token(client, "/login")
    log_in(client, "librarian")
    after = token(client, "/staff")

    assert before != after
    refused = client.post("/logout", data={"_csrf_token": before}, follow_redirects=False)
    assert refused.status_code == 403
    assert signed_in(client)
    assert (
        client.post("/logout", data={"_csrf_token": after}, follow_redirects=False).status_code
        == 302
    )
    assert not signed_in(client)


def test_a_csrf_token_of_one_session_is_refused_in_another(app: Litestar, client: Client) -> None:
    log_in(client, "librarian")
    with TestClient(app) as other:
        log_in(other, "librarian")
        foreign = token(other, "/staff")

    response = client.post("/logout", data={"_csrf_token": foreign}, follow_redirects=False)

    assert response.status_code == 403
    assert signed_in(client)


def test_a_post_without_a_token_or_with_a_forged_one_is_refused(client: Client) -> None:
    log_in(client, "librarian")
    for data in ({}, {"_csrf_token": ""}, {"_csrf_token": "0" * 64}):
        assert client.post("/logout", data=data, follow_redirects=False).status_code == 403
    assert signed_in(client)


def test_the_login_form_needs_the_token_its_page_gave(client: Client) -> None:
    data = {"username": "librarian", "password": PASSWORD}

    assert client.post("/login", data=data, follow_redirects=False).status_code == 403
    assert (
        client.post(
            "/login", data={**data, "_csrf_token": token(client)}, follow_redirects=False
        ).status_code
        == 302
    )


def test_the_pre_login_csrf_cookie_is_dropped_at_login(client: Client) -> None:
    token(client, "/login")
    assert CSRF_COOKIE in client.cookies

    log_in(client, "librarian")

    assert CSRF_COOKIE not in client.cookies


def test_a_password_change_signs_out_other_browsers_and_keeps_this_one(
    app: Litestar, client: Client
) -> None:
    with TestClient(app) as elsewhere:
        log_in(elsewhere, "librarian")
        log_in(client, "librarian")
        old = client.cookies[SESSION_COOKIE]

        response = client.post(
            "/staff/password",
            data={
                "current": PASSWORD,
                "new": "a much newer password",
                "repeat": "a much newer password",
                "_csrf_token": token(client, "/staff/password"),
            },
        )

        assert response.status_code == 200
        assert not signed_in(elsewhere)
        assert signed_in(client) and client.cookies[SESSION_COOKIE] != old


def test_a_reset_by_the_administrator_signs_the_person_out(
    app: Litestar, client: Client, repo: Repository
) -> None:
    with TestClient(app) as librarian:
        log_in(librarian, "librarian")
        log_in(client, "admin")

        post_form(
            client,
            f"/staff/users/{user_id(repo, 'librarian')}/password",
            {"password": "set by the admin"},
        )

        assert not signed_in(librarian)
        assert signed_in(client)


def test_switching_an_account_off_signs_it_out_at_once(
    app: Litestar, client: Client, repo: Repository
) -> None:
    with TestClient(app) as librarian:
        log_in(librarian, "librarian")
        log_in(client, "admin")

        post_form(client, f"/staff/users/{user_id(repo, 'librarian')}", {"role": "librarian"})

        assert not signed_in(librarian)
        assert log_in(librarian, "librarian") == 400


def test_an_administrator_signs_someone_out_everywhere(
    app: Litestar, client: Client, repo: Repository
) -> None:
    with TestClient(app) as librarian:
        log_in(librarian, "librarian")
        log_in(client, "admin")
        ending = f'action="/staff/users/{user_id(repo, "librarian")}/sessions/end"'
        assert ending in client.get("/staff/users").text

        post_form(client, f"/staff/users/{user_id(repo, 'librarian')}/sessions/end", {})

        assert not signed_in(librarian)
        assert signed_in(client)


def test_a_session_idle_too_long_has_ended(client: Client, repo: Repository) -> None:
    repo.settings.session_idle_minutes = 30
    log_in(client, "librarian")
    with Session(repo.engine) as session:
        session.execute(update(StaffSession).values(last_seen_at=utcnow() - timedelta(minutes=31)))
        session.commit()

    response = client.get("/staff", follow_redirects=False)

    assert response.status_code == 302 and response.headers["location"].startswith("/login")
    assert SESSION_COOKIE not in client.cookies  # the browser is told to forget it


def test_a_session_ends_at_its_absolute_lifetime(client: Client, repo: Repository) -> None:
    repo.settings.session_max_hours = 8
    log_in(client, "librarian")
    with Session(repo.engine) as session:
        session.execute(
            update(StaffSession).values(created_at=utcnow() - timedelta(hours=8, minutes=1))
        )
        session.commit()

    assert not signed_in(client)


def cookie_headers(response: object) -> list[str]:
    return [v for k, v in response.headers.multi_items() if k == "set-cookie"]  # type: ignore[attr-defined]


def login_response(client: Client) -> object:
    data = {"username": "librarian", "password": PASSWORD, "_csrf_token": token(client)}
    return client.post("/login", data=data, follow_redirects=False)


def test_cookies_are_http_only_lax_and_not_secure_over_plain_http(client: Client) -> None:
    [session_cookie] = [
        c for c in cookie_headers(login_response(client)) if c.startswith(SESSION_COOKIE)
    ]

    assert "HttpOnly" in session_cookie and "SameSite=lax" in session_cookie
    assert "Secure" not in session_cookie


def test_cookies_are_secure_when_the_site_is_reached_over_https(app: Litestar) -> None:
    with TestClient(app, base_url="https://legal.example.ru") as client:
        response = login_response(client)
        session_cookie = next(c for c in cookie_headers(response) if c.startswith(SESSION_COOKIE))
        assert "Secure" in session_cookie
        assert response.headers["strict-transport-security"].startswith("max-age=")  # type: ignore[attr-defined]


def test_cookies_are_secure_always_when_configured(client: Client, repo: Repository) -> None:
    repo.settings.secure_cookies = "always"

    page = client.get("/login")  # over plain HTTP (TLS ends at a proxy that is not trusted)

    [csrf_cookie] = cookie_headers(page)
    assert csrf_cookie.startswith(CSRF_COOKIE) and "Secure" in csrf_cookie
    assert page.headers["strict-transport-security"].startswith("max-age=")


def test_cookies_are_never_secure_when_configured_so(app: Litestar, repo: Repository) -> None:
    repo.settings.secure_cookies = "never"
    with TestClient(app, base_url="https://legal.example.ru") as client:
        cookies = cookie_headers(login_response(client))
    assert cookies and not any("Secure" in c for c in cookies)
