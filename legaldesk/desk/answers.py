"""The answer to a request: its text and delivery, the acts it cites — each as the exact
version given — and the other sources it cites as parts of a bibliographic description.
Each change is one transaction with its line in the request's history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.catalogue import ActFields
from legaldesk.db import session_scope
from legaldesk.desk import history
from legaldesk.desk.rows import DeskError
from legaldesk.desk.rows import get_row as _get
from legaldesk.desk.rows import search_text as _search_text
from legaldesk.desk.vocabulary import DELIVERIES, SOURCE_TYPES
from legaldesk.messages import Msg
from legaldesk.models import (
    Answer,
    CitedAct,
    CitedSource,
    Document,
    Organization,
    Version,
)
from legaldesk.models.base import utcnow
from legaldesk.typed import keepable

MAX_ANSWER = 100_000
MAX_PAGES = 10_000
MAX_MINUTES = 100_000


def save_answer(
    engine: Engine,
    request_id: int,
    text: str,
    delivery: str | None,
    printed_pages: int | None,
    minutes_spent: int | None,
    actor: str,
) -> list[dict[str, Any]]:
    """Write (or rewrite) the answer; its status is moved apart (``set_status``), so a
    librarian may save a draft and answer later."""
    text = keepable(text).strip()
    if len(text) > MAX_ANSWER:
        raise DeskError(Msg("the answer is longer than %(n)d characters", n=MAX_ANSWER))
    if delivery is not None and delivery not in DELIVERIES:
        raise DeskError(Msg("unknown way of delivery %(code)s", code=delivery))
    for value, top in ((printed_pages, MAX_PAGES), (minutes_spent, MAX_MINUTES)):
        if value is not None and not 0 <= value <= top:
            raise DeskError(Msg("a number of pages or minutes is 0 to %(n)d", n=top))
    with session_scope(engine) as session:
        request = _get(session, request_id)
        answer = session.get(Answer, request_id)
        before = {
            "answer": answer.text if answer else "",
            "delivery": answer.delivery if answer else None,
            "printed_pages": answer.printed_pages if answer else None,
            "minutes_spent": answer.minutes_spent if answer else None,
        }
        after = {
            "answer": text,
            "delivery": delivery,
            "printed_pages": printed_pages,
            "minutes_spent": minutes_spent,
        }
        changed = history.diff(before, after)
        if not changed:
            return []
        if answer is None:
            answer = Answer(request_id=request_id, updated_by=actor[:128])
        answer.text, answer.delivery = text, delivery
        answer.printed_pages, answer.minutes_spent = printed_pages, minutes_spent
        answer.updated_by, answer.updated_at = actor[:128], utcnow()
        session.add(answer)
        session.flush()
        request.search_text = _search_text(session, request)
        request.updated_at = utcnow()
        session.add(request)
        for change in changed:  # the history says the text changed, not all of it twice
            if change["field"] == "answer":
                change["before"] = len(change["before"] or "")
                change["after"] = len(change["after"] or "")
                change["length"] = True
        history.record(session, request_id, actor, "answered", changed)
        return changed


@dataclass(frozen=True, kw_only=True)
class CitedActView(ActFields):
    """A cited act as the answer shows it: the version cited, and whether it is the act's
    latest one still."""

    id: int  # of the citation
    document_id: int  # the act the version belongs to now (a merge moves versions)
    cited_document_id: int  # the act as it was cited
    version_id: int
    version_n: int
    latest_version_id: int | None
    latest_n: int | None
    publication: str
    text: str | None  # the cited version's text, when asked for (the answer sheet)

    @property
    def current(self) -> bool:
        return self.version_id == self.latest_version_id


def cited_acts(engine: Engine, request_id: int, with_text: bool = False) -> list[CitedActView]:
    with Session(engine) as session:
        rows = session.exec(
            select(CitedAct, Version, Document, Organization.name)
            .join(Version, col(Version.id) == col(CitedAct.version_id))
            .join(Document, col(Document.id) == col(Version.document_id))
            .join(Organization, col(Organization.id) == col(Document.issuer_id), isouter=True)
            .where(CitedAct.request_id == request_id)
            .order_by(col(CitedAct.position), col(CitedAct.id))
        ).all()
        ids = list({document.id for _c, _v, document, _i in rows})
        latest: dict[int, tuple[int, int]] = {}
        if ids:
            top = (
                select(Version.document_id, func.max(Version.number_in_document).label("n"))
                .where(col(Version.document_id).in_(ids))
                .group_by(col(Version.document_id))
                .subquery()
            )
            for doc_id, version_id, n in session.exec(
                select(Version.document_id, Version.id, Version.number_in_document).join(
                    top,
                    (top.c.document_id == col(Version.document_id))
                    & (top.c.n == col(Version.number_in_document)),
                )
            ).all():
                assert version_id is not None
                latest[doc_id] = (version_id, n)
    out = []
    for cited, version, document, issuer in rows:
        assert cited.id is not None and version.id is not None and document.id is not None
        newest = latest.get(document.id)
        out.append(
            CitedActView(
                id=cited.id,
                document_id=document.id,
                cited_document_id=cited.document_id,
                version_id=version.id,
                version_n=version.number_in_document,
                latest_version_id=newest[0] if newest else None,
                latest_n=newest[1] if newest else None,
                doc_type=document.doc_type,
                number=document.number,
                date_adopted=document.date_adopted,
                title=document.title,
                issuer=issuer,
                level=document.level,
                status=document.status,
                publication=document.publication,
                text=version.text if with_text else None,
            )
        )
    return out


def cite_act(
    engine: Engine,
    request_id: int,
    document_id: int,
    actor: str,
    version_id: int | None = None,
) -> CitedAct:
    """Cite an act in the answer: ``version_id``, or the act's current (latest) version.
    Citing a version cited already changes nothing."""
    with session_scope(engine) as session:
        _get(session, request_id)
        if version_id is None:
            version = session.exec(
                select(Version)
                .where(Version.document_id == document_id)
                .order_by(col(Version.number_in_document).desc())
            ).first()
        else:
            version = session.get(Version, version_id)
            if version is not None and version.document_id != document_id:
                version = None
        if version is None or version.id is None:
            raise DeskError(Msg("no act %(id)s to cite", id=document_id))
        found = session.exec(
            select(CitedAct).where(
                CitedAct.request_id == request_id, CitedAct.version_id == version.id
            )
        ).first()
        if found is not None:
            session.expunge(found)
            return found
        last = session.exec(
            select(func.max(CitedAct.position)).where(CitedAct.request_id == request_id)
        ).one()
        cited = CitedAct(
            request_id=request_id,
            document_id=document_id,
            version_id=version.id,
            position=(last or 0) + 1,
            seen_change=_log_head(session),
            cited_by=actor[:128],
        )
        session.add(cited)
        history.record(
            session,
            request_id,
            actor,
            "act_cited",
            [
                {
                    "field": "act",
                    "before": None,
                    "after": document_id,
                    "version": version.number_in_document,
                }
            ],
        )
        session.flush()
        session.expunge(cited)
        return cited


def _log_head(session: Session) -> int:
    """The change log's last id as this transaction sees it: changes after it are what the
    act went through since it was cited (the log's ids commit in order, changes.py)."""
    from legaldesk.models import Change

    return int(session.exec(select(func.max(Change.id))).one() or 0)


def uncite_act(engine: Engine, request_id: int, citation_id: int, actor: str) -> None:
    with session_scope(engine) as session:
        cited = session.get(CitedAct, citation_id)
        if cited is None or cited.request_id != request_id:
            raise DeskError(Msg("no such citation"))
        session.delete(cited)
        history.record(
            session,
            request_id,
            actor,
            "act_uncited",
            [{"field": "act", "before": cited.document_id, "after": None}],
        )


@dataclass(frozen=True, kw_only=True)
class SourceItem:
    """A source other than an act, as the librarian describes it."""

    source_type: str
    title: str
    author: str | None = None
    container: str | None = None  # the newspaper, the website, the publisher
    year: int | None = None
    issue: str | None = None
    pages: str | None = None
    url: str | None = None
    accessed_on: date | None = None


def _short(value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    cleaned = " ".join(value.split())[:limit]
    return cleaned or None


def add_source(engine: Engine, request_id: int, item: SourceItem, actor: str) -> CitedSource:
    if item.source_type not in SOURCE_TYPES:
        raise DeskError(Msg("unknown type of source %(code)s", code=item.source_type))
    title = _short(item.title, 1000)
    if not title:
        raise DeskError(Msg("a source needs a title"))
    if item.year is not None and not 1000 <= item.year <= date.today().year + 1:
        raise DeskError(Msg("not a year: %(value)s", value=item.year))
    url = _short(item.url, 2000)
    if url is not None and not url.startswith(("http://", "https://")):
        raise DeskError(Msg("an address starts with http:// or https://"))
    with session_scope(engine) as session:
        _get(session, request_id)
        last = session.exec(
            select(func.max(CitedSource.position)).where(CitedSource.request_id == request_id)
        ).one()
        source = CitedSource(
            request_id=request_id,
            position=(last or 0) + 1,
            source_type=item.source_type,
            author=_short(item.author, 255),
            title=title,
            container=_short(item.container, 500),
            year=item.year,
            issue=_short(item.issue, 64),
            pages=_short(item.pages, 64),
            url=url,
            accessed_on=item.accessed_on or (date.today() if url else None),
        )
        session.add(source)
        history.record(
            session,
            request_id,
            actor,
            "source_added",
            [{"field": "source", "before": None, "after": title}],
        )
        session.flush()
        session.expunge(source)
        return source


def remove_source(engine: Engine, request_id: int, source_id: int, actor: str) -> None:
    with session_scope(engine) as session:
        source = session.get(CitedSource, source_id)
        if source is None or source.request_id != request_id:
            raise DeskError(Msg("no such source"))
        session.delete(source)
        history.record(
            session,
            request_id,
            actor,
            "source_removed",
            [{"field": "source", "before": source.title, "after": None}],
        )


def cited_sources(engine: Engine, request_id: int) -> list[CitedSource]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(CitedSource)
                .where(CitedSource.request_id == request_id)
                .order_by(col(CitedSource.position), col(CitedSource.id))
            ).all()
        )


def describe_source(source: CitedSource) -> str:
    """The source's description to GOST R 7.0.100-2018, by the one formatter
    (legaldesk/bibliography/); a source it cannot describe (a newspaper article without its
    newspaper) gets the short form «Автор. Заглавие // Источник. – Год. – № … – С. …»."""
    from legaldesk.bibliography.gost import DescriptionError, describe

    try:
        return describe(source_item(source))
    except DescriptionError:
        return _short_description(source)


def source_item(source: CitedSource) -> dict[str, Any]:
    """The CSL-JSON item of a source the librarian described by its parts."""
    from legaldesk.clippings.csl import csl_name

    kind = {
        "newspaper_article": "article-newspaper",
        "website": "webpage",
        "book": "book",
    }.get(source.source_type, "webpage" if source.url else "book")
    item: dict[str, Any] = {"id": f"source-{source.id}", "type": kind, "title": source.title}
    if source.author:
        item["author"] = [csl_name(name) for name in source.author.split(";") if name.strip()]
    if source.container:
        item["publisher" if kind == "book" else "container-title"] = source.container
    if source.year:
        item["issued"] = {"date-parts": [[source.year]]}
    if source.issue:
        item["issue"] = source.issue
    if source.pages:
        item["number-of-pages" if kind == "book" else "page"] = source.pages
    if source.url:
        item["URL"] = source.url
    if source.accessed_on:
        day = source.accessed_on
        item["accessed"] = {"date-parts": [[day.year, day.month, day.day]]}
    return item


def _short_description(source: CitedSource) -> str:
    title = source.title.rstrip(".")
    head = f"{source.author.rstrip('.')}. {title}" if source.author else title
    parts = [head]
    if source.container:
        parts[0] += (" // " if source.source_type != "book" else ". – ") + source.container
    if source.year:
        parts.append(str(source.year))
    if source.issue:
        parts.append(f"№ {source.issue}")
    if source.pages:
        parts.append(f"С. {source.pages}")
    text = ". – ".join(parts)
    if source.url:
        text += f". – URL: {source.url}"
        if source.accessed_on:
            text += f" (дата обращения: {source.accessed_on:%d.%m.%Y})"
    return text + "."
