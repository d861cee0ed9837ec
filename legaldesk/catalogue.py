"""Reading the repository for people: one act with everything about it, the latest acts, the
subject headings. Shared by the web pages, the JSON API and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.models import Document, DocumentRubric, Organization, Rubric, Version


@dataclass(frozen=True)
class VersionView:
    id: int
    n: int
    filename: str
    media_type: str
    size: int
    pages: int | None
    text_method: str
    notes: str | None
    source_url: str | None
    fetched_at: datetime | None
    created_at: datetime
    sha256: str


@dataclass(frozen=True)
class ActView:
    id: int
    doc_type: str | None
    number: str | None
    date_adopted: date | None
    title: str | None
    issuer: str | None
    level: str
    territory: str | None
    status: str
    official_publication: str | None
    source_url: str | None
    created_at: datetime
    rubrics: list[tuple[str, str]]  # (code, Russian name)
    versions: list[VersionView]
    text: str  # of the current version


def _act_statements() -> tuple[Any, Any, Any, Any]:
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
    # Every version but without its text: an act amended twenty times shows one text.
    versions = (
        select(*(c for c in version.c if c.name != "text"))
        .where(version.c.document_id == doc_id)
        .order_by(version.c.number_in_document)
    )
    text = select(version.c.text).where(version.c.id == bindparam("version_id"))
    return head, rubrics, versions, text


_HEAD, _RUBRICS, _VERSIONS, _TEXT = _act_statements()


def act(engine: Engine, document_id: int) -> ActView | None:
    with engine.connect() as conn:
        document = conn.execute(_HEAD, {"doc_id": document_id}).first()
        if document is None:
            return None
        rubrics = conn.execute(_RUBRICS, {"doc_id": document_id}).all()
        versions = conn.execute(_VERSIONS, {"doc_id": document_id}).all()
        text = conn.execute(_TEXT, {"version_id": versions[-1].id}).scalar() if versions else ""
    return ActView(
        id=document.id,
        doc_type=document.doc_type,
        number=document.number,
        date_adopted=document.date_adopted,
        title=document.title,
        issuer=document.issuer_name,
        level=document.level,
        territory=document.territory,
        status=document.status,
        official_publication=document.official_publication,
        source_url=document.source_url,
        created_at=document.created_at,
        rubrics=[(code, name) for code, name in rubrics],
        versions=[
            VersionView(
                id=v.id,
                n=v.number_in_document,
                filename=v.filename,
                media_type=v.media_type,
                size=v.size,
                pages=v.pages,
                text_method=v.text_method,
                notes=v.extraction_notes,
                source_url=v.source_url,
                fetched_at=v.fetched_at,
                created_at=v.created_at,
                sha256=v.sha256,
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


def rubric_counts(engine: Engine) -> dict[str, int]:
    """How many acts carry each subject heading (for browsing by rubric)."""
    with Session(engine) as session:
        rows = session.exec(
            select(Rubric.code, func.count(col(DocumentRubric.document_id)))
            .join(DocumentRubric, col(DocumentRubric.rubric_id) == col(Rubric.id))
            .group_by(col(Rubric.code))
        )
        return {code: int(n) for code, n in rows}


def issuer_counts(engine: Engine) -> list[tuple[str, int]]:
    """Issuing bodies with the number of their acts, by name (for browsing by issuer)."""
    with Session(engine) as session:
        rows = session.exec(
            select(Organization.name, func.count(col(Document.id)))
            .join(Document, col(Document.issuer_id) == col(Organization.id))
            .group_by(col(Organization.name))
            .order_by(col(Organization.name))
        )
        return [(name, int(n)) for name, n in rows]


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
