"""A press clipping's own fields (legaldesk/clippings/): the document it is holds its text,
versions, rubrics and publication state like an act's; this row says where and when it was
printed, so that it can be described as a newspaper article."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel


class Clipping(SQLModel, table=True):
    document_id: int = Field(foreign_key="document.id", primary_key=True)
    source_name: str = Field(max_length=255, index=True)  # the newspaper or the site
    source_kind: str = Field(default="newspaper", max_length=16)  # vocabulary.SourceKind
    issue: str | None = Field(default=None, max_length=64)  # «№ 25 (10234)»
    issued: date | None = Field(default=None, index=True)  # the date of the issue
    pages: str | None = Field(default=None, max_length=32)  # «3», «3–4»
    authors: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    headline: str = Field(sa_column=Column(Text, nullable=False))
    url: str | None = Field(default=None, sa_column=Column(Text))
