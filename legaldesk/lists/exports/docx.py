"""The list as a Word document (python-docx): the bulletin a library prints or mails. A title
and the period centred, the level and kind headings as Word headings (a navigation pane
lists them), each description a paragraph with its number and a hanging indent, the page
number in the footer. The numbers are written, not Word's automatic numbering: they must
stay what the list says when the file is edited, converted or pasted elsewhere."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from legaldesk.lists.exports import ListDocument
from legaldesk.typed import xml_safe

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"


def render(doc: ListDocument) -> bytes:
    doc = xml_safe(doc)  # python-docx refuses a control character in any text
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    _styles(document)
    document.core_properties.title = doc.title
    document.core_properties.language = "ru-RU"

    title = document.add_paragraph(doc.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if doc.period:
        period = document.add_paragraph(doc.period)
        period.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading: str | None = None
    for group in doc.groups:
        if group.heading and group.heading != heading:
            document.add_heading(group.heading, level=1)
            heading = group.heading
        if group.subheading:
            document.add_heading(group.subheading, level=2)
        for entry in group.entries:
            paragraph = document.add_paragraph(f"{entry.n}.\t{entry.text}")
            form = paragraph.paragraph_format
            form.left_indent, form.first_line_indent = Cm(1.0), Cm(-1.0)
            form.tab_stops.add_tab_stop(Cm(1.0))
            form.space_after = Pt(4)
    if not doc.groups:
        document.add_paragraph("В списке нет ни одного документа.")
    foot = f"Список составлен {doc.compiled:%d.%m.%Y}"
    document.add_paragraph(f"{foot}, {doc.compiler}." if doc.compiler else f"{foot}.")
    _page_numbers(section.footer.paragraphs[0])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _styles(document: object) -> None:
    styles = document.styles  # type: ignore[attr-defined]
    for name, size in (("Normal", 13), ("Title", 16), ("Heading 1", 14), ("Heading 2", 13)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        # Word picks the font for Cyrillic from the complex/East Asian slots as well.
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(slot), FONT)
    styles["Heading 2"].font.italic = True


def _page_numbers(paragraph: Paragraph) -> None:
    """A PAGE field, centred: Word and LibreOffice fill in each page's number."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"),
                       ("end", None)):  # fmt: skip
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            shown = OxmlElement("w:t")
            shown.text = text
            run._r.append(shown)
