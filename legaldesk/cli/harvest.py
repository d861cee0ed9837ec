"""``legaldesk harvest``, ``legaldesk sources …`` and ``legaldesk runs …``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from legaldesk.accounts import throttle
from legaldesk.cli.common import _progress, _repo, app, console, err
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
from legaldesk.repository import Repository

sources_app = typer.Typer(help="Sources to harvest: list, add from a TOML file, test.")
runs_app = typer.Typer(help="Harvest runs: what each fetched, and every error.")
app.add_typer(sources_app, name="sources")
app.add_typer(runs_app, name="runs")


def _source(repo: Repository, name: str) -> StoredSource:
    try:
        return get_source(repo.engine, name)
    except UnknownSource as exc:
        err.print(f"[red]{escape(str(exc))}[/]")
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
        console.print("nothing to harvest" + (" (no source is due)" if due else ""))
        return
    reports: list[RunReport] = []
    failed = False
    for source in chosen:
        try:
            report = _harvest_one(repo, source, trigger="schedule" if due else "cli")
        except HarvestBusy as exc:
            err.print(f"[yellow]{escape(str(exc))}[/]")
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
            inbox = bar.add_task(f"{source.name}: inbox", total=None)
            return harvest_source(
                repo, source, trigger=trigger, on_inbox_file=lambda: bar.advance(inbox)
            )
        pages = bar.add_task(f"{source.name}: pages", total=None)
        files = bar.add_task(f"{source.name}: files", total=None, visible=False)

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
    console.print(
        f"[bold]{escape(r.source)}[/] run {r.run_id}: [{colour}]{r.status}[/] — "
        f"{r.pages} pages, {r.found} files listed: {r.new} new, {r.changed} changed, "
        f"{r.unchanged} unchanged, {r.failed} failed, {r.gone} gone "
        f"({r.requests} requests, {r.not_modified} answered 304"
        + (f", {r.retried} after retries" if r.retried else "")
        + ")"
    )
    if r.stopped:
        console.print(f"  [yellow]{escape(r.stopped)}[/]")
    for url, reason in r.errors[:20]:
        console.print(f"  [red]✗[/] {escape(url)}: {escape(reason)}")
    if len(r.errors) > 20:
        console.print(f"  … and {len(r.errors) - 20} more: legaldesk runs show {r.run_id}")


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
    table = Table("name", "kind", "schedule", "last run", "last success", "docs/run", "health")
    for s, h in rows:
        table.add_row(
            escape(s.name) + ("" if s.enabled else " (off)"),
            s.config.kind,
            s.config.schedule or "—",
            f"{h.last_run:%Y-%m-%d %H:%M} {h.last_status}" if h.last_run else "never",
            f"{h.last_success:%Y-%m-%d %H:%M}" if h.last_success else "—",
            f"{h.documents_per_run:.1f}" if h.runs else "—",
            "[green]ok[/]" if not h.warnings else "[red]" + escape("; ".join(h.warnings)) + "[/]",
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
        err.print(f"[red]{escape(str(exc))}[/]")
        raise typer.Exit(2) from None
    for config in configs:
        try:
            _id, created = save_source(repo.engine, config, settings=repo.settings)
        except SourceConfigError as exc:
            err.print(f"[red]{escape(str(exc))}[/]")
            raise typer.Exit(2) from None
        console.print(f"{'added' if created else 'updated'} source [bold]{escape(config.name)}[/]")


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
        f"[bold]{escape(name)}[/]: {report.pages} pages read, {len(report.candidates)} files listed"
    )
    table = Table("file", "type", "number", "date", "title (from the listing)")
    for c in report.candidates[:limit]:
        table.add_row(
            escape(c.url),
            c.hints.get("doc_type", ""),
            escape(c.hints.get("number", "")),
            c.hints.get("date", ""),
            escape(c.hints.get("title", "")[:90]),
        )
    console.print(table)
    if len(report.candidates) > limit:
        console.print(f"… and {len(report.candidates) - limit} more")
    for url, meta in report.samples:
        console.print(f"[bold]read from[/] {escape(url)}:")
        for key, value in meta.items():
            console.print(f"  {key}: {escape(value)}")
    for url, reason in report.errors:
        console.print(f"[red]✗[/] {escape(url)}: {escape(reason)}")
    if not report.candidates:
        err.print("[yellow]no files found: check the selectors and start URLs[/]")
        raise typer.Exit(1)


def _folder_test(repo: Repository, source: StoredSource, limit: int) -> None:
    """The files a harvest of a folder source would take, and the ones it would skip."""
    assert source.config.path is not None
    try:
        inbox = check_folder(repo.settings, source.config.path)
    except FolderRefused as exc:
        err.print(f"[red]{escape(str(exc))}[/]")
        raise typer.Exit(2) from None
    folder = inbox.folder
    files = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    waiting = [(p, inbox_target(inbox, p)[1]) for p in files]
    console.print(f"{len(files)} files waiting in {escape(str(folder))}")
    for p, problem in waiting[:limit]:
        line = escape(p.name) if problem is None else f"[red]✗[/] {escape(problem)}"
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
    console.print(f"source {escape(name)} {'enabled' if enabled else 'disabled'}")


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
        "run", "source", "started", "status", "pages", "new", "changed", "same", "failed", "gone"
    )
    for r in rows:
        table.add_row(
            str(r.id),
            escape(names.get(r.source_id, "?")),
            f"{r.started_at:%Y-%m-%d %H:%M:%S}",
            r.status,
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
    run_id: Annotated[int, typer.Argument(help="The run's number (see `runs list`).")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """One run: its counts, every error with URL and reason (a failure, a URL skipped
    because its host stopped answering, the run's deadline) and every URL that answered
    after retries, with what it took."""
    repo = _repo()
    run = get_run(repo.engine, run_id)
    if run is None:
        err.print(f"[red]no run {run_id}[/]")
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
    console.print(f"[bold]run {run.id}[/] of {escape(names.get(run.source_id, '?'))}: {run.status}")
    console.print(
        f"started {run.started_at:%Y-%m-%d %H:%M:%S}, finished {run.finished_at:%Y-%m-%d %H:%M:%S}"
        if run.finished_at
        else "still running"
    )
    for label in (
        "pages",
        "found",
        "new",
        "changed",
        "unchanged",
        "failed",
        "gone",
        "requests",
        "not_modified",
        "bytes",
    ):
        console.print(f"  {label}: {getattr(run, label)}")
    if run.message:
        console.print(f"  message: {escape(run.message)}")
    if errors:
        console.print(f"errors ({len(errors)}):")
    marks = {"skipped": "[yellow]–[/]", "deadline": "[yellow]⏱[/]"}
    for e in errors:
        mark = marks.get(e.kind, "[red]✗[/]")
        console.print(f"  {mark} {escape(e.url)}: {escape(e.reason)}")
    if retries:
        console.print(f"retried ({len(retries)}):")
    for e in retries:
        console.print(f"  [yellow]↻[/] {escape(e.url)}: {escape(e.reason)}")


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

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    repo = _repo()
    try:
        user = create_user(repo.engine, username, password, role, name)
    except UserError as exc:
        err.print(f"[red]{escape(str(exc))}[/]")
        raise typer.Exit(2) from None
    console.print(f"added {escape(user.username)} ({user.role})")


@users_app.command("list")
def users_list() -> None:
    """Every staff account with its role."""
    from legaldesk.accounts.users import list_users

    repo = _repo()
    locked = throttle.locks(repo.engine)
    table = Table("user", "name", "role", "active", "last login", "sign-in locked until")
    for u in list_users(repo.engine):
        until = locked.get(u.username)
        table.add_row(
            escape(u.username),
            escape(u.display_name),
            u.role,
            "yes" if u.active else "no",
            f"{u.last_login_at:%Y-%m-%d %H:%M}" if u.last_login_at else "—",
            f"{until:%Y-%m-%d %H:%M} UTC" if until else "",
        )
    console.print(table)


@users_app.command("unlock")
def users_unlock(
    username: Annotated[str, typer.Argument(help="The account whose sign-in lock to lift.")],
) -> None:
    """Lift the sign-in lock of an account (after repeated wrong passwords)."""
    if throttle.unlock(_repo().engine, username):
        console.print(f"signing in is open again for {escape(username)}")
    else:
        console.print(f"{escape(username)} was not locked")
