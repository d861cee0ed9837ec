"""The health of the background work, as far as the database shows it: each harvested
source (its last run, its failures), the jobs that run beside the web workers (the
indexing loop, the mail sender, the digests) and each follower of the change log. The
jobs leave no heartbeat; what they last did is their heartbeat, and a job with work
waiting that has done nothing for a while is the one to look at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk import changes
from legaldesk.harvesters.health import WINDOW, Health, source_health
from legaldesk.harvesters.store import StoredSource, list_sources
from legaldesk.mail import outbox
from legaldesk.models import HarvestRun, OutboxMessage, SubscriptionItem
from legaldesk.models.base import utcnow

# Work waiting longer than this means its job is not running or cannot keep up: the
# indexing loop takes a change within a second (docs/benchmarks.md), the sender a message
# within a minute when the mail server answers.
LATE = {"index": timedelta(minutes=1), "mail": timedelta(minutes=15)}


@dataclass(frozen=True)
class SourceState:
    source: StoredSource
    health: Health
    failed_runs: int  # of the latest WINDOW finished runs

    @property
    def ok(self) -> bool:
        return not self.health.warnings and self.health.last_status != "failed"


@dataclass(frozen=True)
class Job:
    """One background job: ``waiting`` things to do, the oldest since ``waiting_since``,
    and the last time it did something."""

    key: str  # index, mail, digests
    waiting: int
    waiting_since: datetime | None
    last_done: datetime | None
    late: bool
    off: bool = False  # not started by this configuration (mail without a server)


def sources(engine: Engine) -> list[SourceState]:
    found = []
    for source in list_sources(engine):
        with Session(engine) as session:
            statuses = session.exec(
                select(HarvestRun.status)
                .where(HarvestRun.source_id == source.id, HarvestRun.status != "running")
                .order_by(col(HarvestRun.id).desc())
                .limit(WINDOW)
            ).all()
        found.append(
            SourceState(source, source_health(engine, source), sum(s == "failed" for s in statuses))
        )
    return found


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _late(key: str, since: datetime | None, now: datetime) -> bool:
    since = _aware(since)
    return since is not None and now - since > LATE[key]


def jobs(
    engine: Engine,
    index_consumer: str,
    lags: list[changes.Lag],
    mail_configured: bool,
    now: datetime | None = None,
) -> list[Job]:
    now = _aware(now or utcnow()) or datetime.now(UTC)
    index = next((lag for lag in lags if lag.consumer == index_consumer), None)
    mail = outbox.state(engine)
    with Session(engine) as session:
        unmailed = session.exec(
            select(func.count(), func.min(SubscriptionItem.created_at)).where(
                col(SubscriptionItem.mailed_at).is_(None)
            )
        ).one()
        last_digest = session.exec(
            select(func.max(OutboxMessage.created_at)).where(
                OutboxMessage.kind == "subscription_digest"
            )
        ).one()
    return [
        Job(
            "index",
            waiting=index.behind if index else 0,
            waiting_since=index.oldest_pending_at if index else None,
            last_done=index.updated_at if index else None,
            late=index is not None and _late("index", index.oldest_pending_at, now),
        ),
        Job(
            "mail",
            waiting=mail.queued,
            waiting_since=mail.oldest_queued_at,
            last_done=mail.last_sent_at,
            late=mail_configured and _late("mail", mail.oldest_queued_at, now),
            off=not mail_configured,
        ),
        # Items wait for their subscriber's schedule (a weekly digest waits a week), so a
        # digest job is late only when nothing at all was queued for a long while.
        Job(
            "digests",
            waiting=int(unmailed[0] or 0),
            waiting_since=unmailed[1],
            last_done=last_digest,
            late=False,
        ),
    ]
