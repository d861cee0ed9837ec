"""The description of a document of the repository — an act or a press clipping — as the
desk, lists and dossiers print it: its CSL-JSON item, described by the one formatter."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from legaldesk.bibliography.acts import act_item
from legaldesk.bibliography.gost import describe
from legaldesk.catalogue import act
from legaldesk.clippings.csl import clipping_item
from legaldesk.models import Organization
from legaldesk.repository import Repository


def document_item(repo: Repository, document_id: int) -> dict[str, Any]:
    """The CSL-JSON item of a document: a press clipping as the article it is, an act as
    the act it is, online at this service."""
    view = act(repo.engine, document_id)
    if view is None:
        raise LookupError(f"no document {document_id}")
    if view.clipping is not None:
        item = clipping_item(view.clipping, document_id)
        if "URL" in item:
            # GOST describes an online article with the day it was read at its address: the
            # day it was filed here, when the librarian took it from there.
            filed = view.created_at.date()
            item["accessed"] = {"date-parts": [[filed.year, filed.month, filed.day]]}
        return item
    base = repo.settings.resolved_public_url
    return act_item(view, base_url=base, genitive=_stored_genitive(repo, view.issuer))


def _stored_genitive(repo: Repository, issuer: str | None) -> str | None:
    """The authority file's spelling of the issuer in the genitive, where a librarian stored
    one (legaldesk/authority.py)."""
    if not issuer:
        return None
    with Session(repo.engine) as session:
        return session.exec(
            select(Organization.genitive).where(Organization.name == issuer)
        ).first()


def describe_document(repo: Repository, document_id: int) -> str:
    return describe(document_item(repo, document_id))
