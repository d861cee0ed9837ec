"""``legaldesk clippings add FILE``: file a press clipping — a newspaper's or news site's
article — with the fields a librarian knows of it, through the one ingest pipeline (OCR for
a scan, as for acts). What it prints is for the library's staff, in their language through
the web interface's catalogue; ``--json`` gives the stored values for scripts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from legaldesk.cli.common import _repo, app, console
from legaldesk.cli.speech import _, tr
from legaldesk.clippings import ClippingError, clipping_details
from legaldesk.pipeline.ingest import Hints, ingest_path
from legaldesk.publication import WayIn

clippings_app = typer.Typer(help="Press clippings: articles from newspapers and news sites.")
app.add_typer(clippings_app, name="clippings")


@clippings_app.command("add")
def add(
    path: Annotated[Path, typer.Argument(help="The clipping: a scan, PDF, DOCX or text file.")],
    newspaper: Annotated[str, typer.Option(help="The newspaper or news site.")],
    date: Annotated[str, typer.Option("--date", help="Date of the issue: 2024-03-12.")],
    headline: Annotated[str, typer.Option(help="The article's headline.")],
    issue: Annotated[str | None, typer.Option(help="Issue number.")] = None,
    pages: Annotated[str | None, typer.Option(help="Pages: 3 or 3-4.")] = None,
    author: Annotated[list[str] | None, typer.Option(help="An author (repeatable).")] = None,
    site: Annotated[bool, typer.Option(help="Published on a news site, not in print.")] = False,
    url: Annotated[str | None, typer.Option(help="The article's address on the site.")] = None,
    rubric: Annotated[
        list[str] | None, typer.Option(help="Subject heading code (repeatable).")
    ] = None,
    hold: Annotated[bool, typer.Option(help="Keep it in review instead of publishing.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the outcome as JSON.")] = False,
) -> None:
    """File a press clipping with its newspaper, issue, date, pages, authors and headline."""
    if not path.is_file():
        raise typer.BadParameter(_("No such file or folder: %(paths)s") % {"paths": str(path)})
    try:
        details = clipping_details(
            source_name=newspaper,
            source_kind="site" if site else "newspaper",
            headline=headline,
            issued=date,
            issue=issue,
            pages=pages,
            authors=author or (),
            url=url,
        )
    except ClippingError as exc:
        raise typer.BadParameter(tr(exc.args[0])) from exc
    repo = _repo()
    ingestor = repo.ingestor("cli", WayIn.HELD if hold else WayIn.CLI)
    hints = Hints(rubrics=tuple(rubric or ()))
    outcome = ingest_path(ingestor, path, hints, clipping=details)
    repo.update_index()
    repo.close()
    if as_json:
        values = {
            "filename": outcome.filename,
            "status": outcome.status,
            "document_id": outcome.document_id,
            "reason": outcome.reason,
            "needs_review": outcome.needs_review,
            "publication": outcome.publication,
        }
        print(json.dumps(values, ensure_ascii=False, indent=2))
    elif outcome.status == "failed":
        console.print(
            _("The clipping was not filed: %(reason)s") % {"reason": tr(outcome.reason or "")}
        )
    elif outcome.status == "duplicate":
        console.print(
            _("This file is in the library already: document %(id)s.") % {"id": outcome.document_id}
        )
    else:
        message = _("The clipping is filed as document %(id)s.") % {"id": outcome.document_id}
        if outcome.needs_review:
            message += " " + _("It awaits review.")
        console.print(message)
    if outcome.status == "failed":
        raise typer.Exit(1)
