"""E-mails to residents who asked on the website: «your question is registered» when it is
filed, «your question is answered» when a librarian moves it to answered. Each is queued
through the outbox in the transaction of the change (legaldesk/mail), so it goes if and
only if that change commits.

Each e-mail carries a private link of its own (legaldesk/desk/website.py keeps only the
hashes of links, so an old one cannot be sent again). An e-mail says what the resident
wrote themselves — their name — the reference code, the deadline and the link; never the
answer: the link leads to it, and an e-mail crosses servers the library does not keep.

The letters' wording belongs to the interface (its catalogue, its languages): the domain is
handed a :class:`Site` — the public address and the :class:`Letters` that write them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlmodel import Session

from legaldesk.accounts.sessions import token_hash
from legaldesk.desk import history
from legaldesk.mail import InvalidAddress, enqueue, normalise_address
from legaldesk.models import DeskRequest, Requester, RequestLink, WebsiteRequest

LINK_PATH = "/ask/r/"  # the resident's page of a request: LINK_PATH + token
TOKEN_BYTES = 32  # 256 bits: unguessable


@dataclass(frozen=True)
class Letter:
    """What an e-mail to a resident says."""

    code: str
    name: str | None  # as they wrote it; None: greet without a name
    due_on: date
    link: str


class Letters(Protocol):
    """Writes the e-mails in the resident's language: (subject, text)."""

    def received(self, lang: str, letter: Letter) -> tuple[str, str]: ...

    def answered(self, lang: str, letter: Letter) -> tuple[str, str]: ...


@dataclass(frozen=True)
class Site:
    """The public site as e-mails point at it: its address (``LEGALDESK_PUBLIC_URL``,
    never a request's Host header) and the letters."""

    url: str
    letters: Letters

    def link(self, token: str) -> str:
        return self.url.rstrip("/") + LINK_PATH + token


def new_link(session: Session, request_id: int, purpose: str) -> str:
    """A private link's token for the request, its hash kept in ``session``'s transaction.
    The token is returned once and kept nowhere."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(RequestLink(request_id=request_id, token_hash=token_hash(token), purpose=purpose))
    return token


def email_of(requester: Requester | None) -> str | None:
    """The requester's contact when it is an e-mail address mail can go to."""
    if requester is None or not requester.contact:
        return None
    try:
        return normalise_address(requester.contact)
    except InvalidAddress:
        return None


def send_received(
    session: Session, request: DeskRequest, asked: WebsiteRequest, site: Site, token: str
) -> bool:
    """The acknowledgement, when the resident gave an e-mail address; whether one went."""
    assert request.id is not None
    requester = session.get(Requester, request.id)
    address = email_of(requester)
    if address is None:
        return False
    letter = Letter(
        request.code, requester.name if requester else None, request.due_on, site.link(token)
    )
    subject, text = site.letters.received(asked.lang, letter)
    enqueue(session, address, subject, text, kind="request_received", ref=f"request:{request.id}")
    _record(session, request.id, "received")
    return True


def send_answered(session: Session, request: DeskRequest, site: Site | None) -> bool:
    """«Your question is answered», with a new private link, to a resident who asked on
    the website for an answer by e-mail; whether one went. Called by ``set_status`` in the
    transaction that moves the request to answered."""
    assert request.id is not None
    asked = session.get(WebsiteRequest, request.id)
    if asked is None or asked.reply_by != "email":
        return False
    requester = session.get(Requester, request.id)
    address = email_of(requester)
    if address is None:  # the contact was corrected away, or has expired
        return False
    if site is None:
        raise RuntimeError(
            f"request {request.code} asked for an e-mail answer: set_status needs site= to write it"
        )
    token = new_link(session, request.id, "answered")
    letter = Letter(
        request.code, requester.name if requester else None, request.due_on, site.link(token)
    )
    subject, text = site.letters.answered(asked.lang, letter)
    enqueue(session, address, subject, text, kind="request_answered", ref=f"request:{request.id}")
    _record(session, request.id, "answered")
    return True


def _record(session: Session, request_id: int, which: str) -> None:
    # The history says which e-mail went, never to which address: that is personal data.
    change = {"field": "email", "before": None, "after": which}
    history.record(session, request_id, "website", "notified", [change])
