"""Dossiers as they are ordered and compiled: an employee orders one from the workspace (or a
librarian opens one for an organisation), LegalDesk proposes items from its saved query, the
librarian accepts them into sections, rejects, orders and annotates them.

Every change is one transaction; a refused change (a section of another dossier, an item
twice) raises :class:`DossierError` with a message a librarian reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.db import session_scope
from legaldesk.messages import Msg
from legaldesk.models import Document, Organization, QaEntry, User
from legaldesk.models.base import utcnow
from legaldesk.models.dossiers import (
    DOSSIER_STATES,
    Dossier,
    DossierDelivery,
    DossierItem,
    DossierSection,
)

MAX_TOPIC = 500
DEFAULT_SECTION = "Материалы"  # the section an item goes to when the dossier has none yet


class DossierError(ValueError):
    pass


@dataclass(frozen=True, kw_only=True)
class Order:
    """What is asked: a topic, what for, a period and (for the librarian) the query."""

    topic: str
    purpose: str = ""
    period_from: date | None = None
    period_to: date | None = None
    query: str = ""
    filters: dict[str, Any] = field(default_factory=dict)
    standing: bool = False
    requester_name: str = ""
    requester_email: str | None = None


def _clean(order: Order) -> Order:
    topic = " ".join(order.topic.split())[:MAX_TOPIC]
    if not topic:
        raise DossierError(Msg("name the topic of the dossier"))
    if order.period_from and order.period_to and order.period_from > order.period_to:
        raise DossierError(Msg("the period ends before it begins"))
    return Order(
        topic=topic,
        purpose=order.purpose.strip()[:5000],
        period_from=order.period_from,
        period_to=order.period_to,
        query=" ".join((order.query or topic).split())[:500],
        filters={k: v for k, v in order.filters.items() if k in _FILTERS and v},
        standing=order.standing,
        requester_name=" ".join(order.requester_name.split())[:500],
        requester_email=(order.requester_email or "").strip()[:320] or None,
    )


_FILTERS = ("rubric", "doc_type", "level", "issuer", "material")


def order_dossier(engine: Engine, user: User, order: Order) -> Dossier:
    """An employee orders a dossier: the query starts as the topic's words."""
    cleaned = _clean(order)
    with session_scope(engine) as session:
        dossier = Dossier(
            topic=cleaned.topic,
            purpose=cleaned.purpose,
            period_from=cleaned.period_from,
            period_to=cleaned.period_to,
            query=cleaned.query,
            standing=cleaned.standing,
            requester_user_id=user.id,
            requester_name=user.display_name or user.username,
            requester_email=cleaned.requester_email,
        )
        session.add(dossier)
        session.flush()
        return dossier


def open_dossier(engine: Engine, order: Order, compiler: str) -> Dossier:
    """A librarian opens a dossier for an organisation or a person without an account."""
    cleaned = _clean(order)
    if not cleaned.requester_name:
        raise DossierError(Msg("say whom the dossier is for"))
    with session_scope(engine) as session:
        dossier = Dossier(
            topic=cleaned.topic,
            purpose=cleaned.purpose,
            period_from=cleaned.period_from,
            period_to=cleaned.period_to,
            query=cleaned.query,
            filters=cleaned.filters,
            standing=cleaned.standing,
            requester_name=cleaned.requester_name,
            requester_email=cleaned.requester_email,
            compiler=compiler[:128],
            state="compiling",
        )
        session.add(dossier)
        session.flush()
        return dossier


def update_query(
    engine: Engine,
    dossier_id: int,
    query: str,
    filters: dict[str, Any],
    period: tuple[date | None, date | None],
    standing: bool,
    compiler: str,
) -> None:
    """The librarian sharpens the saved query the proposals come from."""
    with session_scope(engine) as session:
        dossier = _dossier(session, dossier_id)
        dossier.query = " ".join(query.split())[:500]
        dossier.filters = {k: v for k, v in filters.items() if k in _FILTERS and v}
        dossier.period_from, dossier.period_to = period
        if period[0] and period[1] and period[0] > period[1]:
            raise DossierError(Msg("the period ends before it begins"))
        dossier.standing = standing
        _touch(dossier, compiler)
        session.add(dossier)


def set_state(engine: Engine, dossier_id: int, state: str, compiler: str) -> None:
    if state not in DOSSIER_STATES:
        raise DossierError(Msg("unknown state %(state)s", state=state))
    with session_scope(engine) as session:
        dossier = _dossier(session, dossier_id)
        dossier.state = state
        _touch(dossier, compiler)
        session.add(dossier)


def _touch(dossier: Dossier, compiler: str) -> None:
    dossier.updated_at = utcnow()
    dossier.compiler = dossier.compiler or compiler[:128]
    if dossier.state == "ordered":
        dossier.state = "compiling"


def _dossier(session: Session, dossier_id: int) -> Dossier:
    dossier = session.get(Dossier, dossier_id)
    if dossier is None:
        raise DossierError(Msg("there is no dossier %(id)s", id=dossier_id))
    return dossier


# -- sections and items --------------------------------------------------------------------


def add_section(engine: Engine, dossier_id: int, title: str, compiler: str) -> DossierSection:
    title = " ".join(title.split())[:300]
    if not title:
        raise DossierError(Msg("name the section"))
    with session_scope(engine) as session:
        dossier = _dossier(session, dossier_id)
        last = session.exec(
            select(DossierSection.position)
            .where(DossierSection.dossier_id == dossier_id)
            .order_by(col(DossierSection.position).desc())
        ).first()
        section = DossierSection(dossier_id=dossier_id, title=title, position=(last or 0) + 1)
        session.add(section)
        _touch(dossier, compiler)
        session.add(dossier)
        session.flush()
        return section


def add_item(
    engine: Engine,
    dossier_id: int,
    compiler: str,
    *,
    document_id: int | None = None,
    qa_entry_id: int | None = None,
) -> DossierItem:
    """The librarian adds an act, a clipping or a Q&A entry by hand: accepted at once."""
    if (document_id is None) == (qa_entry_id is None):
        raise DossierError(Msg("choose one act, clipping or question–answer entry"))
    with session_scope(engine) as session:
        _dossier(session, dossier_id)
        if document_id is not None and session.get(Document, document_id) is None:
            raise DossierError(Msg("there is no act %(id)s", id=document_id))
        if qa_entry_id is not None and session.get(QaEntry, qa_entry_id) is None:
            raise DossierError(Msg("there is no question–answer entry %(id)s", id=qa_entry_id))
        item = _find(session, dossier_id, document_id, qa_entry_id)
        if item is None:
            item = DossierItem(
                dossier_id=dossier_id, document_id=document_id, qa_entry_id=qa_entry_id
            )
        _accept(session, item, None)
        session.flush()
        return item


def _find(
    session: Session, dossier_id: int, document_id: int | None, qa_entry_id: int | None
) -> DossierItem | None:
    query = select(DossierItem).where(DossierItem.dossier_id == dossier_id)
    if document_id is not None:
        query = query.where(DossierItem.document_id == document_id)
    else:
        query = query.where(DossierItem.qa_entry_id == qa_entry_id)
    return session.exec(query).first()


def _accept(session: Session, item: DossierItem, section_id: int | None) -> None:
    if section_id is None:
        section_id = _first_section(session, item.dossier_id)
    section = session.get(DossierSection, section_id)
    if section is None or section.dossier_id != item.dossier_id:
        raise DossierError(Msg("no such section in this dossier"))
    last = session.exec(
        select(DossierItem.position)
        .where(DossierItem.section_id == section_id, DossierItem.state == "accepted")
        .order_by(col(DossierItem.position).desc())
    ).first()
    if item.state != "accepted" or item.section_id != section_id:
        item.position = (last or 0) + 1
    item.state, item.section_id = "accepted", section_id
    session.add(item)


def _first_section(session: Session, dossier_id: int) -> int:
    first = session.exec(
        select(DossierSection.id)
        .where(DossierSection.dossier_id == dossier_id)
        .order_by(col(DossierSection.position))
    ).first()
    if first is not None:
        return first
    section = DossierSection(dossier_id=dossier_id, title=DEFAULT_SECTION, position=1)
    session.add(section)
    session.flush()
    assert section.id is not None
    return section.id


def decide(
    engine: Engine,
    dossier_id: int,
    item_ids: Sequence[int],
    accept: bool,
    compiler: str,
    section_id: int | None = None,
) -> int:
    """Accept items into a section (the first when none is given) or reject them; the
    number decided."""
    with session_scope(engine) as session:
        dossier = _dossier(session, dossier_id)
        items = _items(session, dossier_id, item_ids)
        for item in items:
            if accept:
                _accept(session, item, section_id)
            else:
                item.state, item.section_id = "rejected", None
                session.add(item)
        _touch(dossier, compiler)
        session.add(dossier)
        return len(items)


def _items(session: Session, dossier_id: int, item_ids: Sequence[int]) -> list[DossierItem]:
    items = session.exec(select(DossierItem).where(col(DossierItem.id).in_(list(item_ids)))).all()
    if len(items) != len(set(item_ids)) or any(i.dossier_id != dossier_id for i in items):
        raise DossierError(Msg("no such item in this dossier"))
    return list(items)


def move(engine: Engine, dossier_id: int, item_id: int, step: int, compiler: str) -> None:
    """Move an accepted item up (-1) or down (+1) within its section."""
    with session_scope(engine) as session:
        (item,) = _items(session, dossier_id, [item_id])
        if item.state != "accepted":
            raise DossierError(Msg("only accepted items have a place"))
        siblings = list(
            session.exec(
                select(DossierItem)
                .where(DossierItem.section_id == item.section_id, DossierItem.state == "accepted")
                .order_by(col(DossierItem.position), col(DossierItem.id))
            ).all()
        )
        at = next(i for i, s in enumerate(siblings) if s.id == item.id)
        to = max(0, min(len(siblings) - 1, at + step))
        siblings.insert(to, siblings.pop(at))
        for position, sibling in enumerate(siblings, 1):
            sibling.position = position
            session.add(sibling)


def annotate(engine: Engine, dossier_id: int, item_id: int, note: str, compiler: str) -> None:
    with session_scope(engine) as session:
        (item,) = _items(session, dossier_id, [item_id])
        item.note = note.strip()[:5000]
        session.add(item)


# -- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ItemView:
    id: int
    state: str
    note: str
    new: bool  # not delivered yet
    document_id: int | None
    qa_entry_id: int | None
    doc_type: str | None
    number: str | None
    date_adopted: date | None
    title: str
    issuer: str | None
    status: str | None
    material: str  # act / clipping / qa


@dataclass(frozen=True, kw_only=True)
class SectionView:
    id: int
    title: str
    items: list[ItemView]


@dataclass(frozen=True, kw_only=True)
class DossierView:
    dossier: Dossier
    sections: list[SectionView]
    proposed: list[ItemView]
    rejected: list[ItemView]
    deliveries: list[DossierDelivery]

    @property
    def accepted(self) -> list[ItemView]:
        return [item for section in self.sections for item in section.items]


def get_dossier(engine: Engine, dossier_id: int) -> DossierView | None:
    with Session(engine) as session:
        dossier = session.get(Dossier, dossier_id)
        if dossier is None:
            return None
        sections = session.exec(
            select(DossierSection)
            .where(DossierSection.dossier_id == dossier_id)
            .order_by(col(DossierSection.position), col(DossierSection.id))
        ).all()
        items = session.exec(
            select(DossierItem)
            .where(DossierItem.dossier_id == dossier_id)
            .order_by(col(DossierItem.position), col(DossierItem.id))
        ).all()
        views = _item_views(session, items)
        deliveries = session.exec(
            select(DossierDelivery)
            .where(DossierDelivery.dossier_id == dossier_id)
            .order_by(col(DossierDelivery.id).desc())
        ).all()
    by_section: dict[int | None, list[ItemView]] = {}
    for item, view in zip(items, views, strict=True):
        if item.state == "accepted":
            by_section.setdefault(item.section_id, []).append(view)
    return DossierView(
        dossier=dossier,
        sections=[
            SectionView(id=s.id or 0, title=s.title, items=by_section.get(s.id, []))
            for s in sections
        ],
        proposed=[v for v in views if v.state == "proposed"],
        rejected=[v for v in views if v.state == "rejected"],
        deliveries=list(deliveries),
    )


def _item_views(session: Session, items: Sequence[DossierItem]) -> list[ItemView]:
    doc_ids = [i.document_id for i in items if i.document_id is not None]
    documents = {
        d.id: (d, issuer)
        for d, issuer in session.exec(
            select(Document, Organization.name)
            .outerjoin(Organization, col(Organization.id) == col(Document.issuer_id))
            .where(col(Document.id).in_(doc_ids))
        ).all()
    }
    qa_ids = [i.qa_entry_id for i in items if i.qa_entry_id is not None]
    entries = {
        e.id: e for e in session.exec(select(QaEntry).where(col(QaEntry.id).in_(qa_ids))).all()
    }
    views = []
    for item in items:
        assert item.id is not None
        found = documents.get(item.document_id) if item.document_id else None
        entry = entries.get(item.qa_entry_id) if item.qa_entry_id else None
        document = found[0] if found else None
        views.append(
            ItemView(
                id=item.id,
                state=item.state,
                note=item.note,
                new=item.delivered_in is None,
                document_id=item.document_id,
                qa_entry_id=item.qa_entry_id,
                doc_type=document.doc_type if document else None,
                number=document.number if document else None,
                date_adopted=document.date_adopted if document else None,
                title=(document.title if document else entry.question if entry else None) or "",
                issuer=found[1] if found else None,
                status=document.status if document else None,
                material="qa" if entry else document.material if document else "act",
            )
        )
    return views


@dataclass(frozen=True)
class DossierRow:
    id: int
    topic: str
    requester: str
    state: str
    standing: bool
    updated_at: datetime
    proposed: int
    accepted: int
    new: int


def list_dossiers(engine: Engine, requester_user_id: int | None = None) -> list[DossierRow]:
    """Every dossier (the librarian's list), or one employee's."""
    with Session(engine) as session:
        query = select(Dossier).order_by(col(Dossier.updated_at).desc())
        if requester_user_id is not None:
            query = query.where(Dossier.requester_user_id == requester_user_id)
        dossiers = session.exec(query).all()
        counts: dict[int, dict[str, int]] = {}
        for item in session.exec(
            select(DossierItem).where(col(DossierItem.dossier_id).in_([d.id for d in dossiers]))
        ).all():
            c = counts.setdefault(item.dossier_id, {"proposed": 0, "accepted": 0, "new": 0})
            if item.state in ("proposed", "accepted"):
                c[item.state] += 1
            if item.state == "accepted" and item.delivered_in is None:
                c["new"] += 1
    return [
        DossierRow(
            id=d.id or 0,
            topic=d.topic,
            requester=d.requester_name,
            state=d.state,
            standing=d.standing,
            updated_at=d.updated_at,
            proposed=counts.get(d.id or 0, {}).get("proposed", 0),
            accepted=counts.get(d.id or 0, {}).get("accepted", 0),
            new=counts.get(d.id or 0, {}).get("new", 0),
        )
        for d in dossiers
    ]


def deliveries_of(engine: Engine, dossier_ids: Sequence[int]) -> dict[int, list[DossierDelivery]]:
    """The deliveries of these dossiers, newest first, by dossier."""
    out: dict[int, list[DossierDelivery]] = {}
    with Session(engine) as session:
        for delivery in session.exec(
            select(DossierDelivery)
            .where(col(DossierDelivery.dossier_id).in_(list(dossier_ids)))
            .order_by(col(DossierDelivery.id).desc())
        ).all():
            out.setdefault(delivery.dossier_id, []).append(delivery)
    return out


def hand_over(session: Session, duplicate_id: int, into_id: int) -> None:
    """In the transaction merging a duplicate act away: its dossier items name the act it
    went into — or go, where the dossier already holds that act."""
    for item in session.exec(select(DossierItem).where(DossierItem.document_id == duplicate_id)):
        if _find(session, item.dossier_id, into_id, None) is None:
            item.document_id = into_id
            session.add(item)
        else:
            session.delete(item)
    session.flush()
