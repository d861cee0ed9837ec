from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExtractLimits:
    max_unpacked_size: int = 200 * 1024 * 1024  # zip-bomb guard for DOCX
    ocr: bool = True
    ocr_languages: str = "rus+eng"
    ocr_max_pages: int = 40
    ocr_dpi: int = 300
    tool_timeout: int = 120  # seconds for one external converter or one OCR page


@dataclass(frozen=True)
class Extraction:
    text: str
    method: str  # a legaldesk.models.enums.TextMethod value
    pages: int | None = None
    encoding: str | None = None
    warnings: tuple[str, ...] = ()


class ExtractionError(Exception):
    """The file cannot be read at all; the message is the reason shown to a librarian."""
