"""Writing a synthetic act to a real file in the formats municipal websites publish."""

from __future__ import annotations

import html
import io
from pathlib import Path

from legaldesk.synth.acts import SyntheticAct

FORMATS = ("txt-utf8", "txt-cp1251", "txt-koi8r", "docx", "pdf", "html", "rtf")
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
TRANSLIT = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "i",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "h",
        "ц": "c",
        "ч": "ch",
        "ш": "sh",
        "щ": "sch",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
        "/": "_",
    }
)
KOI8_STAND_INS = str.maketrans("«»–—№", '""--N')
EXTENSIONS = {
    "txt-utf8": "txt",
    "txt-cp1251": "txt",
    "txt-koi8r": "txt",
    "docx": "docx",
    "pdf": "pdf",
    "html": "html",
    "rtf": "rtf",
}


def filename_for(act: SyntheticAct, fmt: str) -> str:
    number = act.number.lower().translate(TRANSLIT)
    return f"{act.doc_type}_{number}_{act.date_adopted:%Y-%m-%d}_{act.seq}.{EXTENSIONS[fmt]}"


def render_act(act: SyntheticAct, fmt: str) -> tuple[str, bytes]:
    if fmt not in EXTENSIONS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    name = filename_for(act, fmt)
    if fmt == "txt-utf8":
        return name, act.text.encode("utf-8")
    if fmt == "txt-cp1251":
        return name, act.text.encode("cp1251", errors="replace")
    if fmt == "txt-koi8r":
        # KOI8-R has no «», – or №: old systems that write it use ASCII stand-ins.
        plain = act.text.translate(KOI8_STAND_INS)
        return name, plain.encode("koi8-r", errors="replace")
    if fmt == "docx":
        return name, _docx(act)
    if fmt == "pdf":
        return name, _pdf(act)
    if fmt == "html":
        return name, _html(act)
    return name, _rtf(act)


def _docx(act: SyntheticAct) -> bytes:
    from docx import Document

    document = Document()
    for line in act.text.split("\n"):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = line == act.title or line.isupper()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _font() -> Path:
    for folder in FONT_DIRS:
        candidate = folder / "DejaVuSans.ttf"
        if candidate.exists():
            return candidate
    raise RuntimeError("no Cyrillic font for PDFs: install the Debian package fonts-dejavu-core")


def _pdf(act: SyntheticAct) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    regular = _font()
    bold = regular.with_name("DejaVuSans-Bold.ttf")
    pdf.add_font("DejaVu", fname=str(regular))
    pdf.add_font("DejaVu", style="B", fname=str(bold if bold.exists() else regular))
    for line in act.text.split("\n"):
        pdf.set_font("DejaVu", style="B" if line == act.title else "", size=11)
        pdf.multi_cell(0, 6, line or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _html(act: SyntheticAct) -> bytes:
    body = "\n".join(
        (
            f"<p><b>{html.escape(line)}</b></p>"
            if line == act.title
            else f"<p>{html.escape(line)}</p>"
        )
        if line
        else ""
        for line in act.text.split("\n")
    )
    page = (
        f'<!DOCTYPE html>\n<html lang="ru"><head><meta charset="utf-8">'
        f"<title>{html.escape(act.title)}</title></head><body>\n{body}\n</body></html>\n"
    )
    return page.encode("utf-8")


def _rtf(act: SyntheticAct) -> bytes:
    out: list[str] = []
    for line in act.text.split("\n"):
        if line == act.title:
            out.append("{\\b ")
            _rtf_escape(line, out)
            out.append("}")
        else:
            _rtf_escape(line, out)
        out.append("\\par\n")
    return (
        "{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0\\fnil\\fcharset204 Times New Roman;}}"
        "\\f0\\fs24 " + "".join(out) + "}"
    ).encode("ascii")


def _rtf_escape(text: str, out: list[str]) -> None:
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) < 128:
            out.append(ch)
        else:
            try:
                out.append("".join(f"\\'{b:02x}" for b in ch.encode("cp1251")))
            except UnicodeEncodeError:
                out.append("?")


def render_scan(act: SyntheticAct, dpi: int = 150, seed: int = 0) -> bytes:
    """The act's first page as a scanned image in a PDF with no text layer, the way a
    paper copy is often published: only OCR reads it. A little speckle and a slight tilt
    give OCR what real scanners give it."""
    import random
    import textwrap

    from PIL import Image, ImageDraw, ImageFont

    width, height = int(8.27 * dpi), int(11.69 * dpi)
    margin = int(0.9 * dpi)
    size = int(dpi * 11 / 72)  # 11 pt
    font = ImageFont.truetype(str(_font()), size)
    bold = ImageFont.truetype(str(_font().with_name("DejaVuSans-Bold.ttf")), size)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    y = margin
    for line in act.text.split("\n"):
        for part in textwrap.wrap(line, 78) or [""]:
            if y > height - margin:
                break
            face = bold if line == act.title or line.isupper() else font
            draw.text((margin, y), part, fill=20, font=face)
            y += int(size * 1.45)
    rng = random.Random(seed or act.seq)
    pixels = page.load()
    assert pixels is not None
    for _ in range(width * height // 400):
        pixels[rng.randrange(width), rng.randrange(height)] = rng.randrange(90, 200)
    page = page.rotate(rng.uniform(-0.6, 0.6), fillcolor=255, resample=Image.Resampling.BICUBIC)
    out = io.BytesIO()
    page.save(out, "PDF", resolution=float(dpi))
    return out.getvalue()
