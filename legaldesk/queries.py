"""Database queries shared by the index sync and the search page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from legaldesk.models import Document, Organization, Version


def with_current_version(ids: Sequence[int], *columns: Any) -> Any:
    """SELECT Document, issuer name, *columns of each document's latest version, for ids.

    Outer joins: a document without an issuer or (briefly, mid-import) without a version
    still comes back."""
    latest = (
        select(Version.document_id, func.max(Version.number_in_document).label("n"))
        .where(col(Version.document_id).in_(ids))
        .group_by(col(Version.document_id))
        .subquery()
    )
    return (
        select(Document, Organization.name, *columns)
        .join(Organization, col(Document.issuer_id) == col(Organization.id), isouter=True)
        .join(latest, col(latest.c.document_id) == col(Document.id), isouter=True)
        .join(
            Version,
            (col(Version.document_id) == col(Document.id))
            & (col(Version.number_in_document) == latest.c.n),
            isouter=True,
        )
        .where(col(Document.id).in_(ids))
    )
