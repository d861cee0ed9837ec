"""The outbox: e-mails written in the caller's transaction, delivered by senders later.

A change that should tell someone by e-mail («your question is answered») calls
:func:`enqueue` with its own session: the message is a row of the same transaction, so it
exists if and only if the change committed — a rolled-back answer sends nothing, and a
committed one cannot lose its e-mail to a mail server that is down or to a crash between
the commit and the sending.

Senders (legaldesk.mail.sender) take messages with :func:`claim`: a message becomes
``sending`` for one sender until its lease runs out, counted as an attempt. The claim is
one statement, so two senders never hold the same message: on PostgreSQL its candidates
are locked with ``FOR UPDATE SKIP LOCKED`` (a second sender passes over them instead of
waiting); SQLite lets one writer at a time run the statement whole. A sender then records
what came of each message (:func:`mark_sent`, :func:`mark_later`, :func:`mark_failed`)
only while the message is still its own; a sender that died leaves messages whose lease
runs out, and the next claim takes them again. Delivery is therefore at least once: a
sender killed after the server accepted a message and before it recorded so sends it
again (with the same Message-ID), which is the price of never losing one.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, delete, func, or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.db import session_scope
from legaldesk.messages import Msg
from legaldesk.models import OutboxMessage
from legaldesk.models.base import utcnow

MAX_SUBJECT = 250  # a subject is a line of a mail client's list, not a letter
MAX_ERROR = 1000
# The headers a caller may add: the rest (From, To, Date, Message-ID…) are the sender's.
_OWN_HEADERS = frozenset({"list-unsubscribe", "list-unsubscribe-post", "list-id"})


class InvalidAddress(ValueError):
    """Not an address mail can be sent to; the message is a :class:`Msg`."""


# The characters RFC 5322 allows unquoted in a local part (dot-atom); quoted local parts
# and non-ASCII ones (SMTPUTF8) are refused: few servers deliver them, and a form saying
# so now beats a message that fails later.
_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def normalise_address(value: str) -> str:
    """``value`` as an address to send to, its domain in ASCII (``почта.рф`` becomes
    ``xn--80a1acny.xn--p1ai``, as SMTP needs it); :class:`InvalidAddress` when it is none."""
    address = value.strip()
    refused = InvalidAddress(Msg("«%(address)s» is not an e-mail address", address=address[:80]))
    if len(address) > 254 or address.count("@") != 1:
        raise refused
    local, domain = address.split("@")
    if len(local) > 64 or not _LOCAL.match(local):
        raise refused
    try:
        ascii_domain = domain.rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise refused from None
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise refused
    return f"{local}@{ascii_domain}"


def enqueue(
    session: Session,
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    *,
    kind: str,
    ref: str | None = None,
    headers: dict[str, str] | None = None,
) -> OutboxMessage:
    """Queue an e-mail in ``session``'s transaction: sent if and only if it commits.

    ``kind`` says what the message is (``request_answered``), ``ref`` what it is about
    (``request:42``), both for the staff reading the outbox. Raises :class:`InvalidAddress`
    for an address mail cannot go to, so a form can say so before anything is saved."""
    for name, value in (headers or {}).items():
        if name.lower() not in _OWN_HEADERS or any(c in value for c in "\r\n\0"):
            raise ValueError(f"a message may not set the header {name!r} to {value!r}")
    if not kind or len(kind) > 32:
        raise ValueError(f"a message's kind is 1 to 32 characters: {kind!r}")
    message = OutboxMessage(
        kind=kind,
        ref=ref[:128] if ref else None,
        recipient=normalise_address(to),
        # A header is one line: a line break in a subject would start a header of its own.
        subject=" ".join(subject.split())[:MAX_SUBJECT],
        text=text,
        html=html,
        token=secrets.token_hex(16),
        headers=headers or None,
    )
    session.add(message)
    session.flush()  # the id, for the caller's audit event
    return message


@dataclass(frozen=True)
class Claimed:
    """A message held by one sender: what it needs to send it, and how many attempts
    (this one included) it has had."""

    id: int
    recipient: str
    subject: str
    text: str
    html: str | None
    token: str
    created_at: datetime
    attempts: int
    headers: dict[str, str] | None = None


def new_worker() -> str:
    """A sender's name in ``claimed_by``: unique per sender, readable in the outbox."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(col(OutboxMessage.status) == "queued", col(OutboxMessage.next_attempt_at) <= now),
        # a sender that died holding it
        and_(col(OutboxMessage.status) == "sending", col(OutboxMessage.lease_until) < now),
    )


def claim(
    engine: Engine, worker: str, now: datetime, limit: int, lease: timedelta
) -> list[Claimed]:
    """Take up to ``limit`` due messages for ``worker`` until ``now + lease``, oldest
    first; each taking counts as an attempt."""
    due = _due(now)
    candidates = (
        select(OutboxMessage.id)
        .where(due)
        .order_by(col(OutboxMessage.next_attempt_at), col(OutboxMessage.id))
        .limit(limit)
    )
    if engine.dialect.name == "postgresql":
        # Rows another sender is claiming are skipped, not waited for; the outer WHERE
        # checks each locked row again, so a row claimed meanwhile is not taken twice.
        candidates = candidates.with_for_update(skip_locked=True)
    statement = (
        update(OutboxMessage)
        .where(col(OutboxMessage.id).in_(candidates.scalar_subquery()), due)
        .values(
            status="sending",
            claimed_by=worker,
            lease_until=now + lease,
            attempts=OutboxMessage.attempts + 1,
            last_attempt_at=now,
        )
        .returning(
            *(
                col(column)
                for column in (
                    OutboxMessage.id,
                    OutboxMessage.recipient,
                    OutboxMessage.subject,
                    OutboxMessage.text,
                    OutboxMessage.html,
                    OutboxMessage.token,
                    OutboxMessage.created_at,
                    OutboxMessage.attempts,
                    OutboxMessage.headers,
                )
            )
        )
    )
    with session_scope(engine) as session:
        rows = session.execute(statement).all()
    return sorted((Claimed(*row) for row in rows), key=lambda m: m.id)


def _settle(engine: Engine, message_id: int, worker: str, **values: object) -> bool:
    """Record what came of a message, if it is still ``worker``'s (a sender whose lease
    ran out has lost it to another, whose outcome counts)."""
    statement = (
        update(OutboxMessage)
        .where(
            col(OutboxMessage.id) == message_id,
            col(OutboxMessage.claimed_by) == worker,
            col(OutboxMessage.status) == "sending",
        )
        .values(claimed_by=None, lease_until=None, **values)
    )
    with session_scope(engine) as session:
        result = session.execute(statement)
        return bool(getattr(result, "rowcount", 0))


def mark_sent(engine: Engine, message_id: int, worker: str, now: datetime) -> bool:
    return _settle(engine, message_id, worker, status="sent", sent_at=now, last_error=None)


def mark_later(engine: Engine, message_id: int, worker: str, error: str, at: datetime) -> bool:
    """Refused for now (a 4xx, no connection): try again at ``at``."""
    return _settle(
        engine,
        message_id,
        worker,
        status="queued",
        next_attempt_at=at,
        last_error=error[:MAX_ERROR],
    )


def mark_failed(engine: Engine, message_id: int, worker: str, error: str) -> bool:
    """Refused for good (a 5xx), or out of attempts: kept with the reason, not tried again
    unless someone asks (:func:`requeue`)."""
    return _settle(engine, message_id, worker, status="failed", last_error=error[:MAX_ERROR])


def requeue(engine: Engine, ids: list[int] | None = None, now: datetime | None = None) -> int:
    """Failed messages (these, or all) queued again with their attempts counted afresh:
    once the address is corrected on the server or its refusal is over."""
    now = now or utcnow()
    statement = (
        update(OutboxMessage)
        .where(col(OutboxMessage.status) == "failed")
        .values(status="queued", attempts=0, next_attempt_at=now)
    )
    if ids is not None:
        statement = statement.where(col(OutboxMessage.id).in_(ids))
    with session_scope(engine) as session:
        return int(getattr(session.execute(statement), "rowcount", 0))


def next_due(engine: Engine) -> datetime | None:
    """When the next message is due — a queued one's attempt, or the end of a lease a
    sender may have died holding; None when nothing waits. A sender's look at the outbox
    when it has nothing to do."""
    with Session(engine) as session:
        queued = session.exec(
            select(func.min(OutboxMessage.next_attempt_at)).where(
                col(OutboxMessage.status) == "queued"
            )
        ).one()
        leased = session.exec(
            select(func.min(OutboxMessage.lease_until)).where(
                col(OutboxMessage.status) == "sending"
            )
        ).one()
    found = [at for at in (queued, leased) if at is not None]
    return min(found) if found else None


def prune_sent(engine: Engine, before: datetime) -> int:
    """Delete messages sent before ``before``: a sent message has done its work, and its
    address and text are a resident's personal data."""
    with session_scope(engine) as session:
        result = session.execute(
            delete(OutboxMessage).where(
                col(OutboxMessage.status) == "sent", col(OutboxMessage.sent_at) < before
            )
        )
        return int(getattr(result, "rowcount", 0))


@dataclass(frozen=True)
class OutboxState:
    """What the staff see of the outbox: how much waits, what failed, the latest sending
    and the latest error."""

    queued: int  # waiting or being sent
    failed: int
    sent: int
    oldest_queued_at: datetime | None
    last_sent_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None


def state(engine: Engine) -> OutboxState:
    with Session(engine) as session:
        counts = dict(
            session.exec(
                select(OutboxMessage.status, func.count()).group_by(col(OutboxMessage.status))
            ).all()
        )
        oldest = session.exec(
            select(func.min(OutboxMessage.created_at)).where(
                col(OutboxMessage.status).in_(("queued", "sending"))
            )
        ).one()
        last_sent = session.exec(select(func.max(OutboxMessage.sent_at))).one()
        errored = session.exec(
            select(OutboxMessage)
            .where(col(OutboxMessage.last_error).is_not(None))
            .order_by(col(OutboxMessage.last_attempt_at).desc(), col(OutboxMessage.id).desc())
            .limit(1)
        ).first()
    return OutboxState(
        queued=counts.get("queued", 0) + counts.get("sending", 0),
        failed=counts.get("failed", 0),
        sent=counts.get("sent", 0),
        oldest_queued_at=oldest,
        last_sent_at=last_sent,
        last_error=errored.last_error if errored else None,
        last_error_at=errored.last_attempt_at if errored else None,
    )


def messages(engine: Engine, *, failed: bool = False, limit: int = 50) -> list[OutboxMessage]:
    """The latest messages, newest first (only the failed ones with ``failed``)."""
    query = select(OutboxMessage).order_by(col(OutboxMessage.id).desc()).limit(limit)
    if failed:
        query = query.where(col(OutboxMessage.status) == "failed")
    with Session(engine) as session:
        return list(session.exec(query).all())
