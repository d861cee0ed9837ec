"""One entry for harvesting a source of any kind, and one summary of a source: what the CLI,
the timer and the web workspace share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from legaldesk.harvesters.folder import harvest_folder
from legaldesk.harvesters.health import source_health
from legaldesk.harvesters.runner import Harvester, Progress, RunReport
from legaldesk.harvesters.store import StoredSource
from legaldesk.repository import Repository


def harvest_source(
    repo: Repository,
    source: StoredSource,
    trigger: str = "cli",
    progress: Progress | None = None,
    on_inbox_file: Callable[[], None] = lambda: None,
) -> RunReport:
    """Harvest ``source`` (a folder inbox or a website). The acts it files reach the index
    through the change log: the indexing loop, or the CLI command at its end."""
    if source.config.kind == "folder":
        return harvest_folder(repo, source, trigger=trigger, on_file=on_inbox_file)
    return Harvester(repo, source, trigger=trigger, progress=progress).run()


def source_summary(repo: Repository, source: StoredSource) -> dict[str, Any]:
    """A source with its configuration headline and health, JSON-ready."""
    health = source_health(repo.engine, source)
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
