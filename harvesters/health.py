"""Is a source still working? A scraper that silently finds nothing is the commonest failure
in this field: the site moved its documents and every run «succeeds» with zero files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.harvesters.store import StoredSource
from legaldesk.messages import Msg
from legaldesk.models import HarvestRun

WINDOW = 20  # runs looked at


@dataclass
class Health:
    runs: int = 0
    last_run: datetime | None = None
    last_status: str | None = None
    last_success: datetime | None = None
    documents_per_run: float = 0.0
    warnings: list[str] = field(default_factory=list)


def source_health(engine: Engine, source: StoredSource, now: datetime | None = None) -> Health:
    now = now or datetime.now(UTC)
    with Session(engine) as session:
        rows = session.exec(
            select(HarvestRun)
            .where(HarvestRun.source_id == source.id, HarvestRun.status != "running")
            .order_by(col(HarvestRun.id).desc())
            .limit(WINDOW)
        ).all()
    health = Health(runs=len(rows))
    if not rows:
        return health
    health.last_run = rows[0].started_at
    health.last_status = rows[0].status
    ok = [r for r in rows if r.status in ("ok", "partial")]
    health.last_success = ok[0].finished_at if ok else None
    health.documents_per_run = sum(r.found for r in rows) / len(rows)
    limit = source.config.warn_after_empty_runs

    failing = 0
    for r in rows:
        if r.status != "failed":
            break
        failing += 1
    if failing >= limit:
        why = rows[0].message or "see `legaldesk runs show`"
        health.warnings.append(Msg("the last %(n)d runs failed: %(why)s", n=failing, why=why))

    if source.config.kind != "folder":  # an empty inbox is a quiet week, not a fault
        empty = 0
        for r in rows:
            if r.found:
                break
            empty += 1
        earlier = max((r.found for r in rows[empty:]), default=0)
        if empty >= limit and earlier:
            health.warnings.append(
                Msg(
                    "found no documents in the last %(n)d runs, though it found %(earlier)d "
                    "before: the site may have changed its pages",
                    n=empty,
                    earlier=earlier,
                )
            )

    interval = source.config.interval
    last_success = _aware(health.last_success)
    if interval and source.enabled and last_success and now - last_success > 3 * interval:
        health.warnings.append(
            Msg("no successful run since %(when)s", when=f"{last_success:%Y-%m-%d %H:%M}")
        )
    return health


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)
