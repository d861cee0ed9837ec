"""The data directory holds the database (password hashes) and the secret key: it is
private to its owner from the moment it exists, and so is the SQLite database."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from legaldesk.config import Settings
from legaldesk.db import make_engine
from legaldesk.repository import Repository


@pytest.fixture(autouse=True)
def _usual_umask() -> Iterator[None]:
    previous = os.umask(0o022)  # what a login shell gives: new files readable by all
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_data_directory_and_database_are_private(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", database_url="", secret_key="x" * 32)
    repo = Repository(settings)

    repo.init()
    database = tmp_path / "data" / "legaldesk.sqlite3"
    try:
        assert mode(tmp_path / "data") == 0o700
        assert mode(database) == 0o600
        # SQLite gives the files beside an open WAL database the database file's mode.
        for suffix in ("-wal", "-shm"):
            assert mode(database.with_name(database.name + suffix)) == 0o600
    finally:
        repo.close()


def test_the_database_file_is_private_before_sqlite_opens_it(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"

    engine = make_engine(f"sqlite:///{path}")

    assert path.stat().st_size == 0 and mode(path) == 0o600
    with engine.connect():
        pass
    assert mode(path) == 0o600
    engine.dispose()


def test_init_closes_a_data_directory_and_database_open_to_others(tmp_path: Path) -> None:
    data = tmp_path / "data"
    settings = Settings(data_dir=data, database_url="", secret_key="x" * 32)
    first = Repository(settings)
    first.init()
    database = data / "legaldesk.sqlite3"
    beside = [database.with_name(database.name + s) for s in ("-wal", "-shm")]
    with first.engine.connect():  # another process using it: its -wal and -shm exist
        for path in (data, database, *beside):
            path.chmod(0o755 if path == data else 0o644)

        second = Repository(settings)
        second.init()

        assert [mode(p) for p in (data, database, *beside)] == [0o700, 0o600, 0o600, 0o600]
        second.close()
    first.close()
