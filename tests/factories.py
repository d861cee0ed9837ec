"""Builders of real act files for tests: the bytes a librarian or a website would hand us."""

from __future__ import annotations

import io
from datetime import date, datetime

from docx import Document as DocxDocument


def act_text(
    number: str = "245-п",
    adopted: date = date(2024, 3, 12),
    title: str = "О земельном налоге на территории Заречного сельского поселения",
    issuer: str = "АДМИНИСТРАЦИЯ ЗАРЕЧНОГО СЕЛЬСКОГО ПОСЕЛЕНИЯ",
    kind: str = "ПОСТАНОВЛЕНИЕ",
    body: str = "Установить ставки земельного налога на 2025 год согласно приложению.",
) -> str:
    return (
        f"{issuer}\n\n{kind}\n\n"
        f"от {adopted:%d.%m.%Y} № {number}\n"
        "с. Заречное\n\n"
        f"{title}\n\n"
        "В соответствии с Налоговым кодексом Российской Федерации, Федеральным законом "
        "от 06.10.2003 № 131-ФЗ «Об общих принципах организации местного самоуправления "
        "в Российской Федерации» администрация ПОСТАНОВЛЯЕТ:\n"
        f"1. {body}\n"
        "2. Настоящее постановление вступает в силу со дня его официального опубликования.\n\n"
        "Глава поселения                                   И.И. Иванов\n"
    )


def docx_bytes(text: str) -> bytes:
    document = DocxDocument()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def broken_pdf() -> bytes:
    return b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n%%garbage, no xref"


def scanned_act_pdf(text: str | None = None, noise: float = 0.0) -> bytes:
    """An act as a scanner hands it over: a PDF page that is only a picture of the text.
    ``noise`` is the share of pixels flipped (specks, toner dust): at 0.02 tesseract still
    reads the act, but with a mean word confidence well under 70."""
    import random

    from PIL import Image, ImageDraw, ImageFont

    size, step = 28, 42
    lines: list[str] = []
    for paragraph in (text or act_text()).split("\n"):
        while len(paragraph) > 70:
            cut = paragraph.rfind(" ", 0, 70)
            cut = cut if cut > 0 else 70
            lines.append(paragraph[:cut])
            paragraph = paragraph[cut:].lstrip()
        lines.append(paragraph)
    image = Image.new("L", (1654, 120 + len(lines) * step), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", size)
    for i, line in enumerate(lines):
        draw.text((80, 60 + i * step), line, fill=0, font=font)
    if noise:
        pixels = image.load()
        assert pixels is not None
        chance = random.Random(1)  # the same specks every run: the same confidence
        for _ in range(int(image.width * image.height * noise)):
            x, y = chance.randrange(image.width), chance.randrange(image.height)
            pixels[x, y] = 0 if pixels[x, y] > 128 else 255  # type: ignore[operator]
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=200)
    return out.getvalue()


def library_today() -> date:
    """The library's date (Settings.timezone, Moscow by default), which its pages print and
    its periods count by — not the machine's: from 21:00 UTC the two differ."""
    from legaldesk.config import Settings

    return datetime.now(Settings().zone).date()
