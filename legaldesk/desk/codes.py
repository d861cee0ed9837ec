"""Reference codes: the year and the request's sequence number in it, «2026-00042».

The sequence is a counter row per year, raised by one upsert that returns the new value,
inside the transaction that files the request: on PostgreSQL the row stays locked until
that transaction ends, so a second desk filing at the same moment waits and takes the
next number; SQLite has one writer at a time. A rolled-back filing gives its number back.
A unique constraint on (year, seq) stands behind it all the same.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from legaldesk.models import RequestCounter

WIDTH = 5  # «00042»: a centre answers thousands a year, not a hundred thousand


def format_code(year: int, seq: int) -> str:
    return f"{year}-{seq:0{WIDTH}d}"


def take_number(session: Session, year: int) -> int:
    """The next sequence number of ``year``, taken in ``session``'s transaction."""
    table: Any = RequestCounter.__table__  # type: ignore[attr-defined]
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(table)
        .values(year=year, last=1)
        .on_conflict_do_update(index_elements=[table.c.year], set_={"last": table.c.last + 1})
        .returning(table.c.last)
    )
    return int(session.execute(statement).scalar_one())
