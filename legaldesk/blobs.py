"""Content-addressed store of original files: one file per distinct sha256.

Writes go to a temporary file in the same directory and are renamed into place, so a crash
never leaves a half-written blob under its final name; a write that fails (a full disk)
removes its temporary file.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

_DIGEST = re.compile(r"[0-9a-f]{64}")
_NO_ROOM = (errno.ENOSPC, errno.EDQUOT)
# How tantivy writes a full disk when its error carries Rust's io::ErrorKind rather than the
# system's code: «IoError { io_error: Custom { kind: StorageFull, … } }» when it opens a new
# segment file, «(os error 28)» when it writes to one.
_NO_ROOM_KINDS = ("StorageFull", "QuotaExceeded")


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` is a disk (or a quota) with no room left: an OSError here, and
    tantivy's ValueError, which carries the system's message only."""
    if isinstance(exc, OSError):
        return exc.errno in _NO_ROOM
    if not isinstance(exc, ValueError):
        return False
    said = str(exc)
    return any(f"(os error {code})" in said for code in _NO_ROOM) or any(
        f"kind: {kind}" in said for kind in _NO_ROOM_KINDS
    )


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> str:
        digest = sha256_of(data)
        target = self.path_for(digest)
        if target.exists():
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return digest

    def get(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()

    def digests(self) -> Iterator[str]:
        """Every blob in the store, in no particular order: files under their final name in
        their place; a file being written (``.incoming-…``) is not a blob yet."""
        if not self.root.is_dir():
            return
        for first in os.scandir(self.root):
            if not (first.is_dir(follow_symlinks=False) and len(first.name) == 2):
                continue
            for second in os.scandir(first.path):
                if not (second.is_dir(follow_symlinks=False) and len(second.name) == 2):
                    continue
                for entry in os.scandir(second.path):
                    name = entry.name
                    if (
                        _DIGEST.fullmatch(name)
                        and name[:2] == first.name
                        and name[2:4] == second.name
                        and entry.is_file(follow_symlinks=False)
                    ):
                        yield name
