"""What a subscriber was told of, as the digest, the private feed and the workspace list
show it: the act, its heading, and why — the profile and the words or filters that matched,
or the act that amended, suspended or repealed it.

The reasons are :class:`~legaldesk.messages.Msg`: the web translates them into the page's
language, the digest job into the letter's (Russian)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.messages import Msg
from legaldesk.models import Document, Rubric, SubscriptionItem, SubscriptionProfile
from legaldesk.vocabulary import DOC_TYPE_LABELS_RU, act_heading_ru

_LEVELS_RU = {"federal": "федеральный", "regional": "региональный", "municipal": "муниципальный"}


@dataclass(frozen=True)
class ActRef:
    id: int
    heading: str
    title: str


@dataclass(frozen=True)
class ItemView:
    id: int
    subscriber_id: int
    profile_id: int
    profile_title: str
    frequency: str
    act: ActRef
    reason: str
    by: ActRef | None
    why: tuple[Msg, ...]
    created_at: datetime
    filed_at: datetime | None
    mailed_at: datetime | None


def _ref(document: Document) -> ActRef:
    assert document.id is not None
    return ActRef(
        document.id,
        act_heading_ru(document.doc_type, document.date_adopted, document.number),
        document.title or "",
    )


def _quoted(values: Sequence[str]) -> str:
    return ", ".join(f"«{v}»" for v in values)


def why(
    item: SubscriptionItem, profile_title: str, by: ActRef | None, rubrics: dict[str, str]
) -> tuple[Msg, ...]:
    """Why the subscriber is told of the act, a phrase per reason."""
    detail = item.detail or {}
    if item.reason == "new":
        titles = [p.get("title", "") for p in detail.get("profiles", [])] or [profile_title]
        out = [Msg("matches your subscription %(profiles)s", profiles=_quoted(titles))]
        if detail.get("words"):
            out.append(Msg("words found: %(words)s", words=_quoted(detail["words"])))
        filters = detail.get("filters") or {}
        if filters.get("rubric"):
            name = rubrics.get(filters["rubric"], filters["rubric"])
            out.append(Msg("subject heading «%(rubric)s»", rubric=name))
        if filters.get("issuer"):
            out.append(Msg("issued by %(issuer)s", issuer=filters["issuer"]))
        if filters.get("type"):
            label = DOC_TYPE_LABELS_RU.get(filters["type"], filters["type"])
            out.append(Msg("type: %(type)s", type=label))
        if filters.get("level"):
            out.append(
                Msg("level: %(level)s", level=_LEVELS_RU.get(filters["level"], filters["level"]))
            )
        return tuple(out)
    act = f"{by.heading} «{by.title}»" if by is not None and by.title else by.heading if by else ""
    follows = Msg("you follow this act through %(profile)s", profile=f"«{profile_title}»")
    if item.reason == "new_version":
        return (Msg("a new text of the act was filed"), follows)
    if item.reason == "in_force":
        return (Msg("the act is in force again"), follows)
    if not act:
        return (Msg("a librarian changed the act's status"), follows)
    if item.reason == "amended":
        return (Msg("amended by %(act)s", act=act), follows)
    if item.reason == "suspended":
        return (Msg("suspended by %(act)s", act=act), follows)
    return (Msg("repealed by %(act)s", act=act), follows)


def views(engine: Engine, items: Sequence[SubscriptionItem]) -> list[ItemView]:
    """The items with their acts, profiles and reasons, in the order given. An item whose
    act has gone (merged away) is left out."""
    if not items:
        return []
    with Session(engine) as session:
        by_ids = {
            int(i.detail["by"])
            for i in items
            if isinstance(i.detail, dict) and isinstance(i.detail.get("by"), int)
        }
        ids = sorted({i.document_id for i in items} | by_ids)
        documents = {
            d.id: d for d in session.exec(select(Document).where(col(Document.id).in_(ids))).all()
        }
        profiles = {
            p.id: p
            for p in session.exec(
                select(SubscriptionProfile).where(
                    col(SubscriptionProfile.id).in_(sorted({i.profile_id for i in items}))
                )
            ).all()
        }
        rubrics = {r.code: r.name_ru for r in session.exec(select(Rubric)).all()}
    out = []
    for item in items:
        document = documents.get(item.document_id)
        profile = profiles.get(item.profile_id)
        if document is None or profile is None:
            continue
        by_id = item.detail.get("by") if isinstance(item.detail, dict) else None
        by_doc = documents.get(by_id) if isinstance(by_id, int) else None
        by = _ref(by_doc) if by_doc is not None else None
        assert item.id is not None
        out.append(
            ItemView(
                id=item.id,
                subscriber_id=item.subscriber_id,
                profile_id=item.profile_id,
                profile_title=profile.title,
                frequency=profile.frequency,
                act=_ref(document),
                reason=item.reason,
                by=by,
                why=why(item, profile.title, by, rubrics),
                created_at=item.created_at,
                filed_at=document.created_at,
                mailed_at=item.mailed_at,
            )
        )
    return out


def recent(engine: Engine, subscriber_id: int, limit: int = 50) -> list[ItemView]:
    """The subscriber's latest items, newest first."""
    with Session(engine) as session:
        items = session.exec(
            select(SubscriptionItem)
            .where(SubscriptionItem.subscriber_id == subscriber_id)
            .order_by(col(SubscriptionItem.id).desc())
            .limit(limit)
        ).all()
    return views(engine, items)
