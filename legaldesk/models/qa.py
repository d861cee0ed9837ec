"""The public question–answer base: requests a librarian published in an edited,
anonymised form (legaldesk/qa/)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from legaldesk.models.base import utcnow


class QaEntry(SQLModel, table=True):
    """One question and its answer as the public reads them: texts the librarian edited,
    never the requester's name or contact. Unpublished entries stay (they may be published
    again) and are absent from every public page and from the index."""

    __tablename__ = "qa_entry"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="desk_request.id", unique=True)
    question: str = Field(sa_column=Column(Text, nullable=False))
    answer: str = Field(sa_column=Column(Text, nullable=False))
    state: str = Field(max_length=16, index=True)  # published | unpublished
    # The number of the entry's last change, from one counter: the Q&A index applies the
    # entries whose revision is past its own position (legaldesk/qa/indexing.py).
    revision: int = Field(index=True)
    published_at: datetime | None = None  # first published
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(max_length=128)


class QaEntryRubric(SQLModel, table=True):
    __tablename__ = "qa_entry_rubric"

    entry_id: int = Field(foreign_key="qa_entry.id", primary_key=True)
    rubric_id: int = Field(foreign_key="rubric.id", primary_key=True, index=True)


class QaRevision(SQLModel, table=True):
    """The last revision number given to an entry. Raised by one upsert in the transaction
    that changes the entry: on PostgreSQL the row stays locked until that transaction ends,
    so revisions commit in their order and a follower reading «after N» skips none."""

    __tablename__ = "qa_revision"

    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    last: int = 0
