"""Sources and harvest runs in the workspace: each source's health and latest runs, each
run with its errors; administrators add a source by pasting TOML (docs/harvesting.md), try
it without storing anything, and start a harvest in the background."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import PathParameter
from litestar.response import Template

from legaldesk.harvesters.config import SourceConfigError, parse_sources
from legaldesk.harvesters.harvest import harvest_source
from legaldesk.harvesters.health import source_health
from legaldesk.harvesters.runner import DryRunReport, HarvestBusy, Harvester
from legaldesk.harvesters.store import (
    StoredSource,
    UnknownSource,
    get_run,
    get_source,
    list_sources,
    run_errors,
    run_retries,
    runs,
    save_source,
    source_names,
)
from legaldesk.repository import Repository
from legaldesk.web.auth.guard import ADMINS, FILERS, StaffUser, staff
from legaldesk.web.forms import form_page
from legaldesk.web.i18n import gettext as _
from legaldesk.web.i18n import tr
from legaldesk.web.params import Id
from legaldesk.web.state import Repo

SourceName = Annotated[str, PathParameter(max_length=128)]


def _sources(repo: Repository, dry: DryRunReport | None = None, **outcome: Any) -> Template:
    """The sources page with a dry run's report or the outcome of the last action
    (``forms.Outcome``)."""
    context = {
        "sources": [(s, source_health(repo.engine, s)) for s in list_sources(repo.engine)],
        "runs": runs(repo.engine, None, 30),
        "names": source_names(repo.engine),
        "dry": dry,
        "draft": "",  # the TOML text of a refused source
    }
    return form_page("sources/sources.html", context, **outcome)


def source_or_404(repo: Repository, name: str) -> StoredSource:
    try:
        return get_source(repo.engine, name)
    except UnknownSource:
        raise NotFoundException(_("There is no source %(name)s.") % {"name": name}) from None


@get("/staff/sources", name="sources", **staff(*FILERS))
async def sources_page(repo: Repo) -> Template:
    return _sources(repo)


@post("/staff/sources", name="source_add", **staff(*ADMINS))
async def source_add(request: Request[Any, Any, Any], repo: Repo, user: StaffUser) -> Template:
    """A source written in TOML, as in a source file (docs/harvesting.md)."""
    text = str((await request.form()).get("toml") or "")[:20_000]
    try:
        configs = parse_sources(text, "source")
        for config in configs:
            save_source(repo.engine, config, actor=f"web:{user.username}", settings=repo.settings)
    except SourceConfigError as exc:
        return _sources(repo, error=tr(exc.args[0]), status=400, draft=text)
    names = ", ".join(c.name for c in configs)
    return _sources(repo, message=_("Source saved: %(names)s") % {"names": names})


@post("/staff/sources/{name:str}/test", name="source_test", **staff(*ADMINS))
async def source_test(repo: Repo, name: SourceName) -> Template:
    """A dry run: what would be fetched and the metadata found, nothing stored."""
    source = source_or_404(repo, name)
    if source.config.kind == "folder":
        return _sources(
            repo, error=_("A folder source is tested from the command line."), status=400
        )
    report = await asyncio.to_thread(Harvester(repo, source).dry_run, 3)
    return _sources(repo, dry=report)


@post("/staff/sources/{name:str}/harvest", name="source_harvest", **staff(*ADMINS))
async def source_harvest(repo: Repo, name: SourceName) -> Template:
    """Harvest now, in the background: the run appears in the list as it goes."""
    source = source_or_404(repo, name)

    def work() -> None:
        # HarvestBusy: another harvest of it is running, and its run is in the list already.
        with contextlib.suppress(HarvestBusy):
            harvest_source(repo, source, trigger="web")

    threading.Thread(target=work, name=f"harvest-{name}", daemon=True).start()
    return _sources(repo, message=_("Harvest of «%(name)s» started.") % {"name": name})


@get("/staff/runs/{run_id:int}", name="run", **staff(*FILERS))
async def run_page(repo: Repo, run_id: Id) -> Template:
    run = get_run(repo.engine, run_id)
    if run is None:
        raise NotFoundException(_("There is no harvest run %(id)s.") % {"id": run_id})
    context = {
        "run": run,
        "source": source_names(repo.engine).get(run.source_id, "?"),
        "errors": run_errors(repo.engine, run_id),
        "retries": run_retries(repo.engine, run_id),
    }
    return Template("sources/run.html", context=context)


ROUTES = [sources_page, source_add, source_test, source_harvest, run_page]
