"""``legaldesk describe [FILE|-]``: CSL-JSON items in (a list or one item, from a file or
standard input), their descriptions to GOST R 7.0.100-2018 out, one a line, in the items'
order. An item that cannot be described prints its number and reason on stderr and the
others go on; the exit code is then 1. What the command itself says is in the librarians'
language (legaldesk/cli/speech.py); the formatter's reasons, like the descriptions, are
Russian, as GOST writes them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from legaldesk.bibliography import csl
from legaldesk.bibliography.gost import DescriptionError, describe
from legaldesk.cli.common import app, err
from legaldesk.cli.speech import _


def _read(source: str) -> str:
    if source == "-":
        return sys.stdin.read(csl.MAX_INPUT + 1)
    path = Path(source)
    try:
        with path.open(encoding="utf-8-sig") as handle:
            return handle.read(csl.MAX_INPUT + 1)
    except UnicodeDecodeError:
        raise DescriptionError(f"{source}: " + _("the file is not in UTF-8")) from None
    except OSError as exc:
        raise DescriptionError(
            f"{source}: "
            + _("the file cannot be read: %(detail)s") % {"detail": exc.strerror or exc}
        ) from None


@app.command("describe")
def describe_command(
    source: Annotated[
        str, typer.Argument(help="A CSL-JSON file (a list of items or one item); - for stdin.")
    ] = "-",
) -> None:
    """Print the GOST R 7.0.100-2018 description of each CSL-JSON item, one per line."""
    try:
        items = csl.load(_read(source))
    except DescriptionError as exc:
        err.print(f"[red]{escape(str(exc))}[/]", soft_wrap=True)
        raise typer.Exit(1) from None
    failed = 0
    for n, item in enumerate(items, 1):
        try:
            line = describe(item)
        except DescriptionError as exc:
            failed += 1
            said = _("item %(n)d: %(reason)s") % {"n": n, "reason": exc}
            err.print(f"[red]{escape(said)}[/]", soft_wrap=True)
            continue
        # Plain print: a description is data to copy, not markup (it has «[сайт]», «[и др.]»).
        typer.echo(line)
    if failed:
        raise typer.Exit(1)
