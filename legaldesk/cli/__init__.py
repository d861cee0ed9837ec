"""The ``legaldesk`` command: init, import, search, show, publish, reject, withdraw, reindex,
index, prune-changes, stats, check, log, demo, serve; harvest, sources, runs and users are in
``legaldesk.cli.harvest``, mail in ``legaldesk.cli.mail``, the desk's requests in
``legaldesk.cli.requests``, backup and restore in ``legaldesk.cli.backup``."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table
from sqlalchemy import func
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from legaldesk import changes, publication
from legaldesk.catalogue import VersionView, act, plain
from legaldesk.cli import terminal
from legaldesk.cli.common import (
    SYNC_EVERY,
    _progress,
    _repo,
    app,
    console,
    err,
    id_argument,
)
from legaldesk.cli.speech import (
    N_,
    _,
    act_heading,
    day,
    doc_type,
    label,
    labels,
    ngettext,
    not_one_of,
    tr,
)
from legaldesk.db import is_read_only_refusal
from legaldesk.index import SearchQuery
from legaldesk.indexing import POLL_SECONDS
from legaldesk.mail.sender import SmtpConfig
from legaldesk.messages import Msg
from legaldesk.models import (
    AuditEvent,
    Document,
    Version,
)
from legaldesk.observability import logs
from legaldesk.pipeline.ingest import Hints, IngestOutcome, Skipped, find_files, ingest_path
from legaldesk.publication import PublicationError, WayIn
from legaldesk.reasons import text as reasons_text
from legaldesk.relations.views import ActRelations, OtherAct, relations_of
from legaldesk.repository import NotInitialised, Repository
from legaldesk.search import search_documents

if TYPE_CHECKING:
    from legaldesk.integrity import Problem


@app.command()
def init() -> None:
    """Create or upgrade the database schema, seed subject headings, open the index."""
    repo = Repository()
    added = repo.init()
    console.print(
        _("LegalDesk is ready in %(folder)s")
        % {"folder": f"[bold]{escape(str(repo.settings.data_dir))}[/]"}
    )
    console.print(
        _("Database: %(url)s") % {"url": escape(_redact(repo.settings.resolved_database_url))}
    )
    console.print(_("Subject headings added: %(num)d") % {"num": added})


def _redact(url: str) -> str:
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(
            _("«%(value)s» is not a date of the form YYYY-MM-DD") % {"value": value}
        ) from exc


@app.command("import")
def import_(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders to import.")],
    recursive: Annotated[bool, typer.Option(help="Descend into sub-folders.")] = True,
    doc_type: Annotated[
        str | None, typer.Option("--type", help="Act type if the file lacks it.")
    ] = None,
    issuer: Annotated[str | None, typer.Option(help="Issuing body if the file lacks it.")] = None,
    level: Annotated[str | None, typer.Option(help="federal, regional or municipal.")] = None,
    territory: Annotated[str | None, typer.Option(help="Territory the acts apply to.")] = None,
    rubric: Annotated[
        list[str] | None, typer.Option(help="Rubric code to assign (repeatable).")
    ] = None,
    hold: Annotated[
        bool, typer.Option(help="Keep the acts in review instead of publishing them.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Import files and folders through the ingest pipeline, with a per-file reason for
    every file that could not be taken. The acts are published at once unless the pipeline
    doubts them (or --hold keeps them all in review)."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise typer.BadParameter(
            _("No such file or folder: %(paths)s") % {"paths": ", ".join(map(str, missing))}
        )
    repo = _repo()
    hints = Hints(
        doc_type=doc_type,
        issuer=issuer,
        level=level,
        territory=territory,
        rubrics=tuple(rubric or ()),
    )
    found = find_files(paths, recursive=recursive)
    files = found.files
    ingestor = repo.ingestor("cli", WayIn.HELD if hold else WayIn.CLI)
    outcomes: list[IngestOutcome] = []
    with _progress() as progress:
        task = progress.add_task(_("Importing"), total=len(files))
        for n, path in enumerate(files, 1):
            progress.update(task, description=escape(path.name[:40]))
            outcomes.append(ingest_path(ingestor, path, hints))
            if n % SYNC_EVERY == 0:
                repo.update_index()
            progress.advance(task)
        progress.update(task, description="indexing")
        repo.update_index()
    _print_import_summary(outcomes, found.skipped, as_json)
    repo.close()
    if all(o.status == "failed" for o in outcomes) and (files or found.skipped):
        raise typer.Exit(1)


def import_summary(outcomes: list[IngestOutcome], skipped: list[Skipped]) -> str:
    """One line of what an import did, as ``legaldesk import`` and ``legaldesk demo`` say it."""
    counts = Counter(o.status for o in outcomes)
    review = sum(1 for o in outcomes if o.needs_review)
    public = sum(1 for o in outcomes if o.publication == publication.PUBLISHED)
    summary = _(
        "Files: %(files)d; new acts: %(new)s, new versions: %(versions)d, duplicates: "
        "%(duplicates)d, not imported: %(failed)s; published: %(public)d, awaiting review: "
        "%(review)d"
    ) % {
        "files": len(outcomes),
        "new": f"[green]{counts['created']}[/]",
        "versions": counts["new_version"],
        "duplicates": counts["duplicate"],
        "failed": f"[red]{counts['failed']}[/]",
        "public": public,
        "review": review,
    }
    if skipped:
        summary += "; " + _("skipped: %(num)s") % {"num": f"[yellow]{len(skipped)}[/]"}
    return summary


def _print_import_summary(
    outcomes: list[IngestOutcome], skipped: list[Skipped], as_json: bool
) -> None:
    counts = Counter(o.status for o in outcomes)
    if as_json:
        print(
            json.dumps(
                {
                    "counts": {
                        k: counts.get(k, 0)
                        for k in ("created", "new_version", "duplicate", "failed")
                    },
                    "files": [
                        {
                            "filename": o.filename,
                            "status": o.status,
                            "document_id": o.document_id,
                            "sha256": o.sha256,
                            "reason": o.reason,
                            "warnings": list(o.warnings),
                            "needs_review": o.needs_review,
                            "publication": o.publication,
                        }
                        for o in outcomes
                    ],
                    "skipped": [{"path": str(s.path), "reason": s.reason} for s in skipped],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    console.print(import_summary(outcomes, skipped))
    if skipped:
        table = Table(_("Path"), _("Reason"), title=_("Skipped"), title_justify="left")
        for item in skipped:
            table.add_row(escape(str(item.path)), escape(item.reason))
        console.print(table)
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        table = Table(_("File"), _("Reason"), title=_("Not imported"), title_justify="left")
        for o in failed:
            table.add_row(escape(o.filename), escape(tr(o.reason)))
        console.print(table)
    warned = [o for o in outcomes if o.warnings]
    if warned:
        table = Table(
            _("File"), _("Act"), _("Note"), title=_("Imported with notes"), title_justify="left"
        )
        for o in warned:
            notes = "; ".join(tr(w) for w in o.warnings)
            table.add_row(escape(o.filename), str(o.document_id), escape(notes))
        console.print(table)


SORTS = ("relevance", "date_desc", "date_asc", "filed_desc")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for, in plain Russian.")] = "",
    doc_type: Annotated[
        list[str] | None, typer.Option("--type", help="Act type code (repeatable).")
    ] = None,
    level: Annotated[list[str] | None, typer.Option(help="federal/regional/municipal.")] = None,
    issuer: Annotated[
        list[str] | None, typer.Option(help="Issuing body, exactly as shown.")
    ] = None,
    rubric: Annotated[list[str] | None, typer.Option(help="Rubric code (repeatable).")] = None,
    status: Annotated[
        list[str] | None, typer.Option(help="in_force/amended/repealed/unknown.")
    ] = None,
    year: Annotated[int | None, typer.Option(help="Year adopted.")] = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="Adopted on or after YYYY-MM-DD.")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Adopted on or before YYYY-MM-DD.")
    ] = None,
    sort: Annotated[
        str, typer.Option(help="relevance, date_desc, date_asc or filed_desc.")
    ] = "relevance",
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 10,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    facets: Annotated[bool, typer.Option(help="Show facet counts.")] = False,
    as_typed: Annotated[
        bool,
        typer.Option(
            "--as-typed", help="Run the words as typed: no correction of layout or spelling."
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print hits as JSON.")] = False,
) -> None:
    """Search the repository: every act, whatever its publication (the public site shows
    published ones only); a marker says which are not public."""
    if sort not in SORTS:
        raise typer.BadParameter(not_one_of(sort, SORTS), param_hint="--sort")
    repo = _repo()
    _index_caught_up(repo)
    q = SearchQuery(
        text=query,
        doc_types=tuple(doc_type or ()),
        levels=tuple(level or ()),
        issuers=tuple(issuer or ()),
        rubrics=tuple(rubric or ()),
        statuses=tuple(status or ()),
        year=year,
        date_from=_parse_date(date_from),
        date_to=_parse_date(date_to),
        sort=sort,
        offset=offset,
        limit=limit,
        facets=facets or as_json,
        as_typed=as_typed,
    )
    page = search_documents(repo.engine, repo.index, q)
    repo.close()
    if as_json:
        print(json.dumps(page.as_json(), ensure_ascii=False, indent=2))
        return
    if page.corrected is not None:
        shown = escape(page.corrected.text)
        console.print(
            _("Showing results for «%(query)s» (--as-typed searches the words as typed)")
            % {"query": shown}
        )
    found = ngettext("%(num)d act found", "%(num)d acts found", page.total) % {"num": page.total}
    table = Table("№", _("Act"), _("Title"), title=found, title_justify="left")
    for hit in page.hits:
        act = act_heading(hit.doc_type, hit.date_adopted, hit.number)
        snippet = _html_to_markup(hit.snippet_html or "")
        # Staff see every act: one not on the public site says so before its title.
        state = "" if hit.publication == publication.PUBLISHED else "[" + _("not public") + "] "
        table.add_row(
            str(hit.id),
            escape(act) + ("\n" + escape(hit.issuer) if hit.issuer else ""),
            escape(state)
            + "[bold]"
            + escape(hit.title or _("(untitled)"))
            + "[/]"
            + (f"\n{snippet}" if snippet else ""),
        )
    console.print(table if page.hits else found)
    if page.numbers is not None:
        acts = page.numbers.nearby or page.numbers.several
        say = (
            _("No act has the number %(number)s; acts with numbers like it:")
            if page.numbers.nearby
            else _("The number %(number)s is held by acts of several bodies:")
        ) % {"number": page.numbers.asked}
        console.print(escape(say))
        for a in acts:
            console.print(f"  {a.id}: № {escape(a.number or '')} — {escape(a.issuer or '')}")
    if facets:
        for name, values in page.facets.items():
            if values:
                console.print(
                    f"[bold]{escape(label(labels().FACETS, name))}[/]: "
                    + ", ".join(f"{escape(str(k))} ({v})" for k, v in list(values.items())[:10])
                )


def _index_caught_up(repo: Repository, timeout: float = 10.0) -> None:
    """What was filed a moment ago is searched: applied here when no indexing loop runs,
    else waited for (the loop is usually a fraction of a second behind)."""
    if repo.update_index() is not None:
        return
    target = changes.head(repo.engine)
    deadline = time.monotonic() + timeout
    while (repo.index_position.get() or 0) < target:
        if time.monotonic() > deadline:
            err.print(
                "[yellow]"
                + _("The indexing loop is behind: the latest acts may be missing.")
                + "[/]"
            )
            return
        time.sleep(0.05)


def _html_to_markup(snippet: str) -> str:
    import html

    parts = re.split(r"(</?b>)", snippet)
    out = []
    for part in parts:
        if part == "<b>":
            out.append("[yellow]")
        elif part == "</b>":
            out.append("[/yellow]")
        else:
            out.append(escape(html.unescape(part)))
    return "".join(out)


@app.command()
def show(
    document_id: Annotated[int, id_argument("Document id.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
    text: Annotated[bool, typer.Option(help="Print the full text of the current version.")] = False,
) -> None:
    """Show a document: act metadata, rubrics, versions."""
    repo = _repo()
    view = act(repo.engine, document_id)
    if view is None:
        err.print("[red]" + _("No act %(id)d.") % {"id": document_id} + "[/]")
        raise typer.Exit(1)
    with Session(repo.engine) as session:
        review = session.exec(
            select(Document.needs_review, Document.review_reasons).where(Document.id == document_id)
        ).one()
        texts = session.exec(
            select(Version.id, Version.text).where(Version.document_id == document_id)
        ).all()
    data = plain(view)
    # The act view less its filing time and text (--text adds it), with the review state,
    # the rubrics' names, and each version with its provenance and its text's length.
    for key in ("created_at", "text"):
        del data[key]
    data["needs_review"], data["review_reasons"] = review[0], review[1] or []
    data["rubrics"] = [{"code": code, "name": name} for code, name in view.rubrics]
    lengths = {version_id: len(body) for version_id, body in texts}
    for version in data["versions"]:
        version["text_length"] = lengths[version["id"]]
    relations = relations_of(repo.engine, document_id)
    assert relations is not None
    data["relations"] = plain(relations)
    if as_json:
        if text:
            data["text"] = view.text
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    table = Table(show_header=False, box=None)
    shown = {
        "id": view.id,
        N_("Type of act"): doc_type(view.doc_type),
        N_("Number"): view.number,
        N_("Adopted"): day(view.date_adopted) if view.date_adopted else None,
        N_("Title"): view.title,
        N_("Issued by"): view.issuer,
        N_("Level"): label(labels().LEVELS, view.level),
        N_("Territory"): data["territory"],
        N_("Status"): status_text(relations),
        N_("Official publication"): data["official_publication"],
        N_("Source"): data["source_url"],
        N_("Publication"): label(labels().PUBLICATION, data["publication"]),
        N_("Why"): tr(data["publication_reason"]) if data["publication_reason"] else None,
        N_("To check"): reasons_text(data["review_reasons"]),
    }
    for key, value in shown.items():
        if value not in (None, "", "—"):
            table.add_row(f"[bold]{escape(_(key))}[/]", escape(str(value)))
    rubrics = ", ".join(r["name"] for r in data["rubrics"]) or "—"
    table.add_row("[bold]" + _("Subjects") + "[/]", escape(rubrics))
    console.print(table)
    vt = Table(
        "#",
        _("File"),
        _("Format"),
        _("Size, bytes"),
        _("Pages"),
        _("Text"),
        "sha256",
        title=_("Versions"),
        title_justify="left",
    )
    for v in data["versions"]:
        vt.add_row(
            str(v["n"]),
            escape(v["filename"]),
            v["media_type"],
            str(v["size"]),
            str(v["pages"] or ""),
            label(labels().TEXT_METHODS, v["text_method"]),
            v["sha256"][:16] + "…",
        )
    console.print(vt)
    print_relations(relations)
    for v in view.versions:
        head = _("version %(n)d") % {"n": v.n}
        console.print(f"[bold]{head}[/]: " + escape("; ".join(provenance_lines(v))))
    if text and view.versions:
        console.rule()
        console.print(escape(view.text))
    repo.close()


def _other(act: OtherAct) -> str:
    heading = act_heading(act.doc_type, act.date_adopted, act.number)
    text = f"{heading} «{act.title}»" if act.title else heading
    return f"{text} [id {act.id}]" if act.id else text


def status_text(relations: ActRelations) -> str:
    """«Утратил силу с 01.06.2022: Постановление от … № 80 [id 7]»."""
    text = label(labels().STATUSES, relations.status)
    if relations.status_since:
        text += " " + _("since %(date)s") % {"date": day(relations.status_since)}
    if relations.status_act:
        text += ": " + _other(relations.status_act)
    if relations.status_override:
        text += (
            " ("
            + _("set by a librarian: %(reason)s") % {"reason": relations.status_reason or "—"}
            + ")"
        )
    return text


def print_relations(relations: ActRelations) -> None:
    """The act's relations, grouped as on its page."""
    roles_out, roles_in = labels().ROLES_OUT, labels().ROLES_IN
    groups = [(roles_out[role], relations.out(role)) for role in roles_out]
    groups += [(roles_in[role], relations.into(role)) for role in roles_in]
    for title, items in groups:
        if not items:
            continue
        console.print(f"[bold]{escape(_(title))}[/]")
        for r in items:
            part = f" — {r.part}" if r.part else ""
            console.print("  • " + escape(_other(r.act) + part))


def provenance_lines(v: VersionView) -> list[str]:
    """Where a version came from and how its text was read, in short phrases."""
    lines = []
    if v.source:
        name = f"{v.source} ({v.source_title})" if v.source_title else v.source
        lines.append(_("source %(name)s") % {"name": name})
    if v.source_url:
        lines.append(_("from %(url)s") % {"url": v.source_url})
    if v.fetched_at:
        lines.append(_("fetched %(at)s") % {"at": f"{v.fetched_at:%d.%m.%Y %H:%M:%S %Z}".strip()})
    if v.http_etag:
        lines.append(f"ETag {v.http_etag}")
    if v.http_last_modified:
        lines.append(f"Last-Modified {v.http_last_modified}")
    how = label(labels().TEXT_METHODS, v.text_method)
    if v.ocr_confidence is not None:
        how += ", " + _("confidence %(pct)d%%") % {"pct": round(v.ocr_confidence)}
    if v.text_converter:
        how += ", " + _("converted by %(tool)s") % {"tool": v.text_converter}
    lines.append(_("text: %(how)s") % {"how": how})
    return lines


def _decide(ids: list[int], as_json: bool, decide: Callable[[Repository], list[int]]) -> None:
    """Runs one decision about publication; a refused one (a published act to reject, a
    reason missing) changes nothing and exits 1."""
    repo = _repo()
    try:
        done = decide(repo)
    except PublicationError as exc:
        err.print(f"[red]{escape(tr(str(exc)))}[/]; " + _("nothing changed."))
        raise typer.Exit(1) from None
    finally:
        repo.close()
    if as_json:
        print(json.dumps({"changed": done, "unchanged": sorted(set(ids) - set(done))}))
    else:
        console.print(
            _("Acts changed: %(num)d (%(ids)s).")
            % {"num": len(done), "ids": ", ".join(map(str, done)) or "—"}
        )


@app.command()
def publish(
    ids: Annotated[list[int], id_argument("Document ids.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Publish acts: awaiting review, rejected or withdrawn ones become public."""
    _decide(ids, as_json, lambda repo: publication.publish(repo.engine, ids, actor="cli"))


@app.command()
def reject(
    ids: Annotated[list[int], id_argument("Document ids.")],
    reason: Annotated[str, typer.Option(help="Why they are kept from the public.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Reject acts awaiting review: kept, with the reason, never public until published."""
    _decide(ids, as_json, lambda repo: publication.reject(repo.engine, ids, reason, actor="cli"))


@app.command()
def withdraw(
    ids: Annotated[list[int], id_argument("Document ids.")],
    reason: Annotated[str, typer.Option(help="Why they are taken off the public site.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Withdraw published acts from the public site, with the reason."""
    _decide(ids, as_json, lambda repo: publication.withdraw(repo.engine, ids, reason, actor="cli"))


@app.command("reindex")
def reindex_cmd() -> None:
    """Rebuild the search indexes (acts, questions and answers) from the database (an
    indexing loop may go on running)."""
    repo = _repo()
    with Session(repo.engine) as session:
        total = session.exec(select(func.count()).select_from(Document)).one()
    with _progress() as progress:
        task = progress.add_task(_("Rebuilding the search index"), total=total)
        count = repo.reindex(lambda n: progress.advance(task, n))
        entries = repo.reindex_qa()
    console.print(_("Acts indexed: %(num)d.") % {"num": count})
    console.print(_("Questions and answers indexed: %(num)d.") % {"num": entries})
    repo.close()


@app.command("index")
def index_cmd(
    follow: Annotated[
        bool,
        typer.Option(
            "--follow",
            help="Keep applying the change log to the index until stopped: the one "
            "indexing loop of this index (legaldesk serve starts one itself).",
        ),
    ] = False,
    interval: Annotated[
        float, typer.Option(min=0.01, help="Seconds between looks at the change log.")
    ] = POLL_SECONDS,
    parent: Annotated[int | None, typer.Option(hidden=True)] = None,
) -> None:
    """Apply the change log to the search index: once, or with --follow for good.

    Only one process applies it at a time (a lock beside the index). A second
    `index --follow` waits and takes over when the first stops."""
    import signal

    from filelock import Timeout

    repo = _repo()
    lock = repo.follower_lock
    if not follow:
        done = repo.update_index()
        if done is None:
            console.print(_("An indexing loop is running: it applies the changes itself."))
        else:
            console.print(_("Changes applied to the index: %(num)d.") % {"num": done})
        repo.close()
        return
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    try:
        lock.acquire(timeout=0)
    except Timeout:
        err.print(
            _(
                "Another indexing loop (legaldesk serve or legaldesk index --follow) holds "
                "%(lock)s: this one takes over when it stops."
            )
            % {"lock": escape(lock.lock_file)}
        )
        while not stop.is_set():
            try:
                lock.acquire(timeout=0.5)
                break
            except Timeout:
                continue
        else:
            return
    try:
        follow_change_log(repo, stop, interval, parent)
    finally:
        lock.release()
        repo.close()


def follow_change_log(
    repo: Repository,
    stop: threading.Event,
    interval: float = POLL_SECONDS,
    parent: int | None = None,
) -> None:
    """The indexing loop's work until ``stop``, once the follower lock is held: `legaldesk
    index --follow` (and so `serve`) runs it. A reading node follows into its own indexes
    only: the relations, the desk's flags, the subscriptions and the digests write to the
    database, and the primary's loop runs them (their results reach it through the
    replica)."""
    from legaldesk.desk.flags import DeskConsumer
    from legaldesk.indexing import rebuild_if_needed, run_loop
    from legaldesk.qa import indexing as qa_indexing
    from legaldesk.relations.consumer import RelationsConsumer
    from legaldesk.relations.consumer import rebuild_if_needed as relations_rebuild_if_needed
    from legaldesk.subscriptions import jobs as digest_job
    from legaldesk.subscriptions.consumer import SubscriptionsConsumer

    reading = repo.settings.read_only
    if not reading:
        relations_rebuild_if_needed(repo.engine)
    at = repo.index_position
    rebuild_if_needed(repo.engine, repo.index, repo.settings.index_consumer, at)
    qa_indexing.rebuild_if_needed(repo.engine, repo.qa_index)
    err.print(
        _("The indexing loop applies the change log to the index in %(folder)s.")
        % {"folder": escape(str(repo.settings.resolved_index_dir))}
    )
    also: list[changes.Consumer] = []
    each_turn: list[Callable[[], object]] = [lambda: qa_indexing.follow(repo.engine, repo.qa_index)]
    if not reading:
        also = [
            RelationsConsumer(repo.engine),
            DeskConsumer(repo.engine),
            SubscriptionsConsumer(repo.engine),
        ]
        each_turn.append(digest_job.every(repo.engine, repo.settings, tr))
    run_loop(
        repo.engine,
        repo.index,
        repo.settings.index_consumer,
        stop,
        interval=interval,
        parent=parent,
        also=also,
        each_turn=each_turn,
        at=at,
    )


@app.command("prune-changes")
def prune_changes(
    keep_days: Annotated[
        float, typer.Option(min=0, help="Keep changes younger than this many days.")
    ] = 30,
) -> None:
    """Delete old entries of the change log that every consumer has applied."""
    repo = _repo()
    removed = changes.prune(repo.engine, keep_days=keep_days)
    console.print(
        _("Changes removed from the log (applied by every consumer): %(num)d.") % {"num": removed}
    )
    repo.close()


def _duration(seconds: float) -> str:
    if seconds < 60:
        return _("%(n)s s") % {"n": f"{seconds:.1f}"}
    if seconds < 3600:
        return _("%(n)s min") % {"n": f"{seconds / 60:.0f}"}
    return _("%(n)s h") % {"n": f"{seconds / 3600:.1f}"}


def _bar(value: int, top: int, width: int = 30) -> str:
    filled = round(width * value / top) if top else 0
    return "█" * filled + "·" * (width - filled)


SUMMARY = {
    "documents": N_("Acts in all"),
    "versions": N_("Versions in all"),
    "awaiting_review": N_("Awaiting review"),
    "import_failures": N_("Files not imported"),
    "index_pending": N_("Changes waiting for the index"),
    "indexed": N_("In the search index"),
}
GROUPS = {
    "by type": N_("By type"),
    "by level": N_("By level"),
    "by status": N_("By status"),
    "by year": N_("By year adopted"),
    "by text source": N_("By source of the text"),
}


@app.command()
def stats(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Counts of documents by type, level, year and text source, with bar charts, and how
    far each consumer of the change log (the search index first) is behind."""
    repo = _repo()
    with Session(repo.engine) as session:
        total = session.exec(select(func.count()).select_from(Document)).one()
        versions = session.exec(select(func.count()).select_from(Version)).one()
        review = session.exec(
            select(func.count()).select_from(Document).where(col(Document.needs_review))
        ).one()
        groups: dict[str, list[tuple[str, int]]] = {}
        for name, column in (
            ("by type", Document.doc_type),
            ("by level", Document.level),
            ("by status", Document.status),
        ):
            rows = session.exec(
                select(column, func.count()).group_by(column).order_by(func.count().desc())
            ).all()
            groups[name] = [(str(k or "—"), int(v)) for k, v in rows]
        years = session.exec(select(col(Document.date_adopted))).all()
        year_counts = Counter(str(d.year) if d else "—" for d in years)
        groups["by year"] = sorted(year_counts.items(), reverse=True)
        rows = session.exec(
            select(Version.text_method, func.count()).group_by(Version.text_method)
        ).all()
        groups["by text source"] = [(str(k), int(v)) for k, v in rows]
        failed = session.exec(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "import_failed")
        ).one()
    lags = repo.lags()
    index_lag = next((x for x in lags if x.consumer == repo.settings.index_consumer), None)
    summary = {
        "documents": total,
        "versions": versions,
        "awaiting_review": review,
        "import_failures": failed,
        "index_pending": index_lag.behind if index_lag else changes.head(repo.engine),
        "indexed": repo.index.count(),
    }
    repo.close()
    if as_json:
        consumers = [
            {
                "name": x.consumer,
                "position": x.position,
                "head": x.head,
                "behind": x.behind,
                "oldest_pending_at": x.oldest_pending_at.isoformat()
                if x.oldest_pending_at
                else None,
                "age_seconds": round(x.age.total_seconds(), 3) if x.age is not None else None,
                "updated_at": x.updated_at.isoformat(),
            }
            for x in lags
        ]
        print(
            json.dumps(
                {
                    "summary": summary,
                    "consumers": consumers,
                    **{k: dict(v) for k, v in groups.items()},
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    table = Table(show_header=False, box=None)
    for key, value in summary.items():
        table.add_row(_(SUMMARY[key]), str(value))
    console.print(table)
    lag_table = Table(
        _("Consumer"),
        _("Position"),
        _("Behind"),
        _("Oldest waiting"),
        title=_("Change log"),
        box=None,
    )
    for x in lags:
        waiting = _duration(x.age.total_seconds()) if x.age is not None else "—"
        colour = "green" if not x.behind else "yellow"
        lag_table.add_row(
            escape(label(labels().CONSUMERS, x.consumer)),
            _("%(at)d of %(head)d") % {"at": x.position, "head": x.head},
            f"[{colour}]{x.behind}[/]",
            waiting,
        )
    console.print(lag_table)
    names = {
        "by level": labels().LEVELS,
        "by status": labels().STATUSES,
        "by text source": labels().TEXT_METHODS,
    }
    for name, items in groups.items():
        chart = Table(_(GROUPS[name]), "", "", title_justify="left", box=None)
        top = max((v for _, v in items), default=0)
        for code, value in items[:15]:
            shown = (
                doc_type(code)
                if name == "by type" and code != "—"
                else label(names[name], code)
                if name in names
                else code
            )
            chart.add_row(escape(shown), str(value), f"[cyan]{_bar(value, top)}[/]")
        console.print(chart)


CHECK_SUMMARY = {
    "acts": N_("Acts"),
    "files": N_("Files named in the database"),
    "indexed": N_("Entries of the search index"),
    "waiting": N_("Acts waiting for the index"),
    "consumers": N_("Followers of the change log"),
    "unreferenced": N_("Files no row names (an interrupted filing; harmless)"),
    "incoming": N_("Files being written or left unfinished (.incoming-…)"),
}


@app.command("check")
def check_cmd(
    quick: Annotated[
        bool, typer.Option("--quick", help="Check that the files exist, not their checksums.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Check that the database, the stored files, the search index and the change log
    agree (after a crash, a full disk or a restore). Exits 1 when they do not."""
    from legaldesk import integrity

    repo = _repo()
    try:
        report = integrity.check(repo, hash_files=not quick)
    finally:
        repo.close()
    counts = {
        "acts": report.acts,
        "files": report.files,
        "indexed": report.indexed,
        "waiting": report.waiting,
        "consumers": report.consumers,
        "unreferenced": len(report.unreferenced),
        "incoming": len(report.incoming),
    }
    if as_json:
        problems = [
            {"kind": p.kind, "subject": p.subject, "message": tr(p.message)}
            for p in report.problems
        ]
        body = {"consistent": report.consistent, **counts, "problems": problems}
        print(json.dumps(body, ensure_ascii=False, indent=2))
    else:
        table = Table(show_header=False, box=None)
        for key, value in counts.items():
            table.add_row(_(CHECK_SUMMARY[key]), str(value))
        console.print(table)
        for problem in report.problems:
            console.print(f"[red]✗[/] {escape(_problem_text(problem))}")
        if report.consistent:
            console.print(
                "[green]"
                + _(
                    "The repository is whole: the database, the files, the search index "
                    "and the change log agree."
                )
                + "[/]"
            )
        else:
            console.print(_("Faults found: %(num)d.") % {"num": len(report.problems)})
    if not report.consistent:
        raise typer.Exit(1)


def _problem_text(problem: Problem) -> str:
    """A fault in the reader's language, with the codes in it (publication states, a
    follower of the change log) by the names the pages give them."""
    from legaldesk import integrity

    tables = {
        integrity.INDEX_STATE_DIFFERS: {
            "indexed": labels().PUBLICATION,
            "state": labels().PUBLICATION,
        },
        integrity.POSITION_PAST_HEAD: {"name": labels().CONSUMERS},
    }.get(problem.kind)
    message = problem.message
    if not tables:
        return tr(message)
    params = {k: label(tables[k], v) if k in tables else v for k, v in message.params.items()}
    return tr(Msg(message.template, **params))


@app.command("log")
def log_cmd(
    limit: Annotated[int, typer.Option(min=1)] = 30,
    failures: Annotated[bool, typer.Option(help="Only files that could not be imported.")] = False,
) -> None:
    """The audit trail: who filed or changed what, and each refused file with its reason."""
    repo = _repo()
    with Session(repo.engine) as session:
        stmt = select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(limit)
        if failures:
            stmt = stmt.where(AuditEvent.action == "import_failed")
        events = session.exec(stmt).all()
    table = Table(_("When"), _("Who"), _("What"), _("Act"), _("Detail"))
    for e in events:
        parts = [str(e.detail["filename"])] if e.detail.get("filename") else []
        if e.detail.get("reason"):
            parts.append(tr(str(e.detail["reason"])))
        detail = ": ".join(parts)
        table.add_row(
            f"{e.at:%d.%m.%Y %H:%M:%S}",
            escape(e.actor),
            escape(label(labels().ACTIONS, e.action)),
            str(e.document_id or ""),
            escape(str(detail)),
        )
    console.print(table)
    repo.close()


@app.command()
def demo(
    count: Annotated[int, typer.Option(help="How many demo acts to generate.")] = 300,
    seed: Annotated[int, typer.Option(help="Seed of the generator.")] = 2024,
) -> None:
    """Generate demo acts (the project's own synthetic documents in several formats),
    import them and show a few searches."""
    from legaldesk.demo import run_demo

    run_demo(
        Repository(), count=count, seed=seed, console=console, progress=_progress, translate=tr
    )


MALLOC_ARENAS = "2"


def _few_malloc_arenas() -> None:
    """Cap glibc's malloc arenas for the processes the service starts (read by each at
    its start: the workers, the loops, the readers a worker forks), unless the operator
    set MALLOC_ARENA_MAX. Uncapped, every thread that allocates may get an arena of its
    own, up to eight per core — a worker's request threads, tantivy's indexing threads in
    the loop — and each arena keeps what it once held: the indexing loop sat at 221 MB of
    anonymous memory instead of 133 MB, and the workers' grew minute after minute
    (docs/benchmarks.md, «Load and soak»). The throughput stayed within the noise of the
    shared cores there (48.4 requests a second against 49.6)."""
    os.environ.setdefault("MALLOC_ARENA_MAX", MALLOC_ARENAS)


def _nodelay_listening_socket() -> None:
    """With several workers uvicorn binds the socket itself and its connections came without
    TCP_NODELAY: the body, written after the headers, waited for the client's delayed ACK,
    40 ms on every response (bench/load.py: 44 ms for a 3 KB stylesheet). Connections
    inherit the option from the listening socket on Linux, so it is set there."""
    import socket

    from uvicorn.config import Config

    bind = Config.bind_socket
    if getattr(bind, "nodelay", False):
        return

    def bind_socket(self: Config) -> socket.socket:
        sock = bind(self)
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    bind_socket.nodelay = True  # type: ignore[attr-defined]
    Config.bind_socket = bind_socket  # type: ignore[method-assign]


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[
        int | None, typer.Option(help="Worker processes [default: one per CPU core, up to 4].")
    ] = None,
) -> None:
    """Start the web service: the public site, the staff workspace and the JSON API, and
    beside its workers the indexing loop, the expiry of residents' personal data and (when
    mail is configured) the mail sender."""
    # A request holds its worker's event loop while it searches (the index and the
    # database block), so one worker uses one core; bench/load.py measures the rest.
    workers = workers or min(4, os.cpu_count() or 1)
    _nodelay_listening_socket()
    _few_malloc_arenas()

    repo = _repo()  # schema, seed and index in place before any worker starts
    if repo.index.needs_rebuild:
        repo.reindex()
    settings = repo.settings
    repo.close()
    if not settings.public_url:
        # Feeds and e-mails need absolute links; they are never made from a request's Host
        # header, so without a configured address they point where this server listens.
        os.environ["LEGALDESK_PUBLIC_URL"] = f"http://{host}:{port}"
        if host not in ("127.0.0.1", "localhost", "::1"):
            said = _(
                "LEGALDESK_PUBLIC_URL is not set: links in feeds point at %(url)s; set it to "
                "the address readers use."
            ) % {"url": f"http://{host}:{port}"}
            err.print(f"[yellow]{escape(said)}[/]")
    console.print(
        _("LegalDesk at %(url)s — Ctrl-C to stop")
        % {"url": f"[bold]http://{escape(host)}:{port}/[/]"}
    )
    companions = [_Companion(N_("indexing loop"), ["index", "--follow"])]
    if settings.read_only:
        # A reading node: the jobs that write (the expiry of personal data, the mail
        # sender) are the primary's, and so is every request that writes.
        err.print(
            _("A reading node: public pages from the replica; writes and staff go to %(url)s.")
            % {"url": escape(settings.primary_url)}
        )
    else:
        # Residents' names and contacts go a set time after their request closed.
        companions.append(
            _Companion(
                N_("expiry of personal data"), ["requests", "expire-personal-data", "--follow"]
            )
        )
        if SmtpConfig.from_settings(settings) is not None:
            companions.append(_Companion(N_("mail sender"), ["mail", "send", "--follow"]))
        else:
            said = _(
                "Mail is not configured (LEGALDESK_SMTP_HOST and LEGALDESK_SMTP_FROM): "
                "e-mails wait in the outbox."
            )
            err.print(f"[yellow]{escape(said)}[/]")
    if workers > 1:
        # Each worker counts its own requests; they write the counts to files here and a
        # scrape of /metrics, answered by any one worker, adds them all up (prometheus-client's
        # multiprocess mode, legaldesk/observability/metrics.py). Set before the workers
        # start, emptied of an earlier run's files. One worker keeps its counts in memory.
        from legaldesk.observability.metrics import MULTIPROC_ENV, prepare_multiprocess_dir

        os.environ[MULTIPROC_ENV] = str(prepare_multiprocess_dir(settings.data_dir))
    # Having shut down, uvicorn raises the signal that stopped it once more (so that the
    # exit status tells it), and with the default handler a SIGTERM then ended the process
    # before the companions were stopped: one worker's service died by the signal, its
    # loops left to notice their parent was gone. Stopped as asked, the service exits 0.
    signal.signal(signal.SIGTERM, _stop_as_asked)
    for companion in companions:
        companion.start()
    try:
        _run_uvicorn(
            host,
            port,
            workers,
            settings.trusted_proxies,
            settings.log_format,
            settings.keep_alive_seconds,
        )
    finally:
        for companion in companions:
            companion.stop()


def _stop_as_asked(signum: int, frame: object) -> None:
    raise SystemExit(0)


class _Companion:
    """A loop beside the web workers, in a process of its own, started again if it dies,
    stopped with the service: the indexing loop (`legaldesk index --follow`, the one
    writer of the index: web workers only read) and the mail sender (`legaldesk mail send
    --follow`: handlers only queue mail, and the SMTP conversation, which can wait on a
    slow server for its whole timeout, never holds a worker's event loop). In a session
    of its own, so that the terminal's Ctrl-C reaches uvicorn, which stops the workers
    first, and the loop is stopped after them."""

    def __init__(self, name: str, arguments: list[str]) -> None:
        self.name = name  # an English message, shown translated
        self.arguments = arguments
        self.process: subprocess.Popen[bytes] | None = None
        self.stopping = threading.Event()
        self.guard = threading.Lock()

    def start(self) -> None:
        self._spawn()
        threading.Thread(target=self._watch, name=self.name, daemon=True).start()

    def _spawn(self) -> None:
        with self.guard:
            if self.stopping.is_set():
                return
            command = [sys.executable, "-m", "legaldesk.cli", *self.arguments]
            self.process = subprocess.Popen(
                [*command, "--parent", str(os.getpid())], start_new_session=True
            )

    def _watch(self) -> None:
        while self.process is not None:
            code = self.process.wait()
            if self.stopping.wait(1.0):  # stopped by us, or a pause before the restart
                return
            said = _("«%(name)s» stopped (exit status %(code)d); starting it again.") % {
                "name": _(self.name),
                "code": code,
            }
            err.print(f"[red]{escape(said)}[/]")
            self._spawn()

    def stop(self) -> None:
        with self.guard:
            self.stopping.set()
            process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=30)  # it finishes the batch it is writing or sending
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _run_uvicorn(
    host: str,
    port: int,
    workers: int,
    trusted_proxies: str,
    log_format: str = "human",
    keep_alive: int = 75,
) -> None:
    import uvicorn

    # In JSON uvicorn's loggers write through the root logger's JSON handler
    # (legaldesk/observability/logs.py), in the supervising process and in each worker.
    json_logs = {"log_config": None} if log_format == "json" else {}
    if json_logs:
        logs.configure("json")
    uvicorn.run(
        "legaldesk.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # asyncio's loop, not uvloop: under 50 clients uvloop let a few connections wait
        # behind everyone else's requests (p99 1.9 s against asyncio's 0.29 s, 8 % more
        # throughput; bench/load.py, docs/benchmarks.md).
        loop="asyncio",
        http="httptools",
        log_level="warning",
        # X-Forwarded-For/-Proto are believed from these addresses only (the reverse proxy):
        # sign-in throttling counts per client address, and cookies turn Secure over HTTPS.
        proxy_headers=True,
        forwarded_allow_ips=trusted_proxies,
        timeout_keep_alive=keep_alive,
        **json_logs,  # type: ignore[arg-type]
    )


from legaldesk.cli import backup as _backup  # noqa: E402,F401
from legaldesk.cli import bibliography as _bibliography  # noqa: E402,F401
from legaldesk.cli import clippings as _clippings  # noqa: E402,F401  (registers its commands)
from legaldesk.cli import harvest as _harvest  # noqa: E402,F401  (registers its commands)
from legaldesk.cli import lists as _lists  # noqa: E402,F401
from legaldesk.cli import mail as _mail  # noqa: E402,F401
from legaldesk.cli import references as _references  # noqa: E402,F401
from legaldesk.cli import relations as _relations  # noqa: E402,F401
from legaldesk.cli import requests as _requests  # noqa: E402,F401  (registers its commands)
from legaldesk.cli import subscriptions as _subscriptions  # noqa: E402,F401


def main() -> None:
    try:
        code = terminal.run(app)
    except KeyboardInterrupt:
        err.print(_("Interrupted."))
        sys.exit(130)
    except NotInitialised:
        err.print(
            "[red]"
            + _(
                "This node reads a replica that has no database schema yet: run "
                "«legaldesk init» on the primary and wait for the replica to catch up."
            )
            + "[/]"
        )
        sys.exit(1)
    except DBAPIError as exc:
        if not is_read_only_refusal(exc):
            raise
        # A reading node (or one pointed at a standby by mistake): nothing was changed.
        err.print(
            "[red]"
            + _(
                "The database here is a read-only replica: nothing was changed. Make "
                "changes on the primary node."
            )
            + "[/]"
        )
        sys.exit(1)
    sys.exit(code)
