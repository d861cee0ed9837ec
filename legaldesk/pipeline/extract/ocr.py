"""OCR with tesseract (Debian: tesseract-ocr, tesseract-ocr-rus) on pages rendered by
pdfium. Without tesseract the file is kept and marked as needing OCR, never lost.

Each page is read once into both its text and its words' confidences (tesseract's ``txt``
and ``tsv`` outputs of the same recognition): the mean word confidence tells a librarian how
far to trust the text, and under ``OCR_LOW_CONFIDENCE`` the act waits in review."""

from __future__ import annotations

import math
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from legaldesk.messages import Msg
from legaldesk.pipeline.extract.base import ExtractLimits

# Mean word confidence (0–100) under which the recognised text keeps its act in review
# (legaldesk/pipeline/ingest.py). Of the corpus's 13 PDFs read by OCR (docs/benchmarks.md)
# four read at 87–94 and seven at 70–76; under 70 came one decree (68) and a leaflet that
# is mostly pictures (31).
OCR_LOW_CONFIDENCE = 70


OUTPUTS = ("txt", "tsv")


class OcrUnavailable(Exception):
    pass


@dataclass(frozen=True)
class OcrPages:
    texts: dict[int, str]  # page index → recognised text
    truncated: bool  # pages were left over ``ocr_max_pages``
    # The mean confidence of every word recognised on the pages; None when none was.
    confidence: float | None


@dataclass(frozen=True)
class _Page:
    text: str
    confidences: list[float]


@lru_cache(maxsize=1)
def _installed_languages() -> frozenset[str]:
    binary = shutil.which("tesseract")
    if binary is None:
        return frozenset()
    try:
        out = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in out.splitlines()[1:] if line.strip())


def ocr_available(languages: str = "rus") -> bool:
    installed = _installed_languages()
    return bool(installed) and all(lang in installed for lang in languages.split("+"))


def render_scale(size: tuple[float, float], limits: ExtractLimits) -> float:
    """Points to pixels: ``ocr_dpi``, coarser for a page that would exceed ``ocr_max_pixels``
    (the bitmap costs 4 bytes a pixel, its grey copy one more)."""
    width, height = size
    scale = limits.ocr_dpi / 72
    if width * height * scale * scale > limits.ocr_max_pixels:
        scale = math.sqrt(limits.ocr_max_pixels / (width * height))
    return scale


def ocr_pdf(data: bytes, limits: ExtractLimits, pages: list[int]) -> OcrPages:
    """OCR text of the given pages (at most ``ocr_max_pages``), whether some were left, and
    the mean word confidence."""
    if not shutil.which("tesseract"):
        raise OcrUnavailable(Msg("tesseract is not installed"))
    if not ocr_available(limits.ocr_languages):
        raise OcrUnavailable(
            Msg("tesseract lacks language data %(languages)s", languages=limits.ocr_languages)
        )
    # Imported here: ingest reads OCR_LOW_CONFIDENCE from this module, and the processes
    # that only ingest (their readers are children) need not load pdfium.
    import pypdfium2 as pdfium

    chosen = pages[: limits.ocr_max_pages]
    pdf = pdfium.PdfDocument(data)
    texts: dict[int, str] = {}
    confidences: list[float] = []
    try:
        with tempfile.TemporaryDirectory(prefix="legaldesk-ocr-") as tmp:
            for i in chosen:
                page = pdf[i]
                image = page.render(scale=render_scale(page.get_size(), limits)).to_pil()
                page.close()
                image = image.convert("L")
                png = Path(tmp) / f"page-{i}.png"
                image.save(png)
                read = _tesseract(png, Path(tmp) / f"page-{i}", limits)
                texts[i] = read.text
                confidences.extend(read.confidences)
    finally:
        pdf.close()
    # Over words, not pages: a page holding one stamp must not weigh as much as a full one.
    confidence = sum(confidences) / len(confidences) if confidences else None
    return OcrPages(texts, len(chosen) < len(pages), confidence)


def word_confidences(tsv: str) -> list[float]:
    """The confidences tesseract gave its words, from its TSV output: rows of level 5 that
    hold a word; -1 marks a row that is no recognised word (a block, a line, an empty box)."""
    found: list[float] = []
    for line in tsv.splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        try:
            value = float(cells[10])
        except ValueError:
            continue
        if 0 <= value <= 100:
            found.append(value)
    return found


def _tesseract(png: Path, out: Path, limits: ExtractLimits) -> _Page:
    try:
        result = subprocess.run(
            # One recognition, two outputs: the text, and the words with their confidences.
            ["tesseract", str(png), str(out), "-l", limits.ocr_languages, "--psm", "3", *OUTPUTS],
            capture_output=True,
            timeout=limits.tool_timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrUnavailable(
            Msg("tesseract took longer than %(seconds)s s", seconds=limits.tool_timeout)
        ) from exc
    if result.returncode != 0:
        detail = result.stderr.decode(errors="replace")[:200]
        raise OcrUnavailable(Msg("tesseract failed: %(detail)s", detail=detail))
    try:
        text = out.with_suffix(".txt").read_bytes().decode("utf-8", errors="replace")
        tsv = out.with_suffix(".tsv").read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        raise OcrUnavailable(Msg("tesseract wrote no output: %(detail)s", detail=str(exc))) from exc
    return _Page(text, word_confidences(tsv))
