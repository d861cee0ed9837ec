"""Shared fixtures: real databases (SQLite always, PostgreSQL when
LEGALDESK_TEST_DATABASE_URL names one), real blob stores and indexes in tmp_path."""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from legaldesk import thesaurus
from legaldesk.accounts import passwords
from legaldesk.config import Settings
from legaldesk.db import make_engine, migrate
from legaldesk.desk.setup import seed_desk
from legaldesk.repository import Repository
from legaldesk.seed import seed_rubrics

REPO = Path(__file__).resolve().parents[1]
CORPUS = (REPO / ".." / "shared" / "corpus" / "real").resolve()
PG_URL = os.environ.get("LEGALDESK_TEST_DATABASE_URL", "")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing in the tests may reach past this machine by accident: only loopback and
    Unix sockets connect."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0] if isinstance(address, tuple) else str(address)
            if host not in {"127.0.0.1", "::1", "localhost"} and not str(host).startswith("127."):
                raise RuntimeError(f"tests may not connect to {host}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashes() -> Iterator[None]:
    """argon2id at its lowest cost for the tests, as Django's test settings swap in a fast
    hasher: the recommended 64 MiB × 3 passes cost ~130 ms of CPU a hash, and the web tests
    create three accounts and log in for nearly every test (about a tenth of CI's time).
    The algorithm and every code path stay the same; tests/legaldesk/accounts/
    test_passwords.py checks the service's own parameters."""
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_HASHER", cheap)
        yield


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    return CORPUS


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session (one per xdist worker)."""
    if not PG_URL:
        pytest.skip("LEGALDESK_TEST_DATABASE_URL is not set")
    admin = make_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"legaldesk_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
        # A test's commits need not survive a crash of the server, so no commit waits for
        # its WAL to reach the disk (the wait grows with a busy disk, as on CI's machine).
        conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit TO off'))
    url = make_url(make_engine(PG_URL).url).set(database=name)
    engine = make_engine(url.render_as_string(hide_password=False))
    migrate(engine)
    engine.dispose()
    yield url.render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate_all(engine: Engine) -> None:
    """Every table emptied and every sequence back at 1, as a fresh database has them.

    DELETE with the foreign-key triggers off (session_replication_role, a superuser's
    setting), not TRUNCATE: TRUNCATE swaps each table's files, 0.3 s for the fifty tables
    on every PostgreSQL test against 4 ms for deleting the few rows a test leaves. Without
    the right to switch the triggers off, TRUNCATE … CASCADE does the same."""
    with engine.begin() as conn:
        tables = [
            r[0]
            for r in conn.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname='public' "
                    "AND tablename <> 'alembic_version'"
                )
            )
        ]
        sequences = [
            r[0]
            for r in conn.execute(
                text("SELECT sequencename FROM pg_sequences WHERE schemaname='public'")
            )
        ]
        superuser = conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
        if not tables:
            return
        if superuser.scalar():
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            conn.execute(text("; ".join(f'DELETE FROM "{t}"' for t in tables)))
            if sequences:
                conn.execute(
                    text("SELECT " + ", ".join(f"setval('\"{q}\"', 1, false)" for q in sequences))
                )
            return
        conn.execute(
            text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
        )


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'legaldesk.sqlite3'}"
        return
    url = request.getfixturevalue("pg_database")
    engine = make_engine(url)
    _truncate_all(engine)
    engine.dispose()
    yield url


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        ocr=False,  # OCR tests opt in: tesseract costs seconds a page
    )


def _seed(engine: Engine) -> None:
    seed_rubrics(engine)
    thesaurus.seed_if_empty(engine)  # PostgreSQL's tables are emptied between tests
    seed_desk(engine)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database migrated and seeded once per session (per xdist worker): each
    test's repository starts as a copy of it. Running the dozen migrations for every test
    cost a fifth of a second to each of hundreds of tests."""
    path = tmp_path_factory.mktemp("template") / "legaldesk.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    _seed(engine)
    engine.dispose()
    assert not path.with_name(path.name + "-wal").exists(), "copy the WAL too"
    return path


@pytest.fixture
def repo(settings: Settings, request: pytest.FixtureRequest) -> Iterator[Repository]:
    url = make_url(settings.resolved_database_url)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        template: Path = request.getfixturevalue("sqlite_template")
        shutil.copyfile(template, url.database)
    repo = Repository(settings)
    settings.ensure_dirs()
    migrate(repo.engine)  # a no-op on the copy and on PostgreSQL's migrated database
    _seed(repo.engine)
    yield repo
    repo.close()


@pytest.fixture
def engine(repo: Repository) -> Engine:
    return repo.engine
