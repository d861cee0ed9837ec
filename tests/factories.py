"""Builders of real act files for tests: the bytes a librarian or a website would hand us."""

from __future__ import annotations

import io
from datetime import date

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
