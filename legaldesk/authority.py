"""The authority file of issuing bodies as librarians keep it (legaldesk/issuers.py matches
spellings to it): the bodies with their variants and acts, a body's names, level and
territory set, a proposed body confirmed, two bodies merged.

Each action is one transaction with an audit event. An act whose issuer's name changes (a
rename, a merge) is re-keyed under the new name and gets a ``metadata_changed`` entry in
the change log, so the index shows it under the body's name; an act that leaves the review
queue because its body was settled gets ``reviewed``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk import changes, reasons
from legaldesk.db import session_scope
from legaldesk.issuers import match_key, near_bodies, spelling_of
from legaldesk.messages import Msg
from legaldesk.models import AuditEvent, Document, IssuerVariant, Organization
from legaldesk.models.base import utcnow
from legaldesk.pipeline.ingest import act_key
from legaldesk.pipeline.metadata import ActMetadata
from legaldesk.vocabulary import Level

LEVELS = tuple(str(level) for level in Level)


class IssuerError(ValueError):
    pass


@dataclass(frozen=True)
class Body:
    """A body as the staff pages list it."""

    id: int
    name: str
    short_name: str | None
    level: str
    territory: str | None
    proposed: bool
    genitive: str | None
    variants: list[str]  # the other spellings, alphabetically
    acts: int


@dataclass(frozen=True)
class BodyPage:
    body: Body
    candidates: list[Body]  # for a proposed body: the bodies it may be
    others: list[tuple[int, str]]  # every other body, to merge into: (id, name)
    recent: list[tuple[int, str | None]]  # its latest acts: (id, title)


def bodies(engine: Engine) -> list[Body]:
    """Every body: proposed ones first, then by name."""
    with Session(engine) as session:
        return _bodies(session, None)


def body_page(engine: Engine, body_id: int) -> BodyPage | None:
    with Session(engine) as session:
        found = _bodies(session, [body_id])
        if not found:
            return None
        body = found[0]
        candidates = (
            _bodies(session, list(near_bodies(session, body.name, exclude=body.id)))
            if body.proposed
            else []
        )
        others = session.exec(
            select(Organization.id, Organization.name)
            .where(Organization.id != body_id)
            .order_by(col(Organization.name))
        ).all()
        recent = session.exec(
            select(Document.id, Document.title)
            .where(Document.issuer_id == body_id)
            .order_by(col(Document.id).desc())
            .limit(20)
        ).all()
        return BodyPage(
            body,
            candidates,
            [(i, n) for i, n in others if i is not None],
            [(i, t) for i, t in recent if i is not None],
        )


def _bodies(session: Session, ids: list[int] | None) -> list[Body]:
    query = select(Organization)
    if ids is not None:
        query = query.where(col(Organization.id).in_(ids))
    orgs = session.exec(query).all()
    wanted = [o.id for o in orgs]
    spellings: dict[int, list[str]] = {}
    for org_id, spelling in session.exec(
        select(IssuerVariant.organization_id, IssuerVariant.spelling)
        .where(col(IssuerVariant.organization_id).in_(wanted))
        .order_by(col(IssuerVariant.spelling))
    ).all():
        spellings.setdefault(org_id, []).append(spelling)
    counts = dict(
        session.exec(
            select(Document.issuer_id, func.count(col(Document.id)))
            .where(col(Document.issuer_id).in_(wanted))
            .group_by(col(Document.issuer_id))
        ).all()
    )
    out = [
        Body(
            id=o.id,
            name=o.name,
            short_name=o.short_name,
            level=o.level,
            territory=o.territory,
            proposed=o.proposed,
            genitive=o.genitive,
            variants=[s for s in spellings.get(o.id, []) if s != o.name],
            acts=int(counts.get(o.id, 0)),
        )
        for o in orgs
        if o.id is not None
    ]
    if ids is not None:  # in the order asked: candidates nearest first
        order = {body_id: n for n, body_id in enumerate(ids)}
        return sorted(out, key=lambda b: order[b.id])
    return sorted(out, key=lambda b: (not b.proposed, b.name.casefold()))


def update_body(
    engine: Engine,
    body_id: int,
    name: str,
    short_name: str | None,
    level: str,
    territory: str | None,
    actor: str,
    genitive: str | None = None,
) -> list[str]:
    """Set a body's official name, short name, level and territory; returns the fields that
    changed. A new name keeps the old one as a variant; a name that is another body's
    (or a spelling of it) is refused: the two are one body, to be merged."""
    name = spelling_of(name)
    if not name:
        raise IssuerError(Msg("the official name is empty"))
    if level not in LEVELS:
        raise IssuerError(Msg("unknown level %(level)s", level=level))
    with session_scope(engine) as session:
        body = _get(session, body_id)
        after = {
            "name": name,
            "short_name": spelling_of(short_name)[:255] or None,
            "level": level,
            "territory": spelling_of(territory)[:255] or None,
            "genitive": spelling_of(genitive)[:512] or None,
        }
        before = {field: getattr(body, field) for field in after}
        changed = [field for field in after if before[field] != after[field]]
        if not changed:
            return []
        if "name" in changed:
            _take_name(session, body, name)
        for field in changed:
            setattr(body, field, after[field])
        session.add(body)
        session.flush()
        acts = _rename_acts(session, body, actor) if "name" in changed else []
        session.add(
            AuditEvent(
                actor=actor,
                action="issuer_changed",
                detail={
                    "issuer": body_id,
                    "acts": acts,
                    **{f: {"before": before[f], "after": after[f]} for f in changed},
                },
            )
        )
        return changed


def confirm_body(engine: Engine, body_id: int, actor: str) -> int:
    """A proposed body is a body of its own: its acts no longer doubt it. Returns how many
    acts left the review queue."""
    with session_scope(engine) as session:
        body = _get(session, body_id)
        if not body.proposed:
            raise IssuerError(Msg("%(name)s is not a proposed body", name=body.name))
        body.proposed = False
        session.add(body)
        released = 0
        for document in _acts_of(session, body_id):
            released += _settle(session, document, body_id, actor, renamed=False)
        session.add(
            AuditEvent(
                actor=actor,
                action="issuer_confirmed",
                detail={"issuer": body_id, "name": body.name},
            )
        )
        return released


def merge_bodies(engine: Engine, body_id: int, into_id: int, actor: str) -> int:
    """Body ``body_id`` is body ``into_id`` spelt otherwise: its acts move to ``into_id``,
    its names become variants of it, and it is gone. What ``into_id`` lacks (short name,
    level, territory) it takes from the merged body. Returns the number of acts moved."""
    if body_id == into_id:
        raise IssuerError(Msg("a body cannot be merged into itself"))
    with session_scope(engine) as session:
        body, into = _get(session, body_id), _get(session, into_id)
        for variant in session.exec(
            select(IssuerVariant).where(IssuerVariant.organization_id == body_id)
        ).all():
            variant.organization_id = into_id
            session.add(variant)
        into.short_name = into.short_name or body.short_name
        into.territory = into.territory or body.territory
        if into.level == Level.UNKNOWN:
            into.level = body.level
        session.add(into)
        moved = _acts_of(session, body_id)
        for document in moved:
            document.issuer_id = into_id
            session.add(document)
        session.flush()
        for document in moved:
            _rekey(session, document, into.name)
            _settle(session, document, body_id, actor, renamed=True)
        session.delete(body)
        session.add(
            AuditEvent(
                actor=actor,
                action="issuers_merged",
                detail={
                    "from": body_id,
                    "into": into_id,
                    "name": body.name,
                    "acts": [d.id for d in moved],
                },
            )
        )
        return len(moved)


def _get(session: Session, body_id: int) -> Organization:
    body = session.get(Organization, body_id)
    if body is None:
        raise IssuerError(Msg("no issuing body %(id)s", id=body_id))
    return body


def _acts_of(session: Session, body_id: int) -> list[Document]:
    return list(
        session.exec(
            select(Document).where(Document.issuer_id == body_id).order_by(col(Document.id))
        ).all()
    )


def _take_name(session: Session, body: Organization, name: str) -> None:
    """Make ``name`` a variant of ``body``, refusing one that names another body."""
    assert body.id is not None
    key = match_key(name)
    same: Any = IssuerVariant.spelling == name
    if len(key) >= 2:
        same = or_(same, col(IssuerVariant.key) == key)
    owners = session.exec(
        select(Organization.name)
        .join(IssuerVariant, col(IssuerVariant.organization_id) == col(Organization.id))
        .where(same, IssuerVariant.organization_id != body.id)
    ).first()
    if owners is not None:
        raise IssuerError(
            Msg(
                "%(name)s is a name of the body %(other)s: merge the two bodies instead",
                name=name,
                other=owners,
            )
        )
    exists = session.exec(select(IssuerVariant.id).where(IssuerVariant.spelling == name)).first()
    if exists is None:
        session.add(IssuerVariant(organization_id=body.id, spelling=name, key=key))


def _rename_acts(session: Session, body: Organization, actor: str) -> list[int]:
    acts = _acts_of(session, body.id or 0)
    for document in acts:
        _rekey(session, document, body.name)
        assert document.id is not None
        changes.record(
            session, document.id, changes.METADATA_CHANGED, actor, detail={"fields": ["issuer"]}
        )
    return [d.id for d in acts if d.id is not None]


def _rekey(session: Session, document: Document, name: str) -> None:
    """Key ``document`` by its body's new name; an act already holding that key is the same
    act filed under another spelling: this one loses its key and awaits a librarian's merge."""
    if document.act_key is None:
        return
    meta = ActMetadata(
        doc_type=document.doc_type, number=document.number, date_adopted=document.date_adopted
    )
    key = act_key(meta, name)
    if key == document.act_key:
        return
    holder = session.exec(
        select(Document.id).where(Document.act_key == key, Document.id != document.id)
    ).first()
    if holder is None:
        document.act_key = key
    else:
        document.act_key = None
        document.needs_review = True
        why = [*reasons.load(document.review_reasons), reasons.duplicate_of([holder])]
        document.review_reasons = reasons.dump(why)
    document.updated_at = utcnow()
    session.add(document)
    session.flush()


def _settle(
    session: Session, document: Document, body_id: int, actor: str, *, renamed: bool
) -> int:
    """The doubt about body ``body_id`` is settled for ``document``; records the change.
    Returns 1 when the act left the review queue."""
    assert document.id is not None
    left = reasons.without_issuer_unsure(document.review_reasons, body_id)
    was_waiting = document.needs_review
    if len(left) != len(reasons.load(document.review_reasons)):
        document.review_reasons = reasons.dump(left)
        document.needs_review = bool(left)
        document.updated_at = utcnow()
        session.add(document)
    released = int(was_waiting and not document.needs_review)
    if renamed:
        changes.record(
            session, document.id, changes.METADATA_CHANGED, actor, detail={"fields": ["issuer"]}
        )
    elif released:
        changes.record(session, document.id, changes.REVIEWED, actor)
    return released
