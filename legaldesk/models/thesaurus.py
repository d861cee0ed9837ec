from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from legaldesk.models.base import utcnow


class ThesaurusEntry(SQLModel, table=True):
    """One entry of the centre's thesaurus: what residents say, and the phrases acts use
    for it (``;``-separated), applied to queries at search time (legaldesk/thesaurus.py)."""

    __tablename__ = "thesaurus_entry"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=255, unique=True)
    phrases: str = Field(max_length=2000)
    position: int = 0  # the order an administrator wrote them in
    updated_at: datetime = Field(default_factory=utcnow)
