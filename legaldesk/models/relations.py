"""References between acts and the acts outside the repository they name
(legaldesk/relations/).

A reference is what one act's text says of another — «признать утратившим силу
постановление от 01.02.2021 № 17» — read by the extractor, kept with its sentence, and
matched to its target when the repository holds it. The rows of an act are derived from its
current text: the relations consumer of the change log rewrites them whenever the text or
the act's fields change, so they are never edited by hand."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from legaldesk.models.base import utcnow

# How far a reference got in finding its target.
RESOLVED = "resolved"  # target_id is the act
PENDING = "pending"  # no act matches yet: resolved when one arrives
EXTERNAL = "external"  # a federal or regional act not in the repository: external_id names it
AMBIGUOUS = "ambiguous"  # several acts match and nothing tells them apart: candidates
RESOLUTIONS = (RESOLVED, PENDING, EXTERNAL, AMBIGUOUS)


class ExternalAct(SQLModel, table=True):
    """An act the repository does not hold but its acts cite — 131-ФЗ, the Budget Code, a
    regional law — kept once, so that every act citing it can be found."""

    __tablename__ = "external_act"

    id: int | None = Field(default=None, primary_key=True)
    # doc_type|number key|date, or «known:<short name>» for an act known by its short name.
    key: str = Field(max_length=300, unique=True, index=True)
    doc_type: str | None = Field(default=None, max_length=32)
    number: str | None = Field(default=None, max_length=64)
    number_key: str | None = Field(default=None, max_length=64, index=True)
    date_adopted: date | None = None
    title: str | None = Field(default=None, sa_column=Column(Text))
    level: str | None = Field(default=None, max_length=16)
    known_as: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)


class ActReference(SQLModel, table=True):
    """One reference in one act's text to another act."""

    __tablename__ = "act_reference"

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="document.id", index=True)
    # The version whose text it was read from: its span links only in that text.
    version_id: int | None = Field(default=None, foreign_key="version.id")
    ordinal: int = 0  # its place among the act's references, in text order
    role: str = Field(max_length=16, index=True)
    doc_type: str | None = Field(default=None, max_length=32)
    issuer: str | None = Field(default=None, max_length=512)
    level: str | None = Field(default=None, max_length=16)
    date_adopted: date | None = Field(default=None, index=True)
    number: str | None = Field(default=None, max_length=64)
    # legaldesk.actnumber.normalize_number of the number: an arriving act finds the
    # references still waiting for it through this column.
    number_key: str | None = Field(default=None, max_length=64, index=True)
    title: str | None = Field(default=None, sa_column=Column(Text))
    known_as: str | None = Field(default=None, max_length=64)
    partial: bool = False
    part: str | None = Field(default=None, max_length=255)
    sentence: str = Field(default="", sa_column=Column(Text, nullable=False))
    start: int = 0
    end: int = 0
    resolution: str = Field(default=PENDING, max_length=16, index=True)
    target_id: int | None = Field(default=None, foreign_key="document.id", index=True)
    external_id: int | None = Field(default=None, foreign_key="external_act.id", index=True)
    # For an ambiguous reference: the acts it may be, for a librarian to see.
    candidates: list[int] | None = Field(default=None, sa_column=Column(JSON))
    created_at: datetime = Field(default_factory=utcnow)
