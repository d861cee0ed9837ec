"""Dossiers on a topic compiled for a municipal employee or an organisation
(legaldesk/dossiers/): what was ordered, the sections and items the librarian chose from
LegalDesk's proposals, and each delivery exactly as it was sent."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from legaldesk.models.base import utcnow

# A dossier's course: ordered by an employee (or opened by a librarian), being compiled,
# delivered at least once, closed (a standing dossier stays «delivered» between top-ups).
DOSSIER_STATES = ("ordered", "compiling", "delivered", "closed")
# An item proposed from the dossier's query, accepted into a section, or rejected (kept, so
# that the next top-up does not propose it again).
ITEM_STATES = ("proposed", "accepted", "rejected")


class Dossier(SQLModel, table=True):
    __tablename__ = "dossier"

    id: int | None = Field(default=None, primary_key=True)
    topic: str = Field(max_length=500)
    # Who ordered it: an employee's account, or an organisation named by the librarian.
    requester_user_id: int | None = Field(default=None, foreign_key="staff_user.id", index=True)
    requester_name: str = Field(default="", max_length=500)
    requester_email: str | None = Field(default=None, max_length=320)
    purpose: str = Field(default="", sa_column=Column(Text, nullable=False))
    period_from: date | None = None
    period_to: date | None = None
    # The saved query the proposals come from: words and the search page's filters.
    query: str = Field(default="", max_length=500)
    filters: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    standing: bool = False  # topped up with what appears after each delivery
    state: str = Field(default="ordered", max_length=16, index=True)
    compiler: str | None = Field(default=None, max_length=128)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class DossierSection(SQLModel, table=True):
    __tablename__ = "dossier_section"

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    title: str = Field(max_length=300)
    position: int = 0


class DossierItem(SQLModel, table=True):
    """An act, a press clipping (both documents) or a question–answer entry of a dossier."""

    __tablename__ = "dossier_item"

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    section_id: int | None = Field(default=None, foreign_key="dossier_section.id", index=True)
    document_id: int | None = Field(default=None, foreign_key="document.id", index=True)
    qa_entry_id: int | None = Field(default=None, foreign_key="qa_entry.id", index=True)
    state: str = Field(default="proposed", max_length=16, index=True)
    note: str = Field(default="", sa_column=Column(Text, nullable=False))
    position: int = 0
    proposed_at: datetime = Field(default_factory=utcnow)
    # The first delivery that carried it: an item without one is new to the requester.
    delivered_in: int | None = Field(default=None, foreign_key="dossier_delivery.id")


class DossierDelivery(SQLModel, table=True):
    """One delivery: when, by whom, to whom, and exactly what (item ids with the version
    of each act and the description printed), so that it can be told later what was sent."""

    __tablename__ = "dossier_delivery"

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    at: datetime = Field(default_factory=utcnow)
    by: str = Field(max_length=128)
    emailed_to: str | None = Field(default=None, max_length=320)
    contents: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    sha256: str = Field(max_length=64)  # of the DOCX, kept in the blob store
    filename: str = Field(max_length=255)
