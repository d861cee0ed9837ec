"""One sign-in attempt, as every way in makes it: throttled per account name and client
address, checked, and written to the audit trail whatever its outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.accounts import throttle
from legaldesk.accounts.users import authenticate
from legaldesk.db import session_scope
from legaldesk.models import AuditEvent, User


@dataclass(frozen=True)
class Attempt:
    user: User | None
    wait: timedelta | None = None  # refused before any check: try again after this
    locked: bool = False


def refused(engine: Engine, username: str, address: str) -> Attempt | None:
    """The throttle's answer before anything is hashed: cheap enough for a flood."""
    refusal = throttle.check(engine, username, address)
    if refusal is None:
        return None
    return Attempt(None, refusal.wait, refusal.locked)


def attempt(
    engine: Engine, policy: throttle.Policy, username: str, password: str, address: str
) -> Attempt:
    """Check the password (the costly part: call it off the event loop) and record it."""
    name = username.strip().lower()[:64]
    user = authenticate(engine, name, password)
    if user is None:
        failure = throttle.record_failure(engine, name, address, policy)
        events = [
            AuditEvent(
                actor="login", action="login_failed", detail={"user": name, "address": address}
            )
        ]
        events += [
            AuditEvent(
                actor="login",
                action="login_locked",
                detail={"key": key, "minutes": policy.lock_minutes, "address": address},
            )
            for key in failure.locked
        ]
        _audit(engine, events)
        return Attempt(None, locked=bool(failure.locked))
    throttle.record_success(engine, name, address)
    _audit(engine, [AuditEvent(actor=f"web:{name}", action="login", detail={"address": address})])
    return Attempt(user)


def _audit(engine: Engine, events: list[AuditEvent]) -> None:
    with session_scope(engine) as session:
        session.add_all(events)


SIGN_IN_ACTIONS = ("login", "login_failed", "login_locked")


def recent_attempts(engine: Engine, limit: int = 20) -> list[AuditEvent]:
    """The latest sign-ins, failures and locks, newest first (the accounts page)."""
    with Session(engine) as session:
        return list(
            session.exec(
                select(AuditEvent)
                .where(col(AuditEvent.action).in_(SIGN_IN_ACTIONS))
                .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
                .limit(limit)
            ).all()
        )
