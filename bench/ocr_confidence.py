"""Tesseract's mean word confidence on the real corpus's PDFs that need OCR, beside the
threshold under which ingest holds an act for review (OCR_LOW_CONFIDENCE).

.venv/bin/python -m bench.ocr_confidence [../shared/corpus/real] [max pages per file]

Each file goes through the real extraction (isolated reader, pdfium, tesseract rus+eng at
the default 300 dpi); files read from their text layer are listed without a confidence.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from legaldesk.pipeline.extract import ExtractionError, ExtractLimits, extract
from legaldesk.pipeline.extract.ocr import OCR_LOW_CONFIDENCE, ocr_available


def main() -> None:
    root = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parents[2] / "shared/corpus/real"
    )
    pages = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    if not ocr_available("rus"):
        sys.exit("tesseract with Russian data is not installed")
    limits = ExtractLimits(ocr=True, ocr_max_pages=pages)
    print(f"| file | pages | text | confidence | held (< {OCR_LOW_CONFIDENCE}) | seconds |")
    print("|---|---|---|---|---|---|")
    for path in sorted(root.rglob("*.pdf")):
        start = time.perf_counter()
        try:
            read = extract(path.read_bytes(), "application/pdf", limits)
        except ExtractionError as exc:
            print(f"| {path.relative_to(root)} | | refused: {exc} | | | |")
            continue
        elapsed = time.perf_counter() - start
        confidence = read.ocr_confidence
        shown = "" if confidence is None else f"{confidence:.1f}"
        held = "" if confidence is None else ("yes" if confidence < OCR_LOW_CONFIDENCE else "no")
        print(
            f"| {path.relative_to(root)} | {read.pages} | {read.method} | {shown} | {held} "
            f"| {elapsed:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
