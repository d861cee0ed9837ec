"""What the sources API answers (staff only)."""

from __future__ import annotations

from datetime import datetime

import msgspec


class SourceOut(msgspec.Struct):
    name: str
    kind: str
    title: str | None
    enabled: bool
    schedule: str | None
    runs: int
    last_run: datetime | None
    last_status: str | None
    last_success: datetime | None
    documents_per_run: float
    warnings: list[str]


class RunOut(msgspec.Struct):
    id: int
    source_id: int
    source: str | None
    started_at: datetime
    finished_at: datetime | None
    status: str
    trigger: str
    pages: int
    found: int
    new: int
    changed: int
    unchanged: int
    failed: int
    gone: int
    requests: int
    not_modified: int
    bytes: int
    message: str | None


class RunErrorOut(msgspec.Struct):
    url: str
    reason: str
    # error (the URL failed), skipped (its host had stopped answering), deadline (the run
    # stopped at its deadline), retry (it answered after transient failures)
    kind: str


class RunDetailOut(RunOut):
    errors: list[RunErrorOut]
    retries: list[RunErrorOut]
