"""A dossier as a DOCX file (python-docx): a title page (topic, requester, purpose, period,
compiler, date), a table of contents Word and LibreOffice fill in when the file is opened,
the sections with each item's bibliographic description, its status, the librarian's note
and its text or an excerpt, and page numbers in the footer."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from docx import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from legaldesk.typed import xml_safe

EXCERPT = 3000  # characters of an item's text when the dossier carries excerpts


@dataclass(frozen=True, kw_only=True)
class Entry:
    heading: str  # a short name for the contents: «Постановление от … № …»
    description: str  # the GOST R 7.0.100-2018 description
    status: str | None  # «Утратил силу с …», for acts
    note: str
    text: str


@dataclass(frozen=True, kw_only=True)
class Part:
    title: str
    entries: Sequence[Entry]


@dataclass(frozen=True, kw_only=True)
class TitlePage:
    library: str
    topic: str
    requester: str
    purpose: str
    period: str
    compiler: str
    made_on: date


def build(title: TitlePage, parts: Sequence[Part], full_text: bool = False) -> bytes:
    # A scan's text has form feeds, a broken text layer U+FFFE: python-docx refuses both.
    title, parts = xml_safe(title), xml_safe(tuple(parts))
    document = DocxDocument()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    _title_page(document, title)
    document.add_heading("Содержание", level=1)
    _field(
        document.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u', "Оглавление обновится при открытии"
    )
    _update_fields_on_open(document)
    for number, part in enumerate(parts, 1):
        document.add_page_break()
        document.add_heading(f"{number}. {part.title}", level=1)
        if not part.entries:
            document.add_paragraph("Материалов в разделе нет.")
        for n, entry in enumerate(part.entries, 1):
            document.add_heading(f"{number}.{n}. {entry.heading}", level=2)
            document.add_paragraph(entry.description)
            if entry.status:
                document.add_paragraph().add_run(f"Статус: {entry.status}").bold = True
            if entry.note:
                document.add_paragraph().add_run(entry.note).italic = True
            text = entry.text if full_text else _excerpt(entry.text)
            if text:
                document.add_paragraph(text)
    _page_numbers(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _title_page(document: object, title: TitlePage) -> None:
    doc = document  # python-docx's Document is a function's return, not a type to annotate
    if title.library:
        doc.add_paragraph(title.library)  # type: ignore[attr-defined]
    doc.add_paragraph("Информационное досье")  # type: ignore[attr-defined]
    doc.add_heading(title.topic, level=0)  # type: ignore[attr-defined]
    for label, value in (
        ("Для", title.requester),
        ("Цель", title.purpose),
        ("Период", title.period),
        ("Составитель", title.compiler),
        ("Дата", f"{title.made_on:%d.%m.%Y}"),
    ):
        if value:
            paragraph = doc.add_paragraph()  # type: ignore[attr-defined]
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)  # type: ignore[attr-defined]


def _excerpt(text: str) -> str:
    text = text.strip()
    if len(text) <= EXCERPT:
        return text
    cut = text.rfind(" ", 0, EXCERPT)
    return text[: cut if cut > EXCERPT // 2 else EXCERPT] + " […]"


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (TOC, PAGE) as its begin / instruction / separate / result / end runs."""

    def char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            element.set(qn("w:dirty"), "true")  # recalculated when the file is opened
        return element

    run = paragraph.add_run()
    run._r.append(char("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    paragraph.add_run()._r.append(instr)
    paragraph.add_run()._r.append(char("separate"))
    paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(char("end"))


def _update_fields_on_open(document: object) -> None:
    settings = document.settings.element  # type: ignore[attr-defined]
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _page_numbers(document: object) -> None:
    for section in document.sections:  # type: ignore[attr-defined]
        paragraph = section.footer.paragraphs[0]
        paragraph.add_run("Страница ")
        _field(paragraph, "PAGE", "1")
