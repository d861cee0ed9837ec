"""Publication on the web: no public surface shows an act that is not published, staff see it
marked, and a librarian publishes, rejects and withdraws from the act and review pages."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from legaldesk.models import Document, Version
from legaldesk.pipeline.ingest import Hints, RawFile
from legaldesk.publication import WayIn
from legaldesk.repository import Repository
from tests.factories import act_text, docx_bytes
from tests.web.sessions import Client, log_in, token

TITLE = "О тарифах на вывоз твёрдых коммунальных отходов"
ISSUER = "АДМИНИСТРАЦИЯ ЛЕСНОГО СЕЛЬСКОГО ПОСЕЛЕНИЯ"


@pytest.fixture
def waiting(repo: Repository) -> tuple[int, int]:
    """An act harvested from a source not marked official: it awaits review. Its id and its
    version's id."""
    data = docx_bytes(act_text(number="77-п", adopted=date(2024, 5, 6), title=TITLE, issuer=ISSUER))
    raw = RawFile(data, "77.docx", Hints(rubrics=("tariffs",)))
    outcome = repo.ingestor("harvest:forest", WayIn.SOURCE).ingest(raw)
    assert outcome.publication == "pending", outcome
    assert outcome.document_id is not None and outcome.version_id is not None
    return outcome.document_id, outcome.version_id


def state(repo: Repository, doc_id: int) -> str:
    with Session(repo.engine) as session:
        doc = session.get(Document, doc_id)
        assert doc is not None
        return doc.publication


def decide(client: Client, doc_id: int, action: str, **form: str) -> int:
    data = {**form, "_csrf_token": token(client, "/staff")}
    response = client.post(f"/staff/documents/{doc_id}/{action}", data=data, follow_redirects=False)
    return response.status_code


def test_no_public_surface_shows_an_act_awaiting_review(
    client: Client, waiting: tuple[int, int]
) -> None:
    doc_id, version_id = waiting

    for page in ("/search?q=тарифы+на+вывоз", "/search", "/", "/new", "/new/poster", "/new.atom"):
        body = client.get(page).text
        assert "О тарифах на вывоз" not in body, page  # the title (the query is echoed)
        assert "Лесного" not in body, page
    assert "О земельном налоге" in client.get("/new").text  # the published act is there
    assert client.get(f"/documents/{doc_id}").status_code == 404
    assert client.get(f"/documents/{doc_id}/versions/{version_id}/original").status_code == 404
    assert client.get("/api/v1/search", params={"q": "тарифы на вывоз"}).json()["total"] == 0
    assert client.get(f"/api/v1/documents/{doc_id}").status_code == 404
    assert "Лесного" not in client.get("/issuers").text
    assert 'href="/search?rubric=tariffs"' not in client.get("/rubrics").text  # counted 0


def test_staff_find_it_marked_and_open_its_page_and_file(
    client: Client, waiting: tuple[int, int]
) -> None:
    doc_id, version_id = waiting
    log_in(client, "employee")

    found = client.get("/search", params={"q": "тарифы на вывоз"}).text
    assert "вывоз" in found and "ждёт проверки, не опубликован" in found
    page = client.get(f"/documents/{doc_id}")
    assert page.status_code == 200
    assert "Публикация:" in page.text and "ждёт проверки, не опубликован" in page.text
    assert "Опубликовать" not in page.text  # a municipal employee does not decide
    assert client.get(f"/documents/{doc_id}/versions/{version_id}/original").status_code == 200
    # The public JSON API stays public, whoever asks.
    assert client.get(f"/api/v1/documents/{doc_id}").status_code == 404


def test_a_librarian_publishes_withdraws_rejects_and_publishes_again(
    client: Client, repo: Repository, waiting: tuple[int, int]
) -> None:
    doc_id, _ = waiting
    log_in(client, "librarian")
    page = client.get(f"/documents/{doc_id}").text
    assert "Опубликовать" in page and "Отклонить" in page and "Снять с публикации" not in page

    assert decide(client, doc_id, "publish") == 302
    assert client.get(f"/api/v1/documents/{doc_id}").status_code == 200
    assert 'href="/search?rubric=tariffs"' in client.get("/rubrics").text
    assert "Лесного" in client.get("/issuers").text
    assert "Снять с публикации" in client.get(f"/documents/{doc_id}").text

    assert decide(client, doc_id, "withdraw", reason="отменён решением суда") == 302
    assert client.get(f"/api/v1/documents/{doc_id}").status_code == 404
    page = client.get(f"/documents/{doc_id}").text
    assert "снят с публикации" in page and "отменён решением суда" in page

    assert decide(client, doc_id, "reject", reason="не относится к району") == 302
    assert state(repo, doc_id) == "rejected"
    assert decide(client, doc_id, "publish") == 302
    assert state(repo, doc_id) == "published"


def test_a_decision_without_a_reason_or_out_of_turn_is_refused(
    client: Client, repo: Repository, waiting: tuple[int, int]
) -> None:
    doc_id, _ = waiting
    log_in(client, "librarian")

    data = {"reason": "  ", "_csrf_token": token(client, f"/documents/{doc_id}")}
    response = client.post(f"/staff/documents/{doc_id}/reject", data=data)
    assert response.status_code == 400 and "укажите причину" in response.text
    assert decide(client, doc_id, "withdraw", reason="ошибка") == 400  # not published
    assert decide(client, 1, "reject", reason="ошибка") == 400  # published: withdraw it
    assert decide(client, 999, "publish") == 400
    assert state(repo, doc_id) == "pending"


def test_the_review_page_rejects_and_opens_the_next_of_the_queue(
    client: Client, repo: Repository, waiting: tuple[int, int]
) -> None:
    doc_id, _ = waiting
    other = repo.ingestor("harvest:forest", WayIn.SOURCE).ingest(
        RawFile(docx_bytes(act_text(number="78-п", title="О вывозе мусора")), "78.docx")
    )
    log_in(client, "librarian")
    review = client.get(f"/staff/documents/{doc_id}").text
    assert "из источника, не отмеченного как официальный" in review  # why it waits
    assert 'id="reject-form"' in review and 'name="back" value="next"' in review
    assert "Сохранить, опубликовать и к следующему" in review

    data = {
        "reason": "дубль",
        "back": "next",
        "q_sort": "filed_asc",
        "_csrf_token": token(client, "/staff"),
    }
    response = client.post(f"/staff/documents/{doc_id}/reject", data=data, follow_redirects=False)
    last = client.post(
        f"/staff/documents/{other.document_id}/reject", data=data, follow_redirects=False
    )

    assert response.status_code == 302
    assert response.headers["location"] == f"/staff/documents/{other.document_id}?sort=filed_asc"
    assert last.headers["location"] == "/staff?sort=filed_asc"  # the queue, empty now
    assert state(repo, doc_id) == "rejected"
    assert f"/staff/documents/{doc_id}" not in client.get("/staff").text  # off the queue
    with Session(repo.engine) as session:
        doc = session.get(Document, doc_id)
        assert doc is not None and doc.publication_reason == "дубль"


def test_a_decided_act_on_the_review_page_offers_its_own_decisions(
    client: Client, repo: Repository, waiting: tuple[int, int]
) -> None:
    doc_id, _ = waiting
    log_in(client, "librarian")
    assert decide(client, doc_id, "publish", back="review") == 302

    review = client.get(f"/staff/documents/{doc_id}").text

    assert 'id="reject-form"' not in review  # published: it is withdrawn, not rejected
    assert f'action="/staff/documents/{doc_id}/withdraw"' in review
    assert 'name="back" value="review"' in review


def test_confirming_on_the_review_screen_publishes(
    client: Client, repo: Repository, waiting: tuple[int, int]
) -> None:
    doc_id, _ = waiting
    log_in(client, "librarian")
    form = {
        "doc_type": "postanovlenie",
        "number": "77-п",
        "date_adopted": "2024-05-06",
        "title": TITLE,
        "issuer": "Администрация Лесного сельского поселения",
        "level": "municipal",
        "status": "unknown",
        "rubrics": "tariffs",
        "_csrf_token": token(client, f"/staff/documents/{doc_id}"),
    }

    response = client.post(f"/staff/documents/{doc_id}", data=form, follow_redirects=False)

    assert response.status_code in (301, 302, 303)
    assert state(repo, doc_id) == "published"
    assert client.get("/api/v1/search", params={"q": "тарифы на вывоз"}).json()["total"] == 1


def test_an_upload_by_a_librarian_is_public_at_once(client: Client, repo: Repository) -> None:
    log_in(client, "librarian")
    data = docx_bytes(act_text(number="88-п", title="О праздновании Дня поселения"))

    client.post(
        "/staff/upload",
        files=[("files", ("88.docx", data, "application/octet-stream"))],
        data={"_csrf_token": token(client, "/staff/upload")},
    )

    with Session(repo.engine) as session:
        version = session.exec(select(Version).where(Version.filename == "88.docx")).one()
    assert state(repo, version.document_id) == "published"
    assert client.get("/api/v1/search", params={"q": "праздновании"}).json()["total"] == 1
