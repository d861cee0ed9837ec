"""The staff workspace: logins, CSRF, filing by upload, and who may open what — checked for
every staff route in the application's own route table."""

from __future__ import annotations

import re

import pytest
from litestar import Litestar

from legaldesk.accounts.users import authenticate
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from legaldesk.web.auth import staff_guard
from tests.factories import act_text, broken_pdf, docx_bytes
from tests.web.sessions import PASSWORD, ROLES, Client, log_in, token

EXAMPLES = {
    "document_id": "1",
    "run_id": "1",
    "name": "dead-site",
    "user_id": "1",
    "code": "local_government",
}


# Routes anyone may use. A new route is either added here, knowingly, or guarded — and then
# every role is checked against it below.
PUBLIC = {
    "/",
    "/search",
    "/rubrics",
    "/issuers",
    "/lang/{code:str}",
    "/documents/{document_id:int}",
    "/documents/{document_id:int}/versions/{version_id:int}/original",
    "/new",
    "/new/poster",
    "/new.atom",
    "/api/v1/search",
    "/api/v1/documents/{document_id:int}",
    "/api/v1/rubrics",
    "/login",
    "/static/{file_path:path}",
    "/schema",
}


def guarded(handler: object) -> bool:
    return staff_guard in (getattr(handler, "guards", None) or [])


def test_every_route_is_public_by_name_or_guarded(app: Litestar) -> None:
    loose = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if set(getattr(handler, "http_methods", ())) == {"OPTIONS"}:
                continue  # Litestar's own preflight answer: headers, no data
            public = route.path in PUBLIC or route.path.startswith("/schema")
            if not public and not guarded(handler):
                loose.append(route.path)
    assert loose == []


def staff_routes(app: Litestar) -> list[tuple[str, str, tuple[str, ...]]]:
    """(method, path, roles) of every guarded route, from the application's route table."""
    out = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if not guarded(handler):
                continue
            for method in handler.http_methods:  # type: ignore[attr-defined]
                if method == "OPTIONS":  # Litestar's own preflight answer: headers, no data
                    continue
                path = route.path
                for param, value in EXAMPLES.items():  # objects the fixture made
                    path = re.sub(r"\{" + param + r":\w+\}", value, path)
                assert "{" not in path, f"no example value for a parameter of {path}"
                out.append((method, path, tuple(handler.opt.get("roles", ()))))
    return out


def test_every_staff_route_declares_its_roles(app: Litestar) -> None:
    routes = staff_routes(app)

    assert len(routes) >= 7
    assert all(roles for _m, _p, roles in routes), routes


def test_anonymous_visitors_are_refused_everywhere(app: Litestar, client: Client) -> None:
    for method, path, _roles in staff_routes(app):
        response = client.request(method, path, follow_redirects=False)
        if method == "GET":
            if path.startswith("/api/"):
                assert response.status_code == 401, path
                assert response.json()["detail"]
            else:
                assert response.status_code == 302, path
                assert response.headers["location"].startswith("/login?next=")
        else:  # refused before anything is read: no CSRF token, no session
            assert response.status_code in (401, 403), (method, path)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_its_pages(app: Litestar, client: Client, role: str) -> None:
    assert log_in(client, role) == 302
    for method, path, roles in staff_routes(app):
        if method != "GET":
            continue
        status = client.get(path, follow_redirects=False).status_code
        assert status == (200 if role in roles else 403), (role, path)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_refused_the_actions_it_may_not_take(
    app: Litestar, client: Client, role: str
) -> None:
    log_in(client, role)
    for method, path, roles in staff_routes(app):
        if method != "POST" or role in roles:
            continue
        response = client.post(path, data={"_csrf_token": token(client, "/staff")})
        assert response.status_code == 403, (role, path)


def test_a_post_without_a_csrf_token_is_refused(client: Client) -> None:
    log_in(client, "librarian")

    response = client.post(
        "/staff/password", data={"current": PASSWORD, "new": "x" * 10, "repeat": "x" * 10}
    )

    assert response.status_code == 403


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


def test_a_librarian_files_several_files_and_a_broken_one_is_named(
    client: Client, repo: Repository
) -> None:
    log_in(client, "librarian")
    files: list[tuple[str, tuple[str, bytes, str]]] = [
        ("files", ("246.docx", docx_bytes(act_text(number="246-п")), "application/octet-stream")),
        ("files", ("broken.pdf", broken_pdf(), "application/pdf")),
    ]

    response = client.post(
        "/staff/upload", files=files, data={"_csrf_token": token(client, "/staff/upload")}
    )

    assert response.status_code == 200
    assert re.search(r"246\.docx: <a href=\"/documents/\d+\">принят", response.text)
    assert "broken.pdf: <strong>не принят</strong>" in response.text
    found = client.get("/api/v1/search", params={"q": "246-п"}).json()
    assert found["total"] >= 1  # searchable at once


def test_the_review_queue_lists_documents_the_parser_was_unsure_of(
    client: Client, repo: Repository
) -> None:
    repo.ingestor("test").ingest(RawFile("просто текст без реквизитов".encode(), "note.txt"))
    log_in(client, "librarian")

    page = client.get("/staff")

    assert "без названия" in page.text or "note" in page.text


def test_a_librarian_corrects_the_title_and_sets_rubrics_with_an_audit_trail(
    client: Client, repo: Repository
) -> None:
    from sqlmodel import Session, select

    from legaldesk.models import AuditEvent

    log_in(client, "librarian")
    form = {
        "doc_type": "postanovlenie",
        "number": "245-п",
        "date_adopted": "2024-03-12",
        "title": "О ставках земельного налога в Заречном сельском поселении",
        "issuer": "Администрация Заречного сельского поселения",
        "level": "municipal",
        "status": "in_force",
        "rubrics": ["budget_taxes", "land_property"],
        "_csrf_token": token(client, "/staff/documents/1"),
    }

    response = client.post("/staff/documents/1", data=form, follow_redirects=False)

    assert response.status_code == 302 and response.headers["location"] == "/documents/1"
    with Session(repo.engine) as session:
        event = session.exec(
            select(AuditEvent).where(AuditEvent.action == "metadata_changed")
        ).one()
    assert event.actor == "web:librarian"
    assert event.detail["title"]["after"].startswith("О ставках земельного налога")
    assert event.detail["rubrics"]["after"] == ["budget_taxes", "land_property"]
    hits = client.get("/api/v1/search", params={"q": "ставках земельного налога"}).json()["hits"]
    assert hits[0]["id"] == 1 and hits[0]["status"] == "in_force"
    assert "/staff/documents/1" not in client.get("/staff").text  # left the review queue


def test_a_nonsense_date_is_refused_and_nothing_changes(client: Client, repo: Repository) -> None:
    log_in(client, "librarian")
    before = client.get("/api/v1/documents/1").json()

    response = client.post(
        "/staff/documents/1",
        data={"date_adopted": "31.02.2024", "_csrf_token": token(client, "/staff/documents/1")},
    )

    assert response.status_code == 400 and "Неверная дата" in response.text
    assert client.get("/api/v1/documents/1").json() == before


def test_an_admin_adds_a_source_tests_it_and_reads_the_failed_run(client: Client) -> None:
    log_in(client, "admin")
    source = 'name = "village"\nkind = "feed"\nstart_urls = ["http://127.0.0.1:9/rss.xml"]\n'

    added = client.post(
        "/staff/sources", data={"toml": source, "_csrf_token": token(client, "/staff/sources")}
    )
    tested = client.post(
        "/staff/sources/village/test", data={"_csrf_token": token(client, "/staff")}
    )
    run = client.get("/staff/runs/1")

    assert added.status_code == 200 and "Источник сохранён: village" in added.text
    assert tested.status_code == 200 and "127.0.0.1 is a loopback address" in tested.text
    assert run.status_code == 200 and "cannot connect" in run.text


def test_a_misspelt_source_is_refused_and_kept_in_the_form(client: Client) -> None:
    log_in(client, "admin")
    source = (
        'name = "x"\nkind = "listing"\nstart_urls = ["http://a.example/"]\n[listing]\nitme = "tr"\n'
    )

    response = client.post(
        "/staff/sources", data={"toml": source, "_csrf_token": token(client, "/staff/sources")}
    )

    assert response.status_code == 400
    assert "listing.itme" in response.text and "itme" in response.text


def test_a_suspected_duplicate_is_merged_from_the_review_page(
    client: Client, repo: Repository
) -> None:
    twin = repo.ingestor("test").ingest(
        RawFile(
            docx_bytes(act_text(issuer="АДМИНИСТРАЦИЯ ЗАРЕЧНОГО ПОСЕЛЕНИЯ", body="Копия.")),
            "copy.docx",
        )
    )
    log_in(client, "librarian")
    review = client.get(f"/staff/documents/{twin.document_id}")
    assert "возможно, дублирует акт 1" in client.get("/staff").text
    assert "Это тот же акт: объединить с актом 1" in review.text

    merged = client.post(
        f"/staff/documents/{twin.document_id}/merge",
        data={"into": "1", "_csrf_token": token(client, "/staff")},
        follow_redirects=False,
    )

    assert merged.headers["location"] == "/staff/documents/1"
    assert client.get(f"/documents/{twin.document_id}").status_code == 404
    history = client.get("/staff/documents/1").text
    assert "copy.docx" in client.get("/documents/1").text
    assert "История" in history and "поступил в фонд" in history


def test_the_review_page_shows_each_correction_before_and_after(client: Client) -> None:
    log_in(client, "librarian")
    form = {"title": "Новое название", "level": "municipal", "status": "in_force"}

    client.post("/staff/documents/1", data={**form, "_csrf_token": token(client, "/staff")})
    history = client.get("/staff/documents/1").text

    assert "реквизиты исправлены" in history
    assert "<ins>Новое название</ins>" in history
    assert "<del>О земельном налоге" in history
