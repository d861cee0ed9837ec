"""The staff workspace: the review queue, filing documents by upload, reviewing and merging
acts, sources and harvest runs. Every handler here declares the roles it admits in
``opt["roles"]``; the guard refuses anyone else, and the access-matrix test walks the route
table to check that every /staff route declares them (a new route cannot slip through).
Signing in and out and changing one's password are in ``signin.py``."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import tomllib
from datetime import date
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.datastructures import State, UploadFile
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, PathParameter
from litestar.response import Redirect, Template
from sqlmodel import Session, col, select

from legaldesk.catalogue import act
from legaldesk.editing import Changes, EditError, merge_documents, save_metadata
from legaldesk.harvesters.config import SourceConfigError, source_from_dict
from legaldesk.harvesters.harvest import harvest_source, source_summary
from legaldesk.harvesters.health import source_health
from legaldesk.harvesters.runner import HarvestBusy, Harvester
from legaldesk.harvesters.store import (
    StoredSource,
    UnknownSource,
    get_run,
    get_source,
    list_sources,
    run_errors,
    runs,
    save_source,
    source_names,
)
from legaldesk.messages import Msg
from legaldesk.models import AuditEvent, Document, Organization, Rubric
from legaldesk.models.enums import DOC_TYPE_LABELS_EN, DOC_TYPE_LABELS_RU
from legaldesk.pipeline.ingest import Hints, IngestOutcome, RawFile
from legaldesk.repository import Repository
from legaldesk.web import i18n, labels
from legaldesk.web.auth import current_user, staff_guard
from legaldesk.web.i18n import gettext as _
from legaldesk.web.i18n import tr
from legaldesk.web.params import Id

STAFF = ("admin", "librarian", "employee")
FILERS = ("admin", "librarian")
ADMINS = ("admin",)
MAX_FILES = 50
UPLOAD_BATCH = 4  # files of the maximum size in one upload


@get("/staff", name="staff_home", guards=[staff_guard], opt={"roles": STAFF})
async def staff_home(request: Request[Any, Any, Any], state: State) -> Template:
    repo: Repository = state.repo
    user = current_user(request)
    with Session(repo.engine) as session:
        rows = session.exec(
            select(Document, Organization.name)
            .join(Organization, col(Document.issuer_id) == col(Organization.id), isouter=True)
            .where(col(Document.needs_review).is_(True))
            .order_by(col(Document.created_at).desc())
            .limit(200)
        ).all()
    return Template("staff/home.html", context={"user": user, "queue": rows})


@get("/staff/upload", name="upload_page", guards=[staff_guard], opt={"roles": FILERS})
async def upload_page(request: Request[Any, Any, Any]) -> Template:
    return Template("staff/upload.html", context={"user": current_user(request), "outcomes": []})


@post("/staff/upload", name="upload", guards=[staff_guard], opt={"roles": FILERS})
async def upload(
    request: Request[Any, Any, Any],
    state: State,
    data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)],
) -> Template:
    """Files go through the one ingest pipeline, each on its own: one broken file is one
    line with its reason, the others are filed."""
    repo: Repository = state.repo
    user = current_user(request)
    assert user is not None
    files = data.get("files")
    uploads: list[UploadFile] = files if isinstance(files, list) else [files] if files else []
    uploads = [u for u in uploads if isinstance(u, UploadFile)][:MAX_FILES]
    ingestor = repo.ingestor(f"web:{user.username}")
    outcomes: list[IngestOutcome] = []
    for item in uploads:
        content = await item.read()
        raw = RawFile(content, item.filename or "upload", Hints())
        # Reading a file (OCR of a scan: minutes) must not hold the event loop that
        # serves every other reader of this worker.
        outcomes.append(await asyncio.to_thread(ingestor.ingest, raw))
    status = 200 if uploads else 400
    context = {
        "user": user,
        "outcomes": outcomes,
        "error": None if uploads else _("Choose the files to upload."),
    }
    return Template("staff/upload.html", context=context, status_code=status)


@get(
    "/staff/documents/{document_id:int}",
    name="review_page",
    guards=[staff_guard],
    opt={"roles": FILERS},
)
async def review_page(
    request: Request[Any, Any, Any],
    state: State,
    document_id: Id,
) -> Template:
    repo: Repository = state.repo
    view = act(repo.engine, document_id)
    if view is None:
        raise NotFoundException(_("There is no document %(id)s.") % {"id": document_id})
    return _review(request, repo, view, None, 200)


def _review(
    request: Request[Any, Any, Any],
    repo: Repository,
    view: Any,
    error: str | None,
    status: int,
    also: list[int] | None = None,
) -> Template:
    with Session(repo.engine) as session:
        rubrics = session.exec(select(Rubric).order_by(col(Rubric.position))).all()
        reasons = session.exec(
            select(Document.review_reasons).where(Document.id == view.id)
        ).first()
        history = session.exec(
            select(AuditEvent)
            .where(AuditEvent.document_id == view.id)
            .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
            .limit(100)
        ).all()
    suspects = dict.fromkeys([*(also or []), *labels.duplicate_ids(reasons)])
    twins = [t for t in (act(repo.engine, i) for i in suspects) if t]
    context = {
        "user": current_user(request),
        "act": view,
        "types": DOC_TYPE_LABELS_RU if i18n.current() == "ru" else DOC_TYPE_LABELS_EN,
        "rubrics": rubrics,
        "chosen": {code for code, _ in view.rubrics},
        "reasons": reasons,
        "twins": twins,
        "history": history,
        "error": error,
    }
    return Template("staff/review.html", context=context, status_code=status)


@post(
    "/staff/documents/{document_id:int}",
    name="review",
    guards=[staff_guard],
    opt={"roles": FILERS},
)
async def review(
    request: Request[Any, Any, Any],
    state: State,
    document_id: Id,
) -> Template | Redirect:
    """Confirm or correct the parsed metadata and set rubrics: saved in one transaction with
    the change in the audit trail, searchable at once."""
    repo: Repository = state.repo
    user = current_user(request)
    assert user is not None
    form = await request.form()
    view = act(repo.engine, document_id)
    if view is None:
        raise NotFoundException(_("There is no document %(id)s.") % {"id": document_id})

    def field(name: str, limit: int = 1000) -> str:
        return " ".join(str(form.get(name) or "").split())[:limit]

    adopted = None
    raw_date = field("date_adopted", 10)
    try:
        adopted = date.fromisoformat(raw_date) if raw_date else None
    except ValueError:
        error = _("Not a date: %(value)s") % {"value": raw_date}
        return _review(request, repo, view, error, 400)
    changes = Changes(
        doc_type=field("doc_type", 32) or None,
        number=field("number", 64) or None,
        date_adopted=adopted,
        title=field("title", 2000) or None,
        issuer=field("issuer", 512) or None,
        level=field("level", 16) or "unknown",
        status=field("status", 16) or "unknown",
        rubrics=tuple(str(v)[:64] for v in form.getall("rubrics", [])),
    )
    try:
        save_metadata(repo.engine, document_id, changes, actor=f"web:{user.username}")
    except EditError as exc:
        message = exc.args[0]
        other = message.params.get("id") if isinstance(message, Msg) else None
        twin = [other] if isinstance(other, int) and other != document_id else []
        return _review(request, repo, view, tr(message), 400, also=twin)
    return Redirect(f"/documents/{document_id}")


@post(
    "/staff/documents/{document_id:int}/merge",
    name="merge",
    guards=[staff_guard],
    opt={"roles": FILERS},
)
async def merge(
    request: Request[Any, Any, Any], state: State, document_id: Id
) -> Template | Redirect:
    """The same act filed twice: this document's versions, rubrics and history go to the
    act it duplicates, and this one is gone."""
    repo: Repository = state.repo
    user = current_user(request)
    assert user is not None
    view = act(repo.engine, document_id)
    if view is None:
        raise NotFoundException(_("There is no document %(id)s.") % {"id": document_id})
    raw = str((await request.form()).get("into") or "").strip()
    if not raw.isdigit() or not 0 < int(raw) < 2**31:
        return _review(request, repo, view, _("Give the number of the act to merge into."), 400)
    try:
        merge_documents(repo.engine, document_id, int(raw), actor=f"web:{user.username}")
    except EditError as exc:
        return _review(request, repo, view, tr(exc.args[0]), 400)
    return Redirect(f"/staff/documents/{int(raw)}")


# -- sources and harvest runs --------------------------------------------------------


@get("/staff/sources", name="sources", guards=[staff_guard], opt={"roles": FILERS})
async def sources_page(request: Request[Any, Any, Any], state: State) -> Template:
    repo: Repository = state.repo
    return _sources(request, repo, None, None, 200)


def _sources(
    request: Request[Any, Any, Any],
    repo: Repository,
    message: str | None,
    error: str | None,
    status: int,
    dry: Any = None,
    draft: str = "",
) -> Template:
    rows = [(s, source_health(repo.engine, s)) for s in list_sources(repo.engine)]
    context = {
        "user": current_user(request),
        "sources": rows,
        "runs": runs(repo.engine, None, 30),
        "names": source_names(repo.engine),
        "message": message,
        "error": error,
        "dry": dry,
        "draft": draft,
    }
    return Template("staff/sources.html", context=context, status_code=status)


@post("/staff/sources", name="source_add", guards=[staff_guard], opt={"roles": ADMINS})
async def source_add(request: Request[Any, Any, Any], state: State) -> Template:
    """A source written in TOML, as in a source file (docs/harvesting.md)."""
    repo: Repository = state.repo
    text = str((await request.form()).get("toml") or "")[:20_000]
    try:
        data = tomllib.loads(text)
        raw = data.get("source", data)
        configs = [source_from_dict(t) for t in (raw if isinstance(raw, list) else [raw])]
        for config in configs:
            save_source(repo.engine, config, actor=f"web:{_name(request)}", settings=repo.settings)
    except tomllib.TOMLDecodeError as exc:
        error = _("Not valid TOML: %(error)s") % {"error": exc}
        return _sources(request, repo, None, error, 400, draft=text)
    except (SourceConfigError, AttributeError, TypeError) as exc:
        return _sources(request, repo, None, tr(str(exc)), 400, draft=text)
    names = ", ".join(c.name for c in configs)
    return _sources(request, repo, _("Source saved: %(names)s") % {"names": names}, None, 200)


@post(
    "/staff/sources/{name:str}/test",
    name="source_test",
    guards=[staff_guard],
    opt={"roles": ADMINS},
)
async def source_test(
    request: Request[Any, Any, Any], state: State, name: Annotated[str, PathParameter()]
) -> Template:
    """A dry run: what would be fetched and the metadata found, nothing stored."""
    repo: Repository = state.repo
    source = _source_or_404(repo, name)
    if source.config.kind == "folder":
        error = _("A folder source is tested from the command line.")
        return _sources(request, repo, None, error, 400)
    report = await asyncio.to_thread(Harvester(repo, source).dry_run, 3)
    return _sources(request, repo, None, None, 200, dry=report)


@post(
    "/staff/sources/{name:str}/harvest",
    name="source_harvest",
    guards=[staff_guard],
    opt={"roles": ADMINS},
)
async def source_harvest(
    request: Request[Any, Any, Any], state: State, name: Annotated[str, PathParameter()]
) -> Template:
    """Harvest now, in the background: the run appears in the list as it goes."""
    repo: Repository = state.repo
    source = _source_or_404(repo, name)

    def work() -> None:
        # HarvestBusy: another harvest of it is running, and its run is in the list already.
        with contextlib.suppress(HarvestBusy):
            harvest_source(repo, source, trigger="web")

    threading.Thread(target=work, name=f"harvest-{name}", daemon=True).start()
    message = _("Harvest of «%(name)s» started.") % {"name": name}
    return _sources(request, repo, message, None, 200)


@get("/staff/runs/{run_id:int}", name="run", guards=[staff_guard], opt={"roles": FILERS})
async def run_page(request: Request[Any, Any, Any], state: State, run_id: Id) -> Template:
    repo: Repository = state.repo
    run = get_run(repo.engine, run_id)
    if run is None:
        raise NotFoundException(_("There is no harvest run %(id)s.") % {"id": run_id})
    context = {
        "user": current_user(request),
        "run": run,
        "source": source_names(repo.engine).get(run.source_id, "?"),
        "errors": run_errors(repo.engine, run_id),
    }
    return Template("staff/run.html", context=context)


@get("/api/v1/sources", name="api_sources", guards=[staff_guard], opt={"roles": FILERS})
async def api_sources(state: State) -> list[dict[str, Any]]:
    """Sources with their kind, schedule and health (staff only)."""
    repo: Repository = state.repo
    return [source_summary(repo, s) for s in list_sources(repo.engine)]


@get("/api/v1/runs", name="api_runs", guards=[staff_guard], opt={"roles": FILERS})
async def api_runs(state: State) -> list[dict[str, Any]]:
    """The latest harvest runs with their counts (staff only)."""
    repo: Repository = state.repo
    names = source_names(repo.engine)
    return [
        {**r.model_dump(mode="json"), "source": names.get(r.source_id)}
        for r in runs(repo.engine, None, 50)
    ]


@get("/api/v1/runs/{run_id:int}", name="api_run", guards=[staff_guard], opt={"roles": FILERS})
async def api_run(state: State, run_id: Id) -> dict[str, Any]:
    """One run with every error (URL and reason)."""
    repo: Repository = state.repo
    run = get_run(repo.engine, run_id)
    if run is None:
        raise NotFoundException(f"run {run_id} not found")
    errors = [{"url": e.url, "reason": e.reason} for e in run_errors(repo.engine, run_id)]
    return {**run.model_dump(mode="json"), "errors": errors}


def _source_or_404(repo: Repository, name: str) -> StoredSource:
    try:
        return get_source(repo.engine, name)
    except UnknownSource:
        raise NotFoundException(_("There is no source %(name)s.") % {"name": name}) from None


def upload_limit(repo: Repository) -> int:
    """What one upload form may carry: a few files of the largest size a file may have
    (LEGALDESK_MAX_FILE_SIZE), so that no file the pipeline would take is refused at the
    door; a larger file inside is refused by the pipeline with its reason."""
    return repo.settings.max_file_size * UPLOAD_BATCH + 1024 * 1024


def _name(request: Request[Any, Any, Any]) -> str:
    user = current_user(request)
    return user.username if user else "?"


ROUTES = [
    api_sources,
    api_runs,
    api_run,
    sources_page,
    source_add,
    source_test,
    source_harvest,
    run_page,
    review_page,
    review,
    merge,
    staff_home,
    upload_page,
    upload,
]
