"""A librarian corrects a filed clipping's newspaper fields — a misread issue, the pages, an
author left out. One transaction: the clipping row, the document's title and date (the
headline and the issue date, which search and lists read), an audit event with each field
before and after, and a «metadata_changed» change, so the index and subscribers follow."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from legaldesk import changes
from legaldesk.clippings.details import ClippingDetails, ClippingError
from legaldesk.db import session_scope
from legaldesk.messages import Msg
from legaldesk.models import AuditEvent, Clipping, Document
from legaldesk.models.base import utcnow


def correct_clipping(
    engine: Engine, document_id: int, details: ClippingDetails, actor: str
) -> list[str]:
    """Apply ``details`` (checked by ``clipping_details``); the fields that changed."""
    with session_scope(engine) as session:
        row = session.get(Clipping, document_id)
        document = session.get(Document, document_id)
        if row is None or document is None:
            raise ClippingError(Msg("there is no clipping %(id)s", id=document_id))
        after = {**asdict(details), "authors": list(details.authors)}
        before = {name: getattr(row, name) for name in after}
        changed = [name for name in after if _plain(before[name]) != _plain(after[name])]
        if not changed:
            return []
        for name in changed:
            setattr(row, name, after[name])
        document.title, document.date_adopted = details.headline, details.issued
        document.updated_at = utcnow()
        session.add_all([row, document])
        session.add(
            AuditEvent(
                actor=actor[:128],
                action="clipping_changed",
                document_id=document_id,
                detail={
                    n: {"before": _plain(before[n]), "after": _plain(after[n])} for n in changed
                },
            )
        )
        changes.record(
            session, document_id, changes.METADATA_CHANGED, actor, detail={"fields": changed}
        )
        return changed


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value
