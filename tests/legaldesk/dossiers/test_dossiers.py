"""A dossier from order to delivery on real acts: proposals from its query, sections and
order, a DOCX that python-docx reads and LibreOffice converts, a delivery that records what
was sent and an e-mail in the outbox; a standing dossier's top-up proposes only what is new."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from sqlmodel import Session, select

from legaldesk.accounts.users import create_user
from legaldesk.bibliography import describe_document
from legaldesk.dossiers import proposals
from legaldesk.dossiers.delivery import deliver
from legaldesk.dossiers.store import (
    DossierError,
    Order,
    add_section,
    annotate,
    decide,
    get_dossier,
    move,
    order_dossier,
)
from legaldesk.editing import merge_documents
from legaldesk.models import DossierItem, OutboxMessage
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from tests.factories import act_text, docx_bytes


def file(repo: Repository, number: str, adopted: date, title: str, body: str) -> int:
    text = act_text(number=number, adopted=adopted, title=title, body=body)
    outcome = repo.ingestor("test").ingest(RawFile(docx_bytes(text), f"{number}.docx"))
    assert outcome.document_id is not None
    repo.update_index()
    return outcome.document_id


@pytest.fixture
def budget(repo: Repository) -> dict[str, int]:
    repo.init()
    return {
        "budget": file(
            repo,
            "12",
            date(2024, 12, 20),
            "О бюджете поселения на 2025 год",
            "Утвердить бюджет поселения на 2025 год по доходам и расходам.",
        ),
        "report": file(
            repo,
            "30",
            date(2025, 4, 2),
            "Об исполнении бюджета поселения за 2024 год",
            "Утвердить отчёт об исполнении бюджета поселения.",
        ),
        "water": file(repo, "7", date(2023, 2, 1), "О тарифах на воду", "Тарифы на воду."),
    }


def _order(repo: Repository, standing: bool = False) -> int:
    employee = create_user(
        repo.engine, "official", "correct horse battery", "employee", "Петрова А. С."
    )
    dossier = order_dossier(
        repo.engine,
        employee,
        Order(
            topic="бюджет 2025",
            purpose="к заседанию",
            standing=standing,
            requester_email="petrova@example.org",
        ),
    )
    assert dossier.id is not None
    return dossier.id


def test_an_ordered_dossier_is_proposed_composed_and_delivered(
    repo: Repository, budget: dict[str, int]
) -> None:
    dossier_id = _order(repo)
    assert proposals.propose(repo.engine, repo.index, repo.qa_index, dossier_id) >= 2
    view = get_dossier(repo.engine, dossier_id)
    assert view is not None
    proposed = {i.document_id: i.id for i in view.proposed}
    assert {budget["budget"], budget["report"]} <= set(proposed)
    assert budget["water"] not in proposed  # not about the budget

    laws = add_section(repo.engine, dossier_id, "Решения о бюджете", "web:anna")
    decide(
        repo.engine,
        dossier_id,
        [proposed[budget["report"]], proposed[budget["budget"]]],
        True,
        "web:anna",
        laws.id,
    )
    others = [i for d, i in proposed.items() if d not in (budget["budget"], budget["report"])]
    if others:
        decide(repo.engine, dossier_id, others, False, "web:anna")
    move(repo.engine, dossier_id, proposed[budget["budget"]], -1, "web:anna")  # budget first
    annotate(
        repo.engine, dossier_id, proposed[budget["report"]], "Отчёт за прошлый год", "web:anna"
    )

    delivery = deliver(repo, dossier_id, "web:anna", email=True, today=date(2025, 5, 1))

    docx = DocxDocument(BytesIO(repo.blobs.get(delivery.sha256)))
    paragraphs = [p.text for p in docx.paragraphs]
    text = "\n".join(paragraphs)
    assert "бюджет 2025" in text and "Петрова А. С." in text and "к заседанию" in text
    assert text.index("О бюджете поселения на 2025 год") < text.index("Об исполнении бюджета")
    assert "Отчёт за прошлый год" in text
    for act in (budget["budget"], budget["report"]):  # each act with its GOST description
        assert describe_document(repo, act) in paragraphs
    xml = docx.element.xml
    assert "TOC \\o" in xml  # a table of contents field
    assert "PAGE" in docx.sections[0].footer._element.xml  # page numbers
    assert [c["document_id"] for c in delivery.contents] == [budget["budget"], budget["report"]]
    with Session(repo.engine) as session:
        mail = session.exec(select(OutboxMessage)).all()
        items = session.exec(select(DossierItem).where(DossierItem.dossier_id == dossier_id)).all()
    assert [m.recipient for m in mail] == ["petrova@example.org"]
    assert f"/staff/dossiers/{dossier_id}/deliveries/{delivery.id}" in mail[0].text
    assert {i.delivered_in for i in items if i.state == "accepted"} == {delivery.id}


def test_a_standing_dossier_proposes_only_what_appeared_since(
    repo: Repository, budget: dict[str, int]
) -> None:
    dossier_id = _order(repo, standing=True)
    proposals.propose(repo.engine, repo.index, repo.qa_index, dossier_id)
    view = get_dossier(repo.engine, dossier_id)
    assert view is not None
    decide(repo.engine, dossier_id, [i.id for i in view.proposed], True, "web:anna")
    deliver(repo, dossier_id, "web:anna", email=False)

    later = file(
        repo,
        "44",
        date(2025, 6, 10),
        "О внесении изменений в бюджет поселения на 2025 год",
        "Изменить бюджет.",
    )
    assert proposals.propose(repo.engine, repo.index, repo.qa_index, dossier_id) == 1
    view = get_dossier(repo.engine, dossier_id)
    assert view is not None
    assert [(i.document_id, i.new) for i in view.proposed] == [(later, True)]
    assert all(not i.new for i in view.accepted)


def test_nothing_accepted_is_not_delivered_and_a_merge_keeps_the_item(
    repo: Repository, budget: dict[str, int]
) -> None:
    dossier_id = _order(repo)
    with pytest.raises(DossierError):
        deliver(repo, dossier_id, "web:anna")
    proposals.propose(repo.engine, repo.index, repo.qa_index, dossier_id)
    twin = file(
        repo, "12-дубль", date(2024, 12, 20), "О бюджете поселения на 2025 год (копия)", "Копия."
    )
    with Session(repo.engine) as session:
        session.add(DossierItem(dossier_id=dossier_id, document_id=twin))
        session.commit()
    merge_documents(repo.engine, twin, budget["budget"], "test")
    view = get_dossier(repo.engine, dossier_id)
    assert view is not None
    assert [i.document_id for i in view.proposed].count(budget["budget"]) == 1


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is absent")
def test_libreoffice_converts_the_dossier(
    repo: Repository, budget: dict[str, int], tmp_path: Path
) -> None:
    dossier_id = _order(repo)
    proposals.propose(repo.engine, repo.index, repo.qa_index, dossier_id)
    view = get_dossier(repo.engine, dossier_id)
    assert view is not None
    decide(repo.engine, dossier_id, [i.id for i in view.proposed], True, "web:anna")
    delivery = deliver(repo, dossier_id, "web:anna", email=False)
    source = tmp_path / "dossier.docx"
    source.write_bytes(repo.blobs.get(delivery.sha256))
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = (tmp_path / "dossier.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000


def test_a_scan_s_page_breaks_and_a_broken_layer_s_non_characters_do_not_stop_the_docx() -> None:
    """OCR text has a form feed between pages, a broken text layer U+FFFE: python-docx
    refused both, and a dossier holding a scanned act could not be delivered."""
    from legaldesk.dossiers.document import Entry, Part, TitlePage, build

    title = TitlePage(
        library="Библиотека", topic="Тема\x01", requester="Дума", purpose="", period="",
        compiler="", made_on=date(2026, 3, 1),
    )  # fmt: skip
    entry = Entry(
        heading="Постановление от 12.03.2024 № 245-п", description="Описание\ufffe",
        status=None, note="", text="Страница 1\x0cСтраница 2",
    )  # fmt: skip
    for full_text in (False, True):
        made = DocxDocument(
            BytesIO(build(title, [Part(title="Раздел", entries=[entry])], full_text))
        )
        paragraphs = [p.text for p in made.paragraphs]

        assert "Тема" in paragraphs and "Описание" in paragraphs
        assert "Страница 1\nСтраница 2" in paragraphs
