"""One harvest of one source: read its pages, fetch the files they list, send each through the
one ingest pipeline, and keep a record of the run.

Two phases. Discovery reads the kind's pages breadth-first (a page that answers 304 is not
parsed again: its last reading is remembered with its validators). Then every listed file is
fetched, conditionally when it has been fetched before; new bytes go through the ingest
pipeline, which dedups, versions and writes rows, blob and change log in one transaction.

Restart safety: each file is ingested in its own transaction and only then remembered, so a
harvest killed at any point and run again ends with the same repository — a file ingested
but not yet remembered comes back as a duplicate of its own version and is remembered then.

A file no longer listed is marked gone from its source (never deleted), but only after a
discovery that read every page without error: a listing page that failed to load must not
make its acts look withdrawn.

A run has a deadline (``run_deadline``): when it passes, no more requests start, what was
filed stays, the files not fetched are counted and the reason is recorded; the next run goes
on from there (what was filed answers 304). Nothing is marked gone by a run cut short. A
host that stops answering is skipped for the rest of the run by the client's circuit
breaker, each of its files recorded as skipped with the reason (harvesters/http.py).
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import hashlib
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Literal, ParamSpec, TypeVar
from urllib.parse import unquote, urlsplit

import httpx
from filelock import FileLock, Timeout

from legaldesk.harvesters.config import SourceConfig
from legaldesk.harvesters.fetchpolicy import FetchPolicy, Resolver, system_resolver
from legaldesk.harvesters.http import (
    USER_AGENT,
    DeadlinePassed,
    Fetched,
    FetchError,
    PoliteClient,
    retry_note,
    seconds,
)
from legaldesk.harvesters.kinds import Follow, Page, PageResult, kind_for
from legaldesk.harvesters.pages import Candidate
from legaldesk.harvesters.store import (
    DEADLINE,
    Answer,
    Counts,
    RunLedger,
    StoredSource,
    remembered,
)
from legaldesk.messages import Msg
from legaldesk.models import RemoteFile
from legaldesk.pipeline.extract import ExtractionError
from legaldesk.pipeline.ingest import (
    Hints,
    IngestError,
    IngestOutcome,
    Provenance,
    RawFile,
)
from legaldesk.pipeline.sniff import sniff
from legaldesk.publication import WayIn
from legaldesk.repository import Repository

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")

# not_fetched: the run's deadline passed before the file's turn.
FileResult = Literal["new", "changed", "unchanged", "failed", "gone", "not_fetched"]
# Extensions of binary document formats: an HTML answer for one of these is an error page.
BINARY_DOCS = (".pdf", ".docx", ".doc", ".rtf", ".odt", ".zip")
SAVE_EVERY = 25
SEEN_BATCH = 500  # files between updates of the run's counters (what a watcher sees)


class HarvestBusy(RuntimeError):
    pass


@contextmanager
def source_lock(repo: Repository, name: str) -> Iterator[None]:
    """One harvest of a source at a time, across processes (a timer and a librarian's
    «harvest now» may meet)."""
    lock_dir = repo.settings.data_dir / "locks"
    lock_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_dir / f"harvest-{name}.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise HarvestBusy(f"source {name!r} is being harvested already") from None
    try:
        yield
    finally:
        lock.release()


@dataclass
class Progress:
    """Callbacks for a progress bar: discovery pages, then files (with their total)."""

    pages: Callable[[int], None] = lambda _n: None
    files_total: Callable[[int], None] = lambda _n: None
    file_done: Callable[[str, FileResult], None] = lambda _url, _result: None


@dataclass
class RunReport:
    run_id: int | None
    source: str
    status: str
    pages: int = 0
    found: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    gone: int = 0
    requests: int = 0
    not_modified: int = 0
    file_requests: int = 0  # requests for the listed files (not pages)
    file_not_modified: int = 0  # … of which answered 304
    not_fetched: int = 0  # listed files left for the next run: the deadline passed
    retried: int = 0  # URLs that answered after transient failures
    stopped: str | None = None  # why the run stopped early (its deadline), if it did
    errors: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class DryRunReport:
    source: str
    pages: int
    candidates: list[Candidate]
    errors: list[tuple[str, str]]
    samples: list[tuple[str, dict[str, str]]] = field(default_factory=list)


@dataclass
class _Discovery:
    candidates: dict[str, Candidate] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)  # an error's kind, by URL
    pages: int = 0
    stopped: bool = False  # the run's deadline passed before every page was read


class Harvester:
    def __init__(
        self,
        repo: Repository,
        source: StoredSource,
        *,
        trigger: str = "cli",
        transport: httpx.AsyncBaseTransport | None = None,
        progress: Progress | None = None,
        user_agent: str = USER_AGENT,
        policy: FetchPolicy | None = None,
        resolver: Resolver = system_resolver,
    ) -> None:
        """``policy``: the internal addresses this harvest may fetch from (default: the
        settings' ``fetch_allow``)."""
        self.repo = repo
        self.source = source
        self.config: SourceConfig = source.config
        self.trigger = trigger
        self.transport = transport
        self.progress = progress or Progress()
        self.user_agent = user_agent
        self.policy = repo.settings.fetch_policy if policy is None else policy
        self.resolver = resolver
        self.actor = f"harvest:{source.name}"
        # Whether its files may publish at once (legaldesk/publication.py).
        self.way = WayIn.OFFICIAL_SOURCE if self.config.official else WayIn.SOURCE
        self.ledger = RunLedger(repo.engine, source.id, self.actor)
        # One thread does every database write and ingest: SQLite has one writer anyway,
        # and the event loop stays free to fetch.
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="harvest-db")
        self._known: dict[str, RemoteFile] = {}
        self._seen: list[int] = []  # remote_file ids answered 304, not yet marked as seen

    # -- entry points ------------------------------------------------------------------

    def run(self) -> RunReport:
        with source_lock(self.repo, self.source.name):
            try:
                return asyncio.run(self._run())
            finally:
                self._db.shutdown(wait=True)

    def dry_run(self, fetch: int = 0) -> DryRunReport:
        try:
            return asyncio.run(self._dry_run(fetch))
        finally:
            self._db.shutdown(wait=True)

    # -- the run -----------------------------------------------------------------------

    async def _run(self) -> RunReport:
        run_id = await self._in_db(self.ledger.start, self.trigger)
        report = RunReport(run_id, self.source.name, "running")
        self._known = await self._in_db(remembered, self.repo.engine, self.source.id)
        try:
            async with self._client() as client:
                found = await self._discover(client, run_id, report)
                report.found = len(found.candidates)
                self.progress.files_total(report.found)
                semaphore = asyncio.Semaphore(max(4, self.config.http.concurrency * 4))

                async def one(candidate: Candidate) -> None:
                    async with semaphore:
                        result = await self._file(client, candidate, run_id, report)
                    self._count(report, result)
                    self.progress.file_done(candidate.url, result)
                    if (
                        report.new + report.changed + report.unchanged + report.failed
                    ) % SAVE_EVERY == 0:
                        await self._save_counts(run_id, report, client)

                if found.stopped:
                    report.not_fetched = report.found
                else:
                    await asyncio.gather(*(one(c) for c in found.candidates.values()))
                await self._flush_seen(run_id)
                if found.stopped or report.not_fetched:
                    report.stopped = self._deadline_reason(found, report)
                    where = self.config.start_urls[0] if self.config.start_urls else ""
                    await self._in_db(self.ledger.error, run_id, where, report.stopped, DEADLINE)
                if found.pages and not found.errors and report.stopped is None:
                    report.gone += await self._in_db(self.ledger.unlisted_gone, run_id)
                report.requests = client.stats.requests
                report.not_modified = client.stats.not_modified
                if not found.pages:
                    report.status = "failed"
                elif report.failed or found.errors or report.stopped:
                    report.status = "partial"
                else:
                    report.status = "ok"
                await self._finish(run_id, report, client)
        except BaseException as exc:
            # Ctrl-C or a crash: the record says so; the repository holds whatever files
            # were ingested completely, nothing half-written.
            # Not an Exception: Ctrl-C, cancellation, exit — the run was stopped, not broken.
            report.status = "failed" if isinstance(exc, Exception) else "interrupted"
            message = f"{type(exc).__name__}: {exc}"
            await asyncio.shield(self._in_db(self.ledger.abort, run_id, report.status, message))
            raise
        return report

    async def _dry_run(self, fetch: int) -> DryRunReport:
        report = RunReport(None, self.source.name, "dry-run")
        async with self._client() as client:
            found = await self._discover(client, None, report)
            samples = []
            for candidate in list(found.candidates.values())[:fetch]:
                try:
                    fetched = await client.get(candidate.url)
                    samples.append(
                        (candidate.url, _read_metadata(self.repo, fetched, candidate, self.config))
                    )
                except FetchError as exc:
                    samples.append((candidate.url, {"error": exc.reason}))
        return DryRunReport(
            self.source.name, found.pages, list(found.candidates.values()), found.errors, samples
        )

    def _client(self) -> PoliteClient:
        return PoliteClient(
            self.config.http,
            user_agent=self.user_agent,
            transport=self.transport,
            policy=self.policy,
            resolver=self.resolver,
            deadline=self.config.http.run_deadline,
        )

    def _deadline_reason(self, found: _Discovery, report: RunReport) -> Msg:
        limit = seconds(self.config.http.run_deadline)
        if found.stopped:
            return Msg(
                "stopped at the run's deadline of %(seconds)s s while reading the source's "
                "pages: %(pages)d read, %(files)d files found, none fetched; the next run "
                "starts again",
                seconds=limit,
                pages=found.pages,
                files=report.found,
            )
        return Msg(
            "stopped at the run's deadline of %(seconds)s s: %(left)d of %(found)d listed "
            "files not fetched; what was fetched is kept, and the next run goes on from there",
            seconds=limit,
            left=report.not_fetched,
            found=report.found,
        )

    async def _in_db(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._db, functools.partial(fn, *args, **kwargs))

    # -- discovery ---------------------------------------------------------------------

    async def _discover(
        self, client: PoliteClient, run_id: int | None, report: RunReport
    ) -> _Discovery:
        kind = kind_for(self.config)
        found = _Discovery()
        frontier = kind.start()
        seen: set[str] = set()
        budget = (
            self.config.crawl.max_pages
            if self.config.kind == "crawl"
            else self.config.listing.max_pages
        )
        section_pages = 0
        while frontier:
            batch: list[Follow] = []
            for follow in frontier:
                if follow.url in seen:
                    continue
                if follow.role != "detail":
                    if section_pages >= budget:
                        continue
                    section_pages += 1
                seen.add(follow.url)
                batch.append(follow)
            results = await asyncio.gather(
                *(self._page(client, kind, follow, run_id) for follow in batch)
            )
            frontier = []
            for follow, result in zip(batch, results, strict=True):
                if isinstance(result, DeadlinePassed):
                    found.stopped = True  # one record for the run, not one per page
                    continue
                if isinstance(result, FetchError | str):
                    reason = result.reason if isinstance(result, FetchError) else result
                    if isinstance(result, FetchError):
                        found.kinds[follow.url] = result.kind
                    found.errors.append((follow.url, reason))
                    report.errors.append((follow.url, reason))
                    continue
                found.pages += 1
                for candidate in result.candidates:
                    _merge_candidate(found.candidates, candidate)
                frontier.extend(result.follow)
            report.pages = found.pages
            self.progress.pages(found.pages)
            if found.stopped:
                break
        if run_id is not None:
            for url, reason in found.errors:
                kind = found.kinds.get(url, "error")
                await self._in_db(self.ledger.error, run_id, url, reason, kind)
        return found

    async def _page(
        self, client: PoliteClient, kind: object, follow: Follow, run_id: int | None
    ) -> PageResult | FetchError | str:
        """What the page lists, or why it could not be read."""
        known = self._known.get(follow.url) if run_id is not None else None
        usable = known is not None and known.role == "page" and known.links
        try:
            fetched = await client.get(
                follow.url,
                known.etag if usable and known else None,
                known.last_modified if usable and known else None,
            )
        except FetchError as exc:
            return exc
        if fetched.retries and run_id is not None:
            await self._in_db(self.ledger.retry, run_id, follow.url, retry_note(fetched.retries))
        if fetched.not_modified and known is not None:
            return PageResult.from_json(known.links)
        try:
            page = Page(follow.url, fetched.final_url, fetched.content, fetched.content_type)
            result: PageResult = kind.parse(follow, page)  # type: ignore[attr-defined]
        except Exception as exc:  # a page we cannot read is one error, not a dead harvest
            return f"cannot read the page: {type(exc).__name__}: {exc}"
        if run_id is not None:
            self._known[follow.url] = await self._in_db(
                self.ledger.page, run_id, follow.url, _answer(fetched), result.to_json()
            )
        return result

    # -- files -------------------------------------------------------------------------

    async def _file(
        self, client: PoliteClient, candidate: Candidate, run_id: int, report: RunReport
    ) -> FileResult:
        known = self._known.get(candidate.url)
        had_file = known is not None and known.version_id is not None
        conditional = had_file and known is not None and known.gone_at is None
        try:
            fetched = await client.get(
                candidate.url,
                known.etag if conditional and known else None,
                known.last_modified if conditional and known else None,
            )
        except DeadlinePassed:
            return "not_fetched"  # counted, and told once for the run
        except FetchError as exc:
            if exc.gone and had_file:
                self._known[candidate.url] = await self._in_db(
                    self.ledger.gone, run_id, candidate.url, exc.reason
                )
                return "gone"
            report.errors.append((candidate.url, exc.reason))
            await self._remember_failure(run_id, candidate, exc.reason, exc.kind)
            return "failed"
        if fetched.retries:
            report.retried += 1
            await self._in_db(self.ledger.retry, run_id, candidate.url, retry_note(fetched.retries))
        report.file_requests += 1
        report.file_not_modified += fetched.not_modified
        if fetched.not_modified and known is not None and known.id is not None:
            # The common case of a re-harvest: only «seen in this run» to record, in bulk.
            self._seen.append(known.id)
            if len(self._seen) >= SEEN_BATCH:
                await self._flush_seen(run_id)
            return "unchanged"
        if fetched.not_modified:
            await self._remember_file(run_id, candidate, fetched, None, None)
            return "unchanged"
        digest = hashlib.sha256(fetched.content).hexdigest()
        if known is not None and known.sha256 == digest and known.version_id is not None:
            await self._remember_file(run_id, candidate, fetched, None, digest)
            return "unchanged"
        problem = _not_a_document(candidate.url, fetched)
        if problem:
            report.errors.append((candidate.url, problem))
            await self._remember_failure(run_id, candidate, problem)
            return "failed"
        raw = RawFile(
            data=fetched.content,
            filename=_filename(fetched),
            hints=listing_to_hints(candidate, self.config, fetched.final_url),
            provenance=Provenance(
                source_id=self.source.id,
                url=fetched.final_url,
                fetched_at=fetched.fetched_at,
                etag=fetched.etag,
                last_modified=fetched.last_modified,
            ),
        )
        outcome = await self._in_db(self._ingest, raw)
        if outcome.status == "failed":
            reason = outcome.reason or "ingest failed"
            report.errors.append((candidate.url, reason))
            await self._remember_failure(run_id, candidate, reason)
            return "failed"
        await self._remember_file(run_id, candidate, fetched, outcome, digest)
        if outcome.status == "duplicate":
            return "unchanged"  # these bytes are in the repository already
        return "changed" if had_file else "new"

    def _ingest(self, raw: RawFile) -> IngestOutcome:
        return self.repo.ingestor(self.actor, self.way).ingest(raw)

    @staticmethod
    def _count(report: RunReport, result: FileResult) -> None:
        setattr(report, result, getattr(report, result) + 1)

    # -- the record (its writes run on the one database thread) --------------------------

    def _counts(self, report: RunReport, client: PoliteClient | None) -> Counts:
        """The report's counters and, for a run over HTTP, its traffic, as the record
        keeps them."""
        traffic = ("requests", "not_modified", "bytes")
        counters = {
            f.name: getattr(report, f.name)
            for f in dataclasses.fields(Counts)
            if f.name not in traffic
        }
        if client is not None:
            counters |= {name: getattr(client.stats, name) for name in traffic}
        return Counts(**counters)

    async def _save_counts(self, run_id: int, report: RunReport, client: PoliteClient) -> None:
        await self._in_db(self.ledger.save_counts, run_id, self._counts(report, client))

    async def _finish(self, run_id: int, report: RunReport, client: PoliteClient | None) -> None:
        message = report.stopped
        if report.status == "failed" and report.errors:
            message = f"no page could be read: {report.errors[0][1]}"
        counts = self._counts(report, client)
        await self._in_db(self.ledger.finish, run_id, counts, report.status, message)

    async def _flush_seen(self, run_id: int) -> None:
        ids, self._seen = self._seen, []  # taken on the event loop: no append is lost
        if ids:
            await self._in_db(self.ledger.seen, run_id, ids)

    async def _remember_file(
        self,
        run_id: int,
        candidate: Candidate,
        fetched: Fetched,
        outcome: IngestOutcome | None,
        digest: str | None,
    ) -> None:
        filed = (outcome.document_id, outcome.version_id) if outcome is not None else None
        row = await self._in_db(
            self.ledger.file,
            run_id,
            candidate.url,
            _answer(fetched),
            candidate.hints,
            filed,
            digest,
        )
        self._known[candidate.url] = row

    async def _remember_failure(
        self, run_id: int, candidate: Candidate, reason: str, kind: str = "error"
    ) -> None:
        row = await self._in_db(self.ledger.failure, run_id, candidate.url, reason, kind)
        self._known[candidate.url] = row


def _answer(fetched: Fetched) -> Answer:
    return Answer(fetched.etag, fetched.last_modified, fetched.fetched_at, fetched.not_modified)


def _merge_candidate(found: dict[str, Candidate], candidate: Candidate) -> None:
    """The same file listed twice (a feed and a table, say): keep what each one knew."""
    first = found.get(candidate.url)
    if first is None:
        found[candidate.url] = candidate
    elif candidate.hints:
        merged = {**candidate.hints, **first.hints}
        found[candidate.url] = Candidate(candidate.url, merged, first.link_text)


def listing_to_hints(candidate: Candidate, config: SourceConfig, url: str) -> Hints:
    listing = candidate.hints
    defaults = config.defaults
    adopted = None
    if listing.get("date"):
        try:
            adopted = date.fromisoformat(listing["date"])
        except ValueError:
            adopted = None
    return Hints(
        doc_type=listing.get("doc_type") or defaults.doc_type,
        number=listing.get("number"),
        date_adopted=adopted,
        title=listing.get("title"),
        issuer=listing.get("issuer") or defaults.issuer,
        level=defaults.level,
        territory=defaults.territory,
        status=defaults.status,
        official_publication=listing.get("official_publication"),
        source_url=url,
        rubrics=defaults.rubrics,
    )


def _filename(fetched: Fetched) -> str:
    name = PurePosixPath(unquote(urlsplit(fetched.final_url).path)).name
    return name or "document"


def _not_a_document(url: str, fetched: Fetched) -> str | None:
    """An HTML page where a PDF or DOCX was linked is the site's error or login page."""
    if not urlsplit(url).path.lower().endswith(BINARY_DOCS):
        return None
    if sniff(fetched.content, _filename(fetched)) == "text/html":
        return (
            f"expected a document file, got an HTML page ({fetched.content_type or 'no type'}): "
            "probably the site's error page"
        )
    return None


def _read_metadata(
    repo: Repository, fetched: Fetched, candidate: Candidate, config: SourceConfig
) -> dict[str, str]:
    """What a dry run shows for a sample file: what the pipeline reads in it (no OCR: a dry
    run answers in seconds), nothing written."""
    raw = RawFile(
        fetched.content, _filename(fetched), listing_to_hints(candidate, config, fetched.final_url)
    )
    ingestor = repo.ingestor()
    try:
        read = ingestor.read(raw, dataclasses.replace(ingestor.limits, ocr=False))
    except (IngestError, ExtractionError) as exc:
        return {"error": str(exc)}
    out = {"format": read.media_type}
    for name in ("doc_type", "number", "date_adopted", "title", "issuer"):
        value = getattr(read.meta, name)
        if value:
            out[name] = value.isoformat() if isinstance(value, date | datetime) else str(value)
    return out
