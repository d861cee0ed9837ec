"""Merging an act filed twice: versions, rubrics, history and harvest records go to the act
it duplicates, in one transaction, and the duplicate leaves the repository and the index."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from legaldesk.editing import EditError, merge_documents
from legaldesk.index import SearchQuery
from legaldesk.models import AuditEvent, Document, DocumentRubric, Version
from legaldesk.pipeline.ingest import Hints, RawFile
from legaldesk.repository import Repository
from legaldesk.search import search_documents
from tests.factories import act_text, docx_bytes


def file_twice(repo: Repository) -> tuple[int, int]:
    ingestor = repo.ingestor("test")
    first = ingestor.ingest(
        RawFile(docx_bytes(act_text()), "245.docx", Hints(rubrics=("budget_taxes",)))
    )
    second = ingestor.ingest(
        RawFile(
            docx_bytes(act_text(issuer="АДМИНИСТРАЦИЯ ЗАРЕЧНОГО ПОСЕЛЕНИЯ", body="Скан-копия.")),
            "245-copy.docx",
            Hints(rubrics=("charters",)),
        )
    )
    assert first.document_id and second.document_id
    return first.document_id, second.document_id


def test_the_duplicate_becomes_the_next_version_and_is_gone(repo: Repository) -> None:
    repo.init()
    keep, duplicate = file_twice(repo)

    moved = merge_documents(repo.engine, duplicate, keep, actor="test")
    repo.update_index()

    assert moved == 1
    with Session(repo.engine) as session:
        assert session.get(Document, duplicate) is None
        versions = session.exec(select(Version).where(Version.document_id == keep)).all()
        assert sorted(v.number_in_document for v in versions) == [1, 2]
        rubrics = session.exec(
            select(DocumentRubric.rubric_id).where(DocumentRubric.document_id == keep)
        ).all()
        assert len(rubrics) == 2
        events = session.exec(select(AuditEvent).where(AuditEvent.document_id == keep)).all()
        assert {"filed", "merged"} <= {e.action for e in events}
    hits = search_documents(repo.engine, repo.index, SearchQuery(text="245-п")).hits
    assert [h.id for h in hits] == [keep]


def test_merging_into_a_missing_act_changes_nothing(repo: Repository) -> None:
    repo.init()
    _keep, duplicate = file_twice(repo)

    with pytest.raises(EditError, match="no document 999"):
        merge_documents(repo.engine, duplicate, 999, actor="test")

    with Session(repo.engine) as session:
        assert session.get(Document, duplicate) is not None


def test_an_act_is_not_merged_into_itself(repo: Repository) -> None:
    repo.init()
    keep, _duplicate = file_twice(repo)

    with pytest.raises(EditError, match="itself"):
        merge_documents(repo.engine, keep, keep, actor="test")
