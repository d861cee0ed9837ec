"""pypdf against pypdfium2 on the same PDFs: text extraction time per file.

.venv/bin/python -m bench.pdf_extractors [../shared/corpus/real]
"""

from __future__ import annotations

import io
import logging
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium
from pypdf import PdfReader

logging.getLogger("pypdf").setLevel(logging.ERROR)


def with_pypdf(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def with_pdfium(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def main() -> None:
    root = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parents[2] / "shared/corpus/real"
    )
    files = sorted(p for p in root.rglob("*") if p.suffix.lower() == ".pdf")
    rows = []
    for name, fn in (("pypdf", with_pypdf), ("pypdfium2", with_pdfium)):
        total = 0.0
        slowest = (0.0, "")
        for path in files:
            data = path.read_bytes()
            start = time.perf_counter()
            try:
                fn(data)
            except Exception as exc:  # a library that cannot read a file still costs its time
                print(f"{name}: {path.name}: {type(exc).__name__}", file=sys.stderr)
            elapsed = time.perf_counter() - start
            total += elapsed
            slowest = max(slowest, (elapsed, path.name))
        rows.append((name, len(files), total, len(files) / total, slowest))
    print("| extractor | files | total s | files/s | slowest file |")
    print("|---|---|---|---|---|")
    for name, n, total, rate, (slow_s, slow_name) in rows:
        print(f"| {name} | {n} | {total:.2f} | {rate:.1f} | {slow_name} ({slow_s:.2f} s) |")


if __name__ == "__main__":
    main()
