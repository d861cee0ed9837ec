"""The acts in JSON: search with the public page's filters, and one act with its versions."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.params import QueryParameter

from legaldesk.catalogue import act
from legaldesk.search import search_documents
from legaldesk.web.acts.schemas import DocumentOut, Hit, SearchResult, VersionOut
from legaldesk.web.acts.search_form import read_filters
from legaldesk.web.params import Id
from legaldesk.web.schemas import errors
from legaldesk.web.state import Repo


@get("/api/v1/search", name="api_search")
async def api_search(
    request: Request[Any, Any, Any],
    repo: Repo,
    q: Annotated[str, QueryParameter(description="Words, a title or an act number")] = "",
    doc_type: Annotated[
        str, QueryParameter(name="type", description="Type code, e.g. reshenie", max_length=64)
    ] = "",
    level: Annotated[Literal["", "federal", "regional", "municipal"], QueryParameter()] = "",
    issuer: Annotated[str, QueryParameter(description="Issuing body", max_length=300)] = "",
    rubric: Annotated[str, QueryParameter(description="Heading code", max_length=64)] = "",
    status: Annotated[
        Literal["", "in_force", "amended", "repealed", "unknown"], QueryParameter()
    ] = "",
    year: Annotated[int | None, QueryParameter(ge=1700, le=2200)] = None,
    sort: Annotated[Literal["relevance", "date_desc", "date_asc"], QueryParameter()] = "relevance",
    page: Annotated[int, QueryParameter(ge=1, le=1000)] = 1,
) -> SearchResult:
    """Search acts with the filters of the public search page; 10 hits a page, with facet
    counts and highlighted snippets."""
    found = search_documents(repo.engine, repo.index, read_filters(request).query())
    return SearchResult(
        total=found.total,
        offset=found.query.offset,
        limit=found.query.limit,
        hits=[
            Hit(
                id=h.id,
                score=round(h.score, 4),
                doc_type=h.doc_type,
                number=h.number,
                date_adopted=h.date_adopted,
                title=h.title,
                issuer=h.issuer,
                level=h.level,
                status=h.status,
                snippet_html=h.snippet_html,
                sha256=h.sha256,
                filename=h.filename,
            )
            for h in found.hits
        ],
        facets=found.facets,
    )


@get("/api/v1/documents/{document_id:int}", name="api_document", responses=errors(404))
async def api_document(repo: Repo, document_id: Id) -> DocumentOut:
    """One act: metadata, rubrics, versions (with the sha256 of each original)."""
    view = act(repo.engine, document_id)
    if view is None:
        raise NotFoundException(f"document {document_id} not found")
    return DocumentOut(
        id=view.id,
        doc_type=view.doc_type,
        number=view.number,
        date_adopted=view.date_adopted,
        title=view.title,
        issuer=view.issuer,
        level=view.level,
        territory=view.territory,
        status=view.status,
        official_publication=view.official_publication,
        source_url=view.source_url,
        rubrics=[code for code, _ in view.rubrics],
        versions=[
            VersionOut(
                id=v.id,
                n=v.n,
                filename=v.filename,
                media_type=v.media_type,
                size=v.size,
                sha256=v.sha256,
                text_method=v.text_method,
                source_url=v.source_url,
                download=f"/documents/{view.id}/versions/{v.id}/original",
            )
            for v in view.versions
        ],
    )


ROUTES = [api_search, api_document]
