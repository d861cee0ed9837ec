"""Issuing bodies as the repository keeps them: one row per name, shared by every act the
body issued, whether a file's heading named it or a librarian typed it."""

from __future__ import annotations

from sqlmodel import Session, select

from legaldesk.models import Organization
from legaldesk.vocabulary import Level


def issuer_named(session: Session, name: str | None, level: str | None) -> Organization | None:
    """The issuing body of this name, added at ``level`` when the repository has none yet;
    None for no name. Names are compared with their white space folded."""
    name = " ".join((name or "").split())[:512]
    if not name:
        return None
    org = session.exec(select(Organization).where(Organization.name == name)).first()
    if org is None:
        org = Organization(name=name, level=level or Level.UNKNOWN)
        session.add(org)
        session.flush()
    return org
