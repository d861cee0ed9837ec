"""A snapshot on disk: a directory, or one tar archive (``.tar``, or ``.tar.gz`` / ``.tgz``
compressed). Written under a hidden temporary name beside the destination and given its
name only when complete, so a snapshot under its name is always whole; read back member by
member, the same way for both."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import os
import secrets
import shutil
import tarfile
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from legaldesk.backup.errors import BackupError, SnapshotDamaged
from legaldesk.backup.manifest import (
    MANIFEST,
    MANIFEST_SUM,
    Entry,
    HashingReader,
    Manifest,
    copy_hashing,
    known,
    manifest_sum,
)
from legaldesk.messages import Msg

ARCHIVE_SUFFIXES = (".tar", ".tar.gz", ".tgz")


def is_archive(path: Path) -> bool:
    return path.name.endswith(ARCHIVE_SUFFIXES)


def private_folders(path: Path) -> None:
    """``path`` and its missing parents, each readable by its owner only (``mkdir -p``
    gives the parents the default mode)."""
    missing = [p for p in (path, *path.parents) if not p.is_dir()]
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)


def _private_file(path: Path) -> IO[bytes]:
    # The snapshot holds password hashes and the site's key: its owner's eyes only.
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


class Writer:
    """Collects the members of a snapshot; ``finish`` gives it its name, ``abort`` leaves
    nothing behind."""

    def __init__(self, destination: Path) -> None:
        self.destination = destination
        self.partial = destination.with_name(f".{destination.name}.partial-{secrets.token_hex(4)}")

    def scratch(self, name: str) -> Path:
        """Where to write the file that becomes member ``name`` (a database dump)."""
        raise NotImplementedError

    def adopt(self, name: str) -> Entry:
        """Take the file written at ``scratch(name)`` as member ``name``."""
        raise NotImplementedError

    def add(self, name: str, source: Path) -> Entry:
        raise NotImplementedError

    def _add_bytes(self, name: str, data: bytes) -> None:
        raise NotImplementedError

    def _close(self) -> None:
        raise NotImplementedError

    def finish(self, manifest: Manifest) -> None:
        data = manifest.to_bytes()
        self._add_bytes(MANIFEST, data)
        self._add_bytes(MANIFEST_SUM, manifest_sum(data))
        self._close()
        if self.destination.exists():
            raise BackupError(
                Msg("%(path)s already exists: choose a new name.", path=str(self.destination))
            )
        self._publish()

    def _publish(self) -> None:
        raise NotImplementedError

    def abort(self) -> None:
        raise NotImplementedError


class DirectoryWriter(Writer):
    def __init__(self, destination: Path) -> None:
        super().__init__(destination)
        self.partial.mkdir(mode=0o700)

    def _path(self, name: str) -> Path:
        path = self.partial / name
        private_folders(path.parent)
        return path

    def scratch(self, name: str) -> Path:
        return self._path(name)

    def adopt(self, name: str) -> Entry:
        path = self.partial / name
        path.chmod(0o600)
        with path.open("rb") as source:
            entry = copy_hashing(source)
            os.fsync(source.fileno())
        return entry

    def add(self, name: str, source: Path) -> Entry:
        with source.open("rb") as src, _private_file(self._path(name)) as out:
            entry = copy_hashing(src, out)
            out.flush()
            os.fsync(out.fileno())
        return entry

    def _add_bytes(self, name: str, data: bytes) -> None:
        with _private_file(self._path(name)) as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())

    def _close(self) -> None:
        pass

    def _publish(self) -> None:
        os.rename(self.partial, self.destination)

    def abort(self) -> None:
        shutil.rmtree(self.partial, ignore_errors=True)


class ArchiveWriter(Writer):
    def __init__(self, destination: Path) -> None:
        super().__init__(destination)
        self._file = _private_file(self.partial)
        self._scratch = self.partial.with_name(self.partial.name + ".scratch")
        if destination.name.endswith(".tar"):
            self._tar = tarfile.open(fileobj=self._file, mode="w")  # noqa: SIM115
        else:
            # Level 6, gzip's own default (Python's is 9: slower for a little less size);
            # the stored files are mostly PDF and DOCX, compressed already.
            self._tar = tarfile.open(  # noqa: SIM115  (closed by finish or abort)
                fileobj=self._file, mode="w:gz", compresslevel=6
            )

    def scratch(self, name: str) -> Path:
        return self._scratch

    def adopt(self, name: str) -> Entry:
        try:
            return self.add(name, self._scratch)
        finally:
            self._scratch.unlink(missing_ok=True)

    def _info(self, name: str, size: int) -> tarfile.TarInfo:
        info = tarfile.TarInfo(name)
        info.size = size
        info.mode = 0o600
        info.mtime = int(time.time())
        return info

    def add(self, name: str, source: Path) -> Entry:
        with source.open("rb") as src:
            reader = HashingReader(src)
            # Read through the hash: the checksum is of the very bytes the archive holds.
            self._tar.addfile(self._info(name, os.fstat(src.fileno()).st_size), reader)
        return reader.entry

    def _add_bytes(self, name: str, data: bytes) -> None:
        self._tar.addfile(self._info(name, len(data)), io.BytesIO(data))

    def _close(self) -> None:
        self._tar.close()
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()

    def _publish(self) -> None:
        # A hard link fails on an existing name, where a rename would replace it.
        os.link(self.partial, self.destination)
        self.partial.unlink()

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self._tar.close()
        with contextlib.suppress(Exception):
            self._file.close()
        self.partial.unlink(missing_ok=True)
        self._scratch.unlink(missing_ok=True)


def open_writer(destination: Path) -> Writer:
    return ArchiveWriter(destination) if is_archive(destination) else DirectoryWriter(destination)


# -- reading ----------------------------------------------------------------------------


@dataclass
class Member:
    name: str
    stream: IO[bytes]


def _foreign(name: str) -> SnapshotDamaged:
    return SnapshotDamaged(
        Msg(
            "The backup holds %(name)s, which is no part of a LegalDesk backup.",
            name=name,
        )
    )


def members(snapshot: Path) -> Iterator[Member]:
    """The files of a snapshot, each readable once, in the order they are stored; the
    manifest first when the snapshot is a directory. Damage the archive's own format
    reveals (a broken header, a bad compressed stream) is :class:`SnapshotDamaged`."""
    if snapshot.is_dir():
        yield from _directory(snapshot)
    elif snapshot.is_file():
        with unreadable_is_damage():
            yield from _archive(snapshot)
    else:
        raise BackupError(Msg("There is no backup at %(path)s.", path=str(snapshot)))


def _directory(root: Path) -> Iterator[Member]:
    names: list[str] = []
    for folder, dirs, files in os.walk(root):
        for entry in [*dirs, *files]:
            path = Path(folder) / entry
            if path.is_symlink():
                raise _foreign(path.relative_to(root).as_posix())
        for entry in files:
            name = (Path(folder) / entry).relative_to(root).as_posix()
            if not known(name):
                raise _foreign(name)
            names.append(name)
    first = [n for n in (MANIFEST, MANIFEST_SUM) if n in names]
    for name in [*first, *sorted(set(names) - set(first))]:
        with (root / name).open("rb") as stream:
            yield Member(name, stream)


def _archive(path: Path) -> Iterator[Member]:
    with tarfile.open(path, mode="r|*") as tar:
        for info in tar:
            if not info.isfile() or not known(info.name):
                raise _foreign(info.name)
            stream = tar.extractfile(info)
            assert stream is not None  # a regular file always has one
            yield Member(info.name, stream)


@contextlib.contextmanager
def unreadable_is_damage() -> Iterator[None]:
    try:
        yield
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise SnapshotDamaged(
            Msg(
                "The backup is damaged: the archive cannot be read (%(detail)s).",
                detail=str(exc) or type(exc).__name__,
            )
        ) from None


def read_member(member: Member, target: Path | None) -> tuple[Entry, bytes | None]:
    """Copy a member to ``target`` (a new private file), or read it whole when ``target``
    is None (the manifest); its checksum is of the bytes as read."""
    if target is None:
        with unreadable_is_damage():
            data = member.stream.read()
        return Entry(hashlib.sha256(data).hexdigest(), len(data)), data
    private_folders(target.parent)
    with _private_file(target) as out, unreadable_is_damage():
        entry = copy_hashing(member.stream, out)
    return entry, None
