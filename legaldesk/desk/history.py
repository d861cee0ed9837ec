"""A request's history: every change, who made it and when, field by field. Written in the
transaction of the change itself, by the desk's services only."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.models import RequestEvent

# What a request's history tells (the web names them, web/desk/labels.py).
ACTIONS = (
    "created",
    "changed",
    "status",
    "assigned",
    "answered",
    "act_cited",
    "act_uncited",
    "source_added",
    "source_removed",
    "flagged",
    "flag_cleared",
    "personal_data_removed",  # expired or erased: that it was, never what it was
    "notified",
    "qa_published",
    "qa_unpublished",
)


def plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | set | frozenset):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    return value


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The fields whose values differ, as ``{field, before, after}`` in ``after``'s order."""
    out = []
    for field, new in after.items():
        old = before.get(field)
        if plain(old) != plain(new):
            out.append({"field": field, "before": plain(old), "after": plain(new)})
    return out


def record(
    session: Session,
    request_id: int,
    actor: str,
    action: str,
    changes: list[dict[str, Any]] | None = None,
) -> RequestEvent:
    if action not in ACTIONS:
        raise ValueError(f"unknown history action {action!r}: add it to history.ACTIONS")
    event = RequestEvent(
        request_id=request_id, actor=actor[:128], action=action, changes=changes or []
    )
    session.add(event)
    return event


def events(engine: Engine, request_id: int) -> list[RequestEvent]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(RequestEvent)
                .where(RequestEvent.request_id == request_id)
                .order_by(col(RequestEvent.id))
            ).all()
        )
