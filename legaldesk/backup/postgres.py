"""PostgreSQL: dumped by ``pg_dump`` in an exported snapshot, restored by ``pg_restore``
into a new database that then takes the repository database's name.

The client tools come from Debian's ``postgresql-client`` (of the server's major version or
newer: pg_dump refuses a newer server). The password, if the URL has one, reaches them in
the environment, never on a command line that ``ps`` shows."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from legaldesk.backup.database import (
    View,
    check_known,
    engine_query,
    holds_data,
    read_view,
    reset_index_position,
    upgrade,
)
from legaldesk.backup.errors import BackupError
from legaldesk.backup.progress import DATABASE, LOADING, Report
from legaldesk.backup.swap import Swap
from legaldesk.db import make_engine
from legaldesk.messages import Msg

TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
OBJECT_IN_USE = "55006"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            Msg(
                "%(tool)s is not installed: install the PostgreSQL client (on Debian: "
                "apt install postgresql-client).",
                tool=name,
            )
        )
    return found


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A connection URI for the client tools, and their environment with the password."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    uri = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return uri, env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = " ".join(done.stderr.strip().splitlines()[-3:]) or f"exit {done.returncode}"
        raise BackupError(
            Msg(
                "%(tool)s failed: %(detail)s",
                tool=Path(command[0]).name,
                detail=detail,
            )
        )


def _engine(url: URL | str, **kwargs: Any) -> Engine:
    rendered = url if isinstance(url, str) else url.render_as_string(hide_password=False)
    return make_engine(rendered, poolclass=NullPool, **kwargs)


def dump(url: str, out: Path, report: Report) -> View:
    """``pg_dump`` while the service goes on: it reads the database as our own
    transaction sees it (``--snapshot``), so the view read here — the schema's revision,
    the files referenced — is of the very moment the dump holds."""
    pg_dump = _tool("pg_dump")
    engine = _engine(url)
    try:
        with engine.connect() as plain:
            connection = plain.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                connection.execute(text("SET TRANSACTION READ ONLY"))
                snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
                query = engine_query(connection)
                view = read_view(query, {str(r[0]) for r in query(TABLES)})
                report.stage(DATABASE)
                uri, env = _libpq(make_url(url))
                # The exported snapshot lives as long as this transaction: open until the end.
                _run(
                    [
                        pg_dump,
                        "--format=custom",
                        f"--snapshot={snapshot}",
                        f"--file={out}",
                        f"--dbname={uri}",
                    ],
                    env,
                )
    finally:
        engine.dispose()
    return view


class Server:
    """The PostgreSQL server of the repository's database, as a restore handles it: the
    database by name, and databases made and renamed beside it."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.name = str(self.url.database)
        # Databases are made and renamed from another one: never from the one renamed.
        self._maintenance = self.url.set(
            database="postgres" if self.name != "postgres" else "template1"
        )

    def url_of(self, name: str) -> URL:
        return self.url.set(database=name)

    def _quote(self, engine: Engine, name: str) -> str:
        return str(engine.dialect.identifier_preparer.quote(name))

    def _admin(self, sql: str, *names: str) -> None:
        engine = _engine(self._maintenance, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(sql % tuple(self._quote(engine, n) for n in names)))
        finally:
            engine.dispose()

    def exists(self, name: str) -> bool:
        engine = _engine(self._maintenance)
        try:
            with engine.connect() as connection:
                found = connection.execute(
                    text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
                ).first()
        finally:
            engine.dispose()
        return found is not None

    def occupancy(self) -> tuple[int, bool]:
        if not self.exists(self.name):
            return 0, False
        engine = _engine(self.url)
        try:
            with engine.connect() as connection:
                query = engine_query(connection)
                return holds_data(query, {str(r[0]) for r in query(TABLES)})
        finally:
            engine.dispose()

    def create(self, name: str) -> None:
        try:
            self._admin("CREATE DATABASE %s TEMPLATE template0", name)
        except DBAPIError as exc:
            raise BackupError(
                Msg(
                    "PostgreSQL did not let this account create a database for the restore "
                    "(%(detail)s): the account needs the CREATEDB right.",
                    detail=str(exc.orig).strip(),
                )
            ) from None

    def drop(self, name: str) -> None:
        self._admin("DROP DATABASE IF EXISTS %s", name)

    def rename(self, old: str, new: str) -> None:
        try:
            self._admin("ALTER DATABASE %s RENAME TO %s", old, new)
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) == OBJECT_IN_USE:
                raise BackupError(
                    Msg(
                        "The database %(name)s is in use: stop the service (on every machine "
                        "that uses this database), then restore.",
                        name=old,
                    )
                ) from None
            raise

    def temporary(self, purpose: str, token: str) -> str:
        # PostgreSQL cuts names at 63 bytes: the repository's name is shortened, not the token.
        head = self.name.encode()[:40].decode(errors="ignore")
        return f"{head}_{purpose}_{token}"

    def load(self, dump: Path, name: str, report: Report) -> None:
        """``pg_restore`` the dump into the new database ``name``: all or nothing."""
        pg_restore = _tool("pg_restore")
        report.stage(LOADING)
        uri, env = _libpq(self.url_of(name))
        _run(
            [
                pg_restore,
                # The restoring account owns what it restores, whoever owned it before.
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={uri}",
                str(dump),
            ],
            env,
        )

    def prepare(self, name: str, consumer: str, report: Report) -> tuple[View, bool]:
        engine = _engine(self.url_of(name))
        try:
            with engine.connect() as connection:
                query = engine_query(connection)
                view = read_view(query, {str(r[0]) for r in query(TABLES)})
            check_known(engine, view.revision)
            assert view.revision is not None
            upgraded = upgrade(engine, view.revision, report)
            reset_index_position(engine, consumer)
        finally:
            engine.dispose()
        return view, upgraded

    def swap_in(self, swap: Swap, restored: str, token: str) -> None:
        """The restored database takes the repository database's name; the one it replaces
        is dropped when the whole restore is in place."""
        if self.exists(self.name):
            aside = self.temporary("replaced", token)
            swap.step(
                lambda: self.rename(self.name, aside),
                lambda: self.rename(aside, self.name),
                lambda: self.drop(aside),
            )
        swap.step(
            lambda: self.rename(restored, self.name),
            lambda: self.rename(self.name, restored),
        )
