"""A repository filled as a library fills it, a fresh one to restore into (of the same
kind of database: a new PostgreSQL database made and dropped by the test), and the whole
content of a repository to compare two of them."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import SQLModel

from legaldesk.accounts.users import create_user
from legaldesk.blobs import BlobStore
from legaldesk.config import Settings
from legaldesk.db import make_engine
from legaldesk.dossiers import proposals
from legaldesk.dossiers.delivery import deliver
from legaldesk.dossiers.store import Order, decide, get_dossier, order_dossier
from legaldesk.pipeline.ingest import RawFile
from legaldesk.repository import Repository
from legaldesk.signing import secret_key
from tests.factories import act_text, docx_bytes

CONFIG = 'library_name = "Центральная библиотека им. А. С. Пушкина"\n'


def file_act(repo: Repository, number: str, title: str, body: str, docx: bool = True) -> int:
    text_ = act_text(number=number, title=title, body=body)
    data = docx_bytes(text_) if docx else text_.encode("cp1251")
    outcome = repo.ingestor("test").ingest(RawFile(data, f"{number}.{'docx' if docx else 'txt'}"))
    assert outcome.document_id is not None, outcome.reason
    return outcome.document_id


def fill(repo: Repository) -> None:
    """Acts (one with a second version), a staff account, a dossier delivered as a DOCX
    kept in the blob store with an e-mail in the outbox, the site's key and a
    configuration file in the data directory; the index caught up."""
    repo.init()
    file_act(repo, "245-п", "О земельном налоге", "Установить ставки земельного налога.", False)
    file_act(repo, "245-п", "О земельном налоге", "Установить ставки налога на 2026 год.")
    file_act(repo, "17-р", "О внесении изменений в Устав поселения", "Изменить устав.")
    file_act(repo, "12", "О бюджете поселения на 2025 год", "Утвердить бюджет поселения.")
    repo.update_index()
    employee = create_user(repo.engine, "official", "correct horse battery", "employee", "Петрова")
    dossier = order_dossier(
        repo.engine,
        employee,
        Order(topic="земельный налог", purpose="к сессии", requester_email="p@example.org"),
    )
    assert dossier.id is not None
    proposals.propose(repo.engine, repo.index, repo.qa_index, dossier.id)
    view = get_dossier(repo.engine, dossier.id)
    assert view is not None and view.proposed
    decide(repo.engine, dossier.id, [i.id for i in view.proposed if i.id], True, "test")
    deliver(repo, dossier.id, "test", email=True, today=date(2025, 5, 1))
    secret_key(repo.settings)  # made once into the data directory
    (repo.settings.data_dir / "legaldesk.toml").write_text(CONFIG, encoding="utf-8")
    repo.update_index()


def rows(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table in the database, by primary key."""
    found = {}
    with engine.connect() as conn:
        for name in inspect(conn).get_table_names():
            table = SQLModel.metadata.tables.get(name)
            if table is None:  # Alembic's own
                every = conn.execute(text(f'SELECT * FROM "{name}"'))
                found[name] = sorted(tuple(r) for r in every)
                continue
            order = list(table.primary_key.columns)
            found[name] = [tuple(r) for r in conn.execute(select(table).order_by(*order))]
    return found


def files(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` by its sha256."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
    }


def sequences(engine: Engine) -> dict[str, int | None]:
    """PostgreSQL's sequences: where the next id of each table starts."""
    if engine.dialect.name != "postgresql":
        return {}
    with engine.connect() as conn:
        return dict(conn.execute(text("SELECT sequencename, last_value FROM pg_sequences")).all())


def blobs(settings: Settings) -> dict[str, bytes]:
    store = BlobStore(settings.resolved_blob_dir)
    return {d: store.get(d) for d in store.digests()}


def listing(folder: Path) -> set[str]:
    if not folder.exists():
        return set()
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def _target(tmp_path: Path, database_url: str, create: bool) -> Iterator[Settings]:
    data_dir = tmp_path / "restored"
    if database_url.startswith("sqlite"):
        yield Settings(
            data_dir=data_dir,
            database_url=f"sqlite:///{data_dir / 'legaldesk.sqlite3'}",
            ocr=False,
        )
        return
    name = f"legaldesk_restored_{uuid.uuid4().hex[:10]}"
    admin = make_engine(database_url, isolation_level="AUTOCOMMIT")
    if create:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(database_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield Settings(data_dir=data_dir, database_url=url, ocr=False)
    finally:
        with admin.connect() as conn:
            left = conn.execute(
                text("SELECT datname FROM pg_database WHERE datname LIKE :name"),
                {"name": f"{name}%"},
            ).scalars()
            for database in list(left):
                conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def target(tmp_path: Path, database_url: str) -> Iterator[Settings]:
    """Settings of a repository to restore into: a new data directory and, on PostgreSQL,
    a new empty database, dropped at the end with whatever a restore left beside it."""
    yield from _target(tmp_path, database_url, create=True)


@pytest.fixture
def absent_target(tmp_path: Path, database_url: str) -> Iterator[Settings]:
    """The same, its database not made yet (on PostgreSQL the restore makes it; a
    database dropped and made costs seconds there)."""
    yield from _target(tmp_path, database_url, create=False)


def databases_like(settings: Settings) -> list[str]:
    """The databases named after the repository's (a restore's leftovers would be)."""
    url = make_url(settings.resolved_database_url)
    if url.get_backend_name() != "postgresql":
        return []
    admin = make_engine(url.set(database="postgres").render_as_string(hide_password=False))
    try:
        with admin.connect() as conn:
            return sorted(
                conn.execute(
                    text("SELECT datname FROM pg_database WHERE datname LIKE :name"),
                    {"name": f"{url.database}%"},
                ).scalars()
            )
    finally:
        admin.dispose()
