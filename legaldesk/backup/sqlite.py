"""SQLite: copied by SQLite's online backup API (``sqlite3.Connection.backup``), restored
as a file put in place by a rename."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from legaldesk.backup.database import (
    View,
    check_known,
    holds_data,
    read_view,
    reset_index_position,
    upgrade,
)
from legaldesk.backup.errors import BackupError
from legaldesk.backup.progress import DATABASE, Report
from legaldesk.db import make_engine, sqlite_path
from legaldesk.messages import Msg

COMPANIONS = ("-wal", "-shm", "-journal")


def database_file(url: str) -> Path:
    path = sqlite_path(url)
    if path is None:
        raise BackupError(Msg("A database in memory cannot be backed up or restored."))
    return path


def _tables(connection: sqlite3.Connection) -> set[str]:
    return {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def dump(url: str, out: Path, report: Report) -> View:
    """Copy the database to ``out`` while the service goes on.

    One read transaction holds it all: what the view reads and what the copy holds are the
    database at one moment, and in WAL mode a reader blocks no writer. The copy is made in
    one step inside that transaction; copied a few pages at a time, SQLite starts the copy
    over whenever another connection writes, which under a steady stream of writes may
    never end."""
    path = database_file(url)
    if not path.is_file():
        raise BackupError(
            Msg("There is no database at %(path)s: nothing to back up.", path=str(path))
        )
    source = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        source.execute("BEGIN")
        view = read_view(lambda sql: source.execute(sql).fetchall(), _tables(source))
        report.stage(DATABASE)
        target = sqlite3.connect(out)
        try:
            source.backup(target)
            # One file, no -wal beside it: the service turns WAL on again when it opens it.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        source.execute("COMMIT")
    finally:
        source.close()
    return view


def occupancy(path: Path) -> tuple[int, bool]:
    if not path.is_file():
        return 0, False
    connection = sqlite3.connect(path, timeout=30)
    try:
        return holds_data(lambda sql: connection.execute(sql).fetchall(), _tables(connection))
    finally:
        connection.close()


def prepare(staged: Path, consumer: str, report: Report) -> tuple[View, bool]:
    """Bring a restored copy up to this code's schema before it is put in place."""
    connection = sqlite3.connect(staged)
    try:
        view = read_view(lambda sql: connection.execute(sql).fetchall(), _tables(connection))
    finally:
        connection.close()
    engine = make_engine(f"sqlite:///{staged}")
    try:
        check_known(engine, view.revision)
        assert view.revision is not None
        upgraded = upgrade(engine, view.revision, report)
        reset_index_position(engine, consumer)
    finally:
        engine.dispose()
    connection = sqlite3.connect(staged)
    try:
        connection.execute("PRAGMA journal_mode=DELETE")  # its -wal folded back in
    finally:
        connection.close()
    return view, upgraded
