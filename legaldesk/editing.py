"""A librarian corrects an act: the parsed metadata confirmed or changed, status and rubrics
set. One transaction: the document, its act key, its rubrics, an audit event with every
field before and after, and the change-log entries that say what changed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, select

from legaldesk import changes
from legaldesk.actnumber import clean_number
from legaldesk.catalogue import ActFields, plain, project
from legaldesk.db import session_scope
from legaldesk.dossiers import store as dossier_items
from legaldesk.issuers import issuer_named
from legaldesk.messages import Msg
from legaldesk.models import (
    AuditEvent,
    Document,
    DocumentRubric,
    Organization,
    RemoteFile,
    Rubric,
    Version,
)
from legaldesk.models.base import utcnow
from legaldesk.pipeline.ingest import act_key
from legaldesk.pipeline.metadata import ActMetadata
from legaldesk.publication import PENDING, PUBLISHED, set_state
from legaldesk.relations.consumer import hand_over
from legaldesk.relations.status import set_override
from legaldesk.vocabulary import DOC_TYPE_LABELS_RU, Status

LEVELS = ("federal", "regional", "municipal", "unknown")
STATUSES = tuple(s.value for s in Status)


class EditError(ValueError):
    pass


@dataclass(frozen=True, kw_only=True)
class Changes(ActFields):
    rubrics: tuple[str, ...]  # codes
    # A status other than the one shown is a librarian's override (legaldesk/relations/
    # status.py), which needs its reason.
    status_reason: str = ""


def save_metadata(engine: Engine, document_id: int, new: Changes, actor: str) -> list[str]:
    """Apply ``new`` to the document; returns the names of the fields that changed. Saving
    also confirms the document: it leaves the review queue, and an act awaiting review is
    published (a librarian filed or checked it: legaldesk/publication.py). A rejected or
    withdrawn act is corrected and stays so: publishing it again is a decision of its own."""
    if new.doc_type and new.doc_type not in DOC_TYPE_LABELS_RU:
        raise EditError(Msg("unknown document type %(type)s", type=new.doc_type))
    if new.level not in LEVELS or new.status not in STATUSES:
        raise EditError(Msg("unknown level or status"))
    with session_scope(engine) as session:
        document = session.get(Document, document_id)
        if document is None:
            raise EditError(Msg("no document %(id)s", id=document_id))
        known = {r.code: r for r in session.exec(select(Rubric)).all()}
        unknown = sorted(set(new.rubrics) - set(known))
        if unknown:
            raise EditError(Msg("unknown rubric code(s): %(codes)s", codes=", ".join(unknown)))
        issuer = issuer_named(session, new.issuer, new.level)
        old_issuer = session.get(Organization, document.issuer_id) if document.issuer_id else None
        old_rubrics = set(
            session.exec(
                select(Rubric.code)
                .join(DocumentRubric, col(DocumentRubric.rubric_id) == col(Rubric.id))
                .where(DocumentRubric.document_id == document_id)
            ).all()
        )
        was = project(
            Changes,
            document,
            issuer=old_issuer.name if old_issuer else None,
            rubrics=tuple(sorted(old_rubrics)),
        )
        now = replace(
            new,
            doc_type=new.doc_type or None,
            number=(clean_number(new.number) if new.number else None) or None,
            title=" ".join((new.title or "").split()) or None,
            issuer=issuer.name if issuer else None,
            rubrics=tuple(sorted(set(new.rubrics))),
        )
        before, after = plain(was), plain(now)
        del before["status_reason"], after["status_reason"]
        # The status is derived: set by hand it is an override, logged as such below.
        overriding = before.pop("status") != after.pop("status")
        if overriding and not new.status_reason.strip():
            raise EditError(Msg("say why the status is set by hand"))
        changed = [k for k in before if before[k] != after[k]]
        meta = ActMetadata(doc_type=now.doc_type, number=now.number, date_adopted=now.date_adopted)
        key = act_key(meta, now.issuer)
        if key is not None and key != document.act_key:
            other = session.exec(select(Document).where(Document.act_key == key)).first()
            if other is not None and other.id != document_id:
                raise EditError(
                    Msg(
                        "act %(id)s already has this type, number, date and issuer: "
                        "they look like one act: merge them on the review page",
                        id=other.id,
                    )
                )
        document.doc_type = now.doc_type
        document.number = now.number
        document.date_adopted = now.date_adopted
        document.title = now.title
        document.issuer_id = issuer.id if issuer else None
        document.level = new.level
        document.act_key = key
        publishing = document.publication == PENDING
        if not publishing:  # else publishing ends the review, keeping why it was held
            document.needs_review = False
            document.review_reasons = None
        document.updated_at = utcnow()
        session.exec(delete(DocumentRubric).where(col(DocumentRubric.document_id) == document_id))
        for code in now.rubrics:
            rubric_id = known[code].id
            assert rubric_id is not None
            session.add(DocumentRubric(document_id=document_id, rubric_id=rubric_id))
        session.add(
            AuditEvent(
                actor=actor,
                action="metadata_changed" if changed else "reviewed",
                document_id=document_id,
                detail={k: {"before": before[k], "after": after[k]} for k in changed},
            )
        )
        _record_edit(session, document_id, changed, before, after, actor)
        if overriding:
            set_override(session, document, new.status, new.status_reason, actor)
            changed.append("status")
        if publishing:
            set_state(session, document, PUBLISHED, actor)
        return changed


def _record_edit(
    session: Session,
    document_id: int,
    changed: list[str],
    before: dict[str, Any],
    after: dict[str, Any],
    actor: str,
) -> None:
    """What a save tells the change log: the fields, the headings, or — nothing changed —
    that the act was confirmed as it was. Consumers read the values from the act itself
    (the audit event keeps before and after); a confirmation is a change too, since the act
    left the review queue."""
    fields = [name for name in changed if name != "rubrics"]
    if fields:
        changes.record(
            session, document_id, changes.METADATA_CHANGED, actor, detail={"fields": fields}
        )
    if "rubrics" in changed:
        old, new = set(before["rubrics"]), set(after["rubrics"])
        detail = {"added": sorted(new - old), "removed": sorted(old - new)}
        changes.record(session, document_id, changes.RUBRICS_CHANGED, actor, detail=detail)
    if not changed:
        changes.record(session, document_id, changes.REVIEWED, actor)


def add_rubrics(engine: Engine, document_ids: list[int], codes: tuple[str, ...], actor: str) -> int:
    """Subject headings given to several acts at once (the review queue's selection), kept
    with the headings they have. One transaction; returns how many acts gained one."""
    with session_scope(engine) as session:
        rubrics = session.exec(select(Rubric).where(col(Rubric.code).in_(codes))).all()
        unknown = sorted(set(codes) - {r.code for r in rubrics})
        if unknown:
            raise EditError(Msg("unknown subject heading %(codes)s", codes=", ".join(unknown)))
        present = set(
            session.exec(select(Document.id).where(col(Document.id).in_(document_ids))).all()
        )
        have = set(
            session.exec(
                select(DocumentRubric.document_id, DocumentRubric.rubric_id).where(
                    col(DocumentRubric.document_id).in_(present)
                )
            ).all()
        )
        gained = 0
        for document_id in sorted(i for i in present if i is not None):
            added = [r for r in rubrics if (document_id, r.id) not in have]
            if not added:
                continue
            for rubric in added:
                assert rubric.id is not None
                session.add(DocumentRubric(document_id=document_id, rubric_id=rubric.id))
            detail = {"added": sorted(r.code for r in added), "removed": []}
            changes.record(session, document_id, changes.RUBRICS_CHANGED, actor, detail=detail)
            session.add(
                AuditEvent(
                    actor=actor,
                    action="rubrics_added",
                    document_id=document_id,
                    detail={"rubrics": detail["added"]},
                )
            )
            gained += 1
        return gained


def merge_documents(engine: Engine, duplicate_id: int, into_id: int, actor: str) -> int:
    """The same act filed twice (an issuer spelt otherwise, a date misread): the duplicate's
    versions become the later versions of the act it duplicates, its rubrics are added, its
    history and harvest records follow, and it is gone from the repository and the index.
    One transaction. Returns the number of versions moved."""
    if duplicate_id == into_id:
        raise EditError(Msg("an act cannot be merged into itself"))
    with session_scope(engine) as session:
        duplicate = session.get(Document, duplicate_id)
        into = session.get(Document, into_id)
        if duplicate is None:
            raise EditError(Msg("no document %(id)s", id=duplicate_id))
        if into is None:
            raise EditError(Msg("no document %(id)s", id=into_id))
        last = session.exec(
            select(Version.number_in_document)
            .where(Version.document_id == into_id)
            .order_by(col(Version.number_in_document).desc())
        ).first()
        moved = session.exec(
            select(Version)
            .where(Version.document_id == duplicate_id)
            .order_by(col(Version.number_in_document))
        ).all()
        for offset, version in enumerate(moved, start=1):
            version.document_id = into_id
            version.number_in_document = (last or 0) + offset
            session.add(version)
        have = set(
            session.exec(
                select(DocumentRubric.rubric_id).where(DocumentRubric.document_id == into_id)
            ).all()
        )
        for link in session.exec(
            select(DocumentRubric).where(DocumentRubric.document_id == duplicate_id)
        ).all():
            if link.rubric_id not in have:
                session.add(DocumentRubric(document_id=into_id, rubric_id=link.rubric_id))
            session.delete(link)
        for event in session.exec(
            select(AuditEvent).where(AuditEvent.document_id == duplicate_id)
        ).all():
            event.document_id = into_id
            session.add(event)
        for remote in session.exec(
            select(RemoteFile).where(RemoteFile.document_id == duplicate_id)
        ).all():
            remote.document_id = into_id
            session.add(remote)
        for field in ("title", "issuer_id", "territory", "official_publication", "source_url"):
            if getattr(into, field) is None and getattr(duplicate, field) is not None:
                setattr(into, field, getattr(duplicate, field))
        into.updated_at = utcnow()
        hand_over(session, duplicate_id, into_id)
        dossier_items.hand_over(session, duplicate_id, into_id)
        session.flush()
        session.delete(duplicate)
        versions = [v.id for v in moved]
        session.add(
            AuditEvent(
                actor=actor,
                action="merged",
                document_id=into_id,
                detail={"from": duplicate_id, "versions": versions},
            )
        )
        detail = {"from": duplicate_id, "versions": versions}
        changes.record(session, into_id, changes.MERGED, actor, detail=detail)
        changes.record(session, duplicate_id, changes.REMOVED, actor, detail={"into": into_id})
        return len(moved)
