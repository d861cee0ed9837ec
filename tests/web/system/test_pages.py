"""The state of the service in the workspace: how far the search index is behind the change
log, and what changed lately."""

from __future__ import annotations

from datetime import timedelta

from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import update
from sqlmodel import Session

from legaldesk import changes
from legaldesk.models import Change
from legaldesk.models.base import utcnow
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from tests.factories import act_text, docx_bytes
from tests.web.sessions import log_in


def test_the_status_page_says_the_index_is_behind_and_lists_the_latest_changes(
    app: Litestar, repo: Repository
) -> None:
    repo.update_index()
    filed = repo.ingestor("test").ingest(RawFile(docx_bytes(act_text(number="77-п")), "77.docx"))
    with Session(repo.engine) as session:  # filed two minutes ago, and no loop took it
        session.execute(update(Change).values(at=utcnow() - timedelta(minutes=2)))
        session.commit()

    # No indexing loop in this client (the suite's own client applies the log first).
    with TestClient(app) as client:
        log_in(client, "librarian")
        page = client.get("/staff/status").text

    [index] = [lag for lag in changes.lag(repo.engine) if lag.consumer == "index"]
    assert index.behind == 1
    assert "«поисковый индекс» не забирает изменения уже 2 мин." in page
    assert f'<a href="/documents/{filed.document_id}">{filed.document_id}</a>' in page
    assert "поступил в фонд" in page


def test_a_caught_up_index_raises_no_alarm(client: TestClient, repo: Repository) -> None:  # type: ignore[type-arg]
    log_in(client, "librarian")

    page = client.get("/staff/status").text

    assert "не забирает изменения" not in page
    assert "1 акт в поисковом индексе" in page


def test_the_status_page_shows_jobs_sources_and_a_chart_of_the_followers(
    app: Litestar, repo: Repository
) -> None:
    from legaldesk.db import session_scope
    from legaldesk.mail import outbox

    repo.update_index()
    with session_scope(repo.engine) as session:  # mail waits: no server is configured
        outbox.enqueue(session, "reader@example.org", "Ответ", "Текст", kind="test")
    repo.ingestor("test").ingest(RawFile(docx_bytes(act_text(number="78-п")), "78.docx"))
    with Session(repo.engine) as session:  # waiting two minutes for a loop that is not there
        session.execute(update(Change).values(at=utcnow() - timedelta(minutes=2)))
        session.commit()

    with TestClient(app) as client:
        log_in(client, "librarian")
        page = client.get("/staff/status").text

    jobs = page[page.index('id="jobs"') : page.index("</table>", page.index('id="jobs"'))]
    index_row = jobs[
        jobs.index('id="job-index"') : jobs.index("</tr>", jobs.index('id="job-index"'))
    ]
    assert "Индексатор" in index_row and "отстаёт: работа ждёт" in index_row
    mail_row = jobs[jobs.index('id="job-mail"') : jobs.index("</tr>", jobs.index('id="job-mail"'))]
    assert "Отправка почты" in mail_row and "не настроена" in mail_row and "<td>1</td>" in mail_row
    assert "Рассылки подписчикам" in jobs
    # The fixture's source «dead-site» failed its only run.
    sources = page[page.index('id="source-health"') :]
    assert "dead-site" in sources and "1 из последних 1" in sources
    assert "последний обход не удался" in sources
    assert "<tr><td>поисковый индекс</td><td>1 / 2</td><td>1</td>" in page  # the followers
    assert 'src="data:image/svg+xml;base64,' in page
    assert "Диаграмма: изменения, ждущие обработки" in page


def test_the_status_page_in_english(client: TestClient) -> None:  # type: ignore[type-arg]
    log_in(client, "librarian")
    client.get("/lang/en")

    page = client.get("/staff/status").text

    assert "Background jobs" in page and "Indexing loop" in page and "Failed runs" in page
