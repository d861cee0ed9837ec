"""The service's metrics in Prometheus' text format (``/metrics``).

Two kinds. Requests (how many, how long, by route template, method and status) are counted
by each web worker as it answers; with several workers (``legaldesk serve``) each writes
its counts to files in ``PROMETHEUS_MULTIPROC_DIR`` and a scrape, answered by any worker,
adds up every worker's files (prometheus-client's multiprocess mode). Everything else —
harvest runs and failures by source, the mail outbox, the change log's followers, the
index — is state the workers share through the database and the index's directory, so it
is read at scrape time (:class:`StateCollector`) rather than counted in some process that
may not be the one asked.

In multiprocess mode prometheus-client's own process collectors (memory, CPU) do not
work, and metrics must not be registered in the registry a scrape collects from (they
would be counted twice): the request metrics are created unregistered and reach the scrape
through the worker files.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import func
from sqlmodel import Session, col, select

from legaldesk import changes
from legaldesk.models import HarvestRun, OutboxMessage, Source
from legaldesk.repository import Repository

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "<unmatched>"  # a path no route answers: its text is never a label


def multiprocess_dir() -> str | None:
    return os.environ.get(MULTIPROC_ENV) or None


def prepare_multiprocess_dir(data_dir: Path) -> Path:
    """An empty directory for the workers' metric files, in the data directory: emptied at
    every start, as prometheus-client requires (files of an earlier run's processes would
    be added to this run's counts)."""
    path = data_dir / "metrics"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    for entry in path.iterdir():
        if entry.is_file() and entry.suffix == ".db":
            entry.unlink()
    return path


class RequestMetrics:
    """Requests counted by this process — in a registry of its own (one process), or in the
    multiprocess files (several workers) — and the registry a scrape collects."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.shared = multiprocess_dir() is not None
        self.registry = None if self.shared else CollectorRegistry()
        labels = ("route", "method", "status")
        self.requests = Counter(
            "legaldesk_http_requests",
            "HTTP requests answered, by route template, method and status.",
            labels,
            registry=self.registry,
        )
        self.duration = Histogram(
            "legaldesk_http_request_duration_seconds",
            "Time from a request's arrival to the end of its response, by route template, "
            "method and status.",
            labels,
            registry=self.registry,
        )
        if self.registry is not None:
            self.registry.register(StateCollector(repo))

    def observe(self, route: str | None, method: str, status: int, seconds: float) -> None:
        values = (route or UNMATCHED, method if method in METHODS else "other", str(status))
        self.requests.labels(*values).inc()
        self.duration.labels(*values).observe(seconds)

    def scrape_registry(self) -> CollectorRegistry:
        """What a scrape collects: every worker's request metrics and the shared state."""
        if self.registry is not None:
            return self.registry
        registry = CollectorRegistry()  # a new one each scrape, as multiprocess mode asks
        MultiProcessCollector(registry)
        registry.register(StateCollector(self.repo))
        return registry


def _seconds(value: datetime | None) -> float:
    if value is None:
        return 0.0
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()


class StateCollector(Collector):
    """The state the workers share, read from the database and the index at scrape time.
    A database that does not answer leaves its families out and says so in
    ``legaldesk_database_up``; the request metrics are still served."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        up = GaugeMetricFamily(
            "legaldesk_database_up", "1 when the database answered this scrape's queries."
        )
        try:
            families = list(self._from_database())
            up.add_metric([], 1)
        except Exception:
            families = []
            up.add_metric([], 0)
        yield up
        yield from families
        yield from self._index()

    def _from_database(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        engine = self.repo.engine
        with Session(engine) as session:
            names = dict(session.exec(select(Source.id, Source.name)).all())
            per_status = session.exec(
                select(HarvestRun.source_id, HarvestRun.status, func.count())
                .where(col(HarvestRun.status) != "running")
                .group_by(col(HarvestRun.source_id), col(HarvestRun.status))
            ).all()
            last = session.exec(
                select(
                    HarvestRun.source_id,
                    func.max(HarvestRun.started_at),
                ).group_by(col(HarvestRun.source_id))
            ).all()
            last_ok = session.exec(
                select(HarvestRun.source_id, func.max(HarvestRun.finished_at))
                .where(col(HarvestRun.status).in_(("ok", "partial")))
                .group_by(col(HarvestRun.source_id))
            ).all()
            outbox = dict(
                session.exec(
                    select(OutboxMessage.status, func.count()).group_by(col(OutboxMessage.status))
                ).all()
            )
        runs = CounterMetricFamily(
            "legaldesk_harvest_runs",
            "Finished harvest runs by source and outcome (ok, partial, failed, interrupted).",
            labels=["source", "status"],
        )
        failures = CounterMetricFamily(
            "legaldesk_harvest_failures",
            "Harvest runs that failed as a whole (the source itself failed), by source.",
            labels=["source"],
        )
        failed: dict[str, int] = {name: 0 for name in names.values()}
        for source_id, status, count in per_status:
            name = names.get(source_id, str(source_id))
            runs.add_metric([name, status], count)
            if status == "failed":
                failed[name] = failed.get(name, 0) + count
        for name, count in sorted(failed.items()):
            failures.add_metric([name], count)
        yield runs
        yield failures
        last_run = GaugeMetricFamily(
            "legaldesk_harvest_last_run_timestamp_seconds",
            "When each source's latest harvest started (Unix time).",
            labels=["source"],
        )
        for source_id, at in last:
            last_run.add_metric([names.get(source_id, str(source_id))], _seconds(at))
        yield last_run
        last_success = GaugeMetricFamily(
            "legaldesk_harvest_last_success_timestamp_seconds",
            "When each source's latest successful harvest finished (Unix time).",
            labels=["source"],
        )
        for source_id, finished in last_ok:
            last_success.add_metric([names.get(source_id, str(source_id))], _seconds(finished))
        yield last_success

        depth = GaugeMetricFamily(
            "legaldesk_mail_outbox_messages",
            "E-mails in the outbox by status: queued and sending wait, failed gave up.",
            labels=["status"],
        )
        for status in ("queued", "sending", "sent", "failed"):
            depth.add_metric([status], outbox.pop(status, 0))
        for status, count in sorted(outbox.items()):
            depth.add_metric([status], count)
        yield depth

        head = GaugeMetricFamily("legaldesk_change_log_head", "The id of the last change of acts.")
        head.add_metric([], changes.head(engine))
        yield head
        behind = GaugeMetricFamily(
            "legaldesk_change_log_lag_changes",
            "Changes of acts a follower of the change log has not applied yet.",
            labels=["consumer"],
        )
        waiting = GaugeMetricFamily(
            "legaldesk_change_log_lag_seconds",
            "How long the oldest change a follower has not applied has waited (0: none).",
            labels=["consumer"],
        )
        for lag in self.repo.lags():  # a reading node's own index among them
            behind.add_metric([lag.consumer], lag.behind)
            waiting.add_metric([lag.consumer], lag.age.total_seconds() if lag.age else 0.0)
        yield behind
        yield waiting

    def _index(self) -> Iterator[GaugeMetricFamily]:
        index = self.repo.index
        size = GaugeMetricFamily(
            "legaldesk_index_size_bytes", "The search index's files on disk, in bytes."
        )
        documents = GaugeMetricFamily(
            "legaldesk_index_documents", "Acts in the search index as this worker sees it."
        )
        try:
            size.add_metric([], index.size_on_disk())
            documents.add_metric([], index.count())
        except Exception:
            return
        yield size
        yield documents
