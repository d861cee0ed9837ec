from __future__ import annotations

from dataclasses import dataclass

from legaldesk.vocabulary import TextMethod

__all__ = ["ExtractLimits", "Extraction", "ExtractionError", "TextMethod"]


@dataclass(frozen=True)
class ExtractLimits:
    max_unpacked_size: int = 200 * 1024 * 1024  # zip-bomb guard for DOCX
    ocr: bool = True
    ocr_languages: str = "rus+eng"
    ocr_max_pages: int = 40
    ocr_dpi: int = 300
    # A page is rendered for OCR at ``ocr_dpi`` unless that would exceed this many pixels;
    # larger pages are rendered coarser. 50 Mpx is A1 at 300 dpi: about 250 MB of bitmap.
    ocr_max_pixels: int = 50_000_000
    tool_timeout: int = 120  # seconds for one external converter or one OCR page
    # The reader process (see legaldesk.pipeline.extract.isolation): its address space, its
    # own processor time, the wall-clock time of the whole extraction including OCR, and
    # the size of the text it may hand back.
    memory_mb: int = 1024
    cpu_seconds: int = 120
    timeout: float = 600
    max_text_mb: int = 32


@dataclass(frozen=True)
class Extraction:
    text: str
    method: str  # a legaldesk.vocabulary.TextMethod value
    pages: int | None = None
    encoding: str | None = None
    warnings: tuple[str, ...] = ()
    # Mean word confidence (0–100) tesseract gave when the text came from OCR: low values
    # must not override clean metadata from elsewhere (legaldesk/pipeline/hints.py), and
    # keep the act in review (legaldesk/pipeline/ingest.py).
    ocr_confidence: float | None = None
    # The program that converted the file to text (TextMethod.CONVERTED): «antiword»,
    # «LibreOffice». Shown with the version: their readings of one .doc differ.
    converter: str | None = None


class ExtractionError(Exception):
    """The file cannot be read at all; the message is the reason shown to a librarian."""
