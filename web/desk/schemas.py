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


class CountOut(msgspec.Struct):
    code: str  # the vocabulary's code (a channel, a heading …); "" for none given
    name: str  # in the reader's language
    count: int


class PeriodCountOut(msgspec.Struct):
    start: date  # the day, or the first day of the month
    count: int


class ActCountOut(msgspec.Struct):
    document_id: int
    heading: str  # «постановление от 12.03.2024 № 245-п»
    title: str | None
    count: int  # requests whose answers cite it


class TrendOut(msgspec.Struct):
    name: str  # a subject heading's name or a word
    counts: list[int]  # one per month of ``months``


class GapOut(msgspec.Struct):
    query: str  # as typed, normalised (lower case, ё as е)
    count: int  # searches that found nothing in the period
    days: int
    last: date


class StatsOut(msgspec.Struct):
    start: date
    end: date
    branch_id: int | None
    branch: str | None
    by: Literal["day", "month"]
    total: int
    by_period: list[PeriodCountOut]
    by_status: list[CountOut]
    by_channel: list[CountOut]
    by_category: list[CountOut]
    by_kind: list[CountOut]
    by_rubric: list[CountOut]
    by_branch: list[CountOut]
    answered: int
    answered_on_time: int  # on or before the due day, the library's day
    answered_late: int
    on_time_share: float | None  # of the answered, 0 to 1
    open_overdue: int
    median_hours: float | None
    median_working_days: float | None
    acts_cited: int
    distinct_acts: int
    top_acts: list[ActCountOut]
    printed_pages: int
    minutes_spent: int
    words: list[CountOut]  # code: the word itself
    months: list[date]  # of the trends: the period's months, or the six up to its end
    rubric_trend: list[TrendOut]
    word_trend: list[TrendOut]
    gaps: list[GapOut]
    gaps_total: int
