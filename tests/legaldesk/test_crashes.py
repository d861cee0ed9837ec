"""Processes killed with SIGKILL while they file acts or apply the change log: afterwards every
act has its change, the index holds every act exactly once, and nothing waits forever."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlmodel import Session, col, func, select

from legaldesk import changes
from legaldesk.index import SearchQuery
from legaldesk.models import Change, Document, Version
from legaldesk.pipeline.ingest import RawFile, ingest_path, iter_files
from legaldesk.repository import Repository
from tests.factories import act_text

DEADLINE = 60.0


def environment(repo: Repository) -> dict[str, str]:
    return {
        **os.environ,
        "LEGALDESK_DATA_DIR": str(repo.settings.data_dir),
        "LEGALDESK_DATABASE_URL": repo.settings.resolved_database_url,
        "LEGALDESK_OCR": "false",
    }


def wait_for(condition: Callable[[], bool], what: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():  # waiting for an event, with a deadline
        assert process.poll() is None, f"the process ended before {what}"
        assert time.monotonic() < deadline, f"never {what}"
        time.sleep(0.02)


def kill(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def documents(repo: Repository) -> set[int]:
    with Session(repo.engine) as session:
        return {i for i in session.exec(select(Document.id)).all() if i is not None}


def versions(repo: Repository) -> int:
    with Session(repo.engine) as session:
        return session.exec(select(func.count()).select_from(Version)).one()


def indexed(repo: Repository) -> list[int]:
    """Every id in the index, with repeats if an act were in it twice."""
    hits = repo.index.search(SearchQuery(limit=1000, sort="filed_desc", facets=False)).hits
    return sorted(h.id for h in hits)


def filed_changes(repo: Repository) -> list[int]:
    with Session(repo.engine) as session:
        return sorted(
            session.exec(
                select(Change.document_id).where(
                    col(Change.kind).in_([changes.FILED, changes.NEW_VERSION])
                )
            ).all()
        )


def write_acts(folder: Path, numbers: range) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in numbers:
        (folder / f"{n}.txt").write_text(act_text(number=f"{n}-п"), encoding="utf-8")


def test_an_import_killed_midway_leaves_every_act_with_its_change(
    repo: Repository, tmp_path: Path
) -> None:
    folder = tmp_path / "inbox"
    write_acts(folder, range(1, 41))
    process = subprocess.Popen(
        [sys.executable, "-m", "legaldesk.cli", "import", str(folder)],
        env=environment(repo),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: versions(repo) >= 5, "filed five acts", process)
    finally:
        kill(process)

    filed = documents(repo)
    assert 5 <= len(filed) < 40
    assert filed_changes(repo) == sorted(filed)  # one change per act, none without its act
    repo.update_index()
    assert indexed(repo) == sorted(filed)

    ingestor = repo.ingestor("cli")
    for path in iter_files([folder]):  # the librarian runs the import again
        ingest_path(ingestor, path)
    repo.update_index()

    assert len(documents(repo)) == 40
    assert indexed(repo) == sorted(documents(repo))
    assert changes.position(repo.engine, changes.INDEX) == changes.head(repo.engine)


FOLLOWER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from legaldesk import changes
    from legaldesk.repository import Repository

    point, marker = sys.argv[1], Path(sys.argv[2])
    repo = Repository()
    index = repo.index_consumer()
    calls = 0

    def stop_here():
        marker.write_text("here")
        time.sleep(600)  # until killed

    if point == "inside the write lock":
        write = index.index.write
        def paused_write(*args, **kwargs):
            if calls == 2:
                stop_here()
            write(*args, **kwargs)
        index.index.write = paused_write

    class Paused:
        name = index.name

        def apply(self, batch):
            global calls
            calls += 1
            if calls == 2 and point == "before the index commit":
                stop_here()
            index.apply(batch)
            if calls == 2 and point == "after the index commit":
                stop_here()

    changes.follow(repo.engine, Paused(), batch=2)
    """
)


@pytest.mark.parametrize(
    "point", ["before the index commit", "inside the write lock", "after the index commit"]
)
def test_a_follower_killed_at_any_point_loses_and_duplicates_nothing(
    repo: Repository, tmp_path: Path, point: str
) -> None:
    for n in range(1, 6):
        repo.ingestor().ingest(RawFile(act_text(number=f"{n}-п").encode(), f"{n}.txt"))
    marker = tmp_path / "stopped"
    process = subprocess.Popen(
        [sys.executable, "-c", FOLLOWER, point, str(marker)], env=environment(repo)
    )
    try:
        wait_for(marker.exists, f"stopped {point}", process)
    finally:
        kill(process)
    assert changes.position(repo.engine, changes.INDEX) == 2  # the first batch, no more

    assert repo.update_index() == 3  # the killed batch again, and the last one

    assert indexed(repo) == sorted(documents(repo))
    assert len(indexed(repo)) == 5
    assert changes.position(repo.engine, changes.INDEX) == changes.head(repo.engine)


def test_a_second_loop_waits_and_takes_over_from_a_killed_one(
    repo: Repository, tmp_path: Path
) -> None:
    repo.init()
    command = [sys.executable, "-m", "legaldesk.cli", "index", "--follow", "--interval", "0.05"]
    logs = tmp_path / "first.log", tmp_path / "second.log"
    with logs[0].open("wb") as out:
        first = subprocess.Popen(command, env=environment(repo), stderr=out)
    second = first
    try:
        wait_for(
            lambda: "Индексатор переносит журнал изменений" in logs[0].read_text(), "started", first
        )
        with logs[1].open("wb") as out:
            second = subprocess.Popen(command, env=environment(repo), stderr=out)
        for n in range(1, 6):
            repo.ingestor().ingest(RawFile(act_text(number=f"{n}-п").encode(), f"{n}.txt"))
        wait_for(
            lambda: (changes.position(repo.engine, changes.INDEX) or 0) > 0,
            "applied a change",
            first,
        )
        wait_for(
            lambda: "Индекс уже ведёт другой индексатор" in logs[1].read_text(), "waited", second
        )
        kill(first)
        for n in range(6, 11):
            repo.ingestor().ingest(RawFile(act_text(number=f"{n}-п").encode(), f"{n}.txt"))
        head = changes.head(repo.engine)
        wait_for(
            lambda: changes.position(repo.engine, changes.INDEX) == head,
            "caught up after the takeover",
            second,
        )
    finally:
        for process in (first, second):
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)

    assert second.returncode == 0  # stopped by SIGTERM, cleanly
    assert indexed(repo) == sorted(documents(repo))
    assert len(indexed(repo)) == 10
