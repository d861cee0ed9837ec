"""Sources, runs and remembered URLs in the database: what the CLI and the web read, and
what a harvest writes as it goes (``RunLedger``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from legaldesk import changes
from legaldesk.config import Settings
from legaldesk.db import session_scope
from legaldesk.harvesters.config import SourceConfig, SourceConfigError, source_from_dict
from legaldesk.harvesters.inbox import check_folder
from legaldesk.messages import to_data
from legaldesk.models import AuditEvent, HarvestError, HarvestRun, RemoteFile, Rubric, Source
from legaldesk.models.base import utcnow

# The kinds of a run's notes (legaldesk.models.HarvestError.kind).
ERROR = "error"
SKIPPED = "skipped"
DEADLINE = "deadline"
RETRY = "retry"


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
    """What went wrong in a run: the URLs that failed or were skipped, and its deadline."""
    with Session(engine) as session:
        query = select(HarvestError).where(
            HarvestError.run_id == run_id, HarvestError.kind != RETRY
        )
        return list(session.exec(query.order_by(col(HarvestError.id))).all())


def run_retries(engine: Engine, run_id: int) -> list[HarvestError]:
    """The URLs of a run that answered after transient failures, with what it took."""
    with Session(engine) as session:
        query = select(HarvestError).where(
            HarvestError.run_id == run_id, HarvestError.kind == RETRY
        )
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


@dataclass(frozen=True)
class Counts:
    """A run's counters as the record keeps them."""

    pages: int = 0
    found: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    gone: int = 0
    requests: int | None = None  # None: the run made no requests (a folder)
    not_modified: int | None = None
    bytes: int | None = None


@dataclass(frozen=True)
class Answer:
    """What a fetch said about a URL, as far as the record keeps it."""

    etag: str | None
    last_modified: str | None
    fetched_at: datetime
    not_modified: bool = False


class RunLedger:
    """What one harvest of one source writes: its run, each error, and what each URL it met
    answered (remembered for the next run's conditional requests and for what has gone
    from the source). Every method is one transaction; the harvester calls them from its
    one database thread."""

    def __init__(self, engine: Engine, source_id: int, actor: str) -> None:
        self.engine = engine
        self.source_id = source_id
        self.actor = actor

    # -- the run ---------------------------------------------------------------------------

    def start(self, trigger: str) -> int:
        with session_scope(self.engine) as session:
            # The caller holds the source's lock: a run still «running» died with its process.
            stale = session.exec(
                select(HarvestRun).where(
                    HarvestRun.source_id == self.source_id, HarvestRun.status == "running"
                )
            ).all()
            for run in stale:
                run.status = "interrupted"
                run.finished_at = run.finished_at or utcnow()
                run.message = "the process stopped before the run finished"
            run = HarvestRun(source_id=self.source_id, trigger=trigger)
            session.add(run)
            session.flush()
            assert run.id is not None
            return run.id

    def save_counts(self, run_id: int, counts: Counts) -> None:
        with session_scope(self.engine) as session:
            run = session.get(HarvestRun, run_id)
            if run is not None:
                _copy_counts(run, counts)

    def finish(self, run_id: int, counts: Counts, status: str, message: str | None) -> None:
        with session_scope(self.engine) as session:
            run = session.get(HarvestRun, run_id)
            assert run is not None
            _copy_counts(run, counts)
            run.status = status
            run.finished_at = utcnow()
            if message is not None:
                run.message = message[:2000]

    def abort(self, run_id: int, status: str, message: str) -> None:
        with session_scope(self.engine) as session:
            run = session.get(HarvestRun, run_id)
            if run is not None:
                run.status = status
                run.finished_at = utcnow()
                run.message = message[:2000]

    def error(self, run_id: int, url: str, reason: str, kind: str = ERROR) -> None:
        with session_scope(self.engine) as session:
            session.add(_error(run_id, url, reason, kind))

    def retry(self, run_id: int, url: str, note: str) -> None:
        """A URL that answered after retries: not a failure, but worth seeing in the run."""
        with session_scope(self.engine) as session:
            session.add(_error(run_id, url, note, RETRY))

    # -- the URLs it met -------------------------------------------------------------------

    def seen(self, run_id: int, ids: list[int]) -> None:
        """Files that answered 304: seen in this run, unchanged (in bulk)."""
        with session_scope(self.engine) as session:
            session.execute(
                update(RemoteFile)
                .where(col(RemoteFile.id).in_(ids))
                .values(last_seen_at=utcnow(), last_run_id=run_id, gone_at=None, last_error=None)
            )

    def page(self, run_id: int, url: str, answer: Answer, links: list[Any]) -> RemoteFile:
        """A page read, with what it listed (answered from here after a 304)."""
        with session_scope(self.engine) as session:
            row = self._row(session, url, "page")
            row.role = "page"
            _validators(row, answer)
            row.links = links
            row.last_seen_at = utcnow()
            row.last_run_id = run_id
            row.fetched_at = answer.fetched_at
            session.flush()
            return row

    def file(
        self,
        run_id: int,
        url: str,
        answer: Answer,
        hints: dict[str, str],
        filed: tuple[int | None, int | None] | None,
        digest: str | None,
    ) -> RemoteFile:
        """A listed file fetched (or answered 304); ``filed`` is the (document, version) the
        pipeline filed it as. A file back after it had gone from the source says so."""
        with session_scope(self.engine) as session:
            row = self._row(session, url, "file")
            if answer.etag or answer.last_modified or not answer.not_modified:
                _validators(row, answer)
            if digest:
                row.sha256 = digest
            if filed is not None:
                row.document_id, row.version_id = filed
            if hints:
                row.hints = hints
            back = row.document_id if row.gone_at is not None else None  # an act returns
            row.gone_at = None
            row.last_error = None
            row.last_seen_at = utcnow()
            row.last_run_id = run_id
            if not answer.not_modified:
                row.fetched_at = answer.fetched_at
            if back is not None:
                self._act_event(session, back, changes.BACK_AT_SOURCE, row.version_id, {"url": url})
            session.flush()
            return row

    def failure(self, run_id: int, url: str, reason: str, kind: str = ERROR) -> RemoteFile:
        """A listed file that could not be fetched or filed (or was skipped: its host had
        stopped answering): still listed, so not gone."""
        with session_scope(self.engine) as session:
            session.add(_error(run_id, url, reason, kind))
            row = self._row(session, url, "file")
            row.last_error = reason[:4000]
            row.last_seen_at = utcnow()
            row.last_run_id = run_id
            session.flush()
            return row

    def gone(self, run_id: int, url: str, reason: str) -> RemoteFile:
        """A listed file that answers 404 or 410."""
        with session_scope(self.engine) as session:
            row = self._row(session, url, "file")
            row.last_run_id = run_id
            self._mark_gone(session, row, f"listed, but the file answers: {reason}")
            session.flush()
            return row

    def unlisted_gone(self, run_id: int) -> int:
        """Files filed from this source that this run's complete listing no longer names."""
        gone = 0
        with session_scope(self.engine) as session:
            rows = session.exec(
                select(RemoteFile).where(
                    RemoteFile.source_id == self.source_id,
                    RemoteFile.role == "file",
                    RemoteFile.gone_at == None,  # noqa: E711 — SQL IS NULL
                )
            ).all()
            for row in rows:
                if row.last_run_id != run_id and row.version_id is not None:
                    self._mark_gone(session, row, "no longer listed by the source")
                    gone += 1
        return gone

    # -- inside a transaction --------------------------------------------------------------

    def _row(self, session: Session, url: str, role: str) -> RemoteFile:
        row = session.exec(
            select(RemoteFile).where(
                RemoteFile.source_id == self.source_id, RemoteFile.url_key == url_key(url)
            )
        ).first()
        if row is None:
            row = RemoteFile(source_id=self.source_id, url=url, url_key=url_key(url), role=role)
            session.add(row)
        return row

    def _mark_gone(self, session: Session, row: RemoteFile, why: str) -> None:
        if row.gone_at is not None:
            return
        row.gone_at = utcnow()
        detail = {"url": row.url, "reason": why}
        if row.document_id is None:
            session.add(AuditEvent(actor=self.actor, action="gone_from_source", detail=detail))
            return
        self._act_event(session, row.document_id, changes.GONE_FROM_SOURCE, row.version_id, detail)

    def _act_event(
        self,
        session: Session,
        document_id: int,
        kind: str,
        version_id: int | None,
        detail: dict[str, Any],
    ) -> None:
        """An act's source said something about it: in its history and the change log."""
        session.add(
            AuditEvent(actor=self.actor, action=kind, document_id=document_id, detail=detail)
        )
        changes.record(session, document_id, kind, self.actor, version_id=version_id, detail=detail)


def _validators(row: RemoteFile, answer: Answer) -> None:
    row.etag = (answer.etag or "")[:512] or None
    row.last_modified = (answer.last_modified or "")[:64] or None


def _error(run_id: int, url: str, reason: str, kind: str) -> HarvestError:
    return HarvestError(
        run_id=run_id, url=url, kind=kind, reason=reason[:4000], message=to_data(reason)
    )


def _copy_counts(run: HarvestRun, counts: Counts) -> None:
    run.pages = counts.pages
    run.found = counts.found
    run.new = counts.new
    run.changed = counts.changed
    run.unchanged = counts.unchanged
    run.failed = counts.failed
    run.gone = counts.gone
    if counts.requests is not None:
        run.requests = counts.requests
        run.not_modified = counts.not_modified or 0
        run.bytes = counts.bytes or 0
