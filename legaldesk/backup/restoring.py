"""Restoring a snapshot into the repository the settings name.

Everything the snapshot holds is first copied beside what it will replace, each file
checked against the manifest as it is read; the database is loaded and its schema brought
up to this code's. Only then do renames put the parts in place (legaldesk/backup/swap.py).
A damaged snapshot, a newer schema, a refused database: each stops the restore before the
swap, the copies are removed, and the repository is as it was. The search indexes are
rebuilt from the restored database at the end."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from legaldesk.backup import postgres, sqlite
from legaldesk.backup.archive import Member, members, read_member, unreadable_is_damage
from legaldesk.backup.database import KIND_NAMES, View, kind_of
from legaldesk.backup.errors import BackupError, IndexNotRebuilt, RepositoryNotEmpty
from legaldesk.backup.manifest import (
    DUMP_FILE,
    MANIFEST,
    MANIFEST_SUM,
    SQLITE_FILE,
    Manifest,
    Verifier,
    blob_digest,
    copy_hashing,
    setting_name,
)
from legaldesk.backup.progress import INDEXING, READING, SILENT, Report
from legaldesk.backup.swap import Swap, remove
from legaldesk.blobs import BlobStore
from legaldesk.config import Settings
from legaldesk.indexing import follower_lock
from legaldesk.messages import Msg

# Settings of the configuration file that say where the repository is: a file from another
# machine that sets them otherwise would point this one elsewhere.
LOCATIONS = ("data_dir", "database_url", "blob_dir", "index_dir", "qa_index_dir")
CONFIG = "legaldesk.toml"


@dataclass(frozen=True)
class RestoreSummary:
    snapshot: Path
    manifest: Manifest
    upgraded_from: str | None  # the snapshot's revision, when migrations ran from it
    indexed: int
    missing: tuple[str, ...]  # files the restored database names that the snapshot lacked
    config_aside: Path | None  # the snapshot's legaldesk.toml, kept beside the one in use


def snapshot_files(snapshot: Path) -> int | None:
    """How many files a snapshot holds, when it can be told without reading it."""
    if snapshot.is_dir():
        return sum(len(files) for _, _, files in os.walk(snapshot))
    return None


def check(snapshot: Path, report: Report = SILENT) -> Manifest:
    """Read the whole snapshot against its manifest; nothing is written anywhere."""
    verifier = Verifier()
    report.stage(READING, snapshot_files(snapshot))
    for member in members(snapshot):
        if member.name in (MANIFEST, MANIFEST_SUM):
            entry, content = read_member(member, None)
        else:
            with unreadable_is_damage():
                entry, content = copy_hashing(member.stream), None
        verifier.read(member.name, entry, content)
        report.advance()
    return verifier.finish()


class Target:
    """The repository restored into, as the settings describe it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.url = settings.resolved_database_url
        self.kind = kind_of(self.url)
        self.sqlite = sqlite.database_file(self.url) if self.kind == "sqlite" else None
        self.server = postgres.Server(self.url) if self.kind == "postgresql" else None
        self.data_dir = settings.data_dir
        self.blob_dir = settings.resolved_blob_dir

    def folders(self) -> list[Path]:
        """The folders a restore writes beside: they must exist."""
        index = self.settings.resolved_index_dir
        found = [self.data_dir, self.blob_dir.parent, index.parent]
        found.append(self.settings.resolved_qa_index_dir.parent)
        if self.sqlite is not None:
            found.append(self.sqlite.parent)
        return found

    def refuse_if_holds_data(self) -> None:
        if self.sqlite is not None:
            acts, rows = sqlite.occupancy(self.sqlite)
        else:
            assert self.server is not None
            acts, rows = self.server.occupancy()
        files = sum(1 for _ in BlobStore(self.blob_dir).digests())
        if rows or files:
            raise RepositoryNotEmpty(
                Msg(
                    "The repository already holds data (acts: %(acts)d, stored files: "
                    "%(files)d). A restore replaces all of it: to do so, run the command "
                    "again with --force.",
                    acts=acts,
                    files=files,
                )
            )


class Staging:
    """Where the snapshot is copied: beside each thing it replaces, on its file system."""

    def __init__(self, target: Target, token: str) -> None:
        self.target = target
        self.token = token
        self.root = target.data_dir / f".restore-{token}"
        self.blobs = target.blob_dir.with_name(f".{target.blob_dir.name}.restore-{token}")
        self.database = (
            target.sqlite.with_name(f".{target.sqlite.name}.restore-{token}")
            if target.sqlite is not None
            else self.root / "legaldesk.dump"
        )
        self.restored_database: str | None = None  # PostgreSQL: the database loaded
        self.root.mkdir(mode=0o700)
        self.blobs.mkdir(mode=0o700)

    def path_for(self, name: str) -> Path | None:
        """Where member ``name`` goes; None for the manifest, which is read in memory."""
        if name in (MANIFEST, MANIFEST_SUM):
            return None
        if name in (SQLITE_FILE, DUMP_FILE):
            kind = "sqlite" if name == SQLITE_FILE else "postgresql"
            if kind != self.target.kind:
                raise BackupError(
                    Msg(
                        "The backup holds a %(snapshot)s database, and this repository "
                        "uses %(target)s: a backup is restored into the same kind of "
                        "database.",
                        snapshot=KIND_NAMES[kind],
                        target=KIND_NAMES[self.target.kind],
                    )
                )
            return self.database
        digest = blob_digest(name)
        if digest is not None:
            return self.blobs / digest[:2] / digest[2:4] / digest
        setting = setting_name(name)
        assert setting is not None  # members() lets through known names only
        return self.root / "settings" / setting

    def setting(self, name: str) -> Path | None:
        path = self.root / "settings" / name
        return path if path.is_file() else None

    def remove(self) -> None:
        remove(self.root)
        remove(self.blobs)
        remove(self.database)
        for suffix in sqlite.COMPANIONS:
            remove(self.database.with_name(self.database.name + suffix))
        if self.restored_database is not None and self.target.server is not None:
            with contextlib.suppress(Exception):  # the restore's own error matters more
                self.target.server.drop(self.restored_database)


def _read(snapshot: Path, staging: Staging, report: Report) -> Manifest:
    verifier = Verifier()
    report.stage(READING, snapshot_files(snapshot))
    member: Member
    for member in members(snapshot):
        target = staging.path_for(member.name)
        entry, content = read_member(member, target)
        verifier.read(member.name, entry, content)
        report.advance()
    return verifier.finish()


def _config_fits(staged: Path, settings: Settings) -> bool:
    """Whether the snapshot's configuration file says the repository is where it is."""
    try:
        values = tomllib.loads(staged.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return False
    for key in LOCATIONS:
        if key in values:
            current = getattr(settings, key)
            if current is None or str(values[key]) != str(current):
                return False
    return True


def _settings(staging: Staging, swap: Swap, settings: Settings) -> Path | None:
    """The site's key replaces the repository's (links sent from the snapshot's site keep
    working); the configuration file is put in place only where none is and it points
    here, else kept beside the one in use for the administrator to compare."""
    key = staging.setting("secret.key")
    if key is not None:
        swap.replace(key, settings.data_dir / "secret.key")
    config = staging.setting(CONFIG)
    if config is None:
        return None
    current = settings.data_dir / CONFIG
    if current.is_file() and current.read_bytes() == config.read_bytes():
        return None
    if not current.exists() and _config_fits(config, settings):
        swap.replace(config, current)
        return None
    aside = settings.data_dir / (CONFIG + ".restored")
    swap.replace(config, aside)
    return aside


def _make_folders(paths: list[Path]) -> list[Path]:
    """Create the missing folders; the ones created, outermost first."""
    created: list[Path] = []
    for path in paths:
        missing = [p for p in (path, *path.parents) if not p.exists()]
        for folder in reversed(missing):
            folder.mkdir(mode=0o700)
            created.append(folder)
    return created


@contextlib.contextmanager
def _service_stopped(settings: Settings) -> Iterator[None]:
    """Held for the whole restore: the lock of whoever applies the change log to the index
    (the service's indexing loop). Taken, it says the service is not running, and no loop
    starts until the restore is done."""
    lock: FileLock = follower_lock(settings.resolved_index_dir)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise BackupError(
            Msg(
                "The repository is in use: its indexing loop is running (legaldesk serve or "
                "legaldesk index --follow). Stop the service, then restore."
            )
        ) from None
    try:
        yield
    finally:
        lock.release()


def restore(
    settings: Settings, snapshot: Path, *, force: bool = False, report: Report = SILENT
) -> RestoreSummary:
    snapshot = snapshot.absolute()
    if not snapshot.exists():
        raise BackupError(Msg("There is no backup at %(path)s.", path=str(snapshot)))
    target = Target(settings)
    token = secrets.token_hex(4)
    created = _make_folders(target.folders())
    placed = False
    try:
        with _service_stopped(settings):
            if not force:
                target.refuse_if_holds_data()
            staging = Staging(target, token)
            swap = Swap(token)
            try:
                manifest = _read(snapshot, staging, report)
                view, upgraded = _prepare_database(target, staging, report)
                missing = view.referenced - {
                    d for d in map(blob_digest, manifest.files) if d is not None
                }
                _swap_database(target, staging, swap)
                swap.replace(staging.blobs, target.blob_dir)
                config_aside = _settings(staging, swap, settings)
                # The indexes of what was here go: rebuilt below from the restored database.
                swap.replace(None, settings.resolved_index_dir)
                swap.replace(None, settings.resolved_qa_index_dir)
            except BaseException:
                swap.rollback()
                staging.remove()
                raise
            placed = True
            staging.restored_database = None  # it is the repository's database now
            swap.commit()
            staging.remove()
            indexed = _rebuild(settings, report, view.acts)
    except BaseException:
        if not placed:
            for folder in reversed(created):
                shutil.rmtree(folder, ignore_errors=True)
        raise
    return RestoreSummary(
        snapshot=snapshot,
        manifest=manifest,
        upgraded_from=view.revision if upgraded else None,
        indexed=indexed,
        missing=tuple(sorted(missing)),
        config_aside=config_aside,
    )


def _prepare_database(target: Target, staging: Staging, report: Report) -> tuple[View, bool]:
    consumer = target.settings.index_consumer
    if target.sqlite is not None:
        return sqlite.prepare(staging.database, consumer, report)
    assert target.server is not None
    name = target.server.temporary("restore", staging.token)
    target.server.create(name)
    staging.restored_database = name
    target.server.load(staging.database, name, report)
    return target.server.prepare(name, consumer, report)


def _swap_database(target: Target, staging: Staging, swap: Swap) -> None:
    if target.sqlite is not None:
        # The old database's -wal would be read as the new one's: it goes with its file.
        for suffix in sqlite.COMPANIONS:
            swap.replace(None, target.sqlite.with_name(target.sqlite.name + suffix))
        swap.replace(staging.database, target.sqlite)
        return
    assert target.server is not None and staging.restored_database is not None
    target.server.swap_in(swap, staging.restored_database, swap.token)


def _rebuild(settings: Settings, report: Report, acts: int) -> int:
    from legaldesk.repository import Repository

    repo = Repository(settings)
    try:
        repo.init()  # what `legaldesk init` does for an upgraded repository: seeds, consumers
        report.stage(INDEXING, acts)
        indexed = repo.reindex(report.advance)
        repo.reindex_qa()
    except Exception as exc:
        raise IndexNotRebuilt(
            Msg(
                "The repository is restored, but the search index could not be rebuilt "
                "(%(detail)s): run legaldesk reindex.",
                detail=str(exc),
            )
        ) from exc
    finally:
        repo.close()
    return indexed
