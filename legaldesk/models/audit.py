from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from legaldesk.models.base import utcnow


class AuditEvent(SQLModel, table=True):
    """Who filed or changed what, and every file the pipeline refused, with the reason."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=128)
    action: str = Field(max_length=64, index=True)
    document_id: int | None = Field(default=None, foreign_key="document.id", index=True)
    detail: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
