"""Acts as Atom entries, for any list of acts: the public feeds of new acts pass the newest
a search found, a subscriber's feed passes the acts of their subscriptions.

Everything an entry says is in Russian (the acts are Russian; a feed reader has no
language switch): the act's heading with its title, the adoption date, the issuing body as
the author, the subject headings as categories. ``published`` is when the act was filed in
the repository; ``updated`` its last change — the latest entry of the change log for it
(legaldesk/changes.py) or its own ``updated_at``, whichever is later: the log is pruned,
the row is not. The id is the act's address at the configured public URL, so it never
changes between fetches."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from babel.dates import format_date
from sqlalchemy import bindparam, func, select
from sqlalchemy.engine import Engine

from legaldesk.feeds.atom import Entry
from legaldesk.models import Change, Clipping, Document, DocumentRubric, Organization, Rubric
from legaldesk.publication import PUBLIC
from legaldesk.vocabulary import act_heading_ru


def act_entries(
    engine: Engine,
    document_ids: Sequence[int],
    base_url: str,
    publication: Sequence[str] | None = PUBLIC,
) -> list[Entry]:
    """An entry for each of ``document_ids``, in that order. An act that is gone, or whose
    publication state is not among ``publication`` (the public's, unless said; None for
    any), is left out: the index may not yet know an act was withdrawn, the database does."""
    wanted = list(dict.fromkeys(document_ids))
    if not wanted:
        return []
    base = base_url.rstrip("/")
    with engine.connect() as conn:
        rows = {row.id: row for row in conn.execute(_ACTS, {"ids": wanted})}
        changed = dict(conn.execute(_CHANGED, {"ids": wanted}).all())
        rubrics: dict[int, list[str]] = defaultdict(list)
        for document_id, name in conn.execute(_RUBRICS, {"ids": wanted}):
            rubrics[document_id].append(name)
    entries = []
    for document_id in wanted:
        row = rows.get(document_id)
        if row is None or (publication is not None and row.publication not in publication):
            continue
        filed = _aware(row.created_at)
        updated = max(_aware(row.updated_at), filed)
        if changed.get(document_id) is not None:
            updated = max(updated, _aware(changed[document_id]))
        address = f"{base}/documents/{document_id}"
        entries.append(
            Entry(
                id=address,
                title=_title(row),
                link=address,
                updated=updated,
                published=filed,
                summary=_summary(row),
                authors=(row.issuer,) if row.issuer else (),
                categories=tuple(rubrics.get(document_id, ())),
            )
        )
    return entries


def _statements() -> tuple[Any, Any, Any]:
    document: Any = Document.__table__  # type: ignore[attr-defined]
    issuer: Any = Organization.__table__  # type: ignore[attr-defined]
    clipping: Any = Clipping.__table__  # type: ignore[attr-defined]
    change: Any = Change.__table__  # type: ignore[attr-defined]
    rubric: Any = Rubric.__table__  # type: ignore[attr-defined]
    link: Any = DocumentRubric.__table__  # type: ignore[attr-defined]
    ids: Any = bindparam("ids", expanding=True)
    acts = (
        select(
            document.c.id,
            document.c.material,
            document.c.doc_type,
            document.c.number,
            document.c.date_adopted,
            document.c.title,
            document.c.publication,
            document.c.created_at,
            document.c.updated_at,
            issuer.c.name.label("issuer"),
            clipping.c.source_name.label("newspaper"),
            clipping.c.issued,
        )
        .select_from(document)
        .outerjoin(issuer, issuer.c.id == document.c.issuer_id)
        .outerjoin(clipping, clipping.c.document_id == document.c.id)
        .where(document.c.id.in_(ids))
    )
    changed = (
        select(change.c.document_id, func.max(change.c.at))
        .where(change.c.document_id.in_(ids))
        .group_by(change.c.document_id)
    )
    rubrics = (
        select(link.c.document_id, rubric.c.name_ru)
        .join(rubric, rubric.c.id == link.c.rubric_id)
        .where(link.c.document_id.in_(ids))
        .order_by(link.c.document_id, rubric.c.position, rubric.c.id)
    )
    return acts, changed, rubrics


_ACTS, _CHANGED, _RUBRICS = _statements()


def _aware(moment: datetime) -> datetime:
    # SQLite hands back what it stored; a naive value there is UTC all the same.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _long_date(day: date) -> str:
    """«12 марта 2024 г.», ending with its full stop (babel's own long form ends with «г.»
    behind a narrow no-break space that plain-text readers show as a box)."""
    return format_date(day, "d MMMM y", locale="ru") + " г."


def _title(row: Any) -> str:
    """«Постановление от 12.03.2024 № 245-п «О земельном налоге»»; a press clipping by its
    headline."""
    if row.material == "clipping":
        return str(row.title or "Публикация в прессе")
    heading = act_heading_ru(row.doc_type, row.date_adopted, row.number)
    return f"{heading} «{row.title}»" if row.title else heading


def _summary(row: Any) -> str:
    if row.material == "clipping":
        where = f"Публикация в прессе: {row.newspaper}" if row.newspaper else "Публикация в прессе"
        return f"{where}, {_long_date(row.issued)}" if row.issued else f"{where}."
    parts = [act_heading_ru(row.doc_type, row.date_adopted, row.number) + "."]
    if row.issuer:
        parts.append(f"Принявший орган: {row.issuer}.")
    if row.date_adopted:
        parts.append(f"Дата принятия: {_long_date(row.date_adopted)}")
    else:
        parts.append("Дата принятия не указана.")
    return " ".join(parts)


def last_filed(engine: Engine, publication: Sequence[str] = PUBLIC) -> datetime | None:
    """When the newest act in one of the ``publication`` states was filed: the ``updated``
    of a feed that finds nothing (a real moment of the repository's, and one that does
    not move between fetches). None when there is no such act."""
    document: Any = Document.__table__  # type: ignore[attr-defined]
    statement = select(func.max(document.c.created_at)).where(
        document.c.publication.in_(list(publication))
    )
    with engine.connect() as conn:
        moment = conn.execute(statement).scalar()
    return None if moment is None else _aware(moment)
