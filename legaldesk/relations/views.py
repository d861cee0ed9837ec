"""An act's relations as readers see them: its status and what made it so, what it amends,
repeals, suspends, rests on and cites, and which acts do that to it — for the act page,
the API and ``legaldesk show``.

What the public sees of another act is what it may see of it: a relation to an act that is
not published is shown as the reference reads, without a link or an id, so nothing of an
unpublished act leaks through the page of a published one."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.models import ActReference, Document, ExternalAct, Organization
from legaldesk.models.relations import RESOLVED

ROLES = ("amends", "repeals", "suspends", "based_on", "cites")


@dataclass(frozen=True, kw_only=True)
class OtherAct:
    """The act on the other side of a relation: the filed act when the reference resolved
    to one the reader may see, else what the reference says of it."""

    id: int | None  # the filed act (None: not filed, not resolved, or not for this reader)
    external_id: int | None  # the outside act (legaldesk.models.ExternalAct)
    doc_type: str | None
    number: str | None
    date_adopted: date | None
    title: str | None
    issuer: str | None
    status: str | None  # the filed act's status
    material: str = "act"  # an act, or a press clipping citing it


@dataclass(frozen=True, kw_only=True)
class Relation:
    reference_id: int
    role: str
    partial: bool
    part: str | None
    sentence: str
    resolution: str  # resolved / pending / external / ambiguous
    candidates: list[int] = field(default_factory=list)
    act: OtherAct


@dataclass(frozen=True, kw_only=True)
class ActRelations:
    status: str
    status_since: date | None
    status_act: OtherAct | None  # the repealing, suspending or latest amending act
    status_override: str | None
    status_reason: str | None
    outgoing: list[Relation]  # what this act says of others, in text order
    incoming: list[Relation]  # what others say of it, oldest first

    def out(self, role: str) -> list[Relation]:
        return [r for r in self.outgoing if r.role == role]

    def into(self, role: str) -> list[Relation]:
        return [r for r in self.incoming if r.role == role]

    @property
    def history(self) -> list[Relation]:
        """Its history of changes: the acts that amended, suspended or repealed it, by date."""
        return [r for r in self.incoming if r.role in ("amends", "suspends", "repeals")]


def relations_of(
    engine: Engine, document_id: int, visible: Collection[str] = ()
) -> ActRelations | None:
    """The act's relations; ``visible``: the publication states the reader may see (empty:
    every state, for staff)."""
    with Session(engine) as session:
        document = session.get(Document, document_id)
        if document is None:
            return None
        outgoing = session.exec(
            select(ActReference)
            .where(ActReference.source_id == document_id)
            .order_by(col(ActReference.ordinal))
        ).all()
        incoming = session.exec(
            select(ActReference).where(
                ActReference.target_id == document_id, ActReference.resolution == RESOLVED
            )
        ).all()
        ids = {r.target_id for r in outgoing if r.target_id} | {r.source_id for r in incoming}
        ids |= {c for r in outgoing for c in (r.candidates or [])}
        if document.status_act_id:
            ids.add(document.status_act_id)
        acts = _acts(session, ids, visible)
        externals = {
            e.id: e
            for e in session.exec(
                select(ExternalAct).where(
                    col(ExternalAct.id).in_(
                        sorted({r.external_id for r in outgoing if r.external_id})
                    )
                )
            ).all()
        }
        out = [
            _relation(r, acts.get(r.target_id or 0) or _as_read(r, externals), acts)
            for r in outgoing
        ]
        into = [_relation(r, acts[r.source_id], acts) for r in incoming if r.source_id in acts]
        into.sort(key=lambda r: (r.act.date_adopted or date.min, r.act.id or 0, r.reference_id))
        return ActRelations(
            status=document.status,
            status_since=document.status_since,
            status_act=acts.get(document.status_act_id or 0),
            status_override=document.status_override,
            status_reason=document.status_reason,
            outgoing=_one_per_target(out),
            incoming=_one_per_target(into),
        )


def _acts(session: Session, ids: set[int], visible: Collection[str]) -> dict[int, OtherAct]:
    if not ids:
        return {}
    query = (
        select(Document, Organization.name)
        .outerjoin(Organization, col(Organization.id) == col(Document.issuer_id))
        .where(col(Document.id).in_(sorted(ids)))
    )
    if visible:
        query = query.where(col(Document.publication).in_(list(visible)))
    return {
        d.id: OtherAct(
            id=d.id,
            external_id=None,
            doc_type=d.doc_type,
            number=d.number,
            date_adopted=d.date_adopted,
            title=d.title,
            issuer=issuer,
            status=d.status,
            material=d.material,
        )
        for d, issuer in session.exec(query).all()
        if d.id is not None
    }


def _as_read(ref: ActReference, externals: dict[int | None, ExternalAct]) -> OtherAct:
    outside = externals.get(ref.external_id)
    return OtherAct(
        id=None,
        external_id=ref.external_id,
        doc_type=ref.doc_type,
        number=ref.number,
        date_adopted=ref.date_adopted,
        title=ref.title or (outside.title if outside else None),
        issuer=ref.issuer,
        status=None,
    )


def _relation(ref: ActReference, act: OtherAct, seen: Collection[int]) -> Relation:
    """``seen``: the acts the reader may see (an ambiguous reference's candidates among them)."""
    assert ref.id is not None
    return Relation(
        reference_id=ref.id,
        role=ref.role,
        partial=ref.partial,
        part=ref.part,
        sentence=ref.sentence,
        resolution=ref.resolution,
        candidates=[c for c in ref.candidates or [] if c in seen],
        act=act,
    )


def _one_per_target(relations: list[Relation]) -> list[Relation]:
    """An act named three times in a role is listed once (its first mention), unless the
    mentions touch different parts; unresolved mentions are told apart by what they read."""

    def other(r: Relation) -> object:
        return r.act.id or r.act.external_id or (r.act.number, r.act.date_adopted, r.act.title)

    # An act amended or repealed here is also mentioned («в постановление … № 17»): that
    # mention is no relation of its own.
    acted_on = {other(r) for r in relations if r.role != "cites"}
    seen: set[tuple[object, ...]] = set()
    kept: list[Relation] = []
    for r in relations:
        key = (r.role, other(r), r.part)
        if key in seen or (r.role == "cites" and other(r) in acted_on):
            continue
        seen.add(key)
        kept.append(r)
    return kept


@dataclass(frozen=True)
class Link:
    start: int
    end: int
    act_id: int | None
    external_id: int | None


def links_in(engine: Engine, version_id: int, visible: Collection[str] = ()) -> list[Link]:
    """The references of this version's text that lead somewhere: to a filed act the reader
    may see, or to an outside act's page; in text order, none overlapping."""
    with Session(engine) as session:
        refs = session.exec(
            select(ActReference, Document.publication)
            .outerjoin(Document, col(Document.id) == col(ActReference.target_id))
            .where(ActReference.version_id == version_id)
            .order_by(col(ActReference.start))
        ).all()
    links: list[Link] = []
    last_end = 0
    for ref, state in refs:
        target = ref.target_id if ref.target_id and (not visible or state in visible) else None
        if target is None and ref.external_id is None:
            continue
        if ref.start < last_end or ref.end <= ref.start:
            continue
        links.append(Link(ref.start, ref.end, target, None if target else ref.external_id))
        last_end = ref.end
    return links


@dataclass(frozen=True, kw_only=True)
class OutsideActView:
    act: ExternalAct
    citing: list[tuple[OtherAct, str]]  # the acts citing it (that the reader may see), role


def outside_act(
    engine: Engine, external_id: int, visible: Collection[str] = ()
) -> OutsideActView | None:
    """An act outside the repository and every act that cites it."""
    with Session(engine) as session:
        outside = session.get(ExternalAct, external_id)
        if outside is None:
            return None
        refs = session.exec(
            select(ActReference.source_id, ActReference.role).where(
                ActReference.external_id == external_id
            )
        ).all()
        acts = _acts(session, {s for s, _r in refs}, visible)
    roles: dict[int, str] = {}
    for source, role in refs:
        if source in acts and (source not in roles or role != "cites"):
            roles[source] = role
    citing = sorted(
        ((acts[s], roles[s]) for s in roles),
        key=lambda pair: (pair[0].date_adopted or date.min, pair[0].id or 0),
        reverse=True,
    )
    return OutsideActView(act=outside, citing=citing)
