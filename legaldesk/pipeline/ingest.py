"""The one ingest pipeline: every way in (CLI import, harvesters, web upload) calls ``ingest``.

sniff → extract text → parse act metadata → dedupe / version → blob store → DB rows and a
change-log entry (filed or new version) in one transaction; whether the act is public after
it is decided there too, by the policy of the way the file came (legaldesk/publication.py).
A file that cannot be taken comes back as a failed outcome with a reason (and an audit
event); it never raises and never half-writes.
"""

from __future__ import annotations

import errno
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Literal

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from legaldesk import changes, reasons
from legaldesk.blobs import BlobStore, is_disk_full, sha256_of
from legaldesk.clippings.details import ClippingDetails
from legaldesk.config import Settings
from legaldesk.db import is_read_only_refusal, session_scope
from legaldesk.issuers import IssuerMatch, match_issuer
from legaldesk.messages import Msg, to_data
from legaldesk.models import (
    AuditEvent,
    Clipping,
    Document,
    DocumentRubric,
    Level,
    Material,
    Organization,
    Rubric,
    TextMethod,
    Version,
)
from legaldesk.models.base import utcnow
from legaldesk.pipeline.extract import Extraction, ExtractionError, ExtractLimits, extract
from legaldesk.pipeline.extract.ocr import OCR_LOW_CONFIDENCE
from legaldesk.pipeline.filenames import safe_filename
from legaldesk.pipeline.hints import Hints, merge
from legaldesk.pipeline.metadata import ActMetadata, normalize_number, parse_act
from legaldesk.pipeline.nonacts import not_an_act
from legaldesk.pipeline.sniff import UNKNOWN, sniff
from legaldesk.publication import PUBLISHED, WayIn, on_filing, set_state
from legaldesk.reasons import Reason

log = logging.getLogger(__name__)

OutcomeStatus = Literal["created", "new_version", "duplicate", "failed"]


@dataclass(frozen=True)
class Provenance:
    """Where a harvested file came from: kept on its version."""

    source_id: int
    url: str
    fetched_at: datetime
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class RawFile:
    data: bytes
    filename: str
    hints: Hints = field(default_factory=Hints)
    provenance: Provenance | None = None
    # A press clipping's fields (legaldesk/clippings/): the file is filed as a clipping,
    # described by these, and never read as an act.
    clipping: ClippingDetails | None = None


@dataclass(frozen=True)
class IngestOutcome:
    filename: str
    status: OutcomeStatus
    document_id: int | None = None
    version_id: int | None = None
    sha256: str | None = None
    reason: str | None = None
    warnings: tuple[str, ...] = ()
    needs_review: bool = False
    publication: str | None = None  # the act's state after this file (None: nothing filed)

    @property
    def ok(self) -> bool:
        return self.status != "failed"


@dataclass(frozen=True)
class Reading:
    media_type: str
    extraction: Extraction
    meta: ActMetadata
    # (field, listing value, document value) where the listing and the document differ
    disagreements: tuple[tuple[str, str, str], ...] = ()


class IngestError(Exception):
    """A file refused before anything was written; the message is the reason shown."""


def act_key(meta: ActMetadata, issuer: str | None) -> str | None:
    """Identity of an act across its versions: type + number + date + issuer.

    Without all four there is no identity to match on, and a second arrival is filed as its
    own document for a librarian to merge, rather than guessed into another: two districts
    number their decrees independently, and OCR misreads dates.
    """
    if not (meta.doc_type and meta.number and meta.date_adopted and issuer):
        return None
    issuer_part = " ".join(issuer.lower().replace("ё", "е").split())
    return "|".join(
        (meta.doc_type, normalize_number(meta.number), meta.date_adopted.isoformat(), issuer_part)
    )


def suspected_duplicates(
    session: Session, meta: ActMetadata, document_id: int, material: str = Material.ACT
) -> list[int]:
    """Acts already filed with the same date and the same number or title, though their
    identity key differs or is missing (an issuer spelt otherwise, a type the parser did
    not find): likely the same act, for a librarian to decide. Clippings are compared with
    clippings (the same article scanned twice), acts with acts."""
    if meta.date_adopted is None or not (meta.number or meta.title):
        return []
    number = normalize_number(meta.number) if meta.number else None
    title = _folded(meta.title)
    rows = session.exec(
        select(Document.id, Document.number, Document.title)
        .where(
            Document.date_adopted == meta.date_adopted,
            Document.id != document_id,
            Document.material == material,
        )
        .order_by(col(Document.id))
        .limit(200)
    ).all()
    return [
        other_id
        for other_id, other_number, other_title in rows
        if other_id is not None
        and (
            (number and other_number and normalize_number(other_number) == number)
            or (title and _folded(other_title) == title)
        )
    ][:5]


def _folded(text: str | None) -> str:
    return " ".join((text or "").lower().replace("ё", "е").split())


def review_reasons(
    meta: ActMetadata, extraction: Extraction, hold_personnel: bool = True
) -> list[Reason]:
    """Why a librarian should look at this document (legaldesk/reasons.py): the pipeline's
    doubts, each of which keeps a new act from being published at once."""
    found: list[Reason] = []
    nonact = not_an_act(extraction.text, meta, extraction.method, hold_personnel)
    if nonact is not None:
        found.append(reasons.not_an_act(nonact))
    found += text_doubts(extraction)
    missing = [
        name
        for name, value in (
            ("type", meta.doc_type),
            ("date", meta.date_adopted),
            ("number", meta.number),
            ("title", meta.title),
        )
        if not value
    ]
    parent = meta.parent
    if meta.is_appendix and parent is not None and parent.date_adopted and parent.number:
        # A programme or regulation an act approves has no date or number of its own: the
        # approving act, named in its header, has them. Nothing is missing there.
        missing = [name for name in missing if name not in ("date", "number")]
    if missing and extraction.method != TextMethod.NEEDS_OCR:
        found.append(reasons.parser_unsure(missing))
    if meta.is_draft:
        found.append(Reason(reasons.DRAFT))
    return found


def text_doubts(extraction: Extraction) -> list[Reason]:
    """Doubts of how the text was read, whatever the document is: a scan not recognised
    yet, a text from OCR (of low confidence)."""
    found: list[Reason] = []
    if extraction.method == TextMethod.NEEDS_OCR:
        found.append(Reason(reasons.NEEDS_OCR))
    if extraction.method == TextMethod.OCR:
        found.append(Reason(reasons.TEXT_FROM_OCR))
        confidence = extraction.ocr_confidence
        if confidence is not None and confidence < OCR_LOW_CONFIDENCE:
            found.append(reasons.ocr_low_confidence(confidence))
    return found


def clipping_meta(details: ClippingDetails) -> ActMetadata:
    """A clipping as the fields the pipeline writes to every document: its headline is its
    title, the issue's date its date; no type, number or issuer, so no act key either."""
    return ActMetadata(title=details.headline, date_adopted=details.issued)


def issuer_doubt(session: Session, found: IssuerMatch) -> Reason:
    """``issuer_unsure``: the act's body is one ingest proposed, near these bodies."""
    assert found.body.id is not None
    names = dict(
        session.exec(
            select(Organization.id, Organization.name).where(
                col(Organization.id).in_(found.candidates)
            )
        ).all()
    )
    candidates = [(i, names[i]) for i in found.candidates if i in names]
    return reasons.issuer_unsure((found.body.id, found.body.name), candidates)


def extract_limits(settings: Settings) -> ExtractLimits:
    """The configured limits of reading one file (every caller of ``extract`` uses them)."""
    return ExtractLimits(
        max_unpacked_size=settings.max_unpacked_size,
        ocr=settings.ocr,
        ocr_languages=settings.ocr_languages,
        ocr_max_pages=settings.ocr_max_pages,
        ocr_dpi=settings.ocr_dpi,
        memory_mb=settings.extract_memory_mb,
        cpu_seconds=settings.extract_cpu_seconds,
        timeout=settings.extract_timeout,
        max_text_mb=settings.extract_max_text_mb,
    )


class Ingestor:
    """Holds what every ingest needs; cheap to create, safe to reuse for many files."""

    def __init__(
        self, engine: Engine, settings: Settings, actor: str = "cli", way: WayIn = WayIn.CLI
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.actor = actor
        self.way = way  # how the files came: whether they may publish at once
        self.blobs = BlobStore(settings.resolved_blob_dir)
        self.limits = extract_limits(settings)

    def ingest(self, raw: RawFile) -> IngestOutcome:
        filename = safe_filename(raw.filename)
        digest: str | None = None
        try:
            data = raw.data
            if not data:
                raise IngestError("empty file")
            if len(data) > self.settings.max_file_size:
                raise IngestError(
                    f"file is {_mb(len(data))}, over the limit of "
                    f"{_mb(self.settings.max_file_size)} (LEGALDESK_MAX_FILE_SIZE)"
                )
            digest = sha256_of(data)
            existing = self._find_version(digest)
            if existing is not None:
                return IngestOutcome(
                    filename,
                    "duplicate",
                    existing.document_id,
                    existing.id,
                    digest,
                    reason="identical file already in the repository",
                )
            read = self.read(raw)
            self._store(data)
            return self._write(raw, filename, digest, len(data), read)
        except (IngestError, ExtractionError) as exc:
            # The message itself, not str(exc): a Msg keeps its template, so the upload page
            # can show the reason in the librarian's language.
            reason = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
            return self.fail(filename, digest, reason)
        except Exception as exc:  # one bad file must never stop an import of thousands
            if is_read_only_refusal(exc):
                raise  # a read-only replica refuses every file: the import stops, not one file
            log.exception("unexpected failure ingesting %s", filename)
            return self.fail(filename, digest, f"internal error: {type(exc).__name__}: {exc}")

    def _store(self, data: bytes) -> None:
        """The original file into the store, before any row names it."""
        try:
            self.blobs.put(data)
        except OSError as exc:
            if not is_disk_full(exc):
                raise
            # Nothing is written: the store removed its partial file, no row was made.
            raise IngestError(
                Msg(
                    "the disk of the store of files is full: nothing was filed. Free space "
                    "on it (LEGALDESK_BLOB_DIR) and file the document again"
                )
            ) from exc

    def read(self, raw: RawFile, limits: ExtractLimits | None = None) -> Reading:
        """What the pipeline reads in a file before it writes anything: format, text (in
        an isolated reader), act metadata with the hints merged. Ingest writes what this
        returns; a harvest's dry run shows it. Raises IngestError or ExtractionError."""
        media_type = sniff(raw.data, safe_filename(raw.filename))
        if media_type == UNKNOWN:
            raise IngestError("unknown or unsupported format")
        extraction = extract(raw.data, media_type, limits or self.limits)
        if raw.clipping is not None:  # given by the librarian, never parsed as an act
            return Reading(media_type, extraction, clipping_meta(raw.clipping))
        merged = merge(parse_act(extraction.text), raw.hints, extraction)
        return Reading(media_type, extraction, merged.meta, merged.disagreements)

    def _find_version(self, digest: str) -> Version | None:
        with Session(self.engine) as session:
            return session.exec(select(Version).where(Version.sha256 == digest)).first()

    def _write(
        self, raw: RawFile, filename: str, digest: str, size: int, read: Reading
    ) -> IngestOutcome:
        # Two importers may race on the same act or issuer: the unique constraints decide,
        # and the loser retries once and finds the winner's rows.
        for attempt in (1, 2):
            try:
                return self._write_once(raw, filename, digest, size, read)
            except IntegrityError:
                if attempt == 2:
                    raise
                existing = self._find_version(digest)
                if existing is not None:
                    return IngestOutcome(
                        filename,
                        "duplicate",
                        existing.document_id,
                        existing.id,
                        digest,
                        reason="identical file already in the repository",
                    )
        raise AssertionError("unreachable")

    def _write_once(
        self, raw: RawFile, filename: str, digest: str, size: int, read: Reading
    ) -> IngestOutcome:
        hints = raw.hints
        media_type, extraction, meta = read.media_type, read.extraction, read.meta
        clipping = raw.clipping
        if clipping is not None:
            why = text_doubts(extraction)
        else:
            why = review_reasons(meta, extraction, self.settings.personnel_orders == "hold")
        if read.disagreements:
            why.append(reasons.listing_disagrees(list(read.disagreements)))
        with session_scope(self.engine) as session:
            # The body the spelling names: the act is keyed and shown by its official name.
            found = match_issuer(session, meta.issuer, meta.level) if clipping is None else None
            issuer = found.body if found else None
            key = act_key(meta, issuer.name if issuer else None)
            document = None
            if key is not None:
                document = session.exec(select(Document).where(Document.act_key == key)).first()
            status: OutcomeStatus = "new_version" if document is not None else "created"
            state_before = document.publication if document is not None else None
            if document is None:
                document = Document(
                    material=Material.CLIPPING if clipping is not None else Material.ACT,
                    doc_type=meta.doc_type,
                    number=meta.number,
                    date_adopted=meta.date_adopted,
                    title=meta.title,
                    issuer_id=issuer.id if issuer else None,
                    level=meta.level or Level.UNKNOWN,
                    territory=hints.territory or meta.place,
                    # What the source says; relations may say more (legaldesk/relations/).
                    status=hints.status or "unknown",
                    status_given=hints.status or "unknown",
                    official_publication=hints.official_publication,
                    source_url=clipping.url if clipping is not None else hints.source_url,
                    act_key=key,
                )
                session.add(document)
                if clipping is not None:
                    session.flush()
                    assert document.id is not None
                    session.add(_clipping_row(document.id, clipping))
            else:
                document.title = document.title or meta.title
                document.updated_at = utcnow()
            session.flush()
            assert document.id is not None
            if status == "created":
                # A number or title the listing gave is no evidence: the appendices of one
                # act all arrive with its listing entry's number, date and title.
                evidence = replace(
                    meta,
                    number=None if hints.number and meta.number == hints.number else meta.number,
                    title=None if hints.title and meta.title == hints.title else meta.title,
                )
                twins = suspected_duplicates(session, evidence, document.id, document.material)
                if twins:
                    why.append(reasons.duplicate_of(twins))
            if found is not None and found.body.proposed:
                why.append(issuer_doubt(session, found))
            filing = on_filing(self.way, why, state_before)
            if state_before is None:  # a new act; a filed one changes state only below
                document.publication = filing.state
                if filing.state == PUBLISHED:
                    document.publication_by = self.actor[:128]
                    document.publication_at = utcnow()
            document.needs_review = filing.needs_review
            document.review_reasons = reasons.dump(filing.reasons)
            previous = session.exec(
                select(Version.number_in_document)
                .where(Version.document_id == document.id)
                .order_by(col(Version.number_in_document).desc())
            ).first()
            version = Version(
                document_id=document.id,
                number_in_document=(previous or 0) + 1,
                sha256=digest,
                filename=filename,
                media_type=media_type,
                size=size,
                pages=extraction.pages,
                text_method=extraction.method,
                ocr_confidence=extraction.ocr_confidence,
                text_converter=extraction.converter,
                text=extraction.text,
                extraction_notes="; ".join(extraction.warnings) or None,
                source_url=hints.source_url,
            )
            if raw.provenance is not None:
                version.source_id = raw.provenance.source_id
                version.source_url = raw.provenance.url
                version.fetched_at = raw.provenance.fetched_at
                version.http_etag = (raw.provenance.etag or "")[:512] or None
                version.http_last_modified = (raw.provenance.last_modified or "")[:64] or None
            session.add(version)
            _link_rubrics(session, document.id, hints.rubrics)
            session.flush()
            session.add(
                AuditEvent(
                    actor=self.actor,
                    action="filed" if status == "created" else "new_version",
                    document_id=document.id,
                    detail={
                        "filename": filename,
                        "sha256": digest,
                        "version": version.id,
                        "way": self.way.value,
                        "publication": filing.state,
                        "material": document.material,
                    },
                )
            )
            changes.record(
                session,
                document.id,
                changes.FILED if status == "created" else changes.NEW_VERSION,
                self.actor,
                version_id=version.id,
            )
            if filing.published:  # a pending act, now confirmed by a version that came clean
                set_state(session, document, PUBLISHED, self.actor, detail={"way": self.way.value})
            return IngestOutcome(
                filename,
                status,
                document.id,
                version.id,
                digest,
                warnings=extraction.warnings,
                needs_review=filing.needs_review,
                publication=filing.state,
            )

    def fail(self, filename: str, digest: str | None, reason: str) -> IngestOutcome:
        try:
            with session_scope(self.engine) as session:
                session.add(
                    AuditEvent(
                        actor=self.actor,
                        action="import_failed",
                        detail={
                            "filename": filename,
                            "sha256": digest,
                            "reason": reason,
                            "message": to_data(reason),
                        },
                    )
                )
        except Exception:  # the outcome still carries the reason to the caller
            log.exception("could not record the failure of %s", filename)
        return IngestOutcome(filename, "failed", sha256=digest, reason=reason)


def _clipping_row(document_id: int, details: ClippingDetails) -> Clipping:
    return Clipping(
        document_id=document_id,
        source_name=details.source_name,
        source_kind=details.source_kind,
        issue=details.issue,
        issued=details.issued,
        pages=details.pages,
        authors=list(details.authors),
        headline=details.headline,
        url=details.url,
    )


def _link_rubrics(session: Session, document_id: int, codes: tuple[str, ...]) -> None:
    if not codes:
        return
    rubrics = session.exec(select(Rubric).where(col(Rubric.code).in_(codes))).all()
    unknown = set(codes) - {r.code for r in rubrics}
    if unknown:
        raise IngestError("unknown rubric code(s): " + ", ".join(sorted(unknown)))
    linked = set(
        session.exec(
            select(DocumentRubric.rubric_id).where(DocumentRubric.document_id == document_id)
        ).all()
    )
    for rubric in rubrics:
        if rubric.id is not None and rubric.id not in linked:
            session.add(DocumentRubric(document_id=document_id, rubric_id=rubric.id))


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


@dataclass(frozen=True)
class Skipped:
    """A path an import names or meets that is not read, and why."""

    path: Path
    reason: str


@dataclass
class FoundFiles:
    files: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def find_files(paths: Iterable[Path], recursive: bool = True) -> FoundFiles:
    """Regular files under the given paths, in a stable order, and what was passed over.

    A path the user names is taken for what it points to: a symbolic link to a folder
    imports that folder. Inside a folder no link is followed: a link to somewhere else in
    the folder is passed over in silence (its target is imported in its own place), one
    leading out of the folder, a broken one or a loop is skipped with a reason. So a folder
    walk never leaves the folder and never loops. Hidden files and folders are passed over.
    """
    found = FoundFiles()
    for given in paths:
        try:
            path = given.resolve(strict=True)
        except (OSError, RuntimeError) as exc:
            found.skipped.append(Skipped(given, _unresolvable(exc)))
            continue
        if path.is_dir():
            _walk(path, path, recursive, found)
        elif path.is_file():
            found.files.append(path)
        else:
            found.skipped.append(Skipped(given, "not a regular file"))
    return found


def _unresolvable(exc: Exception) -> str:
    # Python 3.11 raises RuntimeError for a loop, later versions OSError(ELOOP).
    if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP:
        return "symbolic link loop"
    if isinstance(exc, FileNotFoundError):
        return "broken symbolic link"
    return f"cannot read: {getattr(exc, 'strerror', None) or exc}"


def _walk(root: Path, folder: Path, recursive: bool, found: FoundFiles) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        found.skipped.append(Skipped(folder, f"cannot read the folder: {exc.strerror or exc}"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError) as exc:
                found.skipped.append(Skipped(path, _unresolvable(exc)))
                continue
            if not target.is_relative_to(root):
                found.skipped.append(
                    Skipped(path, f"symbolic link leads outside the folder, to {target}")
                )
        elif entry.is_dir(follow_symlinks=False):
            if recursive:
                _walk(root, path, recursive, found)
        elif entry.is_file(follow_symlinks=False):
            found.files.append(path)
        else:  # a FIFO would block the import forever, a device is no document
            found.skipped.append(Skipped(path, "not a regular file"))


def iter_files(paths: Iterable[Path], recursive: bool = True) -> Iterator[Path]:
    """The files of :func:`find_files`, without what it skipped."""
    yield from find_files(paths, recursive).files


def ingest_path(
    ingestor: Ingestor,
    path: Path,
    hints: Hints | None = None,
    clipping: ClippingDetails | None = None,
) -> IngestOutcome:
    """Ingest one file from disk, refusing oversized files before reading them; with
    ``clipping``, as a press clipping described by it."""
    name = safe_filename(path.name)
    try:
        size = path.stat().st_size
        if size > ingestor.settings.max_file_size:
            return ingestor.fail(
                name,
                None,
                f"file is {_mb(size)}, over the limit of "
                f"{_mb(ingestor.settings.max_file_size)} (LEGALDESK_MAX_FILE_SIZE)",
            )
        data = path.read_bytes()
    except OSError as exc:
        return ingestor.fail(name, None, f"cannot read the file: {exc.strerror or exc}")
    raw = RawFile(data=data, filename=path.name, hints=hints or Hints(), clipping=clipping)
    return ingestor.ingest(raw)
