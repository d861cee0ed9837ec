"""What every ``legaldesk`` command shares: the app, consoles, the repo, progress bars."""

from __future__ import annotations

import os
from typing import Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from legaldesk.models.base import MAX_ID
from legaldesk.observability import logs
from legaldesk.repository import Repository

app = typer.Typer(
    name="legaldesk",
    help="LegalDesk: the repository, search and reference desk of a centre for legal information.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err = Console(stderr=True)


def id_argument(help: str) -> Any:
    """An id typed on the command line: a number a row can have, else typer's own error
    («99999999999999999999» reached the database, which refused it with a traceback)."""
    return typer.Argument(min=1, max=MAX_ID, help=help)


SYNC_EVERY = 200  # files between index commits during an import: searchable as it goes


def _repo() -> Repository:
    repo = Repository()
    # The companions of `serve` (the indexing loop, the mail sender) log as the service does.
    logs.configure(repo.settings.log_format)
    if not repo.is_initialised():
        repo.init()
    return repo


def _progress(transient: bool = False) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=transient,
        disable=not err.is_terminal and not _force_progress(),
    )


def _force_progress() -> bool:
    return os.environ.get("LEGALDESK_PROGRESS") == "1"
