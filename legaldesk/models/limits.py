"""Rates of actions per key, shared by every worker through the database
(legaldesk.ratelimit)."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class RateLimit(SQLModel, table=True):
    """How much of its allowance a key (``ask:addr:10.1.2.3``) has used, as one number: the
    moment it has all of it back (GCRA's theoretical arrival time). Seconds since the
    epoch, not a datetime, so that one statement can compute the next value in SQLite and
    PostgreSQL alike; a row whose moment has passed means the same as no row."""

    __tablename__ = "rate_limit"

    key: str = Field(primary_key=True, max_length=160)
    full_at: float = Field(index=True)
