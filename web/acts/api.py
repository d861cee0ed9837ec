"""The acts in JSON: search with the public page's filters, and one act with its versions."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.params import QueryParameter

from legaldesk.catalogue import act
from legaldesk.publication import PUBLIC, is_public
from legaldesk.relations.views import relations_of
from legaldesk.search import SearchResult, search_documents
from legaldesk.web.acts.schemas import DocumentOut, document_out
from legaldesk.web.acts.search_form import read_filters
from legaldesk.web.params import Id
from legaldesk.web.schemas import errors
from legaldesk.web.state import Repo


@get("/api/v1/search", name="api_search")
async def api_search(
    request: Request[Any, Any, Any],
    repo: Repo,
    q: Annotated[str, QueryParameter(description="Words, a title or an act number")] = "",
    material: Annotated[
        Literal["", "act", "clipping"],
        QueryParameter(description="Kind of material: act, or clipping (press publications)"),
    ] = "",
    doc_type: Annotated[
        str, QueryParameter(name="type", description="Type code, e.g. reshenie", max_length=64)
    ] = "",
    level: Annotated[Literal["", "federal", "regional", "municipal"], QueryParameter()] = "",
    issuer: Annotated[str, QueryParameter(description="Issuing body", max_length=300)] = "",
    rubric: Annotated[str, QueryParameter(description="Heading code", max_length=64)] = "",
    status: Annotated[
        Literal["", "in_force", "amended", "repealed", "suspended", "unknown"], QueryParameter()
    ] = "",
    in_force: Annotated[
        Literal["", "1"],
        QueryParameter(description="1: only acts still in force (no repealed or suspended ones)"),
    ] = "",
    year: Annotated[int | None, QueryParameter(ge=1700, le=2200)] = None,
    sort: Annotated[Literal["relevance", "date_desc", "date_asc"], QueryParameter()] = "relevance",
    page: Annotated[int, QueryParameter(ge=1, le=1000)] = 1,
    typed: Annotated[
        Literal["", "1"],
        QueryParameter(
            description="1: run the words as typed (no correction of keyboard layout or spelling)"
        ),
    ] = "",
) -> SearchResult:
    """Search the published acts and press clippings with the filters of the public search
    page; 10 hits a page, with facet counts and highlighted snippets. A query typed in the
    English keyboard layout or with a misspelt word is run corrected, and
    ``corrected_query`` says how."""
    query = read_filters(request).query(publication=PUBLIC)
    return search_documents(repo.engine, repo.index, query).result()


@get("/api/v1/documents/{document_id:int}", name="api_document", responses=errors(404))
async def api_document(repo: Repo, document_id: Id) -> DocumentOut:
    """One published act: metadata, rubrics, versions. Each version gives the sha256 of its
    original, how its text was read (text layer, OCR with its mean word confidence, a
    converter) and its provenance: the address it was taken from and, for a harvested
    file, the source, the time it was fetched and the HTTP validators (ETag,
    Last-Modified) the site gave it."""
    view = act(repo.engine, document_id)
    if view is None or not is_public(view.publication):
        raise NotFoundException(f"document {document_id} not found")
    relations = relations_of(repo.engine, document_id, PUBLIC)
    assert relations is not None
    return document_out(view, relations)


ROUTES = [api_search, api_document]
