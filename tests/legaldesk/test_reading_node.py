"""A reading node (LEGALDESK_PRIMARY_URL set): its database is a read-only replica, so it
writes nothing there, and its index keeps its position in the change log in the index's
own directory. Here the replica is the test's own database opened read-only by the node —
the refusal a standby gives; tests/legaldesk/test_replication.py runs a real standby."""

from __future__ import annotations

import json
import shutil
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session, func, select
from typer.testing import CliRunner

from legaldesk import changes
from legaldesk.cli import app, main
from legaldesk.config import Settings
from legaldesk.db import is_read_only_refusal, session_scope
from legaldesk.index.store import POSITION_FILE
from legaldesk.indexing import run_loop
from legaldesk.models import ConsumerPosition, Document
from legaldesk.models.base import utcnow
from legaldesk.repository import Repository
from tests.factories import act_text
from tests.legaldesk.test_indexing import file_acts, found

PRIMARY = "http://primary.example:8000"


def reading_node(repo: Repository, tmp_path: Path) -> Repository:
    return Repository(
        Settings(
            data_dir=tmp_path / "node2",
            database_url=repo.settings.resolved_database_url,
            primary_url=PRIMARY,
            index_consumer="index@node2",
            ocr=False,
        )
    )


def test_a_reading_node_opens_its_database_read_only(repo: Repository, tmp_path: Path) -> None:
    node = reading_node(repo, tmp_path)

    with pytest.raises(DBAPIError) as refused, session_scope(node.engine) as session:
        session.add(ConsumerPosition(name="written by a reader", position=0))

    assert is_read_only_refusal(refused.value)
    assert changes.position(repo.engine, "written by a reader") is None
    changes.register(repo.engine, "twice")
    with pytest.raises(IntegrityError) as other, session_scope(repo.engine) as session:
        session.add(ConsumerPosition(name="twice", position=0))
    assert not is_read_only_refusal(other.value)  # the primary's own errors stay theirs
    node.close()


def test_a_reading_nodes_index_is_built_then_follows_with_its_position_in_its_directory(
    repo: Repository, tmp_path: Path
) -> None:
    first = file_acts(repo, 3)
    node = reading_node(repo, tmp_path)
    index_dir = node.settings.resolved_index_dir

    assert node.update_index() == 0  # built from the database: nothing left to follow

    assert found(node, "земельный налог") == set(first)
    head = changes.head(repo.engine)
    assert node.index_position.get() == head
    assert (index_dir / POSITION_FILE).read_text() == str(head)
    later = file_acts(repo, 2, first=900)
    assert node.update_index() == 2
    assert found(node, "земельный налог") == {*first, *later}
    assert node.index_position.get() == changes.head(repo.engine)
    # Nothing of the node's in the database; its lag is reported from its directory.
    assert changes.position(repo.engine, "index@node2") is None
    own = [lag for lag in node.lags() if lag.consumer == "index@node2"]
    assert [(lag.position, lag.behind) for lag in own] == [(changes.head(repo.engine), 0)]
    more = file_acts(repo, 1, first=950)
    assert [lag.behind for lag in node.lags() if lag.consumer == "index@node2"] == [1]
    node.close()

    shutil.rmtree(index_dir)  # the index lost: built again, not followed from the start
    again = reading_node(repo, tmp_path)
    assert again.update_index() == 0
    assert found(again, "земельный налог") == {*first, *later, *more}
    assert again.index_position.get() == changes.head(repo.engine)
    again.close()


def test_a_reading_nodes_rebuild_carries_its_position_which_never_moves_back(
    repo: Repository, tmp_path: Path
) -> None:
    ids = file_acts(repo, 2)
    node = reading_node(repo, tmp_path)
    node.update_index()
    (node.settings.resolved_index_dir / POSITION_FILE).unlink()  # the old directory's goes

    assert node.reindex() == 2

    assert node.index_position.get() == changes.head(repo.engine)  # the new directory's
    node.index.note_position(1)
    assert node.index_position.get() == changes.head(repo.engine)
    assert found(node, "земельный налог") == set(ids)
    node.close()


def test_a_command_that_writes_on_a_reading_node_says_so_and_changes_nothing(
    repo: Repository,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    act = tmp_path / "77.txt"
    act.write_text(act_text(number="77-р"), "utf-8")
    monkeypatch.setenv("LEGALDESK_DATA_DIR", str(tmp_path / "node2"))
    monkeypatch.setenv("LEGALDESK_DATABASE_URL", repo.settings.resolved_database_url)
    monkeypatch.setenv("LEGALDESK_PRIMARY_URL", PRIMARY)
    monkeypatch.setenv("LEGALDESK_OCR", "false")
    monkeypatch.setattr(sys, "argv", ["legaldesk", "import", str(act)])

    with pytest.raises(SystemExit) as exited:
        main()

    assert exited.value.code == 1
    said = " ".join(capsys.readouterr().err.split())
    assert "реплика" in said and "ничего не изменено" in said
    with Session(repo.engine) as session:
        assert session.exec(select(func.count()).select_from(Document)).one() == 0


def test_a_reading_node_on_a_replica_without_a_schema_says_where_to_make_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.sqlite3"
    monkeypatch.setenv("LEGALDESK_DATA_DIR", str(tmp_path / "node2"))
    monkeypatch.setenv("LEGALDESK_DATABASE_URL", f"sqlite:///{empty}")
    monkeypatch.setenv("LEGALDESK_PRIMARY_URL", PRIMARY)
    monkeypatch.setattr(sys, "argv", ["legaldesk", "stats"])

    with pytest.raises(SystemExit) as exited:
        main()

    assert exited.value.code == 1
    said = " ".join(capsys.readouterr().err.split())
    assert "ещё нет схемы" in said and "legaldesk init" in said


def test_the_search_command_on_a_reading_node_finds_what_the_primary_filed(
    repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its catch-up builds and follows the node's own index and writes to no database."""
    ids = file_acts(repo, 1)
    positions = [(lag.consumer, lag.position) for lag in changes.lag(repo.engine)]
    monkeypatch.setenv("LEGALDESK_DATA_DIR", str(tmp_path / "node2"))
    monkeypatch.setenv("LEGALDESK_DATABASE_URL", repo.settings.resolved_database_url)
    monkeypatch.setenv("LEGALDESK_PRIMARY_URL", PRIMARY)

    result = CliRunner().invoke(app, ["search", "земельный налог", "--json"])

    assert result.exit_code == 0, result.output
    assert [hit["id"] for hit in json.loads(result.stdout)["hits"]] == ids
    assert [(lag.consumer, lag.position) for lag in changes.lag(repo.engine)] == positions
    assert (tmp_path / "node2" / "index" / POSITION_FILE).read_text() == str(
        changes.head(repo.engine)
    )


def test_a_reading_nodes_loop_rebuilds_when_the_log_was_pruned_past_it(
    repo: Repository, tmp_path: Path
) -> None:
    """`prune-changes` on the primary waits for the consumers in the database only: a
    reading node left behind (stopped, or failing for longer than the log is kept) must
    not skip what was pruned."""
    first = file_acts(repo, 1)
    node = reading_node(repo, tmp_path)
    node.update_index()
    later = file_acts(repo, 2, first=900)
    repo.update_index()  # the primary's followers apply them, so prune may take them
    assert changes.prune(repo.engine, keep_days=0, now=utcnow() + timedelta(seconds=1)) > 0
    latest = file_acts(repo, 1, first=950)  # the log goes on past the gap
    stop = threading.Event()
    loop = threading.Thread(
        target=run_loop,
        args=(node.engine, node.index, "index@node2", stop),
        kwargs={"interval": 0.02, "at": node.index_position},
    )
    loop.start()
    try:
        deadline = time.monotonic() + 30
        while found(node, "земельный налог") != {*first, *later, *latest}:
            assert time.monotonic() < deadline, "the pruned changes never reached the index"
            time.sleep(0.02)
    finally:
        stop.set()
        loop.join(timeout=30)
    assert node.index_position.get() == changes.head(repo.engine)
    node.close()


def test_a_reading_node_made_writable_hands_its_position_to_the_database(
    repo: Repository, tmp_path: Path
) -> None:
    """Its standby promoted, the node runs without LEGALDESK_PRIMARY_URL: it goes on from
    where its index is, not from the start of the log."""
    first = file_acts(repo, 3)
    node = reading_node(repo, tmp_path)
    node.update_index()
    node.close()
    later = file_acts(repo, 1, first=900)
    settings = reading_node(repo, tmp_path).settings.model_copy(update={"primary_url": ""})
    writable = Repository(settings)

    assert writable.update_index() == 1  # only what came after its index's position

    assert changes.position(repo.engine, "index@node2") == changes.head(repo.engine)
    assert writable.index.position() is None  # the database keeps it now
    assert found(writable, "земельный налог") == {*first, *later}
    writable.close()
