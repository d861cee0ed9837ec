"""Writing a Tantivy index: a batch committed whole or not at all, and a complete new index
built beside the old one and swapped in. The acts' index (store.py) and the question–answer
base's (qa.py) write the same way, so a failure leaves either of them as it was.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import tantivy

META_FILE = "meta.json"  # tantivy's list of committed segments, replaced by every commit
_SEGMENT_FILE = re.compile(r"([0-9a-f]{32})\.")


def commit_batch(
    index: tantivy.Index,
    path: Path | None,
    heap: int,
    apply: Callable[[tantivy.IndexWriter], object],
) -> None:
    """Open a writer, let ``apply`` add and delete, commit. On any failure the index keeps
    its last commit and nothing the failed one began stays on the disk."""
    writer: tantivy.IndexWriter | None = index.writer(heap_size=heap)
    assert writer is not None
    try:
        apply(writer)
        writer.commit()
        writer.wait_merging_threads()
    except BaseException:
        writer.rollback()
        # The segments a failed commit began (a full disk) are no part of the index, yet
        # would hold the disk's room until the next commit succeeded — which the room they
        # hold could prevent.
        with contextlib.suppress(Exception):  # the first failure is the one to report
            writer.garbage_collect_files()
        # tantivy's clean-up rewrites its list of files first, which a full disk refuses:
        # then nothing is removed. The rollback joined the threads of the failed commit
        # (no file of it is still being written), so what no committed segment owns is
        # removed by hand — removing needs no room.
        writer = None
        if path is not None:
            with contextlib.suppress(OSError):
                remove_uncommitted_segments(path)
        raise
    finally:
        del writer


def remove_uncommitted_segments(path: Path) -> list[str]:
    """Remove the files of segments the index's last commit (meta.json) does not list: what
    a failed commit left. Only while no writer is open on the index. Returns their names."""
    committed = {
        segment["segment_id"].replace("-", "")
        for segment in json.loads((path / META_FILE).read_text("utf-8"))["segments"]
    }
    removed = []
    for item in path.iterdir():
        owner = _SEGMENT_FILE.match(item.name)
        if owner and owner.group(1) not in committed and item.is_file():
            item.unlink(missing_ok=True)
            removed.append(item.name)
    return removed


def build_beside(
    path: Path,
    new_index: Callable[[Path], tantivy.Index],
    heap: int,
    fill: Callable[[tantivy.IndexWriter], int],
    finish: Callable[[Path], object],
) -> int:
    """Build a complete index in a folder beside ``path`` (``fill`` adds the documents and
    says how many, ``finish`` writes the notes kept beside the files), then swap it in. On
    failure the old index stays and the half-built one is removed. Returns the count."""
    staging = path.with_name(path.name + ".rebuild")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True, mode=0o700)
    try:
        writer = new_index(staging).writer(heap_size=heap)
        try:
            count = fill(writer)
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            # Joins the threads still writing into the folder, so it can be removed whole
            # (the traceback keeps ``fill``'s frame, and the writer with it, alive).
            writer.rollback()
            raise
        finally:
            del writer
        finish(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = path.with_name(path.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    path.rename(old)
    staging.rename(path)
    shutil.rmtree(old, ignore_errors=True)
    return count
