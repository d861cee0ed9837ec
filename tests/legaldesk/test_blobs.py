from __future__ import annotations

import errno
from pathlib import Path

import pytest

from legaldesk.blobs import BlobStore, is_disk_full, sha256_of


def test_put_is_content_addressed_and_idempotent(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)

    first = store.put(b"decree")
    second = store.put(b"decree")

    assert first == second == sha256_of(b"decree")
    assert store.get(first) == b"decree"
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 1


def test_no_temporary_file_is_left_behind(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    store.put(b"a")
    store.put(b"b")

    assert not [p for p in tmp_path.rglob(".incoming-*")]


def test_a_non_digest_never_becomes_a_path(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        BlobStore(tmp_path).path_for("../../etc/passwd")


def test_digests_lists_the_blobs_and_nothing_being_written(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    kept = {store.put(b"decree"), store.put(b"order")}
    path = store.path_for(next(iter(kept)))
    (path.parent / ".incoming-x1y2").write_bytes(b"half")  # a put in progress
    (tmp_path / "README").write_text("not a blob")

    assert set(store.digests()) == kept
    assert list(BlobStore(tmp_path / "absent").digests()) == []


@pytest.mark.parametrize(
    "said",
    [
        # Writing to a segment file: the system's code.
        "Failed to write: IoError(Os { code: 28, kind: StorageFull, message: "
        '"No space left on device" }) (os error 28)',
        # Opening a new segment file: Rust's kind only, no code (seen on a full tmpfs).
        "Failed to open file for write: 'IoError { io_error: Custom { kind: StorageFull, "
        'error: PathError { path: "/x", kind: StorageFull, message: "No space left on '
        'device" } }, filepath: "3b14.fast" }\'',
        "Failed to open file for write: 'IoError { io_error: Custom { kind: QuotaExceeded } }'",
    ],
)
def test_the_ways_tantivy_says_the_disk_is_full_are_read_as_a_full_disk(said: str) -> None:
    assert is_disk_full(ValueError(said))


def test_other_index_errors_are_not_a_full_disk() -> None:
    assert not is_disk_full(ValueError("Failed to open file for write: PermissionDenied"))
    assert not is_disk_full(ValueError("Schema error: 'Field does not exist'"))
    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert not is_disk_full(OSError(errno.EACCES, "Permission denied"))
