"""The librarians' reference desk, /staff/desk: the intake form (a phone question in under
a minute, by keyboard), the lists (mine, unassigned, due today, overdue, flagged, all) with
search, the request page (status, assignment, answer, cited acts and sources, flags,
history), the printable answer sheet, and the suggestions while a question is typed.

Every action is a plain form that works without a script; static/desk.js adds the keys and
the suggestions as one types. Handlers read the form, call legaldesk/desk/ and answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import QueryParameter
from litestar.response import Redirect, Template
from sqlmodel import Session, select

from legaldesk.desk import answers, flags, privacy, suggestions, website
from legaldesk.desk.answers import SourceItem
from legaldesk.desk.requests import (
    LISTS,
    Clock,
    DeskError,
    Intake,
    RequestFilter,
    assign,
    branches,
    create_request,
    desk_staff,
    get_request,
    list_counts,
    list_requests,
    set_status,
    update_request,
)
from legaldesk.desk.vocabulary import (
    CATEGORIES,
    CHANNELS,
    DELIVERIES,
    KINDS,
    PRIORITIES,
    SOURCE_TYPES,
    STATUSES,
    TRANSITIONS,
)
from legaldesk.models import Branch, User
from legaldesk.qa import entries as qa_entries
from legaldesk.repository import Repository
from legaldesk.web.ask.letters import site
from legaldesk.web.auth.guard import FILERS, StaffUser, staff
from legaldesk.web.desk import views
from legaldesk.web.forms import field, whole, whole_list
from legaldesk.web.headings.names import names as heading_names
from legaldesk.web.i18n import act_heading, tr
from legaldesk.web.i18n import gettext as _
from legaldesk.web.params import Id
from legaldesk.web.state import Repo

Which = Annotated[str, QueryParameter(max_length=16)]
Words = Annotated[str, QueryParameter(max_length=500)]
Page = Annotated[int, QueryParameter(ge=1, le=10_000)]
Exclude = Annotated[int | None, QueryParameter(name="request", ge=1, le=2**31 - 1)]
PER_PAGE = 30
SUGGESTED = 5


def clock(repo: Repository) -> Clock:
    return Clock.of(repo.settings)


def actor(user: User) -> str:
    return f"web:{user.username}"


def error_text(exc: DeskError) -> str:
    """A refusal of the domain in the reader's language; a status that may not follow
    another is told with both names."""
    before, after = getattr(exc, "before", None), getattr(exc, "after", None)
    if before and after:
        return _("A request that is «%(from)s» cannot become «%(to)s».") % {
            "from": views.label("status", before),
            "to": views.label("status", after),
        }
    return tr(exc.args[0])


# -- the desk: intake and lists ----------------------------------------------------------


def _draft(form: Any = None) -> dict[str, Any]:
    """The intake form's values: what was sent, else the desk's defaults."""
    if form is None:
        return {
            "question": "",
            "channel": "phone",
            "category": "resident",
            "kind": "thematic",
            "priority": "normal",
            "received_at": "",
            "requester_name": "",
            "requester_contact": "",
            "rubrics": [],
            "branch_id": "",
            "assignee_id": "",
            "effort": "",
            "cite": [],
        }
    defaults = _draft()
    return {
        "question": str(form.get("question") or "")[:20_000],
        "channel": field(form, "channel", 16) or defaults["channel"],
        "category": field(form, "category", 32) or defaults["category"],
        "kind": field(form, "kind", 16) or defaults["kind"],
        "priority": field(form, "priority", 16) or defaults["priority"],
        "received_at": field(form, "received_at", 16),
        "requester_name": field(form, "requester_name"),
        "requester_contact": field(form, "requester_contact"),
        "rubrics": [str(v)[:64] for v in form.getall("rubrics", [])][:20],
        "branch_id": field(form, "branch_id", 12),
        "assignee_id": field(form, "assignee_id", 12),
        "effort": field(form, "effort", 2),
        "cite": _ids(form.getall("cite", [])),
    }


def _ids(values: list[Any]) -> list[int]:
    return whole_list(values)[:20]


def _int(text: str) -> int | None:
    return whole(text)


def _moment(text: str) -> datetime | None:
    """A time typed in the form (``datetime-local``), in the library's zone; empty: now."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise DeskError(_("Not a date and time: %(value)s") % {"value": text}) from None


def _common(repo: Repository) -> dict[str, Any]:
    return {
        "channels": CHANNELS,
        "categories": CATEGORIES,
        "kinds": KINDS,
        "priorities": PRIORITIES,
        "statuses": STATUSES,
        "deliveries": DELIVERIES,
        "source_types": SOURCE_TYPES,
        "branches": branches(repo.engine),
        "desk_staff": desk_staff(repo.engine),
        "heading_names": heading_names(repo),
        "views": views,
    }


def _desk_page(
    repo: Repository,
    user: User,
    which: str = "",
    q: str = "",
    page: int = 1,
    draft: dict[str, Any] | None = None,
    message: str | None = None,
    error: str | None = None,
    status: int = 200,
    suggest: bool = False,
) -> Template:
    the_clock = clock(repo)
    counts = list_counts(repo.engine, user.id, the_clock)
    if which not in LISTS:  # the librarian's own first when they have any
        which = "mine" if counts["mine"] else "unassigned" if counts["unassigned"] else "all"
    rows, total = list_requests(
        repo.engine,
        RequestFilter(
            which=which,
            user_id=user.id,
            text=q,
            limit=PER_PAGE,
            offset=(page - 1) * PER_PAGE,
        ),
        the_clock,
    )
    draft = draft or _draft()
    context = {
        **_common(repo),
        "draft": draft,
        "which": which,
        "lists": views.LISTS,
        "counts": counts,
        "rows": rows,
        "total": total,
        "q": q,
        "page": page,
        "pages": max(1, -(-total // PER_PAGE)),
        "today": the_clock.today(),
        "message": message,
        "error": error,
        "similar": [],
        "acts": [],
        "cited": draft["cite"],
    }
    if suggest or draft["cite"]:
        context["similar"] = suggestions.similar_requests(repo.engine, draft["question"])
        context["acts"] = suggestions.likely_acts(
            repo.engine, repo.index, draft["question"], SUGGESTED
        )
    return Template("desk/desk.html", context=context, status_code=status)


@get("/staff/desk", name="desk", **staff(*FILERS))
async def desk(
    repo: Repo,
    user: StaffUser,
    list: Which = "",
    q: Words = "",
    page: Page = 1,
    saved: Which = "",
) -> Template:
    message = _("Request %(code)s is registered.") % {"code": saved} if saved else None
    return _desk_page(repo, user, list, q, page, message=message)


@post("/staff/desk/requests", name="desk_create", **staff(*FILERS))
async def desk_create(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser
) -> Template | Redirect:
    """File a request from the intake form. «Save and next» gives a fresh form with the code
    just given; «save and open» goes to the request; «find acts» (the form without a script)
    shows the suggestions and saves nothing."""
    form = await request.form()
    draft = _draft(form)
    then = field(form, "then", 16)
    if then == "suggest":
        return _desk_page(repo, user, draft=draft, suggest=True)
    try:
        intake = Intake(
            question=draft["question"],
            channel=draft["channel"],
            category=draft["category"],
            kind=draft["kind"],
            priority=draft["priority"],
            received_at=_moment(draft["received_at"]),
            requester_name=draft["requester_name"] or None,
            requester_contact=draft["requester_contact"] or None,
            rubrics=tuple(draft["rubrics"]),
            branch_id=_int(draft["branch_id"]),
            assignee_id=_int(draft["assignee_id"]),
            effort=_int(draft["effort"]),
        )
        filed = create_request(repo.engine, intake, actor(user), clock(repo))
        assert filed.id is not None
        for document_id in draft["cite"]:
            answers.cite_act(repo.engine, filed.id, document_id, actor(user))
    except DeskError as exc:
        return _desk_page(repo, user, draft=draft, error=error_text(exc), status=400)
    if then == "open":
        return Redirect(f"/staff/desk/requests/{filed.id}")
    return Redirect("/staff/desk?" + urlencode({"saved": filed.code}))


# -- one request -------------------------------------------------------------------------


def _names(repo: Repository) -> tuple[dict[int, str], dict[int, str]]:
    with Session(repo.engine) as session:
        users = {
            u.id: (u.display_name or u.username)
            for u in session.exec(select(User)).all()
            if u.id is not None
        }
        libraries = {b.id: b.name for b in session.exec(select(Branch)).all() if b.id is not None}
    return users, libraries


def _request_page(
    repo: Repository,
    user: User,
    request_id: int,
    message: str | None = None,
    error: str | None = None,
    status: int = 200,
    suggest: bool = True,
) -> Template:
    found = get_request(repo.engine, request_id)
    if found is None:
        raise NotFoundException(_("There is no request %(id)s.") % {"id": request_id})
    if privacy.has_personal_data(found.requester):  # the page shows the name and contact
        privacy.audit_access(repo.engine, [found.request], actor(user), "page")
    users, libraries = _names(repo)
    cited = {a.document_id for a in found.acts}
    acts = []
    if suggest:
        acts = suggestions.likely_acts(repo.engine, repo.index, found.request.question, SUGGESTED)
    context = {
        **_common(repo),
        "page": found,
        "r": found.request,
        "deadline": views.deadline_text(found.request.deadline),
        "overdue": found.request.status in ("new", "in_progress", "waiting")
        and found.request.due_on < clock(repo).today(),
        "moves": TRANSITIONS[found.request.status],
        "history": views.history_lines(found.events, users, libraries),
        "flag_texts": [(f, views.flag_text(f)) for f in found.flags],
        "acts": [a for a in acts if a.id not in cited],
        "similar": suggestions.similar_requests(
            repo.engine, found.request.question, exclude=request_id
        ),
        "users": users,
        "message": message,
        "error": error,
        "reply_by": website.REPLY_BY.get(website.reply_wanted(repo.engine, request_id) or ""),
        "qa_entry": qa_entries.entry_of(repo.engine, request_id),
    }
    return Template("desk/request.html", context=context, status_code=status)


@get("/staff/desk/requests/{request_id:int}", name="desk_request", **staff(*FILERS))
async def desk_request(repo: Repo, user: StaffUser, request_id: Id) -> Template:
    return _request_page(repo, user, request_id)


@post("/staff/desk/requests/{request_id:int}", name="desk_request_edit", **staff(*FILERS))
async def desk_request_edit(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, request_id: Id
) -> Template | Redirect:
    """Change the request's fields (each change goes to its history)."""
    form = await request.form()
    draft = _draft(form)
    try:
        values: dict[str, Any] = {
            "question": draft["question"],
            "channel": draft["channel"],
            "category": draft["category"],
            "kind": draft["kind"],
            "priority": draft["priority"],
            "rubrics": draft["rubrics"],
            "branch_id": _int(draft["branch_id"]),
            "effort": _int(draft["effort"]),
            "requester_name": draft["requester_name"] or None,
            "requester_contact": draft["requester_contact"] or None,
        }
        moment = _moment(draft["received_at"])
        if moment is not None:
            values["received_at"] = moment
        update_request(repo.engine, request_id, values, actor(user), clock(repo))
    except DeskError as exc:
        return _request_page(repo, user, request_id, error=error_text(exc), status=400)
    return Redirect(f"/staff/desk/requests/{request_id}")


def _acting_on(
    repo: Repository,
    user: StaffUser,
    request_id: int,
    action: Callable[[], object],
    anchor: str = "",
) -> Template | Redirect:
    """Do ``action`` on a request and go back to its page (at ``anchor``); a refusal shows
    the page again with the reason, as a 400."""
    try:
        action()
    except DeskError as exc:
        return _request_page(repo, user, request_id, error=error_text(exc), status=400)
    return Redirect(f"/staff/desk/requests/{request_id}{anchor}")


@post("/staff/desk/requests/{request_id:int}/status", name="desk_status", **staff(*FILERS))
async def desk_status(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, request_id: Id
) -> Template | Redirect:
    form = await request.form()
    status = field(form, "status", 16)
    return _acting_on(
        repo,
        user,
        request_id,
        lambda: set_status(repo.engine, request_id, status, actor(user), user.id, site(repo)),
    )


@post("/staff/desk/requests/{request_id:int}/assign", name="desk_assign", **staff(*FILERS))
async def desk_assign(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, request_id: Id
) -> Template | Redirect:
    form = await request.form()
    chosen = field(form, "assignee_id", 12)
    target = user.id if chosen == "me" else _int(chosen)
    return _acting_on(
        repo, user, request_id, lambda: assign(repo.engine, request_id, target, actor(user))
    )


@post("/staff/desk/requests/{request_id:int}/answer", name="desk_answer", **staff(*FILERS))
async def desk_answer(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, request_id: Id
) -> Template | Redirect:
    """Save the answer; «save and mark answered» also moves the status."""
    form = await request.form()
    pages, minutes = field(form, "printed_pages", 6), field(form, "minutes_spent", 6)
    try:
        answers.save_answer(
            repo.engine,
            request_id,
            str(form.get("answer") or ""),
            field(form, "delivery", 16) or None,
            whole(pages, 0),
            whole(minutes, 0),
            actor(user),
        )
        if field(form, "then", 16) == "answered":
            set_status(repo.engine, request_id, "answered", actor(user), user.id, site(repo))
    except DeskError as exc:
        return _request_page(repo, user, request_id, error=error_text(exc), status=400)
    return Redirect(f"/staff/desk/requests/{request_id}")


@post("/staff/desk/requests/{request_id:int}/acts", name="desk_cite", **staff(*FILERS))
async def desk_cite(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, request_id: Id
) -> Template | Redirect:
    """Cite an act in the answer: its current version."""
    form = await request.form()
    document_id = _int(field(form, "document_id", 12))

    def cite() -> None:
        if document_id is None:
            raise DeskError(_("Give the number of the act to cite."))
        answers.cite_act(repo.engine, request_id, document_id, actor(user))

    return _acting_on(repo, user, request_id, cite, "#acts")


@post(
    "/staff/desk/requests/{request_id:int}/acts/{citation_id:int}/remove",
    name="desk_uncite",
    **staff(*FILERS),
)
async def desk_uncite(
    repo: Repo, user: StaffUser, request_id: Id, citation_id: Id
) -> Template | Redirect:
    return _acting_on(
        repo,
        user,
        request_id,
        lambda: answers.uncite_act(repo.engine, request_id, citation_id, actor(user)),
        "#acts",
    )


@post("/staff/desk/requests/{request_id:int}/sources", name="desk_source", **staff(*FILERS))
async def desk_source(
    request: Request[Any, Any, Any], repo: Repo, user: StaffUser, request_id: Id
) -> Template | Redirect:
    """Cite a newspaper article, a website or a book, described by its parts."""
    form = await request.form()
    year, accessed = field(form, "year", 4), field(form, "accessed_on", 10)
    try:
        try:
            accessed_on = date.fromisoformat(accessed) if accessed else None
        except ValueError:
            raise DeskError(_("Not a date: %(value)s") % {"value": accessed}) from None
        item = SourceItem(
            source_type=field(form, "source_type", 32),
            title=field(form, "title", 1000),
            author=field(form, "author") or None,
            container=field(form, "container", 500) or None,
            year=whole(year, 1, 9999),
            issue=field(form, "issue", 64) or None,
            pages=field(form, "pages", 64) or None,
            url=field(form, "url", 2000) or None,
            accessed_on=accessed_on,
        )
        answers.add_source(repo.engine, request_id, item, actor(user))
    except DeskError as exc:
        return _request_page(repo, user, request_id, error=error_text(exc), status=400)
    return Redirect(f"/staff/desk/requests/{request_id}#sources")


@post(
    "/staff/desk/requests/{request_id:int}/sources/{source_id:int}/remove",
    name="desk_source_remove",
    **staff(*FILERS),
)
async def desk_source_remove(
    repo: Repo, user: StaffUser, request_id: Id, source_id: Id
) -> Template | Redirect:
    return _acting_on(
        repo,
        user,
        request_id,
        lambda: answers.remove_source(repo.engine, request_id, source_id, actor(user)),
        "#sources",
    )


@post(
    "/staff/desk/requests/{request_id:int}/flags/clear", name="desk_flags_clear", **staff(*FILERS)
)
async def desk_flags_clear(repo: Repo, user: StaffUser, request_id: Id) -> Template | Redirect:
    """The librarian has looked at what changed in the cited acts."""
    return _acting_on(
        repo, user, request_id, lambda: flags.clear_flags(repo.engine, request_id, actor(user))
    )


@get("/staff/desk/requests/{request_id:int}/print", name="desk_print", **staff(*FILERS))
async def desk_print(repo: Repo, request_id: Id) -> Template:
    """The answer sheet to hand over or post: the library, the code, the question, the
    answer, the cited acts described and their texts as cited, the other sources."""
    found = get_request(repo.engine, request_id)
    if found is None:
        raise NotFoundException(_("There is no request %(id)s.") % {"id": request_id})
    context = {
        "r": found.request,
        "page": found,
        "acts": answers.cited_acts(repo.engine, request_id, with_text=True),
        "sources": [(s, answers.describe_source(s)) for s in found.sources],
        "today": clock(repo).today(),
    }
    return Template("desk/print.html", context=context)


@get("/staff/desk/suggest", name="desk_suggest", **staff(*FILERS))
async def desk_suggest(repo: Repo, q: Words = "", exclude: Exclude = None) -> dict[str, Any]:
    """While a question is typed: answered requests much like it and the acts the index
    finds for it (JSON for static/desk.js)."""
    similar = suggestions.similar_requests(repo.engine, q, exclude=exclude)
    acts = suggestions.likely_acts(repo.engine, repo.index, q, SUGGESTED)
    return {
        "requests": [{"id": s.id, "code": s.code, "question": s.question[:300]} for s in similar],
        "acts": [
            {
                "id": a.id,
                "heading": act_heading(a.doc_type, a.date_adopted, a.number),
                "title": a.title or "",
                "issuer": a.issuer or "",
            }
            for a in acts
        ],
    }


ROUTES = [
    desk,
    desk_create,
    desk_request,
    desk_request_edit,
    desk_status,
    desk_assign,
    desk_answer,
    desk_cite,
    desk_uncite,
    desk_source,
    desk_source_remove,
    desk_flags_clear,
    desk_print,
    desk_suggest,
]
