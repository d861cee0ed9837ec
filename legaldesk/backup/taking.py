"""Taking a snapshot of a running repository (see the package's docstring for why the
database comes first and the files after it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from legaldesk.backup import postgres, sqlite
from legaldesk.backup.archive import open_writer
from legaldesk.backup.database import kind_of
from legaldesk.backup.errors import BackupError
from legaldesk.backup.manifest import DUMP_FILE, SETTINGS, SQLITE_FILE, Manifest, blob_member
from legaldesk.backup.progress import FILES, SILENT, Report
from legaldesk.blobs import BlobStore
from legaldesk.config import Settings
from legaldesk.messages import Msg


@dataclass(frozen=True)
class BackupSummary:
    destination: Path
    manifest: Manifest
    size: int  # bytes of the files in the snapshot
    # Files the snapshot's database names but the store lacked, and stored files whose
    # bytes no longer match their name: damage found in the repository, not made by the
    # backup (the snapshot holds what there was).
    missing: tuple[str, ...]
    corrupt: tuple[str, ...]


def legaldesk_version() -> str:
    try:
        return version("legaldesk")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def settings_files(settings: Settings) -> list[tuple[str, Path]]:
    """The settings the data directory keeps: the site's key (unless the environment
    gives it) and the configuration file. Everything else configurable is in the database
    (copied with it) or in the environment, which is the administrator's to keep."""
    found = []
    for name in SETTINGS:
        if name == "secret.key" and settings.secret_key:
            continue
        path = settings.data_dir / name
        if path.is_file():
            found.append((name, path))
    return found


def _check_destination(settings: Settings, destination: Path) -> None:
    if destination.exists():
        raise BackupError(Msg("%(path)s already exists: choose a new name.", path=str(destination)))
    if not destination.parent.is_dir():
        raise BackupError(
            Msg("There is no folder %(path)s to save the backup in.", path=str(destination.parent))
        )
    if destination.resolve().is_relative_to(settings.resolved_blob_dir.resolve()):
        raise BackupError(Msg("A backup cannot be saved inside the store of files it copies."))


def take_backup(settings: Settings, destination: Path, report: Report = SILENT) -> BackupSummary:
    destination = destination.absolute()
    _check_destination(settings, destination)
    url = settings.resolved_database_url
    kind = kind_of(url)
    store = BlobStore(settings.resolved_blob_dir)
    writer = open_writer(destination)
    try:
        member = SQLITE_FILE if kind == "sqlite" else DUMP_FILE
        dump = sqlite.dump if kind == "sqlite" else postgres.dump
        view = dump(url, writer.scratch(member), report)
        if view.revision is None:
            raise BackupError(
                Msg(
                    "The repository has no database yet (legaldesk init creates it): "
                    "nothing to back up."
                )
            )
        files = {member: writer.adopt(member)}
        for name, path in settings_files(settings):
            files[f"settings/{name}"] = writer.add(f"settings/{name}", path)
        # Listed once the database's snapshot is complete: every file a row of it names
        # was stored before that row was committed, so it is listed (package docstring).
        digests = sorted(store.digests())
        report.stage(FILES, len(digests))
        corrupt = []
        for digest in digests:
            entry = writer.add(blob_member(digest), store.path_for(digest))
            if entry.sha256 != digest:
                corrupt.append(digest)
            files[blob_member(digest)] = entry
            report.advance()
        manifest = Manifest(
            database=kind,
            revision=view.revision,
            created_at=datetime.now(UTC),
            acts=view.acts,
            legaldesk=legaldesk_version(),
            files=files,
        )
        writer.finish(manifest)
    except BaseException:
        writer.abort()
        raise
    return BackupSummary(
        destination=destination,
        manifest=manifest,
        size=sum(e.size for e in files.values()),
        missing=tuple(sorted(view.referenced - set(digests))),
        corrupt=tuple(corrupt),
    )
