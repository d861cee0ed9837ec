"""DOCX: paragraphs and tables in document order, then headers and footers.

A DOCX is a zip, so its declared member sizes are checked before anything is inflated:
a few kilobytes can claim gigabytes.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from legaldesk.pipeline.extract.base import Extraction, ExtractionError, ExtractLimits, TextMethod

MAX_RATIO = 200  # deflate rarely exceeds ~100:1 on real documents


def check_zip(data: bytes, limits: ExtractLimits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ExtractionError(f"DOCX is not a valid zip archive: {exc}") from exc
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > limits.max_unpacked_size:
        raise ExtractionError(
            f"DOCX would unpack to {total / 1e6:.1f} MB "
            f"(limit {limits.max_unpacked_size / 1e6:.0f} MB): refused as a zip bomb"
        )
    if total > 10_000_000 and total / packed > MAX_RATIO:
        raise ExtractionError(
            f"DOCX compression ratio {total // packed}:1 is implausible: refused as a zip bomb"
        )


def _block_text(document: DocxDocument) -> list[str]:
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(Paragraph(child, document).text)
        elif child.tag == qn("w:tbl"):
            lines.extend(_table_lines(Table(child, document)))
    return lines


def _table_lines(table: Table) -> list[str]:
    lines = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):  # merged cells repeat themselves
                cells.append(text)
        if cells:
            lines.append(" | ".join(cells))
    return lines


def extract_docx(data: bytes, limits: ExtractLimits) -> Extraction:
    check_zip(data, limits)
    try:
        document = open_docx(io.BytesIO(data))
    except MemoryError:
        raise  # not a corrupted file: the reader's memory limit, reported as such
    except Exception as exc:
        raise ExtractionError(f"DOCX is corrupted: {exc}") from exc
    lines = _block_text(document)
    seen: set[str] = set()
    extra: list[str] = []
    for section in document.sections:
        for part in (section.header, section.footer):
            try:
                text = "\n".join(p.text for p in part.paragraphs).strip()
            except Exception:  # a broken header must not cost the body
                continue
            if text and text not in seen:
                seen.add(text)
                extra.append(text)
    return Extraction(text="\n".join([*extra[:1], *lines, *extra[1:]]), method=TextMethod.NATIVE)
