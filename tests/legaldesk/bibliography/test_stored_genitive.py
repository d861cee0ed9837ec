"""A body's own spelling in the genitive, stored in the authority file, is what an act's
description prints; without one, the name inflected by pymorphy3."""

from __future__ import annotations

from sqlmodel import Session, select

from legaldesk.authority import update_body
from legaldesk.bibliography import describe_document
from legaldesk.catalogue import act
from legaldesk.models import Document
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from tests.factories import act_text, docx_bytes


def test_the_stored_genitive_is_printed_and_the_inflected_one_without_it(
    repo: Repository,
) -> None:
    outcome = repo.ingestor("test").ingest(RawFile(docx_bytes(act_text()), "245.docx"))
    assert outcome.document_id is not None
    view = act(repo.engine, outcome.document_id)
    assert view is not None and view.issuer == "Администрация Заречного сельского поселения"
    inflected = describe_document(repo, outcome.document_id)
    assert "постановление администрации Заречного сельского поселения от 12.03.2024" in inflected

    with Session(repo.engine) as session:
        body_id = session.exec(
            select(Document.issuer_id).where(Document.id == outcome.document_id)
        ).one()
    assert body_id is not None
    changed = update_body(
        repo.engine,
        body_id,
        view.issuer,
        None,
        "municipal",
        None,
        "web:anna",
        genitive="администрации муниципального образования «Заречное сельское поселение»",
    )
    assert changed == ["genitive"]
    stored = describe_document(repo, outcome.document_id)
    assert (
        "постановление администрации муниципального образования «Заречное сельское поселение» "
        "от 12.03.2024" in stored
    )
