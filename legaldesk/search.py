"""Search as the reference desk uses it: the index finds and ranks, the database supplies the act
metadata and the original file's checksum for each hit on the page."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from legaldesk import thesaurus
from legaldesk.catalogue import ActFields, Identified, plain, project
from legaldesk.index import Correction, SearchIndex, SearchQuery, SearchResults
from legaldesk.index.analysis import PREFIX, numbers_in_query, query_words
from legaldesk.issuers import official_names
from legaldesk.models import Clipping, Document, Organization, Version


@dataclass(frozen=True, kw_only=True)
class Hit(ActFields, Identified):
    """A hit as the API and ``legaldesk search --json`` give it."""

    score: float
    snippet_html: str | None
    sha256: str | None  # of the latest version's original file
    filename: str | None
    publication: str  # legaldesk/publication.py: the public is shown published acts only
    material: str  # legaldesk.vocabulary.Material: an act, or a press clipping
    newspaper: str | None  # a clipping's newspaper or site


@dataclass(frozen=True, kw_only=True)
class DocumentHit(Hit):
    title_html: str | None  # the title with the query's words marked, for the search page


@dataclass(frozen=True, kw_only=True)
class NumberedAct(ActFields, Identified):
    """An act found by its number alone, offered beside the results."""


@dataclass(frozen=True)
class NumberHelp:
    """What the query's act number finds by itself: ``nearby`` — no act has the number
    asked (``asked``), these have numbers with the same digits («245-па», «245»); or
    ``several`` — acts of more than one issuing body carry exactly that number."""

    asked: str
    nearby: list[NumberedAct]
    several: list[NumberedAct]


@dataclass(frozen=True, kw_only=True)
class SearchResult:
    """A page of hits as the API and ``legaldesk search --json`` give it."""

    total: int
    offset: int
    limit: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    # The words run when they were not those asked (a wrong keyboard layout, a misspelt
    # word corrected against the index's vocabulary); ask again with as_typed to run those.
    corrected_query: str | None = None
    # The query's act number, when no act has it or several bodies do (NumberHelp).
    numbers: NumberHelp | None = None


@dataclass(frozen=True)
class SearchPage:
    query: SearchQuery
    total: int
    hits: list[DocumentHit]
    facets: dict[str, dict[str, int]]
    corrected: Correction | None = None
    numbers: NumberHelp | None = None

    def result(self) -> SearchResult:
        return SearchResult(
            total=self.total,
            offset=self.query.offset,
            limit=self.query.limit,
            hits=[project(Hit, h, score=round(h.score, 4)) for h in self.hits],
            facets=self.facets,
            corrected_query=self.corrected.text if self.corrected else None,
            numbers=self.numbers,
        )

    def as_json(self) -> dict[str, Any]:
        return plain(self.result())


def _hit_rows() -> Any:
    """The columns a page of hits shows, for a list of ids, with each act's latest version:
    one Core statement built and compiled once (the search page runs it on every view;
    building it through the ORM each time cost as much as the search)."""
    document: Any = Document.__table__  # type: ignore[attr-defined]
    version: Any = Version.__table__  # type: ignore[attr-defined]
    issuer: Any = Organization.__table__  # type: ignore[attr-defined]
    clipping: Any = Clipping.__table__  # type: ignore[attr-defined]
    ids: Any = bindparam("ids", expanding=True)
    latest = (
        select(version.c.document_id, func.max(version.c.number_in_document).label("n"))
        .where(version.c.document_id.in_(ids))
        .group_by(version.c.document_id)
        .subquery()
    )
    return (
        select(
            document.c.id,
            document.c.doc_type,
            document.c.number,
            document.c.date_adopted,
            document.c.title,
            document.c.level,
            document.c.status,
            document.c.publication,
            document.c.material,
            clipping.c.source_name.label("newspaper"),
            issuer.c.name.label("issuer"),
            version.c.sha256,
            version.c.filename,
        )
        .select_from(document)
        .outerjoin(issuer, issuer.c.id == document.c.issuer_id)
        .outerjoin(clipping, clipping.c.document_id == document.c.id)
        .outerjoin(latest, latest.c.document_id == document.c.id)
        .outerjoin(
            version,
            (version.c.document_id == document.c.id) & (version.c.number_in_document == latest.c.n),
        )
        .where(document.c.id.in_(ids))
    )


_HIT_ROWS = _hit_rows()
_ACT_COLUMNS = ("id", *(f.name for f in fields(ActFields)))


def _act_fields(row: Any) -> dict[str, Any]:
    """An act's id and fields (catalogue.ActFields) from a row of _HIT_ROWS."""
    return {name: getattr(row, name) for name in _ACT_COLUMNS}


def search_documents(engine: Engine, index: SearchIndex, query: SearchQuery) -> SearchPage:
    if query.issuers:  # a body by any of its spellings: the index knows its official name
        with Session(engine) as session:
            query = replace(query, issuers=official_names(session, query.issuers))
    if query.text.strip() and not query.thesaurus:
        query = replace(query, thesaurus=thesaurus.entries(engine))
    results: SearchResults = index.search(query)
    ids = [h.id for h in results.hits]
    meta: dict[int, Any] = {}
    if ids:
        with engine.connect() as conn:
            meta = {row.id: row for row in conn.execute(_HIT_ROWS, {"ids": ids})}
    hits: list[DocumentHit] = []
    for hit in results.hits:
        if hit.id not in meta:  # merged away a moment ago: the indexing loop is on its way
            continue
        row = meta[hit.id]
        if query.publication and row.publication not in query.publication:
            continue  # withdrawn a moment ago, and the index does not know it yet
        hits.append(
            DocumentHit(
                **_act_fields(row),
                score=hit.score,
                title_html=hit.title_html,
                snippet_html=hit.snippet_html,
                sha256=row.sha256,
                filename=row.filename,
                publication=row.publication,
                material=row.material,
                newspaper=row.newspaper,
            )
        )
    return SearchPage(
        query=query,
        total=results.total,
        hits=hits,
        facets=results.facets,
        corrected=results.corrected,
        numbers=number_help(engine, index, query) if query.offset == 0 else None,
    )


NEARBY = 8


def number_help(engine: Engine, index: SearchIndex, query: SearchQuery) -> NumberHelp | None:
    """Help with the first act number written in the query («245-п», «№ 12/3-рс»): the
    acts with numbers of the same digits when no act has it, or the issuing bodies when
    several have it. None when the number finds one body's act, or there is no number."""
    asked = next((n for n in numbers_in_query(query.text) if n.structured), None)
    if asked is None:
        return None
    written = query.text[asked.start : asked.end].strip()
    exact = index.with_number(asked.key, query.publication, NEARBY)
    if exact:
        acts = _numbered(engine, exact)
        if len({a.issuer for a in acts}) > 1:
            return NumberHelp(written, [], acts)
        return None
    digits = re.match(r"\d+", asked.key)
    if digits is None:
        return None
    prefix = PREFIX + digits.group(0)
    near = _numbered(
        engine,
        index.with_number(digits.group(0), query.publication)
        + index.with_number(prefix, query.publication),
    )
    return NumberHelp(written, near[:NEARBY], []) if near else None


def _numbered(engine: Engine, ids: list[int]) -> list[NumberedAct]:
    if not ids:
        return []
    with engine.connect() as conn:
        rows = {row.id: row for row in conn.execute(_HIT_ROWS, {"ids": ids})}
    return [NumberedAct(**_act_fields(row)) for i in ids if (row := rows.get(i)) is not None]


@dataclass(frozen=True)
class Instead:
    """What to offer when a search finds nothing: the same words without the filters (and
    how many acts they find), and subject headings whose names share a word with the query."""

    without_filters: int
    headings: list[str]  # codes, best first


def instead_of_nothing(
    index: SearchIndex, query: SearchQuery, headings: dict[str, str], limit: int = 5
) -> Instead:
    filtered = any(
        (
            query.materials,
            query.doc_types,
            query.levels,
            query.issuers,
            query.rubrics,
            query.statuses,
        )
    ) or any(v is not None for v in (query.year, query.date_from, query.date_to))
    widened = 0
    if filtered:
        bare = SearchQuery(
            text=query.text,
            publication=query.publication,
            limit=1,
            facets=False,
            snippets=False,
            as_typed=query.as_typed,
        )
        widened = index.search(bare).total
    asked = {term for _, term in query_words(query.text)}
    scored = []
    for code, name in headings.items():
        shared = len(asked & {term for _, term in query_words(name)})
        if shared:
            scored.append((-shared, name, code))
    return Instead(widened, [code for _, _, code in sorted(scored)[:limit]])
