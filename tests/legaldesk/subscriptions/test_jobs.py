"""The digest job in the indexing loop's turns: at most once an interval, and a pass after
the consumer has read the log queues the due digests."""

from __future__ import annotations

from sqlmodel import Session, select

from legaldesk.models import OutboxMessage
from legaldesk.repository import Repository
from legaldesk.subscriptions import jobs
from tests.legaldesk.subscriptions.conftest import deputy, file


def digests_queued(repo: Repository) -> int:
    with Session(repo.engine) as session:
        rows = session.exec(select(OutboxMessage.kind)).all()
    return sum(1 for kind in rows if kind == "subscription_digest")


def test_the_loops_digest_task_runs_once_an_interval(repo: Repository) -> None:
    repo.init()
    deputy(repo)
    turn = jobs.every(repo.engine, repo.settings, str, interval=3600)

    assert turn() == []  # nothing found yet: the first turn runs and queues nothing
    file(repo, "10", "О тарифах на услуги жилищно-коммунального хозяйства")
    assert turn() is None  # within the interval: not run
    assert digests_queued(repo) == 0

    now = jobs.every(repo.engine, repo.settings, str, interval=0)
    sent = now()

    assert isinstance(sent, list) and len(sent) == 1
    assert digests_queued(repo) == 1
