"""Which sources are due. The server, a cron line or a systemd timer calls
``legaldesk harvest --due`` every few minutes; each source runs when its interval has passed
since its last run started (see docs/harvesting.md)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from legaldesk.harvesters.store import StoredSource, last_started, list_sources


def due_sources(engine: Engine, now: datetime | None = None) -> list[StoredSource]:
    now = now or datetime.now(UTC)
    due = []
    for source in list_sources(engine):
        interval = source.config.interval
        if not source.enabled or interval is None:
            continue
        started = last_started(engine, source.id)
        if started is not None and started.tzinfo is None:
            started = started.replace(tzinfo=UTC)
        if started is None or started + interval <= now:
            due.append(source)
    return due
