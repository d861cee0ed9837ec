"""Rates of actions per key in the database: a burst, then one action each interval; a
refusal says how long to wait; workers racing for the last allowance get it once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from legaldesk import ratelimit
from legaldesk.models import RateLimit
from legaldesk.ratelimit import Rate
from legaldesk.repository import Repository

HOURLY = Rate(3, timedelta(hours=1))  # a burst of 3, then one each 20 minutes


def test_a_burst_is_allowed_then_one_action_each_interval(repo: Repository) -> None:
    engine, now = repo.engine, 1_000_000.0

    taken = [ratelimit.take(engine, "k", HOURLY, now=now) for _ in range(4)]

    assert taken[:3] == [None, None, None]
    assert taken[3] == timedelta(minutes=20)  # the first of the three comes back then
    assert ratelimit.take(engine, "k", HOURLY, now=now + 20 * 60 - 1) is not None
    assert ratelimit.take(engine, "k", HOURLY, now=now + 20 * 60) is None
    assert ratelimit.take(engine, "k", HOURLY, now=now + 20 * 60) is not None


def test_keys_are_counted_apart_and_a_refusal_counts_nothing(repo: Repository) -> None:
    engine, now = repo.engine, 1_000_000.0
    for _ in range(3):
        ratelimit.take(engine, "a", HOURLY, now=now)
    for _ in range(10):  # refused attempts do not push the wait further
        assert ratelimit.take(engine, "a", HOURLY, now=now) == timedelta(minutes=20)

    assert ratelimit.take(engine, "b", HOURLY, now=now) is None


def test_a_whole_allowance_back_leaves_no_row(repo: Repository) -> None:
    engine, now = repo.engine, 1_000_000.0
    ratelimit.take(engine, "old", HOURLY, now=now)

    ratelimit.take(engine, "new", HOURLY, now=now + 3600)

    with Session(engine) as session:
        assert session.exec(select(RateLimit.key)).all() == ["new"]


def test_workers_racing_for_the_last_allowance_get_it_once(repo: Repository) -> None:
    engine, now = repo.engine, 1_000_000.0
    rate = Rate(5, timedelta(hours=1))
    start = threading.Barrier(8)
    results: list[timedelta | None] = []

    def worker() -> None:
        start.wait()
        for _ in range(3):
            results.append(ratelimit.take(engine, "shared", rate, now=now))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(results) == 24 and results.count(None) == 5


def test_a_rate_allows_at_least_one_action() -> None:
    with pytest.raises(ValueError):
        Rate(0, timedelta(hours=1))
