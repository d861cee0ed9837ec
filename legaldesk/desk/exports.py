"""Tables of figures written for a spreadsheet: CSV as Russian Excel opens it, and an XLSX
workbook with a sheet per table. The tables come already named in the reader's language
(web/desk/stats_views.py); nothing here knows what they count.

- **CSV**: UTF-8 with a byte order mark — without it Excel reads the file as the Windows
  code page and the Cyrillic comes out garbled — and ``;`` between fields, which Excel in a
  Russian locale expects because the comma is its decimal separator (so fractions are
  written with a comma too). Dates as 31.12.2026. The tables follow one another, each under
  its title, a blank line between.
- **XLSX** (openpyxl): a sheet per table, the header row bold and frozen, column widths set
  from the contents, numbers as numbers and dates as dates.

A cell's text that a spreadsheet would take for a formula (``=``, ``+``, ``-``, ``@`` first:
a zero-result search is anyone's typing) is written as text: a leading apostrophe in CSV,
a string cell in XLSX.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from legaldesk.typed import xml_safe

Value = str | int | float | date | None
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


@dataclass(frozen=True)
class Table:
    key: str  # stable, for links and sheet lookups: «channel»
    title: str  # in the reader's language: «По способу обращения»
    columns: list[str]
    rows: list[list[Value]]
    # A link for each row's first cell on the web page (an act, a search); not exported.
    links: list[str | None] = field(default_factory=list)
    # Number formats of columns by index, for XLSX: "0.0" for a share, "MM.YYYY" for months.
    formats: dict[int, str] = field(default_factory=dict)


def _csv_cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%d.%m.%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(tables: Sequence[Table], heading: Sequence[str] = ()) -> bytes:
    """The tables one after another (``heading``: lines before the first, e.g. the period)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for line in heading:
        writer.writerow([_csv_cell(line)])
    if heading:
        writer.writerow([])
    for n, table in enumerate(tables):
        if n:
            writer.writerow([])
        writer.writerow([_csv_cell(table.title)])
        writer.writerow([_csv_cell(c) for c in table.columns])
        for row in table.rows:
            writer.writerow([_csv_cell(v) for v in row])
    return (BOM + out.getvalue()).encode("utf-8")


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str, taken: set[str]) -> str:
    """A sheet's name: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = _SHEET_FORBIDDEN.sub(" ", title).strip()[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" {n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _width(value: Value) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    if isinstance(value, float):
        return len(f"{value:.1f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def to_xlsx(tables: Sequence[Table], title: str = "", heading: Sequence[str] = ()) -> bytes:
    """A workbook with a sheet per table. ``heading`` lines open the first sheet's notes
    (the workbook's description), not the tables: each sheet is a clean table."""
    tables, title, heading = xml_safe((tuple(tables), title, tuple(heading)))  # openpyxl refuses
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    book.properties.title = title or None
    book.properties.description = "\n".join(heading) or None
    bold = Font(bold=True)
    taken: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(sheet_name(table.title, taken))
        sheet.append(list(table.columns))
        for cell in sheet[1]:
            cell.font = bold
        for row in table.rows:
            sheet.append([None if v is None else v for v in row])
        for row_cells in sheet.iter_rows(min_row=2):
            for cell in row_cells:
                column = cell.column - 1
                value = cell.value
                if isinstance(value, str) and value.startswith(FORMULA_START):
                    cell.data_type = "s"  # text, never a formula
                elif isinstance(value, datetime):
                    cell.number_format = "DD.MM.YYYY HH:MM"
                elif isinstance(value, date):
                    cell.number_format = table.formats.get(column, "DD.MM.YYYY")
                elif isinstance(value, int | float) and column in table.formats:
                    cell.number_format = table.formats[column]
        sheet.freeze_panes = "A2"
        for index, name in enumerate(table.columns):
            widest = max([len(name)] + [_width(r[index]) for r in table.rows if index < len(r)])
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(60, widest + 2)
    if not tables:
        book.create_sheet("Sheet")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
