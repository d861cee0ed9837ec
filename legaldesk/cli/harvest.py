"""``legaldesk harvest``, ``legaldesk sources …`` and ``legaldesk runs …``."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from legaldesk.accounts import throttle
from legaldesk.cli.common import _progress, _repo, app, console, err, id_argument
from legaldesk.cli.speech import N_, _, doc_type, label, labels, moment, ngettext, tr
from legaldesk.harvesters.config import SourceConfigError, load_sources
from legaldesk.harvesters.harvest import harvest_source, source_summary
from legaldesk.harvesters.health import source_health
from legaldesk.harvesters.inbox import FolderRefused, check_folder, inbox_target
from legaldesk.harvesters.runner import FileResult, HarvestBusy, Harvester, Progress, RunReport
from legaldesk.harvesters.schedule import due_sources
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
    set_enabled,
    source_names,
)
from legaldesk.messages import from_data
from legaldesk.repository import Repository

sources_app = typer.Typer(help="Sources to harvest: list, add from a TOML file, test.")
runs_app = typer.Typer(help="Harvest runs: what each fetched, and every error.")
app.add_typer(sources_app, name="sources")
app.add_typer(runs_app, name="runs")


def _source(repo: Repository, name: str) -> StoredSource:
    try:
        return get_source(repo.engine, name)
    except UnknownSource:
        err.print(
            "[red]"
            + _("There is no source %(name)s (see «legaldesk sources list»).")
            % {"name": escape(name)}
            + "[/]"
        )
        raise typer.Exit(2) from None


@app.command()
def harvest(
    names: Annotated[
        list[str] | None, typer.Argument(help="Sources to harvest (default: every enabled one).")
    ] = None,
    due: Annotated[
        bool, typer.Option("--due", help="Only sources whose schedule says they are due.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run reports as JSON.")] = False,
) -> None:
    """Harvest sources: fetch what they list, ingest new and changed files, record the run.

    For a timer: `legaldesk harvest --due` (see docs/harvesting.md)."""
    repo = _repo()
    if names:
        chosen = [_source(repo, n) for n in names]
    elif due:
        chosen = due_sources(repo.engine)
    else:
        chosen = [s for s in list_sources(repo.engine) if s.enabled]
    if not chosen:
        console.print(
            _("Nothing to harvest: no source is due by its schedule.")
            if due
            else _("Nothing to harvest: no source is enabled.")
        )
        return
    reports: list[RunReport] = []
    failed = False
    for source in chosen:
        try:
            report = _harvest_one(repo, source, trigger="schedule" if due else "cli")
        except HarvestBusy:
            said = _("The source %(name)s is being harvested already.") % {"name": source.name}
            err.print(f"[yellow]{escape(said)}[/]")
            failed = True
            continue
        reports.append(report)
        failed = failed or report.status == "failed"
        if not as_json:
            _print_report(report)
    repo.update_index()
    if as_json:
        console.print_json(json.dumps([r.__dict__ for r in reports], default=str))
    repo.close()
    if failed:
        raise typer.Exit(1)


def _harvest_one(repo: Repository, source: StoredSource, trigger: str) -> RunReport:
    with _progress() as bar:
        if source.config.kind == "folder":
            inbox = bar.add_task(_("%(source)s: folder") % {"source": source.name}, total=None)
            return harvest_source(
                repo, source, trigger=trigger, on_inbox_file=lambda: bar.advance(inbox)
            )
        pages = bar.add_task(_("%(source)s: pages") % {"source": source.name}, total=None)
        files = bar.add_task(
            _("%(source)s: files") % {"source": source.name}, total=None, visible=False
        )

        def file_done(_url: str, _result: FileResult) -> None:
            bar.advance(files)

        progress = Progress(
            pages=lambda n: bar.update(pages, completed=n),
            files_total=lambda n: bar.update(files, total=n, visible=True),
            file_done=file_done,
        )
        return harvest_source(repo, source, trigger=trigger, progress=progress)


def _print_report(r: RunReport) -> None:
    colour = {"ok": "green", "partial": "yellow"}.get(r.status, "red")
    status = escape(label(labels().RUN_STATUSES, r.status))
    line = _(
        "%(source)s, harvest %(id)s: %(status)s — pages: %(pages)d, files in the lists: "
        "%(found)d; new: %(new)d, changed: %(changed)d, unchanged: %(unchanged)d, "
        "failed: %(failed)d, gone: %(gone)d; requests: %(requests)d, of them answered 304: "
        "%(not_modified)d"
    ) % {
        "source": f"[bold]{escape(r.source)}[/]",
        "id": r.run_id,
        "status": f"[{colour}]{status}[/]",
        "pages": r.pages,
        "found": r.found,
        "new": r.new,
        "changed": r.changed,
        "unchanged": r.unchanged,
        "failed": r.failed,
        "gone": r.gone,
        "requests": r.requests,
        "not_modified": r.not_modified,
    }
    if r.retried:
        line += ", " + _("after retries: %(num)d") % {"num": r.retried}
    console.print(line)
    if r.stopped:
        console.print(f"  [yellow]{escape(tr(r.stopped))}[/]")
    for url, reason in r.errors[:20]:
        console.print(f"  [red]✗[/] {escape(url)}: {escape(tr(reason))}")
    more = len(r.errors) - 20
    if more > 0:
        console.print(
            "  "
            + ngettext(
                "… and %(num)d more error: legaldesk runs show %(id)s",
                "… and %(num)d more errors: legaldesk runs show %(id)s",
                more,
            )
            % {"num": more, "id": r.run_id}
        )


# -- sources ---------------------------------------------------------------------------


@sources_app.command("list")
def sources_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Every source with its kind, schedule and health."""
    repo = _repo()
    rows = []
    for s in list_sources(repo.engine):
        health = source_health(repo.engine, s)
        rows.append((s, health))
    if as_json:
        summaries = [source_summary(repo, s) for s, _h in rows]
        console.print_json(json.dumps(summaries, default=str))
        return
    table = Table(
        _("Source"),
        _("Kind"),
        _("Schedule"),
        _("Last harvest"),
        _("Last success"),
        _("Files per harvest"),
        _("Health"),
    )
    for s, h in rows:
        last = (
            f"{moment(h.last_run)} ({label(labels().RUN_STATUSES, h.last_status)})"
            if h.last_run
            else _("not yet")
        )
        table.add_row(
            escape(s.name) + ("" if s.enabled else " (" + _("off") + ")"),
            escape(label(labels().SOURCE_KINDS, s.config.kind)),
            s.config.schedule or "—",
            escape(last),
            moment(h.last_success),
            f"{h.documents_per_run:.1f}" if h.runs else "—",
            "[green]" + escape(_("all right")) + "[/]"
            if not h.warnings
            else "[red]" + escape("; ".join(tr(w) for w in h.warnings)) + "[/]",
        )
    console.print(table)


@sources_app.command("add")
def sources_add(
    path: Annotated[Path, typer.Argument(help="A TOML file defining one or more sources.")],
) -> None:
    """Add sources from a TOML file, or replace the ones of the same name."""
    repo = _repo()
    try:
        configs = load_sources(path)
    except SourceConfigError as exc:
        err.print(f"[red]{escape(tr(exc.args[0]))}[/]")
        raise typer.Exit(2) from None
    for config in configs:
        try:
            _id, created = save_source(repo.engine, config, settings=repo.settings)
        except SourceConfigError as exc:
            err.print(f"[red]{escape(tr(exc.args[0]))}[/]")
            raise typer.Exit(2) from None
        said = _("Source %(name)s added.") if created else _("Source %(name)s updated.")
        console.print(said % {"name": f"[bold]{escape(config.name)}[/]"})


@sources_app.command("test")
def sources_test(
    name: Annotated[str, typer.Argument(help="The source to try.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run/--harvest", help="Only show; store nothing (default).")
    ] = True,
    fetch: Annotated[
        int, typer.Option(help="Also fetch this many files and show the metadata read.")
    ] = 3,
    limit: Annotated[int, typer.Option(help="Files to list.")] = 30,
) -> None:
    """Show what a harvest would fetch and the metadata found, without storing anything."""
    repo = _repo()
    source = _source(repo, name)
    if not dry_run:
        _print_report(_harvest_one(repo, source, trigger="test"))
        repo.update_index()
        return
    if source.config.kind == "folder":
        _folder_test(repo, source, limit)
        return
    report = Harvester(repo, source).dry_run(fetch=fetch)
    console.print(
        _("Test of «%(source)s»: %(pages)d pages, %(files)d files")
        % {"source": escape(name), "pages": report.pages, "files": len(report.candidates)}
    )
    table = Table(
        _("File"), _("Type of act"), _("Number"), _("Date"), _("Title (from the listing)")
    )
    for c in report.candidates[:limit]:
        kind = c.hints.get("doc_type")
        table.add_row(
            escape(c.url),
            doc_type(kind) if kind else "",
            escape(c.hints.get("number", "")),
            c.hints.get("date", ""),
            escape(c.hints.get("title", "")[:90]),
        )
    console.print(table)
    more = len(report.candidates) - limit
    if more > 0:
        console.print(
            ngettext("… and %(num)d more file", "… and %(num)d more files", more) % {"num": more}
        )
    for url, meta in report.samples:
        console.print(_("What the file %(url)s says:") % {"url": f"[bold]{escape(url)}[/]"})
        for key, value in meta.items():
            console.print(
                f"  {escape(_(SAMPLE_FIELDS.get(key, key)))}: {escape(_sample(key, value))}"
            )
    for url, reason in report.errors:
        console.print(f"[red]✗[/] {escape(url)}: {escape(tr(reason))}")
    if not report.candidates:
        said = _("No files found: check the selectors and the start addresses (start_urls).")
        err.print(f"[yellow]{escape(said)}[/]")
        raise typer.Exit(1)


# What a dry run reads in a sample file (harvesters.runner._read_metadata), as it is named.
SAMPLE_FIELDS = {
    "format": N_("Format"),
    "doc_type": N_("Type of act"),
    "number": N_("Number"),
    "date_adopted": N_("Adopted"),
    "title": N_("Title"),
    "issuer": N_("Issued by"),
    "error": N_("Error"),
}


def _sample(key: str, value: str) -> str:
    if key == "doc_type":
        return doc_type(value)
    if key == "error":
        return tr(value)
    return value


def _folder_test(repo: Repository, source: StoredSource, limit: int) -> None:
    """The files a harvest of a folder source would take, and the ones it would skip."""
    assert source.config.path is not None
    try:
        inbox = check_folder(repo.settings, source.config.path)
    except FolderRefused as exc:
        err.print(f"[red]{escape(tr(exc.args[0]))}[/]")
        raise typer.Exit(2) from None
    folder = inbox.folder
    files = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    waiting = [(p, inbox_target(inbox, p)[1]) for p in files]
    shown = escape(str(folder))
    console.print(
        ngettext(
            "%(num)d file is waiting in %(folder)s",
            "%(num)d files are waiting in %(folder)s",
            len(files),
        )
        % {"num": len(files), "folder": shown}
        if files
        else _("No files are waiting in %(folder)s") % {"folder": shown}
    )
    for p, problem in waiting[:limit]:
        line = escape(p.name) if problem is None else f"[red]✗[/] {escape(tr(problem))}"
        console.print(f"  {line}")


@sources_app.command("disable")
def sources_disable(name: str) -> None:
    """Stop harvesting a source (its documents stay)."""
    _switch(name, enabled=False)


@sources_app.command("enable")
def sources_enable(name: str) -> None:
    """Harvest a disabled source again."""
    _switch(name, enabled=True)


def _switch(name: str, enabled: bool) -> None:
    repo = _repo()
    _source(repo, name)
    set_enabled(repo.engine, name, enabled)
    said = (
        _("Source %(name)s is enabled.")
        if enabled
        else _("Source %(name)s is disabled; its documents stay.")
    )
    console.print(said % {"name": f"[bold]{escape(name)}[/]"})


# -- runs ------------------------------------------------------------------------------


@runs_app.command("list")
def runs_list(
    source: Annotated[str | None, typer.Option(help="Only this source's runs.")] = None,
    limit: Annotated[int, typer.Option()] = 20,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The latest harvest runs."""
    repo = _repo()
    source_id = _source(repo, source).id if source else None
    rows = runs(repo.engine, source_id, limit)
    names = source_names(repo.engine)
    if as_json:
        console.print_json(json.dumps([r.model_dump() for r in rows], default=str))
        return
    table = Table(
        _("No."),
        _("Source"),
        _("Started"),
        _("Result"),
        _("Pages"),
        _("New"),
        _("Changed"),
        _("Unchanged"),
        _("Errors"),
        _("Gone"),
    )
    for r in rows:
        table.add_row(
            str(r.id),
            escape(names.get(r.source_id, "?")),
            moment(r.started_at),
            escape(label(labels().RUN_STATUSES, r.status)),
            str(r.pages),
            str(r.new),
            str(r.changed),
            str(r.unchanged),
            str(r.failed),
            str(r.gone),
        )
    console.print(table)


@runs_app.command("show")
def runs_show(
    run_id: Annotated[int, id_argument("The run's number (see `runs list`).")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """One run: its counts, every error with URL and reason (a failure, a URL skipped
    because its host stopped answering, the run's deadline) and every URL that answered
    after retries, with what it took."""
    repo = _repo()
    run = get_run(repo.engine, run_id)
    if run is None:
        err.print("[red]" + _("There is no harvest run %(id)s.") % {"id": run_id} + "[/]")
        raise typer.Exit(2)
    errors = run_errors(repo.engine, run_id)
    retries = run_retries(repo.engine, run_id)
    if as_json:
        data = run.model_dump()
        data["errors"] = [{"url": e.url, "reason": e.reason, "kind": e.kind} for e in errors]
        data["retries"] = [{"url": e.url, "reason": e.reason} for e in retries]
        console.print_json(json.dumps(data, default=str))
        return
    names = source_names(repo.engine)
    console.print(
        _("Harvest %(id)s of %(source)s: %(status)s")
        % {
            "id": f"[bold]{run.id}[/]",
            "source": escape(names.get(run.source_id, "?")),
            "status": escape(label(labels().RUN_STATUSES, run.status)),
        }
    )
    console.print(
        _("Started %(start)s, finished %(end)s")
        % {"start": _second(run.started_at), "end": _second(run.finished_at)}
        if run.finished_at
        else _("Started %(start)s, still running") % {"start": _second(run.started_at)}
    )
    for field, name in RUN_FIELDS.items():
        console.print(f"  {_(name)}: {getattr(run, field)}")
    if run.message:
        console.print("  " + _("Message: %(text)s") % {"text": escape(tr(run.message))})
    if errors:
        console.print(_("Errors (%(num)d):") % {"num": len(errors)})
    marks = {"skipped": "[yellow]–[/]", "deadline": "[yellow]⏱[/]"}
    for e in errors:
        mark = marks.get(e.kind, "[red]✗[/]")
        console.print(f"  {mark} {escape(e.url)}: {escape(tr(from_data(e.reason, e.message)))}")
    if retries:
        console.print(_("Fetched after retries (%(num)d):") % {"num": len(retries)})
    for e in retries:
        console.print(
            f"  [yellow]↻[/] {escape(e.url)}: {escape(tr(from_data(e.reason, e.message)))}"
        )


# The counts of a run (legaldesk.models.HarvestRun), as `runs show` names them.
RUN_FIELDS = {
    "pages": N_("Pages read"),
    "found": N_("Files in the lists"),
    "new": N_("New files"),
    "changed": N_("Changed files"),
    "unchanged": N_("Unchanged files"),
    "failed": N_("Files not fetched"),
    "gone": N_("Files gone from the source"),
    "requests": N_("HTTP requests"),
    "not_modified": N_("Answered 304 (not modified)"),
    "bytes": N_("Bytes received"),
}


def _second(value: datetime | None) -> str:
    """A moment to the second: two runs a minute apart are told apart."""
    return f"{value:%d.%m.%Y %H:%M:%S}" if value else "—"


# -- users -----------------------------------------------------------------------------

users_app = typer.Typer(help="Staff accounts: the first administrator, librarians, employees.")
app.add_typer(users_app, name="users")


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="Login name (a–z, digits, . _ -).")],
    role: Annotated[str, typer.Option(help="admin, librarian or employee.")] = "librarian",
    name: Annotated[str, typer.Option(help="Display name.")] = "",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Add a staff account; the password is asked twice (or read from stdin)."""
    import sys

    from legaldesk.accounts.users import UserError, create_user

    password = sys.stdin.readline().rstrip("\n") if password_stdin else _ask_password()
    repo = _repo()
    try:
        user = create_user(repo.engine, username, password, role, name)
    except UserError as exc:
        err.print(f"[red]{escape(tr(exc.args[0]))}[/]")
        raise typer.Exit(2) from None
    console.print(
        _("User %(name)s added: %(role)s.")
        % {"name": f"[bold]{escape(user.username)}[/]", "role": label(labels().ROLES, user.role)}
    )


def _ask_password() -> str:
    """Asked twice, as click's confirmation does, but in the librarians' language (click
    says its «Repeat for confirmation» in English)."""
    while True:
        password: str = typer.prompt(_("Password"), hide_input=True)
        again: str = typer.prompt(_("The password again"), hide_input=True)
        if password == again:
            return password
        err.print("[red]" + _("The passwords differ; type them again.") + "[/]")


@users_app.command("list")
def users_list() -> None:
    """Every staff account with its role."""
    from legaldesk.accounts.users import list_users

    repo = _repo()
    locked = throttle.locks(repo.engine)
    table = Table(
        _("User name"),
        _("Full name"),
        _("Role"),
        _("May log in"),
        _("Last login"),
        _("Signing in locked until"),
    )
    for u in list_users(repo.engine):
        until = locked.get(u.username)
        table.add_row(
            escape(u.username),
            escape(u.display_name),
            escape(label(labels().ROLES, u.role)),
            _("yes") if u.active else _("no"),
            moment(u.last_login_at),
            f"{until:%d.%m.%Y %H:%M} UTC" if until else "",
        )
    console.print(table)


@users_app.command("unlock")
def users_unlock(
    username: Annotated[str, typer.Argument(help="The account whose sign-in lock to lift.")],
) -> None:
    """Lift the sign-in lock of an account (after repeated wrong passwords)."""
    if throttle.unlock(_repo().engine, username):
        console.print(_("Signing in is open again for %(name)s.") % {"name": escape(username)})
    else:
        console.print(_("Signing in was not locked for %(name)s.") % {"name": escape(username)})
