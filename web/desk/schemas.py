"""What the requests API takes and answers (staff only): declared, so the OpenAPI schema
promises it and schemathesis holds the answers to it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

import msgspec

Channel = Literal["in_person", "phone", "email", "letter", "website", "internal"]
Category = Literal[
    "resident",
    "pensioner",
    "disabled",
    "student",
    "entrepreneur",
    "municipal_employee",
    "deputy",
    "organisation",
]
Kind = Literal["thematic", "address", "clarifying", "factual"]
Priority = Literal["normal", "high", "urgent"]
Status = Literal["new", "in_progress", "waiting", "answered", "closed", "cancelled"]
Delivery = Literal["printed", "email", "phone", "in_person"]
RowId = Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)]


class RequestOut(msgspec.Struct):
    id: int
    code: str  # «2026-00042»: the year and the sequence in it
    received_at: datetime
    channel: str
    category: str
    kind: str
    priority: str
    status: str
    question: str
    due_on: date
    assignee: str | None
    flags: int  # review flags not cleared: a cited act has changed
    overdue: bool


class RequestListOut(msgspec.Struct):
    total: int
    offset: int
    limit: int
    items: list[RequestOut]


class CitedActOut(msgspec.Struct):
    document_id: int
    version_id: int  # the version cited
    version_n: int
    current: bool  # whether it is still the act's latest version
    doc_type: str | None
    number: str | None
    date_adopted: date | None
    title: str | None
    issuer: str | None


class CitedSourceOut(msgspec.Struct):
    source_type: str
    author: str | None
    title: str
    container: str | None
    year: int | None
    issue: str | None
    pages: str | None
    url: str | None
    accessed_on: date | None
    description: str  # the bibliographic description as printed


class AnswerOut(msgspec.Struct):
    text: str
    delivery: str | None
    printed_pages: int | None
    minutes_spent: int | None
    updated_at: datetime


class FlagOut(msgspec.Struct):
    id: int
    kind: str  # the kind of change (legaldesk/changes.py): new_version, withdrawn, …
    document_id: int
    raised_at: datetime
    text: str  # what changed, in the reader's language


class RequesterOut(msgspec.Struct):
    name: str | None
    contact: str | None


class RequestDetailOut(RequestOut):
    effort: int | None
    branch: str | None
    rubrics: list[str]
    requester: RequesterOut | None
    deadline: dict[str, Any]  # how the deadline was computed, step by step
    deadline_text: str
    answer: AnswerOut | None
    acts: list[CitedActOut]
    sources: list[CitedSourceOut]
    open_flags: list[FlagOut]


class RequestIn(msgspec.Struct, forbid_unknown_fields=True):
    question: Annotated[str, msgspec.Meta(min_length=1, max_length=20_000)]
    channel: Channel = "phone"
    category: Category = "resident"
    kind: Kind = "thematic"
    priority: Priority = "normal"
    received_at: datetime | None = None  # without a zone: the library's time; none: now
    effort: Annotated[int, msgspec.Meta(ge=1, le=6)] | None = None
    rubrics: Annotated[
        list[Annotated[str, msgspec.Meta(max_length=64)]], msgspec.Meta(max_length=20)
    ] = []
    requester_name: Annotated[str, msgspec.Meta(max_length=255)] | None = None
    requester_contact: Annotated[str, msgspec.Meta(max_length=255)] | None = None
    assignee_id: RowId | None = None
    branch_id: RowId | None = None
    cite: Annotated[list[RowId], msgspec.Meta(max_length=20)] = []  # act ids to cite


class StatusIn(msgspec.Struct, forbid_unknown_fields=True):
    status: Status


class AnswerIn(msgspec.Struct, forbid_unknown_fields=True):
    text: Annotated[str, msgspec.Meta(max_length=100_000)]
    delivery: Delivery | None = None
    printed_pages: Annotated[int, msgspec.Meta(ge=0, le=10_000)] | None = None
    minutes_spent: Annotated[int, msgspec.Meta(ge=0, le=100_000)] | None = None
