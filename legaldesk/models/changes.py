"""The change log of acts and the positions of its consumers (legaldesk.changes)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from legaldesk.models.base import utcnow


class Change(SQLModel, table=True):
    """One change to one act, appended in the transaction that made it; never updated.

    No foreign key to ``document``: an act merged into another is deleted, and its
    «removed» change must outlive it for the consumers that have not read it yet."""

    __tablename__ = "act_change"
    # AUTOINCREMENT: SQLite would otherwise hand out max(id)+1, so an id could come back
    # after pruning emptied the table, behind every consumer's position, and be skipped.
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(index=True)
    kind: str = Field(max_length=32)
    version_id: int | None = None
    actor: str = Field(max_length=128)
    at: datetime = Field(default_factory=utcnow)
    detail: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ConsumerPosition(SQLModel, table=True):
    """How far one consumer of the change log has got: every change up to ``position``
    (an ``act_change.id``) has been applied by it."""

    __tablename__ = "change_consumer"

    name: str = Field(primary_key=True, max_length=64)
    position: int = 0
    updated_at: datetime = Field(default_factory=utcnow)
