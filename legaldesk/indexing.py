"""Keeps the Tantivy index in step with the database, which is the source of truth.

The outbox is drained in batches: read rows → one index commit → delete exactly those rows.
A crash after the index commit but before the delete only means the same documents are
written again next time (upserts are idempotent); a crash before it loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, select

from legaldesk.index import IndexDoc, SearchIndex
from legaldesk.models import Document, DocumentRubric, IndexOutbox, Rubric, Version
from legaldesk.queries import with_current_version

Progress = Callable[[int], None]


def _rubric_ancestry(session: Session) -> dict[int, tuple[str, ...]]:
    rubrics = {r.id: r for r in session.exec(select(Rubric)).all()}
    ancestry: dict[int, tuple[str, ...]] = {}
    for rid, rubric in rubrics.items():
        assert rid is not None
        codes: list[str] = []
        node: Rubric | None = rubric
        seen: set[int] = set()
        while node is not None and node.id not in seen:
            seen.add(node.id)  # type: ignore[arg-type]
            codes.append(node.code)
            node = rubrics.get(node.parent_id) if node.parent_id else None
        ancestry[rid] = tuple(codes)
    return ancestry


def load_index_docs(session: Session, ids: Sequence[int]) -> list[IndexDoc]:
    """IndexDocs for the given document ids, in three set-wise queries (no per-row I/O)."""
    if not ids:
        return []
    rows = session.exec(with_current_version(ids, Version.text)).all()
    ancestry = _rubric_ancestry(session)
    links: dict[int, set[str]] = {}
    for doc_id, rubric_id in session.exec(
        select(DocumentRubric.document_id, DocumentRubric.rubric_id).where(
            col(DocumentRubric.document_id).in_(ids)
        )
    ).all():
        links.setdefault(doc_id, set()).update(ancestry.get(rubric_id, ()))
    return [
        to_index_doc(document, issuer, text or "", tuple(sorted(links.get(document.id or 0, ()))))
        for document, issuer, text in rows
    ]


def to_index_doc(
    document: Document, issuer: str | None, text: str, rubrics: tuple[str, ...]
) -> IndexDoc:
    assert document.id is not None
    return IndexDoc(
        id=document.id,
        title=document.title or "",
        text=text,
        number=document.number,
        doc_type=document.doc_type,
        issuer=issuer,
        level=document.level,
        status=document.status,
        rubrics=rubrics,
        date_adopted=document.date_adopted,
        created_at=document.created_at or datetime.min,
    )


# Asked on every page view: a Core statement, compiled once, with no ORM session around it.
_ANY_PENDING = sa_select(IndexOutbox.__table__.c.id).limit(1)  # type: ignore[attr-defined]


def sync_outbox(engine: Engine, index: SearchIndex, batch_size: int = 500) -> int:
    """Drain the outbox into the index; returns how many documents were (re)indexed."""
    done = 0
    with engine.connect() as conn:  # the usual answer, cheaply: nothing to do
        if conn.execute(_ANY_PENDING).first() is None:
            return 0
    while True:
        with Session(engine) as session:
            rows = session.exec(
                select(IndexOutbox).order_by(col(IndexOutbox.id)).limit(batch_size)
            ).all()
            if not rows:
                return done
            row_ids = [r.id for r in rows]
            doc_ids = sorted({r.document_id for r in rows})
            docs = load_index_docs(session, doc_ids)
        present = {d.id for d in docs}
        index.write(upserts=docs, deletes=[i for i in doc_ids if i not in present])
        with Session(engine) as session:
            session.exec(delete(IndexOutbox).where(col(IndexOutbox.id).in_(row_ids)))
            session.commit()
        done += len(doc_ids)


def pending(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(IndexOutbox)).one()


def iter_all_index_docs(engine: Engine, batch_size: int = 1000) -> Iterator[IndexDoc]:
    last = 0
    while True:
        with Session(engine) as session:
            ids = session.exec(
                select(Document.id)
                .where(col(Document.id) > last)
                .order_by(col(Document.id))
                .limit(batch_size)
            ).all()
            if not ids:
                return
            docs = load_index_docs(session, [i for i in ids if i is not None])
        yield from docs
        last = ids[-1] or last


def reindex(engine: Engine, index: SearchIndex, progress: Progress | None = None) -> int:
    """Rebuild the whole index from the database. Outbox rows older than the start are
    covered by the rebuild and dropped; newer ones stay for the next sync."""
    with Session(engine) as session:
        high_water = session.exec(select(func.max(IndexOutbox.id))).one()

    def counted(docs: Iterable[IndexDoc]) -> Iterator[IndexDoc]:
        for doc in docs:
            yield doc
            if progress is not None:
                progress(1)

    count = index.rebuild(counted(iter_all_index_docs(engine)))
    if high_water is not None:
        with Session(engine) as session:
            session.exec(delete(IndexOutbox).where(col(IndexOutbox.id) <= high_water))
            session.commit()
    return count
