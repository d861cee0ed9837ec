"""Sign-in throttling, per account name and per client address, shared by every worker
process through the database.

The first ``free`` failures of a key cost nothing; each later one doubles the wait before
the next attempt is even checked (1 s, 2 s, 4 s … up to a minute), and ``lock_after``
failures in a row lock the key for ``lock_minutes``. A refused attempt is answered without
hashing anything, so a flood is cheap to turn away. A success clears the account's and the
address's counts; failures older than a day are forgotten.

An account lock can be used to keep its owner out for a while (anyone may type wrong
passwords for «admin»), which is why addresses lock later than names and why an
administrator can lift a lock (`legaldesk users unlock`, the accounts page).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from legaldesk.config import Settings
from legaldesk.db import session_scope
from legaldesk.models import LoginThrottle
from legaldesk.models.base import utcnow

MAX_DELAY = timedelta(seconds=60)
FORGET_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class Policy:
    free: int = 3
    lock_after: int = 10
    address_lock_after: int = 30
    lock_minutes: int = 15

    @classmethod
    def from_settings(cls, settings: Settings) -> Policy:
        return cls(
            free=settings.login_free_attempts,
            lock_after=settings.login_lock_after,
            address_lock_after=settings.login_address_lock_after,
            lock_minutes=settings.login_lock_minutes,
        )


@dataclass(frozen=True)
class Refusal:
    """Why an attempt is not even checked, and for how long."""

    wait: timedelta
    locked: bool


@dataclass(frozen=True)
class FailureRecord:
    locked: list[str]  # keys this failure locked (for the audit trail)


def user_key(username: str) -> str:
    return "user:" + username.strip().lower()[:64]


def address_key(address: str) -> str:
    return "addr:" + address[:64]


def check(
    engine: Engine, username: str, address: str, now: datetime | None = None
) -> Refusal | None:
    """None when the attempt may be checked now; else how long to wait."""
    now = now or utcnow()
    keys = [user_key(username), address_key(address)]
    with Session(engine) as session:
        rows = session.exec(select(LoginThrottle).where(col(LoginThrottle.key).in_(keys))).all()
    refusal: Refusal | None = None
    for row in rows:
        until = row.locked_until if row.locked_until and row.locked_until > now else None
        locked = until is not None
        until = until or row.next_attempt_at
        if until is None or until <= now:
            continue
        wait = until - now
        if refusal is None or wait > refusal.wait:
            refusal = Refusal(wait, locked or (refusal.locked if refusal else False))
    return refusal


def record_failure(
    engine: Engine, username: str, address: str, policy: Policy, now: datetime | None = None
) -> FailureRecord:
    now = now or utcnow()
    locked: list[str] = []
    limits = (
        (user_key(username), policy.lock_after),
        (address_key(address), policy.address_lock_after),
    )
    for attempt in (1, 2):  # two workers may create the same key at once: the loser retries
        try:
            with session_scope(engine) as session:
                locked = [key for key, limit in limits if _fail(session, key, limit, policy, now)]
                session.execute(
                    delete(LoginThrottle).where(
                        col(LoginThrottle.last_failure_at) < now - FORGET_AFTER
                    )
                )
            break
        except IntegrityError:
            if attempt == 2:
                raise
    return FailureRecord(locked)


def _fail(session: Session, key: str, limit: int, policy: Policy, now: datetime) -> bool:
    row = session.get(LoginThrottle, key)
    if row is None:
        row = LoginThrottle(key=key, failures=0, last_failure_at=now)
        session.add(row)
    elif now - row.last_failure_at > FORGET_AFTER:
        row.failures = 0
    row.failures += 1
    row.last_failure_at = now
    beyond = row.failures - policy.free
    row.next_attempt_at = (
        now + min(MAX_DELAY, timedelta(seconds=2 ** (beyond - 1))) if beyond > 0 else None
    )
    if row.failures >= limit and not (row.locked_until and row.locked_until > now):
        row.locked_until = now + timedelta(minutes=policy.lock_minutes)
        row.failures = 0  # after the lock, counting starts again
        return True
    return False


def record_success(engine: Engine, username: str, address: str) -> None:
    with session_scope(engine) as session:
        session.execute(
            delete(LoginThrottle).where(
                col(LoginThrottle.key).in_([user_key(username), address_key(address)])
            )
        )


def unlock(engine: Engine, username: str) -> bool:
    """An administrator lifts the lock and the count of an account name."""
    with session_scope(engine) as session:
        result = session.execute(
            delete(LoginThrottle).where(col(LoginThrottle.key) == user_key(username))
        )
        return bool(getattr(result, "rowcount", 0))


def locks(engine: Engine, now: datetime | None = None) -> dict[str, datetime]:
    """Account names locked now, with the end of each lock (for the accounts page)."""
    now = now or utcnow()
    with Session(engine) as session:
        rows = session.exec(
            select(LoginThrottle).where(col(LoginThrottle.locked_until) > now)
        ).all()
    return {
        row.key.removeprefix("user:"): row.locked_until
        for row in rows
        if row.key.startswith("user:") and row.locked_until is not None
    }
