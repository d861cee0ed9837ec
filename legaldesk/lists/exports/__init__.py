"""A bibliographic list written out: DOCX for the bulletin, a printable HTML page, plain text,
RIS and CSL-JSON for reference managers, RUSMARC (ISO 2709 and MARCXML) for the library's
catalogue. Every format takes the same ``ListDocument``; ``FORMATS`` names them for the CLI
and the staff page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from legaldesk.lists.grouping import Entry, Group


@dataclass(frozen=True)
class ListDocument:
    title: str  # «Новые поступления»
    period: str | None  # the period in words («за март 2025 г.»), None when the list has none
    groups: list[Group]
    compiled: date  # the day the list was made, printed at its foot
    compiler: str = ""  # the library, when the settings name it

    def entries(self) -> Iterator[Entry]:
        for group in self.groups:
            yield from group.entries


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    media_type: str
    label: str  # as the staff page offers it
    render: Callable[[ListDocument], bytes]


def _formats() -> dict[str, Format]:
    # Imported here: each writer pulls its library (python-docx, pymarc) only when listed.
    from legaldesk.lists.exports import csljson, docx, html, ris, rusmarc, text

    return {
        f.name: f
        for f in (
            Format("docx", "docx", docx.MEDIA_TYPE, "DOCX (Word)", docx.render),
            Format("html", "html", "text/html; charset=utf-8", "HTML для печати", html.render),
            Format("txt", "txt", "text/plain; charset=utf-8", "Текст", text.render),
            Format("ris", "ris", "application/x-research-info-systems", "RIS", ris.render),
            Format("csl", "json", "application/vnd.citationstyles.csl+json", "CSL-JSON",
                   csljson.render),
            Format("marc", "mrc", "application/marc", "RUSMARC (ISO 2709)", rusmarc.render_iso),
            Format("marcxml", "xml", "application/marcxml+xml", "RUSMARC (MARCXML)",
                   rusmarc.render_xml),
        )
    }  # fmt: skip


FORMAT_NAMES: tuple[str, ...] = ("docx", "html", "txt", "ris", "csl", "marc", "marcxml")


def get(name: str) -> Format:
    formats = _formats()
    if name not in formats:
        raise KeyError(name)
    return formats[name]
