"""Counts of the desk's requests for a period, for a librarian's report: how many, by status,
channel, requester and kind, and how many were answered within their deadline. The
statistics pages with charts and exports are built on the same table later."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.desk.requests import Clock
from legaldesk.models import DeskRequest


@dataclass(frozen=True)
class Counts:
    start: date
    end: date
    total: int
    by_status: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    answered_on_time: int = 0
    answered_late: int = 0


def counts(engine: Engine, start: date, end: date, clock: Clock) -> Counts:
    """Requests received from ``start`` to ``end`` (both included, the library's days)."""
    since = datetime.combine(start, time.min, clock.zone)
    until = datetime.combine(end, time.max, clock.zone)
    period = (col(DeskRequest.received_at) >= since, col(DeskRequest.received_at) <= until)
    groups: dict[str, dict[str, int]] = {}
    with Session(engine) as session:
        total = session.exec(select(func.count()).select_from(DeskRequest).where(*period)).one()
        for name, column in (
            ("status", DeskRequest.status),
            ("channel", DeskRequest.channel),
            ("category", DeskRequest.category),
            ("kind", DeskRequest.kind),
        ):
            rows = session.exec(
                select(column, func.count())
                .where(*period)
                .group_by(column)
                .order_by(func.count().desc(), column)
            ).all()
            groups[name] = {str(k): int(n) for k, n in rows}
        answered = session.exec(
            select(col(DeskRequest.answered_at), col(DeskRequest.due_on)).where(
                *period, col(DeskRequest.answered_at).is_not(None)
            )
        ).all()
    on_time = sum(
        1 for at, due in answered if at is not None and at.astimezone(clock.zone).date() <= due
    )
    return Counts(
        start=start,
        end=end,
        total=int(total),
        by_status=groups["status"],
        by_channel=groups["channel"],
        by_category=groups["category"],
        by_kind=groups["kind"],
        answered_on_time=on_time,
        answered_late=len(answered) - on_time,
    )
