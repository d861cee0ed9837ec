"""Sessions are written only when they change: anonymous readers leave nothing on disk."""

from __future__ import annotations

from pathlib import Path

from litestar import Litestar

from legaldesk.desk import LegalDesk
from tests.web.sessions import Client, log_in, log_out


def session_files(desk: LegalDesk) -> list[Path]:
    return sorted((desk.settings.data_dir / "sessions").iterdir())


def test_anonymous_pages_store_no_session_and_set_no_cookie(
    app: Litestar, client: Client, desk: LegalDesk
) -> None:
    for path in ["/", "/search?q=налог", "/documents/1", "/api/v1/search?q=налог"]:
        response = client.get(path)
        assert response.status_code == 200
        assert "session=" not in response.headers.get("set-cookie", ""), path

    assert session_files(desk) == []


def test_a_staff_session_is_written_at_login_not_on_every_page(
    app: Litestar, client: Client, desk: LegalDesk
) -> None:
    log_in(client, "librarian")
    [stored] = session_files(desk)
    written = stored.stat().st_mtime_ns

    for path in ["/staff", "/staff/upload", "/search?q=налог", "/staff"]:
        assert client.get(path).status_code == 200

    assert session_files(desk) == [stored]
    assert stored.stat().st_mtime_ns == written


def test_logout_deletes_the_session(app: Litestar, client: Client, desk: LegalDesk) -> None:
    log_in(client, "librarian")

    log_out(client)

    assert session_files(desk) == []
    assert client.get("/staff", follow_redirects=False).status_code == 302
