"""The public catalogue of acts: the home page, search with filters and facets, one page per
act with its versions and originals, the latest acts as a page and a printable poster, and
the acts by issuing body (their Atom feeds are web/feeds/). Everything loads from this
service: no CDN, no external fonts or scripts.

The public sees published acts only (legaldesk/publication.py): an act in another state is
«not found» — its page, its originals — exactly as an act that does not exist. Signed-in
staff find every act in search and open its page, its state marked; what is made for the
public to take away (the home page, new acts, the poster, the feed, the counts by issuer)
lists published acts for everybody."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.response import Template

from legaldesk.catalogue import act, issuer_counts, publication_state, version_file
from legaldesk.desk import gaps
from legaldesk.index import SearchQuery
from legaldesk.index.analysis import query_words
from legaldesk.lists.period import Period
from legaldesk.lists.selection import filed_acts, filed_in
from legaldesk.publication import PUBLIC
from legaldesk.relations.views import Link, links_in, outside_act, relations_of
from legaldesk.repository import Repository
from legaldesk.search import SearchPage, instead_of_nothing, search_documents
from legaldesk.web.acts.publication import may_see, visible_states
from legaldesk.web.acts.search_form import PER_PAGE, facet_view, read_filters
from legaldesk.web.headings.names import names as heading_names
from legaldesk.web.i18n import gettext
from legaldesk.web.labels import LEVELS, SORTS, STATUSES
from legaldesk.web.params import Id
from legaldesk.web.qa.public import beside_acts, entries_page, search_kind
from legaldesk.web.state import Repo


def latest(repo: Repository, count: int) -> SearchPage:
    """The published acts filed last (no snippets, no facet counts: nobody reads them
    there)."""
    query = SearchQuery(
        sort="filed_desc", limit=count, snippets=False, facets=False, publication=PUBLIC
    )
    return search_documents(repo.engine, repo.index, query)


@get("/", name="home")
async def home(repo: Repo) -> Template:
    context = {"latest": latest(repo, 5), "rubrics": heading_names(repo)}
    return Template("acts/home.html", context=context)


@get("/search", name="search")
async def search_page(request: Request[Any, Any, Any], repo: Repo) -> Template:
    filters = read_filters(request)
    kind = search_kind(request)  # the question–answer base beside the acts (web/qa/)
    if kind == "qa":
        return entries_page(repo, filters, visible_states(request))
    query = filters.query(publication=visible_states(request))
    page = search_documents(repo.engine, repo.index, query)
    gaps.note_search(repo.engine, query, page.total, repo.settings.zone)  # for the statistics
    pages = max(1, math.ceil(page.total / PER_PAGE))
    headings = heading_names(repo)
    instead = instead_of_nothing(repo.index, query, headings) if not page.total else None
    return Template(
        "acts/search.html",
        context={
            "f": filters,
            "instead": instead,
            "heading_names": headings,
            "q": filters.q,  # stays in the header's search box
            "page": page,
            "pages": min(pages, 1000),
            "facets": facet_view(page.facets, filters, headings),
            "sorts": SORTS,
            "kind": kind,
            "qa": beside_acts(repo, filters),
        },
    )


@get("/issuers", name="issuers")
async def issuers_page(repo: Repo) -> Template:
    """Browse by issuing body, with the number of acts of each."""
    issuers = issuer_counts(repo.engine, PUBLIC)
    return Template("acts/issuers.html", context={"issuers": issuers})


@get("/documents/{document_id:int}", name="document")
async def document_page(request: Request[Any, Any, Any], repo: Repo, document_id: Id) -> Template:
    view = act(repo.engine, document_id)
    if view is None or not may_see(request, view.publication):
        raise NotFoundException(gettext("There is no document %(id)s.") % {"id": document_id})
    q = " ".join(str(request.query_params.get("q") or "").split())[:500]
    names = heading_names(repo)
    visible = visible_states(request)
    links = links_in(repo.engine, view.versions[-1].id, visible) if view.versions else []
    text_html = linked_text(view.text, q, links)
    return Template(
        "acts/document.html",
        context={
            "act": view,
            "q": q,
            "text_html": text_html,
            "matches": text_html.count("<mark>"),
            "today": date.today(),
            "level": gettext(LEVELS[view.level]) if view.level in LEVELS else "—",
            "status": gettext(STATUSES.get(view.status, view.status)),
            "rel": relations_of(repo.engine, document_id, visible),
            "rubrics": [(code, names.get(code, name)) for code, name in view.rubrics],
            # Back from «Следить за изменениями» (web/subscriptions/mine.py).
            "followed": request.query_params.get("followed") == "1",
        },
    )


def linked_text(text: str, q: str, links: Sequence[Link]) -> str:
    """The text, escaped and highlighted, its references to other acts made links: to the
    act's page when it is filed, to the outside act's page when it is not."""
    parts: list[str] = []
    at = 0
    for link in links:
        if link.start < at or link.end > len(text):
            continue
        parts.append(highlight(text[at : link.start], q))
        href = (
            f"/documents/{link.act_id}"
            if link.act_id is not None
            else f"/acts/outside/{link.external_id}"
        )
        parts.append(
            f'<a class="ref" href="{href}">{highlight(text[link.start : link.end], q)}</a>'
        )
        at = link.end
    parts.append(highlight(text[at:], q))
    return "".join(parts)


@get("/acts/outside/{external_id:int}", name="outside_act")
async def outside_act_page(
    request: Request[Any, Any, Any], repo: Repo, external_id: Id
) -> Template:
    """An act the repository does not hold (131-ФЗ, a code, a regional law) and every act
    that cites it."""
    view = outside_act(repo.engine, external_id, visible_states(request))
    if view is None:
        raise NotFoundException(gettext("There is no such act."))
    return Template("acts/outside.html", context={"outside": view})


def highlight(text: str, q: str) -> str:
    """The text, escaped, with the words of the query marked — in any of their forms, as
    the search found them (the same Russian stemming)."""
    escaped = html.escape(text)
    stems = {term for _word, term in query_words(q) if len(term) >= 3}
    if not stems:
        return escaped
    # The index folds ё into е; the text keeps its ё, so the pattern accepts either.
    alternatives = [re.escape(s).replace("е", "[её]") for s in sorted(stems, key=len, reverse=True)]
    pattern = re.compile(r"\b(?:" + "|".join(alternatives) + r")\w*", re.IGNORECASE)
    return pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped)


@get("/documents/{document_id:int}/versions/{version_id:int}/original", name="original")
async def original(
    request: Request[Any, Any, Any], repo: Repo, document_id: Id, version_id: Id
) -> Response[bytes]:
    version = version_file(repo.engine, document_id, version_id)
    state = publication_state(repo.engine, document_id)
    if version is None or state is None or not may_see(request, state):
        raise NotFoundException(gettext("There is no such file."))
    data = repo.blobs.get(version.sha256)
    ascii_name = re.sub(r"[^\w.\-]", "_", version.filename, flags=re.ASCII) or "document"
    # A PDF may open in the browser's own viewer («view=1»); anything else — HTML or an
    # office file a browser would render as our page — is only ever a download.
    shown = request.query_params.get("view") == "1" and version.media_type == "application/pdf"
    return Response(
        content=data,
        media_type=version.media_type,
        headers={
            "Content-Disposition": f"{'inline' if shown else 'attachment'}; "
            f'filename="{ascii_name}"; '
            f"filename*=UTF-8''{quote(version.filename, safe='')}",
        },
    )


NEW_SHOWN = 300  # a chosen period's acts shown on the page at most


@dataclass(frozen=True)
class NewChoice:
    """The period the new-acts page shows: ``latest`` (the last acts filed, whatever the
    dates), ``this_month``, ``last_month`` or ``custom`` (``start``–``end``)."""

    name: str
    period: Period | None
    error: str | None = None


def new_choice(request: Request[Any, Any, Any], today: date) -> NewChoice:
    name = str(request.query_params.get("period") or "latest")
    if name == "this_month":
        return NewChoice(name, Period.this_month(today))
    if name == "last_month":
        return NewChoice(name, Period.last_month(today))
    if name != "custom":
        return NewChoice("latest", None)
    try:
        start = date.fromisoformat(str(request.query_params.get("from") or "")[:10])
        end = date.fromisoformat(str(request.query_params.get("to") or "")[:10])
        return NewChoice(name, Period(start, end))
    except ValueError:  # PeriodError is one: the end before the start, too long a period
        return NewChoice(
            "latest", None, gettext("Give the first and the last day, the first one earlier.")
        )


@get("/new", name="new")
async def new_acts(request: Request[Any, Any, Any], repo: Repo) -> Template:
    zone = repo.settings.zone
    today = datetime.now(zone).date()
    choice = new_choice(request, today)
    if choice.period is None:
        ids = [hit.id for hit in latest(repo, 30).hits]
    else:
        ids = filed_in(repo.engine, choice.period, zone, PUBLIC)
    acts = filed_acts(repo.engine, ids[:NEW_SHOWN], zone)
    return Template(
        "acts/new.html",
        context={
            "acts": acts,
            "choice": choice,
            "more": max(0, len(ids) - NEW_SHOWN),
            "this_month": Period.this_month(today),
            "last_month": Period.last_month(today),
        },
    )


@get("/new/poster", name="poster")
async def poster(repo: Repo) -> Template:
    context = {"latest": latest(repo, 12), "today": date.today()}
    return Template("acts/poster.html", context=context)


ROUTES = [
    home,
    search_page,
    issuers_page,
    document_page,
    outside_act_page,
    original,
    new_acts,
    poster,
]
