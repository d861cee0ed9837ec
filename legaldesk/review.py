"""What a librarian reviews: the queue of documents the pipeline was unsure of, and for one
document everything its review screen shows (the act, the headings to choose from, why it
awaits review, acts it may duplicate, its history)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.catalogue import ActView, act, version_file
from legaldesk.models import AuditEvent, Document, Organization, Rubric, Source, Version
from legaldesk.pipeline.extract.isolation import render_isolated
from legaldesk.pipeline.sniff import PDF
from legaldesk.reasons import duplicate_ids, load
from legaldesk.repository import Repository
from legaldesk.vocabulary import DOC_TYPE_LABELS_RU


@dataclass(frozen=True)
class QueueItem:
    id: int
    doc_type: str | None
    number: str | None
    date_adopted: date | None
    title: str | None
    issuer: str | None
    reasons: list[dict[str, Any]] | None  # legaldesk/reasons.py
    filed: datetime
    source: str | None  # the harvest source's name, None when filed by hand
    material: str = "act"  # legaldesk.vocabulary.Material: press clippings are reviewed too

    @property
    def codes(self) -> list[str]:
        return [r.code for r in load(self.reasons)]


@dataclass(frozen=True)
class ReviewSheet:
    act: ActView
    headings: list[Rubric]  # every heading, in the classification's order
    chosen: set[str]  # codes of the act's headings
    reasons: list[dict[str, Any]] | None  # legaldesk/reasons.py
    twins: list[ActView]  # acts it may duplicate
    history: list[AuditEvent]


SORTS = ("filed_desc", "filed_asc", "date_desc", "date_asc", "reason")
BY_HAND = "-"  # the source filter's value for documents filed by hand (upload, import)


@dataclass(frozen=True)
class QueueFilter:
    """Which part of the queue a librarian works through, in which order."""

    reason: str = ""  # a reason code (legaldesk/reasons.py), or "" for all
    source: str = ""  # a source's name, BY_HAND, or "" for all
    sort: str = "filed_desc"

    def admits(self, item: QueueItem) -> bool:
        if self.reason and self.reason not in item.codes:
            return False
        if self.source == BY_HAND:
            return item.source is None
        return not self.source or item.source == self.source


@dataclass(frozen=True)
class Queue:
    items: list[QueueItem]  # the filtered queue, in order
    reasons: dict[str, int]  # reason code → documents awaiting review with it (all sources)
    sources: dict[str, int]  # source name (BY_HAND for by hand) → documents awaiting review
    left: int  # awaiting review, all of the queue
    done: int  # taken out of the queue by a librarian since the oldest of those was filed

    @property
    def total(self) -> int:
        return self.left + self.done


def _pending(engine: Engine) -> list[QueueItem]:
    first = (
        select(Version.document_id, func.min(Version.number_in_document).label("n"))
        .group_by(col(Version.document_id))
        .subquery()
    )
    with Session(engine) as session:
        rows = session.exec(
            select(Document, Organization.name, Source.name)
            .join(Organization, col(Document.issuer_id) == col(Organization.id), isouter=True)
            .join(first, first.c.document_id == col(Document.id), isouter=True)
            .join(
                Version,
                (col(Version.document_id) == col(Document.id))
                & (col(Version.number_in_document) == first.c.n),
                isouter=True,
            )
            .join(Source, col(Source.id) == col(Version.source_id), isouter=True)
            .where(col(Document.needs_review).is_(True))
        ).all()
    return [
        QueueItem(
            id=doc.id or 0,
            doc_type=doc.doc_type,
            number=doc.number,
            date_adopted=doc.date_adopted,
            title=doc.title,
            issuer=issuer,
            reasons=doc.review_reasons,
            filed=doc.created_at,
            source=source,
            material=doc.material,
        )
        for doc, issuer, source in rows
    ]


def _ordered(items: list[QueueItem], sort: str) -> list[QueueItem]:
    by_id = sorted(items, key=lambda i: i.id)  # ties in a stable, repeatable order
    if sort == "filed_asc":
        return sorted(by_id, key=lambda i: i.filed)
    if sort in ("date_desc", "date_asc"):
        dated = [i for i in by_id if i.date_adopted is not None]
        undated = [i for i in by_id if i.date_adopted is None]
        dated.sort(key=lambda i: i.date_adopted or date.min, reverse=sort == "date_desc")
        return dated + undated
    if sort == "reason":
        return sorted(by_id, key=lambda i: (i.codes[:1] or ["~"])[0])
    return sorted(by_id, key=lambda i: i.filed, reverse=True)


REVIEW_ACTIONS = ("reviewed", "metadata_changed", "merged", "published", "rejected")


def review_queue(engine: Engine, wanted: QueueFilter | None = None) -> Queue:
    """The documents awaiting review that ``wanted`` admits, in its order, with what the
    whole queue holds (for the filters) and how far the work has come."""
    wanted = wanted or QueueFilter()
    pending = _pending(engine)
    reasons: dict[str, int] = {}
    sources: dict[str, int] = {}
    for item in pending:
        for code in dict.fromkeys(item.codes):
            reasons[code] = reasons.get(code, 0) + 1
        key = item.source or BY_HAND
        sources[key] = sources.get(key, 0) + 1
    done = 0
    if pending:
        since = min(item.filed for item in pending)
        with Session(engine) as session:
            done = session.exec(
                select(func.count(func.distinct(AuditEvent.document_id))).where(
                    col(AuditEvent.action).in_(REVIEW_ACTIONS),
                    col(AuditEvent.at) >= since,
                    col(AuditEvent.actor).startswith("web:"),
                    col(AuditEvent.document_id).is_not(None),
                    col(AuditEvent.document_id).not_in([i.id for i in pending]),
                )
            ).one()
    items = _ordered([i for i in pending if wanted.admits(i)], wanted.sort)
    return Queue(items, reasons, sources, len(pending), int(done))


def next_in_queue(engine: Engine, after: int, wanted: QueueFilter) -> int | None:
    """The document to review after ``after`` in ``wanted``'s order: the one that followed
    it, or the first, when ``after`` has left the queue (it was just saved)."""
    items = review_queue(engine, wanted).items
    ids = [i.id for i in items]
    if after in ids:
        at = ids.index(after)
        rest = ids[at + 1 :] + ids[:at]
        return rest[0] if rest else None
    return ids[0] if ids else None


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


HEAD_LINES = 40  # the heading of an act is in its first lines; the rest is shown as it is


@dataclass(frozen=True)
class TextLine:
    text: str
    heading: bool  # holds what the parser read: type, issuer, date, number, title


def _folded(text: str) -> str:
    return "".join(text.lower().replace("ё", "е").split())


def heading_lines(view: ActView) -> tuple[list[TextLine], str]:
    """The act's first lines, those that hold what was read as its heading marked, and the
    rest of its text: the review screen shows them beside the form, so a librarian checks
    each field against the line it came from."""
    lines = view.text.split("\n")
    markers = [
        _folded(value)
        for value in (
            view.number and f"№{view.number}",
            view.number,
            view.date_adopted and view.date_adopted.strftime("%d.%m.%Y"),
            view.issuer,
            (view.title or "")[:40],
            view.doc_type and DOC_TYPE_LABELS_RU.get(view.doc_type),
        )
        if value and len(_folded(value)) >= 3
    ]
    head = [
        TextLine(line, bool(line.strip()) and any(m in _folded(line) for m in markers))
        for line in lines[:HEAD_LINES]
    ]
    # a long issuer or title wraps: its second line carries no marker of its own
    return head, "\n".join(lines[HEAD_LINES:])


PREVIEW_WIDTH = 900  # pixels: the review screen's column


def page_image(repo: Repository, document_id: int, version_id: int, page: int) -> bytes | None:
    """Page ``page`` (0-based) of a version's original PDF as a PNG, drawn by the isolated
    reader once and kept beside the blobs; None when the original is not a PDF."""
    found = version_file(repo.engine, document_id, version_id)
    if found is None or found.media_type != PDF:
        return None
    folder = repo.settings.data_dir / "previews"
    cached = folder / f"{found.sha256}-{page}-{PREVIEW_WIDTH}.png"
    if cached.exists():
        return cached.read_bytes()
    png = render_isolated(repo.blobs.get(found.sha256), page, PREVIEW_WIDTH, repo.ingestor().limits)
    folder.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(png)
    partial.replace(cached)  # another worker drawing the same page writes the same bytes
    return png
