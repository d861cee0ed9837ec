"""Which acts a list holds, as document ids in the repository's order of the list's kind:

* **new arrivals** — the acts filed (``Document.created_at``) within a period of the
  library's days (its time zone), for the monthly bulletin; the public's list holds
  published acts only;
* **a thematic list** — the acts a search finds (the same search as the site's: the words,
  the thesaurus, a rubric with the headings under it) and/or a rubric, within a period by
  the date the act was **adopted** (``date_adopted``: «acts of 2024 on housing») or the date
  it was **filed** («what came in on housing this quarter»);
* **an answer's sources** — the acts a request's answer cites (each act once, in the
  answer's order) and the other sources it cites.

A list is bounded: at most ``MAX_ACTS`` acts, the newest first when more match.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, tzinfo
from enum import StrEnum

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk import thesaurus
from legaldesk.catalogue import ActFields, Identified, project
from legaldesk.desk.answers import cited_acts, cited_sources
from legaldesk.index import SearchIndex, SearchQuery
from legaldesk.lists.period import Period
from legaldesk.models import CitedSource, Document, DocumentRubric, Organization, Rubric

MAX_ACTS = 3000
PAGE = 1000  # the index gives at most this many hits a call


class DateBasis(StrEnum):
    ADOPTED = "adopted"
    FILED = "filed"


class SelectionError(ValueError):
    pass


def filed_in(
    engine: Engine, period: Period, zone: tzinfo, states: Sequence[str] | None = None
) -> list[int]:
    """The acts filed within ``period`` (the library's days in ``zone``), newest filed
    first; only those in the publication ``states`` when given."""
    lower, upper = period.bounds(zone)
    query = select(Document.id).where(
        col(Document.created_at) >= lower, col(Document.created_at) < upper
    )
    if states is not None:
        query = query.where(col(Document.publication).in_(list(states)))
    query = query.order_by(col(Document.created_at).desc(), col(Document.id).desc())
    with Session(engine) as session:
        return [i for i in session.exec(query.limit(MAX_ACTS)).all() if i is not None]


def rubric_ids(session: Session, code: str) -> set[int]:
    """The heading's id and those of every heading under it, at any depth: an act filed
    under «Тарифы» belongs to a list on «ЖКХ» above it, as the search finds it."""
    rows = session.exec(select(Rubric.id, Rubric.code, Rubric.parent_id)).all()
    start = next((rid for rid, c, _ in rows if c == code), None)
    if start is None:
        raise SelectionError(f"нет рубрики с кодом «{code}»")
    children: dict[int, list[int]] = {}
    for rid, _c, parent in rows:
        if parent is not None and rid is not None:
            children.setdefault(parent, []).append(rid)
    found, todo = set(), [start]
    while todo:
        rid = todo.pop()
        if rid is not None and rid not in found:
            found.add(rid)
            todo += children.get(rid, [])
    return found


@dataclass(frozen=True)
class Theme:
    """What a thematic list asks for: words to search, a rubric's code, a period and which
    date the period is of. Words or a rubric are needed: a period alone is new arrivals."""

    query: str = ""
    rubric: str | None = None
    period: Period | None = None
    basis: DateBasis = DateBasis.ADOPTED
    states: tuple[str, ...] | None = field(default=None)  # publication states; None: all

    def __post_init__(self) -> None:
        if not self.query.strip() and not self.rubric:
            raise SelectionError("для тематического списка нужны слова запроса или рубрика")
        if len(self.query) > 1000:
            raise SelectionError("запрос длиннее 1000 знаков")


def thematic(engine: Engine, index: SearchIndex, theme: Theme, zone: tzinfo) -> list[int]:
    """The acts of a thematic list, newest (by the date of its basis) first."""
    if theme.query.strip():
        ids = _searched(engine, index, theme)
        if theme.period is not None and theme.basis == DateBasis.FILED:
            ids = _filed_among(engine, ids, theme.period, zone)
        return ids
    return _by_rubric(engine, theme, zone)


def _searched(engine: Engine, index: SearchIndex, theme: Theme) -> list[int]:
    period = theme.period if theme.basis == DateBasis.ADOPTED else None
    query = SearchQuery(
        text=theme.query,
        rubrics=(theme.rubric,) if theme.rubric else (),
        publication=tuple(theme.states or ()),
        date_from=period.start if period else None,
        date_to=period.end if period else None,
        sort="date_desc",  # the acts the words find, not every act holding one of them
        limit=PAGE,
        facets=False,
        snippets=False,
        thesaurus=thesaurus.entries(engine),
    )
    ids: list[int] = []
    while len(ids) < MAX_ACTS:
        hits = index.search(query).hits
        ids += [h.id for h in hits]
        if len(hits) < PAGE:
            break
        query = replace(query, offset=query.offset + PAGE)
    # The index may still hold an act deleted or withdrawn a moment ago: the database says.
    return _existing(engine, ids[:MAX_ACTS], theme.states)


def _existing(engine: Engine, ids: list[int], states: Sequence[str] | None) -> list[int]:
    if not ids:
        return []
    query = select(Document.id).where(col(Document.id).in_(ids))
    if states is not None:
        query = query.where(col(Document.publication).in_(list(states)))
    with Session(engine) as session:
        known = set(session.exec(query).all())
    return [i for i in ids if i in known]


def _filed_among(engine: Engine, ids: list[int], period: Period, zone: tzinfo) -> list[int]:
    if not ids:
        return []
    lower, upper = period.bounds(zone)
    with Session(engine) as session:
        rows = session.exec(
            select(Document.id)
            .where(col(Document.id).in_(ids))
            .where(col(Document.created_at) >= lower, col(Document.created_at) < upper)
            .order_by(col(Document.created_at).desc(), col(Document.id).desc())
        ).all()
    return [i for i in rows if i is not None]


def _by_rubric(engine: Engine, theme: Theme, zone: tzinfo) -> list[int]:
    assert theme.rubric is not None
    with Session(engine) as session:
        headings = rubric_ids(session, theme.rubric)
        # A subquery, not a join with DISTINCT: PostgreSQL refuses DISTINCT ordered by
        # columns it does not select.
        filed_under = select(DocumentRubric.document_id).where(
            col(DocumentRubric.rubric_id).in_(headings)
        )
        query = select(Document.id).where(col(Document.id).in_(filed_under))
        if theme.states is not None:
            query = query.where(col(Document.publication).in_(list(theme.states)))
        if theme.period is not None and theme.basis == DateBasis.FILED:
            lower, upper = theme.period.bounds(zone)
            query = query.where(
                col(Document.created_at) >= lower, col(Document.created_at) < upper
            ).order_by(col(Document.created_at).desc(), col(Document.id).desc())
        else:
            if theme.period is not None:
                query = query.where(
                    col(Document.date_adopted) >= theme.period.start,
                    col(Document.date_adopted) <= theme.period.end,
                )
            # Undated acts last, as the search's sort by date puts them.
            query = query.order_by(
                col(Document.date_adopted).is_(None),
                col(Document.date_adopted).desc(),
                col(Document.id).desc(),
            )
        return [i for i in session.exec(query.limit(MAX_ACTS)).all() if i is not None]


@dataclass(frozen=True)
class AnswerSources:
    act_ids: list[int]  # the acts as they are now (a merge moves a cited version's act)
    sources: list[CitedSource]


def answer_sources(engine: Engine, request_id: int) -> AnswerSources:
    seen: dict[int, None] = {}
    for cited in cited_acts(engine, request_id):
        seen.setdefault(cited.document_id, None)
    return AnswerSources(list(seen), cited_sources(engine, request_id))


@dataclass(frozen=True, kw_only=True)
class FiledAct(ActFields, Identified):
    """An act as the new-acts page lists it: its fields and the day it was filed."""

    filed: date  # in the library's zone
    publication: str


def filed_acts(engine: Engine, ids: Sequence[int], zone: tzinfo) -> list[FiledAct]:
    """The acts ``ids`` for a page, in that order (acts gone meanwhile left out)."""
    if not ids:
        return []
    with Session(engine) as session:
        rows = session.exec(
            select(Document, Organization.name)
            .join(Organization, col(Organization.id) == col(Document.issuer_id), isouter=True)
            .where(col(Document.id).in_(list(ids)))
        ).all()
    found = {}
    for document, issuer in rows:
        assert document.id is not None
        found[document.id] = project(
            FiledAct,
            document,
            issuer=issuer,
            filed=document.created_at.astimezone(zone).date(),
        )
    return [found[i] for i in ids if i in found]
