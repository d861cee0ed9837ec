"""Text extraction, one small module per format, chosen by the sniffed media type.

``extract`` returns the text and how it was obtained, or raises ``ExtractionError`` with a
reason a librarian can read. It reads every file in a child process with limits on memory,
processor time, wall-clock time and the size of the text (``isolation``): a file that
exhausts any of them costs itself a reason, never the caller. ``extract_in_process`` is the
same reading without the child, which is what the child runs. Library exceptions never
escape: every reader is wrapped, because a malformed file is normal input here, not a bug.
"""

from __future__ import annotations

from collections.abc import Callable

from legaldesk.messages import Msg
from legaldesk.pipeline.extract.base import Extraction, ExtractionError, ExtractLimits, TextMethod
from legaldesk.pipeline.sniff import DOC, DOCX, HTML, PDF, RTF, TEXT, XML

__all__ = ["ExtractLimits", "Extraction", "ExtractionError", "extract", "extract_in_process"]

SUPPORTED = frozenset({PDF, DOCX, DOC, HTML, RTF, XML, TEXT})


def _reader(media_type: str) -> Callable[[bytes, ExtractLimits], Extraction] | None:
    # Imported lazily: a CLI search should not pay for loading PDF and DOCX libraries.
    if media_type == PDF:
        from legaldesk.pipeline.extract.pdf import extract_pdf

        return extract_pdf
    if media_type == DOCX:
        from legaldesk.pipeline.extract.docx import extract_docx

        return extract_docx
    if media_type == DOC:
        from legaldesk.pipeline.extract.doc import extract_doc

        return extract_doc
    if media_type == HTML:
        from legaldesk.pipeline.extract.html import extract_html

        return extract_html
    if media_type == RTF:
        from legaldesk.pipeline.extract.rtf import extract_rtf

        return extract_rtf
    if media_type == XML:
        from legaldesk.pipeline.extract.xml import extract_xml

        return extract_xml
    if media_type == TEXT:
        from legaldesk.pipeline.extract.text import extract_text

        return extract_text
    return None


def extract(data: bytes, media_type: str, limits: ExtractLimits | None = None) -> Extraction:
    """The text of a file, read in a child process under ``limits``."""
    if not data:
        raise ExtractionError("empty file")
    if media_type not in SUPPORTED:
        raise ExtractionError("unknown or unsupported format")
    from legaldesk.pipeline.extract.isolation import run_isolated

    return run_isolated(data, media_type, limits or ExtractLimits())


def extract_in_process(
    data: bytes, media_type: str, limits: ExtractLimits | None = None
) -> Extraction:
    """The text of a file, read in this process with no limit but the text size: for the
    isolated child, and for tests and benchmarks that measure a reader by itself. A
    MemoryError is left to the caller, who knows whose memory ran out."""
    limits = limits or ExtractLimits()
    if not data:
        raise ExtractionError("empty file")
    reader = _reader(media_type)
    if reader is None:
        raise ExtractionError("unknown or unsupported format")
    try:
        result = reader(data, limits)
    except (ExtractionError, MemoryError):
        raise
    except Exception as exc:
        raise ExtractionError(f"cannot read the file: {type(exc).__name__}: {exc}") from exc
    text = clean_text(result.text)
    # A scan kept for OCR has no text yet and is still a document; anything else without a
    # single letter or digit (spaces, NBSPs, a BOM, an empty DOCX) is not an act.
    if result.method != TextMethod.NEEDS_OCR and not any(c.isalnum() for c in text):
        raise ExtractionError(Msg("the file holds no text"))
    cap = limits.max_text_mb * 1024 * 1024
    if len(text) * 4 > cap and len(text.encode("utf-8", "surrogatepass")) > cap:
        from legaldesk.pipeline.extract.isolation import text_reason

        raise ExtractionError(text_reason(limits))
    return Extraction(
        text=text,
        method=result.method,
        pages=result.pages,
        encoding=result.encoding,
        warnings=result.warnings,
        ocr_confidence=result.ocr_confidence,
        converter=result.converter,
    )


def clean_text(text: str) -> str:
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\xa0", " ").replace("\u200b", "")
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    blank = 0
    for line in lines:
        blank = blank + 1 if not line.strip() else 0
        if blank <= 1:
            out.append(line)
    return "\n".join(out).strip()
