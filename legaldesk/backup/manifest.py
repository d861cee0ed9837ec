"""What a snapshot holds and the checksum of each part.

Layout (the same in a directory and in a tar archive)::

    database/legaldesk.sqlite3      SQLite: a copy made by SQLite's online backup
    database/legaldesk.dump         PostgreSQL: pg_dump's custom format
    settings/secret.key             the site's key, when it is kept in the data directory
    settings/legaldesk.toml         the data directory's configuration file, if any
    blobs/ab/cd/abcd…               the stored original files, as in the blob store
    manifest.json                   every file above with its sha256 and size
    manifest.sha256                 the manifest's own sha256 (``sha256sum -c`` reads it)

A name outside this layout is no part of a snapshot: a restore refuses it rather than guess.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

from legaldesk.backup.errors import SnapshotDamaged
from legaldesk.messages import Msg

FORMAT = "legaldesk-backup"
VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.sha256"
SQLITE_FILE = "database/legaldesk.sqlite3"
DUMP_FILE = "database/legaldesk.dump"
SETTINGS = ("secret.key", "legaldesk.toml")  # files of the data directory, in this order
CHUNK = 1024 * 1024

_BLOB = re.compile(r"blobs/([0-9a-f]{2})/([0-9a-f]{2})/(\1\2[0-9a-f]{60})")
_SETTING = re.compile(r"settings/(" + "|".join(re.escape(s) for s in SETTINGS) + ")")


def blob_member(digest: str) -> str:
    return f"blobs/{digest[:2]}/{digest[2:4]}/{digest}"


def blob_digest(name: str) -> str | None:
    found = _BLOB.fullmatch(name)
    return found.group(3) if found else None


def setting_name(name: str) -> str | None:
    found = _SETTING.fullmatch(name)
    return found.group(1) if found else None


def known(name: str) -> bool:
    return (
        name in (MANIFEST, MANIFEST_SUM, SQLITE_FILE, DUMP_FILE)
        or blob_digest(name) is not None
        or setting_name(name) is not None
    )


@dataclass(frozen=True)
class Entry:
    sha256: str
    size: int


def copy_hashing(source: IO[bytes], target: IO[bytes] | None = None) -> Entry:
    """Read ``source`` to its end (writing it to ``target`` if given): its sha256 and size
    as read, so what is checked is exactly what was written."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)
    return Entry(digest.hexdigest(), size)


class HashingReader:
    """A file read through it is hashed on the way (a tar archive reads its members so)."""

    def __init__(self, source: IO[bytes]) -> None:
        self._source = source
        self._digest = hashlib.sha256()
        self._size = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self._source.read(size)
        self._digest.update(chunk)
        self._size += len(chunk)
        return chunk

    @property
    def entry(self) -> Entry:
        return Entry(self._digest.hexdigest(), self._size)


@dataclass
class Manifest:
    database: str  # "sqlite" or "postgresql"
    revision: str  # the schema's Alembic revision in the snapshot
    created_at: datetime
    acts: int
    legaldesk: str
    files: dict[str, Entry] = field(default_factory=dict)

    @property
    def blobs(self) -> int:
        return sum(1 for name in self.files if blob_digest(name) is not None)

    @property
    def settings(self) -> list[str]:
        return [s for s in SETTINGS if f"settings/{s}" in self.files]

    def to_bytes(self) -> bytes:
        data = {
            "format": FORMAT,
            "version": VERSION,
            "legaldesk": self.legaldesk,
            "created_at": self.created_at.isoformat(),
            "database": self.database,
            "revision": self.revision,
            "acts": self.acts,
            "files": {
                name: {"sha256": e.sha256, "size": e.size} for name, e in sorted(self.files.items())
            },
        }
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"

    @classmethod
    def from_bytes(cls, data: bytes) -> Manifest:
        try:
            raw: Any = json.loads(data)
            if raw.get("format") != FORMAT:
                raise ValueError("not a LegalDesk manifest")
            if raw.get("version") != VERSION:
                raise SnapshotDamaged(
                    Msg(
                        "The backup is of format %(version)s, which this LegalDesk does not "
                        "read: restore it with the version that made it, or a newer one.",
                        version=str(raw.get("version")),
                    )
                )
            files = {
                str(name): Entry(str(e["sha256"]), int(e["size"]))
                for name, e in raw["files"].items()
            }
            manifest = cls(
                database=str(raw["database"]),
                revision=str(raw["revision"]),
                created_at=datetime.fromisoformat(raw["created_at"]),
                acts=int(raw["acts"]),
                legaldesk=str(raw["legaldesk"]),
                files=files,
            )
        except SnapshotDamaged:
            raise
        except (ValueError, KeyError, TypeError, AttributeError):
            raise SnapshotDamaged(
                Msg("The backup is damaged: its manifest cannot be read.")
            ) from None
        database = SQLITE_FILE if manifest.database == "sqlite" else DUMP_FILE
        if (
            manifest.database not in ("sqlite", "postgresql")
            or database not in files
            or not all(map(known, files))
        ):
            raise SnapshotDamaged(Msg("The backup is damaged: its manifest cannot be read."))
        return manifest


def manifest_sum(manifest: bytes) -> bytes:
    """``manifest.sha256``, in the form ``sha256sum -c`` checks."""
    return f"{hashlib.sha256(manifest).hexdigest()}  {MANIFEST}\n".encode()


def check_manifest(manifest: bytes, summed: bytes) -> Manifest:
    """The manifest, once its own checksum matches."""
    if summed.strip() != manifest_sum(manifest).strip():
        raise SnapshotDamaged(
            Msg("The backup is damaged: its manifest does not match its checksum.")
        )
    return Manifest.from_bytes(manifest)


class Verifier:
    """Checks the files of a snapshot as they are read against its manifest: each one as
    it arrives once the manifest is known (a directory gives it first), the ones read
    before it when it arrives (an archive ends with it), and the missing ones at the end."""

    def __init__(self) -> None:
        self.manifest: Manifest | None = None
        self._manifest_bytes: bytes | None = None
        self._sum: bytes | None = None
        self._seen: dict[str, Entry] = {}

    def read(self, name: str, entry: Entry, content: bytes | None = None) -> None:
        if name in self._seen or (name == MANIFEST and self._manifest_bytes is not None):
            raise SnapshotDamaged(Msg("The backup is damaged: it holds %(name)s twice.", name=name))
        if name == MANIFEST:
            self._manifest_bytes = content
        elif name == MANIFEST_SUM:
            self._sum = content
        else:
            self._seen[name] = entry
            if self.manifest is not None:
                self._check(self.manifest, name, entry)
        if self.manifest is None and self._manifest_bytes is not None and self._sum is not None:
            self.manifest = check_manifest(self._manifest_bytes, self._sum)
            for seen, found in self._seen.items():
                self._check(self.manifest, seen, found)

    def finish(self) -> Manifest:
        if self.manifest is None:
            raise SnapshotDamaged(Msg("The backup is damaged: it has no manifest."))
        missing = sorted(set(self.manifest.files) - set(self._seen))
        if missing:
            raise SnapshotDamaged(
                Msg(
                    "The backup is damaged: %(name)s, listed in its manifest, is missing.",
                    name=missing[0],
                )
            )
        return self.manifest

    @staticmethod
    def _check(manifest: Manifest, name: str, entry: Entry) -> None:
        expected = manifest.files.get(name)
        if expected is None:
            raise SnapshotDamaged(
                Msg(
                    "The backup is damaged: it holds %(name)s, which its manifest does not list.",
                    name=name,
                )
            )
        if expected != entry:
            raise SnapshotDamaged(
                Msg(
                    "The backup is damaged: %(name)s does not match its checksum in the manifest.",
                    name=name,
                )
            )
