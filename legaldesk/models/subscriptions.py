"""Selective dissemination of information (legaldesk/subscriptions/): who subscribes, their
standing queries and followed acts, and every act each of them was told of, and why."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from legaldesk.models.base import utcnow

# How often a profile's news go out by e-mail: each pass of the digest job, once a day,
# once a week. The feed and the workspace list show every item at once whatever the choice.
FREQUENCIES = ("immediate", "daily", "weekly")

# Why a subscriber is told of an act: it is new and matches a standing query; a followed or
# received act got a new text, or its status changed (amended, suspended, repealed).
REASONS = ("new", "new_version", "amended", "suspended", "repealed", "in_force")


class Subscriber(SQLModel, table=True):
    """A member of staff (an employee, a deputy) or a resident known by an e-mail address.

    E-mail goes only to a confirmed address: whoever typed it, its owner clicked the link
    sent to it. ``feed_key`` is the secret part of the subscriber's private feed address."""

    __tablename__ = "subscriber"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="staff_user.id", unique=True)
    name: str = Field(default="", max_length=255)
    email: str | None = Field(default=None, max_length=320, index=True)
    email_confirmed_at: datetime | None = None
    # Unsubscribed from e-mail by the one-click link: the profiles, the feed and the
    # workspace list stay; no digest is sent until the subscriber turns mail on again.
    mail_stopped_at: datetime | None = None
    feed_key: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(default="", max_length=128)


class SubscriptionProfile(SQLModel, table=True):
    """A standing query (words and the search page's filters) or one followed act."""

    __tablename__ = "subscription_profile"

    id: int | None = Field(default=None, primary_key=True)
    subscriber_id: int = Field(foreign_key="subscriber.id", index=True)
    title: str = Field(max_length=300)
    query: str = Field(default="", max_length=500)
    doc_type: str = Field(default="", max_length=64)
    level: str = Field(default="", max_length=16)
    issuer: str = Field(default="", max_length=300)
    rubric: str = Field(default="", max_length=64)
    # An act followed from its page: its new texts and changes of status, nothing else.
    follow_document_id: int | None = Field(default=None, index=True)
    frequency: str = Field(default="daily", max_length=16)
    # False until a resident confirms it by the link sent to their address, and when a
    # subscriber pauses it.
    active: bool = True
    last_sent_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = Field(default="", max_length=128)


class SubscriptionItem(SQLModel, table=True):
    """One act a subscriber is told of, for one reason, once: ``reason_key`` names the
    reason («new», «version:57», «amended:by:12») and is unique with the subscriber and
    the act, so no one gets the same act twice for the same reason."""

    __tablename__ = "subscription_item"
    __table_args__ = (
        UniqueConstraint("subscriber_id", "document_id", "reason_key", name="uq_subscription_item"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subscriber_id: int = Field(foreign_key="subscriber.id", index=True)
    profile_id: int = Field(foreign_key="subscription_profile.id", index=True)
    document_id: int = Field(index=True)  # no foreign key: the act may be merged away later
    reason: str = Field(max_length=16)
    reason_key: str = Field(max_length=64)
    # Why it matched, for the reader: the profiles, the words found in the act, the filters;
    # for a change, the act that made it (id, heading).
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    change_id: int | None = None
    created_at: datetime = Field(default_factory=utcnow, index=True)
    # When it went out in an e-mail digest, and in which message of the outbox.
    mailed_at: datetime | None = None
    message_id: int | None = None
