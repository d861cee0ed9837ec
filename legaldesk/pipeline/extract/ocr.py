"""OCR with tesseract (Debian: tesseract-ocr, tesseract-ocr-rus) on pages rendered by
pdfium. Without tesseract the file is kept and marked as needing OCR, never lost."""

from __future__ import annotations

import math
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium

from legaldesk.pipeline.extract.base import ExtractLimits


class OcrUnavailable(Exception):
    pass


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


def ocr_pdf(data: bytes, limits: ExtractLimits, pages: list[int]) -> tuple[dict[int, str], bool]:
    """OCR text of the given pages (at most ``ocr_max_pages``) and whether some were left."""
    if not shutil.which("tesseract"):
        raise OcrUnavailable("tesseract is not installed")
    if not ocr_available(limits.ocr_languages):
        raise OcrUnavailable(f"tesseract lacks language data {limits.ocr_languages}")
    chosen = pages[: limits.ocr_max_pages]
    pdf = pdfium.PdfDocument(data)
    texts: dict[int, str] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="legaldesk-ocr-") as tmp:
            for i in chosen:
                page = pdf[i]
                image = page.render(scale=render_scale(page.get_size(), limits)).to_pil()
                page.close()
                image = image.convert("L")
                png = Path(tmp) / f"page-{i}.png"
                image.save(png)
                texts[i] = _tesseract(png, limits)
    finally:
        pdf.close()
    return texts, len(chosen) < len(pages)


def _tesseract(png: Path, limits: ExtractLimits) -> str:
    try:
        result = subprocess.run(
            ["tesseract", str(png), "stdout", "-l", limits.ocr_languages, "--psm", "3"],
            capture_output=True,
            timeout=limits.tool_timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrUnavailable(f"tesseract took longer than {limits.tool_timeout} s") from exc
    if result.returncode != 0:
        raise OcrUnavailable("tesseract failed: " + result.stderr.decode(errors="replace")[:200])
    return result.stdout.decode("utf-8", errors="replace")
