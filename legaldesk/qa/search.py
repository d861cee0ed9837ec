"""Searching the question–answer base: its index finds and ranks, the database describes —
and drops an entry unpublished a moment ago that the index has not yet let go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine

from legaldesk.index.qa import QaIndex
from legaldesk.qa import entries


@dataclass(frozen=True)
class QaHit:
    id: int
    question: str
    question_html: str | None  # the question with the query's words marked
    snippet_html: str | None  # a passage of the answer with them marked
    rubrics: list[str]
    published_at: datetime | None


@dataclass(frozen=True)
class QaPage:
    total: int
    offset: int
    hits: list[QaHit]


def search_entries(
    engine: Engine, index: QaIndex, text: str, rubric: str = "", offset: int = 0, limit: int = 10
) -> QaPage:
    """Published entries holding the words of ``text``, best first; with no words, the
    newest (from the database)."""
    if not text.strip():
        rows, total = entries.listing(engine, rubric, offset, limit)
        return QaPage(
            total,
            offset,
            [QaHit(r.id, r.question, None, None, r.rubrics, r.published_at) for r in rows],
        )
    found = index.search(text, rubric, offset, limit)
    described = {r.id: r for r in entries.rows(engine, [h.id for h in found.hits])}
    hits = [
        QaHit(
            id=h.id,
            question=described[h.id].question,
            question_html=h.question_html,
            snippet_html=h.snippet_html,
            rubrics=described[h.id].rubrics,
            published_at=described[h.id].published_at,
        )
        for h in found.hits
        if h.id in described
    ]
    return QaPage(found.total, offset, hits)
