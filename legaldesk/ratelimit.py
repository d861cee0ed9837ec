"""How often a key may do something, counted in the database so that every worker and
every machine of the service sees the same count.

A :class:`Rate` allows ``count`` actions per ``per``: a burst of ``count`` at once, then one
each ``per / count`` (the generic cell rate algorithm). A key's state is one number, the
moment it has its whole allowance back, and :func:`take` moves it with one statement —
an INSERT … ON CONFLICT DO UPDATE … WHERE the action is allowed — so two workers taking the
last allowance at once cannot both get it, on SQLite and PostgreSQL alike.

Not the sign-in throttle (legaldesk/accounts/throttle.py): that one counts failures, is
cleared by a success and locks an account name; this one counts every action of a key and
only ever slows it down, which is what a public form needs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import case, delete, literal
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from legaldesk.db import session_scope
from legaldesk.models import RateLimit


@dataclass(frozen=True)
class Rate:
    count: int
    per: timedelta

    def __post_init__(self) -> None:
        if self.count < 1 or self.per <= timedelta(0):
            raise ValueError("a rate allows at least one action in a positive time")

    @property
    def interval(self) -> float:
        return self.per.total_seconds() / self.count


def take(engine: Engine, key: str, rate: Rate, now: float | None = None) -> timedelta | None:
    """Count one action of ``key``: None when it is allowed, else how long until the next
    one will be (nothing is counted then)."""
    now = time.time() if now is None else now
    window = rate.per.total_seconds()
    table = RateLimit.__table__  # type: ignore[attr-defined]
    insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
    start = case((table.c.full_at > now, table.c.full_at), else_=literal(now))
    statement = (
        insert(table)
        .values(key=key, full_at=now + rate.interval)
        .on_conflict_do_update(
            index_elements=[table.c.key],
            set_={"full_at": start + rate.interval},
            where=start + rate.interval <= now + window,
        )
        .returning(table.c.full_at)
    )
    with session_scope(engine) as session:
        allowed = session.execute(statement).first() is not None
        # Rows whose moment has passed say nothing a missing row does not.
        session.execute(delete(RateLimit).where(col(RateLimit.full_at) < now))
        if allowed:
            return None
        full_at = session.exec(select(RateLimit.full_at).where(RateLimit.key == key)).first()
    # Allowed again once the allowance in use fits the window with one more action.
    wait = (full_at or now) + rate.interval - window - now
    return timedelta(seconds=max(wait, 0.001))


def clear(engine: Engine, key: str) -> None:
    with session_scope(engine) as session:
        session.execute(delete(RateLimit).where(col(RateLimit.key) == key))
