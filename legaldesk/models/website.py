"""What a question asked on the public website adds to its request: how the resident wants
the answer, and the private links by which they follow it (legaldesk/desk/website.py).

A link's token is shown once — on the page after asking, in an e-mail — and only its
SHA-256 is kept, as with staff sessions: a copy of the database opens no resident's
request."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from legaldesk.models.base import utcnow


class WebsiteRequest(SQLModel, table=True):
    """How the resident who asked on the website wants the answer (e-mail, post, phone or
    at the library), the language they asked in (their e-mails are written in it) and
    their consent."""

    __tablename__ = "desk_website_request"

    request_id: int = Field(foreign_key="desk_request.id", primary_key=True)
    reply_by: str = Field(max_length=16)
    lang: str = Field(default="ru", max_length=8)
    # When they consented to the processing of their personal data (152-ФЗ): the form is
    # not taken without it, and the operator must be able to show it was given.
    consented_at: datetime = Field(default_factory=utcnow)


class RequestLink(SQLModel, table=True):
    """A private link to follow a request: the hash of its token. Each e-mail carries a
    link of its own (the token is never kept, so it cannot be sent again); every one of a
    request's links stays valid."""

    __tablename__ = "desk_request_link"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="desk_request.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    purpose: str = Field(max_length=16)  # asked | answered: which message gave it
    created_at: datetime = Field(default_factory=utcnow)
