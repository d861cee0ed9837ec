"""What a librarian reviews: the queue of documents the pipeline was unsure of, and for one
document everything its review screen shows (the act, the headings to choose from, why it
awaits review, acts it may duplicate, its history)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.catalogue import ActView, act
from legaldesk.models import AuditEvent, Document, Organization, Rubric
from legaldesk.reasons import duplicate_ids


@dataclass(frozen=True)
class QueueItem:
    id: int
    doc_type: str | None
    number: str | None
    title: str | None
    issuer: str | None
    reasons: list[dict[str, Any]] | None  # legaldesk/reasons.py
    filed: datetime


@dataclass(frozen=True)
class ReviewSheet:
    act: ActView
    headings: list[Rubric]  # every heading, in the classification's order
    chosen: set[str]  # codes of the act's headings
    reasons: list[dict[str, Any]] | None  # legaldesk/reasons.py
    twins: list[ActView]  # acts it may duplicate
    history: list[AuditEvent]


def review_queue(engine: Engine, limit: int = 200) -> list[QueueItem]:
    """Documents awaiting review, newest first."""
    with Session(engine) as session:
        rows = session.exec(
            select(Document, Organization.name)
            .join(Organization, col(Document.issuer_id) == col(Organization.id), isouter=True)
            .where(col(Document.needs_review).is_(True))
            .order_by(col(Document.created_at).desc())
            .limit(limit)
        ).all()
    return [
        QueueItem(
            id=doc.id or 0,
            doc_type=doc.doc_type,
            number=doc.number,
            title=doc.title,
            issuer=issuer,
            reasons=doc.review_reasons,
            filed=doc.created_at,
        )
        for doc, issuer in rows
    ]


def review_sheet(
    engine: Engine, document_id: int, also: tuple[int, ...] = ()
) -> ReviewSheet | None:
    """Everything the review screen of one document shows; ``also`` names acts to offer as
    possible duplicates besides those the pipeline suspected (one the librarian's own
    correction collided with)."""
    view = act(engine, document_id)
    if view is None:
        return None
    with Session(engine) as session:
        headings = list(session.exec(select(Rubric).order_by(col(Rubric.position))).all())
        stored = session.exec(
            select(Document.review_reasons).where(Document.id == document_id)
        ).first()
        history = list(
            session.exec(
                select(AuditEvent)
                .where(AuditEvent.document_id == document_id)
                .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
                .limit(100)
            ).all()
        )
    suspects = dict.fromkeys([*also, *duplicate_ids(stored)])
    suspects.pop(document_id, None)
    twins = [t for t in (act(engine, i) for i in suspects) if t is not None]
    chosen = {code for code, _ in view.rubrics}
    return ReviewSheet(view, headings, chosen, list(stored) if stored else None, twins, history)
