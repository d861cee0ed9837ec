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
