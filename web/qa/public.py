"""The question–answer base for the public: the entries by subject heading (/qa), one entry
with the acts it cites (/qa/N), and the questions and answers beside the acts in search —
one search box, two kinds of results: a block of the best entries above the acts, each
kind with its count, and a filter to see the entries alone (/search?kind=qa)."""

from __future__ import annotations

import math
from typing import Any

from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.response import Template

from legaldesk.index import SearchQuery
from legaldesk.qa import entries
from legaldesk.qa.search import QaPage, search_entries
from legaldesk.repository import Repository
from legaldesk.search import search_documents
from legaldesk.web.acts.search_form import Filters
from legaldesk.web.forms import whole
from legaldesk.web.headings.names import names as heading_names
from legaldesk.web.i18n import gettext as _
from legaldesk.web.params import Id
from legaldesk.web.state import Repo

PER_PAGE = 10
BESIDE_ACTS = 3  # entries shown above the acts on the search page


def beside_acts(repo: Repository, filters: Filters) -> QaPage | None:
    """The entries for the search page's block, on its first page when words were asked."""
    if not filters.q or filters.page > 1:
        return None
    return search_entries(repo.engine, repo.qa_index, filters.q, filters.rubric, 0, BESIDE_ACTS)


def search_kind(request: Request[Any, Any, Any]) -> str:
    """Which results the search page shows: both (""), the acts alone, or the entries."""
    kind = str(request.query_params.get("kind") or "")
    return kind if kind in ("acts", "qa") else ""


def entries_page(repo: Repository, filters: Filters, publication: tuple[str, ...]) -> Template:
    """/search?kind=qa: the entries alone, paged, with the count of acts for the other tab."""
    found = search_entries(
        repo.engine,
        repo.qa_index,
        filters.q,
        filters.rubric,
        (filters.page - 1) * PER_PAGE,
        PER_PAGE,
    )
    acts = search_documents(
        repo.engine,
        repo.index,
        SearchQuery(
            text=filters.q,
            rubrics=(filters.rubric,) if filters.rubric else (),
            publication=publication,
            limit=1,
            facets=False,
            snippets=False,
        ),
    ).total
    context = {
        "f": filters,
        "q": filters.q,
        "qa": found,
        "acts_total": acts,
        "pages": min(1000, max(1, math.ceil(found.total / PER_PAGE))),
        "heading_names": heading_names(repo),
    }
    return Template("qa/search.html", context=context)


@get("/qa", name="qa_list")
async def qa_list(request: Request[Any, Any, Any], repo: Repo) -> Template:
    """The published entries, newest first, by subject heading."""
    rubric = " ".join(str(request.query_params.get("rubric") or "").split())[:64]
    page_raw = str(request.query_params.get("page") or "1")
    page = min(whole(page_raw) or 1, 1000)
    names = heading_names(repo)
    if rubric and rubric not in names:
        raise NotFoundException(_("There is no such subject heading."))
    rows, total = entries.listing(repo.engine, rubric, (page - 1) * PER_PAGE, PER_PAGE)
    counts = entries.rubric_counts(repo.engine)
    context = {
        "rows": rows,
        "total": total,
        "rubric": rubric,
        "page": page,
        "pages": max(1, math.ceil(total / PER_PAGE)),
        "rubrics": [(code, name, counts[code]) for code, name in names.items() if code in counts],
        "heading_names": names,
    }
    return Template("qa/list.html", context=context)


@get("/qa/{entry_id:int}", name="qa_entry")
async def qa_entry(repo: Repo, entry_id: Id) -> Template:
    view = entries.get_entry(repo.engine, entry_id)
    if view is None:
        raise NotFoundException(_("There is no such question in the base."))
    return Template("qa/entry.html", context={"e": view, "heading_names": heading_names(repo)})


ROUTES = [qa_list, qa_entry]
