"""What LegalDesk proposes for a dossier: the published acts and clippings its saved query
finds in its period, and the question–answer entries on its words. An item already in the
dossier — proposed, accepted or rejected — is not proposed again, so a standing dossier's
top-up proposes only what appeared since; those items show as new until delivered."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from legaldesk.db import session_scope
from legaldesk.index import SearchIndex, SearchQuery
from legaldesk.index.qa import QaIndex
from legaldesk.models.base import utcnow
from legaldesk.models.dossiers import Dossier, DossierItem
from legaldesk.publication import PUBLIC
from legaldesk.qa.search import search_entries
from legaldesk.search import search_documents

LIMIT = 40  # proposals per query: a dossier is read, not searched


def propose(engine: Engine, index: SearchIndex, qa_index: QaIndex | None, dossier_id: int) -> int:
    """Add the query's finds not yet in the dossier as proposals; the number added."""
    with Session(engine) as session:
        dossier = session.get(Dossier, dossier_id)
        if dossier is None:
            return 0
        have_docs = set(
            session.exec(
                select(DossierItem.document_id).where(DossierItem.dossier_id == dossier_id)
            ).all()
        )
        have_qa = set(
            session.exec(
                select(DossierItem.qa_entry_id).where(DossierItem.dossier_id == dossier_id)
            ).all()
        )
    filters = dossier.filters or {}
    query = SearchQuery(
        text=dossier.query,
        rubrics=(filters["rubric"],) if filters.get("rubric") else (),
        doc_types=(filters["doc_type"],) if filters.get("doc_type") else (),
        levels=(filters["level"],) if filters.get("level") else (),
        issuers=(filters["issuer"],) if filters.get("issuer") else (),
        date_from=dossier.period_from,
        date_to=dossier.period_to,
        publication=PUBLIC,
        limit=LIMIT,
        snippets=False,
        facets=False,
    )
    if filters.get("material"):
        query = replace(query, materials=(filters["material"],))
    found = [hit.id for hit in search_documents(engine, index, query).hits]
    entries: list[int] = []
    if qa_index is not None and dossier.query:
        entries = [hit.id for hit in search_entries(engine, qa_index, dossier.query, limit=10).hits]
    now = utcnow()
    added = 0
    with session_scope(engine) as session:
        for document_id in found:
            if document_id not in have_docs:
                session.add(
                    DossierItem(dossier_id=dossier_id, document_id=document_id, proposed_at=now)
                )
                added += 1
        for entry_id in entries:
            if entry_id not in have_qa:
                session.add(
                    DossierItem(dossier_id=dossier_id, qa_entry_id=entry_id, proposed_at=now)
                )
                added += 1
    return added
