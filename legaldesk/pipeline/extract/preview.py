"""One page of a PDF as a picture, for the librarian's review screen: the original beside
the form. Runs in the isolated reader like every other reading of a file (a page that
would need gigabytes to draw costs a reason, never the web worker)."""

from __future__ import annotations

import io

import pypdfium2 as pdfium

from legaldesk.messages import Msg
from legaldesk.pipeline.extract.base import ExtractionError
from legaldesk.pipeline.extract.pdf import _check_page_sizes

MAX_WIDTH = 2000  # pixels: a screen's width at most
MAX_PIXELS = 8_000_000  # a page drawn for reading, not for OCR


def render_page(data: bytes, page: int, width: int) -> tuple[bytes, int]:
    """Page ``page`` (0-based) as a PNG about ``width`` pixels wide, and the page count."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ExtractionError(f"PDF is corrupted: {exc}") from exc
    try:
        _check_page_sizes(pdf)
        count = len(pdf)
        if not 0 <= page < count:
            raise ExtractionError(Msg("the PDF has no page %(page)d", page=page + 1))
        points_wide, points_high = pdf.get_page_size(page)
        scale = min(width, MAX_WIDTH) / max(points_wide, 1.0)
        if points_wide * points_high * scale * scale > MAX_PIXELS:
            scale = (MAX_PIXELS / (points_wide * points_high)) ** 0.5
        drawn = pdf[page]
        try:
            image = drawn.render(scale=scale, grayscale=True).to_pil()
        finally:
            drawn.close()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue(), count
    finally:
        pdf.close()
