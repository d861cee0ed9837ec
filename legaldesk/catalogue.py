"""Reading the repository for people: one act with everything about it, the latest acts, the
subject headings. Shared by the web pages, the JSON API and the CLI."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import bindparam, func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.models import (
    Clipping,
    Document,
    DocumentRubric,
    Organization,
    Rubric,
    Source,
    Version,
)

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


@dataclass(frozen=True, kw_only=True)
class ActFields:
    """An act as it is described to readers: the fields the act page, a search hit, the API,
    the CLI and a librarian's correction share, listed once here and inherited."""

    doc_type: str | None
    number: str | None
    date_adopted: date | None
    title: str | None
    issuer: str | None
    level: str
    status: str


@dataclass(frozen=True, kw_only=True)
class Identified:
    """The id of a stored act or version. Named after the other bases, so that its fields come
    first (dataclasses order fields from the last base): answers begin with the id."""

    id: int


@dataclass(frozen=True, kw_only=True)
class VersionFields(Identified):
    """A version as readers see it listed: its file, how its text was read and where it
    came from. Nothing here is personal: the public sees it as staff do."""

    n: int
    filename: str
    media_type: str
    size: int
    sha256: str
    # How the text was obtained (legaldesk.vocabulary.TextMethod), and what tells how far to
    # trust it: tesseract's mean word confidence (0–100) for OCR, the converter (antiword,
    # LibreOffice) for a legacy format.
    text_method: str
    ocr_confidence: float | None
    text_converter: str | None
    # Provenance: the address the file was taken from; for a harvested file also the source
    # (its name), when it was fetched and the HTTP validators the site gave it then.
    source_url: str | None
    source: str | None
    fetched_at: datetime | None
    http_etag: str | None
    http_last_modified: str | None


@dataclass(frozen=True, kw_only=True)
class VersionView(VersionFields):
    source_title: str | None  # the source's title, as the sources page shows it
    pages: int | None
    # What reading the file met (pdf.py's warnings), one message each, shown translated.
    notes: tuple[str, ...]
    created_at: datetime


@dataclass(frozen=True, kw_only=True)
class ClippingView:
    """Where and when a press clipping was printed (legaldesk/clippings/)."""

    source_name: str  # the newspaper or the site
    source_kind: str  # newspaper | site
    issue: str | None
    issued: date | None
    pages: str | None
    authors: list[str]
    headline: str
    url: str | None


@dataclass(frozen=True, kw_only=True)
class ActView(ActFields, Identified):
    material: str  # legaldesk.vocabulary.Material: an act, or a press clipping
    clipping: ClippingView | None  # a clipping's own fields; None for an act
    publication: str  # legaldesk/publication.py: the public sees a published act only
    publication_reason: str | None  # why it was rejected or withdrawn
    territory: str | None
    official_publication: str | None
    source_url: str | None
    created_at: datetime
    rubrics: list[tuple[str, str]]  # (code, Russian name)
    versions: list[VersionView]
    text: str  # of the current version


View = TypeVar("View", bound="DataclassInstance")


def project(cls: type[View], source: object, /, **given: Any) -> View:
    """A ``cls`` filled from the attributes of ``source`` of the same names; ``given`` sets the
    fields ``source`` has not, or overrides them (a view narrowed or reshaped for an answer)."""
    values = {f.name: getattr(source, f.name) for f in fields(cls) if f.name not in given}
    return cls(**values, **given)


def plain(view: DataclassInstance) -> dict[str, Any]:
    """A view as JSON-ready values: nested views as dicts, dates and times in ISO 8601."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in items}

    return asdict(view, dict_factory=pairs)


def _act_statements() -> tuple[Any, Any, Any, Any, Any]:
    """The four reads behind an act page, as Core statements compiled once: the act page is
    the most opened page after search, and the ORM rebuilt these on every view."""
    document: Any = Document.__table__  # type: ignore[attr-defined]
    issuer: Any = Organization.__table__  # type: ignore[attr-defined]
    version: Any = Version.__table__  # type: ignore[attr-defined]
    rubric: Any = Rubric.__table__  # type: ignore[attr-defined]
    link: Any = DocumentRubric.__table__  # type: ignore[attr-defined]
    doc_id: Any = bindparam("doc_id")
    head = (
        select(document, issuer.c.name.label("issuer_name"))
        .select_from(document)
        .outerjoin(issuer, issuer.c.id == document.c.issuer_id)
        .where(document.c.id == doc_id)
    )
    rubrics = (
        select(rubric.c.code, rubric.c.name_ru)
        .join(link, link.c.rubric_id == rubric.c.id)
        .where(link.c.document_id == doc_id)
        .order_by(rubric.c.position)
    )
    source: Any = Source.__table__  # type: ignore[attr-defined]
    # Every version but without its text: an act amended twenty times shows one text.
    columns: list[Any] = [
        *(c for c in version.c if c.name != "text"),
        source.c.name.label("source_name"),
        source.c.title.label("source_title"),
    ]
    versions = (
        select(*columns)
        .select_from(version)
        .outerjoin(source, source.c.id == version.c.source_id)
        .where(version.c.document_id == doc_id)
        .order_by(version.c.number_in_document)
    )
    text = select(version.c.text).where(version.c.id == bindparam("version_id"))
    clipping: Any = Clipping.__table__  # type: ignore[attr-defined]
    press = select(clipping).where(clipping.c.document_id == doc_id)
    return head, rubrics, versions, text, press


_HEAD, _RUBRICS, _VERSIONS, _TEXT, _CLIPPING = _act_statements()


def act(engine: Engine, document_id: int) -> ActView | None:
    with engine.connect() as conn:
        document = conn.execute(_HEAD, {"doc_id": document_id}).first()
        if document is None:
            return None
        rubrics = conn.execute(_RUBRICS, {"doc_id": document_id}).all()
        versions = conn.execute(_VERSIONS, {"doc_id": document_id}).all()
        text = conn.execute(_TEXT, {"version_id": versions[-1].id}).scalar() if versions else ""
        press = conn.execute(_CLIPPING, {"doc_id": document_id}).first()
    return project(
        ActView,
        document,
        issuer=document.issuer_name,
        clipping=project(ClippingView, press, authors=list(press.authors or []))
        if press is not None
        else None,
        rubrics=[(code, name) for code, name in rubrics],
        versions=[
            project(
                VersionView,
                v,
                n=v.number_in_document,
                notes=tuple(v.extraction_notes.split("; ")) if v.extraction_notes else (),
                source=v.source_name,
            )
            for v in versions
        ],
        text=text or "",
    )


def version_file(engine: Engine, document_id: int, version_id: int) -> Version | None:
    with Session(engine) as session:
        version = session.get(Version, version_id)
        if version is None or version.document_id != document_id:
            return None
        return version


def publication_state(engine: Engine, document_id: int) -> str | None:
    """The act's publication state (legaldesk/publication.py); None when there is no act."""
    with Session(engine) as session:
        return session.exec(select(Document.publication).where(Document.id == document_id)).first()


def rubric_names(engine: Engine, lang: str = "ru") -> dict[str, str]:
    """Code → name in the reader's language (the Russian one where no English is given)."""
    with Session(engine) as session:
        rows = session.exec(
            select(Rubric.code, Rubric.name_ru, Rubric.name_en).order_by(col(Rubric.position))
        )
        return {
            code: (name_en if lang == "en" and name_en else name_ru)
            for code, name_ru, name_en in rows
        }


def rubric_counts(engine: Engine, states: Sequence[str] | None = None) -> dict[str, int]:
    """How many acts carry each subject heading (for browsing by rubric); only acts in
    ``states`` of publication when given (the public counts published acts)."""
    with Session(engine) as session:
        query = (
            select(Rubric.code, func.count(col(DocumentRubric.document_id)))
            .join(DocumentRubric, col(DocumentRubric.rubric_id) == col(Rubric.id))
            .group_by(col(Rubric.code))
        )
        if states is not None:
            query = query.join(Document, col(Document.id) == col(DocumentRubric.document_id)).where(
                col(Document.publication).in_(states)
            )
        return {code: int(n) for code, n in session.exec(query)}


def issuer_counts(engine: Engine, states: Sequence[str] | None = None) -> list[tuple[str, int]]:
    """Issuing bodies with the number of their acts, by name (for browsing by issuer); only
    acts in ``states`` of publication when given (the public counts published acts)."""
    with Session(engine) as session:
        query = (
            select(Organization.name, func.count(col(Document.id)))
            .join(Document, col(Document.issuer_id) == col(Organization.id))
            .group_by(col(Organization.name))
            .order_by(col(Organization.name))
        )
        if states is not None:
            query = query.where(col(Document.publication).in_(states))
        return [(name, int(n)) for name, n in session.exec(query)]


def rubric_tree(engine: Engine) -> list[dict[str, object]]:
    with Session(engine) as session:
        rows = session.exec(select(Rubric).order_by(col(Rubric.position))).all()
        codes = {r.id: r.code for r in rows}
        return [
            {
                "code": r.code,
                "name_ru": r.name_ru,
                "name_en": r.name_en,
                "parent": codes.get(r.parent_id) if r.parent_id else None,
            }
            for r in rows
        ]
