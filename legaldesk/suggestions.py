"""Subject headings suggested for an act from the acts librarians already classified: the
acts most like it (the search index ranks them by its title, or its opening words) vote
for their headings, each vote weighted by the neighbour's rank. A suggestion is offered,
never applied: the librarian picks."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from legaldesk.index import SearchQuery
from legaldesk.models import Document, DocumentRubric, Rubric, Version
from legaldesk.repository import Repository

NEIGHBOURS = 30
OPENING_CHARS = 400  # an act without a title is known by its opening words


@dataclass(frozen=True)
class Suggestion:
    code: str
    weight: float  # the share of the neighbours' votes, 0–1


def query_text(title: str | None, text: str) -> str:
    return (title or "").strip() or " ".join(text[:OPENING_CHARS].split())


def suggest_rubrics(repo: Repository, document_id: int, limit: int = 5) -> list[Suggestion]:
    with Session(repo.engine) as session:
        document = session.get(Document, document_id)
        if document is None:
            return []
        text = session.exec(
            select(Version.text)
            .where(Version.document_id == document_id)
            .order_by(col(Version.number_in_document).desc())
        ).first()
    words = query_text(document.title, text or "")
    if not words:
        return []
    hits = repo.index.search(
        SearchQuery(text=words, limit=NEIGHBOURS + 1, facets=False, snippets=False)
    ).hits
    neighbours = [h.id for h in hits if h.id != document_id][:NEIGHBOURS]
    if not neighbours:
        return []
    with Session(repo.engine) as session:
        links = session.exec(
            select(DocumentRubric.document_id, Rubric.code)
            .join(Rubric, col(Rubric.id) == col(DocumentRubric.rubric_id))
            .where(col(DocumentRubric.document_id).in_(neighbours))
        ).all()
    headings: dict[int, list[str]] = {}
    for doc_id, code in links:
        headings.setdefault(doc_id, []).append(code)
    votes: dict[str, float] = {}
    total = 0.0
    for rank, doc_id in enumerate(neighbours):
        if doc_id not in headings:
            continue  # not classified: no vote
        weight = 1.0 / (rank + 1)
        total += weight
        for code in headings[doc_id]:
            votes[code] = votes.get(code, 0.0) + weight
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [Suggestion(code, round(v / total, 3)) for code, v in ranked] if total else []
