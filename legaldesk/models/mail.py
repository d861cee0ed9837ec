"""Outgoing mail waiting to be sent, and what became of it (legaldesk.mail)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field, SQLModel

from legaldesk.models.base import utcnow

# A message moves queued → sending (claimed by one sender for a while) → sent, or back to
# queued with a later attempt, or to failed (refused for good, or out of attempts).
MAIL_STATUSES = ("queued", "sending", "sent", "failed")


class OutboxMessage(SQLModel, table=True):
    """One e-mail, written in the transaction of the change that caused it, so that it
    exists exactly when that change committed; a sender delivers it afterwards."""

    __tablename__ = "mail_outbox"
    # What a sender asks for on every pass: due messages in order, and leases run out.
    __table_args__ = (Index("ix_mail_outbox_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    # What the message is (request_answered, test …) and what it is about (request:42):
    # for the staff reading the outbox, and for a caller that must not queue twice.
    kind: str = Field(max_length=32)
    ref: str | None = Field(default=None, max_length=128, index=True)
    recipient: str = Field(max_length=320)
    subject: str = Field(max_length=998)
    text: str = Field(sa_column=Column(Text, nullable=False))
    html: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # Headers of the message's own (List-Unsubscribe for a digest), checked at enqueue.
    headers: dict[str, str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # The random part of the Message-ID, fixed at enqueue: every attempt sends the same
    # message, so a copy delivered twice is recognisable as one.
    token: str = Field(max_length=64)
    status: str = Field(default="queued", max_length=16)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    # The sender holding the message and until when; a sender that died lets its lease run
    # out and another takes the message up.
    claimed_by: str | None = Field(default=None, max_length=64)
    lease_until: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    last_attempt_at: datetime | None = None
    sent_at: datetime | None = None
    last_error: str | None = Field(default=None, max_length=1000)
