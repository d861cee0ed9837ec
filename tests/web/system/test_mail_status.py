"""The outbox on the status page: what waits, what failed, the last sending and the last
error, and a warning while mail is not configured; for librarians and administrators."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from legaldesk.db import session_scope
from legaldesk.mail import enqueue, outbox
from legaldesk.messages import Msg
from legaldesk.models.base import utcnow
from legaldesk.repository import Repository
from tests.web.sessions import log_in


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite only: the outbox's queries run on PostgreSQL in tests/legaldesk/mail."""
    return f"sqlite:///{tmp_path / 'legaldesk.sqlite3'}"


def _queue(repo: Repository, to: str) -> int:
    with session_scope(repo.engine) as session:
        message = enqueue(session, to, "Ответ готов", "Текст", kind="test")
        assert message.id is not None
        return message.id


def test_the_status_page_shows_the_outbox_to_librarians(app: Litestar, repo: Repository) -> None:
    sent, refused, waiting = (_queue(repo, f"r{n}@example.test") for n in range(3))
    now = utcnow()
    claimed = outbox.claim(repo.engine, "test", now, 10, timedelta(minutes=5))
    assert [m.id for m in claimed] == [sent, refused, waiting]
    outbox.mark_sent(repo.engine, sent, "test", now)
    outbox.mark_failed(repo.engine, refused, "test", "550 5.1.1 No such user here")
    outbox.mark_later(
        repo.engine,
        waiting,
        "test",
        Msg("the mail server refused the connection"),
        now + timedelta(minutes=1),
    )

    with TestClient(app) as client:
        log_in(client, "librarian")
        page = client.get("/staff/status").text

    assert "<h2>Почта</h2>" in page
    assert "Почта не настроена" in page  # the test application has no SMTP server
    assert '<th scope="row">В очереди</th><td>1 (самое давнее ждёт с' in page
    assert '<td class="error">1 — <code>legaldesk mail list --failed</code></td>' in page
    assert "почтовый сервер не принимает соединения" in page  # the latest error, translated


def test_a_configured_service_with_an_empty_outbox_raises_no_alarm(
    app: Litestar, repo: Repository
) -> None:
    repo.settings.smtp_host = "127.0.0.1"
    repo.settings.smtp_from = "cpi@library.test"

    with TestClient(app) as client:
        log_in(client, "admin")
        page = client.get("/staff/status").text

    assert "<h2>Почта</h2>" in page and "Почта не настроена" not in page
    assert '<th scope="row">Не доставлено</th><td>0</td>' in page


def test_employees_do_not_see_the_outbox(app: Litestar) -> None:
    with TestClient(app) as client:
        log_in(client, "employee")
        assert client.get("/staff/status").status_code == 403
