"""Search as the desk uses it: the index finds and ranks, the database supplies the act
metadata and the original file's checksum for each hit on the page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from legaldesk.index import SearchIndex, SearchQuery, SearchResults
from legaldesk.models import Document, Version
from legaldesk.queries import with_current_version


@dataclass(frozen=True)
class DocumentHit:
    id: int
    score: float
    doc_type: str | None
    number: str | None
    date_adopted: date | None
    title: str | None
    issuer: str | None
    level: str
    status: str
    title_html: str | None
    snippet_html: str | None
    sha256: str | None
    filename: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "score": round(self.score, 4),
            "doc_type": self.doc_type,
            "number": self.number,
            "date_adopted": self.date_adopted.isoformat() if self.date_adopted else None,
            "title": self.title,
            "issuer": self.issuer,
            "level": self.level,
            "status": self.status,
            "snippet_html": self.snippet_html,
            "sha256": self.sha256,
            "filename": self.filename,
        }


@dataclass(frozen=True)
class SearchPage:
    query: SearchQuery
    total: int
    hits: list[DocumentHit]
    facets: dict[str, dict[str, int]]

    def as_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "offset": self.query.offset,
            "limit": self.query.limit,
            "hits": [h.as_json() for h in self.hits],
            "facets": self.facets,
        }


def search_documents(engine: Engine, index: SearchIndex, query: SearchQuery) -> SearchPage:
    results: SearchResults = index.search(query)
    ids = [h.id for h in results.hits]
    meta: dict[int, tuple[Document, str | None, str | None, str | None]] = {}
    if ids:
        with Session(engine) as session:
            rows = session.exec(with_current_version(ids, Version.sha256, Version.filename)).all()
            for document, issuer, sha, name in rows:
                assert document.id is not None
                meta[document.id] = (document, issuer, sha, name)
    hits: list[DocumentHit] = []
    for hit in results.hits:
        if hit.id not in meta:  # deleted since the index last heard; the outbox will catch up
            continue
        document, issuer_name, checksum, original_name = meta[hit.id]
        hits.append(
            DocumentHit(
                id=hit.id,
                score=hit.score,
                doc_type=document.doc_type,
                number=document.number,
                date_adopted=document.date_adopted,
                title=document.title,
                issuer=issuer_name,
                level=document.level,
                status=document.status,
                title_html=hit.title_html,
                snippet_html=hit.snippet_html,
                sha256=checksum,
                filename=original_name,
            )
        )
    return SearchPage(query=query, total=results.total, hits=hits, facets=results.facets)
