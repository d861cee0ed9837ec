"""One entry for harvesting a source of any kind, and one summary of a source: what the CLI,
the timer and the web workspace share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from legaldesk.desk import LegalDesk
from legaldesk.harvesters.folder import harvest_folder
from legaldesk.harvesters.health import source_health
from legaldesk.harvesters.runner import Harvester, Progress, RunReport
from legaldesk.harvesters.store import StoredSource


def harvest_source(
    desk: LegalDesk,
    source: StoredSource,
    trigger: str = "cli",
    progress: Progress | None = None,
    on_inbox_file: Callable[[], None] = lambda: None,
) -> RunReport:
    """Harvest ``source`` (a folder inbox or a website) and bring the index up to date."""
    if source.config.kind == "folder":
        report = harvest_folder(desk, source, trigger=trigger, on_file=on_inbox_file)
    else:
        report = Harvester(desk, source, trigger=trigger, progress=progress).run()
    desk.sync_index()
    return report


def source_summary(desk: LegalDesk, source: StoredSource) -> dict[str, Any]:
    """A source with its configuration headline and health, JSON-ready."""
    health = source_health(desk.engine, source)
    return {
        "name": source.name,
        "kind": source.config.kind,
        "title": source.config.title,
        "enabled": source.enabled,
        "schedule": source.config.schedule,
        "runs": health.runs,
        "last_run": health.last_run.isoformat() if health.last_run else None,
        "last_status": health.last_status,
        "last_success": health.last_success.isoformat() if health.last_success else None,
        "documents_per_run": round(health.documents_per_run, 1),
        "warnings": health.warnings,
    }
