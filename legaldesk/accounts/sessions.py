"""Staff sessions, kept in the database.

The browser holds a random token (a cookie); the database holds its SHA-256, the user, and
when the session began and was last used. A session ends at sign-out, after
``session_idle_minutes`` without a request, ``session_max_hours`` after sign-in whatever
happens, and — for every session of the person — when their password is changed or reset,
their role changes or their account is switched off (``legaldesk.accounts.users`` ends
them in the same transaction as the change). A sign-in always starts a new session: a
token planted in a browser beforehand is worth nothing after it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.db import session_scope
from legaldesk.models import StaffSession, User
from legaldesk.models.base import utcnow

# last_seen_at is written at most this often: a librarian's every click need not be a write.
TOUCH_EVERY = timedelta(seconds=60)


@dataclass(frozen=True)
class Lifetime:
    idle: timedelta
    absolute: timedelta


@dataclass(frozen=True)
class OpenSession:
    token: str
    user: User
    created_at: datetime


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


def open_session(engine: Engine, user_id: int, address: str = "", user_agent: str = "") -> str:
    """A new session for the user; returns the token for the browser (shown once)."""
    token = secrets.token_urlsafe(32)
    with session_scope(engine) as session:
        session.add(
            StaffSession(
                token_hash=token_hash(token),
                user_id=user_id,
                address=address[:64],
                user_agent=user_agent[:255],
            )
        )
    return token


def load_session(
    engine: Engine, token: str, lifetime: Lifetime, now: datetime | None = None
) -> OpenSession | None:
    """The session of this token with its user, or None when it does not exist, has
    expired (it is deleted then) or its user is switched off."""
    if not token or len(token) > 128:
        return None
    now = now or utcnow()
    digest = token_hash(token)
    with Session(engine, expire_on_commit=False) as session:
        row = session.exec(
            select(StaffSession, User)
            .join(User, col(User.id) == col(StaffSession.user_id))
            .where(StaffSession.token_hash == digest)
        ).first()
        if row is None:
            return None
        stored, user = row
        expired = (
            not user.active
            or now - _aware(stored.created_at) > lifetime.absolute
            or now - _aware(stored.last_seen_at) > lifetime.idle
        )
        if expired:
            session.execute(delete(StaffSession).where(col(StaffSession.id) == stored.id))
            session.commit()
            return None
        if now - _aware(stored.last_seen_at) > TOUCH_EVERY:
            session.execute(
                update(StaffSession)
                .where(col(StaffSession.id) == stored.id)
                .values(last_seen_at=now)
            )
            session.commit()
        session.expunge(user)
        return OpenSession(token, user, _aware(stored.created_at))


def end_session(engine: Engine, token: str) -> None:
    with session_scope(engine) as session:
        session.execute(
            delete(StaffSession).where(col(StaffSession.token_hash) == token_hash(token))
        )


def end_user_sessions(session: Session, user_id: int) -> int:
    """Every session of a user, inside the caller's transaction (a password or role change
    and the end of the sessions it invalidates commit together)."""
    result = session.execute(delete(StaffSession).where(col(StaffSession.user_id) == user_id))
    return int(getattr(result, "rowcount", 0) or 0)


def open_session_counts(engine: Engine) -> dict[int, int]:
    """Sessions per user (expired ones not yet purged are counted: they end at their
    next use)."""
    with Session(engine) as session:
        rows = session.exec(
            select(StaffSession.user_id, func.count()).group_by(col(StaffSession.user_id))
        ).all()
    return {int(user_id): int(n) for user_id, n in rows}


def purge_expired(engine: Engine, lifetime: Lifetime, now: datetime | None = None) -> int:
    """Delete sessions past either limit (nobody can use them any more)."""
    now = now or utcnow()
    with session_scope(engine) as session:
        result = session.execute(
            delete(StaffSession).where(
                (col(StaffSession.created_at) < now - lifetime.absolute)
                | (col(StaffSession.last_seen_at) < now - lifetime.idle)
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)


def _aware(moment: datetime) -> datetime:
    # SQLite hands back what it stored; a naive value there is UTC all the same.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
