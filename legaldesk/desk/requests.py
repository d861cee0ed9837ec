"""Requests at the reference desk: filing one (with its code and deadline), changing it,
moving its status, assigning it, and the lists the desk works from.

Every function is one transaction, and every change writes its line of history in it
(legaldesk/desk/history.py). Ways in other than the desk's form call the same
:func:`create_request`: :func:`ask_as_employee` (the employee's workspace) and
:func:`ask_from_website` (the public form and API, legaldesk/desk/website.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import case, func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk import days
from legaldesk.config import Settings
from legaldesk.db import session_scope
from legaldesk.desk import calendar, codes, deadlines, history, notices
from legaldesk.desk.rows import DeskError, fold
from legaldesk.desk.rows import get_row as _get
from legaldesk.desk.rows import search_text as _search_text
from legaldesk.desk.vocabulary import (
    CATEGORIES,
    CHANNELS,
    DONE,
    EFFORTS,
    KINDS,
    OPEN,
    PRIORITIES,
    STATUSES,
    TRANSITIONS,
    UNKNOWN_CATEGORY,
    UNKNOWN_CHANNEL,
    UNKNOWN_KIND,
    UNKNOWN_PRIORITY,
    UNKNOWN_STATUS,
)
from legaldesk.messages import Msg
from legaldesk.models import (
    Answer,
    Branch,
    CitedAct,
    DeskRequest,
    Requester,
    RequestRubric,
    ReviewFlag,
    Rubric,
    User,
)
from legaldesk.models.base import utcnow
from legaldesk.typed import keepable

MAX_QUESTION = 20_000
DESK_ROLES = ("admin", "librarian")  # who takes requests and may be assigned one


@dataclass(frozen=True)
class Clock:
    """The library's time: its zone and when the desk closes (deadlines and «today»)."""

    zone: tzinfo
    closes_at: time

    @classmethod
    def of(cls, settings: Settings) -> Clock:
        return cls(settings.zone, settings.closes_at)

    def today(self) -> date:
        return datetime.now(self.zone).date()


@dataclass(frozen=True, kw_only=True)
class Intake:
    """A request as it is taken. The defaults are the desk's commonest case: a resident's
    thematic question by phone, received now."""

    question: str
    channel: str = "phone"
    category: str = "resident"
    kind: str = "thematic"
    received_at: datetime | None = None
    priority: str = "normal"
    effort: int | None = None
    branch_id: int | None = None
    assignee_id: int | None = None
    rubrics: tuple[str, ...] = ()
    requester_name: str | None = None
    requester_contact: str | None = None
    requester_user_id: int | None = None


def _clean(text: str | None, limit: int) -> str | None:
    if text is None:
        return None
    cleaned = " ".join(keepable(text).split())[:limit]
    return cleaned or None


def _question(text: str) -> str:
    # Line breaks are kept: a letter's paragraphs are the requester's own.
    # Control characters out: a NUL from an API caller made PostgreSQL refuse the row.
    text = keepable(text)
    kept = "\n".join(" ".join(line.split()) for line in text.strip().splitlines()).strip()
    if not kept:
        raise DeskError(Msg("the question is empty"))
    if len(kept) > MAX_QUESTION:
        raise DeskError(Msg("the question is longer than %(n)d characters", n=MAX_QUESTION))
    return kept


def _check_code(value: str, known: Mapping[str, str], refusal: str) -> str:
    """``value`` if it is one of ``known``, else refused with ``refusal`` (a Msg template
    with %(code)s)."""
    if value not in known:
        raise DeskError(Msg(refusal, code=value))
    return value


class TransitionError(DeskError):
    """A status the request's present one does not lead to (vocabulary.TRANSITIONS)."""

    def __init__(self, before: str, after: str) -> None:
        super().__init__(
            Msg("a request that is %(from)s cannot become %(to)s", **{"from": before, "to": after})
        )
        self.before, self.after = before, after


def _check_effort(value: int | None) -> int | None:
    if value is not None and value not in EFFORTS:
        raise DeskError(Msg("the effort is 1 to 6 on the READ scale"))
    return value


def _check_branch(session: Session, branch_id: int | None) -> int | None:
    if branch_id is not None and session.get(Branch, branch_id) is None:
        raise DeskError(Msg("no branch %(id)s", id=branch_id))
    return branch_id


def _check_assignee(session: Session, user_id: int | None) -> int | None:
    if user_id is None:
        return None
    user = session.get(User, user_id)
    if user is None or not user.active or user.role not in DESK_ROLES:
        raise DeskError(Msg("user %(id)s does not work at the desk", id=user_id))
    return user_id


def _rubric_ids(session: Session, codes_: Sequence[str]) -> list[int]:
    wanted = list(dict.fromkeys(c for c in codes_ if c))
    if not wanted:
        return []
    found = dict(
        session.exec(select(Rubric.code, Rubric.id).where(col(Rubric.code).in_(wanted))).all()
    )
    missing = [c for c in wanted if c not in found]
    if missing:
        raise DeskError(Msg("no heading %(code)s", code=", ".join(missing)))
    return [int(found[c] or 0) for c in wanted]


def _aware(moment: datetime, clock: Clock) -> datetime:
    # A time typed at the desk has no zone: it is the library's.
    return moment.replace(tzinfo=clock.zone) if moment.tzinfo is None else moment


def _received(moment: datetime, clock: Clock) -> datetime:
    """When a request came in, as typed or now: not in the future, and not before the
    desk's first year — «0024» for «2024» is a slip of the keyboard, and year 1 in the
    library's zone is before UTC's first moment (the database refused it)."""
    received = _aware(moment, clock)
    if received.year < FIRST_YEAR:
        raise DeskError(Msg("a request cannot be received before %(year)d", year=FIRST_YEAR))
    if received > utcnow() + _SLACK:
        raise DeskError(Msg("the request cannot be received in the future"))
    return received


def _deadline(
    session: Session, engine: Engine, request: DeskRequest, clock: Clock
) -> deadlines.Deadline:
    rule = deadlines.rule_for(session, request.channel, request.category)
    return deadlines.compute(
        request.received_at, rule, calendar.load(engine), clock.zone, clock.closes_at
    )


Filed = Callable[[Session, DeskRequest], None]


def create_request(
    engine: Engine, intake: Intake, actor: str, clock: Clock, also: Filed | None = None
) -> DeskRequest:
    """File a request: its code, its deadline, its requester apart, its first history line.
    ``also`` writes what a way in adds to the request (the website's private link and
    e-mail), in the same transaction."""
    question = _question(intake.question)
    received = _received(intake.received_at or utcnow(), clock)
    with session_scope(engine) as session:
        request = DeskRequest(
            code="",
            year=received.astimezone(clock.zone).year,
            seq=0,
            received_at=received,
            channel=_check_code(intake.channel, CHANNELS, UNKNOWN_CHANNEL),
            category=_check_code(intake.category, CATEGORIES, UNKNOWN_CATEGORY),
            question=question,
            kind=_check_code(intake.kind, KINDS, UNKNOWN_KIND),
            priority=_check_code(intake.priority, PRIORITIES, UNKNOWN_PRIORITY),
            effort=_check_effort(intake.effort),
            branch_id=_check_branch(session, intake.branch_id),
            assignee_id=_check_assignee(session, intake.assignee_id),
            requester_user_id=intake.requester_user_id,
            status="new",
            due_on=date.min,
            search_text=fold(question),
            created_by=actor[:128],
        )
        rubric_ids = _rubric_ids(session, intake.rubrics)
        found = _deadline(session, engine, request, clock)
        request.due_on, request.deadline = found.due, found.steps
        request.seq = codes.take_number(session, request.year)
        request.code = codes.format_code(request.year, request.seq)
        session.add(request)
        session.flush()
        assert request.id is not None
        name = _clean(intake.requester_name, 255)
        contact = _clean(intake.requester_contact, 255)
        if name or contact:
            session.add(Requester(request_id=request.id, name=name, contact=contact))
        for rubric_id in rubric_ids:
            session.add(RequestRubric(request_id=request.id, rubric_id=rubric_id))
        history.record(
            session,
            request.id,
            actor,
            "created",
            [{"field": "code", "before": None, "after": request.code}],
        )
        if also is not None:
            also(session, request)
        session.flush()
        session.expunge(request)
        return request


_SLACK = timedelta(minutes=5)  # a desk computer's clock a little ahead of the server's
FIRST_YEAR = 1990  # the desk's first year: requests, their statistics and their codes


def ask_as_employee(
    engine: Engine, user: User, question: str, clock: Clock, rubrics: tuple[str, ...] = ()
) -> DeskRequest:
    """An employee of the municipality asks from their workspace: they are the requester,
    and they follow the request there."""
    intake = Intake(
        question=question,
        channel="internal",
        category="municipal_employee",
        kind="thematic",
        rubrics=rubrics,
        requester_name=user.display_name or user.username,
        requester_user_id=user.id,
    )
    return create_request(engine, intake, f"web:{user.username}", clock)


def ask_from_website(
    engine: Engine,
    question: str,
    clock: Clock,
    category: str = "resident",
    name: str | None = None,
    contact: str | None = None,
    branch_id: int | None = None,
    also: Filed | None = None,
) -> DeskRequest:
    """A question from the public form on the website: the seam the public side calls
    (legaldesk/desk/website.py, which hands ``also`` its link and e-mail)."""
    intake = Intake(
        question=question,
        channel="website",
        category=category,
        requester_name=name,
        requester_contact=contact,
        branch_id=branch_id,
    )
    return create_request(engine, intake, "website", clock, also)


# -- changing ----------------------------------------------------------------------------

# What a librarian edits on the request page; personal data is marked so its values never
# reach the history (they are erased later, the history stays).
EDITABLE = (
    "question",
    "channel",
    "category",
    "kind",
    "received_at",
    "priority",
    "effort",
    "branch_id",
    "rubrics",
    "requester_name",
    "requester_contact",
)
PERSONAL = ("requester_name", "requester_contact")


def _rubric_codes(session: Session, request_id: int) -> list[str]:
    return list(
        session.exec(
            select(Rubric.code)
            .join(RequestRubric, col(RequestRubric.rubric_id) == col(Rubric.id))
            .where(RequestRubric.request_id == request_id)
            .order_by(col(Rubric.position))
        ).all()
    )


def update_request(
    engine: Engine, request_id: int, values: Mapping[str, Any], actor: str, clock: Clock
) -> list[dict[str, Any]]:
    """Change the given fields (any of ``EDITABLE``); the deadline follows a change of
    receipt, channel or category. Returns the changes as the history holds them."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise DeskError(Msg("these fields cannot be changed: %(names)s", names=", ".join(unknown)))
    with session_scope(engine) as session:
        request = _get(session, request_id)
        requester = session.get(Requester, request_id)
        before: dict[str, Any] = {
            "question": request.question,
            "channel": request.channel,
            "category": request.category,
            "kind": request.kind,
            "received_at": request.received_at,
            "priority": request.priority,
            "effort": request.effort,
            "branch_id": request.branch_id,
            "rubrics": _rubric_codes(session, request_id),
            "requester_name": requester.name if requester else None,
            "requester_contact": requester.contact if requester else None,
        }
        after = dict(before)
        for name, value in values.items():
            if name == "question":
                value = _question(str(value))
            elif name == "channel":
                value = _check_code(str(value), CHANNELS, UNKNOWN_CHANNEL)
            elif name == "category":
                value = _check_code(str(value), CATEGORIES, UNKNOWN_CATEGORY)
            elif name == "kind":
                value = _check_code(str(value), KINDS, UNKNOWN_KIND)
            elif name == "priority":
                value = _check_code(str(value), PRIORITIES, UNKNOWN_PRIORITY)
            elif name == "effort":
                value = _check_effort(value)
            elif name == "branch_id":
                value = _check_branch(session, value)
            elif name == "received_at":
                value = _received(value, clock)
            elif name == "rubrics":
                value = [c for c in dict.fromkeys(value) if c]
                _rubric_ids(session, value)
            elif name in PERSONAL:
                value = _clean(value, 255)
            after[name] = value
        changed = history.diff(before, after)
        if not changed:
            return []
        names = {c["field"] for c in changed}
        for name in names - {"rubrics", *PERSONAL}:
            setattr(request, name, after[name])
        if "question" in names:
            request.search_text = _search_text(session, request)
        if "rubrics" in names:
            for link in session.exec(
                select(RequestRubric).where(RequestRubric.request_id == request_id)
            ).all():
                session.delete(link)
            session.flush()
            for rubric_id in _rubric_ids(session, after["rubrics"]):
                session.add(RequestRubric(request_id=request_id, rubric_id=rubric_id))
        if names & set(PERSONAL):
            if requester is None:
                requester = Requester(request_id=request_id)
            requester.name, requester.contact = after["requester_name"], after["requester_contact"]
            session.add(requester)
        if names & {"received_at", "channel", "category"}:
            due_before = request.due_on
            found = _deadline(session, engine, request, clock)
            request.due_on, request.deadline = found.due, found.steps
            if found.due != due_before:
                changed.append(
                    {
                        "field": "due_on",
                        "before": due_before.isoformat(),
                        "after": found.due.isoformat(),
                    }
                )
        for change in changed:
            if change["field"] in PERSONAL:  # that it changed, never what it was or is
                change["before"] = change["after"] = None
                change["personal"] = True
        request.updated_at = utcnow()
        session.add(request)
        history.record(session, request_id, actor, "changed", changed)
        return changed


def set_status(
    engine: Engine,
    request_id: int,
    status: str,
    actor: str,
    user_id: int | None = None,
    site: notices.Site | None = None,
) -> DeskRequest:
    """Move the request to ``status`` if its present one allows it. Taking it into work
    assigns it to the one who did, when nobody has it; an answer needs its text or a cited
    act. A resident who asked on the website for an answer by e-mail is told it is answered
    (``site`` writes the e-mail), in the same transaction."""
    _check_code(status, STATUSES, UNKNOWN_STATUS)
    with session_scope(engine) as session:
        request = _get(session, request_id)
        if status == request.status:
            session.expunge(request)
            return request
        if status not in TRANSITIONS[request.status]:
            raise TransitionError(request.status, status)
        changed: list[dict[str, Any]] = [
            {"field": "status", "before": request.status, "after": status}
        ]
        if status == "answered":
            answer = session.get(Answer, request_id)
            cited = session.exec(
                select(CitedAct.id).where(CitedAct.request_id == request_id)
            ).first()
            if (answer is None or not answer.text.strip()) and cited is None:
                raise DeskError(Msg("write the answer or cite an act before answering"))
            request.answered_at = utcnow()
        if status in ("closed", "cancelled"):  # it ended: its personal data starts to age
            request.closed_at = utcnow()
        if status == "in_progress" and request.assignee_id is None and user_id is not None:
            with session.no_autoflush:
                request.assignee_id = _check_assignee(session, user_id)
            changed.append({"field": "assignee_id", "before": None, "after": user_id})
        request.status = status
        request.updated_at = utcnow()
        session.add(request)
        history.record(session, request_id, actor, "status", changed)
        if status == "answered":
            notices.send_answered(session, request, site)
        session.flush()
        session.expunge(request)
        return request


def assign(engine: Engine, request_id: int, user_id: int | None, actor: str) -> None:
    with session_scope(engine) as session:
        request = _get(session, request_id)
        user_id = _check_assignee(session, user_id)
        if request.assignee_id == user_id:
            return
        changed = [{"field": "assignee_id", "before": request.assignee_id, "after": user_id}]
        request.assignee_id = user_id
        request.updated_at = utcnow()
        session.add(request)
        history.record(session, request_id, actor, "assigned", changed)


# -- reading -----------------------------------------------------------------------------

LISTS = ("mine", "unassigned", "due_today", "overdue", "flagged", "all")


@dataclass(frozen=True)
class RequestRow:
    id: int
    code: str
    received_at: datetime
    channel: str
    category: str
    kind: str
    priority: str
    status: str
    question: str
    due_on: date
    assignee: str | None
    flags: int
    overdue: bool
    due_today: bool


@dataclass(frozen=True)
class RequestFilter:
    which: str = "all"
    user_id: int | None = None  # whose «mine»
    text: str = ""  # words of the question or the answer, all of them
    status: str = ""
    channel: str = ""
    requester_user_id: int | None = None  # an employee's own requests
    received_from: date | None = None
    received_to: date | None = None
    limit: int = 50
    offset: int = 0


def _like(word: str) -> str:
    return "%" + re.sub(r"([\\%_])", r"\\\1", word) + "%"


def _open_flags() -> Any:
    return (
        select(ReviewFlag.request_id, func.count().label("n"))
        .where(col(ReviewFlag.cleared_at).is_(None))
        .group_by(col(ReviewFlag.request_id))
        .subquery()
    )


def _filtered(query: Any, wanted: RequestFilter, today: date, flags: Any, clock: Clock) -> Any:
    which = wanted.which
    if which == "mine":
        query = query.where(col(DeskRequest.assignee_id) == wanted.user_id).where(
            col(DeskRequest.status).in_(OPEN)
        )
    elif which == "unassigned":
        query = query.where(col(DeskRequest.assignee_id).is_(None)).where(
            col(DeskRequest.status).in_(OPEN)
        )
    elif which == "due_today":
        query = query.where(col(DeskRequest.due_on) == today).where(
            col(DeskRequest.status).in_(OPEN)
        )
    elif which == "overdue":
        query = query.where(col(DeskRequest.due_on) < today).where(
            col(DeskRequest.status).in_(OPEN)
        )
    elif which == "flagged":
        query = query.where(flags.c.n > 0)
    if wanted.status:
        query = query.where(col(DeskRequest.status) == wanted.status)
    if wanted.channel:
        query = query.where(col(DeskRequest.channel) == wanted.channel)
    if wanted.requester_user_id is not None:
        query = query.where(col(DeskRequest.requester_user_id) == wanted.requester_user_id)
    if wanted.received_from is not None:
        start = days.start_of(wanted.received_from, clock.zone)
        query = query.where(col(DeskRequest.received_at) >= start)
    if wanted.received_to is not None:
        end = days.end_of(wanted.received_to, clock.zone)
        query = query.where(col(DeskRequest.received_at) <= end)
    for word in fold(wanted.text).split()[:8]:
        query = query.where(col(DeskRequest.search_text).like(_like(word), escape="\\"))
    return query


def list_requests(
    engine: Engine, wanted: RequestFilter, clock: Clock
) -> tuple[list[RequestRow], int]:
    """A page of requests and how many there are in all. Open ones by deadline (the most
    urgent first), the rest newest first."""
    if wanted.which not in LISTS:
        raise DeskError(Msg("no list %(name)s", name=wanted.which))
    today = clock.today()
    flags = _open_flags()
    assignee = select(User.id, User.username, User.display_name).subquery()
    with Session(engine) as session:
        total = session.exec(
            _filtered(
                select(func.count())
                .select_from(DeskRequest)
                .outerjoin(flags, flags.c.request_id == col(DeskRequest.id)),
                wanted,
                today,
                flags,
                clock,
            )
        ).one()
        still_open = col(DeskRequest.status).in_(OPEN)
        query = _filtered(
            select(DeskRequest, flags.c.n, assignee.c.username, assignee.c.display_name)
            .outerjoin(flags, flags.c.request_id == col(DeskRequest.id))
            .outerjoin(assignee, assignee.c.id == col(DeskRequest.assignee_id)),
            wanted,
            today,
            flags,
            clock,
        ).order_by(
            case((still_open, 0), else_=1),  # open requests first, by deadline
            case((still_open, col(DeskRequest.due_on)), else_=None),
            col(DeskRequest.id).desc(),
        )
        rows = session.exec(query.offset(wanted.offset).limit(wanted.limit)).all()
    out = []
    for request, n, username, display in rows:
        assert request.id is not None
        is_open = request.status in OPEN
        out.append(
            RequestRow(
                id=request.id,
                code=request.code,
                received_at=request.received_at,
                channel=request.channel,
                category=request.category,
                kind=request.kind,
                priority=request.priority,
                status=request.status,
                question=request.question,
                due_on=request.due_on,
                assignee=(display or username) if username else None,
                flags=int(n or 0),
                overdue=is_open and request.due_on < today,
                due_today=is_open and request.due_on == today,
            )
        )
    return out, int(total)


def list_counts(engine: Engine, user_id: int | None, clock: Clock) -> dict[str, int]:
    """How many requests each of the desk's lists holds (the tabs' numbers)."""
    return {
        which: list_requests(engine, RequestFilter(which=which, user_id=user_id, limit=1), clock)[1]
        for which in LISTS
    }


@dataclass(frozen=True)
class RequestPage:
    """Everything the request page shows."""

    request: DeskRequest
    requester: Requester | None
    rubrics: list[str]  # codes
    branch: str | None
    assignee: User | None
    requester_user: User | None
    answer: Answer | None
    acts: list[Any]  # answers.CitedActView
    sources: list[Any]  # CitedSource
    flags: list[ReviewFlag]  # not cleared
    events: list[Any] = field(default_factory=list)

    @property
    def overdue_on(self) -> date | None:
        return self.request.due_on if self.request.status in OPEN else None


def get_request(engine: Engine, request_id: int) -> RequestPage | None:
    from legaldesk.desk import answers

    with Session(engine) as session:
        request = session.get(DeskRequest, request_id)
        if request is None:
            return None
        requester = session.get(Requester, request_id)
        branch = session.get(Branch, request.branch_id) if request.branch_id else None
        assignee = session.get(User, request.assignee_id) if request.assignee_id else None
        asker = session.get(User, request.requester_user_id) if request.requester_user_id else None
        answer = session.get(Answer, request_id)
        flags = session.exec(
            select(ReviewFlag)
            .where(ReviewFlag.request_id == request_id, col(ReviewFlag.cleared_at).is_(None))
            .order_by(col(ReviewFlag.id))
        ).all()
        rubrics = _rubric_codes(session, request_id)
        for row in (request, requester, branch, assignee, asker, answer, *flags):
            if row is not None:
                session.expunge(row)
    return RequestPage(
        request=request,
        requester=requester,
        rubrics=rubrics,
        branch=branch.name if branch else None,
        assignee=assignee,
        requester_user=asker,
        answer=answer,
        acts=answers.cited_acts(engine, request_id),
        sources=answers.cited_sources(engine, request_id),
        flags=list(flags),
        events=history.events(engine, request_id),
    )


def desk_staff(engine: Engine) -> list[User]:
    """Who may be assigned a request: active librarians and administrators."""
    with Session(engine) as session:
        return list(
            session.exec(
                select(User)
                .where(col(User.role).in_(DESK_ROLES), col(User.active))
                .order_by(col(User.username))
            ).all()
        )


def branches(engine: Engine, active_only: bool = True) -> list[Branch]:
    with Session(engine) as session:
        query = select(Branch).order_by(col(Branch.position), col(Branch.name))
        if active_only:
            query = query.where(col(Branch.active))
        return list(session.exec(query).all())


def add_branch(engine: Engine, name: str, actor: str) -> Branch:
    from legaldesk.models import AuditEvent

    cleaned = _clean(name, 255)
    if not cleaned:
        raise DeskError(Msg("a branch needs a name"))
    with session_scope(engine) as session:
        if session.exec(select(Branch).where(Branch.name == cleaned)).first():
            raise DeskError(Msg("branch %(name)s exists already", name=cleaned))
        last = session.exec(select(func.max(Branch.position))).one()
        branch = Branch(name=cleaned, position=(last or 0) + 1)
        session.add(branch)
        session.add(AuditEvent(actor=actor, action="branch_added", detail={"name": cleaned}))
        session.flush()
        session.expunge(branch)
        return branch


def set_branch_active(engine: Engine, branch_id: int, active: bool, actor: str) -> None:
    from legaldesk.models import AuditEvent

    with session_scope(engine) as session:
        branch = session.get(Branch, branch_id)
        if branch is None:
            raise DeskError(Msg("no branch %(id)s", id=branch_id))
        branch.active = active
        session.add(branch)
        session.add(
            AuditEvent(
                actor=actor,
                action="branch_changed",
                detail={"name": branch.name, "active": active},
            )
        )


__all__ = [
    "DONE",
    "OPEN",
    "Clock",
    "DeskError",
    "Intake",
    "RequestFilter",
    "RequestPage",
    "RequestRow",
    "ask_as_employee",
    "ask_from_website",
    "assign",
    "create_request",
    "get_request",
    "list_requests",
    "set_status",
    "update_request",
]
