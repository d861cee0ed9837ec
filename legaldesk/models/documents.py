from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from legaldesk.models.base import utcnow


class Organization(SQLModel, table=True):
    """An issuing body of the authority file (legaldesk/issuers.py): an administration, a
    council, a ministry, or for laws the Federation or one of its subjects. ``name`` is the
    official name acts are shown and indexed under; the spellings files use are its
    variants."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=512, unique=True, index=True)
    short_name: str | None = Field(default=None, max_length=255)
    # The name in the genitive as descriptions print it («постановление администрации …»)
    # where the body spells it otherwise than pymorphy3 inflects it (legaldesk/bibliography/).
    genitive: str | None = Field(default=None, max_length=512)
    level: str = Field(default="unknown", max_length=16)
    territory: str | None = Field(default=None, max_length=255)
    # Made by ingest for a spelling near an existing body's: a librarian confirms or merges it.
    proposed: bool = Field(default=False, index=True)


class IssuerVariant(SQLModel, table=True):
    """A spelling of an issuing body as files, listings or librarians wrote it (the official
    name is one too). ``key`` is the spelling normalised by ``issuers.match_key``: spellings
    that differ only in case, spaces, quotes or OCR confusions share it."""

    __tablename__ = "issuer_variant"

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    spelling: str = Field(max_length=512, unique=True)
    key: str = Field(max_length=512, index=True)
    created_at: datetime = Field(default_factory=utcnow)


class Document(SQLModel, table=True):
    """One legal act or publication; its texts are its versions."""

    id: int | None = Field(default=None, primary_key=True)
    # What kind of material it is (legaldesk.vocabulary.Material): an act, or a press
    # clipping whose own fields are in ``clipping`` (legaldesk/clippings/).
    material: str = Field(default="act", max_length=16, index=True)
    doc_type: str | None = Field(default=None, max_length=32, index=True)
    number: str | None = Field(default=None, max_length=64, index=True)
    date_adopted: date | None = Field(default=None, index=True)
    title: str | None = Field(default=None, sa_column=Column(Text))
    issuer_id: int | None = Field(default=None, foreign_key="organization.id", index=True)
    level: str = Field(default="unknown", max_length=16, index=True)
    territory: str | None = Field(default=None, max_length=255)
    # The act's status as everybody sees it (legaldesk/relations/status.py): a librarian's
    # override if there is one, else what the acts in the repository say of it (repealed,
    # suspended, amended), else what its source said (``status_given``). Derived: the
    # relations consumer recomputes it; nothing else writes it.
    status: str = Field(default="unknown", max_length=16, index=True)
    status_given: str = Field(default="unknown", max_length=16)
    status_override: str | None = Field(default=None, max_length=16)
    status_reason: str | None = Field(default=None, sa_column=Column(Text))
    # Since when the status holds and which act made it so (the repealing act, say).
    status_since: date | None = None
    status_act_id: int | None = Field(default=None, index=True)
    official_publication: str | None = Field(default=None, sa_column=Column(Text))
    source_url: str | None = Field(default=None, sa_column=Column(Text))
    # type|number|date|issuer, normalised: the same act arriving again is a new version.
    act_key: str | None = Field(default=None, max_length=700, unique=True, index=True)
    needs_review: bool = Field(default=False, index=True)
    # Why it awaits review: codes with parameters (legaldesk/reasons.py), rendered where read.
    review_reasons: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON))
    # Whether the public sees it (legaldesk/publication.py), who set that, when and why (the
    # reason of a rejection or a withdrawal). Pending by default: nothing becomes public
    # by being forgotten.
    publication: str = Field(default="pending", max_length=16, index=True)
    publication_by: str | None = Field(default=None, max_length=128)
    publication_at: datetime | None = None
    publication_reason: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)


class Version(SQLModel, table=True):
    """One published text of a document, with its original file."""

    __table_args__ = (UniqueConstraint("document_id", "number_in_document"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    number_in_document: int = 1
    sha256: str = Field(max_length=64, unique=True, index=True)
    filename: str = Field(max_length=255)
    media_type: str = Field(max_length=128)
    size: int
    pages: int | None = None
    text_method: str = Field(max_length=16)
    # How far to trust the text: tesseract's mean word confidence (0–100) for OCR, and the
    # program that converted a legacy file (antiword, LibreOffice).
    ocr_confidence: float | None = None
    text_converter: str | None = Field(default=None, max_length=32)
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    # Warnings from extraction («garbled text layer, sent to OCR»): why the text is what it is.
    extraction_notes: str | None = Field(default=None, sa_column=Column(Text))
    source_url: str | None = Field(default=None, sa_column=Column(Text))
    # Provenance of a harvested file: which source, when, and the HTTP validators it had.
    source_id: int | None = Field(default=None, foreign_key="source.id", index=True)
    fetched_at: datetime | None = None
    http_etag: str | None = Field(default=None, max_length=512)
    http_last_modified: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)


class DocumentRubric(SQLModel, table=True):
    __tablename__ = "document_rubric"

    document_id: int = Field(foreign_key="document.id", primary_key=True)
    rubric_id: int = Field(foreign_key="rubric.id", primary_key=True, index=True)
