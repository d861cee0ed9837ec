"""Sign-in throttling: free attempts, doubling waits, locks, and what clears them."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.accounts import throttle
from legaldesk.accounts.signin import attempt, refused
from legaldesk.accounts.users import create_user
from legaldesk.models import AuditEvent
from legaldesk.models.base import utcnow

POLICY = throttle.Policy(free=3, lock_after=10, address_lock_after=30, lock_minutes=15)


def waits(
    engine: Engine, count: int, name: str = "admin", address: str = "10.0.0.9"
) -> list[float]:
    """The wait after each of ``count`` failures, each made the moment it was allowed."""
    now = utcnow()
    out = []
    for _ in range(count):
        throttle.record_failure(engine, name, address, POLICY, now)
        refusal = throttle.check(engine, name, address, now)
        wait = refusal.wait.total_seconds() if refusal else 0.0
        out.append(wait)
        now += timedelta(seconds=wait)
    return out


def test_the_first_failures_are_free_then_each_wait_doubles(engine: Engine) -> None:
    assert waits(engine, 9) == [0, 0, 0, 1, 2, 4, 8, 16, 32]


def test_the_tenth_failure_locks_the_account_name_for_the_lock_time(engine: Engine) -> None:
    now = utcnow()
    for _ in range(9):
        throttle.record_failure(engine, "admin", "10.0.0.9", POLICY, now)
    record = throttle.record_failure(engine, "admin", "10.0.0.9", POLICY, now)

    assert record.locked == ["user:admin"]
    refusal = throttle.check(engine, "admin", "10.0.0.10", now)  # from any address
    assert refusal is not None and refusal.locked and refusal.wait == timedelta(minutes=15)
    assert throttle.locks(engine, now) == {"admin": now + timedelta(minutes=15)}
    assert throttle.check(engine, "admin", "10.0.0.10", now + timedelta(minutes=15)) is None


def test_an_address_trying_many_names_is_throttled_by_its_address(engine: Engine) -> None:
    now = utcnow()
    for n in range(5):
        throttle.record_failure(engine, f"user{n}", "203.0.113.7", POLICY, now)

    assert throttle.check(engine, "somebody-new", "203.0.113.7", now) is not None
    assert throttle.check(engine, "somebody-new", "203.0.113.8", now) is None


def test_a_success_clears_the_name_and_the_address(engine: Engine) -> None:
    create_user(engine, "anna", "correct horse battery", "librarian")
    now = utcnow()
    for _ in range(3):
        throttle.record_failure(engine, "anna", "10.0.0.9", POLICY, now)

    assert attempt(engine, POLICY, "anna", "correct horse battery", "10.0.0.9").user is not None

    throttle.record_failure(engine, "anna", "10.0.0.9", POLICY, now)
    assert throttle.check(engine, "anna", "10.0.0.9", now) is None  # one failure: free again


def test_old_failures_are_forgotten(engine: Engine) -> None:
    then = utcnow() - timedelta(days=2)
    for _ in range(6):
        throttle.record_failure(engine, "admin", "10.0.0.9", POLICY, then)

    throttle.record_failure(engine, "admin", "10.0.0.9", POLICY, utcnow())

    assert throttle.check(engine, "admin", "10.0.0.9") is None


def test_an_administrator_lifts_a_lock(engine: Engine) -> None:
    now = utcnow()
    for _ in range(10):
        throttle.record_failure(engine, "admin", "10.0.0.9", POLICY, now)

    assert throttle.unlock(engine, "ADMIN ")
    assert throttle.check(engine, "admin", "10.0.0.11", now) is None
    assert not throttle.unlock(engine, "admin")


def test_every_attempt_is_in_the_audit_trail_with_its_address(engine: Engine) -> None:
    create_user(engine, "anna", "correct horse battery", "librarian")
    policy = throttle.Policy(free=5, lock_after=3, address_lock_after=30, lock_minutes=15)

    for _ in range(3):
        assert attempt(engine, policy, "anna", "guess", "198.51.100.4").user is None
    assert refused(engine, "anna", "198.51.100.4") is not None  # locked: not even checked
    assert attempt(engine, policy, "ghost", "guess", "198.51.100.5").user is None

    with Session(engine) as session:
        events = session.exec(select(AuditEvent).order_by(col(AuditEvent.id))).all()
    seen = [
        (e.action, e.detail.get("user") or e.detail.get("key"), e.detail.get("address"))
        for e in events
        if e.action.startswith("login")
    ]
    assert seen == [
        ("login_failed", "anna", "198.51.100.4"),
        ("login_failed", "anna", "198.51.100.4"),
        ("login_failed", "anna", "198.51.100.4"),
        ("login_locked", "user:anna", "198.51.100.4"),
        ("login_failed", "ghost", "198.51.100.5"),
    ]
