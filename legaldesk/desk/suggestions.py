"""What the desk suggests while a question is typed: answered requests that asked much the
same, and the acts the search index finds for the question (legaldesk/search.py, as the
public search runs it, published acts only: an answer hands a resident what they may read).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.desk.requests import _like, fold
from legaldesk.index import SearchIndex, SearchQuery
from legaldesk.models import DeskRequest
from legaldesk.publication import PUBLIC
from legaldesk.search import DocumentHit, search_documents

WORD = re.compile(r"[0-9a-zа-я]+(?:-[0-9a-zа-я]+)?")
STOP = frozenset(
    [
        "как",
        "что",
        "где",
        "когда",
        "какие",
        "какой",
        "какая",
        "кто",
        "мне",
        "мой",
        "моя",
        "можно",
        "нужно",
        "или",
        "для",
        "при",
        "это",
        "есть",
        "быть",
        "его",
        "она",
        "они",
        "оно",
        "так",
        "также",
        "если",
        "чтобы",
        "положена",
        "положен",
        "положено",
    ]
)
STEM = 6  # the first letters of a word stand for its forms: «компенсация», «компенсации»


@dataclass(frozen=True)
class SimilarRequest:
    id: int
    code: str
    question: str
    shared: int  # how many of the question's words it shares


def _stems(text: str) -> list[str]:
    out: list[str] = []
    for word in WORD.findall(fold(text)):
        if len(word) < 4 or word in STOP:
            continue
        stem = word[:STEM]
        if stem not in out:
            out.append(stem)
    return out[:10]


def similar_requests(
    engine: Engine, question: str, limit: int = 5, exclude: int | None = None
) -> list[SimilarRequest]:
    """Answered (or closed) requests sharing most of the question's words, at least two of
    them (or the one, for a one-word question)."""
    stems = _stems(question)
    if not stems:
        return []
    needed = min(2, len(stems))
    with Session(engine) as session:
        query = (
            select(DeskRequest.id, DeskRequest.code, DeskRequest.question, DeskRequest.search_text)
            .where(col(DeskRequest.status).in_(("answered", "closed")))
            .where(or_(*(col(DeskRequest.search_text).like(_like(s), escape="\\") for s in stems)))
            .order_by(col(DeskRequest.id).desc())
            .limit(500)
        )
        if exclude is not None:
            query = query.where(col(DeskRequest.id) != exclude)
        rows = session.exec(query).all()
    scored = []
    for request_id, code, text, folded in rows:
        shared = sum(1 for s in stems if s in folded)
        if shared >= needed and request_id is not None:
            scored.append(SimilarRequest(request_id, code, text, shared))
    scored.sort(key=lambda r: (-r.shared, -r.id))
    return scored[:limit]


def likely_acts(
    engine: Engine, index: SearchIndex, question: str, limit: int = 5
) -> list[DocumentHit]:
    if not question.strip():
        return []
    query = SearchQuery(
        text=question[:1000], publication=PUBLIC, limit=limit, facets=False, snippets=False
    )
    return search_documents(engine, index, query).hits
