"""Engine, sessions and schema migrations. The same code serves SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, create_engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class UnstorableText(ValueError):
    """A value sent to the database holds a NUL: PostgreSQL refuses one in any text, as a
    value to keep or to compare with («PostgreSQL text fields cannot contain NUL»), and it
    is no character a person types. Refused on either database before it is sent, so the
    two behave alike and the caller can answer «bad input» rather than crash; the input
    boundaries drop NULs already (legaldesk/typed.py), this catches a path that does not."""

    def __init__(self) -> None:
        super().__init__("a text holds a NUL character, which no text may hold")


def make_engine(url: str, read_only: bool = False, **kwargs: Any) -> Engine:
    """An engine for ``url``. ``read_only`` (a reading node on a replica) makes every
    connection refuse writes itself, on either database: a write that slipped through
    fails at once and the same way as on a standby, not only once the node runs on one."""
    if url.startswith("sqlite"):
        _create_private(sqlite_path(url))
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        if read_only:
            event.listen(engine, "connect", _sqlite_query_only)
        event.listen(engine, "before_cursor_execute", _refuse_nul)
        return engine
    if url.startswith("postgresql://"):
        # psycopg 3 is the driver we ship; SQLAlchemy's bare scheme means psycopg2.
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    kwargs.setdefault("pool_pre_ping", True)
    if read_only:
        connect_args = dict(kwargs.get("connect_args", {}))
        options = connect_args.get("options", "")
        connect_args["options"] = f"{options} -c default_transaction_read_only=on".strip()
        kwargs["connect_args"] = connect_args
    engine = create_engine(url, **kwargs)
    event.listen(engine, "before_cursor_execute", _refuse_nul)
    return engine


def _refuse_nul(
    _conn: Any, _cursor: Any, _statement: str, parameters: Any, _context: Any, _many: bool
) -> None:
    if _holds_nul(parameters):
        raise UnstorableText


def _holds_nul(value: Any) -> bool:
    """Whether a statement's parameters hold a NUL: one row or many, by name or position,
    an array's items too."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_holds_nul(v) for v in value)
    return False


def is_read_only_refusal(exc: BaseException) -> bool:
    """Whether ``exc`` is the database refusing a write because it is read-only: a
    standby, or a connection made read-only by ``make_engine``."""
    if not isinstance(exc, DBAPIError):
        return False
    if getattr(exc.orig, "sqlstate", None) == "25006":  # read_only_sql_transaction
        return True
    return "attempt to write a readonly database" in str(exc.orig)  # SQLite's query_only


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL; None for an in-memory database."""
    if not url.startswith("sqlite"):
        return None
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _create_private(path: Path | None) -> None:
    # The database holds password hashes: it is created readable by its owner only, before
    # SQLite opens it (SQLite gives its -wal and -shm files the database file's mode).
    if path is None or path.exists() or not path.parent.is_dir():
        return
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def make_private(url: str) -> None:
    """Close a SQLite database (and its -wal, -shm and -journal files) found open to others."""
    path = sqlite_path(url)
    if path is None:
        return
    for name in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        # A file someone else owns is theirs to guard: init goes on without it.
        with contextlib.suppress(FileNotFoundError, PermissionError):
            if name.stat().st_mode & 0o077:
                name.chmod(0o600)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the web readers go on while an import writes; foreign keys are off by default.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_query_only(dbapi_connection: Any, _record: Any) -> None:
    # After the pragmas above: switching to WAL is itself a write.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def alembic_config(engine: Engine | None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


@cache
def head_revision() -> str | None:
    """The newest revision of the migrations this code ships."""
    return ScriptDirectory.from_config(alembic_config(None)).get_current_head()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``: every database is created through the migrations."""
    if revision == "head":
        # A database already at the head is left at once: running alembic to find there is
        # nothing to do cost 40–60 ms (it reads every migration's file), paid at each start
        # and by the tests for every test, twice.
        with engine.connect() as conn:
            if MigrationContext.configure(conn).get_current_revision() == head_revision():
                return
    command.upgrade(alembic_config(engine), revision)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit on success, roll back everything on any error."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
