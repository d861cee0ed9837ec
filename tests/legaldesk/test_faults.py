"""Faults of the machine under a repository, on both databases: an index whose files were
damaged is found out when it is opened and rebuilt from the database; a full disk under
the store of files or under the index refuses clearly and leaves nothing half-written,
and the indexing loop catches up once there is room again."""

from __future__ import annotations

import logging
import os
import random
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlmodel import Session

from legaldesk import changes, integrity
from legaldesk.blobs import is_disk_full
from legaldesk.cli import follow_change_log
from legaldesk.cli.speech import tr
from legaldesk.index import SearchQuery
from legaldesk.indexing import load_index_docs
from legaldesk.observability import readiness
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from tests.factories import act_text

DEADLINE = 30.0


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():  # an event with a deadline, not a sleep that happens to suffice
        assert time.monotonic() < deadline, f"never {what}"
        time.sleep(0.02)


def file_acts(repo: Repository, numbers: range) -> None:
    for n in numbers:
        text = act_text(number=f"{n}-п", title=f"О порядке номер {n} в поселении")
        outcome = repo.ingestor().ingest(RawFile(text.encode(), f"{n}.txt"))
        assert outcome.document_id is not None, outcome.reason


def found(repo: Repository, words: str = "порядке") -> int:
    return repo.index.search(SearchQuery(text=words, limit=50, facets=False)).total


class Loop:
    """The indexing loop, as `legaldesk index --follow` runs it, in a thread of the test."""

    def __init__(self, repo: Repository) -> None:
        self.stop = threading.Event()
        self.thread = threading.Thread(
            target=follow_change_log, args=(repo, self.stop, 0.02), daemon=True
        )

    def __enter__(self) -> Loop:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=30)
        assert not self.thread.is_alive()


def damage(index_dir: Path, how: str) -> None:
    if how == "meta.json overwritten":
        (index_dir / "meta.json").write_text('{"segments": [tr')
        return
    segments = [p for p in index_dir.iterdir() if p.suffix in {".term", ".idx", ".store"}]
    assert segments, "no segment files to damage"
    largest = max(segments, key=lambda p: p.stat().st_size)
    os.truncate(largest, largest.stat().st_size // 2)


@pytest.mark.parametrize("how", ["meta.json overwritten", "a segment file truncated"])
def test_a_damaged_index_is_found_at_start_and_rebuilt_from_the_database(
    repo: Repository, how: str, caplog: pytest.LogCaptureFixture
) -> None:
    repo.init()
    file_acts(repo, range(1, 4))
    repo.update_index()
    assert found(repo) == 3
    repo.close()
    damage(repo.settings.resolved_index_dir, how)

    # A web worker opens it first: it serves, finding nothing, and says why it is not ready.
    with caplog.at_level(logging.ERROR, logger="legaldesk.index.store"):
        web = Repository(repo.settings)
        assert found(web) == 0
    assert web.index.damaged
    assert any(
        "is damaged and will be rebuilt from the database" in r.getMessage()
        and str(repo.settings.resolved_index_dir) in r.getMessage()
        for r in caplog.records
    ), caplog.text
    not_ready = readiness.check(web)
    assert not_ready.checks["index"] == "damaged: being rebuilt from the database"
    with pytest.raises(RuntimeError, match="damaged: rebuild it first"):
        web.index.write(deletes=[1])  # never into the empty stand-in

    loop_repo = Repository(repo.settings)
    with Loop(loop_repo):
        wait_for(lambda: found(web) == 3, "found the acts in the rebuilt index")
        file_acts(web, range(4, 5))  # and it goes on following the log
        wait_for(lambda: found(web) == 4, "indexed an act filed after the rebuild")

    assert not web.index.damaged
    assert readiness.check(web).checks["index"] == "ok"
    report = integrity.check(loop_repo)
    assert report.consistent, report.problems
    assert report.indexed == 4
    assert changes.position(loop_repo.engine, changes.INDEX) == changes.head(loop_repo.engine)
    index_dir = repo.settings.resolved_index_dir
    assert not index_dir.with_name(index_dir.name + ".old").exists()  # the damaged files gone
    loop_repo.close()
    web.close()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB filesystem of its own (tmpfs), unmounted afterwards: a full disk, for real."""
    where = tmp_path / "small"
    where.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """A file taking all the room of ``disk`` but ``leave`` bytes."""
    room = os.statvfs(disk)
    filler = disk / "filler"
    filler.write_bytes(b"\0" * max(0, room.f_bavail * room.f_frsize - leave))
    return filler


def big_act(number: str, size: int, seed: int) -> bytes:
    """An act of about ``size`` bytes of words that neither compress nor repeat much."""
    rng = random.Random(seed)
    words = " ".join(
        "".join(rng.choice("абвгдежзиклмнопрстуфхцчшэюя") for _ in range(rng.randint(4, 11)))
        for _ in range(size // 14)
    )
    return act_text(number=number, title=f"О порядке номер {number}", body=words).encode()


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_a_full_disk_under_the_store_of_files_refuses_the_filing_and_writes_nothing(
    repo: Repository, small_disk: Path
) -> None:
    repo.settings.blob_dir = small_disk / "blobs"
    file_acts(repo, range(1, 2))  # room enough for a small one
    before = files_in(small_disk)
    filler = fill(small_disk, leave=32 * 1024)
    big = big_act("77-п", 300 * 1024, seed=1)

    refused = repo.ingestor().ingest(RawFile(big, "77.txt"))

    assert refused.status == "failed" and refused.document_id is None
    assert tr(refused.reason) == (
        "диск хранилища файлов заполнен: ничего не загружено. Освободите на нём место "
        "(LEGALDESK_BLOB_DIR) и загрузите документ снова"
    )
    assert files_in(small_disk) == sorted([*before, "filler"])  # no partial file anywhere
    report = integrity.check(repo)
    assert report.consistent, report.problems
    assert (report.acts, report.files, report.incoming) == (1, 1, [])  # no row for it

    filler.unlink()  # the operator frees space; the same file is filed again
    again = repo.ingestor().ingest(RawFile(big, "77.txt"))
    assert again.status == "created", again.reason
    repo.update_index()
    assert integrity.check(repo).consistent


def test_a_full_disk_under_the_index_holds_the_loop_back_until_there_is_room(
    repo: Repository, small_disk: Path, caplog: pytest.LogCaptureFixture
) -> None:
    repo.settings.index_dir = small_disk / "index"
    repo.init()
    file_acts(repo, range(1, 2))
    repo.update_index()
    applied = changes.position(repo.engine, changes.INDEX)
    filler = fill(small_disk, leave=48 * 1024)
    for n in range(2, 6):
        outcome = repo.ingestor().ingest(RawFile(big_act(f"{n}-п", 150 * 1024, seed=n), "a"))
        assert outcome.document_id is not None, outcome.reason

    index_dir = repo.settings.resolved_index_dir
    committed = files_in(index_dir)
    with Session(repo.engine) as session:
        docs = load_index_docs(session, list(range(2, 6)))
    with pytest.raises(ValueError) as failed:
        repo.index.write(upserts=docs)
    assert is_disk_full(failed.value), failed.value
    # The segments the failed commit began are gone: they would hold the room it lacked.
    assert files_in(index_dir) == committed

    with caplog.at_level(logging.ERROR, logger="legaldesk.indexing"), Loop(repo):
        wait_for(
            lambda: "no room left on the disk of the search index" in caplog.text,
            "said the disk is full",
        )
        # Nothing applied past what the index committed, which it still holds whole.
        assert changes.position(repo.engine, changes.INDEX) == applied
        assert found(repo) == 1
        held_back = integrity.check(repo)
        filler.unlink()  # the operator frees space: the loop catches up by itself
        head = changes.head(repo.engine)
        wait_for(lambda: changes.position(repo.engine, changes.INDEX) == head, "caught up")

    assert held_back.consistent, held_back.problems
    assert held_back.waiting == 4
    full = [r for r in caplog.records if "no room left" in r.getMessage()]
    assert full and all(r.exc_info is None for r in full)  # a clear line, not a traceback
    assert found(repo) == 5
    report = integrity.check(repo)
    assert report.consistent and report.waiting == 0 and report.indexed == 5
