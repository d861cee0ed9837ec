"""A backup taken while acts keep being filed: the filing goes on (nothing waits for the
backup), and the snapshot is consistent — the database of one moment, with every stored
file its rows name."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from legaldesk.backup import check, restore, take_backup
from legaldesk.backup.progress import DATABASE, Silent
from legaldesk.blobs import BlobStore
from legaldesk.config import Settings
from legaldesk.messages import Msg
from legaldesk.models import Document
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from tests.factories import act_text


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"waited in vain: {what}"
        time.sleep(0.01)


class Writer(threading.Thread):
    """Files acts one after another, as a harvest does, until stopped."""

    def __init__(self, repo: Repository) -> None:
        super().__init__(daemon=True)
        self.repo = repo
        self.filed = 0
        self.stop = threading.Event()
        self.failure: BaseException | None = None

    def run(self) -> None:
        ingestor = self.repo.ingestor("harvest")
        try:
            while not self.stop.is_set():
                n = self.filed + 1
                text_ = act_text(number=f"{n}-п", title=f"О мерах поддержки № {n}")
                outcome = ingestor.ingest(RawFile(text_.encode(), f"{n}.txt"))
                assert outcome.status == "created", outcome.reason
                self.filed = n
        except BaseException as exc:
            self.failure = exc


class Meanwhile(Silent):
    """When the backup has opened its database snapshot, waits until two more acts are
    filed, and counts the acts a reader sees meanwhile."""

    def __init__(self, writer: Writer, repo: Repository) -> None:
        self.writer = writer
        self.repo = repo
        self.entered = self.seen = -1

    def stage(self, what: Msg, total: int | None = None) -> None:
        if what != DATABASE:
            return
        self.entered = self.writer.filed
        two_more(self.writer, self.entered)
        with self.repo.engine.connect() as conn:
            self.seen = conn.execute(select(func.count()).select_from(Document)).scalar_one()


def two_more(writer: Writer, since: int) -> None:
    wait_for(lambda: writer.filed >= since + 2 or writer.failure is not None, "two more acts")


def test_a_backup_taken_while_acts_are_filed_is_consistent(
    repo: Repository, absent_target: Settings, tmp_path: Path
) -> None:
    repo.init()
    writer = Writer(repo)
    listed: list[int] = []
    real_digests = BlobStore.digests

    def listed_then_filed(store: BlobStore) -> Iterator[str]:
        """Two more acts are filed once the backup has listed the stored files: had it
        listed them before taking the database's snapshot, that snapshot would name
        files the backup lacks."""
        found = list(real_digests(store))
        listed.append(writer.filed)
        two_more(writer, writer.filed)
        return iter(found)

    writer.start()
    try:
        wait_for(lambda: writer.filed >= 2 or writer.failure is not None, "the first acts")
        before = writer.filed
        meanwhile = Meanwhile(writer, repo)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(BlobStore, "digests", listed_then_filed)
            taken = take_backup(repo.settings, tmp_path / "backup", meanwhile)
        after = writer.filed
    finally:
        writer.stop.set()
        writer.join(timeout=60)
    assert writer.failure is None

    # Every file the snapshot's rows name is in it (some filed later are too).
    assert taken.missing == ()
    assert taken.manifest.blobs > taken.manifest.acts
    # Filing went on while the database's snapshot was open and readers saw it; the
    # snapshot is of a moment before the first of those acts.
    assert meanwhile.seen >= meanwhile.entered + 2
    assert before <= taken.manifest.acts <= meanwhile.entered
    assert len(listed) == 1 and after >= listed[0] + 2 >= taken.manifest.acts + 4
    target = absent_target
    manifest = check(tmp_path / "backup")
    restored = restore(target, tmp_path / "backup")
    assert restored.missing == ()
    again = Repository(target)
    try:
        with again.engine.connect() as conn:
            named = set(conn.execute(text("SELECT sha256 FROM version")).scalars())
        assert len(named) == restored.indexed == manifest.acts == taken.manifest.acts
        assert all(BlobStore(target.resolved_blob_dir).exists(d) for d in named)
    finally:
        again.close()
