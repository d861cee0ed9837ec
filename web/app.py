"""The public legal-information site and its JSON API, on Litestar.

Server-rendered pages (Jinja2) for residents: search with filters, facet counts, snippets
and pages; one page per act with its metadata, rubrics, versions and full text; the latest
acts as a page, a printable poster and an Atom feed. ``/api/v1`` answers the same in JSON.
Everything is served from here: no CDN, no external fonts or scripts.
"""

from __future__ import annotations

import html
import logging
import math
import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote_plus, urlencode

from litestar import Litestar, Request, Response, Router, get
from litestar.datastructures import State
from litestar.exceptions import HTTPException, NotFoundException
from litestar.openapi.config import OpenAPIConfig
from litestar.params import PathParameter, QueryParameter
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect, Template
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from legaldesk.catalogue import (
    act,
    issuer_counts,
    rubric_counts,
    rubric_tree,
    version_file,
)
from legaldesk.index import SearchQuery
from legaldesk.index.analysis import query_words
from legaldesk.models.enums import DOC_TYPE_LABELS_EN, DOC_TYPE_LABELS_RU
from legaldesk.repository import Repository
from legaldesk.search import SearchPage, search_documents
from legaldesk.web import admin, apidocs, csrf, headings, i18n, labels, signin, staff
from legaldesk.web.auth import AuthMiddleware
from legaldesk.web.i18n import N_, gettext
from legaldesk.web.labels import FACETS, LEVELS, SORTS, STATUSES
from legaldesk.web.params import Id
from legaldesk.web.security import MalformedRequestMiddleware, security_headers

HERE = Path(__file__).resolve().parent
log = logging.getLogger(__name__)
PER_PAGE = 10
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"  # `legaldesk serve` sets the real one


@dataclass(frozen=True)
class Filters:
    q: str
    doc_type: str
    level: str
    issuer: str
    rubric: str
    status: str
    year: int | None
    sort: str
    page: int

    def query(self, per_page: int = PER_PAGE) -> SearchQuery:
        return SearchQuery(
            text=self.q,
            doc_types=(self.doc_type,) if self.doc_type else (),
            levels=(self.level,) if self.level else (),
            issuers=(self.issuer,) if self.issuer else (),
            rubrics=(self.rubric,) if self.rubric else (),
            statuses=(self.status,) if self.status else (),
            year=self.year,
            sort=self.sort,
            offset=(self.page - 1) * per_page,
            limit=per_page,
        )

    @cached_property
    def _encoded(self) -> dict[str, str]:
        """This search's parameters, each URL-encoded once: a results page links every facet
        value (up to ninety links) and encoding them all anew cost a millisecond a page."""
        values: dict[str, object] = {
            "q": self.q,
            "type": self.doc_type,
            "level": self.level,
            "issuer": self.issuer,
            "rubric": self.rubric,
            "status": self.status,
            "year": self.year or "",
            "sort": "" if self.sort == "relevance" else self.sort,
        }
        return {k: quote_plus(str(v)) for k, v in values.items() if v not in ("", None)}

    def link(self, **changes: object) -> str:
        """This search with some parameters changed ("" removes one); back to page one unless
        a page is given."""
        encoded = dict(self._encoded)
        for key, value in changes.items():
            if value in ("", None):
                encoded.pop(key, None)
            else:
                encoded[key] = quote_plus(str(value))
        return "/search?" + "&".join(f"{k}={v}" for k, v in encoded.items())


def _filters(request: Request[Any, Any, Any]) -> Filters:
    p = request.query_params

    def text(name: str, limit: int = 300) -> str:
        return " ".join(str(p.get(name) or "").split())[:limit]

    year_raw = text("year", 4)
    page_raw = text("page", 6)
    sort = text("sort") or "relevance"
    return Filters(
        q=text("q", 500),
        doc_type=text("type", 64),
        level=text("level", 16),
        issuer=text("issuer"),
        rubric=text("rubric", 64),
        status=text("status", 16),
        year=int(year_raw) if year_raw.isdigit() and 1700 < int(year_raw) < 2200 else None,
        sort=sort if sort in SORTS else "relevance",
        page=max(1, min(int(page_raw), 1000)) if page_raw.isdigit() else 1,
    )


def _repo(state: State) -> Repository:
    """The repo. Workers never write the index: the indexing loop applies the change log,
    and each search loads the loop's latest commit (legaldesk/indexing.py)."""
    repo: Repository = state.repo
    return repo


def _latest(repo: Repository, count: int) -> SearchPage:
    """The acts filed last (no snippets, no facet counts: nobody reads them there)."""
    query = SearchQuery(sort="filed_desc", limit=count, snippets=False, facets=False)
    return search_documents(repo.engine, repo.index, query)


def _search(repo: Repository, filters: Filters) -> SearchPage:
    return search_documents(repo.engine, repo.index, filters.query())


@get("/", name="home")
async def home(state: State) -> Template:
    repo = _repo(state)
    latest = _latest(repo, 5)
    rubrics = headings.names(repo)
    return Template("home.html", context={"latest": latest, "rubrics": rubrics})


@get("/rubrics", name="rubrics")
async def rubrics_page(state: State) -> Template:
    """Browse by subject heading: the tree of headings with the number of acts under each."""
    repo = _repo(state)
    names = headings.names(repo)
    counts = rubric_counts(repo.engine)
    tree = rubric_tree(repo.engine)
    rows = [
        (str(r["code"]), names.get(str(r["code"]), ""), counts.get(str(r["code"]), 0), r["parent"])
        for r in tree
    ]
    return Template("rubrics.html", context={"rows": rows})


@get("/issuers", name="issuers")
async def issuers_page(state: State) -> Template:
    """Browse by issuing body, with the number of acts of each."""
    repo = _repo(state)
    return Template("issuers.html", context={"issuers": issuer_counts(repo.engine)})


@get("/search", name="search")
async def search_page(request: Request[Any, Any, Any], state: State) -> Template:
    repo = _repo(state)
    filters = _filters(request)
    page = _search(repo, filters)
    pages = max(1, math.ceil(page.total / PER_PAGE))
    return Template(
        "search.html",
        context={
            "f": filters,
            "page": page,
            "pages": min(pages, 1000),
            "facets": _facet_view(page.facets, filters, headings.names(repo)),
            "sorts": SORTS,
        },
    )


def _facet_view(
    facets: dict[str, dict[str, int]], f: Filters, rubrics: dict[str, str]
) -> list[tuple[str, list[tuple[str, int, str, bool]]]]:
    """(label, [(value label, count, link, chosen)]) per facet, in a reader's order."""
    current = {
        "doc_type": f.doc_type,
        "year": str(f.year or ""),
        "issuer": f.issuer,
        "level": f.level,
        "status": f.status,
        "rubric": f.rubric,
    }
    param = {"doc_type": "type"}
    types = DOC_TYPE_LABELS_RU if i18n.current() == "ru" else DOC_TYPE_LABELS_EN
    labels = {
        "doc_type": types,
        "level": {k: gettext(v) for k, v in LEVELS.items()},
        "status": {k: gettext(v) for k, v in STATUSES.items()},
        "rubric": rubrics,
    }
    out = []
    for name, label in FACETS.items():
        buckets = facets.get(name) or {}
        if not buckets:
            continue
        items = sorted(buckets.items(), key=lambda kv: -int(kv[0]) if name == "year" else -kv[1])
        rows = []
        for value, count in items[:15]:
            chosen = current[name] == str(value)
            link = f.link(**{param.get(name, name): "" if chosen else value})
            rows.append((labels.get(name, {}).get(str(value), str(value)), count, link, chosen))
        out.append((gettext(label), rows))
    return out


@get("/documents/{document_id:int}", name="document")
async def document_page(request: Request[Any, Any, Any], state: State, document_id: Id) -> Template:
    repo = _repo(state)
    view = act(repo.engine, document_id)
    if view is None:
        raise NotFoundException(gettext("There is no document %(id)s.") % {"id": document_id})
    q = " ".join(str(request.query_params.get("q") or "").split())[:500]
    names = headings.names(repo)
    return Template(
        "document.html",
        context={
            "act": view,
            "q": q,
            "text_html": highlight(view.text, q),
            "level": gettext(LEVELS[view.level]) if view.level in LEVELS else "—",
            "status": gettext(STATUSES.get(view.status, view.status)),
            "rubrics": [(code, names.get(code, name)) for code, name in view.rubrics],
        },
    )


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
    state: State,
    document_id: Id,
    version_id: Id,
) -> Response[bytes]:
    repo = _repo(state)
    version = version_file(repo.engine, document_id, version_id)
    if version is None:
        raise NotFoundException(gettext("There is no such file."))
    data = repo.blobs.get(version.sha256)
    quoted = re.sub(r"[^\w.\-]", "_", version.filename, flags=re.ASCII) or "document"
    return Response(
        content=data,
        media_type=version.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{quoted}"; '
            f"filename*=UTF-8''{_rfc5987(version.filename)}",
            "X-Content-Type-Options": "nosniff",
        },
    )


def _rfc5987(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


@get("/new", name="new")
async def new_acts(state: State) -> Template:
    repo = _repo(state)
    latest = _latest(repo, 30)
    return Template("new.html", context={"latest": latest})


@get("/new/poster", name="poster")
async def poster(state: State) -> Template:
    repo = _repo(state)
    latest = _latest(repo, 12)
    return Template("poster.html", context={"latest": latest, "today": date.today()})


@get("/lang/{code:str}", name="language")
async def language(
    request: Request[Any, Any, Any], code: Annotated[str, PathParameter()]
) -> Redirect:
    """The reader chooses the interface language; it is remembered for a year."""
    if code not in i18n.LANGUAGES:
        raise NotFoundException(gettext("There is no such language."))
    response = Redirect(signin.safe_next(request.query_params.get("next"), "/"))
    response.set_cookie(i18n.COOKIE, code, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return response


@get("/new.atom", name="feed", media_type="application/atom+xml")
async def feed(state: State) -> Template:
    repo = _repo(state)
    latest = _latest(repo, 30)
    # The configured address, never the request's Host header: a feed fetched through a
    # forged Host must not hand subscribers links to somebody else's site.
    base = public_url(repo)
    return Template(
        "feed.atom",
        context={"latest": latest, "base": base},
        media_type="application/atom+xml",
    )


# -- JSON API ---------------------------------------------------------------------------


@get("/api/v1/search", name="api_search")
async def api_search(
    request: Request[Any, Any, Any],
    state: State,
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
) -> dict[str, Any]:
    """Search acts with the filters of the public search page; 10 hits a page, with facet
    counts and highlighted snippets."""
    repo = _repo(state)
    return _search(repo, _filters(request)).as_json()


@get("/api/v1/documents/{document_id:int}", name="api_document")
async def api_document(state: State, document_id: Id) -> dict[str, Any]:
    """One act: metadata, rubrics, versions (with the sha256 of each original)."""
    view = act(_repo(state).engine, document_id)
    if view is None:
        raise NotFoundException(f"document {document_id} not found")
    return {
        "id": view.id,
        "doc_type": view.doc_type,
        "number": view.number,
        "date_adopted": view.date_adopted.isoformat() if view.date_adopted else None,
        "title": view.title,
        "issuer": view.issuer,
        "level": view.level,
        "territory": view.territory,
        "status": view.status,
        "official_publication": view.official_publication,
        "source_url": view.source_url,
        "rubrics": [code for code, _ in view.rubrics],
        "versions": [
            {
                "id": v.id,
                "n": v.n,
                "filename": v.filename,
                "media_type": v.media_type,
                "size": v.size,
                "sha256": v.sha256,
                "text_method": v.text_method,
                "source_url": v.source_url,
                "download": f"/documents/{view.id}/versions/{v.id}/original",
            }
            for v in view.versions
        ],
    }


@get("/api/v1/rubrics", name="api_rubrics")
async def api_rubrics(state: State) -> list[dict[str, Any]]:
    """The subject headings: code, Russian and English names, parent."""
    return rubric_tree(_repo(state).engine)


# -- errors -----------------------------------------------------------------------------


def _error(
    request: Request[Any, Any, Any], exc: HTTPException
) -> Response[Any] | Template | Redirect:
    status = exc.status_code
    # A path no route matches is refused before any route's middleware runs, so the
    # reader's language is read here again.
    i18n.use(
        i18n.negotiate(request.cookies.get(i18n.COOKIE), request.headers.get("accept-language"))
    )
    headers = {k: v for k, v in (exc.headers or {}).items() if k.lower() == "retry-after"}
    detail = exc.detail
    if status == 413:
        settings = request.app.state.repo.settings
        detail = gettext(
            "The files you chose are over %(total)s together. Each file may be up to "
            "%(file)s: send them in smaller batches."
        ) % {
            "total": _mb(staff.upload_limit(request.app.state.repo)),
            "file": _mb(settings.max_file_size),
        }
    if request.url.path.startswith("/api/"):
        # The shape the OpenAPI schema promises for errors (Litestar's own).
        body: dict[str, Any] = {"status_code": status, "detail": detail}
        if exc.extra:  # which parameter was wrong, and why
            body["extra"] = exc.extra
        return Response(body, status_code=status, headers=headers)
    if status == 401 and request.method == "GET":
        return Redirect("/login?" + urlencode({"next": request.url.path}))
    template = "404.html" if status == 404 else "error.html"
    context = {"detail": detail, "status": status}
    return Template(template, context=context, status_code=status, headers=headers)


def _crash(request: Request[Any, Any, Any], exc: Exception) -> Response[Any] | Template:
    """A bug, not the client's fault: logged with its traceback, shown without it."""
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return _error(request, HTTPException(status_code=500, detail=N_("Internal error")))


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def public_url(repo: Repository) -> str:
    return (repo.settings.public_url or DEFAULT_PUBLIC_URL).rstrip("/")


def create_app(repo: Repository | None = None) -> Litestar:
    repo = repo or Repository()
    if not repo.is_initialised():
        repo.init()

    def on_shutdown() -> None:
        repo.close()

    handlers = [
        *signin.ROUTES,
        *staff.ROUTES,
        *admin.ROUTES,
        home,
        rubrics_page,
        issuers_page,
        language,
        search_page,
        document_page,
        original,
        new_acts,
        poster,
        feed,
        api_search,
        api_document,
        api_rubrics,
    ]
    api = [h for h in handlers if all(path.startswith("/api/") for path in h.paths)]
    # The OpenAPI schema describes the JSON API; pages and forms are for people.
    pages = Router(
        path="/", route_handlers=[h for h in handlers if h not in api], include_in_schema=False
    )
    app = Litestar(
        route_handlers=[
            *api,
            pages,
            create_static_files_router(
                path="/static", directories=[HERE / "static"], include_in_schema=False
            ),
        ],
        openapi_config=OpenAPIConfig(
            title="LegalDesk API",
            version="1",
            description="Legal acts of the centre for legal information: search, documents, "
            "subject headings (public); sources and harvest runs (staff, session login).",
            render_plugins=apidocs.PLUGINS,
            use_handler_docstrings=True,
        ),
        template_config=TemplateConfig(directory=HERE / "templates", engine=JinjaTemplateEngine),
        exception_handlers={HTTPException: _error, Exception: _crash},
        state=State({"repo": repo, "secret_key": csrf.secret_key(repo.settings)}),
        # Outermost first: malformed requests go before anything reads them; the session
        # is known before the CSRF check, which binds the token to it.
        middleware=[
            MalformedRequestMiddleware,
            i18n.LocaleMiddleware,
            AuthMiddleware,
            csrf.CsrfMiddleware,
        ],
        before_send=[security_headers],
        # An upload form may carry several files of the largest allowed size; other forms
        # are small, and the login form (anonymous) sets its own small limit.
        request_max_body_size=staff.upload_limit(repo),
        on_shutdown=[on_shutdown],
    )
    assert app.template_engine is not None
    env = app.template_engine.engine
    i18n.install(env)
    env.globals["labels"] = labels
    env.globals["csrf_field"] = csrf.csrf_field
    env.filters["reasons"] = labels.review_reasons
    env.globals["levels"] = LEVELS
    env.globals["statuses"] = STATUSES
    return app
