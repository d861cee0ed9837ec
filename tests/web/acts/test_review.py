"""The review queue, the review screen and merging an act filed twice."""

from __future__ import annotations

import re
from datetime import date

from legaldesk.pipeline.ingest import Hints, RawFile
from legaldesk.repository import Repository
from tests.factories import act_text, docx_bytes
from tests.web.sessions import Client, log_in, token


def test_the_review_queue_lists_documents_the_parser_was_unsure_of(
    client: Client, repo: Repository
) -> None:
    unsure = repo.ingestor("test").ingest(RawFile("просто текст без реквизитов".encode(), "n.txt"))
    log_in(client, "librarian")

    page = client.get("/staff")

    # the act filed with the app (a full heading) is not queued; the bare text is, untitled
    queued = re.findall(r'<a href="/staff/documents/(\d+)">([^<]*)</a>', page.text)
    assert queued == [(str(unsure.document_id), "Документ: без названия")]


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
        "status": "unknown",
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
    assert hits[0]["id"] == 1 and hits[0]["status"] == "unknown"
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


def test_a_status_set_by_hand_without_a_reason_is_refused(client: Client) -> None:
    log_in(client, "librarian")
    form = {"title": "О земельном налоге", "level": "municipal", "status": "repealed"}
    response = client.post(
        "/staff/documents/1", data={**form, "_csrf_token": token(client, "/staff")}
    )
    assert response.status_code == 400
    assert "укажите, почему статус устанавливается вручную" in response.text


def test_the_review_page_shows_each_correction_before_and_after(client: Client) -> None:
    log_in(client, "librarian")
    form = {"title": "Новое название", "level": "municipal", "status": "unknown"}

    client.post("/staff/documents/1", data={**form, "_csrf_token": token(client, "/staff")})
    history = client.get("/staff/documents/1").text

    assert "реквизиты исправлены" in history
    assert "<ins>Новое название</ins>" in history
    assert "<del>О земельном налоге" in history


def test_why_a_document_awaits_review_reads_as_russian(client: Client, repo: Repository) -> None:
    outcome = repo.ingestor("test").ingest(
        RawFile("О мерах поддержки\nпросто текст без реквизитов".encode(), "note.txt")
    )
    log_in(client, "librarian")

    queue = client.get("/staff").text
    page = client.get(f"/staff/documents/{outcome.document_id}").text

    expected = "не распознано: вид, дата, номер"
    assert expected in queue and expected in page
    assert "parser" not in page and "нет дата" not in page


def test_a_listing_that_disagrees_shows_both_values_in_russian(
    client: Client, repo: Repository
) -> None:
    text = act_text(number="17-п", adopted=date(2024, 5, 6), title="О благоустройстве")
    hints = Hints(number="71-п", date_adopted=date(2024, 5, 8))
    outcome = repo.ingestor("test").ingest(RawFile(docx_bytes(text), "17.docx", hints))
    log_in(client, "librarian")

    page = client.get(f"/staff/documents/{outcome.document_id}").text

    why = re.findall(r"перечень на сайте расходится с документом: ([^<]*)", page)
    assert why == [
        "дата: в перечне на сайте — 08.05.2024, в самом документе — 06.05.2024; "
        "номер: в перечне на сайте — 71-п, в самом документе — 17-п"
    ]


def test_the_history_names_statuses_levels_and_headings_not_codes(client: Client) -> None:
    log_in(client, "librarian")
    form = {
        "title": "О земельном налоге",
        "level": "municipal",
        "status": "in_force",
        "status_reason": "подтверждено администрацией",
        "rubrics": ["land_property", "budget_taxes"],
        "date_adopted": "2024-03-12",
    }
    client.post("/staff/documents/1", data={**form, "_csrf_token": token(client, "/staff")})

    history = client.get("/staff/documents/1").text

    assert (
        "статус установлен вручную: <del>Статус не указан</del> → <ins>Действует</ins> — "
        "подтверждено администрацией" in history
    )
    assert "Вид документа: <del>Постановление</del> → <ins>—</ins>" in history
    changes = history[history.index('<ul class="changes">') :]
    changes = changes[: changes.index("</ul>")]
    assert "in_force" not in changes and "['" not in changes and "land_property" not in changes
    assert "Рубрики: <del>—</del> → <ins>Бюджет и налоги, Земля и имущество</ins>" in changes
