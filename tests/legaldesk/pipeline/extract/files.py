"""Real files in every format the pipeline reads, built in memory."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx import Document as DocxDocument
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfWriter

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
HEADING = "ПОСТАНОВЛЕНИЕ"
BODY = "О земельном налоге на территории поселения"


def text_pdf(lines: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=12)
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def scanned_pdf(lines: list[str]) -> bytes:
    """A page that is only a picture of text, as a scanner produces it."""
    image = Image.new("L", (1240, 600), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 48)
    for i, line in enumerate(lines):
        draw.text((60, 60 + i * 90), line, fill=0, font=font)
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=150)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_with_table_and_header() -> bytes:
    document = DocxDocument()
    document.sections[0].header.paragraphs[0].text = "АДМИНИСТРАЦИЯ ЗАРЕЧНОГО РАЙОНА"
    document.add_paragraph(HEADING)
    document.add_paragraph(BODY)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Категория земель"
    table.cell(0, 1).text = "Ставка"
    table.cell(1, 0).text = "Сельскохозяйственные угодья"
    table.cell(1, 1).text = "0,3 %"
    document.add_paragraph("Глава района")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb(member_size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * member_size)
    return out.getvalue()


def rtf_cp1251(text: str) -> bytes:
    escaped = "".join(ch if ord(ch) < 128 else "\\'" + ch.encode("cp1251").hex() for ch in text)
    return (
        "{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0 "
        + escaped.replace("\n", "\\par ")
        + "}"
    ).encode("ascii")
