"""Residents' personal data at the desk: who may see it, how long it is kept, what a person
may ask for (everything held about them, and its erasure), and the trail of every look.

What counts: the requester's name and contact (``desk_requester``, kept apart from the
request so it can go alone — any column of personal data added later belongs there) and
the e-mails queued to them about the request (``mail_outbox`` rows whose ``ref`` is
``request:<id>``). An employee's account (``requester_user_id``) is how they follow their
own requests, not a person's contact, and stays.

- **Expiry.** :func:`expire` removes them a set time (``LEGALDESK_DESK_PERSONAL_DATA_DAYS``)
  after the request ended — closed or cancelled (``closed_at``). A request reopened since
  is not ended. Idempotent: a second run finds nothing. Every count of the statistics is
  made from ``desk_request`` and stays.
- **On a person's request.** :func:`find_people` finds their requests by name or contact,
  :func:`export_person` gathers everything held about them, :func:`erase` removes the
  name and contact, and the question text unless a librarian confirms it holds no
  personal data (else it becomes «[удалено по запросу]»), the same for the answer's text.
- **The trail.** Each of these, and every look at a request's name or contact by staff
  (its page, the API, ``legaldesk requests show``, a search for a person, an export), is an
  ``audit_event`` (:func:`record_access`) naming the request, never the values; the
  request's history says that personal data was removed, never what it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.db import session_scope
from legaldesk.desk import history
from legaldesk.desk.requests import fold
from legaldesk.models import (
    Answer,
    AuditEvent,
    CitedSource,
    DeskRequest,
    OutboxMessage,
    Requester,
    RequestEvent,
    WebsiteRequest,
)
from legaldesk.models.base import utcnow

ERASED_TEXT = "[удалено по запросу]"
ENDED = ("closed", "cancelled")
# What the audit trail calls each way personal data was seen.
VIA = ("page", "api", "cli", "person_search", "export_json", "export_page")
MIN_DIGITS = 6  # a query with this many digits is also looked for among phone numbers


def mail_ref(request_id: int) -> str:
    """How the outbox names e-mails about a request (legaldesk/mail)."""
    return f"request:{request_id}"


def has_personal_data(requester: Requester | None) -> bool:
    return requester is not None and bool(requester.name or requester.contact)


def record_access(
    session: Session, requests: Iterable[DeskRequest | PersonMatch], actor: str, via: str
) -> None:
    """One audit event per request whose name or contact was shown, in the caller's
    transaction: who, when, which request, how — never the values."""
    if via not in VIA:
        raise ValueError(f"unknown way of access {via!r}: add it to privacy.VIA")
    for request in requests:
        request_id = request.id if isinstance(request, DeskRequest) else request.request_id
        session.add(
            AuditEvent(
                actor=actor[:128],
                action="personal_data_viewed",
                detail={"request": request_id, "code": request.code, "via": via},
            )
        )


def audit_access(
    engine: Engine, requests: Iterable[DeskRequest | PersonMatch], actor: str, via: str
) -> None:
    """:func:`record_access` in a transaction of its own (a page view, an API answer)."""
    shown = list(requests)
    if shown:
        with session_scope(engine) as session:
            record_access(session, shown, actor, via)


# -- expiry --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Removed:
    request_id: int
    code: str
    closed_at: datetime
    status: str
    messages: int  # e-mails about the request removed from the outbox


def _remove(session: Session, request: DeskRequest, actor: str, reason: str, **detail: Any) -> int:
    """Remove a request's requester row and its outbox mail; its history says so."""
    assert request.id is not None
    requester = session.get(Requester, request.id)
    if requester is not None:
        session.delete(requester)
    gone = session.exec(
        select(OutboxMessage.id).where(OutboxMessage.ref == mail_ref(request.id))
    ).all()
    if gone:
        session.execute(delete(OutboxMessage).where(col(OutboxMessage.id).in_(gone)))
    history.record(
        session,
        request.id,
        actor,
        "personal_data_removed",
        [{"field": "requester", "before": None, "after": None, "reason": reason, **detail}],
    )
    return len(gone)


def expire(
    engine: Engine, days: int, now: datetime | None = None, actor: str = "expiry"
) -> list[Removed]:
    """Remove the personal data of requests that ended ``days`` ago or more: closed or
    cancelled at or before ``now - days``. Nothing else of the request changes."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    removed: list[Removed] = []
    with session_scope(engine) as session:
        # Only requests that still hold something: the query does not grow with the years.
        holding = set(session.exec(select(Requester.request_id)).all())
        for ref in session.exec(
            select(OutboxMessage.ref).where(col(OutboxMessage.ref).like("request:%"))
        ).all():
            if ref and ref.removeprefix("request:").isdigit():
                holding.add(int(ref.removeprefix("request:")))
        candidates = session.exec(
            select(DeskRequest)
            .where(
                col(DeskRequest.id).in_(sorted(holding)),
                col(DeskRequest.status).in_(ENDED),
                col(DeskRequest.closed_at).is_not(None),
                col(DeskRequest.closed_at) <= cutoff,
            )
            .order_by(col(DeskRequest.closed_at), col(DeskRequest.id))
        ).all()
        for request in candidates:
            assert request.id is not None and request.closed_at is not None
            messages = _remove(session, request, actor, "expired", days=days)
            removed.append(
                Removed(request.id, request.code, request.closed_at, request.status, messages)
            )
        if removed:
            session.add(
                AuditEvent(
                    actor=actor,
                    action="personal_data_expired",
                    detail={"days": days, "requests": [r.code for r in removed]},
                )
            )
    return removed


# -- a person's requests ------------------------------------------------------------------


@dataclass(frozen=True)
class PersonMatch:
    request_id: int
    code: str
    received_at: datetime
    status: str
    name: str | None
    contact: str | None
    question: str


def _digits(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    # A Russian number written with 8 or +7 in front is the same ten digits.
    return digits[-10:] if len(digits) >= 10 else digits


def _matches(value: str | None, wanted: str, exact: bool) -> bool:
    if not value:
        return False
    if exact:
        return fold(value) == wanted
    return wanted in fold(value)


def find_people(engine: Engine, text: str, exact: bool = False) -> list[PersonMatch]:
    """Requests whose requester's name or contact is ``text`` (``exact``: the whole value,
    case and ё folded) or holds it (case-insensitive, like ILIKE); a query with six digits
    or more also finds the phone number however it was written (+7 (916) … or 8916…).

    Compared in Python, not by the database: SQLite's LIKE and lower() fold Latin letters
    only, and Cyrillic names must match alike on both databases. The table holds only
    requests whose personal data has not yet expired, so it stays small."""
    wanted = fold(text)
    if not wanted:
        return []
    digits = _digits(text) if len(re.sub(r"\D", "", text)) >= MIN_DIGITS else ""
    out = []
    with Session(engine) as session:
        rows = session.exec(
            select(Requester, DeskRequest)
            .join(DeskRequest, col(DeskRequest.id) == col(Requester.request_id))
            .order_by(col(DeskRequest.received_at).desc())
        ).all()
    for requester, request in rows:
        assert request.id is not None
        found = _matches(requester.name, wanted, exact) or _matches(
            requester.contact, wanted, exact
        )
        if not found and digits and requester.contact:
            theirs = _digits(requester.contact)
            found = theirs == digits if exact else digits in theirs
        if found:
            out.append(
                PersonMatch(
                    request_id=request.id,
                    code=request.code,
                    received_at=request.received_at,
                    status=request.status,
                    name=requester.name,
                    contact=requester.contact,
                    question=request.question,
                )
            )
    return out


def export_person(
    engine: Engine, request_ids: Sequence[int], actor: str, via: str
) -> dict[str, Any]:
    """Everything held about the requests' requester: each request with its question,
    name and contact, answer, sources, history, the e-mails sent or queued to them and, for
    a question asked on the website, how they wanted the answer and when they consented.
    The export is recorded in the audit trail."""
    from legaldesk.desk.answers import cited_acts

    items = []
    with session_scope(engine) as session:
        requests = session.exec(
            select(DeskRequest)
            .where(col(DeskRequest.id).in_(list(request_ids)))
            .order_by(col(DeskRequest.received_at))
        ).all()
        for request in requests:
            assert request.id is not None
            requester = session.get(Requester, request.id)
            answer = session.get(Answer, request.id)
            sources = session.exec(
                select(CitedSource).where(CitedSource.request_id == request.id)
            ).all()
            events = session.exec(
                select(RequestEvent)
                .where(RequestEvent.request_id == request.id)
                .order_by(col(RequestEvent.id))
            ).all()
            mail = session.exec(
                select(OutboxMessage)
                .where(OutboxMessage.ref == mail_ref(request.id))
                .order_by(col(OutboxMessage.id))
            ).all()
            # Asked on the website: how they wanted the answer and when they consented.
            asked = session.get(WebsiteRequest, request.id)
            items.append(
                {
                    "code": request.code,
                    "received_at": request.received_at.isoformat(),
                    "channel": request.channel,
                    "category": request.category,
                    "status": request.status,
                    "closed_at": request.closed_at.isoformat() if request.closed_at else None,
                    "name": requester.name if requester else None,
                    "contact": requester.contact if requester else None,
                    "website": {
                        "reply_by": asked.reply_by,
                        "lang": asked.lang,
                        "consented_at": asked.consented_at.isoformat(),
                    }
                    if asked
                    else None,
                    "question": request.question,
                    "answer": answer.text if answer else None,
                    "acts": [
                        {"document_id": a.document_id, "version": a.version_n, "title": a.title}
                        for a in cited_acts(engine, request.id)
                    ],
                    "sources": [s.title for s in sources],
                    "history": [
                        {"at": e.at.isoformat(), "actor": e.actor, "action": e.action}
                        for e in events
                    ],
                    "mail": [
                        {
                            "to": m.recipient,
                            "subject": m.subject,
                            "status": m.status,
                            "queued_at": m.created_at.isoformat(),
                            "sent_at": m.sent_at.isoformat() if m.sent_at else None,
                        }
                        for m in mail
                    ],
                }
            )
        record_access(session, requests, actor, via)
    return {"exported_at": utcnow().isoformat(), "requests": items}


@dataclass(frozen=True)
class Erased:
    request_id: int
    code: str
    question_kept: bool
    answer_kept: bool
    messages: int


def erase(
    engine: Engine,
    request_ids: Sequence[int],
    actor: str,
    keep_question: Iterable[int] = (),
    keep_answer: Iterable[int] = (),
) -> list[Erased]:
    """Erase a person's data from their requests at their request: the name and contact,
    the e-mails to them, and the question's and the answer's text unless the librarian
    confirmed (``keep_question``, ``keep_answer``: request ids) that they hold no personal
    data. Counts, subject headings and cited acts stay. One transaction, one audit event per
    request, a line in each request's history."""
    keep_q, keep_a = set(keep_question), set(keep_answer)
    done: list[Erased] = []
    with session_scope(engine) as session:
        requests = session.exec(
            select(DeskRequest)
            .where(col(DeskRequest.id).in_(list(request_ids)))
            .order_by(col(DeskRequest.id))
        ).all()
        for request in requests:
            assert request.id is not None
            question_kept = request.id in keep_q
            answer = session.get(Answer, request.id)
            answer_kept = answer is None or not answer.text or request.id in keep_a
            if not question_kept:
                request.question = ERASED_TEXT
                # The history keeps a corrected question's old and new text: gone with it.
                for event in session.exec(
                    select(RequestEvent).where(RequestEvent.request_id == request.id)
                ).all():
                    if any(c.get("field") == "question" for c in event.changes):
                        event.changes = [
                            {**c, "before": None, "after": None, "erased": True}
                            if c.get("field") == "question"
                            else c
                            for c in event.changes
                        ]
                        session.add(event)
            if answer is not None and not answer_kept:
                answer.text = ERASED_TEXT
                session.add(answer)
            request.search_text = fold(
                request.question + ("\n" + answer.text if answer and answer.text else "")
            )
            request.updated_at = utcnow()
            session.add(request)
            messages = _remove(
                session,
                request,
                actor,
                "erased",
                question_kept=question_kept,
                answer_kept=answer_kept,
            )
            session.add(
                AuditEvent(
                    actor=actor[:128],
                    action="personal_data_erased",
                    detail={
                        "request": request.id,
                        "code": request.code,
                        "question_kept": question_kept,
                        "answer_kept": answer_kept,
                    },
                )
            )
            done.append(Erased(request.id, request.code, question_kept, answer_kept, messages))
    return done
