"""Questions asked on the public website: checking what the resident sent, filing it as a
request (channel «website», through ``requests.ask_from_website`` and so
``create_request``: the same code, deadline and history as at the desk), the private
link that lets them follow it, and the page that link opens.

A private link is a random token of 256 bits; the database keeps its SHA-256 only
(``desk_request_link``), so the token is shown once — on the page after asking and in each
e-mail — and a copy of the database opens no resident's request. Every link of a request
stays valid: each e-mail carries its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.accounts.sessions import token_hash
from legaldesk.desk import answers, notices
from legaldesk.desk.requests import Clock, DeskError, ask_from_website
from legaldesk.desk.vocabulary import CATEGORIES, N_
from legaldesk.mail import InvalidAddress, normalise_address
from legaldesk.messages import Msg
from legaldesk.models import (
    Answer,
    Branch,
    DeskRequest,
    RequestLink,
    WebsiteRequest,
)
from legaldesk.typed import keepable

# How a resident may want the answer. A name is needed to address a letter or an e-mail.
REPLY_BY: dict[str, str] = {
    "email": N_("by e-mail"),
    "post": N_("by post"),
    "phone": N_("by phone"),
    "library": N_("I will come to the library"),
}
NAME_NEEDED = ("email", "post")
CONTACT_NEEDED = ("email", "post", "phone")
MAX_QUESTION = 5_000  # a website question; letters of 20,000 are typed in at the desk
MAX_NAME = 200
MAX_CONTACT = 255
TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)
_PHONE = re.compile(r"^[0-9+()\-\s.]+$")


@dataclass(frozen=True, kw_only=True)
class WebsiteQuestion:
    """What the resident sent, tidied by the form (or the API) but not yet checked."""

    question: str
    reply_by: str
    name: str = ""
    contact: str = ""
    category: str = "resident"
    branch_id: int | None = None
    consent: bool = False
    lang: str = "ru"


class QuestionRefused(DeskError):
    """The form cannot be taken as sent: each problem with the field it is about."""

    def __init__(self, problems: list[tuple[str, Msg]]) -> None:
        super().__init__("; ".join(message for _field, message in problems))
        self.problems = problems


def active_branches(engine: Engine) -> list[Branch]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(Branch)
                .where(col(Branch.active))
                .order_by(col(Branch.position), col(Branch.name))
            ).all()
        )


def check(engine: Engine, sent: WebsiteQuestion) -> WebsiteQuestion:
    """``sent`` as it will be filed (the contact's e-mail address normalised), or
    :class:`QuestionRefused` with every problem at once: a resident corrects the form once."""
    problems: list[tuple[str, Msg]] = []
    # The form tidies what it sends (web/antispam.py); a program through the API may send
    # anything JSON holds — a NUL made PostgreSQL refuse the whole request with a 500.
    question = keepable(sent.question).strip()
    if not question:
        problems.append(("question", Msg("please write your question")))
    elif len(question) > MAX_QUESTION:
        problems.append(
            (
                "question",
                Msg(
                    "the question may be at most %(limit)d characters long; it is %(length)d",
                    limit=MAX_QUESTION,
                    length=len(question),
                ),
            )
        )
    name = " ".join(keepable(sent.name).split())
    contact = " ".join(keepable(sent.contact).split())
    if sent.reply_by not in REPLY_BY:
        problems.append(("reply_by", Msg("please choose how you want to receive the answer")))
    if len(name) > MAX_NAME:
        problems.append(
            ("name", Msg("the name may be at most %(limit)d characters long", limit=MAX_NAME))
        )
    elif not name and sent.reply_by in NAME_NEEDED:
        problems.append(("name", Msg("please give your name: the answer is addressed to you")))
    if len(contact) > MAX_CONTACT:
        problems.append(
            (
                "contact",
                Msg("the contact may be at most %(limit)d characters long", limit=MAX_CONTACT),
            )
        )
    elif sent.reply_by == "email":
        if not contact:
            problems.append(("contact", Msg("please give the e-mail address for the answer")))
        else:
            try:
                contact = normalise_address(contact)
            except InvalidAddress:
                problems.append(
                    ("contact", Msg("«%(address)s» is not an e-mail address", address=contact[:80]))
                )
    elif sent.reply_by == "phone":
        digits = sum(c.isdigit() for c in contact)
        if not contact:
            problems.append(("contact", Msg("please give the phone number for the answer")))
        elif not _PHONE.match(contact) or not 5 <= digits <= 15:
            problems.append(
                ("contact", Msg("«%(phone)s» is not a phone number", phone=contact[:40]))
            )
    elif sent.reply_by == "post" and len(contact) < 10:
        problems.append(
            ("contact", Msg("please give the postal address with the postcode for the answer"))
        )
    if sent.category not in CATEGORIES:
        problems.append(
            ("category", Msg("unknown category of requester %(code)s", code=sent.category))
        )
    if sent.branch_id is not None and sent.branch_id not in {b.id for b in active_branches(engine)}:
        problems.append(("branch_id", Msg("please choose a library from the list")))
    if not sent.consent:
        problems.append(
            (
                "consent",
                Msg(
                    "we can take the question only with your consent to the processing "
                    "of personal data"
                ),
            )
        )
    if problems:
        raise QuestionRefused(problems)
    return WebsiteQuestion(
        question=question,
        reply_by=sent.reply_by,
        name=name,
        contact=contact,
        category=sent.category,
        branch_id=sent.branch_id,
        consent=True,
        lang=sent.lang,
    )


@dataclass(frozen=True)
class Asked:
    """A question filed: its request and the private link, shown once."""

    request: DeskRequest
    token: str
    link: str
    emailed: bool  # an acknowledgement is queued to the address given


def ask(engine: Engine, sent: WebsiteQuestion, clock: Clock, site: notices.Site) -> Asked:
    """Check and file the question; the private link and the acknowledgement e-mail are
    written in the transaction that files it."""
    checked = check(engine, sent)
    made: dict[str, Any] = {}

    def filed(session: Session, request: DeskRequest) -> None:
        assert request.id is not None
        asked = WebsiteRequest(request_id=request.id, reply_by=checked.reply_by, lang=checked.lang)
        session.add(asked)
        made["token"] = token = notices.new_link(session, request.id, "asked")
        session.flush()
        made["emailed"] = notices.send_received(session, request, asked, site, token)

    request = ask_from_website(
        engine,
        checked.question,
        clock,
        category=checked.category,
        name=checked.name or None,
        contact=checked.contact or None,
        branch_id=checked.branch_id,
        also=filed,
    )
    return Asked(request, made["token"], site.link(made["token"]), made["emailed"])


# -- the resident's page -------------------------------------------------------------------


@dataclass(frozen=True)
class CitedActLine:
    """A cited act as a resident sees it: linked to its public page while it is published,
    otherwise only described."""

    document_id: int
    doc_type: str | None
    number: str | None
    date_adopted: date | None
    title: str | None
    public: bool
    current: bool  # the cited version is the act's latest


@dataclass(frozen=True)
class ResidentView:
    """What the private link shows: the question, where it stands, the deadline, and once
    answered the answer with its acts and sources."""

    code: str
    question: str
    received_at: datetime
    status: str
    due_on: date
    reply_by: str | None
    answered: bool
    answer: str = ""
    answered_at: datetime | None = None
    acts: list[CitedActLine] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # bibliographic descriptions


def reply_wanted(engine: Engine, request_id: int) -> str | None:
    """How the resident who asked on the website wants the answer (REPLY_BY), if they did."""
    with Session(engine) as session:
        asked = session.get(WebsiteRequest, request_id)
        return asked.reply_by if asked is not None else None


def request_of(engine: Engine, token: str) -> int | None:
    """The request a private link opens; None for a token that is no link of ours."""
    if not TOKEN.match(token):
        return None
    with Session(engine) as session:
        link = session.exec(
            select(RequestLink).where(RequestLink.token_hash == token_hash(token))
        ).first()
        return link.request_id if link is not None else None


def resident_view(engine: Engine, token: str) -> ResidentView | None:
    request_id = request_of(engine, token)
    if request_id is None:
        return None
    with Session(engine) as session:
        request = session.get(DeskRequest, request_id)
        if request is None:
            return None
        asked = session.get(WebsiteRequest, request_id)
        answer = session.get(Answer, request_id)
        session.expunge(request)
    # Reopened (a cited act changed, say), the answer is being revised: it shows again
    # when the request is answered again.
    answered = request.status in ("answered", "closed")
    view = ResidentView(
        code=request.code,
        question=request.question,
        received_at=request.received_at,
        status=request.status,
        due_on=request.due_on,
        reply_by=asked.reply_by if asked else None,
        answered=answered,
    )
    if not answered:
        return view
    acts = [
        CitedActLine(
            document_id=a.document_id,
            doc_type=a.doc_type,
            number=a.number,
            date_adopted=a.date_adopted,
            title=a.title,
            public=a.publication == "published",
            current=a.current,
        )
        for a in answers.cited_acts(engine, request_id)
    ]
    return replace(
        view,
        answer=answer.text if answer else "",
        answered_at=request.answered_at,
        acts=acts,
        sources=[answers.describe_source(s) for s in answers.cited_sources(engine, request_id)],
    )
