"""PDF: pypdf checks structure and encryption, pypdfium2 reads the text layer (about 20×
faster on the real corpus), tesseract reads pages that have no usable text."""

from __future__ import annotations

import io
import logging

import pypdfium2 as pdfium
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError

from legaldesk.messages import Msg
from legaldesk.pipeline.extract.base import Extraction, ExtractionError, ExtractLimits, TextMethod
from legaldesk.pipeline.extract.garble import is_garbled
from legaldesk.pipeline.extract.ocr import OcrUnavailable, ocr_available, ocr_pdf

# pypdf logs every recoverable oddity of a real-world PDF as a warning.
logging.getLogger("pypdf").setLevel(logging.ERROR)

MIN_CHARS_PER_PAGE = 30
# A0, the largest paper size, is 1 m²; the largest sheets filed with municipal acts (general
# plans, zoning maps on A0 or A0 rolls) stay within about 2–3 m². A page past 4 m² is no
# document but a trap: PDF allows 508 × 508 cm (26 m²), and rendering one page of that size
# for OCR asked pdfium for 10 GB.
MAX_PAGE_AREA_M2 = 4.0
CM_PER_POINT = 2.54 / 72


def _check_structure(data: bytes) -> int:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise ExtractionError("PDF is encrypted with a password")
            except (FileNotDecryptedError, NotImplementedError) as exc:
                raise ExtractionError("PDF is encrypted with a password") from exc
        return len(reader.pages)
    except ExtractionError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise ExtractionError(f"PDF is corrupted: {exc}") from exc


def _check_page_sizes(pdf: pdfium.PdfDocument) -> None:
    """Refuse a PDF with an absurdly large page before any page is loaded or rendered."""
    for i in range(len(pdf)):
        width, height = (side * CM_PER_POINT for side in pdf.get_page_size(i))
        if width * height / 10_000 > MAX_PAGE_AREA_M2:
            raise ExtractionError(
                Msg(
                    "page too large: page %(page)d measures %(width).0f × %(height).0f cm, "
                    "too large for a document (limit %(limit)g m²)",
                    page=i + 1,
                    width=width,
                    height=height,
                    limit=MAX_PAGE_AREA_M2,
                )
            )


def _text_layer(data: bytes) -> list[str]:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ExtractionError(f"PDF is corrupted: {exc}") from exc
    try:
        _check_page_sizes(pdf)
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return pages
    finally:
        pdf.close()


def _said(exc: Exception) -> str:
    """What an exception said, still a Msg when it was raised with one."""
    return exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)


def page_problem(text: str) -> str | None:
    if len(text.strip()) < MIN_CHARS_PER_PAGE:
        return Msg("no text layer (a scan)")
    return is_garbled(text)


# A warning is stored with the version and shown to librarians in their language, so each is
# a Msg whose values are Msgs too, named "problem" and "cause" (web/i18n.py translates the
# values of those names in a stored text); none holds "; ", which joins them in
# extraction_notes.
def extract_pdf(data: bytes, limits: ExtractLimits) -> Extraction:
    _check_structure(data)
    pages = _text_layer(data)
    problems = {i: reason for i, text in enumerate(pages) if (reason := page_problem(text))}
    if not problems:
        return Extraction(text="\n\f".join(pages), method=TextMethod.TEXT_LAYER, pages=len(pages))
    # Judge the document as a whole too: one garbled cover page should not hide good pages,
    # and a handful of junk pages among many readable ones is a scan-with-noise problem.
    reason = next(iter(problems.values()))
    page_list = ", ".join(str(i + 1) for i in sorted(problems)[:10])
    all_bad = len(problems) == len(pages)
    if not limits.ocr or not ocr_available(limits.ocr_languages):
        why = (
            Msg("OCR is switched off")
            if not limits.ocr
            else Msg("tesseract with Russian data is not installed")
        )
        if all_bad:
            return Extraction(
                text="",
                method=TextMethod.NEEDS_OCR,
                pages=len(pages),
                warnings=(
                    Msg("%(problem)s: kept, needs OCR (%(cause)s)", problem=reason, cause=why),
                ),
            )
        kept = [t if i not in problems else "" for i, t in enumerate(pages)]
        return Extraction(
            text="\n\f".join(kept),
            method=TextMethod.TEXT_LAYER,
            pages=len(pages),
            warnings=(
                Msg(
                    "pages %(pages)s: %(problem)s, they need OCR (%(cause)s)",
                    pages=page_list,
                    problem=reason,
                    cause=why,
                ),
            ),
        )
    try:
        ocr = ocr_pdf(data, limits, sorted(problems))
    except OcrUnavailable as exc:
        return Extraction(
            text="",
            method=TextMethod.NEEDS_OCR,
            pages=len(pages),
            warnings=(
                Msg("%(problem)s: kept, needs OCR (%(cause)s)", problem=reason, cause=_said(exc)),
            ),
        )
    merged = [ocr.texts.get(i, "") if i in problems else t for i, t in enumerate(pages)]
    warnings = [
        Msg("%(problem)s: text from OCR", problem=reason)
        if all_bad
        else Msg("pages %(pages)s: %(problem)s, OCR used", pages=page_list, problem=reason)
    ]
    if ocr.truncated:
        warnings.append(
            Msg("OCR stopped at the page limit (%(pages)d)", pages=limits.ocr_max_pages)
        )
    text = "\n\f".join(merged)
    if not text.strip():
        return Extraction(
            text="",
            method=TextMethod.NEEDS_OCR,
            pages=len(pages),
            warnings=(Msg("%(problem)s: OCR found no text", problem=reason),),
        )
    return Extraction(
        text=text,
        method=TextMethod.OCR,
        pages=len(pages),
        warnings=tuple(warnings),
        ocr_confidence=ocr.confidence,
    )
