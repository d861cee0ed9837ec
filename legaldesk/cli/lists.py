"""``legaldesk lists …``: bibliographic lists written to a file — the month's new arrivals
(the bulletin), a thematic list, the sources of an answer — in DOCX, printable HTML, plain
text, RIS, CSL-JSON or RUSMARC (ISO 2709, MARCXML) for the library's catalogue."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from legaldesk.cli.common import _repo, app, console, err, id_argument
from legaldesk.cli.speech import _
from legaldesk.lists import exports
from legaldesk.lists.build import Kind, ListSpec, build
from legaldesk.lists.grouping import Grouping, SortBy
from legaldesk.lists.period import Period, PeriodError
from legaldesk.lists.selection import DateBasis, SelectionError

lists_app = typer.Typer(
    help="Bibliographic lists: new arrivals, thematic lists, an answer's sources."
)
app.add_typer(lists_app, name="lists")

FromDate = Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")]
ToDate = Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD (included).")]
Format = Annotated[
    str, typer.Option("--format", help="docx, html, txt, ris, csl, marc or marcxml.")
]
Out = Annotated[Path, typer.Option("--out", help="The file to write.")]
Sort = Annotated[SortBy, typer.Option("--sort", help="Within a group: by date or alphabet.")]
Oldest = Annotated[bool, typer.Option("--oldest-first", help="By date, oldest first.")]
Flat = Annotated[bool, typer.Option("--flat", help="No grouping by level and kind.")]
Published = Annotated[bool, typer.Option("--published-only", help="Only acts the public sees.")]


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d").date()
    except ValueError:
        err.print(_("%(option)s: a date as YYYY-MM-DD, not «%(text)s».") % {
            "option": option, "text": escape(text[:40])})  # fmt: skip
        raise typer.Exit(2) from None


def _period(start: str | None, end: str | None, required: bool) -> Period | None:
    first, last = _day(start, "--from"), _day(end, "--to")
    if first is None and last is None and not required:
        return None
    if first is None or last is None:
        err.print(_("Give both --from and --to."))
        raise typer.Exit(2)
    try:
        return Period(first, last)
    except PeriodError as error:
        err.print(escape(str(error)))
        raise typer.Exit(2) from None


def _write(spec: ListSpec, fmt: str, out: Path) -> None:
    try:
        writer = exports.get(fmt)
    except KeyError:
        err.print(_("Unknown format %(name)s: one of %(names)s.") % {
            "name": escape(fmt), "names": ", ".join(exports.FORMAT_NAMES)})  # fmt: skip
        raise typer.Exit(2) from None
    repo = _repo()
    try:
        doc = build(repo, spec)
    except (SelectionError, PeriodError) as error:
        err.print(escape(str(error)))
        raise typer.Exit(1) from None
    except ImportError:
        err.print(_("The bibliographic formatter (legaldesk.bibliography) is not installed."))
        raise typer.Exit(1) from None
    finally:
        repo.close()
    out.write_bytes(writer.render(doc))
    count = sum(1 for _entry in doc.entries())
    console.print(_("List written: %(path)s, entries: %(num)d.") % {
        "path": escape(str(out)), "num": count})  # fmt: skip


def _grouping(sort: SortBy, oldest: bool, flat: bool) -> Grouping:
    return Grouping(by_level=not flat, by_kind=not flat, sort=sort, oldest_first=oldest)


@lists_app.command("new")
def new_cmd(
    start: FromDate = None,
    end: ToDate = None,
    fmt: Format = "docx",
    out: Out = Path("new.docx"),
    sort: Sort = SortBy.DATE,
    oldest: Oldest = False,
    flat: Flat = False,
    published: Published = False,
) -> None:
    """New arrivals: the acts filed within the period (the library's days)."""
    spec = ListSpec(Kind.NEW, period=_period(start, end, required=True),
                    grouping=_grouping(sort, oldest, flat), published_only=published)  # fmt: skip
    _write(spec, fmt, out)


@lists_app.command("theme")
def theme_cmd(
    query: Annotated[str, typer.Option("--query", help="Words to search.")] = "",
    rubric: Annotated[str | None, typer.Option("--rubric", help="A rubric's code.")] = None,
    start: FromDate = None,
    end: ToDate = None,
    basis: Annotated[
        DateBasis, typer.Option("--by", help="The period is of: adopted or filed.")
    ] = DateBasis.ADOPTED,
    fmt: Format = "docx",
    out: Out = Path("theme.docx"),
    sort: Sort = SortBy.DATE,
    oldest: Oldest = False,
    flat: Flat = False,
    published: Published = False,
) -> None:
    """A thematic list: the acts found by the words and/or filed under the rubric."""
    if not query.strip() and not rubric:
        err.print(_("Give --query, --rubric or both."))
        raise typer.Exit(2)
    spec = ListSpec(
        Kind.THEME,
        period=_period(start, end, required=False),
        query=query,
        rubric=rubric,
        basis=basis,
        grouping=_grouping(sort, oldest, flat),
        published_only=published,
    )
    _write(spec, fmt, out)


@lists_app.command("answer")
def answer_cmd(
    request_id: Annotated[int, id_argument("The request's id.")],
    fmt: Format = "docx",
    out: Out = Path("sources.docx"),
    flat: Flat = False,
) -> None:
    """The sources an answer cites: its acts and its other sources."""
    spec = ListSpec(Kind.ANSWER, request_id=request_id,
                    grouping=_grouping(SortBy.DATE, False, flat))  # fmt: skip
    _write(spec, fmt, out)
