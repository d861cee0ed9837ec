"""The index follows the database through the outbox; crashes lose nothing."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from legaldesk.index import SearchQuery
from legaldesk.indexing import pending, reindex, sync_outbox
from legaldesk.models import Document, IndexOutbox
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from tests.factories import act_text


def file_acts(repo: Repository, n: int) -> list[int]:
    ids = []
    for i in range(n):
        outcome = repo.ingestor().ingest(
            RawFile(act_text(number=f"{100 + i}-п").encode(), f"{i}.txt")
        )
        assert outcome.document_id is not None
        ids.append(outcome.document_id)
    return ids


def found(repo: Repository, text: str) -> set[int]:
    return {h.id for h in repo.index.search(SearchQuery(text=text, limit=100)).hits}


def test_sync_makes_filed_acts_searchable_and_empties_the_outbox(repo: Repository) -> None:
    ids = file_acts(repo, 3)

    assert sync_outbox(repo.engine, repo.index) == 3

    assert found(repo, "земельный налог") == set(ids)
    assert pending(repo.engine) == 0


def test_crash_before_the_index_commit_loses_nothing(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = file_acts(repo, 2)

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    with monkeypatch.context() as m:
        m.setattr(repo.index, "write", crash)
        with pytest.raises(OSError):
            sync_outbox(repo.engine, repo.index)
    assert pending(repo.engine) == 2

    sync_outbox(repo.engine, repo.index)
    assert found(repo, "земельный налог") == set(ids)


def test_crash_after_the_index_commit_does_not_duplicate(repo: Repository) -> None:
    """The index committed but the outbox rows survived: the next sync writes the same
    documents again, and upserts keep one entry each."""
    ids = file_acts(repo, 2)
    from legaldesk.indexing import load_index_docs

    with Session(repo.engine) as session:
        repo.index.write(upserts=load_index_docs(session, ids))
    assert pending(repo.engine) == 2

    sync_outbox(repo.engine, repo.index)

    assert repo.index.count() == 2


def test_deleted_document_leaves_the_index(repo: Repository) -> None:
    ids = file_acts(repo, 2)
    sync_outbox(repo.engine, repo.index)
    from legaldesk.models import AuditEvent, DocumentRubric, Version

    with Session(repo.engine) as session:
        for model in (Version, DocumentRubric, AuditEvent):
            for row in session.exec(select(model).where(model.document_id == ids[0])).all():
                session.delete(row)
        session.flush()
        doc = session.get(Document, ids[0])
        session.delete(doc)
        session.add(IndexOutbox(document_id=ids[0]))
        session.commit()

    sync_outbox(repo.engine, repo.index)

    assert found(repo, "земельный налог") == {ids[1]}


def test_reindex_rebuilds_from_the_database(repo: Repository) -> None:
    ids = file_acts(repo, 4)
    repo.index.rebuild([])
    assert repo.index.count() == 0

    assert reindex(repo.engine, repo.index) == 4

    assert found(repo, "земельный налог") == set(ids)
    with Session(repo.engine) as session:
        assert session.exec(select(func.count()).select_from(IndexOutbox)).one() == 0


def test_rubric_ancestors_are_indexed(repo: Repository) -> None:
    from legaldesk.pipeline.ingest import Hints

    outcome = repo.ingestor().ingest(
        RawFile(act_text().encode(), "a.txt", Hints(rubrics=("tariffs",)))
    )
    sync_outbox(repo.engine, repo.index)

    hits = repo.index.search(SearchQuery(rubrics=("housing_utilities",), limit=10)).hits

    assert [h.id for h in hits] == [outcome.document_id]
