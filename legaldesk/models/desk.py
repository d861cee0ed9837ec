"""The reference desk's tables (legaldesk/desk/): requests, their answers and citations,
their history and review flags, and what deadlines are computed from.

The requester's name and contact live in ``desk_requester``, apart from the request: a
later step expires or erases them there while every count kept on ``desk_request`` stays.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from legaldesk.models.base import utcnow


class Branch(SQLModel, table=True):
    """A library of the network where requests are taken (the central library, a branch)."""

    __tablename__ = "desk_branch"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=255, unique=True)
    position: int = 0
    active: bool = True


class RequestCounter(SQLModel, table=True):
    """The last sequence number given in a year: «2026-00042» is the 42nd of 2026. Taken and
    raised by one UPDATE in the transaction that files the request, so two desks filing at
    once wait for each other and never get the same number (legaldesk/desk/codes.py)."""

    __tablename__ = "desk_request_counter"

    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last: int = 0


class DeskRequest(SQLModel, table=True):
    """A question asked at the reference desk, and where it stands."""

    __tablename__ = "desk_request"
    __table_args__ = (UniqueConstraint("year", "seq"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=16, unique=True, index=True)  # «2026-00042»
    year: int
    seq: int
    received_at: datetime = Field(index=True)
    channel: str = Field(max_length=16, index=True)
    category: str = Field(max_length=32, index=True)
    question: str = Field(sa_column=Column(Text, nullable=False))
    kind: str = Field(default="thematic", max_length=16)
    priority: str = Field(default="normal", max_length=16)
    effort: int | None = None  # READ scale 1–6, when a librarian gives it
    branch_id: int | None = Field(default=None, foreign_key="desk_branch.id", index=True)
    assignee_id: int | None = Field(default=None, foreign_key="staff_user.id", index=True)
    # An employee asking through the workspace: the account, so they see their requests.
    requester_user_id: int | None = Field(default=None, foreign_key="staff_user.id", index=True)
    status: str = Field(default="new", max_length=16, index=True)
    due_on: date = Field(index=True)
    # How the deadline was computed (legaldesk/desk/deadlines.py): the rule and each step,
    # kept as it was then, so a later change of the rules does not rewrite an old request.
    deadline: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # The question and the answer folded (lower case, ё as е) for the desk's search: SQLite's
    # LIKE and lower() fold Latin letters only.
    search_text: str = Field(default="", sa_column=Column(Text, nullable=False))
    created_by: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    answered_at: datetime | None = None
    # When the request ended: closed, or cancelled. Its requester's personal data expires a
    # set time after it (legaldesk/desk/privacy.py).
    closed_at: datetime | None = None


class Requester(SQLModel, table=True):
    """Who asked and how to reach them: personal data, kept apart from the request so that it
    can be expired or erased alone."""

    __tablename__ = "desk_requester"

    request_id: int = Field(foreign_key="desk_request.id", primary_key=True)
    name: str | None = Field(default=None, max_length=255)
    contact: str | None = Field(default=None, max_length=255)  # phone, e-mail or address


class RequestRubric(SQLModel, table=True):
    __tablename__ = "desk_request_rubric"

    request_id: int = Field(foreign_key="desk_request.id", primary_key=True)
    rubric_id: int = Field(foreign_key="rubric.id", primary_key=True, index=True)


class Answer(SQLModel, table=True):
    """The answer to a request: its text, how it was delivered, the time it took."""

    __tablename__ = "desk_answer"

    request_id: int = Field(foreign_key="desk_request.id", primary_key=True)
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    delivery: str | None = Field(default=None, max_length=16)
    printed_pages: int | None = None
    minutes_spent: int | None = None
    updated_by: str = Field(max_length=128)
    updated_at: datetime = Field(default_factory=utcnow)


class CitedAct(SQLModel, table=True):
    """An act cited in an answer, as the exact version the librarian gave. Versions are never
    deleted (a merge moves them to the act kept), so the version always answers; the act's
    id as it was cited stays too, for the change log names that one."""

    __tablename__ = "desk_cited_act"
    __table_args__ = (UniqueConstraint("request_id", "version_id"),)

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="desk_request.id", index=True)
    document_id: int = Field(index=True)  # no foreign key: a merged-away act is deleted
    version_id: int = Field(foreign_key="version.id", index=True)
    position: int = 0
    # The last act change written when it was cited: the review flags consider later ones.
    seen_change: int = 0
    cited_by: str = Field(max_length=128)
    cited_at: datetime = Field(default_factory=utcnow)


class CitedSource(SQLModel, table=True):
    """Another source an answer cites — a newspaper article, a website, a book — as the
    parts of a bibliographic description."""

    __tablename__ = "desk_cited_source"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="desk_request.id", index=True)
    position: int = 0
    source_type: str = Field(max_length=32)
    author: str | None = Field(default=None, max_length=255)
    title: str = Field(max_length=1000)
    container: str | None = Field(default=None, max_length=500)  # newspaper, site, publisher
    year: int | None = None
    issue: str | None = Field(default=None, max_length=64)
    pages: str | None = Field(default=None, max_length=64)
    url: str | None = Field(default=None, max_length=2000)
    accessed_on: date | None = None


class RequestEvent(SQLModel, table=True):
    """One change to a request: who, when, what (``changes``: field, before, after)."""

    __tablename__ = "desk_request_event"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="desk_request.id", index=True)
    at: datetime = Field(default_factory=utcnow)
    actor: str = Field(max_length=128)
    action: str = Field(max_length=32)
    changes: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )


class ReviewFlag(SQLModel, table=True):
    """An act a request's answer cites has changed since: raised by the desk's consumer of
    the change log (legaldesk/desk/flags.py), once per change, cleared by a librarian."""

    __tablename__ = "desk_review_flag"
    __table_args__ = (UniqueConstraint("request_id", "change_id"),)

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="desk_request.id", index=True)
    change_id: int  # act_change.id; no foreign key: the log is pruned
    document_id: int
    cited_version_id: int | None = None
    kind: str = Field(max_length=32)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    raised_at: datetime = Field(default_factory=utcnow)
    cleared_at: datetime | None = Field(default=None, index=True)
    cleared_by: str | None = Field(default=None, max_length=128)


class DeadlineRule(SQLModel, table=True):
    """How long a request may take: per channel, optionally narrowed to a category of
    requester (a rule with a category wins over the channel's own). ``unit`` says how it is
    counted: calendar days (59-ФЗ counts those) or working days; ``basis`` cites why."""

    __tablename__ = "desk_deadline_rule"
    __table_args__ = (UniqueConstraint("channel", "category"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    category: str | None = Field(default=None, max_length=32)
    amount: int = 0
    unit: str = Field(max_length=16)  # calendar_days | working_days
    basis: str = Field(default="", max_length=255)


class CalendarDay(SQLModel, table=True):
    """A day the government's decree on transferred days off makes other than the calendar
    library says: a weekday made a day off, or a Saturday made a working day. Kept by an
    administrator; wins over the library."""

    __tablename__ = "desk_calendar_day"

    day: date = Field(primary_key=True)
    working: bool
    note: str = Field(default="", max_length=255)
    decree: str = Field(default="", max_length=255)


class SearchGap(SQLModel, table=True):
    """A search on the public site that found nothing, counted per normalised query and
    day: what readers look for and the collection lacks (the desk's statistics). Nothing
    about who searched is kept — no address, no session, no time of day."""

    __tablename__ = "desk_search_gap"

    query: str = Field(max_length=200, primary_key=True)
    day: date = Field(primary_key=True, index=True)
    count: int = 1
