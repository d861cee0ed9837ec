"""Sources and harvest runs in JSON, for the staff (the same guard as the pages)."""

from __future__ import annotations

from typing import Any

from litestar import get
from litestar.exceptions import NotFoundException

from legaldesk.harvesters.harvest import source_summary
from legaldesk.harvesters.store import (
    get_run,
    list_sources,
    run_errors,
    run_retries,
    runs,
    source_names,
)
from legaldesk.models import HarvestRun
from legaldesk.web.auth.guard import FILERS, staff
from legaldesk.web.params import Id
from legaldesk.web.schemas import errors
from legaldesk.web.sources.schemas import RunDetailOut, RunErrorOut, RunOut, SourceOut
from legaldesk.web.state import Repo

STAFF_ERRORS = errors(401, 403)


@get("/api/v1/sources", name="api_sources", responses=STAFF_ERRORS, **staff(*FILERS))
async def api_sources(repo: Repo) -> list[SourceOut]:
    """Sources with their kind, schedule and health (staff only)."""
    return [SourceOut(**source_summary(repo, s)) for s in list_sources(repo.engine)]


def _run_fields(run: HarvestRun, source: str | None) -> dict[str, Any]:
    assert run.id is not None
    return {**run.model_dump(), "source": source}


@get("/api/v1/runs", name="api_runs", responses=STAFF_ERRORS, **staff(*FILERS))
async def api_runs(repo: Repo) -> list[RunOut]:
    """The latest harvest runs with their counts (staff only)."""
    names = source_names(repo.engine)
    return [RunOut(**_run_fields(r, names.get(r.source_id))) for r in runs(repo.engine, None, 50)]


@get(
    "/api/v1/runs/{run_id:int}",
    name="api_run",
    responses={**STAFF_ERRORS, **errors(404)},
    **staff(*FILERS),
)
async def api_run(repo: Repo, run_id: Id) -> RunDetailOut:
    """One run with every error (URL, reason, and kind: a failure, a URL skipped because
    its host stopped answering, the run's deadline) and every URL that answered after
    retries, with what it took."""
    run = get_run(repo.engine, run_id)
    if run is None:
        raise NotFoundException(f"run {run_id} not found")
    return RunDetailOut(
        **_run_fields(run, source_names(repo.engine).get(run.source_id)),
        errors=[
            RunErrorOut(url=e.url, reason=e.reason, kind=e.kind)
            for e in run_errors(repo.engine, run_id)
        ],
        retries=[
            RunErrorOut(url=e.url, reason=e.reason, kind=e.kind)
            for e in run_retries(repo.engine, run_id)
        ],
    )


ROUTES = [api_sources, api_runs, api_run]
