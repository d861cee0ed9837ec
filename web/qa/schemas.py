"""What the question–answer API answers (public): declared, so /schema describes it."""

from __future__ import annotations

from datetime import date, datetime

import msgspec


class QaHitOut(msgspec.Struct):
    id: int
    question: str
    rubrics: list[str]  # subject heading codes
    published_at: datetime | None
    question_html: str | None  # the question, the query's words in <b> (with q)
    snippet_html: str | None  # a passage of the answer, the query's words in <b> (with q)


class QaListOut(msgspec.Struct):
    total: int
    offset: int
    limit: int
    items: list[QaHitOut]


class QaActOut(msgspec.Struct):
    document_id: int
    doc_type: str | None
    number: str | None
    date_adopted: date | None
    title: str | None
    public: bool  # the act is on the public site (/api/v1/documents/{document_id})
    changed_since_answer: bool


class QaEntryOut(msgspec.Struct):
    id: int
    question: str
    answer: str
    rubrics: list[str]
    answered_on: date | None
    published_at: datetime | None
    acts: list[QaActOut]
