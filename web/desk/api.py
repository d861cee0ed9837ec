"""The requests in JSON, for the staff who work the desk (the same guard as its pages):
list with filters, one request, file one, move its status, write its answer. A write from a
signed-in browser carries the CSRF token in the X-CSRF-Token header, as every form does."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from litestar import get, post, put
from litestar.exceptions import ClientException, NotFoundException
from litestar.params import Body, QueryParameter

from legaldesk.desk import answers, privacy
from legaldesk.desk.requests import (
    Clock,
    DeskError,
    Intake,
    RequestFilter,
    RequestPage,
    create_request,
    get_request,
    list_requests,
    set_status,
)
from legaldesk.models import User
from legaldesk.repository import Repository
from legaldesk.web.ask.letters import site
from legaldesk.web.auth.guard import FILERS, StaffUser, staff
from legaldesk.web.desk import views
from legaldesk.web.desk.pages import error_text
from legaldesk.web.desk.schemas import (
    AnswerIn,
    AnswerOut,
    CitedActOut,
    CitedSourceOut,
    FlagOut,
    RequestDetailOut,
    RequesterOut,
    RequestIn,
    RequestListOut,
    RequestOut,
    Status,
    StatusIn,
)
from legaldesk.web.params import Id
from legaldesk.web.schemas import errors
from legaldesk.web.state import Repo

STAFF_ERRORS = errors(401, 403)
PER_PAGE = 50


def _exists(repo: Repository, request_id: int) -> None:
    if get_request(repo.engine, request_id) is None:
        raise NotFoundException(f"request {request_id} not found")


def _detail(repo: Repository, request_id: int, user: User) -> RequestDetailOut:
    """The request as the API answers it; an answer carrying the requester's name or
    contact is recorded in the audit trail."""
    found: RequestPage | None = get_request(repo.engine, request_id)
    if found is None:
        raise NotFoundException(f"request {request_id} not found")
    if privacy.has_personal_data(found.requester):
        privacy.audit_access(repo.engine, [found.request], f"api:{user.username}", "api")
    r = found.request
    assert r.id is not None
    today = Clock.of(repo.settings).today()
    return RequestDetailOut(
        id=r.id,
        code=r.code,
        received_at=r.received_at,
        channel=r.channel,
        category=r.category,
        kind=r.kind,
        priority=r.priority,
        status=r.status,
        question=r.question,
        due_on=r.due_on,
        assignee=(found.assignee.display_name or found.assignee.username)
        if found.assignee
        else None,
        flags=len(found.flags),
        overdue=r.status in ("new", "in_progress", "waiting") and r.due_on < today,
        effort=r.effort,
        branch=found.branch,
        rubrics=found.rubrics,
        requester=RequesterOut(name=found.requester.name, contact=found.requester.contact)
        if found.requester
        else None,
        deadline=r.deadline,
        deadline_text=views.deadline_text(r.deadline),
        answer=AnswerOut(
            text=found.answer.text,
            delivery=found.answer.delivery,
            printed_pages=found.answer.printed_pages,
            minutes_spent=found.answer.minutes_spent,
            updated_at=found.answer.updated_at,
        )
        if found.answer
        else None,
        acts=[
            CitedActOut(
                document_id=a.document_id,
                version_id=a.version_id,
                version_n=a.version_n,
                current=a.current,
                doc_type=a.doc_type,
                number=a.number,
                date_adopted=a.date_adopted,
                title=a.title,
                issuer=a.issuer,
            )
            for a in found.acts
        ],
        sources=[
            CitedSourceOut(
                source_type=s.source_type,
                author=s.author,
                title=s.title,
                container=s.container,
                year=s.year,
                issue=s.issue,
                pages=s.pages,
                url=s.url,
                accessed_on=s.accessed_on,
                description=answers.describe_source(s),
            )
            for s in found.sources
        ],
        open_flags=[
            FlagOut(
                id=f.id or 0,
                kind=f.kind,
                document_id=f.document_id,
                raised_at=f.raised_at,
                text=views.flag_text(f),
            )
            for f in found.flags
        ],
    )


@get("/api/v1/requests", name="api_requests", responses=STAFF_ERRORS, **staff(*FILERS))
async def api_requests(
    repo: Repo,
    user: StaffUser,
    list_: Annotated[
        Literal["all", "mine", "unassigned", "due_today", "overdue", "flagged"],
        QueryParameter(name="list", description="Which of the desk's lists"),
    ] = "all",
    q: Annotated[
        str, QueryParameter(description="Words of the question or answer", max_length=500)
    ] = "",
    status: Annotated[Status | None, QueryParameter()] = None,
    channel: Annotated[
        Literal["in_person", "phone", "email", "letter", "website", "internal"] | None,
        QueryParameter(),
    ] = None,
    received_from: Annotated[
        date | None, QueryParameter(description="Received on or after")
    ] = None,
    received_to: Annotated[date | None, QueryParameter(description="Received on or before")] = None,
    page: Annotated[int, QueryParameter(ge=1, le=10_000)] = 1,
) -> RequestListOut:
    """Requests of the reference desk, open ones by deadline first (staff only)."""
    rows, total = list_requests(
        repo.engine,
        RequestFilter(
            which=list_,
            user_id=user.id,
            text=q,
            status=status or "",
            channel=channel or "",
            received_from=received_from,
            received_to=received_to,
            limit=PER_PAGE,
            offset=(page - 1) * PER_PAGE,
        ),
        Clock.of(repo.settings),
    )
    return RequestListOut(
        total=total,
        offset=(page - 1) * PER_PAGE,
        limit=PER_PAGE,
        items=[
            RequestOut(
                id=r.id,
                code=r.code,
                received_at=r.received_at,
                channel=r.channel,
                category=r.category,
                kind=r.kind,
                priority=r.priority,
                status=r.status,
                question=r.question,
                due_on=r.due_on,
                assignee=r.assignee,
                flags=r.flags,
                overdue=r.overdue,
            )
            for r in rows
        ],
    )


@get(
    "/api/v1/requests/{request_id:int}",
    name="api_request",
    responses={**STAFF_ERRORS, **errors(404)},
    **staff(*FILERS),
)
async def api_request(repo: Repo, user: StaffUser, request_id: Id) -> RequestDetailOut:
    """One request: its deadline and how it was computed, the answer, the acts cited (the
    exact versions), other sources, and the flags on acts changed since."""
    return _detail(repo, request_id, user)


@post("/api/v1/requests", name="api_request_create", responses=STAFF_ERRORS, **staff(*FILERS))
async def api_request_create(
    repo: Repo, user: StaffUser, data: Annotated[RequestIn, Body()]
) -> RequestDetailOut:
    """File a request (defaults as at the desk: a resident's thematic question by phone,
    received now); ``cite`` cites acts' current versions at once."""
    actor = f"api:{user.username}"
    try:
        filed = create_request(
            repo.engine,
            Intake(
                question=data.question,
                channel=data.channel,
                category=data.category,
                kind=data.kind,
                priority=data.priority,
                received_at=data.received_at,
                effort=data.effort,
                rubrics=tuple(data.rubrics),
                requester_name=data.requester_name,
                requester_contact=data.requester_contact,
                assignee_id=data.assignee_id,
                branch_id=data.branch_id,
            ),
            actor,
            Clock.of(repo.settings),
        )
        assert filed.id is not None
        for document_id in data.cite:
            answers.cite_act(repo.engine, filed.id, document_id, actor)
    except DeskError as exc:
        raise ClientException(error_text(exc)) from None
    return _detail(repo, filed.id, user)


@post(
    "/api/v1/requests/{request_id:int}/status",
    name="api_request_status",
    responses={**STAFF_ERRORS, **errors(404)},
    status_code=200,
    **staff(*FILERS),
)
async def api_request_status(
    repo: Repo, user: StaffUser, request_id: Id, data: Annotated[StatusIn, Body()]
) -> RequestDetailOut:
    """Move the request's status (new → in_progress → waiting → answered → closed, or
    cancelled); a move its status does not allow is refused with 400."""
    _exists(repo, request_id)  # 404 before 400
    try:
        set_status(
            repo.engine, request_id, data.status, f"api:{user.username}", user.id, site(repo)
        )
    except DeskError as exc:
        raise ClientException(error_text(exc)) from None
    return _detail(repo, request_id, user)


@put(
    "/api/v1/requests/{request_id:int}/answer",
    name="api_request_answer",
    responses={**STAFF_ERRORS, **errors(404)},
    **staff(*FILERS),
)
async def api_request_answer(
    repo: Repo, user: StaffUser, request_id: Id, data: Annotated[AnswerIn, Body()]
) -> RequestDetailOut:
    """Write the answer (its status is moved apart, through /status)."""
    _exists(repo, request_id)
    try:
        answers.save_answer(
            repo.engine,
            request_id,
            data.text,
            data.delivery,
            data.printed_pages,
            data.minutes_spent,
            f"api:{user.username}",
        )
    except DeskError as exc:
        raise ClientException(error_text(exc)) from None
    return _detail(repo, request_id, user)


ROUTES = [api_requests, api_request, api_request_create, api_request_status, api_request_answer]
