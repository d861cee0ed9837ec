"""A folder inbox: files a librarian receives by e-mail or on a stick are dropped into a
folder; each harvest ingests them and moves each to ``processed/`` or, with a
``<name>.reason.txt`` beside it, to ``failed/``. Nothing is deleted.

The folder must lie under an inbox root, away from LegalDesk's own data (inbox.py): checked
again at every harvest, since folders and links change after a source is saved."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from legaldesk.harvesters.inbox import FolderRefused, Inbox, check_folder, inbox_target, read_file
from legaldesk.harvesters.pages import Candidate
from legaldesk.harvesters.runner import (
    FileResult,
    Harvester,
    RunReport,
    listing_to_hints,
    source_lock,
)
from legaldesk.harvesters.store import StoredSource
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository

PROCESSED = "processed"
FAILED = "failed"
# A file modified this recently may still be being copied in; the next run takes it.
SETTLE_SECONDS = 2.0
RESULTS: dict[str, FileResult] = {
    "created": "new",
    "new_version": "changed",
    "duplicate": "unchanged",
}


def inbox_files(folder: Path, now: float | None = None) -> list[Path]:
    now = time.time() if now is None else now
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and not p.name.startswith((".", "~$"))
        and not p.name.endswith((".part", ".crdownload", ".tmp"))
        and now - p.stat().st_mtime >= SETTLE_SECONDS
    )


def harvest_folder(
    repo: Repository,
    source: StoredSource,
    trigger: str = "cli",
    on_file: Callable[[], None] = lambda: None,
) -> RunReport:
    with source_lock(repo, source.name):
        harvester = _FolderHarvester(repo, source, trigger=trigger)
        harvester.on_file = on_file
        try:
            return asyncio.run(harvester.run_folder())
        finally:
            harvester._db.shutdown(wait=True)


class _FolderHarvester(Harvester):
    on_file: Callable[[], None]

    async def run_folder(self) -> RunReport:
        assert self.config.path is not None
        run_id = await self._in_db(self.ledger.start, self.trigger)
        report = RunReport(run_id, self.source.name, "running")
        try:
            inbox = check_folder(self.repo.settings, self.config.path)
            problem = None if inbox.folder.is_dir() else "the inbox folder does not exist"
        except FolderRefused as exc:
            problem = str(exc)
        if problem is not None:
            report.status = "failed"
            report.errors.append((str(self.config.path), problem))
            await self._in_db(self.ledger.error, run_id, str(self.config.path), problem)
            await self._finish(run_id, report, None)
            return report
        folder = inbox.folder  # resolved: what was checked is what is read
        for sub in (PROCESSED, FAILED):
            (folder / sub).mkdir(exist_ok=True)
        files = inbox_files(folder)
        report.found = len(files)
        for path in files:
            result = await self._in_db(self._one, run_id, inbox, path, report)
            self._count(report, result)
            self.on_file()
        report.status = "partial" if report.failed else "ok"
        await self._finish(run_id, report, None)
        return report

    def _one(self, run_id: int, inbox: Inbox, path: Path, report: RunReport) -> FileResult:
        folder = inbox.folder
        target, problem = inbox_target(inbox, path)
        if problem is not None:  # left where it is: not ours to read, nor to move
            self.ledger.error(run_id, path.name, problem)
            report.errors.append((path.name, problem))
            return "failed"
        try:
            data = read_file(target)
        except OSError as exc:
            reason = f"cannot read the file: {exc.strerror or exc}"
            self.ledger.error(run_id, path.name, reason)
            report.errors.append((path.name, reason))
            return "failed"
        hints = listing_to_hints(Candidate(path.name), self.config, "")
        hints = type(hints)(**{**hints.__dict__, "source_url": None})
        ingestor = self.repo.ingestor(self.actor, self.way)
        outcome = ingestor.ingest(RawFile(data, path.name, hints))
        if outcome.status == "failed":
            reason = outcome.reason or "ingest failed"
            target = _free_name(folder / FAILED, path.name)
            path.rename(target)
            target.with_name(target.name + ".reason.txt").write_text(reason + "\n", "utf-8")
            self.ledger.error(run_id, path.name, reason)
            report.errors.append((path.name, reason))
            return "failed"
        path.rename(_free_name(folder / PROCESSED, path.name))
        return RESULTS[outcome.status]


def _free_name(folder: Path, name: str) -> Path:
    """``name`` in ``folder``, numbered when a file of that name is there already."""
    target = folder / name
    stem, suffix, n = target.stem, target.suffix, 1
    while target.exists():
        target = folder / f"{stem}.{n}{suffix}"
        n += 1
    return target
