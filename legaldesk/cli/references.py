"""``legaldesk references FILE…``: what the reference extractor reads in files, without filing
them — a librarian checks what an act amends, repeals or rests on before importing it.

Each file is read the way ``legaldesk import`` reads it (the media type sniffed from the bytes,
the project's extraction with the configured limits, OCR included); the act's own number and
date come from its heading, so that its own heading is not listed. The listing is in the
librarians' language (the interface's catalogue, web/locale: Russian unless
``LEGALDESK_LANG=en``); ``--json`` gives the stored values for scripts. A file that cannot be
read prints its reason and the others go on; the exit code is then 1.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from legaldesk.cli.common import app, console, err
from legaldesk.cli.speech import N_, _, act_heading, ngettext, tr
from legaldesk.config import Settings
from legaldesk.pipeline.extract import ExtractionError, extract
from legaldesk.pipeline.filenames import safe_filename
from legaldesk.pipeline.ingest import extract_limits
from legaldesk.pipeline.metadata import parse_act
from legaldesk.pipeline.sniff import sniff
from legaldesk.relations.extract import Reference
from legaldesk.relations.extract import extract as extract_references

# What a librarian calls each role.
_ROLE_WORDS = {
    "amends": N_("amends"),
    "repeals": N_("repeals"),
    "suspends": N_("suspends"),
    "based_on": N_("is based on"),
    "cites": N_("cites"),
}


class Unreadable(Exception):
    """A file that gives no text; the message is the reason, for a librarian."""


def read_references(path: Path, settings: Settings) -> list[Reference]:
    try:
        size = path.stat().st_size
        if size > settings.max_file_size:
            limit = settings.max_file_size // (1024 * 1024)
            raise Unreadable(
                _("the file is larger than the limit (%(limit)d MB)") % {"limit": limit}
            )
        data = path.read_bytes()
    except OSError as exc:
        raise Unreadable(
            _("the file cannot be read: %(detail)s") % {"detail": exc.strerror or exc}
        ) from exc
    try:
        text = extract(data, sniff(data, safe_filename(path.name)), extract_limits(settings)).text
    except ExtractionError as exc:
        raise Unreadable(tr(str(exc))) from exc
    meta = parse_act(text)
    own_number, own_date = meta.number, meta.date_adopted
    if meta.is_appendix and meta.parent is not None:
        own_number, own_date = meta.parent.number, meta.parent.date_adopted
    return extract_references(text, own_number=own_number, own_date=own_date)


def as_json(ref: Reference) -> dict[str, Any]:
    values = dataclasses.asdict(ref)
    values["date"] = ref.date.isoformat() if ref.date else None
    return values


def describe(ref: Reference) -> str:
    """«изменяет: Постановление от 12.03.2024 № 245-п «О …» — Администрация …, пункт 3»."""
    what = act_heading(ref.doc_type, ref.date, ref.number)
    if ref.title and not ref.number:
        what += f" «{ref.title}»"
    elif ref.title:
        what += f" «{ref.title[:120]}{'…' if len(ref.title) > 120 else ''}»"
    details = [d for d in (ref.issuer, ref.part) if d]
    line = f"{_(_ROLE_WORDS[ref.role])}: {what}"
    return line + (f" — {', '.join(details)}" if details else "")


@app.command("references")
def references(
    files: Annotated[
        list[Path], typer.Argument(help="Files of acts (PDF, DOCX, DOC, RTF, HTML, XML, TXT).")
    ],
    as_json_output: Annotated[
        bool, typer.Option("--json", help="Print the references as JSON, a list per file.")
    ] = False,
) -> None:
    """Show the references a file makes to other acts, without importing it."""
    settings = Settings()
    results: list[dict[str, Any]] = []
    failed = False
    for path in files:
        try:
            refs = read_references(path, settings)
        except Unreadable as exc:
            failed = True
            if as_json_output:
                results.append({"file": str(path), "error": str(exc), "references": []})
            else:
                err.print(f"[red]{escape(str(path))}: {escape(str(exc))}[/]", soft_wrap=True)
            continue
        if as_json_output:
            results.append({"file": str(path), "references": [as_json(r) for r in refs]})
            continue
        # One line per act and role, however many times the text names it.
        lines: dict[str, int] = {}
        for ref in refs:
            line = describe(ref)
            lines[line] = lines.get(line, 0) + 1
        heading = (
            _("references to other acts: %(num)d") % {"num": len(lines)}
            if lines
            else _("no references to other acts")
        )
        console.print(f"[bold]{escape(str(path))}[/]: {heading}", soft_wrap=True)
        for line, times in lines.items():
            more = ""
            if times > 1:
                more = (
                    " ("
                    + ngettext("named %(num)d time", "named %(num)d times", times) % {"num": times}
                    + ")"
                )
            console.print(f"  • {escape(line + more)}", soft_wrap=True)
    if as_json_output:
        typer.echo(json.dumps(results, ensure_ascii=False, indent=2))
    if failed:
        raise typer.Exit(1)
