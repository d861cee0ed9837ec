"""Where documents come from: configured sources, their runs, and every URL they yielded."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from legaldesk.models.base import utcnow


class Source(SQLModel, table=True):
    """A website section, feed, portal or folder that LegalDesk harvests. ``config`` is the
    validated source definition (``legaldesk.harvesters.config.SourceConfig``) as JSON, so a
    source added from a TOML file or, later, from the web is stored the same way."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=128, unique=True, index=True)
    kind: str = Field(max_length=32)
    title: str | None = Field(default=None, max_length=512)
    config: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    enabled: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class HarvestRun(SQLModel, table=True):
    """One harvest of one source: what it fetched and what came of it."""

    __tablename__ = "harvest_run"

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    started_at: datetime = Field(default_factory=utcnow, index=True)
    finished_at: datetime | None = None
    # running → ok | partial (some items failed) | failed (the source itself failed)
    # | interrupted (the process died; found by the next run of the source)
    status: str = Field(default="running", max_length=16, index=True)
    trigger: str = Field(default="cli", max_length=16)
    pages: int = 0  # listing, feed, sitemap and detail pages read
    found: int = 0  # files the source lists
    new: int = 0
    changed: int = 0
    unchanged: int = 0  # answered 304, or the same bytes as last time
    failed: int = 0
    gone: int = 0  # listed before, not any more
    requests: int = 0
    not_modified: int = 0
    bytes: int = 0
    message: str | None = Field(default=None, sa_column=Column(Text))


class HarvestError(SQLModel, table=True):
    """Why one URL of a run failed, or what it took to fetch it: the run's record names
    every failure and every retry."""

    __tablename__ = "harvest_error"

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="harvest_run.id", index=True)
    url: str = Field(sa_column=Column(Text, nullable=False))
    # error: the URL failed; skipped: not tried, its host had stopped answering (the circuit
    # breaker); deadline: the run stopped at its deadline; retry: not a failure, the URL
    # came after transient failures, and the reason tells which and how long was waited.
    kind: str = Field(default="error", max_length=16)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    # The reason as data ({template, params}: legaldesk.messages.to_data) when it was a
    # message of ours, read back in the reader's language.
    message: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    at: datetime = Field(default_factory=utcnow)


class RemoteFile(SQLModel, table=True):
    """A URL a source yielded (a file, or a page whose links are remembered), with the HTTP
    validators that make the next harvest a conditional GET, and what it became."""

    __tablename__ = "remote_file"
    __table_args__ = (UniqueConstraint("source_id", "url_key"),)

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    url: str = Field(sa_column=Column(Text, nullable=False))
    url_key: str = Field(max_length=64)  # sha256 of the URL: URLs outgrow index limits
    role: str = Field(default="file", max_length=8)  # file | page
    etag: str | None = Field(default=None, max_length=512)
    last_modified: str | None = Field(default=None, max_length=64)
    sha256: str | None = Field(default=None, max_length=64)
    # For pages: the candidates found on it last time, reused when it answers 304.
    links: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # What the listing said about a file (title, number, date…), merged into the ingest.
    hints: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    document_id: int | None = Field(default=None, foreign_key="document.id", index=True)
    version_id: int | None = Field(default=None, foreign_key="version.id")
    first_seen_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    last_run_id: int | None = Field(default=None, index=True)
    fetched_at: datetime | None = None
    gone_at: datetime | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text))
