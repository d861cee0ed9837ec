"""Sources, runs and remembered URLs in the database."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk.config import Settings
from legaldesk.db import session_scope
from legaldesk.harvesters.config import SourceConfig, SourceConfigError, source_from_dict
from legaldesk.harvesters.inbox import check_folder
from legaldesk.models import AuditEvent, HarvestError, HarvestRun, RemoteFile, Rubric, Source
from legaldesk.models.base import utcnow


class UnknownSource(LookupError):
    pass


@dataclass(frozen=True)
class StoredSource:
    id: int
    name: str
    enabled: bool
    config: SourceConfig


def url_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def save_source(
    engine: Engine, config: SourceConfig, actor: str = "cli", settings: Settings | None = None
) -> tuple[int, bool]:
    """Insert or replace the source of that name; returns (id, created). Rubric codes are
    checked here: a misspelt one would otherwise fail every file the source brings. So is
    a folder source's place, against the inbox roots and data directory of ``settings``
    (default: the environment's), for the CLI and the web alike (FolderRefused)."""
    if config.kind == "folder" and config.path is not None:
        check_folder(settings or Settings(), config.path)
    with session_scope(engine) as session:
        if config.defaults.rubrics:
            known = set(session.exec(select(Rubric.code)).all())
            unknown = sorted(set(config.defaults.rubrics) - known)
            if unknown:
                raise SourceConfigError(
                    f"{config.name}: unknown rubric code(s) {', '.join(unknown)}; "
                    f"known: {', '.join(sorted(known))}"
                )
        row = session.exec(select(Source).where(Source.name == config.name)).first()
        created = row is None
        if row is None:
            row = Source(name=config.name, kind=config.kind)
            session.add(row)
        row.kind = config.kind
        row.title = config.title
        row.config = config.to_json()
        row.updated_at = utcnow()
        session.flush()
        assert row.id is not None
        session.add(
            AuditEvent(
                actor=actor,
                action="source_added" if created else "source_changed",
                detail={"source": config.name, "kind": config.kind},
            )
        )
        return row.id, created


def _stored(row: Source) -> StoredSource:
    assert row.id is not None
    return StoredSource(row.id, row.name, row.enabled, source_from_dict(row.config, row.name))


def get_source(engine: Engine, name: str) -> StoredSource:
    with Session(engine) as session:
        row = session.exec(select(Source).where(Source.name == name)).first()
        if row is None:
            raise UnknownSource(f"no source named {name!r} (see `legaldesk sources list`)")
        return _stored(row)


def list_sources(engine: Engine) -> list[StoredSource]:
    with Session(engine) as session:
        rows = session.exec(select(Source).order_by(col(Source.name))).all()
        return [_stored(r) for r in rows]


def set_enabled(engine: Engine, name: str, enabled: bool) -> None:
    with session_scope(engine) as session:
        row = session.exec(select(Source).where(Source.name == name)).first()
        if row is None:
            raise UnknownSource(f"no source named {name!r}")
        row.enabled = enabled
        row.updated_at = utcnow()


def remembered(engine: Engine, source_id: int) -> dict[str, RemoteFile]:
    with Session(engine, expire_on_commit=False) as session:
        rows = session.exec(select(RemoteFile).where(RemoteFile.source_id == source_id)).all()
        return {r.url: r for r in rows}


def runs(engine: Engine, source_id: int | None = None, limit: int = 20) -> list[HarvestRun]:
    with Session(engine) as session:
        query = select(HarvestRun).order_by(col(HarvestRun.id).desc()).limit(limit)
        if source_id is not None:
            query = query.where(HarvestRun.source_id == source_id)
        return list(session.exec(query).all())


def run_errors(engine: Engine, run_id: int) -> list[HarvestError]:
    with Session(engine) as session:
        query = select(HarvestError).where(HarvestError.run_id == run_id)
        return list(session.exec(query.order_by(col(HarvestError.id))).all())


def get_run(engine: Engine, run_id: int) -> HarvestRun | None:
    with Session(engine) as session:
        return session.get(HarvestRun, run_id)


def source_names(engine: Engine) -> dict[int, str]:
    with Session(engine) as session:
        return {s.id: s.name for s in session.exec(select(Source)).all() if s.id is not None}


def last_started(engine: Engine, source_id: int) -> datetime | None:
    with Session(engine) as session:
        query = (
            select(HarvestRun.started_at)
            .where(HarvestRun.source_id == source_id)
            .order_by(col(HarvestRun.started_at).desc())
        )
        return session.exec(query).first()
