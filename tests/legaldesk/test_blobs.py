from __future__ import annotations

from pathlib import Path

import pytest

from legaldesk.blobs import BlobStore, sha256_of


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
