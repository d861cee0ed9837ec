"""One row per issuing body, whether ingest read the name from a file or a librarian typed it."""

from __future__ import annotations

from sqlmodel import Session, select

from legaldesk.editing import Changes, save_metadata
from legaldesk.issuers import issuer_named
from legaldesk.models import Document, Organization
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from tests.factories import act_text, docx_bytes


def test_a_librarian_typing_a_filed_issuer_gets_the_same_body(repo: Repository) -> None:
    outcome = repo.ingestor("test").ingest(RawFile(docx_bytes(act_text()), "245.docx"))
    assert outcome.document_id is not None
    with Session(repo.engine) as session:
        filed = session.exec(select(Organization)).one()

    typed = Changes(
        doc_type="postanovlenie",
        number="245-п",
        date_adopted=None,
        title=None,
        issuer="  " + filed.name.replace(" ", "  ") + " ",
        level="unknown",
        status="unknown",
        rubrics=(),
    )
    save_metadata(repo.engine, outcome.document_id, typed, actor="test")

    with Session(repo.engine) as session:
        assert session.exec(select(Organization)).all() == [filed]
        document = session.get(Document, outcome.document_id)
        assert document is not None and document.issuer_id == filed.id


def test_no_name_is_no_issuer(repo: Repository) -> None:
    with Session(repo.engine) as session:
        assert issuer_named(session, None, "municipal") is None
        assert issuer_named(session, " \t ", "municipal") is None
        assert session.exec(select(Organization)).all() == []
