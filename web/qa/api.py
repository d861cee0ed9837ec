"""The question–answer base in JSON (public): search or list, and one entry with its acts."""

from __future__ import annotations

from typing import Annotated

from litestar import get
from litestar.exceptions import NotFoundException
from litestar.params import QueryParameter

from legaldesk.qa import entries
from legaldesk.qa.search import search_entries
from legaldesk.web.params import Id
from legaldesk.web.qa.schemas import QaActOut, QaEntryOut, QaHitOut, QaListOut
from legaldesk.web.schemas import errors
from legaldesk.web.state import Repo

PER_PAGE = 20


@get("/api/v1/qa", name="api_qa")
async def api_qa(
    repo: Repo,
    q: Annotated[str, QueryParameter(description="Words to find", max_length=500)] = "",
    rubric: Annotated[
        str, QueryParameter(description="A subject heading's code", max_length=64)
    ] = "",
    page: Annotated[int, QueryParameter(ge=1, le=1000)] = 1,
) -> QaListOut:
    """Published questions and answers: those holding the words of ``q``, best first, or
    without ``q`` the newest; optionally of one subject heading."""
    offset = (page - 1) * PER_PAGE
    found = search_entries(repo.engine, repo.qa_index, q, rubric, offset, PER_PAGE)
    return QaListOut(
        total=found.total,
        offset=offset,
        limit=PER_PAGE,
        items=[
            QaHitOut(
                id=h.id,
                question=h.question,
                rubrics=h.rubrics,
                published_at=h.published_at,
                question_html=h.question_html,
                snippet_html=h.snippet_html,
            )
            for h in found.hits
        ],
    )


@get("/api/v1/qa/{entry_id:int}", name="api_qa_entry", responses=errors(404))
async def api_qa_entry(repo: Repo, entry_id: Id) -> QaEntryOut:
    """One published question and answer, with the acts it cites (linked only while
    public; marked when changed since the answer)."""
    view = entries.get_entry(repo.engine, entry_id)
    if view is None:
        raise NotFoundException(f"entry {entry_id} not found")
    return QaEntryOut(
        id=view.id,
        question=view.question,
        answer=view.answer,
        rubrics=view.rubrics,
        # the library's day, not UTC's: 00:30 in Moscow is already tomorrow there
        answered_on=view.answered_at.astimezone(repo.settings.zone).date()
        if view.answered_at
        else None,
        published_at=view.published_at,
        acts=[
            QaActOut(
                document_id=a.document_id,
                doc_type=a.doc_type,
                number=a.number,
                date_adopted=a.date_adopted,
                title=a.title,
                public=a.public,
                changed_since_answer=a.changed,
            )
            for a in view.acts
        ],
    )


ROUTES = [api_qa, api_qa_entry]
